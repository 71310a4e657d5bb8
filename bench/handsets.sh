#!/usr/bin/env bash
# The handset issue-and-return figure (issue 10, item 11; docs/performance.md): CLIENTS concurrent
# API clients (default 32), each issuing a handset to its prisoner and taking it back, for SECONDS
# (default 10), then a contention phase on 4 handsets and a check that no handset was ever issued
# twice at once (bench/handset_ops.cpp).
#   bash bench/handsets.sh [CLIENTS] [SECONDS]
# SQLite (synchronous=FULL, Warden's setting) with one `serve`; when WARDEN_BENCH_POSTGRES_URL
# names an empty database, PostgreSQL with two `serve` processes, half the clients on each.
# After each run, `warden audit verify` checks that the audit chain written under that load is whole.
# Builds the release binaries first. For an A/B run, WARDEN_BENCH_BIN names another `warden`
# binary to measure, and BENCH_SQLITE=0 leaves the SQLite part out. WARDEN_THREADS, when set, goes
# to the serve processes (by default they run two per core when PostgreSQL shares their host).
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-32}
seconds=${2:-10}
cmake --preset release >/dev/null
cmake --build --preset release --target warden warden_handset_ops >/dev/null
bin=${WARDEN_BENCH_BIN:-$PWD/build/release/src/app/warden}
ops=$PWD/build/release/bench/warden_handset_ops
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
export WARDEN_HOME=$PWD
export WARDEN_AUDIT_KEY=${WARDEN_AUDIT_KEY:-bench-only-audit-key-0123456789abcdef}
password=Correct-Horse-Battery-9

# setup DATABASE_URL: the organisation, the three users; prints their tokens
setup() {
  export WARDEN_DATABASE_URL=$1
  "$bin" migrate >/dev/null
  "$bin" region add BENCH --name Bench --riu-email riu@example.gov.uk >/dev/null
  "$bin" establishment add BEN --name "HMP Bench" --region BENCH --spoc-email spoc@example.gov.uk \
    --security-email security@example.gov.uk >/dev/null
  for u in security:SECURITY officer:WING_OFFICER spoc:TMPP_SPOC; do
    echo "$password" | "$bin" user add "${u%%:*}" --name "${u%%:*}" --email "${u%%:*}@example.gov.uk" \
      --roles "${u##*:}" --caseload BEN >/dev/null
  done
  for u in security officer spoc; do "$bin" token create "$u" | awk '{print $NF}' | tail -1; done
}

# run LABEL PORT: the figure against the server(s) already started
run() {
  local tokens; mapfile -t tokens < "$work/tokens"
  echo "== $1 (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  "$ops" "$2" "${tokens[0]}" "${tokens[1]}" "${tokens[2]}" "$clients" "$seconds"
  "$bin" audit verify
}

if [[ "${BENCH_SQLITE:-1}" != 0 ]]; then
  setup "sqlite:$work/bench.db" > "$work/tokens"
  port=$(free_port)
  WARDEN_LISTEN=127.0.0.1:$port "$bin" serve > "$work/serve.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$port/health"
  run "SQLite, one serve" "$port"
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; pids=()
fi

if [[ -n "${WARDEN_BENCH_POSTGRES_URL:-}" ]]; then
  setup "$WARDEN_BENCH_POSTGRES_URL" > "$work/tokens"
  p1=$(free_port); p2=$(free_port)
  WARDEN_LISTEN=127.0.0.1:$p1 "$bin" serve > "$work/serve1.log" 2>&1 &
  pids+=($!)
  WARDEN_LISTEN=127.0.0.1:$p2 "$bin" serve > "$work/serve2.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$p1/health"; wait_http "http://127.0.0.1:$p2/health"
  run "PostgreSQL, two serve processes" "$p1,$p2"
fi

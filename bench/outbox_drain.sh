#!/usr/bin/env bash
# The outbox drain figure (docs/performance.md): 10,000 queued emails sent by `warden serve` to a
# real SMTP server on loopback (tests/support/smtp_sink.py, Debian's python3-aiosmtpd, which
# writes each accepted message to a folder). The clock starts when `warden serve` is started and
# stops when the 10,000th message file exists; then every Message-ID is checked to have arrived
# exactly once.
# Usage: bash bench/outbox_drain.sh [COUNT]   (default 10000; builds the release binary)
#   WARDEN_BIN=path/to/warden   use that binary instead of building the release one
#   WARDEN_BENCH_POSTGRES_URL   run on that PostgreSQL database instead of a SQLite file
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
if [[ -z "${WARDEN_BIN:-}" ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target warden >/dev/null
  WARDEN_BIN=$PWD/build/release/src/app/warden
fi
bin=$WARDEN_BIN
work=$(mktemp -d)
sink_pid=""; serve_pid=""
cleanup() {
  [[ -n "$serve_pid" ]] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  [[ -n "$sink_pid" ]] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

smtp_port=$(free_port)
export WARDEN_HOME=$PWD
export WARDEN_DATABASE_URL=${WARDEN_BENCH_POSTGRES_URL:-sqlite:$work/warden.db}
export WARDEN_LISTEN=127.0.0.1:$(free_port)
export WARDEN_SMTP_URL=smtp://127.0.0.1:$smtp_port
export WARDEN_MAIL_FROM=warden@justice.example
export WARDEN_JOB_TICK_SECONDS=1
export WARDEN_JOB_PERIODS=outbox.send=1

/usr/bin/python3 tests/support/smtp_sink.py --port "$smtp_port" --dir "$work/mail" > "$work/sink.log" 2>&1 &
sink_pid=$!
until grep -q ready "$work/sink.log" 2>/dev/null; do sleep 0.1; done

"$bin" migrate >/dev/null
"$bin" outbox send-test bench@justice.example --count "$count"

t0=$(now)
"$bin" serve > "$work/serve.log" 2>&1 &
serve_pid=$!
while [[ $(find "$work/mail" -name '*.eml' | wc -l) -lt $count ]]; do
  if ! kill -0 "$serve_pid" 2>/dev/null; then cat "$work/serve.log"; exit 1; fi
  sleep 0.05
done
t1=$(now)
sleep 2  # anything sent twice would have arrived by now
files=$(find "$work/mail" -name '*.eml' | wc -l)
distinct=$(grep -h '^Message-ID: ' "$work"/mail/*.eml | sort -u | wc -l)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
rate=$(awk -v n="$count" -v s="$secs" 'BEGIN{printf "%.0f", n/s}')
echo "outbox drain: $count emails in ${secs} s (${rate}/s) on ${WARDEN_DATABASE_URL%%:*};" \
     "$files messages received, $distinct distinct Message-IDs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ $files -eq $count && $distinct -eq $count ]]

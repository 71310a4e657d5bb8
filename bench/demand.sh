#!/usr/bin/env bash
# Digital demand figures (issue 11 item 7): with 10,000 proposals across 120 establishments,
#   - a proposal's page with its related proposals and catalogue matches, p99 with wrk (target:
#     at most 10 ms), as the DIGITAL_REVIEWER:
#       - first views: every proposal once, in a random order, under BENCH_FIRST_CONNECTIONS (8)
#         keep-alive connections, right after the server starts (nothing kept: ADR 0030);
#       - then a random proposal each request under 1, 8 and 64 connections (BENCH_CONNECTIONS),
#         each proposal viewed before;
#   - the estate view /proposals/estate, the time of one request with curl (target: at most
#     200 ms), 20 requests one after another: median and worst;
# on SQLite, then on PostgreSQL when WARDEN_BENCH_POSTGRES_URL names a server (a database
# warden_bench_demand is dropped and created there).
#
#   cmake --preset release && cmake --build --preset release --target warden
#   bash bench/demand.sh build/release/src/app/warden [REPO_ROOT]
#
# The proposals are generated as SQL (bench/gen_demand.py) and their search terms computed by
# `warden migrate` (the domain's tokeniser), so loading takes seconds, not 20,000 audited writes.
set -euo pipefail
bin=$(readlink -f "$1")
root=$(readlink -f "${2:-$PWD}")
here=$(cd "$(dirname "$0")" && pwd)
dur=${BENCH_SECONDS:-10}
proposals=${BENCH_PROPOSALS:-10000}
establishments=${BENCH_ESTABLISHMENTS:-120}
command -v wrk >/dev/null || { echo "demand.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
password=Correct-Horse-Battery-9
export WARDEN_HOME=$root

sign_in() {
  local jar=$work/jar-$1-$2
  curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$1/sign-in" > "$work/sign-in.html"
  local csrf; csrf=$(grep -o 'name="csrf_token" value="[^"]*"' "$work/sign-in.html" | sed 's/.*value="//;s/"$//')
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$csrf" --data-urlencode "username=$2" \
    --data-urlencode "password=$password" "http://127.0.0.1:$1/sign-in"
  awk '$6 ~ /^warden_/ {printf "%s=%s; ", $6, $7}' "$jar"
}

# run LABEL SQL-CLIENT...: loads the estate through the client, serves, measures.
run() {
  local label=$1; shift
  "$bin" migrate >/dev/null
  python3 "$here/gen_demand.py" "$proposals" "$establishments" | "$@" >/dev/null
  "$bin" migrate >/dev/null  # computes the search terms of the generated proposals
  # PostgreSQL: the statistics autovacuum keeps in steady state, now rather than whenever it
  # next wakes (the load and the migrate's 10,000 updates leave none).
  if [ "$label" = PostgreSQL ]; then "$@" <<< "VACUUM ANALYZE;" >/dev/null; fi
  echo "$password" | "$bin" user add reviewer --name "Reviewer" --email r@example.test --roles DIGITAL_REVIEWER >/dev/null
  "$@" <<< "SELECT id FROM demand_proposals WHERE state <> 'CLOSED';" | grep -E '^ *[0-9]+ *$' | tr -d ' ' > "$work/ids.txt"
  local port; port=$(free_port)
  (cd "$work" && WARDEN_LISTEN=127.0.0.1:$port WARDEN_PUBLIC_URL=http://127.0.0.1:$port exec "$bin" serve >"$work/serve.log" 2>&1) & pids+=($!)
  local serve=${pids[-1]}
  wait_http "http://127.0.0.1:$port/health"
  local cookie; cookie=$(sign_in "$port" reviewer)
  local first; first=$(head -1 "$work/ids.txt")
  local code; code=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port/proposals/$first")
  [ "$code" = 200 ] || { echo "demand.sh: /proposals/$first answered $code" >&2; exit 1; }
  grep -q 'Similar proposals at other establishments' "$work/page.html" || { echo "demand.sh: no related section" >&2; exit 1; }
  cat > "$work/page.lua" <<LUA
math.randomseed(7)
ids = {}
for line in io.lines("$work/ids.txt") do ids[#ids + 1] = line end
request = function()
  return wrk.format("GET", "/proposals/" .. ids[math.random(1, #ids)], {["Cookie"] = "$cookie"})
end
LUA
  # Every proposal once, shuffled (the same order each run), until all are answered.
  cat > "$work/first.lua" <<LUA
math.randomseed(11)
ids = {}
for line in io.lines("$work/ids.txt") do ids[#ids + 1] = line end
for i = #ids, 2, -1 do local j = math.random(1, i); ids[i], ids[j] = ids[j], ids[i] end
sent, answered = 0, 0
request = function()
  sent = sent % #ids + 1
  return wrk.format("GET", "/proposals/" .. ids[sent], {["Cookie"] = "$cookie"})
end
response = function(status, headers, body)
  answered = answered + 1
  if answered == #ids then
    local f = io.open("$work/first.done", "w"); f:close()
    wrk.thread:stop()
  end
end
LUA
  local c out r q bad
  c=${BENCH_FIRST_CONNECTIONS:-8}
  # wrk waits out its -d after the script stops its thread: interrupted (it then reports) as
  # soon as the script has marked the last answer.
  rm -f "$work/first.done"
  wrk -t1 -c"$c" -d300s --latency -s "$work/first.lua" "http://127.0.0.1:$port" > "$work/first.out" 2>&1 &
  local w=$!
  while [ ! -e "$work/first.done" ] && kill -0 "$w" 2>/dev/null; do sleep 0.05; done
  kill -INT "$w" 2>/dev/null || true
  wait "$w" || true
  out=$(cat "$work/first.out")
  r=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  q=$(echo "$out" | awk '$1=="99%"{print $2}')
  bad=$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr -s ' ' | tr '\n' ' ' || true)
  printf '%-40s %10s req/s   p99 %-9s %s\n' "proposal page, first views, $c connections ($label)" "$r" "$q" "$bad"
  for c in ${BENCH_CONNECTIONS:-1 8 64}; do
    wrk -t1 -c"$c" -d3s -s "$work/page.lua" "http://127.0.0.1:$port" >/dev/null 2>&1
    out=$(wrk -t1 -c"$c" -d"${dur}s" --latency -s "$work/page.lua" "http://127.0.0.1:$port")
    r=$(echo "$out" | awk '/Requests\/sec/{print $2}'); q=$(echo "$out" | awk '$1=="99%"{print $2}')
    bad=$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr -s ' ' | tr '\n' ' ' || true)
    printf '%-40s %10s req/s   p99 %-9s %s\n' "proposal page, $c connections ($label)" "$r" "$q" "$bad"
  done
  printf '%-40s %s\n' "serve's RSS after the page ($label)" "$(awk '/VmRSS/{print $2, $3}' "/proc/$serve/status")"
  code=$(curl -s -o "$work/estate.html" -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port/proposals/estate")
  [ "$code" = 200 ] || { echo "demand.sh: the estate view answered $code" >&2; exit 1; }
  local groups; groups=$(grep -o 'id="estate-groups">[0-9]*' "$work/estate.html" | sed 's/.*>//')
  local open; open=$(grep -o 'id="estate-proposals">[0-9]*' "$work/estate.html" | sed 's/.*>//')
  for _ in $(seq 20); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "http://127.0.0.1:$port/proposals/estate"
  done | sort -n > "$work/estate.txt"
  printf '%-40s median %s s, worst %s s (%s open proposals in %s groups, %s bytes)\n' "estate view ($label)" \
    "$(sed -n 10p "$work/estate.txt")" "$(tail -1 "$work/estate.txt")" "$open" "$groups" "$(wc -c < "$work/estate.html")"
  printf '%-40s %s\n' "serve's peak RSS ($label)" "$(awk '/VmHWM/{print $2, $3}' "/proc/$serve/status")"
  kill "$serve"; wait "$serve" 2>/dev/null || true
}

echo "$proposals proposals across $establishments establishments; load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if [ -z "${BENCH_SKIP_SQLITE:-}" ]; then
  export WARDEN_DATABASE_URL=sqlite:$work/demand.db
  run SQLite sqlite3 "$work/demand.db"
fi
if [ -n "${WARDEN_BENCH_POSTGRES_URL:-}" ]; then
  psql "$WARDEN_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS warden_bench_demand WITH (FORCE)" -qc "CREATE DATABASE warden_bench_demand"
  export WARDEN_DATABASE_URL="${WARDEN_BENCH_POSTGRES_URL%/*}/warden_bench_demand"
  run PostgreSQL psql -qAt -v ON_ERROR_STOP=1 "$WARDEN_DATABASE_URL"
fi

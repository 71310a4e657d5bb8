#!/usr/bin/env bash
# The other pages officers and Security use most (issue 9, item 2), and the prisoner list on
# PostgreSQL with two `serve` processes (item 3), each under 64 keep-alive connections with wrk on
# the same machine. No Express peer is built for these pages yet, so each figure is warden's
# req/s, p99 and peak RSS under the load.
#
#   bash bench/pages.sh PATH/TO/warden [REPO_ROOT]
#
# SQLite: `warden demo --prisoners 75000` (three establishments of 25,000, assessed, with
# published wing lists), then
#   - the officer's wing list page  /establishments/MDI/wings/RC/lists/current  (officer)
#   - the prisoner page             /prisoners/NUMBER, a random MDI prisoner   (officer; each
#                                   read writes an audit entry)
#   - the Security queue            /establishments/MDI/tmpp  (security, 25,000 prisoners)
# PostgreSQL (when WARDEN_BENCH_POSTGRES_URL names a server): the 10,000-prisoner list page of
# bench/peer-express/run.sh, served by two `warden serve` processes on one database, 32
# connections to each.
set -euo pipefail
bin=$(readlink -f "$1")
root=$(readlink -f "${2:-$PWD}")
here=$(cd "$(dirname "$0")" && pwd)
dur=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { echo "pages.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
password=Correct-Horse-Battery-9
export WARDEN_HOME=$root
touch "$work/numbers.txt"

# sign_in PORT USER -> the Cookie header value
sign_in() {
  local jar=$work/jar-$1-$2
  curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$1/sign-in" > "$work/sign-in.html"
  local csrf; csrf=$(grep -o 'name="csrf_token" value="[^"]*"' "$work/sign-in.html" | sed 's/.*value="//;s/"$//')
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$csrf" --data-urlencode "username=$2" \
    --data-urlencode "password=$password" "http://127.0.0.1:$1/sign-in"
  awk '$6 ~ /^warden_/ {printf "%s=%s; ", $6, $7}' "$jar"
}
# lua NAME COOKIE PATH-EXPRESSION: a wrk script whose request path is the Lua expression
lua() { cat > "$work/$1.lua" <<LUA
math.randomseed(42)
numbers = {}
for line in io.lines("$work/numbers.txt") do numbers[#numbers + 1] = line end
local wings = {"A","B","C","D","E","F","G","H"}
request = function()
  return wrk.format("GET", $3, {["Cookie"] = "$2"})
end
LUA
}
# measure LABEL PID PORT LUA [CONNECTIONS]
measure() {
  local c=${5:-64}
  echo 5 > "/proc/$2/clear_refs" 2>/dev/null || true
  wrk -t1 -c"$c" -d3s -s "$work/$4.lua" "http://127.0.0.1:$3" >/dev/null 2>&1
  local out; out=$(wrk -t1 -c"$c" -d"${dur}s" --latency -s "$work/$4.lua" "http://127.0.0.1:$3")
  local r q bad rss
  r=$(echo "$out" | awk '/Requests\/sec/{print $2}'); q=$(echo "$out" | awk '$1=="99%"{print $2}')
  bad=$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr -s ' ' | tr '\n' ' ' || true)
  rss=$(awk '/VmHWM/{print $2}' "/proc/$2/status")
  printf '%-34s %10s req/s   p99 %-9s peak RSS %s kB %s\n' "$1" "$r" "$q" "$rss" "$bad"
}

# 1. SQLite: the demo estate (BENCH_SKIP_SQLITE=1 skips it).
if [ -z "${BENCH_SKIP_SQLITE:-}" ]; then
export WARDEN_DATABASE_URL=sqlite:$work/demo.db WARDEN_DEMO_PASSWORD=$password
port=$(free_port); export WARDEN_LISTEN=127.0.0.1:$port WARDEN_PUBLIC_URL=http://127.0.0.1:$port
"$bin" migrate >/dev/null
"$bin" demo --prisoners 75000 >/dev/null
sqlite3 "$work/demo.db" "SELECT prison_number FROM prisoners WHERE establishment = 'MDI' AND NOT gone" > "$work/numbers.txt"
(cd "$work" && exec "$bin" serve >"$work/serve.log" 2>&1) & pids+=($!)
serve=${pids[-1]}
wait_http "http://127.0.0.1:$port/health"
officer=$(sign_in "$port" officer); security=$(sign_in "$port" security)
lua wing "$officer" '"/establishments/MDI/wings/RC/lists/current"'
lua prisoner "$officer" '"/prisoners/" .. numbers[math.random(1, #numbers)]'
lua queue "$security" '"/establishments/MDI/tmpp"'
check() {
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $2" "http://127.0.0.1:$port$1")
  [ "$code" = 200 ] || { echo "pages.sh: $1 answered $code" >&2; exit 1; }
}
check /establishments/MDI/wings/RC/lists/current "$officer"
check "/prisoners/$(head -1 "$work/numbers.txt")" "$officer"
check /establishments/MDI/tmpp "$security"
measure "wing list page (SQLite)" "$serve" "$port" wing
measure "prisoner page (SQLite, audited)" "$serve" "$port" prisoner
measure "Security queue, 25,000 (SQLite)" "$serve" "$port" queue
kill "$serve"; wait "$serve" 2>/dev/null || true
fi

# 2. PostgreSQL: two serve processes, the 10,000-prisoner list page.
if [ -n "${WARDEN_BENCH_POSTGRES_URL:-}" ]; then
  psql "$WARDEN_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS warden_bench_pages WITH (FORCE)" -qc "CREATE DATABASE warden_bench_pages"
  export WARDEN_DATABASE_URL="${WARDEN_BENCH_POSTGRES_URL%/*}/warden_bench_pages"
  python3 "$here/gen_prisoners.py" 10000 MDI > "$work/p.csv"
  "$bin" migrate >/dev/null
  "$bin" region add YH --name Yorkshire --riu-email riu@example.test >/dev/null
  "$bin" establishment add MDI --name Moorland --region YH --spoc-email spoc@example.test --security-email sec@example.test >/dev/null
  "$bin" import prisoners "$work/p.csv" --establishment MDI >/dev/null
  echo "$password" | "$bin" user add officer --name "Officer One" --email o@example.test --roles WING_OFFICER --caseload MDI >/dev/null
  p1=$(free_port); p2=$(free_port)
  (cd "$work" && WARDEN_LISTEN=127.0.0.1:$p1 exec "$bin" serve >"$work/pg1.log" 2>&1) & pids+=($!); s1=${pids[-1]}
  (cd "$work" && WARDEN_LISTEN=127.0.0.1:$p2 exec "$bin" serve >"$work/pg2.log" 2>&1) & pids+=($!); s2=${pids[-1]}
  wait_http "http://127.0.0.1:$p1/health"; wait_http "http://127.0.0.1:$p2/health"
  cookie=$(sign_in "$p1" officer)  # a session is in the database, so both processes accept it
  lua pglist "$cookie" '"/establishments/MDI/prisoners?wing=" .. wings[math.random(1, 8)]'
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$p2/establishments/MDI/prisoners?wing=C")
  [ "$code" = 200 ] || { echo "pages.sh: the second process answered $code" >&2; exit 1; }
  echo 5 > "/proc/$s1/clear_refs" 2>/dev/null || true; echo 5 > "/proc/$s2/clear_refs" 2>/dev/null || true
  wrk -t1 -c64 -d3s -s "$work/pglist.lua" "http://127.0.0.1:$p1" >/dev/null 2>&1
  wrk -t1 -c32 -d"${dur}s" --latency -s "$work/pglist.lua" "http://127.0.0.1:$p1" > "$work/w1.txt" &
  w1=$!
  wrk -t1 -c32 -d"${dur}s" --latency -s "$work/pglist.lua" "http://127.0.0.1:$p2" > "$work/w2.txt"
  wait "$w1"
  r=$(cat "$work/w1.txt" "$work/w2.txt" | awk '/Requests\/sec/{s+=$2} END{printf "%.0f", s}')
  q=$(cat "$work/w1.txt" "$work/w2.txt" | awk '$1=="99%"{printf "%s ", $2}')
  bad=$(cat "$work/w1.txt" "$work/w2.txt" | grep -E 'Non-2xx|Socket errors' | tr -s ' ' | tr '\n' ' ' || true)
  printf '%-34s %10s req/s   p99 %s  peak RSS %s and %s kB %s\n' "list page (PostgreSQL, 2 serve)" "$r" "$q" \
    "$(awk '/VmHWM/{print $2}' "/proc/$s1/status")" "$(awk '/VmHWM/{print $2}' "/proc/$s2/status")" "$bad"
fi

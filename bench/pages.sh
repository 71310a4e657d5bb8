#!/usr/bin/env bash
# The other pages officers and Security use most (issue 9, item 2), each against the same page
# served by Express 4 + Nunjucks (peer-express/pages.js, the stack of HMPPS's TypeScript UIs),
# and the prisoner list on PostgreSQL with two `serve` processes (item 3), each under 64
# keep-alive connections with wrk on the same machine.
#
#   bash bench/pages.sh PATH/TO/warden [REPO_ROOT]
#
# SQLite: `warden demo --prisoners 75000` (three establishments of 25,000, assessed, with
# published wing lists), then, alternately warden and the single Express process, twice each:
#   - the officer's wing list page  /establishments/MDI/wings/RC/lists/current  (officer)
#   - the prisoner page             /prisoners/NUMBER, a random MDI prisoner with no TMPP access
#                                   record (officer; each read writes one audit entry)
#   - the Security queue            /establishments/MDI/tmpp  (security, 25,000 prisoners)
# Before the rounds the peer's pages are checked against warden's (the wing list, the queue and
# 20 prisoners, blank lines and indentation aside). Each page's line gives both servers' mean
# req/s and p99, warden's peak RSS under the load and the ratio. BENCH_SKIP_PEER=1 measures warden
# alone (no node needed).
# PostgreSQL (when WARDEN_BENCH_POSTGRES_URL names a server): the 10,000-prisoner list page of
# bench/peer-express/run.sh, served by two `warden serve` processes on one database, 32
# connections to each.
set -euo pipefail
bin=$(readlink -f "$1")
root=$(readlink -f "${2:-$PWD}")
here=$(cd "$(dirname "$0")" && pwd)
dur=${BENCH_SECONDS:-10}
node_dir=${PEER_NODE_DIR:-/tmp/warden-peer-node}
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
sqlite3 "$work/demo.db" "SELECT prison_number FROM prisoners WHERE establishment = 'MDI' AND NOT gone
  AND prison_number NOT IN (SELECT prison_number FROM tmpp_access)" > "$work/numbers.txt"
(cd "$work" && exec "$bin" serve >"$work/serve.log" 2>&1) & pids+=($!)
serve=${pids[-1]}
wait_http "http://127.0.0.1:$port/health"
officer=$(sign_in "$port" officer); security=$(sign_in "$port" security)
wing_page=/establishments/MDI/wings/RC/lists/current queue_page=/establishments/MDI/tmpp
lua wing "$officer" "\"$wing_page\""
lua prisoner "$officer" '"/prisoners/" .. numbers[math.random(1, #numbers)]'
lua queue "$security" "\"$queue_page\""
# fetch PATH COOKIE OUT: warden's page, which must answer 200
fetch() {
  local code; code=$(curl -s -o "$3" -w '%{http_code}' -H "Cookie: $2" "http://127.0.0.1:$port$1")
  [ "$code" = 200 ] || { echo "pages.sh: $1 answered $code" >&2; exit 1; }
}
fetch "$wing_page" "$officer" "$work/wing.html"
fetch "/prisoners/$(head -1 "$work/numbers.txt")" "$officer" "$work/prisoner.html"
fetch "$queue_page" "$security" "$work/queue.html"
if [ -z "${BENCH_SKIP_PEER:-}" ]; then
  if [ ! -d "$node_dir/node_modules/sql.js" ]; then
    mkdir -p "$node_dir" && (cd "$node_dir" && npm init -y >/dev/null && npm install --no-audit --no-fund express@4 nunjucks sql.js >/dev/null)
  fi
  mkdir -p "$work/peer/views" && cp "$here/peer-express/pages.js" "$here/peer-express/peer_common.js" "$work/peer/" && cp "$here"/peer-express/views/*-main.njk "$work/peer/views/"
  ln -s "$node_dir/node_modules" "$work/peer/node_modules"
  for kind in wing prisoner queue; do python3 "$here/peer-express/make_pages.py" "$kind" "$work/$kind.html" > "$work/peer/views/$kind.njk"; done
  csrf_of() { grep -o 'name="csrf_token" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//;s/"$//'; }
  sqlite3 "$work/demo.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  cp "$work/demo.db" "$work/peer.db"
  peer_port=$(free_port)
  (cd "$work/peer" && PEER_CSRF_OFFICER=$(csrf_of "$work/wing.html") PEER_CSRF_SECURITY=$(csrf_of "$work/queue.html") \
    NODE_ENV=production exec node pages.js "$peer_port" "$work/peer.db" 1 >"$work/peer.log" 2>&1) & pids+=($!)
  wait_http "http://127.0.0.1:$peer_port/"
  lua peer-wing "warden_session=peer-officer" "\"$wing_page\""
  lua peer-prisoner "warden_session=peer-officer" '"/prisoners/" .. numbers[math.random(1, #numbers)]'
  lua peer-queue "warden_session=peer-security" "\"$queue_page\""
  # same PATH COOKIE PEER_SESSION: the peer's page is warden's, blank lines and indentation aside
  same() {
    fetch "$1" "$2" "$work/w.html"
    curl -s -H "Cookie: warden_session=$3" "http://127.0.0.1:$peer_port$1" > "$work/p.html"
    if ! diff -q <(grep -v '^\s*$' "$work/w.html" | sed 's/^\s*//') <(grep -v '^\s*$' "$work/p.html" | sed 's/^\s*//') >/dev/null; then
      echo "pages.sh: the peer's $1 differs from warden's:" >&2
      diff <(grep -v '^\s*$' "$work/w.html" | sed 's/^\s*//') <(grep -v '^\s*$' "$work/p.html" | sed 's/^\s*//') | head -20 >&2
      exit 1
    fi
  }
  same "$wing_page" "$officer" peer-officer
  same "$queue_page" "$security" peer-security
  for n in $(shuf -n 20 --random-source=<(yes) "$work/numbers.txt"); do same "/prisoners/$n" "$officer" peer-officer; done
fi
# round PORT LUA -> "req/s p99" of one BENCH_SECONDS run after a 3-second warm-up
round() {
  wrk -t1 -c64 -d3s -s "$work/$2.lua" "http://127.0.0.1:$1" >/dev/null 2>&1
  local out; out=$(wrk -t1 -c64 -d"${dur}s" --latency -s "$work/$2.lua" "http://127.0.0.1:$1")
  local bad; bad=$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr -s ' ' | tr '\n' ' ' || true)
  [ -z "$bad" ] || echo "  ($2: $bad)" >&2
  echo "$(echo "$out" | awk '/Requests\/sec/{print $2}') $(echo "$out" | awk '$1=="99%"{print $2}')"
}
# compare LABEL LUA: warden and the peer alternately, twice each
compare() {
  if [ -n "${BENCH_SKIP_PEER:-}" ]; then measure "$1 (SQLite)" "$serve" "$port" "$2"; return; fi
  echo 5 > "/proc/$serve/clear_refs" 2>/dev/null || true
  local w1 p1 w2 p2
  w1=$(round "$port" "$2"); p1=$(round "$peer_port" "peer-$2")
  w2=$(round "$port" "$2"); p2=$(round "$peer_port" "peer-$2")
  local rss; rss=$(awk '/VmHWM/{print $2}' "/proc/$serve/status")
  echo "$1 $w1 $w2 $p1 $p2 $rss" | awk '{w=($2+$4)/2; e=($6+$8)/2;
    printf "%-30s warden %7.0f req/s (p99 %s %s, peak RSS %s kB)   express %6.0f req/s (p99 %s %s)   %.2fx\n",
      $1, w, $3, $5, $10, e, $7, $9, w/e}'
}
compare wing-list wing
compare prisoner prisoner
compare security-queue queue
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

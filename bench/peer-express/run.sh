#!/usr/bin/env bash
# Warden's signed-in prisoner list page against the same page served by Express 4 + Nunjucks (the
# stack of HMPPS's TypeScript UIs), side by side in one run, under 64 keep-alive connections.
# A copy of ../shared/bench/peer-express/run.sh (issue 9) that also reports warden's peak RSS
# while serving the load: the sign-in's Argon2id hash (64 MiB, libsodium's INTERACTIVE limit)
# sets the process's lifetime peak, so the peak is reset (/proc/PID/clear_refs) after sign-in
# and both figures are printed.
#
#   bash bench/peer-express/run.sh PATH/TO/warden [REPO_ROOT]
#
# Both read the same 10,000-prisoner SQLite file; both pages are the same HTML (checked before the
# run). wrk shares the machine's cores with the server under test. Rounds alternate:
# warden, express (1 process), express (node:cluster, 2 workers), twice. The last line is the
# figure: warden's req/s, each peer's, the ratios and warden's p99. Exit 0 when warden reaches
# RATIO_MIN (default 5) times the single Express process.
# Needs: wrk (apt-get install wrk), node and npm (express, nunjucks and sql.js are installed into
# $PEER_NODE_DIR, default /tmp/warden-peer-node, the first time), curl, python3.
set -euo pipefail
bin=$(readlink -f "$1")
root=$(readlink -f "${2:-$PWD}")
here=$(cd "$(dirname "$0")" && pwd)
dur=${BENCH_SECONDS:-10}
ratio_min=${RATIO_MIN:-5}
node_dir=${PEER_NODE_DIR:-/tmp/warden-peer-node}
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }

# 1. A 10,000-prisoner establishment and a signed-in officer.
export WARDEN_DATABASE_URL=sqlite:$work/w.db WARDEN_HOME=$root
wport=$(free_port); export WARDEN_LISTEN=127.0.0.1:$wport WARDEN_PUBLIC_URL=http://127.0.0.1:$wport
python3 "$here/../gen_prisoners.py" 10000 MDI > "$work/p.csv"
"$bin" migrate >/dev/null
"$bin" region add YH --name Yorkshire --riu-email riu@example.test >/dev/null
"$bin" establishment add MDI --name Moorland --region YH --spoc-email spoc@example.test --security-email sec@example.test >/dev/null
"$bin" import prisoners "$work/p.csv" --establishment MDI >/dev/null
echo 'Correct-Horse-Battery-9' | "$bin" user add officer --name "Officer One" --email o@example.test --roles WING_OFFICER --caseload MDI >/dev/null
(cd "$work" && exec "$bin" serve >"$work/serve.log" 2>&1) & pids+=($!)
wait_http "http://127.0.0.1:$wport/health"
jar=$work/jar
curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$wport/sign-in" > "$work/sign-in.html"
csrf=$(grep -o 'name="csrf_token" value="[^"]*"' "$work/sign-in.html" | sed 's/.*value="//;s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$csrf" --data-urlencode username=officer \
  --data-urlencode password=Correct-Horse-Battery-9 "http://127.0.0.1:$wport/sign-in"
cookie=$(awk '$6 ~ /^warden_/ {printf "%s=%s; ", $6, $7}' "$jar")
signin_rss=$(awk '/VmHWM/{print $2}' "/proc/${pids[0]}/status")
echo 5 > "/proc/${pids[0]}/clear_refs" 2>/dev/null || true
page="/establishments/MDI/prisoners?wing=C"
curl -sf -b "$jar" "http://127.0.0.1:$wport$page" > "$work/warden.html" || { echo "run.sh: warden did not serve $page signed in" >&2; exit 1; }

# 2. The peer: the same page, from the same data.
if [ ! -d "$node_dir/node_modules/sql.js" ]; then
  mkdir -p "$node_dir" && (cd "$node_dir" && npm init -y >/dev/null && npm install --no-audit --no-fund express@4 nunjucks sql.js >/dev/null)
fi
mkdir -p "$work/peer/views" && cp "$here/server.js" "$here/peer_common.js" "$work/peer/" && ln -s "$node_dir/node_modules" "$work/peer/node_modules"
python3 "$here/make_template.py" "$work/warden.html" > "$work/peer/views/list.njk"
sqlite3 "$work/w.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$work/w.db" "$work/peer.db"
p1=$(free_port); p2=$(free_port)
(cd "$work/peer" && NODE_ENV=production exec node server.js "$p1" "$work/peer.db" 1 >/dev/null 2>&1) & pids+=($!)
(cd "$work/peer" && NODE_ENV=production exec node server.js "$p2" "$work/peer.db" 2 >/dev/null 2>&1) & pids+=($!)
wait_http "http://127.0.0.1:$p1/"; wait_http "http://127.0.0.1:$p2/"; sleep 1
curl -s -b "warden_session=peer-session" "http://127.0.0.1:$p1$page" > "$work/peer.html"
if ! diff -q <(grep -v '^\s*$' "$work/warden.html") <(grep -v '^\s*$' "$work/peer.html") >/dev/null; then
  echo "run.sh: the peer's page differs from warden's:" >&2
  diff <(grep -v '^\s*$' "$work/warden.html") <(grep -v '^\s*$' "$work/peer.html") | head -20 >&2
  exit 1
fi

# 3. Alternating rounds.
lua() { cat > "$work/$1.lua" <<LUA
math.randomseed(42)
local wings = {"A","B","C","D","E","F","G","H"}
request = function()
  return wrk.format("GET", "/establishments/MDI/prisoners?wing=" .. wings[math.random(1, 8)], {["Cookie"] = "$2"})
end
LUA
}
lua warden "$cookie"; lua peer "warden_session=peer-session"
declare -A rps p99
run() {
  wrk -t1 -c64 -d3s -s "$work/$3.lua" "http://127.0.0.1:$2" >/dev/null 2>&1
  out=$(wrk -t1 -c64 -d"${dur}s" --latency -s "$work/$3.lua" "http://127.0.0.1:$2")
  r=$(echo "$out" | awk '/Requests\/sec/{print $2}'); q=$(echo "$out" | awk '$1=="99%"{print $2}')
  bad=$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr -s ' ' | tr '\n' ' ' || true)
  printf '%-18s %10s req/s   p99 %-9s %s\n' "$1" "$r" "$q" "$bad"
  rps[$1]="${rps[$1]:-} $r"; p99[$1]="${p99[$1]:-} $q"
}
for round in 1 2; do
  run warden "$wport" warden; run express-1 "$p1" peer; run express-cluster-2 "$p2" peer
done
mean() { echo "$1" | awk '{s=0; for(i=1;i<=NF;i++) s+=$i; printf "%.0f", s/NF}'; }
w=$(mean "${rps[warden]}"); e1=$(mean "${rps[express-1]}"); e2=$(mean "${rps[express-cluster-2]}")
r1=$(echo "scale=2; $w / $e1" | bc); r2=$(echo "scale=2; $w / $e2" | bc)
rss=$(awk '/VmHWM/{print $2}' "/proc/${pids[0]}/status" 2>/dev/null || echo "?")
echo "warden ${w} req/s (p99${p99[warden]}, peak RSS ${rss} kB under load, ${signin_rss} kB at sign-in); express 1 process ${e1}; express cluster-2 ${e2}; ratio ${r1}x and ${r2}x"
[ "$(echo "$r1 >= $ratio_min" | bc)" = 1 ]

#!/usr/bin/env bash
# The server's CPU time a request for the officer's list page (a random wing of a 10,000-prisoner
# establishment, signed in) under 64 keep-alive connections, and its peak RSS while serving them.
# Throughput on this 2-core machine moves with whatever else runs; the CPU a request moves much
# less, so comparing two builds by it, alternately, shows a change that run.sh's noise hides.
#
#   bash bench/page_cpu.sh PATH/TO/warden [REPO_ROOT]
#
# 3 s of warm-up, then BENCH_SECONDS (default 10) measured: the server's user + system time from
# /proc/PID/stat before and after, divided by the requests wrk completed. Needs wrk, curl, python3.
set -euo pipefail
bin=$(readlink -f "$1")
root=$(readlink -f "${2:-$PWD}")
here=$(cd "$(dirname "$0")" && pwd)
dur=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { echo "page_cpu.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export WARDEN_DATABASE_URL=sqlite:$work/w.db WARDEN_HOME=$root
export WARDEN_LISTEN=127.0.0.1:$port WARDEN_PUBLIC_URL=http://127.0.0.1:$port
python3 "$here/gen_prisoners.py" 10000 MDI > "$work/p.csv"
"$bin" migrate >/dev/null 2>&1
"$bin" region add YH --name Yorkshire --riu-email riu@example.test >/dev/null 2>&1
"$bin" establishment add MDI --name Moorland --region YH --spoc-email spoc@example.test \
  --security-email sec@example.test >/dev/null 2>&1
"$bin" import prisoners "$work/p.csv" --establishment MDI >/dev/null 2>&1
echo 'Correct-Horse-Battery-9' | "$bin" user add officer --name "Officer One" --email o@example.test \
  --roles WING_OFFICER --caseload MDI >/dev/null 2>&1
(cd "$work" && exec "$bin" serve >"$work/serve.log" 2>&1) &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.1; done
jar=$work/jar
curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/sign-in" > "$work/sign-in.html"
csrf=$(grep -o 'name="csrf_token" value="[^"]*"' "$work/sign-in.html" | sed 's/.*value="//;s/"$//' || true)
[ -n "$csrf" ] || { echo "page_cpu.sh: no CSRF token on the sign-in page" >&2; exit 1; }
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$csrf" --data-urlencode username=officer \
  --data-urlencode password=Correct-Horse-Battery-9 "http://127.0.0.1:$port/sign-in"
cookie=$(awk '$6 ~ /^warden_/ {printf "%s=%s; ", $6, $7}' "$jar")
# The page itself (200), with the cookie wrk will send: a failed sign-in would be a cheap redirect.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" \
  "http://127.0.0.1:$port/establishments/MDI/prisoners?wing=C")
[ "$code" = 200 ] || { echo "page_cpu.sh: the list page answered $code, not 200, signed in" >&2; exit 1; }
cat > "$work/w.lua" <<LUA
math.randomseed(42)
local wings = {"A","B","C","D","E","F","G","H"}
request = function()
  return wrk.format("GET", "/establishments/MDI/prisoners?wing=" .. wings[math.random(1, 8)], {["Cookie"] = "$cookie"})
end
LUA
echo 5 > "/proc/$pid/clear_refs" 2>/dev/null || true  # the peak RSS from here on (not the sign-in's hash)
wrk -t1 -c64 -d3s -s "$work/w.lua" "http://127.0.0.1:$port" > /dev/null
# utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the name.
cpu() { sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'; }
t0=$(cpu)
wrk -t1 -c64 -d"${dur}s" -s "$work/w.lua" "http://127.0.0.1:$port" > "$work/wrk.out"
t1=$(cpu)
if grep -qE 'Non-2xx|Socket errors' "$work/wrk.out"; then
  echo "page_cpu.sh: wrk saw failed requests:" >&2; cat "$work/wrk.out" >&2; exit 1
fi
n=$(grep -o '[0-9]* requests in' "$work/wrk.out" | awk '{print $1}')
rps=$(awk '/Requests\/sec/{print $2}' "$work/wrk.out")
hz=$(getconf CLK_TCK)
rss=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
python3 -c "print(f'$(basename "$bin"): $rps req/s, {($t1 - $t0) * 1000 / $hz / $n:.3f} ms of CPU a request, peak RSS $rss kB')"

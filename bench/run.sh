#!/usr/bin/env bash
# Measures the figures in docs/performance.md on a release build:
#   1. `warden import prisoners` of a 100,000-row CSV into SQLite, end to end, against the sqlite3
#      shell's `.import` of the same file;
#   2. the same import into PostgreSQL (COPY);
#   3. the median time to serve the prisoner list page of a 1,000-prisoner wing;
#   4. `warden assess --all` over a 100,000-prisoner estate (four establishments) on SQLite:
#      every prisoner scored and every recommendation stored with its evidence;
#   5. the signed-in prisoner list page under 64 connections, side by side with the Express peer
#      (bench/peer-express/run.sh, issue 9), and the server's CPU time a page under that load
#      (bench/page_cpu.sh);
#   6. the wing list page, the prisoner page and the Security queue under 64 connections, side by
#      side with their Express peer (bench/peer-express/pages.js), and the list page on PostgreSQL
#      with two serve processes (bench/pages.sh, issue 9).
# Usage: bash bench/run.sh   (needs scripts/install-deps.sh to have run, wrk, and node with npm for
# the peer). The PostgreSQL figures run when WARDEN_BENCH_POSTGRES_URL names a server
# (bash scripts/pg-test.sh start prints one). Import times are wall clock and CPU (user+sys),
# since the wall clock of a shared machine is noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release --target warden warden_gen_csv >/dev/null
bin=$PWD/build/release/src/app/warden
gen=$PWD/build/release/bench/warden_gen_csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WARDEN_HOME=$PWD

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }

setup_org() {
  "$bin" region add YORKS --name Yorkshire --riu-email riu@example.gov.uk >/dev/null
  "$bin" establishment add MDI --name "HMP Moorland" --region YORKS \
    --spoc-email spoc@example.gov.uk --security-email sec@example.gov.uk >/dev/null
}

"$gen" MDI 100000 > "$work/100k.csv"
rows=$(($(wc -l < "$work/100k.csv") - 1))
echo "CSV: $rows rows, $(du -h "$work/100k.csv" | cut -f1)"

echo "== 1. SQLite import of $rows rows (3 runs, fresh database each)"
for i in 1 2 3; do
  export WARDEN_DATABASE_URL="sqlite:$work/import-$i.db"
  "$bin" migrate >/dev/null; setup_org
  t0=$(now); /usr/bin/time -f "%U %S" -o "$work/cpu-w" "$bin" import prisoners "$work/100k.csv" --establishment MDI >/dev/null; t1=$(now)
  rm -f "$work/shell-$i.db"
  s0=$(now)
  /usr/bin/time -f "%U %S" -o "$work/cpu-s" sqlite3 "$work/shell-$i.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE prisoners(prison_number TEXT PRIMARY KEY, first_name TEXT, last_name TEXT,
  date_of_birth TEXT, establishment TEXT, wing TEXT, cell TEXT, legal_status TEXT,
  security_category TEXT, alerts TEXT, phone_finds_12m INT, phone_adjudications_12m INT,
  phone_intel_12m INT);
.mode csv
.import --skip 1 $work/100k.csv prisoners
SQL
  s1=$(now)
  cw=$(awk '{printf "%.2f", $1+$2}' "$work/cpu-w"); cs=$(awk '{printf "%.2f", $1+$2}' "$work/cpu-s")
  echo "run $i: warden import $(elapsed "$t0" "$t1") s (CPU $cw s); sqlite3 .import $(elapsed "$s0" "$s1") s (CPU $cs s)"
done

if [ -n "${WARDEN_BENCH_POSTGRES_URL:-}" ]; then
  echo "== 2. PostgreSQL import of $rows rows (3 runs, fresh database each)"
  for i in 1 2 3; do
    psql "$WARDEN_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS warden_bench WITH (FORCE)" -qc "CREATE DATABASE warden_bench"
    export WARDEN_DATABASE_URL="${WARDEN_BENCH_POSTGRES_URL%/*}/warden_bench"
    "$bin" migrate >/dev/null; setup_org
    t0=$(now); "$bin" import prisoners "$work/100k.csv" --establishment MDI >/dev/null; t1=$(now)
    echo "run $i: warden import $(elapsed "$t0" "$t1") s"
  done
fi

echo "== 3. Prisoner list page of a 1,000-prisoner wing"
export WARDEN_DATABASE_URL="sqlite:$work/page.db"
"$bin" migrate >/dev/null; setup_org
"$gen" MDI 1000 A > "$work/1k.csv"
"$bin" import prisoners "$work/1k.csv" --establishment MDI >/dev/null
echo "bench-password-1234" | "$bin" user add bench --name "Bench User" --email bench@example.gov.uk \
  --roles SECURITY --caseload MDI >/dev/null
token=$("$bin" token create bench | awk '{print $NF}')
port=18089
WARDEN_LISTEN=127.0.0.1:$port "$bin" serve > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
# Session cookie for the HTML page: sign in through the form.
jar="$work/jar"
csrf=$(curl -s -c "$jar" "http://127.0.0.1:$port/sign-in" | grep -o 'name="csrf_token" value="[^"]*"' | sed 's/.*value="//;s/"//')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" \
  --data-urlencode "username=bench" --data-urlencode "password=bench-password-1234" \
  "http://127.0.0.1:$port/sign-in"
url="http://127.0.0.1:$port/establishments/MDI/prisoners?wing=A"
for _ in $(seq 20); do curl -s -b "$jar" -o /dev/null "$url"; done
for _ in $(seq 500); do curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "$url"; done \
  | sort -n | awk '{a[NR]=$1} END {printf "HTML page: median %.2f ms, p90 %.2f ms over %d requests\n", a[int(NR/2)]*1000, a[int(NR*0.9)]*1000, NR}'
api="http://127.0.0.1:$port/api/v1/establishments/MDI/prisoners?wing=A&limit=100"
for _ in $(seq 500); do curl -s -H "Authorization: Bearer $token" -o /dev/null -w '%{time_total}\n' "$api"; done \
  | sort -n | awk '{a[NR]=$1} END {printf "JSON list:  median %.2f ms, p90 %.2f ms over %d requests\n", a[int(NR/2)]*1000, a[int(NR*0.9)]*1000, NR}'
kill -TERM $pid; wait $pid || true

echo "== 4. Risk assessment of a 100,000-prisoner estate on SQLite (3 runs)"
export WARDEN_DATABASE_URL="sqlite:$work/estate.db"
"$bin" migrate >/dev/null; setup_org
codes=(MDI LEI BWI WWI)
for code in LEI BWI WWI; do
  "$bin" establishment add "$code" --name "HMP $code" --region YORKS \
    --spoc-email "spoc.$code@example.gov.uk" --security-email "sec.$code@example.gov.uk" >/dev/null
done
for i in 0 1 2 3; do
  "$gen" "${codes[$i]}" 25000 "" $((i * 25000)) > "$work/estate-$i.csv"
  "$bin" import prisoners "$work/estate-$i.csv" --establishment "${codes[$i]}" >/dev/null
done
for i in 1 2 3; do
  t0=$(now); out=$("$bin" assess --all); t1=$(now)
  echo "run $i: warden assess --all $(elapsed "$t0" "$t1") s: $(echo "$out" | tr '\n' ' ')"
done
stored=$(sqlite3 "$work/estate.db" "SELECT COUNT(*) FROM tmpp_recommendations")
echo "recommendations stored: $stored"

echo "== 5. Signed-in prisoner list page, 64 connections, side by side with Express (issue 9)"
bash bench/peer-express/run.sh "$bin" . || echo "(below the 5x target)"
bash bench/page_cpu.sh "$bin" .

echo "== 6. Other pages, and the list page on PostgreSQL with two serve processes (issue 9)"
bash bench/pages.sh "$bin" .

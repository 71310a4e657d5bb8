#!/usr/bin/env bash
# Runs Warden's libFuzzer targets (fuzz/*_fuzz.cpp, built by the `fuzz` preset: clang with
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer). Each run starts from the target's
# seed corpus (fuzz/corpus/TARGET) and always replays its kept crashing inputs
# (fuzz/regressions/TARGET). A crash, leak, sanitizer report, hang (-timeout) or running out of
# memory fails the run; the input is saved under build/fuzz/artifacts/TARGET/.
#
# Usage: bash scripts/fuzz.sh build          configure and build the fuzz preset (ccache if present)
#        bash scripts/fuzz.sh ci [TARGET...]   every target for FUZZ_SECONDS (30) seconds, FUZZ_JOBS
#                                              (2) at a time (scripts/test.sh runs this)
#        bash scripts/fuzz.sh long [TARGET...] every target to FUZZ_RUNS (10000000) executions, one
#                                              at a time under nice -n 10 (docs/performance.md);
#                                              FUZZ_MAX_SECONDS caps each target's time when set
# FUZZ_TIMEOUT (10) is libFuzzer's -timeout: seconds of wall-clock time one input may take before
# it counts as a hang. On a machine shared with builds a niced run can be starved that long; raise
# it there (60) rather than read a starved input as a hang.
# Each target prints one line: executions, executions per second, and the result.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build/fuzz/fuzz

mode=${1:-}
shift || true

if [ "$mode" = build ]; then
  launcher=()
  if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake --preset fuzz "${launcher[@]}" >/dev/null
  cmake --build --preset fuzz
  exit 0
fi
if [ "$mode" != ci ] && [ "$mode" != long ]; then
  sed -n '2,20p' "$0" >&2
  exit 2
fi

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cd fuzz && ls -1 ./*_fuzz.cpp | sed 's|^\./||; s|\.cpp$||')
fi
for t in "${targets[@]}"; do
  if [ ! -x "$build/$t" ]; then
    echo "$build/$t not found: run 'bash scripts/fuzz.sh build' first" >&2
    exit 1
  fi
done

# detect_leaks: a leak is a failure; halt_on_error with -fno-sanitize-recover: any UB is a crash.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# run_one TARGET LIMIT-FLAGS...: fuzzes TARGET from a fresh copy of its corpus, prints one line and
# returns libFuzzer's exit status.
run_one() {
  local t=$1
  shift
  local work=$root/build/fuzz/work/$t artifacts=$root/build/fuzz/artifacts/$t/
  local log=$root/build/fuzz/logs/$t.log
  rm -rf "$work"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  local dirs=("$work" "fuzz/corpus/$t")
  if [ -d "fuzz/regressions/$t" ]; then dirs+=("fuzz/regressions/$t"); fi
  local rc=0 start=$SECONDS
  "$build/$t" "$@" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "${dirs[@]}" >"$log" 2>&1 || rc=$?
  local runs rate result=ok
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ "$rc" -ne 0 ]; then
    result="FAILED (exit $rc: crash, leak, sanitizer report or hang; see $log; inputs in $artifacts)"
  fi
  printf '%-18s executions=%-10s exec/s=%-7s seconds=%-5s crashes/leaks/hangs=%s %s\n' \
    "$t" "${runs:-?}" "${rate:-?}" "$((SECONDS - start))" "$([ "$rc" -eq 0 ] && echo 0 || echo 1)" \
    "$result"
  if [ "$rc" -ne 0 ]; then
    grep -E 'ERROR: |runtime error|FUZZ_CHECK|SUMMARY|Test unit written' "$log" | head -20 || true
  fi
  return "$rc"
}

failed=0
if [ "$mode" = ci ]; then
  seconds=${FUZZ_SECONDS:-30}
  jobs=${FUZZ_JOBS:-2}
  export -f run_one
  export root build
  # One line per target; xargs exits non-zero when any target failed.
  printf '%s\n' "${targets[@]}" |
    xargs -P "$jobs" -I{} bash -c 'run_one "$1" -max_total_time="$2"' _ {} "$seconds" || failed=1
else
  limit=(-runs="${FUZZ_RUNS:-10000000}")
  if [ -n "${FUZZ_MAX_SECONDS:-}" ]; then limit+=(-max_total_time="$FUZZ_MAX_SECONDS"); fi
  echo "fuzz long: $(date -u +%Y-%m-%dT%H:%MZ) commit $(git rev-parse --short=12 HEAD) ${limit[*]} -timeout=${FUZZ_TIMEOUT:-10}"
  for t in "${targets[@]}"; do
    nice -n 10 bash -c "$(declare -f run_one); root=$root build=$build run_one \"\$@\"" _ \
      "$t" "${limit[@]}" || failed=1
  done
fi
if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED" >&2
  exit 1
fi
echo "fuzz: every target passed"

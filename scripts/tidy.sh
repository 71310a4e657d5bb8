#!/usr/bin/env bash
# Runs clang-tidy (checks in .clang-tidy) over every non-test .cpp in src/, one process per core,
# with build/dev/compile_commands.json (configure the dev preset first). Prints each finding and
# exits non-zero on any. Usage: bash scripts/tidy.sh [FILE...]   (default: all of src/ but tests)
set -euo pipefail
cd "$(dirname "$0")/.."

tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if [ -z "$tidy" ]; then
  echo "clang-tidy not found: run scripts/install-deps.sh" >&2
  exit 1
fi
if [ ! -f build/dev/compile_commands.json ]; then
  echo "build/dev/compile_commands.json not found: run 'cmake --preset dev' first" >&2
  exit 1
fi

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'src/*.cpp' | grep -v '_test\.cpp$')
fi

# One file per clang-tidy; its output is printed in one piece, without the "N warnings generated"
# lines (those are Boost's and the standard library's, already filtered out). The compile commands
# carry GCC-only flags such as -Wno-error=restrict, hence -Wno-unknown-warning-option.
tidy_one() {
  local out rc=0
  out=$("$TIDY" -p build/dev --quiet --extra-arg=-Wno-unknown-warning-option "$1" 2>&1) || rc=$?
  out=$(grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' <<<"$out" || true)
  if [ -n "$out" ]; then printf '%s\n' "$out"; fi
  return "$rc"
}
export -f tidy_one
export TIDY="$tidy"

start=$SECONDS
if printf '%s\0' "${files[@]}" | xargs -0 -n1 -P"$(nproc)" bash -c 'tidy_one "$1"' _; then
  echo "clang-tidy: ${#files[@]} files clean in $((SECONDS - start)) s"
else
  echo "clang-tidy: findings above (checks in .clang-tidy; fix them, or NOLINT(check) with a reason)" >&2
  exit 1
fi

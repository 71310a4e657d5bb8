#!/usr/bin/env bash
# Installs what is needed, checks formatting, builds Warden (Debug, ASan+UBSan, -Werror), runs
# clang-tidy on src/, builds the fuzz preset and runs every parser's libFuzzer target for 30 s
# (scripts/fuzz.sh), starts a throwaway PostgreSQL 15 and runs every test: unit, repository contract
# tests on SQLite and PostgreSQL, integration tests over HTTP and browser tests in Chromium. Ends
# with CTest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== clang-format check"
files=$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'fuzz/*.cpp' \
  'fuzz/*.hpp' 2>/dev/null || true)
if [ -n "$files" ]; then
  clang-format --dry-run -Werror $files
fi

echo "== build"
cmake --preset dev >/dev/null
cmake --build --preset dev

echo "== clang-tidy"
bash scripts/tidy.sh

echo "== fuzz (every parser's libFuzzer target for 30 s, ASan+UBSan; docs/security.md)"
bash scripts/fuzz.sh build
bash scripts/fuzz.sh ci

echo "== PostgreSQL"
pg_url=$(bash scripts/pg-test.sh start)
export WARDEN_TEST_POSTGRES_URL="$pg_url"
root=$PWD
trap 'bash "$root/scripts/pg-test.sh" stop >/dev/null 2>&1 || true' EXIT

echo "== tests"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build/dev
ctest --output-on-failure --timeout 600 -j2

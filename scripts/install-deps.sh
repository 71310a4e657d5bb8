#!/usr/bin/env bash
# Installs what Warden needs to build, run and test on Debian 12. Idempotent: installs only what is
# missing, and runs `apt-get update` only when something is.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libsodium-dev libcurl4-openssl-dev libcli11-dev libspdlog-dev libfmt-dev libkainjow-mustache-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang-format clang-tidy
  clang-14 libfuzzer-14-dev ccache
  chromium python3 python3-aiosmtpd curl
  wrk time  # bench/: load generator for the page figures, CPU time of the import figures
)
# Node.js and npm: use the machine's when it has a recent one, Debian's otherwise.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Front-end packages (GOV.UK Frontend, MoJ Frontend, Playwright's client, axe-core) and Redocly
# CLI (lints the OpenAPI document) from npm, exactly as the lock file pins them.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.warden-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.warden-lock
fi
bash scripts/assets.sh

#!/usr/bin/env bash
# Installs what is needed, builds Warden (release), loads the demo data into SQLite and serves it.
# Idempotent: run it again and it reuses the build and the database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target warden
export WARDEN_DATABASE_URL="${WARDEN_DATABASE_URL:-sqlite:warden-demo.db}"
export WARDEN_LISTEN="${WARDEN_LISTEN:-127.0.0.1:8080}"
export WARDEN_HOME="$PWD"
./build/release/src/app/warden demo
echo
echo "Warden is starting at http://${WARDEN_LISTEN}/ (Ctrl-C to stop)"
exec ./build/release/src/app/warden serve

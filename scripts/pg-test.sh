#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests, on 127.0.0.1 only, with trust authentication.
#   bash scripts/pg-test.sh start   starts it (or finds it running) and prints its URL as the only
#                                   line on stdout: postgresql://postgres@127.0.0.1:PORT/warden_test
#   bash scripts/pg-test.sh stop    stops it and removes its data folder
# The cluster lives in $WARDEN_PG_DIR (default /tmp/warden-pg-$UID) and listens on the first free
# port from $WARDEN_PG_PORT (default 55432). As root, the server runs as the `postgres` user.
# Everything but the URL goes to stderr or to the cluster's log file.
set -euo pipefail

dir=${WARDEN_PG_DIR:-/tmp/warden-pg-$(id -u)}
first_port=${WARDEN_PG_PORT:-55432}
db=warden_test

die() {
  echo "pg-test: $*" >&2
  exit 1
}

find_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then
      echo "$d"
      return
    fi
  done
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/pg_ctl" ]; then
    pg_config --bindir
    return
  fi
  die "PostgreSQL server binaries not found (install the postgresql package)"
}

bindir=$(find_bindir)
data=$dir/data
log=$dir/server.log

# Runs a server binary as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() {
  [ -f "$data/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

url_for() {
  echo "postgresql://postgres@127.0.0.1:$1/$db"
}

start() {
  if running && [ -f "$dir/port" ]; then
    url_for "$(cat "$dir/port")"
    return
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "running as root needs a postgres user (install the postgresql package)"
  fi
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    as_owner "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  local port=$first_port
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -lt $((first_port + 50)) ] || die "no free port from $first_port"
  done
  as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" \
    start >&2 || { tail -n 20 "$log" >&2 || true; die "the server did not start"; }
  echo "$port" >"$dir/port"
  local psql=(psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres)
  if [ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    "${psql[@]}" -c "CREATE DATABASE $db" >&2
  fi
  url_for "$port"
}

stop() {
  if running; then
    as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac

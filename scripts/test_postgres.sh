#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on loopback for the test suite's PostgreSQL pass
# and prints its DATABASE_URL. Uses Debian's postgresql binaries; as root it
# runs the server as the 'postgres' system user. Prints nothing and exits 1
# when PostgreSQL is not installed.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || exit 1
# One server per checkout (several worktrees can test side by side): the port
# is derived from the checkout's path unless CSBA_TEST_PG_PORT is set.
default_port=$((54329 + $(pwd -P | cksum | cut -d' ' -f1) % 500))
port=${CSBA_TEST_PG_PORT:-$default_port}
dir=${CSBA_TEST_PG_DIR:-/tmp/csba-test-pg-$port}
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if ! as_owner "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" = "0" ] && chown postgres "$dir"
    as_owner "$bindir/initdb" -D "$dir" -U csba --auth=trust >/dev/null
  fi
  as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    -w start >/dev/null
fi
echo "postgres://csba@127.0.0.1:$port/csba"

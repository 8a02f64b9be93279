#!/bin/sh
# A throwaway PostgreSQL cluster for one run: initdb into a temp folder, start the server on $PORT
# with $WORK_MEM, remove the folder when it stops. As root it runs the server as the postgres user
# (the server refuses root).
set -eu
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DATA=$(mktemp -d "${TMPDIR:-/tmp}/memgate-pg.XXXXXX")
trap 'rm -rf "$DATA"' EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
as_pg "$BIN/initdb" -D "$DATA/data" -U postgres --auth=trust --no-sync >/dev/null
as_pg "$BIN/postgres" -D "$DATA/data" -k "$DATA" -p "$PORT" -c listen_addresses=127.0.0.1 \
  -c shared_buffers=16MB -c fsync=off -c work_mem="$WORK_MEM" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null' TERM INT
wait $pid || wait $pid

#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1:${PGPORT:-5432} with a `taskapi` database (trust auth).
# Installs PostgreSQL from Debian packages when it is missing. Prints the DATABASE_URL to use.
set -euo pipefail
PGPORT=${PGPORT:-5432}
PGDATA=${PGDATA:-/tmp/taskapi-pg}
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if ! as_pg "$PGBIN/pg_isready -q -h 127.0.0.1 -p $PGPORT"; then
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
    as_pg "$PGBIN/initdb -D $PGDATA -U postgres --auth=trust -E UTF8 >/dev/null"
  fi
  as_pg "$PGBIN/pg_ctl -D $PGDATA -o '-c listen_addresses=127.0.0.1 -p $PGPORT -c max_connections=200 -c fsync=off' -l $PGDATA/server.log -w start >/dev/null"
fi
as_pg "$PGBIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='taskapi'\"" | grep -q 1 \
  || as_pg "$PGBIN/createdb -h 127.0.0.1 -p $PGPORT -U postgres taskapi"
echo "postgres://postgres@127.0.0.1:$PGPORT/taskapi"

#!/bin/bash
# Starts PostgreSQL in the foreground (exec: the postmaster is the container's process, so SIGTERM
# stops it cleanly). First start: initdb in $PGDATA with superuser "postgres" and the password in
# $POSTGRES_PASSWORD (scram-sha-256), UTF8, locale C. Listens on every interface; connections
# from anywhere need the password (the NetworkPolicy admits only the services and migration jobs).
# The Unix socket goes to /tmp, so the root file system can stay read-only.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
: "${PGDATA:?}"
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required to initialise the database}"
  mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  "$BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "host all all ::/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
fi
# max_connections: the services' connection budget (docs/deployment.md#connection-budget).
exec "$BIN/postgres" -D "$PGDATA" -c listen_addresses='*' -c port=5432 \
  -c unix_socket_directories=/tmp -c max_connections="${POSTGRES_MAX_CONNECTIONS:-300}"

#!/usr/bin/env bash
# Runs a private PostgreSQL server in the FOREGROUND (the final step is `exec`), so the PID the
# supervisor (Aspire executable resource / test fixture) holds is the postmaster itself and
# SIGTERM (smart) / SIGINT (fast) shut it down cleanly. Logs go to stderr.
#
# Usage: postgres.sh --data DIR --port PORT [--password PW | env PEER_INFRA_PASSWORD] [--fast]
#   First start (no DIR/PG_VERSION): initdb with superuser "postgres", scram-sha-256, UTF8, locale C.
#   Later starts use the major version that made DIR (a server cannot open another major's data).
#   --password only takes effect at initdb; later starts keep the stored password.
#   --fast: fsync/synchronous_commit/full_page_writes off (tests only: a crash can corrupt DIR).
#   PORT must be free on 127.0.0.1; if not, it stops at once naming what holds it (ports.sh).
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }
# shellcheck source=ports.sh
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"
PORTS_WHO=postgres.sh

# The password may come from PEER_INFRA_PASSWORD instead, so it never shows in `ps`.
DATA= PORT= PW=${PEER_INFRA_PASSWORD:-} FAST=0
while (( $# )); do
  case "$1" in
    --data) DATA=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    --password) PW=${2:?}; shift 2 ;;
    --fast) FAST=1; shift ;;
    *) die "unknown argument '$1' (usage: --data DIR --port PORT --password PW [--fast])" ;;
  esac
done
[[ -n "$DATA" && -n "$PW" && "$PORT" =~ ^[0-9]+$ ]] || die "usage: --data DIR --port PORT --password PW [--fast]"

ports_check "$PORT:PostgreSQL" || die "cannot listen on 127.0.0.1:$PORT; stop what holds it, or choose another port"

# Newest installed major version, unless DIR was made by another one (below).
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[[ -n "$BIN" && -x "$BIN/postgres" ]] || die "no PostgreSQL server in /usr/lib/postgresql/*/bin (run scripts/infra/prereqs.sh)"

mkdir -p "$DATA"
DATA=$(realpath "$DATA")   # relative paths would break once postgres chdirs into DATA
if [[ -f "$DATA/PG_VERSION" ]]; then
  made=$(cat "$DATA/PG_VERSION")
  if [[ -x "/usr/lib/postgresql/$made/bin/postgres" ]]; then
    BIN=/usr/lib/postgresql/$made/bin
  else
    die "$DATA was made by PostgreSQL $made, but PostgreSQL $made is not installed here (the newest is $(basename "$(dirname "$BIN")")): a server cannot open another major version's data. It holds only local development data: move it aside (mv '$DATA' '$DATA.pg$made') and start again, which makes a new one (or install PostgreSQL $made)."
  fi
fi

# postgres/initdb refuse to run as root: drop to the postgres user with setpriv, which execs
# (runuser/su fork and would leave a wrapper process between the supervisor and the postmaster).
AS=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user"
  AS=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  [[ $(stat -c %U "$DATA") == postgres ]] || chown -R postgres:postgres "$DATA"
  # Every parent must be traversable by postgres; we don't chmod parents (e.g. /root) behind the user's back.
  if ! "${AS[@]}" test -x "$DATA" -a -w "$DATA"; then
    p=$DATA
    while [[ "$p" != / ]]; do p=$(dirname "$p"); "${AS[@]}" test -x "$p" || break; done
    die "user 'postgres' cannot reach $DATA (blocked at $p). Pick a path whose parents are world-traversable, or 'chmod o+x' them."
  fi
fi
chmod 700 "$DATA"
cd "$DATA"   # initdb fails if the cwd is unreadable by postgres (e.g. /root)

if [[ ! -f "$DATA/PG_VERSION" ]]; then
  [[ -z "$(ls -A "$DATA")" ]] || die "$DATA is not empty and has no PG_VERSION; refusing to initdb over it"
  echo "postgres.sh: initdb in $DATA" >&2
  # Password goes through a file (not argv) readable only by the server user; deleted right after.
  pwfile=$(mktemp)
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$PW" > "$pwfile"
  [[ ${#AS[@]} -eq 0 ]] || chown postgres "$pwfile"
  "${AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C >&2
  rm -f "$pwfile"; trap - EXIT
fi

# A postmaster.pid left by a killed server blocks startup if its PID looks alive. PID 1 here reaps
# slowly, so a dead postmaster can stay <defunct>: treat missing or zombie PIDs as stale, and PIDs
# that now belong to another program (a .data/ kept across a reboot).
if [[ -f "$DATA/postmaster.pid" ]]; then
  old=$(head -n1 "$DATA/postmaster.pid")
  state=$(ps -o stat= -p "$old" 2>/dev/null || true)
  if [[ -z "$state" || "$state" == Z* || "$(ps -o comm= -p "$old" 2>/dev/null)" != postgres ]]; then rm -f "$DATA/postmaster.pid"
  else die "another PostgreSQL (PID $old) is running on $DATA: is another run of the suite still going? Stop it first (./peer stop)"; fi
fi

# Unix socket lives in DATA; socket paths are limited to 107 bytes, so fall back to TCP only.
SOCKDIR=$DATA
if (( ${#DATA} + 16 > 107 )); then
  echo "postgres.sh: $DATA is too long for a Unix socket path; TCP only" >&2; SOCKDIR=
fi

OPTS=(-D "$DATA" -c listen_addresses=127.0.0.1 -c port="$PORT"
      -c unix_socket_directories="$SOCKDIR" -c max_connections=200)
(( FAST )) && OPTS+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)

exec "${AS[@]}" "$BIN/postgres" "${OPTS[@]}"

#!/usr/bin/env bash
# Ensures the local infrastructure binaries exist:
#   - PostgreSQL server >= 15 (/usr/lib/postgresql/<ver>/bin/postgres)
#   - RabbitMQ (/usr/lib/rabbitmq/bin/rabbitmq-server) and Erlang's epmd
#   - Node.js with npm, the Kubernetes API's schemas the unit tests check the manifests against
#     offline (deploy/kubernetes/schema), and the TypeScript client's generator and compiler
#     (clients/typescript): npm ci in each, again whenever its lock file changes
#   - with --containers, what ./peer images and ./peer cluster need: podman, runc, debootstrap,
#     the CNI DNS plugin (pods find each other by name) and catatonit (the pods' init)
#   - with --browser, what the portal's browser tests need: Debian's chromium and chromium-driver
#     (no browser can be downloaded here; the tests drive this one headless)
# Installs them with apt-get when root on Debian/Ubuntu; otherwise says what is missing and exits 1.
# Never starts system services: postgres.sh / rabbitmq.sh run private instances instead.
# Usage: prereqs.sh [-v] [--containers] [--browser]     (-v prints where things were found)
set -euo pipefail

VERBOSE=0
CONTAINERS=0
BROWSER=0
for argument in "$@"; do
  case "$argument" in
    -v) VERBOSE=1 ;;
    --containers) CONTAINERS=1 ;;
    --browser) BROWSER=1 ;;
    *) echo "prereqs: unknown option $argument" >&2; exit 2 ;;
  esac
done
log() { if (( VERBOSE )); then echo "prereqs: $*"; fi; }

MIN_PG=15
RABBIT_SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server

# Newest /usr/lib/postgresql/<ver>/bin that has a postgres binary and ver >= MIN_PG; prints dir or nothing.
find_pg() {
  local d ver
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    ver=${d#/usr/lib/postgresql/}; ver=${ver%%/*}
    if [[ "$ver" =~ ^[0-9]+$ ]] && (( ver >= MIN_PG )) && [[ -x "$d/postgres" && -x "$d/initdb" ]]; then
      echo "$d"; return 0
    fi
  done
  return 0
}

# epmd lives under the Erlang runtime, not always on PATH.
find_epmd() {
  command -v epmd 2>/dev/null && return 0
  ls /usr/lib/erlang/erts-*/bin/epmd /usr/lib/erlang/bin/epmd 2>/dev/null | sort -V | tail -n1
}

missing=()
check() {
  missing=()
  PG_BIN=$(find_pg); EPMD=$(find_epmd || true)
  [[ -n "$PG_BIN" ]] || missing+=(postgresql)
  [[ -x "$RABBIT_SERVER" && -n "$EPMD" ]] || missing+=(rabbitmq-server)
  command -v curl >/dev/null || missing+=(curl)   # ./peer run probes the gateway with it
  command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
  if (( BROWSER )); then
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  fi
  if (( CONTAINERS )); then
    local tool
    for tool in podman runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    [[ -x /usr/lib/cni/dnsname ]] || missing+=(golang-github-containernetworking-plugin-dnsname)
    [[ -x /usr/libexec/podman/catatonit || -x /usr/bin/catatonit ]] || missing+=(catatonit)
  fi
}

check
if (( ${#missing[@]} > 0 )); then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "prereqs: missing ${missing[*]} (need PostgreSQL >= $MIN_PG server binaries in /usr/lib/postgresql/*/bin," >&2
    echo "         RabbitMQ at $RABBIT_SERVER and Erlang epmd, Node.js and npm). Install them, e.g. as root:" >&2
    echo "         apt-get install --no-install-recommends postgresql rabbitmq-server nodejs npm" >&2
    exit 1
  fi
  echo "prereqs: installing ${missing[*]} via apt-get" >&2
  # Only install what is missing. Package postinsts may try to start services; policy-rc.d may
  # refuse (fine) or a default cluster may start (harmless; our scripts never use it).
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
  # apt-get update only when needed: lists are empty or the install fails (stale lists).
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    apt-get update >&2
    install
  elif ! install; then
    apt-get update >&2
    install
  fi
  check
  if (( ${#missing[@]} > 0 )); then
    echo "prereqs: still missing after install: ${missing[*]}" >&2
    exit 1
  fi
fi

# npm packages, each installed beside its lock file; a stamp records which lock file they came
# from, so a changed lock file installs them again: the Kubernetes schemas, and what the
# TypeScript client is generated and compiled with (clients/typescript).
npm_install() {
  local dir=$1 what=$2
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.peer-installed-from" 2>/dev/null; then
    echo "prereqs: installing $what (npm ci in ${dir#"$REPO/"})" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || { echo "prereqs: npm ci failed in $dir" >&2; exit 1; }
    cp "$dir/package-lock.json" "$dir/node_modules/.peer-installed-from"
  fi
}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCHEMA=$REPO/deploy/kubernetes/schema
npm_install "$SCHEMA" "the Kubernetes schemas"
npm_install "$REPO/clients/typescript" "the TypeScript client's generator and compiler"

log "postgres: $PG_BIN"
log "rabbitmq: $RABBIT_SERVER"
log "epmd:     $EPMD"
log "schemas:  $SCHEMA/node_modules"

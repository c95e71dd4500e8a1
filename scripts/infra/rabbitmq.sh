#!/usr/bin/env bash
# Runs an isolated, loopback-only RabbitMQ node in the foreground for a supervisor (Aspire
# executable resource / test fixture). Everything lives under DIR; /etc/rabbitmq and
# /var/lib/rabbitmq are never used. Logs go to stdout.
#
# Usage: rabbitmq.sh --data DIR --port AMQP_PORT --user U [--password P | env PEER_INFRA_PASSWORD]
#                    [--dist-port N] [--epmd-port N] [--management-port N]
#   Node name: peer-<AMQP_PORT>@localhost (keep the same port to restart on the same DIR).
#   Defaults:  epmd port = AMQP_PORT+10000, dist port = AMQP_PORT+20000; when that would exceed
#              65535 the offset is subtracted instead. Both must be free, else pass them explicitly.
#   Every port must be free on 127.0.0.1; if one is not, it stops at once naming what holds it
#   (ports.sh). Keep all of them outside the kernel's ephemeral range (32768-60999).
#   --user/--password only take effect when the node's database is first created.
#   CLI access: `source DIR/cli.env; /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODENAME" status`
#   (not /usr/sbin/rabbitmqctl: that wrapper switches to user rabbitmq and its HOME/cookie).
#
# Process handling: epmd "outlives the node and any CLI call starts one", so we run our OWN epmd
# (PID recorded), start the server in the background, forward SIGTERM/SIGINT to it, wait, then
# stop epmd and exit with the server's status.
set -euo pipefail

# A background job of a non-interactive shell (e.g. `rabbitmq.sh ... &` in a test) starts with SIGINT
# ignored, and bash can't trap a signal ignored on entry: re-exec once with default dispositions.
if [[ -z "${_RMQ_SIG_RESET:-}" ]] && (( 0x$(awk '/^SigIgn/{print $2}' /proc/$$/status) & 0x4002 )) \
   && env --default-signal=INT true 2>/dev/null; then
  _RMQ_SIG_RESET=1 exec env --default-signal=INT,TERM "$BASH" "$0" "$@"
fi

die() { echo "rabbitmq.sh: $*" >&2; exit 1; }
# shellcheck source=ports.sh
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"
PORTS_WHO=rabbitmq.sh
usage="--data DIR --port AMQP_PORT --user U --password P [--dist-port N] [--epmd-port N] [--management-port N]"

# The password may come from PEER_INFRA_PASSWORD instead, so it never shows in `ps`.
DATA= PORT= USR= PW=${PEER_INFRA_PASSWORD:-} DIST= EPMD_PORT= MGMT=
while (( $# )); do
  case "$1" in
    --data) DATA=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    --user) USR=${2:?}; shift 2 ;;
    --password) PW=${2:?}; shift 2 ;;
    --dist-port) DIST=${2:?}; shift 2 ;;
    --epmd-port) EPMD_PORT=${2:?}; shift 2 ;;
    --management-port) MGMT=${2:?}; shift 2 ;;
    *) die "unknown argument '$1' (usage: $usage)" ;;
  esac
done
[[ -n "$DATA" && -n "$USR" && -n "$PW" && "$PORT" =~ ^[0-9]+$ ]] || die "usage: $usage"

RMQ=/usr/lib/rabbitmq/bin/rabbitmq-server   # the real script; /usr/sbin wrapper would su to 'rabbitmq'
[[ -x "$RMQ" ]] || die "$RMQ missing (run scripts/infra/prereqs.sh)"
EPMD=$(command -v epmd || ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | tail -n1)
[[ -x "$EPMD" ]] || die "epmd not found (run scripts/infra/prereqs.sh)"

EPMD_PORT=${EPMD_PORT:-$(rabbitmq_derived_port "$PORT" 10000)}
DIST=${DIST:-$(rabbitmq_derived_port "$PORT" 20000)}
ports_check "$PORT:RabbitMQ AMQP" "$EPMD_PORT:Erlang epmd, AMQP port+10000" "$DIST:Erlang distribution, AMQP port+20000" \
    ${MGMT:+"$MGMT:RabbitMQ management"} \
  || die "cannot listen on every port it needs; stop what holds them, or choose another AMQP port (or --epmd-port/--dist-port)"

mkdir -p "$DATA"
DATA=$(realpath "$DATA")
mkdir -p "$DATA/home" "$DATA/mnesia" "$DATA/log"
# Erlang nodes authenticate with $HOME/.erlang.cookie (must be mode 400); server and CLI share it.
if [[ ! -s "$DATA/home/.erlang.cookie" ]]; then
  (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$DATA/home/.erlang.cookie")
fi
chmod 400 "$DATA/home/.erlang.cookie"

# Rewritten each start so port/credential args always match. listeners.tcp.1 binds loopback only
# (listeners.tcp.default would bind all interfaces); loopback_users=none lets U connect over it.
{
  echo "listeners.tcp.1 = 127.0.0.1:$PORT"
  echo "default_user = $USR"
  echo "default_pass = $PW"
  echo "loopback_users = none"
  if [[ -n "$MGMT" ]]; then
    echo "management.tcp.ip = 127.0.0.1"
    echo "management.tcp.port = $MGMT"
  fi
} > "$DATA/rabbitmq.conf"
chmod 600 "$DATA/rabbitmq.conf"
# Offline plugin enabling = writing the enabled_plugins file (deps are resolved at boot).
if [[ -n "$MGMT" ]]; then echo '[rabbitmq_management].' ; else echo '[].'; fi > "$DATA/enabled_plugins"
: > "$DATA/rabbitmq-env.conf"   # empty: stops /etc/rabbitmq/rabbitmq-env.conf being sourced

export HOME="$DATA/home"
export RABBITMQ_NODENAME="peer-$PORT@localhost"   # localhost: don't depend on hostname resolution
# The node's database is named after the node, so one made on another AMQP port is not this
# node's: it starts empty beside it (nothing fails, but queued messages are not carried over).
for other in "$DATA"/mnesia/peer-*@localhost; do
  [[ -d "$other" && "$(basename "$other")" != "$RABBITMQ_NODENAME" ]] || continue
  echo "rabbitmq.sh: note: $other is the broker of node $(basename "$other"), from a run on another AMQP port;" \
       "this node ($RABBITMQ_NODENAME) does not use it and starts without its queues and messages." \
       "It holds only local development data: delete it ('rm -rf $other $other-*') when not needed." >&2
done
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$PORT" RABBITMQ_DIST_PORT="$DIST"
export RABBITMQ_MNESIA_BASE="$DATA/mnesia" RABBITMQ_LOG_BASE="$DATA/log" RABBITMQ_LOGS=-
export RABBITMQ_CONFIG_FILE="$DATA/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$DATA/enabled_plugins"
export RABBITMQ_PID_FILE="$DATA/rabbitmq.pid" RABBITMQ_CONF_ENV_FILE="$DATA/rabbitmq-env.conf"
export ERL_EPMD_PORT="$EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1
# +B i: the VM ignores SIGINT (a terminal Ctrl-C must not halt it abruptly; we turn INT into TERM).
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} +B i"
# rabbitmq-server normally runs beam in the background behind a sh signal proxy that always exits 0
# (a crashed node looks like a clean stop). With this set it execs beam directly, so our child IS
# beam.smp: SIGTERM gives a graceful stop and we see its real exit status. (Systemd notification
# itself keys on NOTIFY_SOCKET, which stays unset.)
export RUNNING_UNDER_SYSTEMD=true

# Environment for CLI tools (rabbitmqctl/rabbitmq-diagnostics) against this node.
{
  for v in HOME RABBITMQ_NODENAME ERL_EPMD_PORT ERL_EPMD_ADDRESS RABBITMQ_CONF_ENV_FILE; do
    printf 'export %s=%q\n' "$v" "${!v}"
  done
} > "$DATA/cli.env"

epmd_pid= server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [[ -n "$epmd_pid" ]]; then kill -TERM "$epmd_pid" 2>/dev/null || true; wait "$epmd_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
# Forward, don't die: the server stops cleanly and we wait for it.
trap 'if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; else exit 143; fi' TERM INT

# --pdeathsig: if this script is SIGKILLed, epmd and beam still get SIGTERM (no orphans holding ports).
PDS=()
setpriv --pdeathsig TERM -- true 2>/dev/null && PDS=(setpriv --pdeathsig TERM --)

"${PDS[@]}" "$EPMD" -port "$EPMD_PORT" -address 127.0.0.1 &
epmd_pid=$!
# The node must find OUR epmd, or Erlang would spawn a daemonised one that nobody stops.
# (`epmd -names` speaks the protocol; a bare TCP probe makes epmd log "partial packet" noise.)
for _ in $(seq 50); do "$EPMD" -port "$EPMD_PORT" -names >/dev/null 2>&1 && break; sleep 0.1; done
"$EPMD" -port "$EPMD_PORT" -names >/dev/null 2>&1 || die "epmd did not start on 127.0.0.1:$EPMD_PORT"

"${PDS[@]}" "$RMQ" &
server_pid=$!
# `wait` returns early when a trapped signal arrives; keep waiting until the server is reaped.
rc=0
while :; do
  wait "$server_pid" && rc=0 || rc=$?
  ps -o stat= -p "$server_pid" >/dev/null 2>&1 || break
done
server_pid=
exit "$rc"

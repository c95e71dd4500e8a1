#!/bin/bash
# Runs one RabbitMQ node in the foreground, everything under /var/lib/rabbitmq (the data volume)
# and /tmp, so the root file system can stay read-only. The user and password in
# $RABBITMQ_DEFAULT_USER / $RABBITMQ_DEFAULT_PASS are created with the node's database (first
# start). The node is rabbit@localhost whatever the pod's name, so a restarted pod finds its
# database (it is named after the node). Same approach as scripts/infra/rabbitmq.sh.
set -euo pipefail
: "${RABBITMQ_DEFAULT_USER:?}" "${RABBITMQ_DEFAULT_PASS:?}"
DATA=/var/lib/rabbitmq
mkdir -p "$DATA/mnesia" "$DATA/home"
if [[ ! -s "$DATA/home/.erlang.cookie" ]]; then
  (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$DATA/home/.erlang.cookie")
fi
chmod 400 "$DATA/home/.erlang.cookie"
(umask 077; {
  echo "listeners.tcp.default = 5672"
  echo "default_user = $RABBITMQ_DEFAULT_USER"
  echo "default_pass = $RABBITMQ_DEFAULT_PASS"
  echo "loopback_users = none"
  echo "vm_memory_high_watermark.absolute = ${RABBITMQ_MEMORY_HIGH_WATERMARK:-400MiB}"
} > /tmp/rabbitmq.conf)
echo '[].' > /tmp/enabled_plugins
: > /tmp/rabbitmq-env.conf
export HOME="$DATA/home" RABBITMQ_NODENAME=rabbit@localhost
export RABBITMQ_MNESIA_BASE="$DATA/mnesia" RABBITMQ_LOG_BASE=/tmp RABBITMQ_LOGS=-
export RABBITMQ_CONFIG_FILE=/tmp/rabbitmq.conf RABBITMQ_ENABLED_PLUGINS_FILE=/tmp/enabled_plugins
export RABBITMQ_CONF_ENV_FILE=/tmp/rabbitmq-env.conf RABBITMQ_PID_FILE=/tmp/rabbitmq.pid
export ERL_CRASH_DUMP=/tmp/erl_crash.dump
# The server execs beam directly instead of keeping a shell that always exits 0 (rabbitmq.sh).
export RUNNING_UNDER_SYSTEMD=true
exec /usr/lib/rabbitmq/bin/rabbitmq-server

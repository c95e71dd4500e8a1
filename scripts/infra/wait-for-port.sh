#!/usr/bin/env bash
# Waits until HOST:PORT accepts a TCP connection (bash /dev/tcp, no nc needed).
# Usage: wait-for-port.sh HOST PORT TIMEOUT_SECONDS    -> exit 0 when open, 1 on timeout.
# Note: a TCP accept only proves something listens (e.g. an Aspire proxy); speak the protocol for health.
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 HOST PORT TIMEOUT_SECONDS" >&2; exit 2; }
host=$1 port=$2 timeout=$3
deadline=$(( SECONDS + timeout ))
while (( SECONDS < deadline )); do
  # Subshell so the fd closes at once; `timeout 1` guards against a black-holed connect.
  if timeout 1 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then exit 0; fi
  sleep 0.2
done
echo "wait-for-port: $host:$port not open after ${timeout}s" >&2
exit 1

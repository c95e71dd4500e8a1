#!/usr/bin/env bash
# Checks that loopback TCP ports are free before a server binds them, and names what holds one
# that is not. Sourced by postgres.sh, rabbitmq.sh and ./peer; also runs on its own:
#
#   scripts/infra/ports.sh [--localhost] PORT[:LABEL]...
#     Exit 0 when every PORT can be bound on 127.0.0.1 (--localhost: and on ::1 where the machine
#     has IPv6, as a server bound to "localhost" needs). Otherwise one line per taken port on
#     stderr, e.g. "port 7672 (RabbitMQ AMQP) on 127.0.0.1 is taken: python3 (pid 4242) listens
#     on it", and exit 1.
#
# Free means what a server needs: a socket with SO_REUSEADDR (as PostgreSQL, Erlang and Kestrel
# set) can bind and listen there. A connect probe is not enough: a port held by the local end of
# an outgoing connection, or of one in TIME_WAIT (made without SO_REUSEADDR, as most clients are),
# accepts no connection yet cannot be bound. Any port inside the kernel's ephemeral range
# (net.ipv4.ip_local_port_range, 32768-60999 by default) can be taken that way at any moment, so a
# port there gets a warning.

# 0: free; 1: taken; 2: that loopback address does not exist here (no IPv6). Needs perl (Debian
# and Ubuntu always have it); without it, a port is taken when ss shows a socket on it.
port_bindable() {
  local family=$1 port=$2
  if command -v perl >/dev/null 2>&1; then
    perl -MSocket=:all -MErrno -e '
      my ($family, $port) = @ARGV;
      my ($domain, $address) = $family eq "6"
        ? (AF_INET6, pack_sockaddr_in6($port, inet_pton(AF_INET6, "::1")))
        : (AF_INET, pack_sockaddr_in($port, inet_aton("127.0.0.1")));
      socket(my $s, $domain, SOCK_STREAM, 0) or exit 2;
      setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1);
      setsockopt($s, IPPROTO_IPV6, IPV6_V6ONLY, 1) if $family eq "6";
      exit 0 if bind($s, $address) && listen($s, 1);
      exit($!{EADDRNOTAVAIL} || $!{EAFNOSUPPORT} ? 2 : 1);' "$family" "$port"
  else
    [[ "$family" == 4 ]] || return 2
    [[ -z "$(ss -Htan "sport = :$port" 2>/dev/null)" ]]
  fi
}

# What holds PORT, in words, from `ss` (root sees every process; others see their own).
port_holder() {
  local port=$1
  if ! command -v ss >/dev/null 2>&1; then
    echo "something holds it (install iproute2 for 'ss' to see what)"
    return
  fi
  # A listener says it all; otherwise the connections whose local end it is (an outgoing
  # connection took it as its source port), then those in TIME_WAIT.
  ss -Htanp "sport = :$port" 2>/dev/null | awk '
    function add(list, text) { if (!((list, text) in seen)) { seen[list, text] = 1; out[list] = out[list] (out[list] == "" ? "" : "; ") text; count[list]++ } }
    {
      state = $1; peer = $5; who = ""
      if (match($0, /users:\(\("[^"]*",pid=[0-9]+/)) {
        split(substr($0, RSTART + 9, RLENGTH - 9), part, /",pid=/)
        # ss cuts names at 15 characters ("PeerPlatform.Ga"): name the program it runs instead.
        name = part[1]; command = "ps -o args= -p " part[2]
        if ((command | getline args) > 0) { split(args, word, " "); n = split(word[1], path, "/"); if (path[n] != "") name = path[n] }
        close(command)
        who = name " (pid " part[2] ")"
      }
      if (state == "LISTEN") add("listen", (who != "" ? who : "a process this user cannot see") " listens on it")
      else if (state == "TIME-WAIT") { waiting++; if (waiting == 1) firstpeer = peer }
      else if (count["conn"] < 3) add("conn", "the local end of a connection to " peer " (" state ") holds it" (who != "" ? ", owned by " who : ""))
    }
    END {
      if (out["listen"] != "") print out["listen"]
      else if (out["conn"] != "") print out["conn"]
      else if (waiting) print (waiting == 1 ? "a closed connection" : waiting " closed connections") " (to " firstpeer (waiting > 1 ? " and others" : "") ") in TIME_WAIT " (waiting == 1 ? "holds" : "hold") " it; the kernel frees it within 60 s"
      else print "in use (no socket visible to ss: another network namespace, or freed just now)"
    }'
}

# The ephemeral range as "LOW HIGH".
ephemeral_range() {
  cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo "32768 60999"
}

# RabbitMQ's Erlang ports derived from the AMQP port (rabbitmq.sh): AMQP+OFFSET, or AMQP-OFFSET
# when that would pass 65535.
rabbitmq_derived_port() {
  local p=$(( $1 + $2 ))
  (( p <= 65535 )) || p=$(( $1 - $2 ))
  echo "$p"
}

# ports_check [--localhost] PORT[:LABEL]... -> 0 when all are free; else a line per taken port on
# stderr (prefixed with $PORTS_WHO:) and 1. A port in the ephemeral range gets a warning.
ports_check() {
  local localhost=0 spec port label taken=0 low high rc
  if [[ "${1:-}" == "--localhost" ]]; then localhost=1; shift; fi
  read -r low high < <(ephemeral_range)
  for spec in "$@"; do
    port=${spec%%:*}; label=${spec#*:}
    [[ "$label" == "$spec" ]] && label= || label=" ($label)"
    if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1 || port > 65535 )); then
      echo "${PORTS_WHO:-ports}: '$port'$label is not a TCP port" >&2; taken=1; continue
    fi
    if (( port >= low && port <= high )); then
      echo "${PORTS_WHO:-ports}: warning: port $port$label is inside the kernel's ephemeral range ($low-$high): any outgoing connection may take it; choose one outside" >&2
    fi
    rc=0; port_bindable 4 "$port" || rc=$?
    if (( rc == 0 && localhost )); then
      port_bindable 6 "$port" || rc=$?
      (( rc == 2 )) && rc=0
      (( rc == 0 )) || { echo "${PORTS_WHO:-ports}: port $port$label on ::1 is taken: $(port_holder "$port")" >&2; taken=1; continue; }
    fi
    if (( rc != 0 )); then
      echo "${PORTS_WHO:-ports}: port $port$label on 127.0.0.1 is taken: $(port_holder "$port")" >&2
      taken=1
    fi
  done
  return "$taken"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  (( $# > 0 )) || { echo "usage: $0 [--localhost] PORT[:LABEL]..." >&2; exit 2; }
  ports_check "$@"
fi

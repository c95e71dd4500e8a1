#!/usr/bin/env bash
# The local Kubernetes overlay (deploy/kubernetes/local) run with podman's `kube play`:
#
#   deploy/cluster.sh up [--build]   build the images that are missing (--build: all of them),
#                                    render the overlay as pods podman can play, start PostgreSQL
#                                    and RabbitMQ, run the migration jobs to completion, start the
#                                    services and wait until the gateway is healthy at
#                                    http://127.0.0.1:30080 (gRPC: 30081)
#   deploy/cluster.sh down [--volumes]  remove the pods (--volumes: and the databases' data)
#   deploy/cluster.sh status         the pods and their containers' state
#   deploy/cluster.sh test           up, then the end-to-end tests against it (Category=Cluster)
#
# Settings (environment):
#   PEER_CLUSTER_REPLICAS   replicas per Deployment (default: "referral=2 outcomes=2 supervision=2";
#                           the overlay's own is 1)
# Needs root and podman, runc and the CNI DNS plugin (scripts/infra/prereqs.sh --containers
# installs them). docs/deployment.md#the-local-overlay-on-podman.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/deploy/podman/containers.conf}

NETWORK=peerplatform
STATE=$ROOT/.data/cluster
PLAN=$STATE/plan.tsv
GATEWAY=http://127.0.0.1:30080
read -r -a REPLICAS <<< "${PEER_CLUSTER_REPLICAS:-referral=2 outcomes=2 supervision=2}"
IMAGES=(identity referral workforce supervision outcomes integrations gateway portal fhir postgres rabbitmq)

die() { echo "cluster: $*" >&2; exit 1; }
step() { echo "cluster: $*"; }

need_podman() {
  [[ $(id -u) -eq 0 ]] || die "run as root (podman as root here)"
  # podman, runc, the CNI DNS plugin (pods find each other by name), debootstrap for the images.
  bash scripts/infra/prereqs.sh --containers
}

# The overlay rendered as one pod per file, and the plan: volumes, then pods in the order to play.
render() {
  dotnet build deploy/PeerPlatform.Deploy -c Debug -nologo -v quiet -clp:ErrorsOnly >/dev/null
  rm -rf "$STATE" && mkdir -p "$STATE"
  dotnet deploy/PeerPlatform.Deploy/bin/Debug/net10.0/PeerPlatform.Deploy.dll podman deploy/kubernetes/local "$STATE" "${REPLICAS[@]}"
}

pods_of() { awk -F'\t' -v stage="$1" '$1 == stage { print $2 }' "$PLAN"; }
container_of() { awk -F'\t' -v pod="$1" '$2 == pod { print $3 }' "$PLAN"; }
file_of() { awk -F'\t' -v pod="$1" '$2 == pod { print $4 }' "$PLAN"; }

play() {
  local pod=$1
  if podman pod exists "$pod"; then
    step "$pod is already there"
    return
  fi
  # Podman runs probes as systemd timers; without systemd (as here) it says so for every pod and
  # runs none, which the waits below stand in for.
  podman kube play --network "$NETWORK" --start "$(file_of "$pod")" 2>&1 >/dev/null \
    | { grep -v 'unable to get systemd connection' || true; } >&2
}

state() { podman inspect --format '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' "$1" 2>/dev/null || echo "missing 0 0"; }

# Waits for `podman exec CONTAINER COMMAND...` to succeed, at most $1 s.
wait_exec() {
  local deadline=$((SECONDS + $1)) container=$2
  shift 2
  until podman exec "$container" "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { podman logs --tail 20 "$container" >&2 || true; die "$container did not become ready"; }
    sleep 2
  done
}

wait_job() {
  local container=$1 deadline=$((SECONDS + 300)) status code restarts
  while true; do
    read -r status code restarts <<< "$(state "$container")"
    [[ "$status" == exited && "$code" == 0 ]] && return 0
    if (( SECONDS > deadline || restarts > 5 )); then
      podman logs --tail 30 "$container" >&2 || true
      die "migration $container did not finish (state $status, exit $code, $restarts restarts)"
    fi
    sleep 2
  done
}

wait_gateway() {
  local deadline=$((SECONDS + 300)) pod
  until curl -fsS "$GATEWAY/health" >/dev/null 2>&1; do
    for pod in $(pods_of service); do
      local status code restarts
      read -r status code restarts <<< "$(state "$(container_of "$pod")")"
      if (( restarts > 3 )); then
        podman logs --tail 30 "$(container_of "$pod")" >&2 || true
        die "$pod keeps restarting (exit $code)"
      fi
    done
    (( SECONDS < deadline )) || die "the gateway did not answer $GATEWAY/health within 300 s (deploy/cluster.sh status)"
    sleep 3
  done
}

up() {
  need_podman
  local started=$SECONDS missing=() image build=${1:-}
  for image in "${IMAGES[@]}"; do
    if [[ "$build" == --build ]] || ! podman image exists "localhost/peerplatform/$image:local"; then missing+=("$image"); fi
  done
  if (( ${#missing[@]} )); then
    step "building images: ${missing[*]}"
    PEER_IMAGE_TAG=local bash deploy/images.sh "${missing[@]}"
  fi
  render
  podman network exists "$NETWORK" || podman network create "$NETWORK" >/dev/null
  local volume
  for volume in $(awk -F'\t' '$1 == "volume" { print $2 }' "$PLAN"); do
    podman volume exists "$volume" || podman volume create "$volume" >/dev/null
  done

  local pod
  for pod in $(pods_of infrastructure); do play "$pod"; done
  wait_exec 120 "$(container_of postgres)" /usr/lib/postgresql/15/bin/pg_isready -h 127.0.0.1 -p 5432 -U postgres
  wait_exec 120 "$(container_of rabbitmq)" bash -c "echo > /dev/tcp/127.0.0.1/5672"
  step "PostgreSQL and RabbitMQ ready ($((SECONDS - started)) s)"

  for pod in $(pods_of migration); do play "$pod"; done
  for pod in $(pods_of migration); do wait_job "$(container_of "$pod")"; done
  step "migrations applied ($((SECONDS - started)) s)"

  for pod in $(pods_of service); do play "$pod"; done
  wait_gateway
  step "up in $((SECONDS - started)) s: gateway $GATEWAY (REST), http://127.0.0.1:30081 (gRPC); pods: $(pods_of service | paste -sd' ' -)"
}

down() {
  need_podman
  local pods
  pods=$(podman pod ps --filter label=app.kubernetes.io/part-of=peerplatform --format '{{.Name}}')
  if [[ -n "$pods" ]]; then
    # shellcheck disable=SC2086
    podman pod rm --force --time 20 $pods 2>&1 >/dev/null | { grep -v 'unable to get systemd connection\|Removing volume' || true; } >&2
    step "removed pods: $(echo $pods | tr '\n' ' ')"
  fi
  # The pods' own scratch volumes (their emptyDirs).
  local scratch
  for scratch in $( [[ -f "$PLAN" ]] && awk -F'\t' '$1 == "scratch" { print $2 }' "$PLAN"); do
    podman volume exists "$scratch" && podman volume rm "$scratch" >/dev/null
  done
  if [[ "${1:-}" == --volumes ]]; then
    local volume
    for volume in postgres-data rabbitmq-data; do
      podman volume exists "$volume" && podman volume rm "$volume" >/dev/null && step "removed volume $volume"
    done
  fi
  podman network exists "$NETWORK" && podman network rm "$NETWORK" >/dev/null || true
}

status() {
  need_podman
  podman ps --all --filter label=app.kubernetes.io/part-of=peerplatform \
    --format 'table {{.Names}}\t{{.Status}}\t{{.Ports}}'
}

cluster_test() {
  up
  echo "cluster: building the tests ..."
  dotnet build tests/PeerPlatform.EndToEndTests -c Debug -nologo -v quiet -clp:ErrorsOnly
  local results=TestResults/cluster started=$SECONDS status=0
  rm -rf "$results"
  dotnet test tests/PeerPlatform.EndToEndTests --no-build -c Debug --nologo --filter "Category=Cluster" \
    --logger "trx;LogFileName=cluster.trx" --logger "console;verbosity=detailed" --results-directory "$results" || status=1
  step "tests took $((SECONDS - started)) s"
  grep -ho '<Counters [^>]*>' "$results"/*.trx | sed -E 's/.*passed="([0-9]+)".*failed="([0-9]+)".*/\1 passed, \2 failed/'
  return $status
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  status) status ;;
  test) cluster_test ;;
  *) die "usage: deploy/cluster.sh up [--build] | down [--volumes] | status | test" ;;
esac

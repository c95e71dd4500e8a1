#!/usr/bin/env bash
# Builds PeerPlatform's container images with podman, pulling nothing from a registry:
#
#   localhost/peerplatform/runtime-deps:bookworm   Debian bookworm minbase + libssl3, ca-certificates,
#                                                  tzdata and user 1654 (made with debootstrap when missing;
#                                                  skipped when PEER_BASE_IMAGE names another base)
#   localhost/peerplatform/dotnet-runtime:10.0     + the .NET and ASP.NET Core runtime, from the SDK
#   localhost/peerplatform/<process>:TAG           + one process's publish output (identity, referral,
#                                                  workforce, supervision, outcomes, integrations,
#                                                  gateway, portal, fhir)
#   localhost/peerplatform/postgres:TAG            PostgreSQL 15 and RabbitMQ from Debian's packages,
#   localhost/peerplatform/rabbitmq:TAG            for the local Kubernetes overlay
#
# Usage: deploy/images.sh [PROCESS ...]     (no argument: every image)
# Settings (environment):
#   PEER_IMAGE_TAG        tag of the images built (default: local, what the local overlay names)
#   PEER_BASE_IMAGE       base with what .NET needs from the OS, e.g. mcr.microsoft.com/dotnet/runtime-deps:10.0
#                         where a registry is reachable (default: the Debian base above)
#   PEER_DEBIAN_MIRROR    where debootstrap fetches Debian's packages (its default otherwise)
# Needs root (debootstrap, podman as root) and podman, runc and debootstrap:
#   apt-get install -y podman runc debootstrap
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# runc and cgroupfs, without touching /etc/containers (deploy/podman/containers.conf says why).
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/deploy/podman/containers.conf}

TAG=${PEER_IMAGE_TAG:-local}
LOCAL_BASE=localhost/peerplatform/runtime-deps:bookworm
BASE=${PEER_BASE_IMAGE:-$LOCAL_BASE}
RUNTIME=localhost/peerplatform/dotnet-runtime:10.0
MIRROR=${PEER_DEBIAN_MIRROR:-}
STAGE=$ROOT/.data/images
# process name -> project; the image of each is localhost/peerplatform/<name>:$TAG.
declare -A PROJECTS=(
  [identity]=services/Identity/PeerPlatform.Identity.csproj
  [referral]=services/Referral/PeerPlatform.Referral.csproj
  [workforce]=services/Workforce/PeerPlatform.Workforce.csproj
  [supervision]=services/Supervision/PeerPlatform.Supervision.csproj
  [outcomes]=services/Outcomes/PeerPlatform.Outcomes.csproj
  [integrations]=services/Integrations/PeerPlatform.Integrations.csproj
  [gateway]=gateway/PeerPlatform.Gateway.csproj
  [portal]=portal/PeerPlatform.Portal.csproj
  [fhir]=fhir/PeerPlatform.Fhir.csproj
)
ORDER=(identity referral workforce supervision outcomes integrations gateway portal fhir postgres rabbitmq)

die() { echo "images: $*" >&2; exit 1; }
step() { echo "images: $*"; }
elapsed() { echo "$(( SECONDS - $1 )) s"; }

[[ $(id -u) -eq 0 ]] || die "run as root (podman as root here, and debootstrap)"
for tool in podman dotnet; do command -v "$tool" >/dev/null || die "'$tool' is not installed (apt-get install -y podman runc debootstrap)"; done
command -v runc >/dev/null || die "runc is not installed (apt-get install -y runc)"

wanted=("$@")
(( ${#wanted[@]} )) || wanted=("${ORDER[@]}")
for name in "${wanted[@]}"; do
  [[ -n "${PROJECTS[$name]:-}" || "$name" == postgres || "$name" == rabbitmq ]] || die "unknown image '$name' (one of: ${ORDER[*]})"
done

exists() { podman image exists "$1"; }

# The Debian base: debootstrap's minbase with the libraries .NET needs (libssl3, ca-certificates)
# and tzdata (the services read Europe/London); no ICU (InvariantGlobalization). Documentation,
# translations and apt's lists are left out, and dpkg is told to leave them out of later installs.
make_base() {
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install -y debootstrap)"
  local started=$SECONDS dir
  dir=$(mktemp -d /var/tmp/peer-base.XXXXXX)
  step "making $LOCAL_BASE with debootstrap (about 1-4 minutes) ..."
  debootstrap --variant=minbase --include=libssl3,ca-certificates,tzdata bookworm "$dir/rootfs" ${MIRROR:+"$MIRROR"} >"$dir/debootstrap.log" 2>&1 \
    || { tail -n 20 "$dir/debootstrap.log" >&2; remove_rootfs "$dir"; die "debootstrap failed"; }
  local r=$dir/rootfs
  cat > "$r/etc/dpkg/dpkg.cfg.d/01-peer-nodoc" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
CFG
  echo 'APT::Install-Recommends "false";' > "$r/etc/apt/apt.conf.d/01-peer-norecommends"
  find "$r/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  rm -rf "$r"/usr/share/{man,info,locale}/* "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* "$r"/var/log/*.log
  # The official .NET images' non-root user.
  echo "app:x:1654:1654::/home/app:/usr/sbin/nologin" >> "$r/etc/passwd"
  echo "app:x:1654:" >> "$r/etc/group"
  echo "app:!:19000::::::" >> "$r/etc/shadow"
  mkdir -p "$r/home/app" && chown 1654:1654 "$r/home/app"
  tar -C "$r" -c . | podman import --quiet --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$LOCAL_BASE" >/dev/null
  remove_rootfs "$dir"
  step "$LOCAL_BASE made in $(elapsed "$started")"
}

# debootstrap mounts /proc and /sys in the tree while it works; never delete through them.
remove_rootfs() {
  umount -R "$1/rootfs/proc" "$1/rootfs/sys" 2>/dev/null || true
  rm -rf --one-file-system "$1"
}

# The runtime the services roll forward to: the newest Microsoft.AspNetCore.App 10.0 of this SDK.
stage_runtime() {
  local dotnet_root version
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  version=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | grep -E '^10\.0\.[0-9]+$' | sort -V | tail -n1)
  [[ -n "$version" && -d "$dotnet_root/shared/Microsoft.NETCore.App/$version" ]] || die "no .NET 10 runtime in $dotnet_root/shared"
  local to=$STAGE/runtime/dotnet
  rm -rf "$STAGE/runtime" && mkdir -p "$to/shared" "$to/host/fxr"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$to/"
  cp -a "$dotnet_root/host/fxr/$(ls "$dotnet_root/host/fxr" | sort -V | tail -n1)" "$to/host/fxr/"
  mkdir -p "$to/shared/Microsoft.NETCore.App" "$to/shared/Microsoft.AspNetCore.App"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$version" "$to/shared/Microsoft.NETCore.App/"
  cp -a "$dotnet_root/shared/Microsoft.AspNetCore.App/$version" "$to/shared/Microsoft.AspNetCore.App/"
  RUNTIME_VERSION=$version
}

# Framework-dependent, linux-x64, Release, into the staging folder, with its own artifacts folder
# so the Debug build ./peer run and ./peer test use is left as it was.
publish() {
  local name=$1 project=${PROJECTS[$1]} out=$STAGE/publish/$1 started=$SECONDS
  rm -rf "$out"
  dotnet publish "$project" -c Release -r linux-x64 --self-contained false -o "$out" \
    --artifacts-path "$STAGE/artifacts" -nologo -v quiet -clp:ErrorsOnly -p:GenerateDocumentationFile=false
  local apphost
  apphost=$(basename "$project" .csproj)
  [[ -x "$out/$apphost" ]] || die "publish of $project made no app host $out/$apphost"
  ln -sfn "$apphost" "$out/service"
  # Development settings stay out of the image: a deployment gives its own (Identity's clients).
  rm -f "$out"/appsettings.Development.json
  step "$name published in $(elapsed "$started") ($(du -sh "$out" | cut -f1))"
}

build_image() { # image containerfile context [build-arg ...]
  local image=$1 file=$2 context=$3 started=$SECONDS
  shift 3
  local args=()
  for a in "$@"; do args+=(--build-arg "$a"); done
  podman build --quiet --pull=never -f "$file" "${args[@]}" -t "$image" "$context" >/dev/null
  step "$image built in $(elapsed "$started") ($(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1000000 }'))"
}

# All in a function, read whole before it runs: editing this file during a build is safe.
main() {
  total=$SECONDS
  if [[ "$BASE" == "$LOCAL_BASE" ]] && ! exists "$LOCAL_BASE"; then make_base; fi
  exists "$BASE" || die "base image $BASE is not here and cannot be pulled (no registry): unset PEER_BASE_IMAGE to make the Debian base"

  needs_dotnet=0
  for name in "${wanted[@]}"; do [[ -n "${PROJECTS[$name]:-}" ]] && needs_dotnet=1; done
  if (( needs_dotnet )); then
    stage_runtime
    # Rebuilt every time: a layer cached by podman when the runtime is the same.
    build_image "$RUNTIME" deploy/runtime/Containerfile "$STAGE/runtime" "BASE_IMAGE=$BASE"
    podman tag "$RUNTIME" "localhost/peerplatform/dotnet-runtime:$RUNTIME_VERSION"
  fi

  for name in "${wanted[@]}"; do
    case "$name" in
      postgres|rabbitmq)
        build_image "localhost/peerplatform/$name:$TAG" "deploy/$name/Containerfile" "deploy/$name" "BASE_IMAGE=$BASE" ;;
      *)
        publish "$name"
        build_image "localhost/peerplatform/$name:$TAG" deploy/Containerfile "$STAGE/publish" "RUNTIME_IMAGE=$RUNTIME" "SERVICE=$name" ;;
    esac
  done

  echo
  podman images --filter reference='localhost/peerplatform/*' --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | sort
  step "done in $(elapsed "$total")"
}

main

#!/usr/bin/env bash
# Image smoke test: builds spot-training/Dockerfile as it is, without a Docker daemon, and runs the trainer inside the
# image. Not part of `mvn verify`: it needs root and Debian's package archive, and minutes on its first run.
#   1. The Dockerfile's base (debian:<suite>-slim) is rebuilt from Debian's archive the way Debian's official images
#      are made (debuerreotype: debootstrap minbase, minimizing config, slimify) and imported under that very tag.
#   2. podman builds the real Dockerfile on it (--isolation chroot: no daemon, no cgroups).
#   3. In a container's root file system, with the image's user, working dir, environment and entrypoint:
#      every library lib_lightgbm.so NEEDs resolves (ldd), and `train --spec SPEC --preflight-only` reports
#      native_library ok. AWS endpoints point at a closed port: those checks fail, one line each.
#   4. The same image with libgomp1 purged must report native_library failed, naming libgomp.so.1.
# Unproven here: Docker/BuildKit as the builder, a pull from ECR onto a Batch Spot host, the job's IAM role.
#
#   sudo spot-training/image/smoke.sh [SPEC]          packages the trainer jar first (mvn package, no install)
#   mvn -B -pl spot-training -am -Pimage-smoke verify  the same, after the module's own build and tests
#   sudo spot-training/image/smoke.sh --clean         drops the cache (base tarball, podman storage)
# Cache: .image-smoke/ at the repository root (ignored by git through its own .gitignore).
set -euo pipefail
MODULE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$MODULE/.." && pwd)"
CACHE="${SMOKE_CACHE:-$ROOT/.image-smoke}"
MIRROR="${SMOKE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
JAR="$MODULE/target/saturday-trainer.jar"
PACKAGE=1
SPEC="churn-gbdt"
for arg in "$@"; do
  case "$arg" in
    --no-package) PACKAGE=0 ;;
    --clean) CLEAN=1 ;;
    *) SPEC="$arg" ;;
  esac
done

fail() { echo "image smoke: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap, podman storage and chroot need it)"
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] || fail "needs a Debian amd64 host (apt, dpkg)"

PODMAN=(podman --root "$CACHE/storage" --runroot "$CACHE/run" --storage-driver overlay --events-backend file)
if [ "${CLEAN:-0}" = 1 ]; then
  if command -v podman >/dev/null && [ -d "$CACHE/storage" ]; then "${PODMAN[@]}" system reset --force >/dev/null; fi
  rm -rf "$CACHE"
  echo "image smoke: cache removed ($CACHE)"
  exit 0
fi

TIMES=()
timed() { # NAME COMMAND...: runs it, records its wall time
  local name=$1 start=$SECONDS; shift
  echo "== $name"
  "$@"
  TIMES+=("$(printf '%-44s %4d s' "$name" $((SECONDS - start)))")
}

# What the image declares: base name and tag, then (after the build) user, working dir, environment, entrypoint.
FROM="$(sed -n 's/^FROM[[:space:]]\+\([^[:space:]]\+\).*/\1/p' "$MODULE/Dockerfile" | head -1)"
[[ "$FROM" =~ ^debian:([a-z]+)-slim$ ]] \
  || fail "the Dockerfile's base is '$FROM'; this smoke rebuilds debian:<suite>-slim only"
SUITE="${BASH_REMATCH[1]}"
BASE_TAG="docker.io/library/$FROM" # how podman spells the short name "debian:..."
BASE_TAR="$CACHE/base/$SUITE-slim.tar"
IMAGE="localhost/saturday-trainer:smoke"

install_tools() {
  local missing=()
  for tool in debootstrap:debootstrap podman:podman debuerreotype-init:debuerreotype readelf:binutils unzip:unzip \
              wget:wget unshare:util-linux; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
  done
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

package_jar() {
  if [ "$PACKAGE" = 1 ]; then
    (cd "$ROOT" && mvn -B -q -pl spot-training -am package -DskipTests)
  fi
  [ -f "$JAR" ] || fail "no $JAR (mvn -B -pl spot-training -am package)"
}

# Debian's official slim images are debuerreotype's output from a snapshot of the archive; this is the same recipe
# from the live archive, with the same apt sources the official image carries.
build_base() {
  [ -f "$BASE_TAR" ] && return 0
  local rootfs="$CACHE/base/rootfs"
  mkdir -p "$CACHE/base"
  rm -rf "$rootfs"
  debuerreotype-init --non-debian "$rootfs" "$SUITE" "$MIRROR" >"$CACHE/base/init.log" 2>&1 \
    || { tail -20 "$CACHE/base/init.log"; fail "debootstrap of $SUITE"; }
  debuerreotype-minimizing-config "$rootfs"
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: ${MIRROR}
Suites: ${SUITE} ${SUITE}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR}-security
Suites: ${SUITE}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  debuerreotype-apt-get "$rootfs" update -qq
  debuerreotype-apt-get "$rootfs" dist-upgrade -yqq >/dev/null
  debuerreotype-slimify "$rootfs"
  rm -rf "$rootfs"/var/lib/apt/lists/*
  debuerreotype-tar "$rootfs" "$BASE_TAR.tmp"
  mv "$BASE_TAR.tmp" "$BASE_TAR"
  rm -rf "$rootfs"
}

import_base() {
  if ! "${PODMAN[@]}" image exists "$BASE_TAG"; then
    "${PODMAN[@]}" import --quiet "$BASE_TAR" "$BASE_TAG" >/dev/null
  fi
}

build_image() {
  "${PODMAN[@]}" build --isolation chroot --pull=never -t "$IMAGE" -f "$MODULE/Dockerfile" "$MODULE" \
    >"$CACHE/build.log" 2>&1 || { tail -30 "$CACHE/build.log"; fail "podman build (log: $CACHE/build.log)"; }
}

CONTAINERS=(saturday-smoke saturday-smoke-no-libgomp)
cleanup() {
  for c in "${CONTAINERS[@]}"; do
    "${PODMAN[@]}" unmount "$c" >/dev/null 2>&1 || true
    "${PODMAN[@]}" rm -f "$c" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# A fresh container's root file system (the image plus a writable layer, as a container gets), mounted on the host.
container_root() { # NAME -> prints the mount point
  "${PODMAN[@]}" rm -f "$1" >/dev/null 2>&1 || true
  "${PODMAN[@]}" create --name "$1" "$IMAGE" >/dev/null
  "${PODMAN[@]}" mount "$1"
}

image_list() { # FIELD: one item a line of the image's Config.FIELD (Env, Entrypoint)
  "${PODMAN[@]}" image inspect --format "{{range .Config.$1}}{{println .}}{{end}}" "$IMAGE" | sed '/^$/d'
}

# Runs the image's entrypoint with ARGS as the image would: its user, working dir and environment, plus the run's
# environment; /proc and /dev as a container has them. stdout: the trainer's stdout; its stderr goes to LOG.
run_in() { # ROOT LOG ARGS...
  local root=$1 log=$2; shift 2
  local user workdir; user="$("${PODMAN[@]}" image inspect --format '{{.Config.User}}' "$IMAGE")"
  workdir="$("${PODMAN[@]}" image inspect --format '{{.Config.WorkingDir}}' "$IMAGE")"
  local -a env entrypoint
  mapfile -t env < <(image_list Env)
  mapfile -t entrypoint < <(image_list Entrypoint)
  # nothing reachable: local endpoints on a closed port (so no credentials are looked up), one attempt per call
  env+=(ZOO_TABLE=zoo-registry ZOO_BUCKET=zoo-bucket AWS_REGION=us-east-1 AWS_MAX_ATTEMPTS=1
        AWS_ENDPOINT_URL_S3=http://127.0.0.1:9 AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:9)
  unshare --mount --fork /bin/sh -c 'root=$1; shift
    mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" && exec chroot "$@"' \
    sh "$root" --userspec="$user" "$root" /usr/bin/env -i --chdir="$workdir" "${env[@]}" "${entrypoint[@]}" "$@" \
    2>"$log"
}

native_check() { # JSON -> the native_library check's fields, as printed by the CLI
  grep -o '"name":"native_library","ok":[a-z]*,"detail":"[^"]*"' <<<"$1" || true
}

smoke_image() {
  local root log out check deps
  root="$(container_root saturday-smoke)"
  unzip -p "$JAR" lightgbm4j/linux/x86_64/lib_lightgbm.so >"$root/tmp/lib_lightgbm.so"
  echo "lib_lightgbm.so NEEDED (readelf -d):" \
    "$(readelf -d "$root/tmp/lib_lightgbm.so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | xargs)"
  deps="$(chroot "$root" ldd /tmp/lib_lightgbm.so)"
  echo "resolved inside the image (ldd):"
  sed 's/^/    /' <<<"$deps"
  if grep -q 'not found' <<<"$deps"; then fail "the image lacks a library lib_lightgbm.so needs"; fi
  rm -f "$root/tmp/lib_lightgbm.so"

  log="$CACHE/preflight-image.log"
  out="$(run_in "$root" "$log" train --spec "$SPEC" --preflight-only)" || true
  check="$(native_check "$out")"
  echo "preflight in the image: $check"
  [[ "$check" == *'"ok":true'* ]] || { cat "$log" >&2; fail "native_library is not ok in the image"; }
  echo "its one line per failed check: $(tail -1 "$log")"
}

smoke_without_libgomp() {
  local root log out check
  root="$(container_root saturday-smoke-no-libgomp)"
  chroot "$root" dpkg --purge libgomp1 >/dev/null
  unzip -p "$JAR" lightgbm4j/linux/x86_64/lib_lightgbm.so >"$root/tmp/lib_lightgbm.so"
  echo "ldd in the image minus libgomp1: $(chroot "$root" ldd /tmp/lib_lightgbm.so | grep 'not found' | xargs)"
  rm -f "$root/tmp/lib_lightgbm.so"
  log="$CACHE/preflight-no-libgomp.log"
  out="$(run_in "$root" "$log" preflight --spec "$SPEC")" || true
  check="$(native_check "$out")"
  echo "preflight without libgomp1: $check"
  [[ "$check" == *'"ok":false'* && "$check" == *'libgomp.so.1'* ]] \
    || { cat "$log" >&2; fail "without libgomp1 the native_library check must fail naming libgomp.so.1"; }
}

mkdir -p "$CACHE"
echo '*' >"$CACHE/.gitignore"
START=$SECONDS
timed "tools (apt-get, when missing)" install_tools
timed "trainer jar" package_jar
timed "base $FROM (debuerreotype)" build_base
timed "base imported into podman" import_base
timed "podman build of the Dockerfile" build_image
timed "image: ldd + preflight" smoke_image
timed "image minus libgomp1: preflight" smoke_without_libgomp
echo "== timings"
printf '  %s\n' "${TIMES[@]}"
printf '  %-44s %4d s\n' "total" $((SECONDS - START))
SIZE="$("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1 / 1e6}')"
echo "image smoke: OK ($IMAGE, $SIZE)"

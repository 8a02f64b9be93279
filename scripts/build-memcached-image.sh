#!/usr/bin/env bash
# Build memgate/memcached:local WITHOUT a registry, from the host's own Debian `memcached`
# (apt-get install -y memcached), packed with `docker import` like scripts/build-redis-image.sh:
#
#   memgate/memcached:local   memcached + the libraries ldd lists for it, /tmp, minimal /etc (nobody);
#                             CMD ["memcached","-u","nobody","-m","64"], EXPOSE 11211.
#
# The target of examples/memcached. Idempotent: the image carries LABEL memgate.content=<hash of its
# inputs>; a matching image is kept. `--force` rebuilds it.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/binary-rootfs.sh
source "$REPO_ROOT/scripts/lib/binary-rootfs.sh"
image_script_args build-memcached-image "$0" "$@"


IMAGE=memgate/memcached:local
say() { printf 'build-memcached-image: %s\n' "$*" >&2; }

for tool in docker ldd tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { say "missing tool: $tool"; exit 1; }
done
command -v memcached >/dev/null 2>&1 || { say "no memcached: apt-get install -y memcached"; exit 1; }
docker info >/dev/null 2>&1 || { say "no docker engine answers; run scripts/setup-docker.sh first"; exit 1; }

MEMCACHED_BIN=$(readlink -f "$(command -v memcached)")
MEMCACHED_VERSION=$(memcached -V | sed -n 's/^memcached \(.*\)$/\1/p')
HASH=$(binary_hash "memgate-memcached v1" "$MEMCACHED_VERSION" "$MEMCACHED_BIN")

exit_if_current "$IMAGE" "$HASH"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/memgate-memcached-rootfs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
binary_rootfs "$WORK/root" "$MEMCACHED_BIN" memcached

say "building $IMAGE from $MEMCACHED_BIN (memcached $MEMCACHED_VERSION)"
import_rootfs "$WORK/root" "$IMAGE" "$HASH" \
  "LABEL memgate.memcached-version=$MEMCACHED_VERSION" 'EXPOSE 11211' \
  'CMD ["memcached","-u","nobody","-m","64"]'
docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' | grep -E '^memgate/memcached:local ' >&2 || true
echo "$IMAGE"

#!/usr/bin/env bash
# Build memgate/redis:local WITHOUT a registry, from the host's own Debian `redis-server`
# (apt-get install -y redis-server), packed with `docker import` like scripts/build-ugly-image.sh:
#
#   memgate/redis:local   redis-server + the libraries ldd lists for it, /tmp, /data, minimal /etc;
#                         CMD ["redis-server","--protected-mode","no","--save",""], EXPOSE 6379.
#
# A sidecar for the `services:` tests (a target that needs a cache). Idempotent: the image carries
# LABEL memgate.content=<hash of its inputs>; a matching image is kept. `--force` rebuilds it.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/binary-rootfs.sh
source "$REPO_ROOT/scripts/lib/binary-rootfs.sh"
image_script_args build-redis-image "$0" "$@"


IMAGE=memgate/redis:local
say() { printf 'build-redis-image: %s\n' "$*" >&2; }

for tool in docker ldd tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { say "missing tool: $tool"; exit 1; }
done
command -v redis-server >/dev/null 2>&1 || { say "no redis-server: apt-get install -y redis-server"; exit 1; }
docker info >/dev/null 2>&1 || { say "no docker engine answers; run scripts/setup-docker.sh first"; exit 1; }

# Debian ships redis-server as a symlink to redis-check-rdb (one binary, dispatch on argv[0]):
# copy the real file under the name redis-server.
REDIS_BIN=$(readlink -f "$(command -v redis-server)")
REDIS_VERSION=$(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')
HASH=$(binary_hash "memgate-redis v1" "$REDIS_VERSION" "$REDIS_BIN")

exit_if_current "$IMAGE" "$HASH"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/memgate-redis-rootfs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
binary_rootfs "$WORK/root" "$REDIS_BIN" redis-server
mkdir -p "$WORK/root/data"

say "building $IMAGE from $REDIS_BIN (redis $REDIS_VERSION)"
import_rootfs "$WORK/root" "$IMAGE" "$HASH" \
  "LABEL memgate.redis-version=$REDIS_VERSION" 'WORKDIR /data' 'EXPOSE 6379' \
  'CMD ["redis-server","--protected-mode","no","--save",""]'
docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' | grep -E '^memgate/redis:local ' >&2 || true
echo "$IMAGE"

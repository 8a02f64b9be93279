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

FORCE=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h | --help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "build-redis-image: unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

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
mapfile -t LIBS < <(ldd "$REDIS_BIN" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)

HASH=$({
  echo "memgate-redis v1"
  echo "$REDIS_VERSION"
  sha256sum "$REDIS_BIN" | cut -d' ' -f1
  for lib in "${LIBS[@]}"; do echo "$lib $(sha256sum "$lib" | cut -d' ' -f1)"; done
} | sha256sum | cut -c1-16)

current=$(docker image inspect --format '{{ index .Config.Labels "memgate.content" }}' "$IMAGE" 2>/dev/null || true)
if [[ $FORCE -eq 0 && "$current" == "$HASH" ]]; then
  say "$IMAGE is up to date (memgate.content=$HASH)"
  echo "$IMAGE"
  exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/memgate-redis-rootfs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/root"
mkdir -p "$ROOT"/{usr/local/bin,etc,tmp,data,proc,sys,dev,root}
chmod 1777 "$ROOT/tmp"
cp -L "$REDIS_BIN" "$ROOT/usr/local/bin/redis-server"
for lib in "${LIBS[@]}"; do
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOT/etc/group"
printf 'hosts: files dns\n' >"$ROOT/etc/nsswitch.conf"

say "building $IMAGE from $REDIS_BIN (redis $REDIS_VERSION, ${#LIBS[@]} libraries)"
tar --numeric-owner --owner=0 --group=0 -C "$ROOT" -cf - . |
  docker import \
    --change "LABEL memgate.content=$HASH" \
    --change "LABEL memgate.redis-version=$REDIS_VERSION" \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change 'WORKDIR /data' \
    --change 'EXPOSE 6379' \
    --change 'CMD ["redis-server","--protected-mode","no","--save",""]' \
    - "$IMAGE" >/dev/null
docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' | grep -E '^memgate/redis:local ' >&2 || true
echo "$IMAGE"

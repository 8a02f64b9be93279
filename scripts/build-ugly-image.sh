#!/usr/bin/env bash
# Build memgate's local images WITHOUT a registry, from the host's own `node` binary:
#
#   memgate/node-base:local     node + the libraries ldd lists for it, /tmp, minimal /etc; no CMD.
#                               Tests run arbitrary `node -e ...` programs in it.
#   memgate/ugly-service:local  the same root fs plus /app/server.js (examples/ugly-service) and its
#                               node_modules (prom-client, from its package-lock.json),
#                               CMD ["node","--expose-gc","/app/server.js"], PORT=8080.
#
# Idempotent: each image carries LABEL memgate.content=<hash of its inputs>; an image whose label
# already matches is kept. `--force` rebuilds both. Needs a running engine (scripts/setup-docker.sh).
set -euo pipefail

FORCE=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h | --help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "build-ugly-image: unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVER_JS="$REPO_ROOT/examples/ugly-service/server.js"
SERVER_LOCK="$REPO_ROOT/examples/ugly-service/package-lock.json"
BASE_IMAGE=memgate/node-base:local
UGLY_IMAGE=memgate/ugly-service:local

say() { printf 'build-ugly-image: %s\n' "$*" >&2; }

for tool in docker ldd tar sha256sum npm; do
  command -v "$tool" >/dev/null 2>&1 || { say "missing tool: $tool"; exit 1; }
done
docker info >/dev/null 2>&1 || { say "no docker engine answers; run scripts/setup-docker.sh first"; exit 1; }

# shellcheck source=lib/binary-rootfs.sh
source "$REPO_ROOT/scripts/lib/binary-rootfs.sh"

NODE_BIN=$(readlink -f "$(command -v node)")
NODE_VERSION=$("$NODE_BIN" --version)
BASE_HASH=$(binary_hash "memgate-node-base v1" "$NODE_VERSION" "$NODE_BIN")
UGLY_HASH=$({
  echo "memgate-ugly-service v2"
  echo "$BASE_HASH"
  sha256sum "$SERVER_JS" "$SERVER_LOCK" | cut -d' ' -f1
} | sha256sum | cut -c1-16)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/memgate-rootfs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

make_rootfs() { # $1 = target dir: node, its libraries, a `node` user and /app
  binary_rootfs "$1" "$NODE_BIN" node
  mkdir -p "$1/app" "$1/home/node"
  printf 'node:x:1000:1000:node:/home/node:/bin/sh\n' >>"$1/etc/passwd"
  printf 'node:x:1000:\n' >>"$1/etc/group"
}

import_image() { # $1 = rootfs, $2 = image, $3 = hash, rest = extra --change values
  local root=$1 image=$2 hash=$3
  shift 3
  import_rootfs "$root" "$image" "$hash" "LABEL memgate.node-version=$NODE_VERSION" 'WORKDIR /app' "$@"
}

if [[ $FORCE -eq 0 && "$(image_label "$BASE_IMAGE")" == "$BASE_HASH" ]]; then
  say "$BASE_IMAGE is up to date (memgate.content=$BASE_HASH)"
else
  say "building $BASE_IMAGE from $NODE_BIN ($NODE_VERSION)"
  make_rootfs "$WORK/base"
  import_image "$WORK/base" "$BASE_IMAGE" "$BASE_HASH"
fi

if [[ $FORCE -eq 0 && "$(image_label "$UGLY_IMAGE")" == "$UGLY_HASH" ]]; then
  say "$UGLY_IMAGE is up to date (memgate.content=$UGLY_HASH)"
else
  say "building $UGLY_IMAGE"
  make_rootfs "$WORK/ugly"
  cp "$SERVER_JS" "$WORK/ugly/app/server.js"
  cp "$REPO_ROOT/examples/ugly-service/package.json" "$SERVER_LOCK" "$WORK/ugly/app/"
  (cd "$WORK/ugly/app" && npm ci --omit=dev --no-audit --no-fund --ignore-scripts >&2)
  import_image "$WORK/ugly" "$UGLY_IMAGE" "$UGLY_HASH" \
    'ENV PORT=8080' 'EXPOSE 8080' 'CMD ["node","--expose-gc","/app/server.js"]'
fi

docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' | grep -E '^memgate/(node-base|ugly-service):local ' >&2 || true
echo "$BASE_IMAGE"
echo "$UGLY_IMAGE"

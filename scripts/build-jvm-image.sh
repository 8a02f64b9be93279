#!/usr/bin/env bash
# Build memgate/jvm-service:local WITHOUT a registry, from the host's Debian JDK 17
# (openjdk-17-jdk-headless): javac compiles examples/jvm-service/Service.java, jlink makes a small
# runtime with the modules it needs plus jcmd (for evidence: GC.class_histogram, VM.flags), and the
# libraries ldd lists for its binaries are copied beside it. CMD ["java","-cp","/app","Service"], PORT=8080.
#
# Idempotent: the image carries LABEL memgate.content=<hash of its inputs>; `--force` rebuilds it.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/binary-rootfs.sh
source "$REPO_ROOT/scripts/lib/binary-rootfs.sh"
image_script_args build-jvm-image "$0" "$@"


SERVICE_JAVA="$REPO_ROOT/examples/jvm-service/Service.java"
IMAGE=memgate/jvm-service:local
JDK=${MEMGATE_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
MODULES=java.base,java.management,jdk.management,jdk.httpserver,jdk.jcmd,jdk.attach,jdk.internal.jvmstat

say() { printf 'build-jvm-image: %s\n' "$*" >&2; }

for tool in docker ldd tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { say "missing tool: $tool"; exit 1; }
done
[[ -x "$JDK/bin/jlink" && -d "$JDK/jmods" ]] || { say "no JDK with jlink and jmods at $JDK (apt-get install openjdk-17-jdk-headless)"; exit 1; }
docker info >/dev/null 2>&1 || { say "no docker engine answers; run scripts/setup-docker.sh first"; exit 1; }


JAVA_VERSION=$("$JDK/bin/java" -version 2>&1 | head -1)
HASH=$({
  echo "memgate-jvm-service v1 $MODULES"
  binary_hash "jdk" "$JAVA_VERSION" "$JDK/lib/server/libjvm.so"
  sha256sum "$SERVICE_JAVA" | cut -d' ' -f1
} | sha256sum | cut -c1-16)

exit_if_current "$IMAGE" "$HASH"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/memgate-jvm-rootfs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/root"
say "building $IMAGE from $JDK ($JAVA_VERSION)"
mkdir -p "$ROOT"/{app,etc,tmp,proc,sys,dev,root,opt}
chmod 1777 "$ROOT/tmp"
"$JDK/bin/javac" -d "$ROOT/app" "$SERVICE_JAVA"
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" --strip-debug --no-man-pages \
  --no-header-files --output "$ROOT/opt/java"
# The system libraries every ELF file of the runtime needs (its own libraries resolve inside it).
while read -r elf; do
  while read -r lib; do
    [[ "$lib" == "$ROOT"* || -e "$ROOT$lib" ]] && continue
    mkdir -p "$ROOT$(dirname "$lib")"
    cp -L "$lib" "$ROOT$lib"
  done < <(binary_libs "$elf" 2>/dev/null || true)
done < <(find "$ROOT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) | while read -r f; do
  [[ "$(head -c 4 "$f" | tail -c 3)" == "ELF" ]] && echo "$f"
done)
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOT/etc/group"
printf 'hosts: files dns\n' >"$ROOT/etc/nsswitch.conf"
import_rootfs "$ROOT" "$IMAGE" "$HASH" 'ENV PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin' 'ENV PORT=8080' \
  'EXPOSE 8080' 'WORKDIR /app' 'CMD ["java","-cp","/app","Service"]'
docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' | grep -E '^memgate/jvm-service:local ' >&2 || true
echo "$IMAGE"

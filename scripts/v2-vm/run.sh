#!/usr/bin/env bash
# The cgroup v2 test machine: boots a Debian cloud kernel (cgroup2, MEMCG, PSI built in) under qemu
# with plain TCG emulation, runs the v2 guest plan (test/v2/guest/plan.ts: memgate's own runner and
# CLI, process and Docker drivers) and prints the plan's JSON result on stdout (or to --out FILE).
#
#   scripts/v2-vm/run.sh [--out FILE] [--build-only] [--force] [--timeout SECONDS]
#                        [--init busybox|systemd]
#
# --init systemd boots with systemd as PID 1 and Docker's systemd cgroup driver (GitHub's runners'
# layout: containers in /system.slice/docker-<id>.scope, memgate inside a service's cgroup); the
# default, busybox, mounts cgroup2 itself and gives Docker the cgroupfs driver (/docker/<id>). One
# initramfs serves both: the choice is on the kernel command line (memgate.init=...). AppArmor is off
# (apparmor=0): systemd mounts securityfs, and Docker would then need apparmor_parser and its profile
# files in the guest; AppArmor confines what a container may do, not how its memory is counted.
#
# Why these choices:
#   - TCG, not KVM: /dev/kvm here is nested virtualization and slower than TCG; `-cpu host` fails.
#   - The root filesystem is an initramfs (the kernel has no 9p to share the host's files): busybox,
#     node and its libraries, the CLI and the plan bundled by esbuild with every dependency inlined,
#     Docker's binaries from the host's docker.io and their libraries, a node image root as a tarball
#     (imported in the guest, so no host engine is needed), the fixture programs and /init.
#   - A sparse scratch disk (virtio-blk, ext4) holds /tmp and Docker's data: page cache on it is
#     reclaimable, as on a runner; tmpfs pages (the initramfs) are shmem and never reclaimable.
#   - Networking for targets with a port: Docker's default bridge (bridge + veth modules from the same
#     kernel package), with --iptables=false. Published ports are forwarded by docker-proxy (the
#     userland proxy) from the guest's loopback to the container's bridge address, which is the path
#     memgate's own connections take; no netfilter modules or iptables binaries are needed. Host
#     networking would skip `docker port`, the very step a target with `port:` needs proven.
#   - Cached by content hash: the kernel package version, every file put into the initramfs and
#     /init itself; a second run with the same inputs costs only the boot. Cache folder:
#     $MEMGATE_V2_CACHE, default ${XDG_CACHE_HOME:-~/.cache}/memgate/v2-vm.
# Environment: MEMGATE_V2_INIT is the default of --init; MEMGATE_V2_KERNEL_PKG pins the kernel package
# (default: the newest linux-image-6.1.0-<N>-cloud-amd64-unsigned apt offers); MEMGATE_V2_SMP (default
# 2) guest CPUs.
set -euo pipefail

OUT=-
BUILD_ONLY=0
FORCE=0
TIMEOUT_S=900
INIT=${MEMGATE_V2_INIT:-busybox}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --build-only) BUILD_ONLY=1; shift ;;
    --force) FORCE=1; shift ;;
    --timeout) TIMEOUT_S=$2; shift 2 ;;
    --init) INIT=$2; shift 2 ;;
    -h | --help) sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "v2-vm: unknown argument: $1" >&2; exit 2 ;;
  esac
done

[[ $INIT == busybox || $INIT == systemd ]] || { echo "v2-vm: --init is busybox or systemd, not $INIT" >&2; exit 2; }

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$REPO_ROOT/scripts/v2-vm"
CACHE=${MEMGATE_V2_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/memgate/v2-vm}
say() { printf 'v2-vm: %s\n' "$*" >&2; }
t0=$(date +%s)

for tool in qemu-system-x86_64 apt-get apt-cache dpkg busybox ldd sha256sum node timeout; do
  command -v "$tool" >/dev/null 2>&1 || { say "missing tool: $tool (apt-get install qemu-system-x86 busybox-static)"; exit 1; }
done
busybox --list | grep -x cpio >/dev/null || { say "busybox has no cpio applet (install busybox-static)"; exit 1; }

# shellcheck source=../lib/binary-rootfs.sh
source "$REPO_ROOT/scripts/lib/binary-rootfs.sh"
mkdir -p "$CACHE"

# --- kernel ---------------------------------------------------------------------------------------
newest_kernel() {
  apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned$' | awk '{print $1}' | sort -V | tail -n1
}
PKG=${MEMGATE_V2_KERNEL_PKG:-$(newest_kernel)}
if [[ -z "$PKG" && $(id -u) -eq 0 ]]; then
  say "no kernel package in the apt index; apt-get update"
  apt-get update -qq >/dev/null 2>&1 || true
  PKG=$(newest_kernel)
fi
[[ -n "$PKG" ]] || { say "apt offers no linux-image-6.1.0-*-cloud-amd64-unsigned (apt-get update?)"; exit 1; }
KDIR="$CACHE/kernel/$PKG"
if [[ ! -f "$KDIR/.done" ]]; then
  say "fetching $PKG"
  rm -rf "$KDIR" && mkdir -p "$KDIR/deb"
  (cd "$KDIR/deb" && apt-get download "$PKG" >/dev/null 2>&1) || { say "apt-get download $PKG failed"; exit 1; }
  dpkg -x "$KDIR"/deb/*.deb "$KDIR/x"
  rm -rf "$KDIR/deb"
  touch "$KDIR/.done"
fi
VMLINUZ=$(ls "$KDIR"/x/boot/vmlinuz-*)
KVER=${VMLINUZ##*/vmlinuz-}
MODSRC="$KDIR/x/lib/modules/$KVER"
MODULES=(kernel/drivers/virtio kernel/drivers/block/virtio_blk.ko kernel/net/bridge/bridge.ko kernel/net/802
  kernel/net/llc kernel/drivers/net/veth.ko kernel/fs/overlayfs modules.order modules.builtin)

# --- bundles (esbuild, every dependency inlined: the guest has no node_modules) -------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/memgate-v2-vm.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
(cd "$REPO_ROOT" && node scripts/v2-vm/bundle.mjs "$WORK/bundles")

NODE_BIN=$(readlink -f "$(command -v node)")
BUSYBOX=$(readlink -f "$(command -v busybox)")
DOCKER_BINS=()
for b in dockerd containerd containerd-shim-runc-v2 runc docker-init docker-proxy; do
  p=$(command -v "$b" || true)
  [[ -n "$p" ]] || { say "missing $b (apt-get install docker.io)"; exit 1; }
  DOCKER_BINS+=("$p")
done
# systemd as PID 1 for --init systemd (Debian's systemd package; its libraries come with it by ldd).
SYSTEMD_BIN=/lib/systemd/systemd
[[ $INIT == busybox || -x $SYSTEMD_BIN ]] || { say "--init systemd needs $SYSTEMD_BIN (apt-get install systemd)"; exit 1; }
SYSTEMD_BINS=()
[[ -x $SYSTEMD_BIN ]] && SYSTEMD_BINS=("$SYSTEMD_BIN")
# The CLI from docker.io (a second docker CLI earlier on PATH may be a different build).
DOCKER_CLI=/usr/bin/docker
[[ -x $DOCKER_CLI ]] || DOCKER_CLI=$(command -v docker)

# --- content hash of every input ------------------------------------------------------------------
HASH=$({
  echo "memgate-v2-vm v1 $PKG"
  sha256sum "$VMLINUZ" | cut -d' ' -f1
  for m in "${MODULES[@]}"; do find "$MODSRC/$m" -type f | sort | xargs sha256sum | cut -d' ' -f1; done
  for b in "$BUSYBOX" "$NODE_BIN" "${DOCKER_BINS[@]}" "$DOCKER_CLI" "${SYSTEMD_BINS[@]}"; do binary_hash "$b" "" "$b" 2>/dev/null; done
  (cd "$WORK/bundles" && find . -type f | sort | xargs sha256sum)
  (cd "$REPO_ROOT" && sha256sum scripts/v2-vm/init.sh scripts/v2-vm/guest-run.sh scripts/v2-vm/systemd/* scripts/v2-vm/vm.env examples/ugly-service/server.js package.json scenarios/* \
    test/fixtures/programs/*.mjs)
} | sha256sum | cut -c1-16)
INITRD="$CACHE/initramfs-$HASH.cpio"

if [[ $FORCE -eq 1 || ! -f "$INITRD" ]]; then
  say "building initramfs $HASH (kernel $KVER)"
  R="$WORK/root"
  mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,proc,sys,dev,run,tmp,root,scratch,var/run,opt/memgate/images}
  chmod 1777 "$R/tmp"
  cp "$BUSYBOX" "$R/bin/busybox"
  while read -r applet; do
    [[ -e "$R/$applet" || "$applet" == bin/busybox ]] || ln -s /bin/busybox "$R/$applet"
  done < <("$BUSYBOX" --list-full)
  copy_bin() { # $1 host binary, $2 guest path: the binary and the libraries ldd lists, at their paths
    local lib
    cp -L "$1" "$R$2"
    while read -r lib; do
      mkdir -p "$R$(dirname "$lib")"
      [[ -e "$R$lib" ]] || cp -L "$lib" "$R$lib"
    done < <(binary_libs "$1" 2>/dev/null || true)
  }
  copy_bin "$NODE_BIN" /usr/bin/node
  for b in "${DOCKER_BINS[@]}"; do copy_bin "$b" "/usr/bin/$(basename "$b")"; done
  copy_bin "$DOCKER_CLI" /usr/bin/docker
  for m in "${MODULES[@]}"; do
    mkdir -p "$R/lib/modules/$KVER/$(dirname "$m")"
    cp -r "$MODSRC/$m" "$R/lib/modules/$KVER/$m"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$R/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$R/etc/group"
  printf '127.0.0.1 localhost memgate-v2\n::1 localhost\n' >"$R/etc/hosts"
  printf 'hosts: files dns\n' >"$R/etc/nsswitch.conf"
  cp "$HERE/init.sh" "$R/init" && chmod 755 "$R/init"
  cp "$HERE/guest-run.sh" "$R/opt/memgate/guest-run.sh" && chmod 755 "$R/opt/memgate/guest-run.sh"
  cp /etc/os-release "$R/etc/os-release"
  # systemd (for --init systemd) when the host has it: one initramfs serves both inits.
  if [[ ${#SYSTEMD_BINS[@]} -gt 0 ]]; then
    mkdir -p "$R/lib/systemd" "$R/etc/systemd/system"
    copy_bin "$SYSTEMD_BIN" /lib/systemd/systemd
    cp "$HERE"/systemd/* "$R/etc/systemd/system/"
  fi
  cp "$HERE/vm.env" "$R/opt/memgate/vm.env"
  cp -r "$WORK/bundles/." "$R/opt/memgate/"
  cp "$REPO_ROOT/package.json" "$R/opt/memgate/package.json"
  cp -r "$REPO_ROOT/scenarios" "$R/opt/memgate/scenarios"
  mkdir -p "$R/opt/memgate/programs" "$R/opt/memgate/service"
  cp "$REPO_ROOT"/test/fixtures/programs/*.mjs "$R/opt/memgate/programs/"
  cp "$REPO_ROOT/examples/ugly-service/server.js" "$R/opt/memgate/service/server.js"
  # The test image's root: node, its libraries and the reference service at /app/server.js.
  binary_rootfs "$WORK/image" "$NODE_BIN" node
  mkdir -p "$WORK/image/app" && cp "$REPO_ROOT/examples/ugly-service/server.js" "$WORK/image/app/"
  tar --numeric-owner --owner=0 --group=0 -C "$WORK/image" -cf "$R/opt/memgate/images/node-service.tar" .
  (cd "$R" && find . | sort | busybox cpio -o -H newc 2>/dev/null) >"$WORK/initramfs.cpio"
  # Keep one initramfs: older ones are dead weight in the cache.
  rm -f "$CACHE"/initramfs-*.cpio
  mv "$WORK/initramfs.cpio" "$INITRD"
  say "initramfs: $(du -m "$INITRD" | cut -f1) MiB after $(($(date +%s) - t0)) s"
else
  say "initramfs $HASH is cached"
fi
[[ $BUILD_ONLY -eq 1 ]] && exit 0

# --- boot -----------------------------------------------------------------------------------------
DISK="$WORK/scratch.img"
truncate -s 2G "$DISK"
LOG="$WORK/console.log"
say "booting $KVER under qemu TCG (init: $INIT)"
t1=$(date +%s)
set +e
timeout "$TIMEOUT_S" qemu-system-x86_64 -accel tcg -cpu max -smp "${MEMGATE_V2_SMP:-2}" -m 3072 \
  -nographic -no-reboot -kernel "$VMLINUZ" -initrd "$INITRD" \
  -drive "file=$DISK,if=virtio,format=raw,cache=unsafe" \
  -append "console=ttyS0 quiet rdinit=/init panic=-1 apparmor=0 memgate.init=$INIT" </dev/null >"$LOG" 2>&1
rc=$?
set -e
tr -d '\r' <"$LOG" >"$LOG.txt"
grep -E '^\[(init|plan)\]' "$LOG.txt" | grep -v '@@MEMGATE-V2@@' >&2 || true
say "qemu exited $rc after $(($(date +%s) - t1)) s of boot ($(($(date +%s) - t0)) s in all)"
# The plan's result lines: "@@MEMGATE-V2@@ <part> <JSON>", one per finished part; "done" comes last.
result=$(grep -o '@@MEMGATE-V2@@ .*' "$LOG.txt" | sed 's/^@@MEMGATE-V2@@ //' || true)
if [[ "$OUT" == - ]]; then printf '%s\n' "$result"; else printf '%s\n' "$result" >"$OUT"; fi
if ! grep -q '^done ' <<<"$result"; then
  say "the plan did not finish; the console's last lines:"
  tail -n 40 "$LOG.txt" >&2
  exit 1
fi

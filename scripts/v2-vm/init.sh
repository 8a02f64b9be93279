#!/bin/sh
# PID 1 of the v2 test machine (scripts/v2-vm/run.sh): mounts, modules, the scratch disk; then either
# (memgate.init=busybox, the default) cgroup2 and dockerd with the cgroupfs driver started here, or
# (memgate.init=systemd on the kernel command line) systemd exec'd as PID 1, which mounts cgroup2 and
# starts dockerd with the systemd cgroup driver (systemd/*.service). Both then run guest-run.sh: the
# plan, whose result lines go to the serial console, then power off.
# Every step logs to the console prefixed "[init]" so a failed boot says where it stopped.
export PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root
say() { echo "[init] $*"; }
fail() {
  say "FAILED: $*"
  echo "@@MEMGATE-V2-FAILED@@ $*"
  poweroff -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /run /var/run
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
INIT=busybox
case " $(cat /proc/cmdline) " in *" memgate.init=systemd "*) INIT=systemd ;; esac
ip link set lo up
hostname memgate-v2
# Kernel messages (OOM reports) must not cut into the result lines on the console.
dmesg -n 1

# Modules from the same kernel package (a subset; busybox depmod writes modules.dep for modprobe).
depmod || fail "depmod"
for m in virtio_pci virtio_blk bridge veth overlay; do modprobe "$m" || fail "modprobe $m"; done

# A real block device (a sparse file on the host) with ext4 (busybox mke2fs makes ext2, which the ext4
# driver mounts): page cache there is reclaimable, as on a runner. /tmp and Docker's data live on it;
# the initramfs itself is tmpfs, whose pages are shmem and never reclaimable.
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 0.2; done
[ -b /dev/vda ] || fail "no /dev/vda"
mke2fs -q /dev/vda >/dev/null || fail "mke2fs"
mkdir -p /scratch && mount -t ext4 /dev/vda /scratch || fail "mount /scratch"
mkdir -p /scratch/tmp /scratch/docker && chmod 1777 /scratch/tmp
mount --bind /scratch/tmp /tmp

say "kernel $(uname -r), $(nproc) cpu(s), $(awk '/MemTotal/ {print $2}' /proc/meminfo) kB"
. /opt/memgate/vm.env

if [ "$INIT" = systemd ]; then
  say "exec systemd as PID 1 (docker: systemd cgroup driver)"
  # systemd mounts cgroup2 itself and starts only the units in /etc/systemd/system (run.sh installs
  # systemd/*); its own messages go to the console at warning level and above.
  exec /lib/systemd/systemd --unit=memgate-v2.target --log-target=console --log-level=warning
  fail "exec systemd"
fi

mount -t cgroup2 none /sys/fs/cgroup || fail "cgroup2 mount"
echo "+memory +cpu +pids +io" >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null ||
  echo "+memory +cpu +pids" >/sys/fs/cgroup/cgroup.subtree_control || fail "subtree_control"
if [ "${MEMGATE_V2_DOCKER:-1}" = 1 ]; then
  say "starting dockerd"
  # DOCKER_RAMDISK: the root is an initramfs, from which runc cannot pivot_root. No iptables: the
  # userland proxy (docker-proxy) forwards published ports to the bridge, see run.sh's header.
  DOCKER_RAMDISK=true dockerd --data-root /scratch/docker --storage-driver="${MEMGATE_V2_STORAGE:-overlay2}" \
    --iptables=false --ip6tables=false --exec-opt native.cgroupdriver=cgroupfs \
    --log-level=warn >/run/dockerd.log 2>&1 &
fi
exec /opt/memgate/guest-run.sh

#!/bin/sh
# The v2 guest's work once the machine is up (cgroup2 mounted, Docker answering when enabled): import
# the test image, run the plan with its result lines on the console, power off. Called by /init
# (busybox as PID 1) or by memgate-v2.service (systemd as PID 1).
export PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root
say() { echo "[init] $*"; }
fail() {
  say "FAILED: $*"
  echo "@@MEMGATE-V2-FAILED@@ $*"
  sync
  poweroff -f
}
. /opt/memgate/vm.env

if [ "${MEMGATE_V2_DOCKER:-1}" = 1 ]; then
  i=0
  until docker info >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -gt 300 ] && { tail -n 20 /run/dockerd.log; fail "dockerd did not answer in 60 s"; }
    sleep 0.2
  done
  say "dockerd up ($(docker info --format '{{.CgroupDriver}}' 2>/dev/null) cgroup driver); importing the test image"
  # The image is node + its libraries + the reference service, like scripts/build-ugly-image.sh makes.
  docker import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' --change 'WORKDIR /app' \
    --change 'ENV PORT=8080' --change 'EXPOSE 8080' \
    --change 'CMD ["node","--expose-gc","/app/server.js"]' \
    /opt/memgate/images/node-service.tar memgate/ugly-service:local >/dev/null || fail "docker import"
  docker tag memgate/ugly-service:local memgate/node-base:local || fail "docker tag"
fi

say "running the plan"
cd /opt/memgate
# Result lines go straight to the console (no prefix); the plan's log lines get "[plan] ".
node /opt/memgate/plan.mjs 2>&1 | sed '/^@@MEMGATE-V2@@/!s/^/[plan] /'
sync
poweroff -f

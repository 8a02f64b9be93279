#!/usr/bin/env bash
# Idempotently make a Docker Engine available for memgate's integration tests and demo.
#   - If `docker info` already answers, do nothing.
#   - Otherwise install docker.io (root on Debian/Ubuntu only) when dockerd is missing,
#     start dockerd in the background (log: /tmp/memgate-dockerd.log) and wait for it.
set -euo pipefail

LOG=${MEMGATE_DOCKERD_LOG:-/tmp/memgate-dockerd.log}
WAIT_S=${MEMGATE_DOCKERD_WAIT_S:-60}

say() { printf 'setup-docker: %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  say "docker engine already running"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  say "no docker engine answers and this script is not root; run it with sudo: sudo $0"
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [[ -r /etc/os-release ]] && grep -qiE '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release && command -v apt-get >/dev/null; then
    say "dockerd not installed; installing docker.io with apt-get"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io
  else
    say "dockerd not installed and this is not a Debian/Ubuntu system; install Docker Engine by hand"
    exit 1
  fi
fi

if pgrep -x dockerd >/dev/null 2>&1; then
  say "dockerd is already starting (pid $(pgrep -x dockerd | head -n1)); waiting for it"
else
  say "starting dockerd (log: $LOG)"
  nohup setsid dockerd >>"$LOG" 2>&1 </dev/null &
fi

for ((i = 0; i < WAIT_S; i++)); do
  if docker info >/dev/null 2>&1; then
    say "docker engine is up after ${i}s"
    exit 0
  fi
  sleep 1
done

say "docker engine did not answer within ${WAIT_S}s; last lines of $LOG:"
tail -n 30 "$LOG" >&2 || true
exit 1

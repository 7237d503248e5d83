#!/bin/sh
# Makes sure a Docker engine answers for Junction's service instances. When none does, installs Debian's
# docker.io (only when dockerd is missing) and starts `dockerd --bridge=none --iptables=false` in the
# background (containers only ever use network none or host), logging to $ENGINE_LOG_DIR/dockerd.log.
# With --required a missing engine is an error (make test); without it (make run) Junction starts anyway,
# with service instances unavailable.
set -u
required=0
if [ "${1:-}" = "--required" ]; then required=1; fi
log_dir=${ENGINE_LOG_DIR:-/tmp}

answers() { command -v docker >/dev/null 2>&1 && docker version >/dev/null 2>&1; }

give_up() {
  echo "ensure-engine: $*" >&2
  if [ "$required" = 1 ]; then
    echo "ensure-engine: the tests need a Docker engine" >&2
    exit 1
  fi
  echo "ensure-engine: continuing without a container engine: service instances are unavailable" >&2
  exit 0
}

if answers; then
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    give_up "no Docker engine answers and none is installed (as root: apt-get install docker.io)"
  fi
  echo "ensure-engine: installing Debian's docker.io" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io; } >/dev/null 2>&1 \
    || give_up "installing docker.io failed"
fi
if answers; then
  exit 0
fi
case "${DOCKER_HOST:-unix:///var/run/docker.sock}" in
  unix:///var/run/docker.sock|unix:///run/docker.sock) ;;
  *) give_up "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST" ;;
esac
log="$log_dir/dockerd.log"
if pidof dockerd >/dev/null 2>&1; then
  echo "ensure-engine: dockerd runs but does not answer yet; waiting" >&2
elif [ "$(id -u)" != 0 ]; then
  give_up "no Docker engine answers, and only root may start dockerd"
else
  mkdir -p "$log_dir"
  echo "ensure-engine: starting dockerd (log: $log)" >&2
  nohup dockerd --bridge=none --iptables=false >"$log" 2>&1 &
fi
i=0
while [ $i -lt 60 ]; do
  if answers; then
    echo "ensure-engine: the Docker engine answers" >&2
    exit 0
  fi
  sleep 1
  i=$((i + 1))
done
give_up "dockerd did not answer within 60 s (see $log)"

#!/usr/bin/env bash
# Sourced by run-tests.sh and the benchmarks: a Docker engine of the project's own for the "VPS in a box" —
# its own data root (persistent under ~/.cache/vps-test, so imported images are reused), exec root, socket
# and pid file. It never touches a system Docker.
#
#   test_dockerd_start   exports DOCKER_HOST and TESTCONTAINERS_RYUK_DISABLED; starts dockerd unless one answers there
#   test_dockerd_stop    removes any box left behind and stops the dockerd it started (nothing otherwise)

test_dockerd_start() {
  _td_sudo=()
  [ "$(id -u)" -eq 0 ] || _td_sudo=(sudo)
  _td_dir=${VPS_TEST_DOCKER_DIR:-/tmp/vps-test-docker}
  local data=${VPS_TEST_DOCKER_DATA:-$HOME/.cache/vps-test/docker-data}
  mkdir -p "$_td_dir" "$data"
  export DOCKER_HOST="unix://$_td_dir/docker.sock"
  export TESTCONTAINERS_RYUK_DISABLED=true
  _td_started=0
  if ! docker version >/dev/null 2>&1; then
    "${_td_sudo[@]}" dockerd --data-root "$data" --exec-root "$_td_dir/exec" -H "$DOCKER_HOST" \
      --pidfile "$_td_dir/docker.pid" >"$_td_dir/dockerd.log" 2>&1 &
    _td_started=1
    for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
    docker version >/dev/null 2>&1 || { echo "dockerd did not start:"; tail -20 "$_td_dir/dockerd.log"; return 1; }
  fi
}

test_dockerd_stop() {
  [ "${_td_started:-0}" -eq 1 ] || return 0
  docker ps -aq --filter name=vps-box- | xargs -r docker rm -f -v >/dev/null 2>&1 || true
  for net in vps-e2e-store- vps-e2e-swarm-; do
    docker network ls -q --filter name=$net | xargs -r docker network rm >/dev/null 2>&1 || true
  done
  "${_td_sudo[@]}" kill "$(cat "$_td_dir/docker.pid")" 2>/dev/null || true
  for _ in $(seq 1 30); do [ -e "$_td_dir/docker.pid" ] || break; sleep 1; done
}

#!/usr/bin/env bash
# The whole test suite: unit tests (Surefire) and tests against real services (Failsafe, *IT).
# Installs the Debian packages the tests run for real (caddy, PostgreSQL, shellcheck, ...) when they
# are missing; the tests start and stop those services themselves, as child processes on loopback.
set -euo pipefail
cd "$(dirname "$0")"

packages=(caddy postgresql redis-server age shellcheck openssh-server openssh-client sudo knot dnsutils curl gcc openssl docker.io debootstrap)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "run-tests.sh: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  # Keep package scripts from starting system services (the tests run their own instances).
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo_cmd[@]}" chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  [ $created_policy -eq 1 ] && "${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d
fi

# The provisioning tests' "VPS in a box" runs in a Docker engine of our own: its own data root
# (persistent, so the imported box image is reused), exec root, socket and pid file. It never
# touches a system Docker. Stopped again on exit, with any box left behind.
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
docker_dir=${VPS_TEST_DOCKER_DIR:-/tmp/vps-test-docker}
docker_data=${VPS_TEST_DOCKER_DATA:-$HOME/.cache/vps-test/docker-data}
mkdir -p "$docker_dir" "$docker_data"
export DOCKER_HOST="unix://$docker_dir/docker.sock"
export TESTCONTAINERS_RYUK_DISABLED=true
started_dockerd=0
if ! docker version >/dev/null 2>&1; then
  "${sudo_cmd[@]}" dockerd --data-root "$docker_data" --exec-root "$docker_dir/exec" -H "$DOCKER_HOST" \
    --pidfile "$docker_dir/docker.pid" >"$docker_dir/dockerd.log" 2>&1 &
  started_dockerd=1
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
  docker version >/dev/null 2>&1 || { echo "run-tests.sh: dockerd did not start:"; tail -20 "$docker_dir/dockerd.log"; exit 1; }
fi
stop_dockerd() {
  [ $started_dockerd -eq 1 ] || return 0
  docker ps -aq --filter name=vps-box- | xargs -r docker rm -f >/dev/null 2>&1 || true
  "${sudo_cmd[@]}" kill "$(cat "$docker_dir/docker.pid")" 2>/dev/null || true
  for _ in $(seq 1 30); do [ -e "$docker_dir/docker.pid" ] || break; sleep 1; done
}
trap stop_dockerd EXIT

mvn -B verify "$@"

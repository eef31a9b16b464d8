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

# The provisioning tests' "VPS in a box" runs in a Docker engine of our own (scripts/test-dockerd.sh),
# stopped again on exit, with any box left behind.
# shellcheck source=scripts/test-dockerd.sh
. scripts/test-dockerd.sh
test_dockerd_start
trap test_dockerd_stop EXIT

mvn -B verify "$@"

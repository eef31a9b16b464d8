#!/usr/bin/env bash
# No-op re-provision of phases 2-5 (packages, timezone, users, UFW, Docker) on a converged "VPS in a box",
# vps versus Ansible (Debian's ansible, pipelining on) converging the same tasks on the same box; then a drift check
# of the same phases (vps drift, check mode) versus ansible-playbook --check --diff of the same playbook.
# Installs ansible, docker.io and debootstrap when missing; starts the project's own dockerd
# (scripts/test-dockerd.sh) unless one answers, and stops it again. Runs as root (the box needs it).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for p in ansible docker.io debootstrap openssh-client; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
# shellcheck source=scripts/test-dockerd.sh
. scripts/test-dockerd.sh
test_dockerd_start
trap test_dockerd_stop EXIT
mvn -B -q install -DskipTests
mvn -B -q -pl vps test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "vps/target/test-classes:vps/target/classes:$(cat vps/target/bench.classpath)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn com.dimosaic.vps.provision.bench.ProvisionVsAnsible

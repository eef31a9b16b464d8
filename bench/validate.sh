#!/usr/bin/env bash
# All validation checks against one local host over one SSH connection: parallel versus sequential.
# Run as root, it logs in as a throwaway /bin/sh user (see bench/ssh-commands.sh for why).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl vps-validation test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  user=vps-bench
  if ! id vps-bench >/dev/null 2>&1; then
    useradd --system --shell /bin/sh --home-dir /nonexistent --no-create-home --password '*' vps-bench
    trap 'userdel vps-bench' EXIT
  fi
fi
java -cp "vps-validation/target/test-classes:vps-validation/target/classes:$(cat vps-validation/target/bench.classpath)" \
  -Dbench.user="$user" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn com.dimosaic.vps.validation.bench.ValidateBenchmark

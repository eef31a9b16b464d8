#!/usr/bin/env bash
# All validation checks against one local host over one SSH connection: parallel versus sequential.
# Run as root, it logs in as a throwaway /bin/sh user (bench/lib.sh says why).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl vps-validation test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_user
java -cp "vps-validation/target/test-classes:vps-validation/target/classes:$(cat vps-validation/target/bench.classpath)" \
  -Dbench.user="$BENCH_USER" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn com.dimosaic.vps.validation.bench.ValidateBenchmark

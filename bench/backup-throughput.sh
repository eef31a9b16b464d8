#!/usr/bin/env bash
# Backup and restore throughput of a PostgreSQL database (BENCH_MB, default 1024) on a provisioned "VPS in a box":
# vps backup now / vps backup restore --only postgres:bench against pg_dump | restic backup --stdin and
# restic dump | pg_restore run by hand on the same box; printed side by side. Installs docker.io and debootstrap
# when missing; starts the project's own dockerd (scripts/test-dockerd.sh) unless one answers, and stops it again.
# Runs as root (the box needs it). Takes about 10 minutes for 1 GB on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_packages docker.io debootstrap openssh-client
# shellcheck source=scripts/test-dockerd.sh
. scripts/test-dockerd.sh
test_dockerd_start
trap test_dockerd_stop EXIT
mvn -B -q install -DskipTests -Dvps.cds.skip
mvn -B -q -pl examples test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd examples
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  com.dimosaic.vps.examples.BackupThroughputBench

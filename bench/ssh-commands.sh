#!/usr/bin/env bash
# 100 small commands over one SshRemoteHost connection (sequential and over parallel channels) versus
# 100 OpenSSH client processes, against a local sshd started by the harness. Prints times and ratios.
# Run as root, it logs in as a throwaway /bin/sh user (bench/lib.sh says why).
# Usage: bench/ssh-commands.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl vps-ssh test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_user
java -cp "vps-ssh/target/test-classes:vps-ssh/target/classes:$(cat vps-ssh/target/bench.classpath)" \
  -Dbench.user="$BENCH_USER" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn com.dimosaic.vps.ssh.bench.SshBenchmark "${1:-100}"

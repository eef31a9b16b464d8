#!/usr/bin/env bash
# 100 small commands over one SshRemoteHost connection (sequential and over parallel channels) versus
# 100 OpenSSH client processes, against a local sshd started by the harness. Prints times and ratios.
#
# Run as root, it logs in as a throwaway system user "vps-bench" with /bin/sh as shell (created here,
# removed at the end): root's login shell on this image runs `pyenv init` from ~/.bashrc on every
# command (~150 ms), which would measure the shell instead of the transport.
# Usage: bench/ssh-commands.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -q -pl vps-ssh test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  user=vps-bench
  if ! id vps-bench >/dev/null 2>&1; then
    # '*': no password, but not locked (sshd without PAM refuses accounts locked with '!')
    useradd --system --shell /bin/sh --home-dir /nonexistent --no-create-home --password '*' vps-bench
    trap 'userdel vps-bench' EXIT
  fi
fi
java -cp "vps-ssh/target/test-classes:vps-ssh/target/classes:$(cat vps-ssh/target/bench.classpath)" \
  -Dbench.user="$user" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn com.dimosaic.vps.ssh.bench.SshBenchmark "${1:-100}"

#!/usr/bin/env bash
# 100 small commands over one SshRemoteHost connection (sequential and over parallel channels) versus
# 100 OpenSSH client processes, against a local sshd started by the harness. Prints times and ratios.
# Run as root, it logs in as a throwaway /bin/sh user (bench/lib.sh says why).
# Usage: bench/ssh-commands.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_java vps-ssh com.dimosaic.vps.ssh.bench.SshBenchmark "${1:-100}"

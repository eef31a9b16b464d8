#!/usr/bin/env bash
# Validation of 1, 3 and 8 hosts (local sshd instances on loopback), ten checks each: vps's fleet (one SSH connection per
# host, 8 at a time) versus Ansible running the same ten commands (ansible -m command, forks = 8, pipelining on).
# Installs ansible when missing. Run as root, it logs in as a throwaway /bin/sh user (bench/lib.sh says why).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_packages ansible openssh-server openssh-client
bench_java vps com.dimosaic.vps.fleet.bench.FleetValidateBench

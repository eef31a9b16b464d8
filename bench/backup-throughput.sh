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
bench_box com.dimosaic.vps.examples.BackupThroughputBench

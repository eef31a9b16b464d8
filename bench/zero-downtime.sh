#!/usr/bin/env bash
# The cost of a zero-downtime (blue/green) switch against a stop-start, on a provisioned "VPS in a box": the same small
# app redeployed BENCH_ROUNDS times (default 5) as a blue/green service and as one whose profile asks for a restart,
# each under 20 requests/s through Caddy; prints "new image pulled → old container gone", its parts, the failed
# requests and the p99 latency per strategy, next to Kamal 2's documented defaults (1 s health polls, 30 s deploy
# timeout, 30 s drain). Installs docker.io and debootstrap when missing; starts the project's own dockerd
# (scripts/test-dockerd.sh) unless one answers, and stops it again. Runs as root (the box needs it). About 6 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_box com.dimosaic.vps.examples.ZeroDowntimeBench

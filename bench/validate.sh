#!/usr/bin/env bash
# All validation checks against one local host over one SSH connection: parallel versus sequential.
# Run as root, it logs in as a throwaway /bin/sh user (bench/lib.sh says why).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_java vps-validation com.dimosaic.vps.validation.bench.ValidateBenchmark

#!/usr/bin/env bash
# Cold-start wall time of `plan` on the demo profile (a fresh JVM each run): `java -jar examples/target/vps.jar`
# against `examples/vps`, which starts the same jar with the class-data-sharing archive the build trains on
# this very plan (examples/target/vps.jsa). Goal for the launcher: <= 500 ms.
# Usage: bench/plan-startup.sh [runs]   (builds the jar and the archive when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
if [ ! -f examples/target/vps.jar ] || [ ! -f examples/target/vps.jsa ]; then
  mvn -B -q install -DskipTests
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median() {
  local label=$1
  shift
  local times=()
  for _ in $(seq "$runs"); do
    rm -rf "$out/plan"
    local start end
    start=$(date +%s%N)
    "$@" plan examples/profiles/demo --out "$out/plan" --age-key-file examples/profiles/demo/demo-age-key.txt >/dev/null 2>&1
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 ))")
  done
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  echo "$label: median $(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p") ms over ${runs} runs (all: $(echo "$sorted" | tr '\n' ' '))"
}

median "java -jar vps.jar" java -jar examples/target/vps.jar
median "examples/vps (AppCDS)" examples/vps
start=$(date +%s%N); java -version >/dev/null 2>&1; end=$(date +%s%N)
echo "the JVM alone (java -version): $(( (end - start) / 1000000 )) ms"

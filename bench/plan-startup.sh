#!/usr/bin/env bash
# Cold-start wall time of `vps.jar plan` on the demo profile (a fresh JVM each run).
# Usage: bench/plan-startup.sh [runs]   (builds examples/target/vps.jar when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
[ -f examples/target/vps.jar ] || mvn -B -q install -DskipTests
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
times=()
for i in $(seq "$runs"); do
  rm -rf "$out/plan"
  start=$(date +%s%N)
  java -jar examples/target/vps.jar plan examples/profiles/demo --out "$out/plan" --age-key-file examples/profiles/demo/demo-age-key.txt >/dev/null 2>&1
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
echo "plan cold start on the demo profile: median ${median} ms over ${runs} runs (goal < 1500 ms)"

#!/usr/bin/env bash
# Compares netsum with TensorFlow.js on the same model JSON files, each tool
# run as a fresh process per model (what a user does), and prints the ratio.
# Usage: bench/tfjs/run.sh [N]   (N fixtures from testdata/tfjs, default 40)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
n=${1:-40}
[ -d tools/oracle/tfjs/node_modules ] || (cd tools/oracle/tfjs && npm ci --silent)
bin=$(mktemp -d)/netsum
go build -o "$bin" ./cmd/netsum
mapfile -t files < <(ls testdata/tfjs/*.json | grep -v expected | head -n "$n")
export NODE_NO_WARNINGS=1
ns() { date +%s%N; }
t0=$(ns); for f in "${files[@]}"; do "$bin" -q "$f" >/dev/null; done; t1=$(ns)
for f in "${files[@]}"; do node bench/tfjs/summary.js "$f" >/dev/null 2>&1; done; t2=$(ns)
netsum_ms=$(( (t1 - t0) / 1000000 )); tfjs_ms=$(( (t2 - t1) / 1000000 ))
printf 'models: %d\nnetsum: %d ms total, %.2f ms/model\ntfjs:   %d ms total, %.2f ms/model\nratio:  %.1fx faster\n' \
  "${#files[@]}" "$netsum_ms" "$(echo "$netsum_ms/${#files[@]}" | bc -l)" "$tfjs_ms" "$(echo "$tfjs_ms/${#files[@]}" | bc -l)" \
  "$(echo "$tfjs_ms/$netsum_ms" | bc -l)"

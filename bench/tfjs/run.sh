#!/usr/bin/env bash
# Compares netsum with TensorFlow.js on the same model JSON files, each tool
# run as a fresh process per model (what a user does), and prints the ratio.
# Usage: bench/tfjs/run.sh [N] [ROUNDS]
#   N       fixtures from testdata/tfjs (default 40)
#   ROUNDS  rounds (default 5). A round runs netsum over the N files
#           NETSUM_PASSES times (default 5; the round keeps the median
#           pass), then tfjs over them once, so both tools of a round run
#           under about the same load from the rest of the machine. With
#           INTERLEAVE=1 each file is read by netsum and then by tfjs
#           before the next file (netsum then starts with caches tfjs
#           has just filled with its own data: slower, as in a session
#           that mixes tools). The report gives each round's figures, the
#           medians over the rounds with their range, and the median of
#           the per-round ratios.
# Go benchmarks of the same start-up: go test ./bench/tfjs -bench Startup
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
n=${1:-40}
rounds=${2:-5}
passes=${NETSUM_PASSES:-5}
[ -d tools/oracle/tfjs/node_modules ] || (cd tools/oracle/tfjs && npm ci --silent)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/netsum
go build -o "$bin" ./cmd/netsum
mapfile -t files < <(ls testdata/tfjs/*.json | grep -v expected | head -n "$n")
export NODE_NO_WARNINGS=1
nf=${#files[@]}
for ((r = 1; r <= rounds; r++)); do
	: >"$tmp/passes.txt"
	tsum=0
	if [ "${INTERLEAVE:-0}" = 1 ]; then
		nsum=0
		for f in "${files[@]}"; do
			for ((p = 1; p <= passes; p++)); do
				t0=${EPOCHREALTIME/[.,]/}
				"$bin" -q "$f" >/dev/null
				t1=${EPOCHREALTIME/[.,]/}
				nsum=$((nsum + 10#$t1 - 10#$t0))
			done
			t0=${EPOCHREALTIME/[.,]/}
			node bench/tfjs/summary.js "$f" >/dev/null 2>&1
			t1=${EPOCHREALTIME/[.,]/}
			tsum=$((tsum + 10#$t1 - 10#$t0))
		done
		echo $((nsum / passes)) >"$tmp/passes.txt"
	else
		for ((p = 1; p <= passes; p++)); do
			t0=${EPOCHREALTIME/[.,]/}
			for f in "${files[@]}"; do "$bin" -q "$f" >/dev/null; done
			t1=${EPOCHREALTIME/[.,]/}
			echo $((10#$t1 - 10#$t0)) >>"$tmp/passes.txt"
		done
		t0=${EPOCHREALTIME/[.,]/}
		for f in "${files[@]}"; do node bench/tfjs/summary.js "$f" >/dev/null 2>&1; done
		t1=${EPOCHREALTIME/[.,]/}
		tsum=$((10#$t1 - 10#$t0))
	fi
	npass=$(sort -n "$tmp/passes.txt" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	# per model, ms
	nm=$(echo "$npass / $nf / 1000" | bc -l)
	tm=$(echo "$tsum / $nf / 1000" | bc -l)
	printf 'round %d: netsum %.2f ms/model, tfjs %.2f ms/model, ratio %.1fx\n' "$r" "$nm" "$tm" "$(echo "$tm / $nm" | bc -l)"
	echo "$nm $tm $(echo "$tm / $nm" | bc -l)" >>"$tmp/rounds.txt"
done
# med COLUMN: median (min-max) over the rounds
med() { awk -v c="$1" '{print $c}' "$tmp/rounds.txt" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f (%.2f-%.2f)\n", m, a[1], a[NR]}'; }
printf 'models: %d, rounds: %d, netsum passes per round: %d\n' "$nf" "$rounds" "$passes"
printf 'netsum: %s ms/model, median of rounds (range)\n' "$(med 1)"
printf 'tfjs:   %s ms/model\n' "$(med 2)"
printf 'ratio:  %sx faster, median of the per-round ratios (range)\n' "$(med 3)"

#!/usr/bin/env bash
# Generates N random models netsum has never seen with TensorFlow.js and
# compares netsum with them: usage tools/oracle/tfjs/check_unseen.sh [N] [SEED]
set -euo pipefail
n=${1:-300}; seed=${2:-$RANDOM}
root=$(cd "$(dirname "$0")/../../.." && pwd)
out=$(mktemp -d)
cd "$root/tools/oracle/tfjs"
[ -d node_modules ] || npm ci --silent
node generate.js --random "$n" --seed "$seed" --out "$out" | tail -1
cd "$root"
go test ./internal/conformance/ -run TestTFJS -tfjs-dir "$out" -v | grep -E "fixtures|^(ok|FAIL)|known|tfjs_test" | tail -40

#!/usr/bin/env bash
# Compares netsum with torch itself (Debian's python3-torch and
# python3-torchvision), each run as a fresh process, in the same run:
#  - model code: torchvision's resnet50 source -> summary (netsum runs the
#    source symbolically; torch builds the model and runs a forward pass);
#  - checkpoint: a ResNet-50 state_dict saved by torch (98 MB) -> tensor
#    table (netsum reads the zip's pickle; torch.load reads every byte).
# Usage: bench/torch/run.sh [ROUNDS]   (default 5; prints the median)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rounds=${1:-5}
py=/usr/bin/python3
tv=/usr/lib/python3/dist-packages
$py -c 'import torch, torchvision' 2>/dev/null || { echo "needs python3-torch and python3-torchvision (apt-get install)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/netsum" ./cmd/netsum
printf 'import torchvision\nmodel = torchvision.models.resnet50(weights=None)\n' > "$tmp/model.py"
$py -c "import torch, torchvision; torch.save(torchvision.models.resnet50(weights=None).state_dict(), '$tmp/resnet50.pt')"
ns() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { # command... -> ms of one run
  local t0 t1; t0=$(ns); "$@" >/dev/null 2>&1; t1=$(ns); echo $(( (t1 - t0) / 1000000 ))
}
run() { # label, netsum args, reference args
  local label=$1; shift
  local -a a b; IFS='|' read -r -a a <<<"$1"; IFS='|' read -r -a b <<<"$2"
  local n r
  n=$(for _ in $(seq "$rounds"); do time_ms "$tmp/netsum" "${a[@]}"; done | median)
  r=$(for _ in $(seq "$rounds"); do time_ms $py bench/torch/torch_summary.py "${b[@]}"; done | median)
  printf '%-38s netsum %6d ms   torch %6d ms   %6.1fx\n' "$label" "$n" "$r" "$(echo "$r/($n+0.0001)" | bc -l)"
}
echo "median of $rounds fresh processes each"
run "resnet50 code -> summary" "-q|--style|torchinfo|--input-size|1,3,224,224|--path|$tv|$tmp/model.py" "code|resnet50|224|224"
run "resnet50 state_dict (98 MB) -> table" "-q|$tmp/resnet50.pt" "ckpt|$tmp/resnet50.pt"

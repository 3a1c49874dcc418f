#!/usr/bin/env python3
"""Record torchinfo's tables for cmd/netsum/testdata/recursive/ ("(recursive)"
rows) and cmd/netsum/testdata/depth/ (depth=0, 1, 2 of the seed model).

    PYTHONPATH=DIR /usr/bin/python3 tools/oracle/torch/torchinfo_rows.py \
        cmd/netsum/testdata [torchinfo-1.8.0|torchinfo-master]

DIR holds a torchinfo package: `pip install torchinfo==1.8.0`, or
`git archive v1.8.0 torchinfo | tar -x -C DIR` in a clone of
TylerYep/torchinfo (master: `git archive HEAD`). For every model file X.py
in the directory (the code netsum reads, run here by Python) it writes
X.<label>.txt: summary(model, input_size) with the columns output_size,
num_params, params_percent, then again with row_settings=("depth",
"hide_recursive_layers"); and X.torch.json: what torch counts,
sum(p.numel() for p in model.parameters()) (a shared module once).
For testdata/pytorch/seed.py it writes depth/seed.depthN.<label>.txt,
summary(model, input_size=(1, 1, 28, 28), depth=N).
"""

import json
import os
import sys

import torch  # noqa: F401
from torchinfo import summary

SIZES = {"reuse.py": (1, 4), "shared.py": (1, 8)}


def load(path):
    ns = {"__name__": "netsum_fixture"}
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), ns)
    return ns["model"]


def main():
    root = sys.argv[1]
    label = sys.argv[2] if len(sys.argv) > 2 else "torchinfo-1.8.0"
    out = os.path.join(root, "recursive")
    depth = os.path.join(root, "depth")
    os.makedirs(depth, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    seed = load(os.path.join(here, "..", "..", "..", "testdata", "pytorch", "seed.py"))
    for d in (0, 1, 2):
        with open(os.path.join(depth, "seed.depth%d.%s.txt" % (d, label)), "w") as f:
            f.write(str(summary(seed, input_size=(1, 1, 28, 28), depth=d, verbose=0)) + "\n")
    for name, size in sorted(SIZES.items()):
        model = load(os.path.join(out, name))
        a = summary(model, input_size=size, col_names=("output_size", "num_params", "params_percent"), verbose=0)
        b = summary(model, input_size=size, verbose=0, row_settings=("depth", "hide_recursive_layers"))
        base = os.path.join(out, name[:-3])
        with open(base + "." + label + ".txt", "w") as f:
            f.write(str(a) + "\n" + str(b) + "\n")
        params = sum(p.numel() for p in model.parameters())
        with open(base + ".torch.json", "w") as f:
            json.dump({"input_size": list(size), "params": params}, f)
            f.write("\n")
        print(name, params)


if __name__ == "__main__":
    main()

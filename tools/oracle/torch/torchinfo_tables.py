#!/usr/bin/env python3
"""Record torchinfo's whole tables for testdata/pytorch/torchinfo/.

    PYTHONPATH=DIR /usr/bin/python3 tools/oracle/torch/torchinfo_tables.py \
        testdata/pytorch/torchinfo

DIR holds torchinfo 1.8.0's package (`git archive v1.8.0 torchinfo | tar -x
-C DIR` in a clone of TylerYep/torchinfo). For every X.py in the directory
(the code netsum reads; it assigns `model`) it writes X.txt: the table
summary(model, input_size) prints with the default columns, then the table
with col_names=("output_size", "num_params", "mult_adds") and depth=4. The
input size is the script's INPUT_SIZE (a list of shapes: one input each),
else SIZES[X], else 1x3x224x224; a script's INPUT_DTYPE ("long") is
torchinfo's dtypes= for every input.
"""

import os
import sys

import torch  # noqa: F401
from torchinfo import summary

SIZES = {
    "uncalled": (2, 8),
    "rootparams": (2, 8),
    "transformer": (10, 1, 32),
}


def load(path):
    ns = {"__name__": "netsum_fixture"}
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), ns)
    return ns


def main():
    root = sys.argv[1]
    for name in sorted(os.listdir(root)):
        if not name.endswith(".py"):
            continue
        base = name[:-3]
        ns = load(os.path.join(root, name))
        model = ns["model"]
        size = ns.get("INPUT_SIZE", SIZES.get(base, (1, 3, 224, 224)))
        kw = {}
        if "INPUT_DTYPE" in ns:
            n = len(size) if isinstance(size[0], (list, tuple)) else 1
            kw["dtypes"] = [getattr(torch, ns["INPUT_DTYPE"])] * n
        a = summary(model, input_size=size, verbose=0, **kw)
        b = summary(model, input_size=size, col_names=("output_size", "num_params", "mult_adds"), depth=4, verbose=0, **kw)
        with open(os.path.join(root, base + ".txt"), "w") as f:
            f.write(str(a) + "\n" + str(b) + "\n")
        print(base, "ok")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The reference side of bench/torch/run.sh: what a user runs today to get
a summary from torch itself (torchinfo is not packaged by Debian; this does
what it does: build the model, run a forward pass with hooks, count).

    torch_summary.py code NAME H W     torchvision builder, weights=None
    torch_summary.py ckpt FILE         torch.load(weights_only=False) + count
"""
import sys

import torch


def code(name, h, w):
    import torchvision
    model = getattr(torchvision.models, name)(weights=None).eval()
    rows = []
    hooks = [m.register_forward_hook(lambda m, i, o: rows.append((type(m).__name__, tuple(o.shape) if torch.is_tensor(o) else None)))
             for m in model.modules() if m is not model]
    with torch.no_grad():
        model(torch.rand(1, 3, h, w))
    for h_ in hooks:
        h_.remove()
    print(len(rows), "calls;", sum(p.numel() for p in model.parameters()), "params")


def ckpt(path):
    sd = torch.load(path, map_location="cpu")
    if isinstance(sd, dict) and "state_dict" in sd:
        sd = sd["state_dict"]
    print(len(sd), "tensors;", sum(t.numel() for t in sd.values() if torch.is_tensor(t)), "elements")


if __name__ == "__main__":
    if sys.argv[1] == "code":
        code(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        ckpt(sys.argv[2])

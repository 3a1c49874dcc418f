#!/usr/bin/env python3
"""Record what torch itself reports for a model: forward-hook shapes and
parameter counts. The fixtures of testdata/pytorch/*.expected.json come
from here; netsum's PyTorch front end (internal/pytorch) is checked
against them.

Run with Debian's torch (apt-get install python3-torch python3-torchvision):

    /usr/bin/python3 tools/oracle/torch/hooks.py OUTDIR resnet18 resnet50 ...
    /usr/bin/python3 tools/oracle/torch/hooks.py OUTDIR path/to/script.py:ClassName

A NAME is a torchvision.models builder, called with weights=None; a
FILE.py:CLASS is a script whose class is instantiated with no arguments
(a module-level INPUT_SIZE = [..] in the script overrides --input-size
for that script, a list of shapes for a forward of several inputs, and
INPUT_DTYPE = "long" makes the inputs torch.long as torchinfo's dtypes=
does: torch.rand(...).to(dtype); the fixture then also records "class" and "tensors",
every named parameter and buffer with shape, dtype and trainability).
Each writes OUTDIR/NAME.expected.json:

    {"model": ..., "input_size": [1, 3, 224, 224],
     "params": sum(p.numel() for p in model.parameters()),
     "trainable": ..., "buffers": sum(b.numel() for b in model.buffers()),
     "output": [..],
     "calls": [{"name": "layer1.0.conv1", "class": "Conv2d", "depth": 3,
                "input": [...], "output": [...], "params": own+children}, ...]}

calls are module calls in pre-hook order (torchinfo's row order), the
root excluded; output is the first tensor's shape (torchinfo's rule).
"""

import json
import os
import runpy
import sys

import torch
import torchvision


def first_shape(x):
    if isinstance(x, torch.Tensor):
        return list(x.shape)
    if isinstance(x, (list, tuple)):
        for e in x:
            s = first_shape(e)
            if s is not None:
                return s
    if isinstance(x, dict):
        for v in reversed(list(x.values())):
            return first_shape(v)
    return None


def record(model, input_size, dtype=None):
    names = {m: n for n, m in model.named_modules(remove_duplicate=False)}
    calls = []
    stack = []

    def pre(mod, inp):
        e = {"name": names.get(mod, "?"), "class": type(mod).__name__,
             "depth": len(stack) + 1, "input": first_shape(inp),
             "params": sum(p.numel() for p in mod.parameters())}
        calls.append(e)
        stack.append(e)

    def post(mod, inp, out):
        e = stack.pop()
        e["output"] = first_shape(out)

    hooks = []
    for n, m in model.named_modules():
        if m is model:
            continue
        hooks.append(m.register_forward_pre_hook(pre))
        hooks.append(m.register_forward_hook(post))
    model.eval()
    with torch.no_grad():
        sizes = input_size if isinstance(input_size[0], (list, tuple)) else [input_size]
        xs = [torch.rand(*s) for s in sizes]
        if dtype:
            xs = [x.to(getattr(torch, dtype)) for x in xs]
        out = model(*xs)
    for h in hooks:
        h.remove()
    return {
        "params": sum(p.numel() for p in model.parameters()),
        "trainable": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "buffers": sum(b.numel() for b in model.buffers()),
        "output": first_shape(out),
        "calls": calls,
    }


def main():
    outdir = sys.argv[1]
    size = [1, 3, 224, 224]
    for arg in sys.argv[2:]:
        if arg.startswith("--input-size="):
            size = [int(x) for x in arg.split("=", 1)[1].split(",")]
            continue
        torch.manual_seed(0)
        if ".py:" in arg:
            path, cls = arg.split(":")
            g = runpy.run_path(path)
            model = g[cls]()
            name = os.path.splitext(os.path.basename(path))[0]
            res = {"model": name, "class": cls,
                   "input_size": list(g.get("INPUT_SIZE", size))}
            if "INPUT_DTYPE" in g:
                res["input_dtype"] = g["INPUT_DTYPE"]
        else:
            name = arg
            model = getattr(torchvision.models, name)(weights=None)
            res = {"model": name, "input_size": size}
        res.update(record(model, res["input_size"], res.get("input_dtype")))
        if "class" in res:
            # Script fixtures also list every parameter and buffer by its
            # state_dict name (named_parameters / named_buffers, each once).
            res["tensors"] = [
                {"name": n, "shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
                 "buffer": False, "trainable": t.requires_grad}
                for n, t in model.named_parameters()] + [
                {"name": n, "shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
                 "buffer": True, "trainable": False}
                for n, t in model.named_buffers()]
        with open(os.path.join(outdir, name + ".expected.json"), "w") as f:
            json.dump(res, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print(name, res["params"], res["output"], len(res["calls"]))


if __name__ == "__main__":
    main()

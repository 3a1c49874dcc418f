#!/usr/bin/env python3
"""Record the true dataflow between module calls of a torchvision model,
as torch.fx sees it: for every module call, which earlier module calls
produced its input tensors. testdata/pytorch/dataflow/*.json come from
here; internal/pytorch/dataflow_test.go checks netsum's graph edges
against them (without torch).

Run with Debian's torch 1.13 (python3-torch, python3-torchvision):

    /usr/bin/python3 tools/oracle/torch/dataflow.py OUTDIR resnet18 densenet121 ...

The model (weights=None, eval mode) is traced with torch.fx on a tracer
that records every module call it passes through, leaf or not (the
default leaves: torch.nn modules other than Sequential). fx turns every
tensor operation, in-place ones included (out += identity), into a graph
node, so a value's producers are found by walking its node's arguments
back to the nearest module-call outputs: the last module call that
returned the node (an inner call's output returned by its block is the
block's output from then on), as netsum's tensors record it.

A model fx cannot trace (vit_b_16, maxvit_t, shufflenet unpack x.shape or
iterate over it) runs for real instead, on zeros of the input size: every
module's forward is wrapped (forward pre-hooks do not see keyword
arguments in torch 1.13) and a TorchFunctionMode passes producers through
every torch function and Tensor method by tensor identity, in-place ones
included; a module returning its argument itself (nn.Identity,
ReLU(inplace=True)) returns an alias instead, a new value as in fx. On
resnet18, densenet121, googlenet and mobilenet_v2 both ways give the same
calls, parents and producers. Writes OUTDIR/NAME.json:

    {"model": "resnet18", "input_size": [1, 3, 224, 224], "via": "torch.fx",
     "calls": [{"name": "layer1.0.conv1", "class": "Conv2d", "parent": 12,
                "inputs": [[[11, 0]], ...]}, ...]}

calls are in call order (pre-hook order, the root excluded); parent is
the index of the enclosing call (-1 for the root's); inputs has one entry
per tensor argument (tuples, lists and dicts flattened, positional then
keyword), each the list of [call index, output index] it was computed
from ([] for the model input or constants).
"""

import json
import os
import sys

import torch
import torch.fx
import torchvision

MAX_PRODUCERS = 16


def flat(v, out):
    if isinstance(v, torch.fx.Proxy):
        out.append(v.node)
    elif isinstance(v, (tuple, list)):
        for e in v:
            flat(e, out)
    elif isinstance(v, dict):
        for e in v.values():
            flat(e, out)
    return out


class Recorder(torch.fx.Tracer):
    def __init__(self):
        super().__init__()
        self.calls = []
        self.stack = []
        self.tag = {}  # fx node -> (call index, output index), latest wins

    def producers(self, node):
        """The nearest module-call outputs node was computed from."""
        out, seen, memo = [], set(), {}

        def walk(n, depth):
            if n in self.tag:
                return [self.tag[n]]
            if n in memo:
                return memo[n]
            res = []
            args = []
            torch.fx.node.map_arg((n.args, n.kwargs), lambda a: args.append(a))
            for a in args:
                for p in walk(a, depth + 1):
                    if p not in res:
                        res.append(p)
            memo[n] = res
            return res

        for p in walk(node, 0):
            if p not in seen:
                seen.add(p)
                out.append(p)
        return out[:MAX_PRODUCERS]

    def call_module(self, m, forward, args, kwargs):
        name = self.path_of_module(m)
        idx = len(self.calls)
        rec = {"name": name, "class": type(m).__name__,
               "parent": self.stack[-1] if self.stack else -1,
               "inputs": [[list(p) for p in self.producers(n)] for n in flat(list(args) + list(kwargs.values()), [])]}
        self.calls.append(rec)
        self.stack.append(idx)
        try:
            out = super().call_module(m, forward, args, kwargs)
        finally:
            self.stack.pop()
        for i, n in enumerate(flat(out, [])):
            self.tag[n] = (idx, i)
        return out


def record(name, input_size):
    model = getattr(torchvision.models, name)(weights=None)
    model.eval()
    tracer = Recorder()
    try:
        tracer.trace(model)
        return {"model": name, "input_size": input_size, "via": "torch.fx", "calls": tracer.calls}
    except torch.fx.proxy.TraceError:
        # vit_b_16 unpacks x.shape: run it for real instead
        return {"model": name, "input_size": input_size, "via": "TorchFunctionMode",
                "calls": run_recorded(model, input_size)}


class Provenance(torch.overrides.TorchFunctionMode):
    """Real execution: every torch function and Tensor method passes the
    union of its tensor arguments' producers on to its results (an
    in-place result included); forward hooks make a module call the
    producer of its outputs."""

    def __init__(self):
        super().__init__()
        self.prov = {}  # id(tensor) -> list of (call, output)
        self.keep = []  # tensors seen, so that ids are not reused

    def of(self, ts):
        res = []
        for t in ts:
            for p in self.prov.get(id(t), []):
                if p not in res:
                    res.append(p)
        return res[:MAX_PRODUCERS]

    def set(self, t, p):
        self.keep.append(t)
        self.prov[id(t)] = p

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        ins = tensors((args, kwargs), [])
        u = self.of(ins)
        for t in tensors(out, []):
            if isinstance(t, torch.nn.Parameter):
                continue
            if id(t) not in self.prov or any(t is i for i in ins):
                self.set(t, u)
        return out


def tensors(v, out):
    if isinstance(v, torch.Tensor):
        out.append(v)
    elif isinstance(v, (tuple, list)):
        for e in v:
            tensors(e, out)
    elif isinstance(v, dict):
        for e in v.values():
            tensors(e, out)
    return out


def run_recorded(model, input_size):
    """Runs model, each module's forward wrapped (forward pre-hooks do not
    see keyword arguments in torch 1.13: vit calls
    self_attention(x, x, x, need_weights=False) with them)."""
    mode = Provenance()
    calls, stack = [], []
    names = {m: n for n, m in model.named_modules()}

    def wrap(m, forward):
        def call(*args, **kwargs):
            calls.append({"name": names[m], "class": type(m).__name__,
                          "parent": stack[-1] if stack else -1,
                          "inputs": [[list(p) for p in mode.prov.get(id(t), [])] for t in tensors((args, kwargs), [])]})
            idx = len(calls) - 1
            stack.append(idx)
            try:
                out = forward(*args, **kwargs)
            finally:
                stack.pop()
            ins = tensors((args, kwargs), [])
            if isinstance(out, torch.Tensor) and any(out is t for t in ins):
                # nn.Identity, ReLU(inplace=True): the result is the
                # argument itself; as in torch.fx it is a new value (an
                # alias of the same storage), and the argument keeps its
                # producers
                out = out.view_as(out)
            for i, t in enumerate(tensors(out, [])):
                mode.set(t, [(idx, i)])
            return out
        return call

    for m in names:
        if m is not model:
            m.forward = wrap(m, m.forward)
    x = torch.zeros(input_size)
    with torch.no_grad(), mode:
        model(x)
    for m in names:
        if m is not model:
            del m.forward
    return calls


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name in sys.argv[2:]:
        res = record(name, [1, 3, 224, 224])
        with open(os.path.join(outdir, name + ".json"), "w") as f:
            json.dump(res, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print(name, len(res["calls"]), "calls", file=sys.stderr)


if __name__ == "__main__":
    main()

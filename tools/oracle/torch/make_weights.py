#!/usr/bin/env python3
"""Write the --weights fixtures of testdata/torch/weights/ with real torch.

Run with Debian's torch (apt-get install python3-torch):

    /usr/bin/python3 tools/oracle/torch/make_weights.py testdata/torch/weights

The models are the PyTorch code netsum reads (testdata/pytorch/seed.py,
testdata/torch/weights/bn_net.py and tied_net.py), run here by Python. Each checkpoint is
a state_dict of that model, correct or broken in one way; expected.json
records, for every file, what torch's model.load_state_dict(sd,
strict=True) does with it: "error" is the message of the RuntimeError it
raises (null when it loads), "tensors" the entries of the model's
state_dict and "params" sum(p.numel() for p in model.parameters()).
For a training checkpoint "entry" names the key holding the state_dict,
and for a DataParallel checkpoint "raw_error" is what torch raises on the
keys as saved, "error" what it does once the "module." prefix is removed
(torch.nn.modules.utils.consume_prefix_in_state_dict_if_present), as
netsum matches them.

To keep the files small every tensor is saved as one element expanded to
its shape (stride 0): torch.save stores the one-element storage, and
torch.load and load_state_dict see the full shape.
"""

import collections
import json
import os
import sys

import torch
import torch.nn as nn
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)
from make_ckpt import save_safetensors  # noqa: E402


def load_code(path):
    """Runs model code as netsum does and returns its `model`."""
    ns = {"__name__": "netsum_fixture"}
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), ns)
    return ns["model"]


def light(sd):
    """The state_dict with every tensor one element expanded to its shape,
    keeping torch's _metadata (module versions)."""
    out = collections.OrderedDict()
    for k, t in sd.items():
        one = torch.zeros((), dtype=t.dtype)
        out[k] = one.expand(t.shape) if t.dim() > 0 else one.clone()
    md = getattr(sd, "_metadata", None)
    if md is not None:
        out._metadata = md
    return out


def without_metadata(sd):
    return collections.OrderedDict(sd.items())


def outcome(model, sd, strip=False):
    if strip:
        sd = light(sd)  # a copy keeping _metadata; consume_prefix edits it
        consume_prefix_in_state_dict_if_present(sd, "module.")
    try:
        model.load_state_dict(sd, strict=True)
        return None
    except RuntimeError as e:
        return str(e)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "testdata", "torch", "weights")
    os.makedirs(out, exist_ok=True)
    seed_py = os.path.join(ROOT, "testdata", "pytorch", "seed.py")
    bn_py = os.path.join(ROOT, "testdata", "torch", "weights", "bn_net.py")
    cases = []

    def record(name, code, input_size, model, saved, sd, entry=None, strip=False, note=""):
        path = os.path.join(out, name)
        if name.endswith(".safetensors"):
            save_safetensors(sd, path)
        elif name.endswith("_legacy.pt"):
            torch.save(saved, path, _use_new_zipfile_serialization=False)
        else:
            torch.save(saved, path)
        # What torch does with the file as saved.
        loaded = torch.load(path) if not name.endswith(".safetensors") else sd
        if entry:
            loaded = loaded[entry]
        case = collections.OrderedDict(
            file=name,
            code=os.path.relpath(code, ROOT),
            input_size=input_size,
            note=note,
            entry=entry,
            strip_prefix="module." if strip else None,
            error=outcome(model, loaded, strip=strip),
            tensors=len(model.state_dict()),
            params=sum(p.numel() for p in model.parameters()),
        )
        if strip:
            case["raw_error"] = outcome(model, loaded)
        cases.append(case)

    seed = load_code(seed_py)
    sd = light(seed.state_dict())
    size = [1, 1, 28, 28]
    record("seed_ok.pt", seed_py, size, seed, sd, sd, note="the model's own state_dict")
    record("seed_ok_legacy.pt", seed_py, size, seed, sd, sd, note="legacy (non-zip) torch.save format")
    half = light(load_code(seed_py).half().state_dict())
    record("seed_half.pt", seed_py, size, seed, half, half, note="float16 tensors: torch converts (a note)")

    wrong = load_code(seed_py)
    wrong.classifier[3] = nn.Linear(100, 10)
    wsd = light(wrong.state_dict())
    record("seed_wrong_fc.pt", seed_py, size, seed, wsd, wsd, note="classifier.3 is Linear(100, 10) in the checkpoint")

    miss = light(seed.state_dict())
    del miss["classifier.3.bias"]
    record("seed_missing.pt", seed_py, size, seed, miss, miss, note="classifier.3.bias left out")

    extra = light(seed.state_dict())
    extra["classifier.4.weight"] = torch.zeros(()).expand(2, 2)
    extra["head.bias"] = torch.zeros(()).expand(2)
    record("seed_extra.pt", seed_py, size, seed, extra, extra, note="two keys the model does not have")

    several = light(wrong.state_dict())
    del several["features.0.bias"]
    several["features.1.weight"] = torch.zeros(()).expand(3)
    record("seed_several_legacy.pt", seed_py, size, seed, several, several,
           note="missing, unexpected and size mismatches at once (legacy format)")

    dp = light(nn.DataParallel(load_code(seed_py)).state_dict())
    record("seed_dataparallel.pt", seed_py, size, seed, dp, dp, strip=True, note="saved from nn.DataParallel: every key starts with module.")

    opt = torch.optim.Adam(seed.parameters())
    train = collections.OrderedDict(epoch=3, model_state_dict=sd, optimizer_state_dict=opt.state_dict(), loss=0.25)
    record("seed_train_ckpt.pt", seed_py, size, seed, train, sd, entry="model_state_dict",
           note="a training checkpoint: the state_dict under model_state_dict")

    bn = load_code(bn_py)
    bsd = light(bn.state_dict())
    bsize = [1, 3, 8, 8]
    record("bn_ok.pt", bn_py, bsize, bn, bsd, bsd, note="BatchNorm buffers included")
    nbt = light(bn.state_dict())
    del nbt["features.1.num_batches_tracked"]
    record("bn_no_nbt.pt", bn_py, bsize, bn, nbt, nbt,
           note="num_batches_tracked left out, version 2 metadata kept: torch reports it missing")
    old = without_metadata(nbt)
    record("bn_no_nbt_nometa.pt", bn_py, bsize, bn, old, old,
           note="num_batches_tracked left out, no metadata (as torch < 0.4.1 saved): torch fills it in")
    record("bn_ok.safetensors", bn_py, bsize, bn, bsd, bsd, note="safetensors")
    record("bn_no_nbt.safetensors", bn_py, bsize, bn, old, old,
           note="safetensors without num_batches_tracked: no metadata, torch fills it in")
    bias = light(bn.state_dict())
    bias["features.0.bias"] = torch.zeros(()).expand(4)
    record("bn_conv_bias.pt", bn_py, bsize, bn, bias, bias, note="a bias for the bias=False convolution")

    tied_py = os.path.join(ROOT, "testdata", "torch", "weights", "tied_net.py")
    tied = load_code(tied_py)
    tsd = light(tied.state_dict())
    tsize = [1, 5]
    record("tied_ok.pt", tied_py, tsize, tied, tsd, tsd,
           note="tied embedding/projection (two keys), a Linear shared by two blocks (keys under both paths), no key for the non-persistent buffer")
    second = light(tied.state_dict())
    del second["b.shared.weight"], second["b.shared.bias"]
    second["scale"] = torch.zeros(()).expand(8)
    record("tied_second_path.pt", tied_py, tsize, tied, second, second,
           note="the shared Linear under its first path only, and the non-persistent buffer saved")

    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(cases, f, indent=2)
        f.write("\n")
    for c in cases:
        print(c["file"], "ok" if c["error"] is None else "error")


if __name__ == "__main__":
    main()

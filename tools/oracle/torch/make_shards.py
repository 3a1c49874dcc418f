#!/usr/bin/env python3
"""Write a sharded safetensors checkpoint of the seed CNN the way Hugging
Face's save_pretrained lays one out (model-0000N-of-0000M.safetensors plus
model.safetensors.index.json with metadata.total_size and a sorted
weight_map), for internal/frontend/safetensors's tests:

    /usr/bin/python3 tools/oracle/torch/make_shards.py testdata/torch/sharded

(and the same shards as torch.save files in testdata/torch/sharded_bin).

Also writes broken variants: an index naming a tensor its shard lacks, and
one whose shard name climbs out of the folder.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from make_ckpt import SeedCNN, save_safetensors  # noqa: E402


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    sd = SeedCNN().state_dict()
    keys = list(sd)
    shards = [keys[:4], keys[4:]]  # conv1, conv2 | fc1, fc2
    n = len(shards)
    weight_map, total = {}, 0
    for i, part in enumerate(shards):
        name = "model-%05d-of-%05d.safetensors" % (i + 1, n)
        save_safetensors({k: sd[k] for k in part}, os.path.join(out, name), {"format": "pt"})
        for k in part:
            weight_map[k] = name
            total += sd[k].numel() * sd[k].element_size()
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    with open(os.path.join(out, "model.safetensors.index.json"), "w") as f:
        json.dump(index, f, indent=2)
    bad = dict(index, weight_map=dict(index["weight_map"], **{"fc3.weight": "model-00002-of-00002.safetensors"}))
    with open(os.path.join(out, "missing.safetensors.index.json"), "w") as f:
        json.dump(bad, f, indent=2)
    evil = dict(index, weight_map=dict(index["weight_map"], **{"fc2.bias": "../seed_cnn.safetensors"}))
    with open(os.path.join(out, "escape.safetensors.index.json"), "w") as f:
        json.dump(evil, f, indent=2)
    # The same split as torch.save shards (pytorch_model.bin.index.json).
    bdir = out.rstrip("/") + "_bin"
    os.makedirs(bdir, exist_ok=True)
    bmap = {}
    for i, part in enumerate(shards):
        name = "pytorch_model-%05d-of-%05d.bin" % (i + 1, n)
        torch.save({k: sd[k] for k in part}, os.path.join(bdir, name))
        for k in part:
            bmap[k] = name
    with open(os.path.join(bdir, "pytorch_model.bin.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": dict(sorted(bmap.items()))}, f, indent=2)
    print(total, "bytes in", n, "shards")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "testdata/torch/sharded")

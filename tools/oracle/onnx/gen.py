#!/usr/bin/python3
"""Writes the ONNX fixtures netsum's ONNX front end is checked against.

Run by hand with Debian's frameworks (python3-onnx 1.12, python3-torch 1.13,
python3-torchvision 0.14, libonnx-testdata):

    /usr/bin/python3 tools/oracle/onnx/gen.py testdata/onnx

It writes
  backend.json       for every model.onnx of the ONNX backend test data
                     (libonnx-testdata), what onnx.shape_inference.infer_shapes
                     infers for every value once the file's own output and
                     value_info shapes are removed, and the initializer totals;
  models/NAME.onnx   small torch exports (seed CNN, MLP, LSTM, transformer
                     encoder, torchvision resnet18/resnet50/mobilenet_v2) with
                     the bytes of every initializer or constant of more than
                     64 elements removed (dims and data type kept);
  models/NAME.json   the same inference record for each export, plus torch's
                     own parameter counts.

A shape record is {"t": elem_type, "s": [dim, ...]} for a tensor, where a dim
is an int, a symbolic name (str) or null (unknown), and "s" is null when not
even the rank is known; {"seq": rec}, {"opt": rec}, {"map": [key_type, rec]}
for the other types; {} when onnx gives no type. Values of subgraphs (If,
Loop, Scan bodies) are keyed "NODE/ATTR/VALUE" where NODE is the node name or
its index in the parent graph.

Each record is the result with data_prop=True; "plain" holds, for values where
infer_shapes without data propagation knows less, that weaker record.
"""
import copy
import glob
import json
import os
import sys

import numpy as np
import onnx
from onnx import shape_inference, numpy_helper

OUT = sys.argv[1] if len(sys.argv) > 1 else "testdata/onnx"
BACKEND = "/usr/share/libonnx-testdata/data"
SMALL = 64  # initializers/constants with more elements lose their bytes


def dim_rec(d):
    if d.HasField("dim_value"):
        return d.dim_value
    if d.HasField("dim_param"):
        return d.dim_param
    return None


def type_rec(t):
    k = t.WhichOneof("value")
    if k == "tensor_type":
        r = {"t": t.tensor_type.elem_type}
        r["s"] = [dim_rec(d) for d in t.tensor_type.shape.dim] if t.tensor_type.HasField("shape") else None
        return r
    if k == "sparse_tensor_type":
        r = {"sparse": t.sparse_tensor_type.elem_type}
        r["s"] = [dim_rec(d) for d in t.sparse_tensor_type.shape.dim] if t.sparse_tensor_type.HasField("shape") else None
        return r
    if k == "sequence_type":
        return {"seq": type_rec(t.sequence_type.elem_type)}
    if k == "optional_type":
        return {"opt": type_rec(t.optional_type.elem_type)}
    if k == "map_type":
        return {"map": [t.map_type.key_type, type_rec(t.map_type.value_type)]}
    return {}


def strip_types(g):
    """Drops value_info and the shapes of outputs (pure inference)."""
    del g.value_info[:]
    for o in g.output:
        clear_shape(o.type)
    for n in g.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                strip_types(a.g)
            for sg in a.graphs:
                strip_types(sg)


def clear_shape(t):
    k = t.WhichOneof("value")
    if k == "tensor_type":
        t.tensor_type.ClearField("shape")
    elif k in ("sequence_type", "optional_type"):
        clear_shape(getattr(t, k).elem_type)


def values(g, prefix, out):
    inputs = {i.name for i in g.input}
    for vi in list(g.value_info) + list(g.output):
        if vi.name in inputs and prefix == "":
            continue
        out[prefix + vi.name] = type_rec(vi.type)
    for i, n in enumerate(g.node):
        key = n.name or str(i)
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                values(a.g, "%s%s/%s/" % (prefix, key, a.name), out)
            for j, sg in enumerate(a.graphs):
                values(sg, "%s%s/%s[%d]/" % (prefix, key, a.name, j), out)


def infer(m):
    m = copy.deepcopy(m)
    strip_types(m.graph)
    res = {}
    for dp in (True, False):
        try:
            inf = shape_inference.infer_shapes(m, data_prop=dp)
        except Exception as e:  # noqa: BLE001 - recorded, not fatal
            res[dp] = {"error": str(e).splitlines()[0][:200]}
            continue
        v = {}
        values(inf.graph, "", v)
        res[dp] = v
    return res


DTYPE = {v: k.lower() for k, v in onnx.TensorProto.DataType.items()}


def init_counts(m):
    by = {}
    for t in m.graph.initializer:
        n = int(np.prod(t.dims)) if len(t.dims) else 1
        k = DTYPE.get(t.data_type, str(t.data_type))
        by[k] = by.get(k, 0) + n
    for s in m.graph.sparse_initializer:
        n = int(np.prod(s.values.dims)) if len(s.values.dims) else 1
        k = DTYPE.get(s.values.data_type, str(s.values.data_type))
        by[k] = by.get(k, 0) + n
    return by


def record(m):
    res = infer(m)
    rec = {"initializers": init_counts(m)}
    if "error" in res[True]:
        rec["error"] = res[True]["error"]
        rec["values"] = res[False] if "error" not in res[False] else {}
        return rec
    rec["values"] = res[True]
    plain = res[False] if "error" not in res[False] else {}
    diff = {k: plain.get(k, {}) for k, v in res[True].items() if plain.get(k, {}) != v}
    if diff:
        rec["plain"] = diff
    return rec


def backend():
    out = {}
    files = sorted(glob.glob(os.path.join(BACKEND, "*", "*", "model.onnx")))
    for f in files:
        rel = os.path.relpath(f, BACKEND)
        m = onnx.load(f)
        out[rel] = record(m)
    with open(os.path.join(OUT, "backend.json"), "w") as fh:
        fh.write("{\n")
        items = sorted(out.items())
        for i, (k, v) in enumerate(items):
            fh.write(json.dumps(k) + ": " + json.dumps(v, sort_keys=True, separators=(",", ":")))
            fh.write(",\n" if i + 1 < len(items) else "\n")
        fh.write("}\n")
    print("backend: %d models" % len(out))


def strip_data(m):
    def strip_tensor(t):
        n = int(np.prod(t.dims)) if len(t.dims) else 1
        if n <= SMALL:
            return
        for f in ("raw_data", "float_data", "int32_data", "int64_data", "double_data", "uint64_data", "string_data"):
            t.ClearField(f)

    def walk(g):
        for t in g.initializer:
            strip_tensor(t)
        for n in g.node:
            for a in n.attribute:
                if a.type == onnx.AttributeProto.TENSOR:
                    strip_tensor(a.t)
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g)
                for sg in a.graphs:
                    walk(sg)
    walk(m.graph)


def torch_models():
    import torch
    import torch.nn as nn
    import torchvision

    torch.manual_seed(0)

    class SeedCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 32, 5)
            self.relu1 = nn.ReLU()
            self.pool1 = nn.MaxPool2d(2)
            self.conv2 = nn.Conv2d(32, 64, 5)
            self.relu2 = nn.ReLU()
            self.pool2 = nn.MaxPool2d(2)
            self.drop1 = nn.Dropout(0.25)
            self.flatten = nn.Flatten()
            self.fc1 = nn.Linear(1024, 100)
            self.relu3 = nn.ReLU()
            self.drop2 = nn.Dropout(0.5)
            self.fc2 = nn.Linear(100, 2)

        def forward(self, x):
            x = self.pool1(self.relu1(self.conv1(x)))
            x = self.drop1(self.pool2(self.relu2(self.conv2(x))))
            x = self.drop2(self.relu3(self.fc1(self.flatten(x))))
            return self.fc2(x)

    class LSTMNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(input_size=10, hidden_size=20, num_layers=2, batch_first=True)
            self.fc = nn.Linear(20, 3)

        def forward(self, x):
            y, _ = self.lstm(x)
            return self.fc(y[:, -1, :])

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(100, 32)
            layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, batch_first=True)
            self.encoder = nn.TransformerEncoder(layer, num_layers=2)
            self.head = nn.Linear(32, 5)

        def forward(self, ids):
            return self.head(self.encoder(self.embed(ids)).mean(dim=1))

    def randomize(model):
        # Distinct values so the exporter does not merge equal initializers.
        with torch.no_grad():
            for name, p in list(model.named_parameters()) + list(model.named_buffers()):
                if p.dtype.is_floating_point:
                    p.copy_(torch.rand_like(p) + 0.5 if "running_var" in name else torch.randn_like(p))
        return model

    mlp = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
    B = {0: "batch"}
    specs = [
        # name, model, example input, dynamic axes of input 0, export kwargs
        ("seed_cnn", SeedCNN(), torch.randn(1, 1, 28, 28), None, {}),
        ("seed_cnn_dynamic", SeedCNN(), torch.randn(1, 1, 28, 28), B, {}),
        ("mlp", mlp, torch.randn(4, 784), B, {"opset_version": 9}),
        ("lstm", LSTMNet(), torch.randn(2, 7, 10), {0: "batch", 1: "seq"}, {}),
        ("encoder", Encoder(), torch.randint(0, 100, (2, 9)), {0: "batch", 1: "tokens"}, {"opset_version": 14}),
        ("resnet18", torchvision.models.resnet18(weights=None), torch.randn(1, 3, 224, 224), B, {}),
        ("resnet50", torchvision.models.resnet50(weights=None), torch.randn(1, 3, 224, 224), B, {}),
        ("resnet50_train", torchvision.models.resnet50(weights=None), torch.randn(2, 3, 224, 224), None,
         {"training": torch.onnx.TrainingMode.TRAINING, "do_constant_folding": False, "opset_version": 14}),
        ("mobilenet_v2", torchvision.models.mobilenet_v2(weights=None), torch.randn(1, 3, 224, 224), B, {}),
    ]
    os.makedirs(os.path.join(OUT, "models"), exist_ok=True)
    for name, model, x, dyn, kw in specs:
        randomize(model)
        kw = dict(kw)
        kw.setdefault("opset_version", 13)
        if kw.get("training") != torch.onnx.TrainingMode.TRAINING:
            model.eval()
        else:
            model.train()
        path = os.path.join(OUT, "models", name + ".onnx")
        dynamic = {"input": dyn, "output": {0: dyn[0]}} if dyn else None
        try:
            torch.onnx.export(model, x, path, input_names=["input"], output_names=["output"],
                              dynamic_axes=dynamic, **kw)
        except Exception as e:  # noqa: BLE001 - reported, the rest go on
            print("%s: export failed: %s" % (name, str(e).splitlines()[0]))
            continue
        m = onnx.load(path)
        full = init_counts(m)
        strip_data(m)
        onnx.save(m, path)
        rec = record(m)
        assert rec["initializers"] == full, (name, rec["initializers"], full)
        params = sum(p.numel() for p in model.parameters())
        buffers = sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked"))
        rec["torch"] = {"parameters": params, "float_buffers": buffers, "version": torch.__version__,
                        "opset": kw["opset_version"], "training": "training" in kw}
        rec["onnx"] = onnx.__version__
        with open(os.path.join(OUT, "models", name + ".json"), "w") as fh:
            json.dump(rec, fh, indent=1, sort_keys=True)
            fh.write("\n")
        print("%s: %d values, %d bytes, params %d, initializers %s" % (
            name, len(rec["values"]), os.path.getsize(path), params, rec["initializers"]))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    what = sys.argv[2:] or ["backend", "torch"]
    if "backend" in what:
        backend()
    if "torch" in what:
        torch_models()

#!/usr/bin/python3
"""Writes the fixtures netsum's MACs are checked against (testdata/cost/).

Run by hand with Debian's frameworks (python3-torch 1.13, python3-torchvision
0.14, python3-onnx 1.12; `apt-get install -y python3-torch python3-torchvision
python3-onnx`):

    /usr/bin/python3 tools/oracle/cost/gen.py testdata/cost

It writes
  vgg16.onnx, alexnet.onnx   torchvision exports (dynamic batch) with the bytes
                             of every initializer of more than 64 elements
                             removed (dims kept), as tools/oracle/onnx/gen.py
                             does for resnet18/resnet50/mobilenet_v2;
  ti_NAME.onnx               small torch models exported the same way with
                             static shapes;
  fixtures.json              per model, measured with forward hooks on leaf
                             modules during one forward pass:
    "published"  the GMACs torchvision's documentation gives (the model card
                 "GFLOPS", which count multiply-accumulates);
    "hooks"      multiply-accumulates of convolutions and linear layers with
                 bias excluded (out.numel() * in_channels/groups * prod(kernel);
                 out.numel() * in_features): the convention of the published
                 table and of netsum's default;
    "torchinfo"  torchinfo 1.8.0's Mult-Adds rule (layer_info.py
                 calculate_macs), re-implemented here because torchinfo is not
                 packaged by Debian: for each parameter of a leaf module named
                 exactly weight or bias, count * out[0] * prod(out[2:]) if the
                 class name contains "Conv", else count * out[0]; any other
                 parameter whose name contains weight or bias (RNN
                 weight_ih_l0, ...) adds count * out[0] * out[1]; out is the
                 shape of the first output tensor. Per module (dotted name)
                 and in total.
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "onnx"))
import onnx  # noqa: E402
from gen import strip_data  # noqa: E402  (tools/oracle/onnx/gen.py)

OUT = sys.argv[1] if len(sys.argv) > 1 else "testdata/cost"

# torchvision 0.14 docs, "GFLOPS" column of the classification table.
PUBLISHED = {"resnet18": 1.81, "resnet50": 4.09, "mobilenet_v2": 0.30, "vgg16": 15.47, "alexnet": 0.71}


def first_tensor(o):
    while isinstance(o, (tuple, list)):
        o = o[0]
    return o


def leaf_modules(model):
    return [(n, m) for n, m in model.named_modules() if len(list(m.children())) == 0]


def measure(model, x):
    """Runs one forward pass with hooks; returns (torchinfo per module, hook MACs total)."""
    ti = {}
    hooks_total = [0]
    handles = []

    def hook(name, m):
        def f(mod, inp, out):
            o = first_tensor(out)
            shape = list(o.shape)
            cls = type(mod).__name__
            macs = 0
            for pname, p in mod.named_parameters():
                n = p.numel()
                if pname in ("weight", "bias"):
                    if "Conv" in cls:
                        macs += int(n * math.prod(shape[:1] + shape[2:]))
                    else:
                        macs += shape[0] * n
                elif "weight" in pname or "bias" in pname:
                    macs += math.prod(shape[:2]) * n
            rec = ti.setdefault(name, {"class": cls, "params": sum(p.numel() for p in mod.parameters()), "macs": 0, "calls": 0})
            rec["macs"] += macs
            rec["calls"] += 1
            if isinstance(mod, nn.modules.conv._ConvNd):
                w = mod.weight
                if isinstance(mod, nn.modules.conv._ConvTransposeNd):
                    i0 = first_tensor(inp)
                    hooks_total[0] += i0.numel() * w.shape[1] * math.prod(w.shape[2:])
                else:
                    hooks_total[0] += o.numel() * w.shape[1] * math.prod(w.shape[2:])
            elif isinstance(mod, nn.Linear):
                hooks_total[0] += o.numel() * mod.in_features
        return f

    for name, m in leaf_modules(model):
        handles.append(m.register_forward_hook(hook(name, m)))
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return ti, hooks_total[0]


def export(model, x, path, dynamic, training=False):
    kw = {"opset_version": 13}
    if training:
        kw.update(training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False, opset_version=14)
    dyn = {"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None
    torch.onnx.export(model, x, path, input_names=["input"], output_names=["output"], dynamic_axes=dyn, **kw)
    m = onnx.load(path)
    strip_data(m)
    onnx.save(m, path)
    return os.path.getsize(path)


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.relu = nn.ReLU()
        self.fc = nn.Linear(7200, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.relu(self.conv(x)), 1))


class SeedCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(32, 64, 5)
        self.pool2 = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(1024, 100)
        self.fc2 = nn.Linear(100, 2)

    def forward(self, x):
        x = self.pool1(torch.relu(self.conv1(x)))
        x = self.pool2(torch.relu(self.conv2(x)))
        return self.fc2(torch.relu(self.fc1(torch.flatten(x, 1))))


class ConvBN(nn.Module):
    """Grouped, strided and dilated convolutions with BatchNorm (exported in
    training mode so that BatchNormalization stays a node)."""
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, stride=2, groups=4)
        self.bn2 = nn.BatchNorm2d(32)
        self.conv3 = nn.Conv2d(32, 32, 3, dilation=2, groups=32)
        self.up = nn.ConvTranspose2d(32, 8, 2, stride=2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.bn2(self.conv2(x)))
        x = self.up(self.conv3(x))
        return self.fc(torch.flatten(self.pool(x), 1))


class LSTMNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=10, hidden_size=20, num_layers=2, batch_first=True)
        self.fc = nn.Linear(20, 3)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y[:, -1, :])


class GRUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(100, 16)
        self.gru = nn.GRU(16, 12, batch_first=True, bidirectional=True)
        self.rnn = nn.RNN(24, 6, batch_first=True)
        self.fc = nn.Linear(6, 5)

    def forward(self, ids):
        y, _ = self.gru(self.embed(ids))
        y, _ = self.rnn(y)
        return self.fc(y[:, -1, :])


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    fixtures = {"torch": torch.__version__, "torchvision": torchvision.__version__, "onnx": onnx.__version__,
                "published": {}, "torchinfo": {}}
    img = torch.randn(1, 3, 224, 224)
    for name in ["resnet18", "resnet50", "mobilenet_v2", "vgg16", "alexnet"]:
        model = getattr(torchvision.models, name)(weights=None).eval()
        _, hooks = measure(model, img)
        rec = {"gmacs": PUBLISHED[name], "hooks": hooks}
        if name in ("vgg16", "alexnet"):
            rec["onnx"] = "testdata/cost/%s.onnx" % name
            size = export(model, img, os.path.join(OUT, name + ".onnx"), True)
            print("%s: %d bytes" % (name, size))
        else:
            rec["onnx"] = "testdata/onnx/models/%s.onnx" % name
        fixtures["published"][name] = rec
        print(name, hooks)
    specs = [
        ("tiny", Tiny(), torch.randn(1, 3, 32, 32), False),
        ("seed_cnn", SeedCNN(), torch.randn(2, 1, 28, 28), False),
        ("convbn", ConvBN(), torch.randn(2, 3, 16, 16), True),
        ("lstm", LSTMNet(), torch.randn(2, 7, 10), False),
        ("gru", GRUNet(), torch.randint(0, 100, (3, 9)), False),
    ]
    for name, model, x, training in specs:
        model.eval()
        ti, hooks = measure(model, x)
        if training:
            model.train()
        size = export(model, x, os.path.join(OUT, "ti_%s.onnx" % name), False, training)
        total = sum(r["macs"] for r in ti.values())
        fixtures["torchinfo"][name] = {"onnx": "testdata/cost/ti_%s.onnx" % name, "input": list(x.shape),
                                       "modules": ti, "total_macs": total, "hooks": hooks}
        print("%s: torchinfo %d, hooks %d, %d bytes" % (name, total, hooks, size))
    with open(os.path.join(OUT, "fixtures.json"), "w") as fh:
        json.dump(fixtures, fh, indent=1, sort_keys=True)
        fh.write("\n")


if __name__ == "__main__":
    main()

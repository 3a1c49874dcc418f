from collections import OrderedDict

import torch
import torch.nn as nn

INPUT_SIZE = [2, 8]


class ContainersNet(nn.Module):
    """Sequential (positional and OrderedDict, nested, sliced), ModuleList,
    ModuleDict, ParameterList, ParameterDict."""

    def __init__(self):
        super().__init__()
        self.seq = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 6), nn.Tanh()))
        self.named = nn.Sequential(OrderedDict([("fc", nn.Linear(6, 6)), ("act", nn.Sigmoid())]))
        self.blocks = nn.ModuleList([nn.Linear(6, 6) for _ in range(3)])
        self.blocks.append(nn.Linear(6, 4))
        self.heads = nn.ModuleDict({"a": nn.Linear(4, 2), "b": nn.Linear(4, 3)})
        self.heads["c"] = nn.Linear(4, 1)
        self.plist = nn.ParameterList([nn.Parameter(torch.randn(4, 4)) for _ in range(2)])
        self.plist.append(nn.Parameter(torch.zeros(4)))
        self.pdict = nn.ParameterDict({"scale": nn.Parameter(torch.ones(2)), "shift": nn.Parameter(torch.zeros(3))})

    def forward(self, x):
        x = self.seq(x)
        x = self.named(x)
        for i, b in enumerate(self.blocks):
            x = b(x)
        for p in self.plist[:2]:
            x = x @ p
        x = x + self.plist[2]
        a = self.heads["a"](x) * self.pdict["scale"]
        b = self.heads["b"](x) + self.pdict["shift"]
        c = self.heads["c"](x)
        return a.sum() + b.sum() + c.sum()

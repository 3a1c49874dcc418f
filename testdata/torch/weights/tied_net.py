import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, shared):
        super().__init__()
        self.shared = shared
        self.own = nn.Linear(8, 8)

    def forward(self, x):
        return self.own(self.shared(x))


class TiedNet(nn.Module):
    """An embedding tied to the output projection, one Linear shared by two
    blocks, and a buffer left out of the state_dict (persistent=False)."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 8)
        lin = nn.Linear(8, 8)
        self.a = Block(lin)
        self.b = Block(lin)
        self.proj = nn.Linear(8, 10, bias=False)
        self.proj.weight = self.embed.weight
        self.register_buffer("scale", torch.ones(8), persistent=False)

    def forward(self, x):
        h = self.embed(x) * self.scale
        return self.proj(self.b(self.a(h)))


model = TiedNet()

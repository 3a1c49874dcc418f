import torch
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, shared):
        super().__init__()
        self.shared = shared
        self.own = nn.Linear(8, 8)

    def forward(self, x):
        return self.own(self.shared(x))


class Shared(nn.Module):
    """One Linear registered in two parents (two Blocks)."""

    def __init__(self):
        super().__init__()
        lin = nn.Linear(8, 8)
        self.a = Block(lin)
        self.b = Block(lin)
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        return self.head(self.b(self.a(x)))


model = Shared()

import torch
import torch.nn as nn

INPUT_SIZE = [2, 5, 12]


class LinearNet(nn.Module):
    """Linear (with and without bias, on 3D input), Bilinear, Identity,
    Flatten and Unflatten."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(12, 16)
        self.nobias = nn.Linear(16, 8, bias=False)
        self.bil = nn.Bilinear(8, 12, 6)
        self.bil_nobias = nn.Bilinear(6, 6, 3, bias=False)
        self.ident = nn.Identity(54, unused=1)
        self.flat = nn.Flatten()
        self.flat_mid = nn.Flatten(0, 1)
        self.unflat = nn.Unflatten(1, (3, 5))
        self.unflat2 = nn.Unflatten(1, (-1, 5))

    def forward(self, x):
        h = self.nobias(self.fc(x))
        y = self.bil(h, x)
        y = self.bil_nobias(y, y)
        y = self.ident(y)
        a = self.flat(y)
        b = self.flat_mid(y)
        c = self.unflat(a)
        d = self.unflat2(a) + c
        return d.sum() + b.sum()

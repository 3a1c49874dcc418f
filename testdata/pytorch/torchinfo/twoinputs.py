import torch
from torch import nn

INPUT_SIZE = [[1, 3, 16, 16], [1, 10]]


class Net(nn.Module):
    """forward(image, extra): two inputs, as torchinfo's input_size list."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.extra = nn.Linear(10, 8)
        self.head = nn.Linear(16, 2)

    def forward(self, image, extra):
        a = self.pool(self.conv(image)).flatten(1)
        b = self.extra(extra)
        return self.head(torch.cat([a, b], dim=1))


model = Net()

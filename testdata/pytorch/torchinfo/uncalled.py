import torch
from torch import nn


class Net(nn.Module):
    """A submodule forward never calls, and a Sequential whose children
    forward calls one by one (the container itself is never called)."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(8, 16), nn.ReLU())
        self.spare = nn.Linear(16, 4)
        self.head = nn.Linear(16, 2)

    def forward(self, x):
        x = self.body[0](x)
        x = self.body[1](x)
        return self.head(x)


model = Net()

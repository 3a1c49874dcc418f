import torch
from torch import nn


class Net(nn.Module):
    """Parameters of the root module itself, beside its children."""

    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(16))
        self.shift = nn.Parameter(torch.zeros(16), requires_grad=False)
        self.fc1 = nn.Linear(8, 16)
        self.fc2 = nn.Linear(16, 4)

    def forward(self, x):
        return self.fc2(self.fc1(x) * self.scale + self.shift)


model = Net()

import torch
import torch.nn as nn

INPUT_SIZE = [2, 10]


class Scale(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(n))
        self.beta = nn.Parameter(torch.zeros(n), requires_grad=False)
        self.register_buffer("count", torch.zeros(1, dtype=torch.long))
        self.register_buffer("cache", torch.zeros(n, 2), persistent=False)
        self.register_buffer("nothing", None)
        self.register_parameter("unused", None)

    def forward(self, x):
        return x * self.gamma + self.beta


class CustomNet(nn.Module):
    """nn.Parameter and register_buffer in custom modules, a module called
    twice, weight tying, and parameters of the root itself."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(10, 10, bias=False)
        self.scale = Scale(10)
        self.shared = nn.Linear(10, 10)
        self.act = nn.ReLU()
        self.out = nn.Linear(10, 10, bias=False)
        self.out.weight = self.embed.weight
        self.temperature = nn.Parameter(torch.tensor(1.0))
        self.register_buffer("mask", torch.ones(10))
        self.never = nn.Linear(3, 3)

    def forward(self, x):
        x = self.scale(self.embed(x))
        x = self.act(self.shared(x))
        x = self.act(self.shared(x))
        return self.out(x) * self.mask / self.temperature

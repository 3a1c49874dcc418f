import torch
import torch.nn as nn


class BNNet(nn.Module):
    """A small CNN with BatchNorm buffers (running_mean, running_var,
    num_batches_tracked) and a bias-free convolution."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 4, 3, bias=False),
            nn.BatchNorm2d(4),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
        )
        self.flatten = nn.Flatten()
        self.head = nn.Linear(4, 3)

    def forward(self, x):
        return self.head(self.flatten(self.features(x)))


model = BNNet()

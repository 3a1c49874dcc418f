import torch
import torch.nn as nn

INPUT_SIZE = [2, 3, 8, 8]


class SequentialSliceNet(nn.Module):
    """A Sequential sliced and indexed in forward, and one called whole."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 4, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(4, 2))

    def forward(self, x):
        x = self.features[:2](x)
        x = self.features[2](x)
        x = self.features[-2:](x)
        return self.head(x)

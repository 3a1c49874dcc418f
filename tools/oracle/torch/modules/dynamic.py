import torch
import torch.nn as nn

INPUT_SIZE = [2, 3, 8, 8]


class DynamicNet(nn.Module):
    """Modules torch's hooks do not see: one created and registered in
    forward (its parameters still count), one built on the fly and
    called, and a Sequential slice whose modules are the model's."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.body = nn.Sequential(nn.ReLU(), nn.Conv2d(4, 4, 1), nn.ReLU())

    def forward(self, x):
        x = self.conv(x)
        if not hasattr(self, "head"):
            self.head = nn.Linear(4 * 6 * 6, 5)
        x = self.body[1:](x)
        x = nn.Flatten()(x)
        return self.head(x)

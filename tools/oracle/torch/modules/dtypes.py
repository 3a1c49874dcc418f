import torch
import torch.nn as nn

INPUT_SIZE = [2, 3, 6, 6]


class DtypesNet(nn.Module):
    """Module dtype casts: .double() and .to(torch.float64) convert the
    floating point parameters and buffers, BatchNorm's int64
    num_batches_tracked stays int64; the forward casts its input."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3).double()
        self.bn = nn.BatchNorm2d(4).to(torch.float64)
        self.fc = nn.Linear(4, 2)
        self.fc.to(dtype=torch.float64)
        self.keep = nn.Linear(2, 2)

    def forward(self, x):
        x = self.bn(self.conv(x.double()))
        x = self.fc(x.mean((2, 3)))
        return self.keep(x.float())

import torch
import torch.nn as nn

INPUT_SIZE = [2, 4, 7]


class ConvTranspose1dNet(nn.Module):
    """ConvTranspose1d: stride, padding, output_padding, groups, dilation."""

    def __init__(self):
        super().__init__()
        self.plain = nn.ConvTranspose1d(4, 8, 3)
        self.strided = nn.ConvTranspose1d(8, 8, 4, stride=2, padding=1)
        self.outpad = nn.ConvTranspose1d(8, 6, 3, stride=3, padding=1, output_padding=2, bias=False)
        self.grouped = nn.ConvTranspose1d(6, 9, 3, groups=3, dilation=2)

    def forward(self, x):
        return self.grouped(self.outpad(self.strided(self.plain(x))))

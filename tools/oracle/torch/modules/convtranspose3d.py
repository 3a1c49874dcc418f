import torch
import torch.nn as nn

INPUT_SIZE = [1, 4, 3, 4, 5]


class ConvTranspose3dNet(nn.Module):
    """ConvTranspose3d with stride, padding, output_padding, groups."""

    def __init__(self):
        super().__init__()
        self.plain = nn.ConvTranspose3d(4, 4, 2, stride=2)
        self.rect = nn.ConvTranspose3d(4, 6, (1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1), output_padding=(0, 1, 1), groups=2)
        self.dilated = nn.ConvTranspose3d(6, 2, 3, dilation=2, bias=False)

    def forward(self, x):
        return self.dilated(self.rect(self.plain(x)))

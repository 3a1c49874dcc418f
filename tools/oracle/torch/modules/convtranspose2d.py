import torch
import torch.nn as nn

INPUT_SIZE = [1, 6, 5, 4]


class ConvTranspose2dNet(nn.Module):
    """ConvTranspose2d with tuples, output_padding, groups, dilation."""

    def __init__(self):
        super().__init__()
        self.plain = nn.ConvTranspose2d(6, 4, 2, stride=2)
        self.rect = nn.ConvTranspose2d(4, 8, (3, 5), stride=(2, 1), padding=(1, 2), output_padding=(1, 0))
        self.grouped = nn.ConvTranspose2d(8, 4, 3, groups=4, dilation=(1, 2), bias=False)
        self.outpad = nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)

    def forward(self, x):
        return self.outpad(self.grouped(self.rect(self.plain(x))))

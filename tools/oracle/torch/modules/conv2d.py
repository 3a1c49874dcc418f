import torch
import torch.nn as nn

INPUT_SIZE = [2, 3, 20, 18]


class Conv2dNet(nn.Module):
    """Conv2d with tuple kernels, strides, paddings, dilation, groups,
    string paddings and padding modes."""

    def __init__(self):
        super().__init__()
        self.plain = nn.Conv2d(3, 8, 3)
        self.rect = nn.Conv2d(8, 12, (3, 5), stride=(2, 1), padding=(1, 2))
        self.dilated = nn.Conv2d(12, 12, 3, dilation=(2, 1), padding=1, bias=False)
        self.grouped = nn.Conv2d(12, 24, 3, groups=3, padding=1)
        self.same = nn.Conv2d(24, 16, (4, 3), padding="same", dilation=2)
        self.valid = nn.Conv2d(16, 16, 3, padding="valid", stride=2)
        self.reflect = nn.Conv2d(16, 8, 3, padding=(1, 2), padding_mode="reflect")
        self.replicate = nn.Conv2d(8, 8, 3, padding=1, padding_mode="replicate")
        self.circular = nn.Conv2d(8, 4, 3, padding=(2, 1), padding_mode="circular")
        self.pointwise = nn.Conv2d(4, 2, 1, stride=3)

    def forward(self, x):
        x = self.plain(x)
        x = self.rect(x)
        x = self.dilated(x)
        x = self.grouped(x)
        x = self.same(x)
        x = self.valid(x)
        x = self.reflect(x)
        x = self.replicate(x)
        x = self.circular(x)
        return self.pointwise(x)

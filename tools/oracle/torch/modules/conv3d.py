import torch
import torch.nn as nn

INPUT_SIZE = [1, 2, 9, 10, 11]


class Conv3dNet(nn.Module):
    """Conv3d: tuples, groups, dilation, same padding, padding modes."""

    def __init__(self):
        super().__init__()
        self.plain = nn.Conv3d(2, 4, 3)
        self.rect = nn.Conv3d(4, 6, (1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1))
        self.grouped = nn.Conv3d(6, 6, 3, groups=2, padding=1, bias=False)
        self.same = nn.Conv3d(6, 4, 2, padding="same")
        self.dilated = nn.Conv3d(4, 4, 2, dilation=2, padding_mode="replicate", padding=1)
        self.circular = nn.Conv3d(4, 3, 3, padding=1, padding_mode="circular")

    def forward(self, x):
        x = self.plain(x)
        x = self.rect(x)
        x = self.grouped(x)
        x = self.same(x)
        x = self.dilated(x)
        return self.circular(x)

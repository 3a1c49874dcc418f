import torch
import torch.nn as nn

INPUT_SIZE = [2, 4, 32]


class Conv1dNet(nn.Module):
    """Conv1d: stride, padding ints/tuples/strings, dilation, groups,
    padding modes, bias=False."""

    def __init__(self):
        super().__init__()
        self.plain = nn.Conv1d(4, 8, 3)
        self.strided = nn.Conv1d(8, 8, 5, stride=2, padding=2)
        self.dilated = nn.Conv1d(8, 8, 3, dilation=2, padding=(1,))
        self.grouped = nn.Conv1d(8, 16, 3, groups=4, bias=False)
        self.depthwise = nn.Conv1d(16, 16, 3, groups=16, padding="same")
        self.same_dil = nn.Conv1d(16, 8, 4, dilation=3, padding="same")
        self.valid = nn.Conv1d(8, 8, 2, padding="valid")
        self.reflect = nn.Conv1d(8, 8, 3, padding=1, padding_mode="reflect")
        self.replicate = nn.Conv1d(8, 8, 3, padding=2, padding_mode="replicate")
        self.circular = nn.Conv1d(8, 6, 3, padding=1, padding_mode="circular")

    def forward(self, x):
        x = self.plain(x)
        x = self.strided(x)
        x = self.dilated(x)
        x = self.grouped(x)
        x = self.depthwise(x)
        x = self.same_dil(x)
        x = self.valid(x)
        x = self.reflect(x)
        x = self.replicate(x)
        return self.circular(x)

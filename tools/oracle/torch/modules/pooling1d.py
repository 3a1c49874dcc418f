import torch
import torch.nn as nn

INPUT_SIZE = [2, 3, 17]


class Pooling1dNet(nn.Module):
    """1d pooling: Max/Avg/LP/Adaptive, ceil_mode, count_include_pad,
    return_indices with MaxUnpool1d."""

    def __init__(self):
        super().__init__()
        self.max = nn.MaxPool1d(3)
        self.max_ceil = nn.MaxPool1d(2, stride=2, ceil_mode=True)
        self.max_dil = nn.MaxPool1d(3, stride=1, padding=1, dilation=2)
        self.max_idx = nn.MaxPool1d(2, return_indices=True)
        self.unpool = nn.MaxUnpool1d(2)
        self.avg = nn.AvgPool1d(4, stride=3, padding=2, ceil_mode=True, count_include_pad=False)
        self.lp = nn.LPPool1d(2, 3, stride=2)
        self.lp_ceil = nn.LPPool1d(1, 2, ceil_mode=True)
        self.amax = nn.AdaptiveMaxPool1d(4)
        self.amax_idx = nn.AdaptiveMaxPool1d(3, return_indices=True)
        self.aavg = nn.AdaptiveAvgPool1d(5)

    def forward(self, x):
        a = self.max(x)
        b = self.max_ceil(x)
        c = self.max_dil(x)
        p, i = self.max_idx(x)
        u = self.unpool(p, i)
        d = self.avg(x)
        e = self.lp(x)
        f = self.lp_ceil(x)
        g = self.amax(x)
        h, _ = self.amax_idx(x)
        k = self.aavg(x)
        return a.sum() + b.sum() + c.sum() + u.sum() + d.sum() + e.sum() + f.sum() + g.sum() + h.sum() + k.sum()

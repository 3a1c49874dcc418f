import torch
import torch.nn as nn

INPUT_SIZE = [1, 3, 15, 12]


class Pooling2dNet(nn.Module):
    """2d pooling: tuples, ceil_mode, count_include_pad, divisor_override,
    LPPool2d, adaptive with None, MaxUnpool2d with output_size."""

    def __init__(self):
        super().__init__()
        self.max = nn.MaxPool2d(2)
        self.max_rect = nn.MaxPool2d((3, 2), stride=(2, 1), padding=(1, 0), ceil_mode=True)
        self.max_idx = nn.MaxPool2d(3, stride=2, return_indices=True)
        self.unpool = nn.MaxUnpool2d(3, stride=2)
        self.max_idx2 = nn.MaxPool2d(2, return_indices=True)
        self.unpool2 = nn.MaxUnpool2d(2)
        self.avg = nn.AvgPool2d(3, stride=2, padding=1)
        self.avg_ceil = nn.AvgPool2d((2, 3), ceil_mode=True, count_include_pad=False, divisor_override=2)
        self.lp = nn.LPPool2d(2, (2, 3), stride=2)
        self.amax = nn.AdaptiveMaxPool2d((5, None))
        self.aavg = nn.AdaptiveAvgPool2d(1)
        self.aavg_rect = nn.AdaptiveAvgPool2d((None, 7))

    def forward(self, x):
        a = self.max(x)
        b = self.max_rect(x)
        p, i = self.max_idx(x)
        u = self.unpool(p, i, output_size=x.size())
        p2, i2 = self.max_idx2(x)
        u2 = self.unpool2(p2, i2)
        c = self.avg(x)
        d = self.avg_ceil(x)
        e = self.lp(x)
        f = self.amax(x)
        g = self.aavg(x)
        h = self.aavg_rect(x)
        return a.sum() + b.sum() + u.sum() + u2.sum() + c.sum() + d.sum() + e.sum() + f.sum() + g.sum() + h.sum()

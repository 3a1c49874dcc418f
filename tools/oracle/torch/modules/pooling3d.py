import torch
import torch.nn as nn

INPUT_SIZE = [1, 2, 7, 8, 9]


class Pooling3dNet(nn.Module):
    """3d pooling and MaxUnpool3d."""

    def __init__(self):
        super().__init__()
        self.max = nn.MaxPool3d(2)
        self.max_ceil = nn.MaxPool3d((1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1), ceil_mode=True)
        self.max_idx = nn.MaxPool3d(2, return_indices=True)
        self.unpool = nn.MaxUnpool3d(2)
        self.avg = nn.AvgPool3d(3, stride=2, padding=1, count_include_pad=False, ceil_mode=True)
        self.amax = nn.AdaptiveMaxPool3d((2, 3, 4))
        self.aavg = nn.AdaptiveAvgPool3d((None, 2, None))

    def forward(self, x):
        a = self.max(x)
        b = self.max_ceil(x)
        p, i = self.max_idx(x)
        u = self.unpool(p, i, output_size=x.size())
        c = self.avg(x)
        d = self.amax(x)
        e = self.aavg(x)
        return a.sum() + b.sum() + u.sum() + c.sum() + d.sum() + e.sum()

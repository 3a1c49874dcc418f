import torch
import torch.nn as nn

INPUT_SIZE = [2, 4, 9, 8]


class MiscLayersNet(nn.Module):
    """SyncBatchNorm (registered, not called: torch 1.13 runs it on GPU
    only), FractionalMaxPool2d/3d, CrossMapLRN2d, and a DataParallel
    wrapper (on CPU it calls its module)."""

    def __init__(self):
        super().__init__()
        self.sbn = nn.SyncBatchNorm(4)
        self.frac = nn.FractionalMaxPool2d(2, output_size=(5, 4))
        self.frac_ratio = nn.FractionalMaxPool2d((2, 3), output_ratio=0.5, return_indices=True)
        self.frac3 = nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.5, 0.5))
        self.lrn = nn.CrossMapLRN2d(3)
        self.dp = nn.DataParallel(nn.Sequential(nn.Conv2d(4, 2, 1), nn.ReLU()))

    def forward(self, x):
        a = self.frac(x)
        b, idx = self.frac_ratio(x)
        c = self.frac3(x.unsqueeze(2).repeat(1, 1, 4, 1, 1))
        d = self.lrn(x)
        e = self.dp(x)
        return a.sum() + b.sum() + c.sum() + d.sum() + e.sum()

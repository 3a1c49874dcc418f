import torch
import torch.nn as nn

INPUT_SIZE = [2, 6, 5, 4]


class NormsNet(nn.Module):
    """LayerNorm, GroupNorm, InstanceNorm1d/2d/3d, LocalResponseNorm."""

    def __init__(self):
        super().__init__()
        self.ln = nn.LayerNorm(4)
        self.ln2 = nn.LayerNorm([5, 4], elementwise_affine=False)
        self.ln3 = nn.LayerNorm((6, 5, 4), eps=1e-6)
        self.gn = nn.GroupNorm(3, 6)
        self.gn_noaffine = nn.GroupNorm(2, 6, affine=False)
        self.inorm = nn.InstanceNorm2d(6)
        self.inorm_affine = nn.InstanceNorm2d(6, affine=True)
        self.inorm_stats = nn.InstanceNorm2d(6, track_running_stats=True)
        self.inorm1 = nn.InstanceNorm1d(6, affine=True, track_running_stats=True)
        self.inorm3 = nn.InstanceNorm3d(6, affine=True)
        self.lrn = nn.LocalResponseNorm(3)

    def forward(self, x):
        x = self.ln3(self.ln2(self.ln(x)))
        x = self.gn_noaffine(self.gn(x))
        x = self.inorm_stats(self.inorm_affine(self.inorm(x)))
        y = self.inorm1(x.flatten(2))
        z = self.inorm3(x.unsqueeze(2))
        return self.lrn(x) + y.mean() + z.mean()

import torch
import torch.nn as nn

INPUT_SIZE = [2, 4, 6, 6]


class BatchNormNet(nn.Module):
    """BatchNorm1d/2d/3d: affine=False, track_running_stats=False."""

    def __init__(self):
        super().__init__()
        self.bn2 = nn.BatchNorm2d(4)
        self.bn2_noaffine = nn.BatchNorm2d(4, affine=False)
        self.bn2_nostats = nn.BatchNorm2d(4, track_running_stats=False)
        self.bn2_bare = nn.BatchNorm2d(4, eps=1e-3, momentum=None, affine=False, track_running_stats=False)
        self.bn1 = nn.BatchNorm1d(24)
        self.bn1_3d = nn.BatchNorm1d(4)
        self.bn3 = nn.BatchNorm3d(4)

    def forward(self, x):
        x = self.bn2_bare(self.bn2_nostats(self.bn2_noaffine(self.bn2(x))))
        a = self.bn1(x.flatten(1)[:, :24])
        b = self.bn1_3d(x.flatten(2))
        c = self.bn3(x.unsqueeze(2))
        return a.sum() + b.sum() + c.sum()

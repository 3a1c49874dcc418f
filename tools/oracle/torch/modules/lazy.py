import torch
import torch.nn as nn

INPUT_SIZE = [2, 3, 8, 8]


class LazyNet(nn.Module):
    """Lazy modules: shapes from the first call."""

    def __init__(self):
        super().__init__()
        self.conv = nn.LazyConv2d(6, 3, padding=1)
        self.bn = nn.LazyBatchNorm2d()
        self.conv1 = nn.LazyConv1d(4, 3)
        self.bn1 = nn.LazyBatchNorm1d()
        self.deconv = nn.LazyConvTranspose2d(2, 2, stride=2)
        self.fc = nn.LazyLinear(10)
        self.fc2 = nn.LazyLinear(5, bias=False)
        self.inorm = nn.LazyInstanceNorm2d(affine=True, track_running_stats=True)
        self.deconv3 = nn.LazyConvTranspose3d(3, (1, 2, 2))

    def forward(self, x):
        x = self.inorm(self.bn(self.conv(x)))
        w = self.deconv3(x.unsqueeze(2))
        y = self.deconv(x)
        z = self.bn1(self.conv1(x.flatten(2)))
        return self.fc2(self.fc(x.flatten(1))) + y.mean() + z.mean() + w.mean()

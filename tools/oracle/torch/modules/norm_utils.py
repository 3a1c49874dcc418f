import torch
import torch.nn as nn
from torch.nn.utils import weight_norm, spectral_norm

INPUT_SIZE = [2, 3, 8, 8]


class NormUtilsNet(nn.Module):
    """torch.nn.utils.weight_norm (dim 0, 1, None) and spectral_norm (Conv,
    ConvTranspose: dim 1, Linear): renamed parameters, u/v buffers."""

    def __init__(self):
        super().__init__()
        self.conv = weight_norm(nn.Conv2d(3, 6, 3, padding=1))
        self.conv_dim1 = nn.utils.weight_norm(nn.Conv2d(6, 4, 1), dim=1)
        self.conv_sn = spectral_norm(nn.Conv2d(4, 4, 3, padding=1))
        self.up_sn = spectral_norm(nn.ConvTranspose2d(4, 2, 2, stride=2))
        self.fc = weight_norm(nn.Linear(2 * 16 * 16, 10), name="weight", dim=None)
        self.fc_sn = spectral_norm(nn.Linear(10, 5, bias=False), n_power_iterations=2)

    def forward(self, x):
        x = self.conv_sn(self.conv_dim1(self.conv(x)))
        x = self.up_sn(x)
        return self.fc_sn(self.fc(x.flatten(1)))

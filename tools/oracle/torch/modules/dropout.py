import torch
import torch.nn as nn

INPUT_SIZE = [2, 4, 6, 6]


class DropoutNet(nn.Module):
    """Every dropout class (identity in eval mode)."""

    def __init__(self):
        super().__init__()
        self.d = nn.Dropout(0.3)
        self.d1 = nn.Dropout1d()
        self.d2 = nn.Dropout2d(0.1, inplace=False)
        self.d3 = nn.Dropout3d()
        self.alpha = nn.AlphaDropout(0.2)
        self.falpha = nn.FeatureAlphaDropout()

    def forward(self, x):
        x = self.d2(self.d(x))
        y = self.d1(x.flatten(2))
        z = self.d3(x.unsqueeze(2))
        return self.falpha(self.alpha(x)) + y.mean() + z.mean()

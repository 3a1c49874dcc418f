import torch
import torch.nn as nn

INPUT_SIZE = [1, 8, 5, 6]


class UpsampleNet(nn.Module):
    """Upsample (scale_factor, size, modes), UpsamplingNearest2d,
    UpsamplingBilinear2d, PixelShuffle/Unshuffle, ChannelShuffle."""

    def __init__(self):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2)
        self.up_size = nn.Upsample(size=(7, 9), mode="bilinear", align_corners=False)
        self.up_frac = nn.Upsample(scale_factor=1.5, mode="bicubic")
        self.up_tuple = nn.Upsample(scale_factor=(2, 0.5), mode="nearest")
        self.up_int = nn.Upsample(size=4)
        self.nearest = nn.UpsamplingNearest2d(scale_factor=3)
        self.bilinear = nn.UpsamplingBilinear2d(size=(11, 3))
        self.shuffle = nn.PixelShuffle(2)
        self.unshuffle = nn.PixelUnshuffle(2)
        self.chshuffle = nn.ChannelShuffle(4)
        self.up1d = nn.Upsample(scale_factor=2.5, mode="linear")

    def forward(self, x):
        a = self.up(x)
        b = self.up_size(x)
        c = self.up_frac(x)
        d = self.up_tuple(x)
        e = self.up_int(x)
        f = self.nearest(x)
        g = self.bilinear(x)
        h = self.shuffle(x)
        k = self.unshuffle(h)
        m = self.chshuffle(k)
        n = self.up1d(x.flatten(2))
        return a.sum() + b.sum() + c.sum() + d.sum() + e.sum() + f.sum() + g.sum() + m.sum() + n.sum()

import torch
import torch.nn as nn

INPUT_SIZE = [6, 2, 16]


class TransformerLayersNet(nn.Module):
    """TransformerEncoderLayer / TransformerDecoderLayer: post- and pre-norm,
    batch_first, gelu activation, sequence-first input."""

    def __init__(self):
        super().__init__()
        self.enc = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32)
        self.enc_pre = nn.TransformerEncoderLayer(16, 2, dim_feedforward=24, norm_first=True, activation="gelu")
        self.dec = nn.TransformerDecoderLayer(16, 4, dim_feedforward=32)
        self.dec_pre = nn.TransformerDecoderLayer(16, 2, dim_feedforward=8, norm_first=True)

    def forward(self, x):
        m = self.enc_pre(self.enc(x))
        y = self.dec(x[:4], m)
        return self.dec_pre(y, m)

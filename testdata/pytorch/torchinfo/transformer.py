import torch
from torch import nn


class Net(nn.Module):
    """nn.Transformer: MultiheadAttention modules whose out_proj forward
    never calls as a module."""

    def __init__(self):
        super().__init__()
        self.t = nn.Transformer(d_model=32, nhead=4, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=64)

    def forward(self, x):
        return self.t(x, x)


model = Net()

import torch
import torch.nn as nn

INPUT_SIZE = [2, 6, 16]


class TransformerFastNet(nn.Module):
    """A batch_first post-norm TransformerEncoderLayer in eval mode without
    grad: torch 1.13 runs its fused fast path, so its submodules are not
    called."""

    def __init__(self):
        super().__init__()
        self.enc = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, batch_first=True)
        self.stack = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 2, dim_feedforward=8, batch_first=True), 2)

    def forward(self, x):
        return self.stack(self.enc(x))

import torch
import torch.nn as nn

INPUT_SIZE = [5, 2, 8]


class AttentionNet(nn.Module):
    """MultiheadAttention: batch_first, kdim/vdim != embed_dim,
    add_bias_kv, add_zero_attn, bias=False."""

    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(8, 2)
        self.attn_bf = nn.MultiheadAttention(8, 4, batch_first=True)
        self.attn_kv = nn.MultiheadAttention(8, 2, kdim=6, vdim=3)
        self.attn_biaskv = nn.MultiheadAttention(8, 1, add_bias_kv=True, add_zero_attn=True)
        self.attn_nobias = nn.MultiheadAttention(8, 2, bias=False)
        self.k = nn.Linear(8, 6)
        self.v = nn.Linear(8, 3)

    def forward(self, x):
        a, w = self.attn(x, x, x)
        b, _ = self.attn_bf(a.transpose(0, 1), a.transpose(0, 1), a.transpose(0, 1), need_weights=False)
        mem = x[:3]
        c, _ = self.attn_kv(b.transpose(0, 1), self.k(mem), self.v(mem))
        d, _ = self.attn_biaskv(c, c, c, average_attn_weights=False)
        e, _ = self.attn_nobias(d, x, x)
        return e + w.sum()

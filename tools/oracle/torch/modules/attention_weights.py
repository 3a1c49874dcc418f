import torch
import torch.nn as nn

INPUT_SIZE = [5, 2, 8]


class AttentionWeightsNet(nn.Module):
    """The attention weights MultiheadAttention returns (averaged, per
    head, with bias_kv and zero_attn, batch_first, unbatched), fed to
    Linear layers."""

    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True)
        self.attn_bf = nn.MultiheadAttention(8, 4, batch_first=True, kdim=4, vdim=6)
        self.attn_un = nn.MultiheadAttention(8, 2)
        self.fa = nn.Linear(7, 3)
        self.fb = nn.Linear(3, 3)
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        a, wa = self.attn(x, x, x)
        xb = x.transpose(0, 1)
        b, wb = self.attn_bf(xb, torch.zeros(2, 3, 4), torch.zeros(2, 3, 6), average_attn_weights=False)
        c, wc = self.attn_un(x[:, 0], x[:, 0], x[:, 0])
        return self.fa(wa).sum() + self.fb(wb).sum() + self.fc(wc).sum() + a.sum() + b.sum() + c.sum()

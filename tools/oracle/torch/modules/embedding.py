import torch
import torch.nn as nn

INPUT_SIZE = [2, 5]


class EmbeddingNet(nn.Module):
    """Embedding (padding_idx, max_norm) and EmbeddingBag (modes, offsets,
    per_sample_weights) on integer indices made from the float input."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4)
        self.emb_pad = nn.Embedding(10, 3, padding_idx=0)
        self.emb_norm = nn.Embedding(10, 3, max_norm=1.0)
        self.bag_mean = nn.EmbeddingBag(10, 6)
        self.bag_sum = nn.EmbeddingBag(10, 6, mode="sum")
        self.bag_max = nn.EmbeddingBag(10, 2, mode="max", padding_idx=1)
        self.bag_weighted = nn.EmbeddingBag(10, 3, mode="sum", include_last_offset=True)

    def forward(self, x):
        idx = (x * 10).long()
        a = self.emb(idx)
        b = self.emb_pad(idx)
        c = self.emb_norm(idx[0])
        d = self.bag_mean(idx)
        flat = idx.flatten()
        offsets = torch.tensor([0, 3, 7])
        e = self.bag_sum(flat, offsets)
        f = self.bag_max(idx)
        g = self.bag_weighted(flat, offsets, per_sample_weights=x.flatten())
        return a.sum() + b.sum() + c.sum() + d.sum() + e.sum() + f.sum() + g.sum()

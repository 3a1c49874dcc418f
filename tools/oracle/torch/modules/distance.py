import torch
import torch.nn as nn

INPUT_SIZE = [4, 6, 3]


class DistanceNet(nn.Module):
    """CosineSimilarity (dims) and PairwiseDistance (keepdim)."""

    def __init__(self):
        super().__init__()
        self.cos = nn.CosineSimilarity()
        self.cos2 = nn.CosineSimilarity(dim=2, eps=1e-6)
        self.pdist = nn.PairwiseDistance()
        self.pdist_keep = nn.PairwiseDistance(p=1.0, keepdim=True)

    def forward(self, x):
        y = x * 2
        a = self.cos(x, y)
        b = self.cos2(x, y)
        c = self.pdist(x, y)
        d = self.pdist_keep(x, y)
        return a.sum() + b.sum() + c.sum() + d.sum()

import torch
import torch.nn as nn

INPUT_SIZE = [1, 4, 5, 5]


class ConvExtrasNet(nn.Module):
    """ConvTranspose2d with output_size, Embedding.from_pretrained,
    EmbeddingBag.from_pretrained (frozen and not)."""

    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1)
        self.emb = nn.Embedding.from_pretrained(torch.rand(7, 3))
        self.emb_train = nn.Embedding.from_pretrained(torch.rand(5, 2), freeze=False, padding_idx=0)
        self.bag = nn.EmbeddingBag.from_pretrained(torch.rand(6, 4), mode="sum")

    def forward(self, x):
        a = self.up(x, output_size=[10, 10])
        b = self.up(x)
        idx = (x[0, 0] * 4).long()
        return a.sum() + b.sum() + self.emb(idx).sum() + self.emb_train(idx).sum() + self.bag(idx).sum()

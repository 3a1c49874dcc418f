import torch
from torch import nn

INPUT_SIZE = [[2, 12]]
INPUT_DTYPE = "long"


class Net(nn.Module):
    """Token ids in (torchinfo's dtypes=[torch.long]): embedding, GRU, head."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(100, 16)
        self.rnn = nn.GRU(16, 24, batch_first=True)
        self.head = nn.Linear(24, 5)

    def forward(self, ids):
        x = self.embed(ids)
        x, _ = self.rnn(x)
        return self.head(x[:, -1])


model = Net()

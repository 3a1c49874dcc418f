import torch
import torch.nn as nn

INPUT_SIZE = [5, 4]


class RNNUnbatchedNet(nn.Module):
    """Recurrent layers on unbatched (L, H_in) input."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 3, bidirectional=True)
        self.gru = nn.GRU(6, 2, num_layers=2)
        self.rnn = nn.RNN(2, 4, batch_first=True)

    def forward(self, x):
        a, _ = self.lstm(x)
        b, _ = self.gru(a)
        c, h = self.rnn(b)
        return c.sum() + h.sum()

import torch
import torch.nn as nn

INPUT_SIZE = [7, 2, 8]


class RNNNet(nn.Module):
    """RNN, LSTM, GRU: num_layers, bidirectional, proj_size, batch_first,
    bias=False, nonlinearity; the recorded output is the first tensor."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(8, 6)
        self.rnn_relu = nn.RNN(6, 5, num_layers=2, nonlinearity="relu", bias=False)
        self.lstm = nn.LSTM(5, 4, num_layers=2, bidirectional=True)
        self.lstm_proj = nn.LSTM(8, 6, proj_size=3, bidirectional=True, num_layers=2)
        self.gru = nn.GRU(6, 7, batch_first=True)
        self.gru_bi = nn.GRU(7, 3, num_layers=3, bidirectional=True, bias=False, batch_first=True)

    def forward(self, x):
        a, _ = self.rnn(x)
        a, _ = self.rnn_relu(a)
        a, (h, c) = self.lstm(a)
        p, _ = self.lstm_proj(x)
        g, _ = self.gru(p.transpose(0, 1))
        g, hn = self.gru_bi(g)
        return a.sum() + g.sum() + hn.sum()

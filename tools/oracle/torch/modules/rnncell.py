import torch
import torch.nn as nn

INPUT_SIZE = [3, 8]


class RNNCellNet(nn.Module):
    """RNNCell, LSTMCell, GRUCell (with bias=False and explicit state)."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNNCell(8, 6)
        self.rnn_relu = nn.RNNCell(6, 5, bias=False, nonlinearity="relu")
        self.lstm = nn.LSTMCell(5, 4)
        self.lstm_nobias = nn.LSTMCell(4, 3, bias=False)
        self.gru = nn.GRUCell(3, 7)

    def forward(self, x):
        h = self.rnn(x)
        h = self.rnn_relu(h)
        h, c = self.lstm(h)
        h2, c2 = self.lstm_nobias(h, (torch.zeros(3, 3), torch.zeros(3, 3)))
        g = self.gru(h2)
        return g.sum() + c.sum() + c2.sum()

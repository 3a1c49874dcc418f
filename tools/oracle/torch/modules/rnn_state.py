import torch
import torch.nn as nn

INPUT_SIZE = [6, 2, 8]


class RNNStateNet(nn.Module):
    """The hidden states recurrent layers return (h_n with proj_size, c_n,
    bidirectional layers), given initial states, fed to Linear layers."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 6, num_layers=2, proj_size=3, bidirectional=True)
        self.gru = nn.GRU(8, 5, num_layers=2, batch_first=True)
        self.rnn = nn.RNN(8, 4)
        self.fh = nn.Linear(3, 2)
        self.fc = nn.Linear(6, 2)
        self.fg = nn.Linear(5, 2)
        self.fr = nn.Linear(4, 2)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        g, hg = self.gru(x.transpose(0, 1), torch.zeros(2, 2, 5))
        r, hr = self.rnn(x, torch.zeros(1, 2, 4))
        return self.fh(h[-1]) + self.fc(c[-1]) + self.fg(hg[-1]) + self.fr(hr[0]) + out.sum() + g.sum() + r.sum()

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pack_sequence, pad_sequence

INPUT_SIZE = [2, 5, 4]


class PackedNet(nn.Module):
    """Recurrent layers on PackedSequence (pack_padded_sequence with known
    lengths, sorted and not; pack_sequence), unpacked by
    pad_packed_sequence (total_length), and pad_sequence."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=True, bidirectional=True)
        self.gru = nn.GRU(12, 3, num_layers=2)
        self.rnn = nn.RNN(4, 2)
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        packed = pack_padded_sequence(x, torch.tensor([5, 3]), batch_first=True)
        out, (h, c) = self.lstm(packed)
        y, lengths = pad_packed_sequence(out, batch_first=False, total_length=7)
        p2 = pack_padded_sequence(y, [4, 7], enforce_sorted=False)
        g, hg = self.gru(p2)
        z, _ = pad_packed_sequence(g, batch_first=True)
        r, hr = self.rnn(pack_sequence([x[0], x[1, :2]]))
        padded = pad_sequence([x[0], x[1, :3]], batch_first=True)
        return self.fc(z).sum() + r.data.sum() + padded.sum() + hg.sum()

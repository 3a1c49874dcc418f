import math

import torch
import torch.nn as nn

INPUT_SIZE = [12, 3]


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout=0.1, max_len=64):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(max_len, 1, d_model)
        self.register_buffer("pe", pe)

    def forward(self, x):
        x = x + self.pe[: x.size(0)]
        return self.dropout(x)


class LanguageModelNet(nn.Module):
    """The PyTorch word language model example: an LSTM with tied
    weights and a Transformer encoder with a causal mask and a padding
    mask, on token ids made from the float input."""

    def __init__(self, ntoken=50, ninp=16, nhid=16, nlayers=2):
        super().__init__()
        self.drop = nn.Dropout(0.2)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=0.2)
        self.decoder = nn.Linear(nhid, ntoken)
        self.decoder.weight = self.encoder.weight
        self.pos = PositionalEncoding(ninp)
        layer = nn.TransformerEncoderLayer(ninp, 4, 32, 0.1)
        self.transformer = nn.TransformerEncoder(layer, 2)
        self.head = nn.Linear(ninp, ntoken)
        self.ninp = ninp

    def forward(self, x):
        tokens = (x * 50).long()
        emb = self.drop(self.encoder(tokens))
        out, hidden = self.rnn(emb)
        logits = self.decoder(self.drop(out))
        src = self.encoder(tokens) * math.sqrt(self.ninp)
        src = self.pos(src)
        mask = nn.Transformer.generate_square_subsequent_mask(tokens.size(0))
        pad = torch.zeros(tokens.size(1), tokens.size(0), dtype=torch.bool)
        h = self.transformer(src, mask=mask, src_key_padding_mask=pad)
        return self.head(h) + logits

import torch
import torch.nn as nn

INPUT_SIZE = [2, 7, 16]


class TransformerMasksNet(nn.Module):
    """Masks through the transformer modules: batch_first encoders (the
    one given a key padding mask has an odd head count, so torch 1.13 does
    not turn its input into a nested tensor, which forward hooks cannot
    record), an attention mask on a sequence-first layer, a decoder with
    memory masks, and a full Transformer with all six masks."""

    def __init__(self):
        super().__init__()
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 4, 32, batch_first=True), 2, norm=nn.LayerNorm(16))
        self.enc_odd = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 1, 8, batch_first=True), 1)
        self.layer = nn.TransformerEncoderLayer(16, 2, 8)
        self.dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(16, 2, 8, batch_first=True), 1)
        self.full = nn.Transformer(16, 2, 1, 1, 8, batch_first=True)

    def forward(self, x):
        pad = torch.zeros(2, 7, dtype=torch.bool)
        a = self.enc(x)
        b = self.enc_odd(a, src_key_padding_mask=pad)
        m = nn.Transformer.generate_square_subsequent_mask(7)
        c = self.layer(b.transpose(0, 1), src_mask=m).transpose(0, 1)
        d = self.dec(c[:, :5], c, tgt_mask=nn.Transformer.generate_square_subsequent_mask(5), memory_key_padding_mask=pad)
        tgt = d[:, :4]
        return self.full(c, tgt, src_mask=m, tgt_mask=m[:4, :4], memory_mask=torch.zeros(4, 7),
                         src_key_padding_mask=pad, tgt_key_padding_mask=pad[:, :4], memory_key_padding_mask=pad)

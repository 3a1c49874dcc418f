import torch
import torch.nn as nn

INPUT_SIZE = [2, 6, 16]


class TransformerStackNet(nn.Module):
    """TransformerEncoder / TransformerDecoder stacks with a final norm,
    batch_first layers, and a full nn.Transformer."""

    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(16, 2, dim_feedforward=20, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, norm=nn.LayerNorm(16))
        dlayer = nn.TransformerDecoderLayer(16, 2, dim_feedforward=20, batch_first=True)
        self.decoder = nn.TransformerDecoder(dlayer, num_layers=2)
        self.transformer = nn.Transformer(d_model=16, nhead=2, num_encoder_layers=1, num_decoder_layers=2,
                                          dim_feedforward=12, batch_first=True)

    def forward(self, x):
        m = self.encoder(x)
        y = self.decoder(x[:, :3], m)
        return self.transformer(x, y)

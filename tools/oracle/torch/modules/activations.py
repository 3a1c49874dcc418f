import torch
import torch.nn as nn

INPUT_SIZE = [2, 4, 6]


class ActivationsNet(nn.Module):
    """Activations: PReLU num_parameters, Softmax dims, GLU, and the rest."""

    def __init__(self):
        super().__init__()
        self.acts = nn.ModuleList([
            nn.ReLU(), nn.ReLU6(), nn.LeakyReLU(0.2), nn.ELU(), nn.SELU(), nn.CELU(0.5), nn.GELU(),
            nn.GELU(approximate="tanh"), nn.SiLU(), nn.Mish(), nn.Sigmoid(), nn.Tanh(), nn.Hardswish(),
            nn.Hardsigmoid(), nn.Hardtanh(-2.0, 2.0), nn.Softplus(beta=2), nn.Softsign(), nn.Tanhshrink(),
            nn.Threshold(0.1, 20.0), nn.LogSigmoid(), nn.Hardshrink(), nn.Softshrink(0.3), nn.RReLU(),
            nn.Softmax(dim=1), nn.Softmax(-1), nn.LogSoftmax(dim=2), nn.Softmin(dim=0),
        ])
        self.prelu = nn.PReLU()
        self.prelu_ch = nn.PReLU(num_parameters=4, init=0.1)
        self.glu = nn.GLU()
        self.glu1 = nn.GLU(dim=1)
        self.softmax2d = nn.Softmax2d()

    def forward(self, x):
        for a in self.acts:
            x = a(x)
        x = self.prelu_ch(self.prelu(x))
        y = self.glu(x)
        z = self.glu1(x)
        s = self.softmax2d(x)
        return y.sum() + z.sum() + s.sum()

import torch
import torch.nn as nn

INPUT_SIZE = [1, 2, 5, 6]


class PaddingNet(nn.Module):
    """Zero, constant, reflection and replication padding, int and tuple."""

    def __init__(self):
        super().__init__()
        self.zero = nn.ZeroPad2d(1)
        self.zero_t = nn.ZeroPad2d((1, 2, 0, 3))
        self.const1 = nn.ConstantPad1d(2, 0.5)
        self.const1_t = nn.ConstantPad1d((0, 3), 1.0)
        self.const2 = nn.ConstantPad2d((2, 0, 1, 1), 0.0)
        self.const3 = nn.ConstantPad3d(1, 2.0)
        self.refl1 = nn.ReflectionPad1d((2, 1))
        self.refl2 = nn.ReflectionPad2d(2)
        self.refl3 = nn.ReflectionPad3d((1, 1, 2, 0, 1, 0))
        self.rep1 = nn.ReplicationPad1d(3)
        self.rep2 = nn.ReplicationPad2d((0, 1, 2, 3))
        self.rep3 = nn.ReplicationPad3d(1)

    def forward(self, x):
        a = self.zero_t(self.zero(x))
        f = x.flatten(2)
        b = self.const1_t(self.const1(f))
        c = self.const2(x)
        v = x.unsqueeze(2).repeat(1, 1, 3, 1, 1)
        d = self.const3(v)
        e = self.refl1(f)
        g = self.refl2(x)
        h = self.refl3(v)
        k = self.rep1(f)
        m = self.rep2(x)
        n = self.rep3(v)
        return a.sum() + b.sum() + c.sum() + d.sum() + e.sum() + g.sum() + h.sum() + k.sum() + m.sum() + n.sum()

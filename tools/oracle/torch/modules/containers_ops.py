import torch
import torch.nn as nn

INPUT_SIZE = [2, 4]


class ContainersOpsNet(nn.Module):
    """Container edits: ModuleList insert/extend/pop/del/+ (renumbered),
    Sequential append/del (names kept) and len, ModuleDict pop/update/del,
    ParameterList extend and ParameterDict update/keys."""

    def __init__(self):
        super().__init__()
        ml = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 5), nn.Linear(5, 4)])
        ml.insert(1, nn.ReLU())
        ml.extend([nn.Tanh(), nn.Linear(4, 3)])
        ml.pop(2)
        del ml[2]
        self.ml = ml + nn.ModuleList([nn.Linear(3, 4)])
        seq = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 4), nn.Sigmoid())
        seq.append(nn.Linear(4, 4))
        del seq[1]
        self.seq = seq
        md = nn.ModuleDict({"a": nn.Linear(4, 2), "b": nn.Linear(4, 3), "c": nn.Linear(4, 4)})
        md.pop("b")
        md.update([("d", nn.Linear(4, 1))])
        del md["a"]
        self.md = md
        pl = nn.ParameterList([nn.Parameter(torch.zeros(4))])
        pl.extend([nn.Parameter(torch.zeros(4, 4))])
        self.pl = pl
        pd = nn.ParameterDict()
        pd.update({"x": nn.Parameter(torch.zeros(3)), "y": nn.Parameter(torch.zeros(1))})
        self.pd = pd
        self.n = len(self.seq) + len(self.md) + len(list(self.pd.keys()))

    def forward(self, x):
        for m in self.ml:
            x = m(x)
        x = self.seq(x)
        for k in self.md:
            x = x + self.md[k](x).sum()
        return x * self.pl[0] @ self.pl[1] + self.pd["x"].sum() + self.n

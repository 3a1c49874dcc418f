import torch
import torch.nn as nn

INPUT_SIZE = [2, 3, 10, 12]


class FoldNet(nn.Module):
    """Unfold then Fold (kernel, dilation, padding, stride)."""

    def __init__(self):
        super().__init__()
        self.unfold = nn.Unfold(kernel_size=(2, 3))
        self.unfold2 = nn.Unfold(3, dilation=2, padding=1, stride=2)
        self.fold = nn.Fold(output_size=(10, 12), kernel_size=(2, 3))
        self.fold2 = nn.Fold((10, 12), 3, dilation=2, padding=1, stride=2)

    def forward(self, x):
        a = self.fold(self.unfold(x))
        b = self.fold2(self.unfold2(x))
        return a + b

import torch
import torch.nn as nn
import torch.nn.functional as F

INPUT_SIZE = [2, 8, 6, 6]


class FunctionalNet(nn.Module):
    """torch.nn.functional counterparts of the catalogued modules; each
    result goes through an Identity so the hooks record its shape."""

    def __init__(self):
        super().__init__()
        self.show = nn.Identity()
        self.w = nn.Parameter(torch.rand(8, 3, 3, 3))
        self.bw = nn.Parameter(torch.rand(5, 6, 6))

    def forward(self, x):
        s = self.show
        s(F.glu(x, dim=1))
        s(F.pixel_shuffle(x, 2))
        s(F.pixel_unshuffle(x, 3))
        s(F.channel_shuffle(x, 4))
        u = s(F.unfold(x, kernel_size=3, padding=1))
        s(F.fold(u, (6, 6), 3, padding=1))
        s(F.lp_pool2d(x, 2, 3, stride=2))
        s(F.lp_pool1d(x.flatten(2), 1, 4))
        s(F.cosine_similarity(x, x * 2))
        s(F.pairwise_distance(x, x, keepdim=True))
        s(F.bilinear(x[..., 0, :], x[..., 1, :], self.bw))
        s(F.conv_transpose2d(x, self.w, stride=2, padding=1, output_padding=1))
        s(F.conv_transpose1d(x.flatten(2), self.w.flatten(2)[:, :, :3], groups=1))
        p, i = F.max_pool2d(x, 2, return_indices=True)
        s(F.max_unpool2d(p, i, 2))
        logits = x.mean((2, 3))
        target = (logits[:, 0] * 8).long()
        s(F.cross_entropy(logits, target, reduction="none"))
        s(F.cross_entropy(logits, target))
        s(F.nll_loss(F.log_softmax(logits, 1), target, reduction="sum"))
        s(F.mse_loss(x, x, reduction="none"))
        s(F.l1_loss(x, x))
        s(F.binary_cross_entropy_with_logits(x, torch.sigmoid(x), reduction="none"))
        s(F.kl_div(x, x, reduction="batchmean"))
        s(F.smooth_l1_loss(x, x, beta=0.5))
        s(F.triplet_margin_loss(logits, logits, logits, reduction="none"))
        theta = torch.zeros(2, 2, 3)
        grid = s(F.affine_grid(theta, [2, 8, 4, 5], align_corners=False))
        s(F.grid_sample(x, grid, align_corners=False))
        s(F.one_hot(target, num_classes=8))
        s(F.softshrink(x))
        return x

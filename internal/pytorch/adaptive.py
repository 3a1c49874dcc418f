# netsum's torch.nn.modules.adaptive: torch 1.13's AdaptiveLogSoftmaxWithLoss
# (torch/nn/modules/adaptive.py) on netsum's symbolic modules. Its forward
# calls the tail clusters the targets fall in, which depends on the target
# values; log_prob calls the head and every cluster.
import torch
from torch.nn import Module, ModuleList, Sequential, Linear
import torch.nn.functional as F

__all__ = ["AdaptiveLogSoftmaxWithLoss"]


class AdaptiveLogSoftmaxWithLoss(Module):
    def __init__(self, in_features, n_classes, cutoffs, div_value=4., head_bias=False, device=None, dtype=None):
        super(AdaptiveLogSoftmaxWithLoss, self).__init__()
        cutoffs = list(cutoffs)
        if (cutoffs != sorted(cutoffs)) \
                or (min(cutoffs) <= 0) \
                or (max(cutoffs) > (n_classes - 1)) \
                or (len(set(cutoffs)) != len(cutoffs)) \
                or any([int(c) != c for c in cutoffs]):
            raise ValueError("cutoffs should be a sequence of unique, positive "
                             "integers sorted in an increasing order, where "
                             "each value is between 1 and n_classes-1")
        self.in_features = in_features
        self.n_classes = n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value = div_value
        self.head_bias = head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        self.head = Linear(self.in_features, self.head_size, bias=self.head_bias)
        self.tail = ModuleList()
        for i in range(self.n_clusters):
            hsz = int(self.in_features // (self.div_value ** (i + 1)))
            osz = self.cutoffs[i + 1] - self.cutoffs[i]
            projection = Sequential(
                Linear(self.in_features, hsz, bias=False),
                Linear(hsz, osz, bias=False),
            )
            self.tail.append(projection)

    def forward(self, input, target):
        raise NotImplementedError("AdaptiveLogSoftmaxWithLoss.forward calls the clusters its target values fall in, "
                                  "which netsum does not know; call log_prob(input) in the model code instead")

    def _get_full_log_prob(self, input, head_output):
        for i in range(self.n_clusters):
            self.tail[i](input)
        return torch.zeros(head_output.size(0), self.n_classes)

    def log_prob(self, input):
        if input.dim() != 2 or input.size(1) != self.in_features:
            raise RuntimeError("Input should be of size (batch_size, in_features) but got {}".format(input.shape))
        head_output = self.head(input)
        return self._get_full_log_prob(input, head_output)

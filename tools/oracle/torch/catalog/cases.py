#!/usr/bin/env python3
"""Expected values of internal/catalog/torch/torch_test.go, from torch.

Each case is a torch.nn class, its constructor arguments (the catalog's
normalized config: the same names, tuples for per-dim values) and an input
shape. torch builds the module with those arguments, runs it on
torch.rand(input) (integer indices for Embedding/EmbeddingBag) in eval
mode, and this prints one Go table row: the torch call, the output shape
(the first tensor of a tuple), and the module's own parameters and buffers
(recurse=False) with shapes, in registration order.

    /usr/bin/python3 tools/oracle/torch/catalog/cases.py > /tmp/rows.go
"""

import torch
import torch.nn as nn

CASES = [
    ("Conv1d", dict(in_channels=4, out_channels=8, kernel_size=(3,)), [2, 4, 10]),
    ("Conv1d", dict(in_channels=4, out_channels=8, kernel_size=(5,), stride=(2,), padding=(2,), groups=2, bias=False), [2, 4, 11]),
    ("Conv1d", dict(in_channels=4, out_channels=4, kernel_size=(3,), dilation=(3,), padding="same"), [4, 9]),
    ("Conv1d", dict(in_channels=4, out_channels=4, kernel_size=(3,), padding="valid"), [1, 4, 9]),
    ("Conv2d", dict(in_channels=3, out_channels=16, kernel_size=(3, 3)), [1, 3, 32, 32]),
    ("Conv2d", dict(in_channels=6, out_channels=12, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=3), [2, 6, 15, 17]),
    ("Conv2d", dict(in_channels=4, out_channels=4, kernel_size=(4, 4), padding="same", bias=False), [1, 4, 7, 8]),
    ("Conv2d", dict(in_channels=2, out_channels=2, kernel_size=(3, 3), padding=(1, 1), padding_mode="circular"), [1, 2, 5, 5]),
    ("Conv3d", dict(in_channels=2, out_channels=4, kernel_size=(1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1)), [1, 2, 4, 9, 9]),
    ("Conv3d", dict(in_channels=4, out_channels=8, kernel_size=(2, 2, 2), groups=4, bias=False), [4, 3, 3, 3]),
    ("ConvTranspose1d", dict(in_channels=4, out_channels=2, kernel_size=(3,), stride=(2,), padding=(1,), output_padding=(1,)), [1, 4, 5]),
    ("ConvTranspose2d", dict(in_channels=4, out_channels=6, kernel_size=(3, 3), stride=(2, 2), groups=2, dilation=(2, 1)), [1, 4, 5, 6]),
    ("ConvTranspose2d", dict(in_channels=8, out_channels=4, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False), [8, 7, 7]),
    ("ConvTranspose3d", dict(in_channels=2, out_channels=2, kernel_size=(2, 2, 2), stride=(2, 2, 2), output_padding=(1, 0, 1)), [1, 2, 3, 3, 3]),
    ("Linear", dict(in_features=20, out_features=30), [4, 20]),
    ("Linear", dict(in_features=20, out_features=30, bias=False), [2, 3, 20]),
    ("Linear", dict(in_features=5, out_features=1), [5]),
    ("Bilinear", dict(in1_features=4, in2_features=6, out_features=3), [2, 4]),
    ("BatchNorm1d", dict(num_features=10), [4, 10]),
    ("BatchNorm1d", dict(num_features=10, affine=False), [4, 10, 7]),
    ("BatchNorm2d", dict(num_features=8, track_running_stats=False), [2, 8, 4, 4]),
    ("BatchNorm3d", dict(num_features=3, affine=False, track_running_stats=False), [2, 3, 2, 2, 2]),
    ("LayerNorm", dict(normalized_shape=(6,)), [2, 5, 6]),
    ("LayerNorm", dict(normalized_shape=(5, 6), elementwise_affine=False), [2, 5, 6]),
    ("GroupNorm", dict(num_groups=2, num_channels=6), [2, 6, 3]),
    ("GroupNorm", dict(num_groups=3, num_channels=6, affine=False), [2, 6, 3, 3]),
    ("InstanceNorm1d", dict(num_features=4), [2, 4, 9]),
    ("InstanceNorm2d", dict(num_features=4, affine=True, track_running_stats=True), [2, 4, 3, 3]),
    ("InstanceNorm3d", dict(num_features=2, affine=True), [1, 2, 3, 3, 3]),
    ("InstanceNorm2d", dict(num_features=4), [2, 6, 3, 3]),
    ("SyncBatchNorm", dict(num_features=4), None),
    ("FractionalMaxPool2d", dict(kernel_size=(2, 2), output_ratio=(0.5, 0.7)), [1, 2, 9, 10]),
    ("CrossMapLRN2d", dict(size=3), [1, 4, 3, 3]),
    ("CrossEntropyLoss", dict(reduction="none"), [4, 5, 3]),
    ("MSELoss", dict(), [4, 5]),
    ("TripletMarginLoss", dict(reduction="none"), [4, 5]),
    ("LocalResponseNorm", dict(size=2), [1, 4, 3, 3]),
    ("Embedding", dict(num_embeddings=100, embedding_dim=16), [3, 7]),
    ("Embedding", dict(num_embeddings=10, embedding_dim=4, padding_idx=0, max_norm=1.0), [5]),
    ("EmbeddingBag", dict(num_embeddings=100, embedding_dim=16), [3, 7]),
    ("EmbeddingBag", dict(num_embeddings=10, embedding_dim=4, mode="sum", include_last_offset=True, num_offsets=3), [8]),
    ("EmbeddingBag", dict(num_embeddings=10, embedding_dim=4, mode="max", num_offsets=3), [8]),
    ("RNN", dict(input_size=10, hidden_size=20), [5, 3, 10]),
    ("RNN", dict(input_size=10, hidden_size=20, num_layers=2, bias=False, bidirectional=True), [5, 10]),
    ("LSTM", dict(input_size=10, hidden_size=20, num_layers=2), [5, 3, 10]),
    ("LSTM", dict(input_size=10, hidden_size=20, proj_size=5, bidirectional=True, batch_first=True), [3, 5, 10]),
    ("LSTM", dict(input_size=8, hidden_size=6, num_layers=3, proj_size=4, bidirectional=True), [4, 2, 8]),
    ("GRU", dict(input_size=10, hidden_size=20, num_layers=3, bidirectional=True, batch_first=True), [3, 5, 10]),
    ("RNNCell", dict(input_size=10, hidden_size=20), [3, 10]),
    ("LSTMCell", dict(input_size=10, hidden_size=20, bias=False), [10]),
    ("GRUCell", dict(input_size=10, hidden_size=20), [3, 10]),
    ("MultiheadAttention", dict(embed_dim=16, num_heads=4), [5, 2, 16]),
    ("MultiheadAttention", dict(embed_dim=16, num_heads=2, bias=False, add_bias_kv=True, batch_first=True), [2, 5, 16]),
    ("MultiheadAttention", dict(embed_dim=16, num_heads=4, kdim=16, vdim=16), [5, 16]),
    ("PReLU", dict(), [2, 3]),
    ("PReLU", dict(num_parameters=3), [2, 3, 4]),
    ("GLU", dict(), [2, 6]),
    ("GLU", dict(dim=1), [2, 6, 3]),
    ("Softmax", dict(dim=1), [2, 6]),
    ("Softmax2d", dict(), [2, 3, 4, 4]),
    ("ReLU", dict(), [3, 4]),
    ("Dropout", dict(p=0.5), [3, 4]),
    ("Dropout2d", dict(), [2, 3, 4, 4]),
    ("Identity", dict(), [3, 4]),
    ("MaxPool1d", dict(kernel_size=3, stride=2, ceil_mode=True), [1, 2, 10]),
    ("MaxPool2d", dict(kernel_size=3, stride=2, padding=1), [1, 3, 112, 112]),
    ("MaxPool2d", dict(kernel_size=(2, 3), stride=(2, 1), dilation=(1, 2)), [1, 3, 9, 9]),
    ("MaxPool3d", dict(kernel_size=2), [1, 1, 5, 5, 5]),
    ("AvgPool1d", dict(kernel_size=4, stride=3, padding=2, ceil_mode=True), [1, 2, 10]),
    ("AvgPool2d", dict(kernel_size=2, ceil_mode=True), [1, 3, 7, 7]),
    ("AvgPool3d", dict(kernel_size=(1, 2, 2)), [1, 2, 3, 4, 5]),
    ("LPPool1d", dict(norm_type=2, kernel_size=3, stride=2), [1, 2, 10]),
    ("LPPool2d", dict(norm_type=1, kernel_size=(2, 3), ceil_mode=True), [1, 2, 7, 8]),
    ("AdaptiveAvgPool1d", dict(output_size=4), [1, 2, 10]),
    ("AdaptiveAvgPool2d", dict(output_size=(3, None)), [1, 2, 7, 8]),
    ("AdaptiveMaxPool2d", dict(output_size=1), [2, 7, 8]),
    ("AdaptiveMaxPool3d", dict(output_size=(1, 2, 3)), [1, 2, 7, 8, 9]),
    ("MaxUnpool1d", dict(kernel_size=2), [1, 2, 5]),
    ("MaxUnpool2d", dict(kernel_size=3, stride=2, padding=1), [1, 2, 4, 4]),
    ("MaxUnpool3d", dict(kernel_size=2, stride=2), [1, 2, 2, 3, 2]),
    ("Flatten", dict(), [2, 3, 4, 5]),
    ("Flatten", dict(start_dim=0, end_dim=-2), [2, 3, 4, 5]),
    ("Unfold", dict(kernel_size=(2, 3), dilation=(1, 1), padding=(0, 0), stride=(1, 1)), [2, 3, 6, 7]),
    ("Unfold", dict(kernel_size=(3, 3), dilation=(2, 2), padding=(1, 1), stride=(2, 2)), [3, 9, 10]),
    ("Fold", dict(output_size=(4, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1)), [1, 12, 12]),
    ("PixelShuffle", dict(upscale_factor=3), [1, 18, 4, 5]),
    ("PixelUnshuffle", dict(downscale_factor=2), [1, 3, 4, 6]),
    ("ChannelShuffle", dict(groups=2), [1, 4, 3, 3]),
    ("ZeroPad2d", dict(padding=(1, 2, 3, 4)), [1, 2, 5, 5]),
    ("ConstantPad1d", dict(padding=2, value=1.0), [2, 3]),
    ("ConstantPad3d", dict(padding=(1, 0, 0, 1, 2, 2), value=0.0), [1, 1, 2, 2, 2]),
    ("ReflectionPad1d", dict(padding=(3, 1)), [1, 2, 5]),
    ("ReflectionPad2d", dict(padding=2), [1, 2, 5, 5]),
    ("ReflectionPad3d", dict(padding=1), [1, 1, 3, 3, 3]),
    ("ReplicationPad1d", dict(padding=(0, 4)), [1, 2, 5]),
    ("ReplicationPad2d", dict(padding=(1, 1, 2, 0)), [1, 2, 5, 5]),
    ("ReplicationPad3d", dict(padding=2), [1, 1, 3, 3, 3]),
    ("CosineSimilarity", dict(dim=1), [4, 6]),
    ("CosineSimilarity", dict(dim=0), [4, 6, 2]),
    ("PairwiseDistance", dict(), [4, 6]),
    ("PairwiseDistance", dict(keepdim=True), [4, 6]),
]

EXTRA = {"num_offsets"}


def go_val(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return "int64(%d)" % v
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return '"%s"' % v
    if v is None:
        return "nil"
    if isinstance(v, tuple):
        if any(e is None or isinstance(e, float) for e in v):
            return "[]any{%s}" % ", ".join(go_val(e) for e in v)
        return "[]int64{%s}" % ", ".join(str(e) for e in v)
    raise TypeError(v)


def go_ints(xs):
    return "[]int64{%s}" % ", ".join(str(x) for x in xs)


def main():
    torch.manual_seed(0)
    for cls, cfg, shape in CASES:
        kwargs = {k: v for k, v in cfg.items() if k not in EXTRA}
        m = getattr(nn, cls)(**kwargs).eval()
        args = ", ".join("%s=%r" % kv for kv in kwargs.items())
        call = "nn.%s(%s)" % (cls, args)
        with torch.no_grad():
            if cls in ("Embedding", "EmbeddingBag"):
                x = torch.randint(0, 4, shape)
                if "num_offsets" in cfg:
                    offs = torch.tensor([0, 2, 5][:cfg["num_offsets"]])
                    out = m(x, offs)
                    call += "(torch.randint(0, 4, %s), torch.tensor(%s))" % (tuple(shape), offs.tolist())
                else:
                    out = m(x)
                    call += "(torch.randint(0, 4, %s))" % (tuple(shape),)
            elif cls in ("MultiheadAttention",):
                x = torch.rand(shape)
                out = m(x, x, x)
                call += "(x, x, x) for x = torch.rand%s" % (tuple(shape),)
            elif cls in ("Bilinear",):
                x = torch.rand(shape)
                y = torch.rand(shape[:-1] + [cfg["in2_features"]])
                out = m(x, y)
                call += "(torch.rand%s, torch.rand%s)" % (tuple(shape), tuple(y.shape))
            elif cls == "SyncBatchNorm":
                # torch 1.13 runs SyncBatchNorm on GPUs only: parameters only
                out = torch.rand(2, 4, 3, 3)
                shape = [2, 4, 3, 3]
                call += " (not called: GPU only)"
            elif cls == "CrossEntropyLoss":
                x = torch.rand(shape)
                out = m(x, torch.randint(0, shape[1], shape[:1] + shape[2:]))
                call += "(torch.rand%s, class indices)" % (tuple(shape),)
            elif cls.endswith("Loss"):
                x = torch.rand(shape)
                args_ = (x, x, x) if cls.startswith("Triplet") else (x, x)
                out = m(*args_)
                call += "(%s) for x = torch.rand%s" % (", ".join("x" for _ in args_), tuple(shape))
            elif cls in ("CosineSimilarity", "PairwiseDistance"):
                x = torch.rand(shape)
                out = m(x, x)
                call += "(x, x) for x = torch.rand%s" % (tuple(shape),)
            elif cls.startswith("MaxUnpool"):
                x = torch.rand(shape)
                d = int(cls[-2])
                pool = getattr(nn, "MaxPool%dd" % d)(**cfg, return_indices=True)
                # indices from a pool over the unpooled size
                k = kwargs["kernel_size"]
                s = kwargs.get("stride", k)
                p = kwargs.get("padding", 0)
                big = [(n - 1) * s - 2 * p + k for n in shape[2:]]
                _, idx = pool(torch.rand(shape[:2] + big))
                out = m(x, idx)
                call += "(torch.rand%s, indices)" % (tuple(shape),)
            else:
                out = m(torch.rand(shape))
                call += "(torch.rand%s)" % (tuple(shape),)
        if isinstance(out, tuple):
            out = out[0]
        params = ", ".join('"%s%s"' % (n, list(p.shape)) for n, p in m.named_parameters(recurse=False))
        bufs = ", ".join('"%s%s %s"' % (n, list(b.shape), str(b.dtype).replace("torch.", ""))
                         for n, b in m.named_buffers(recurse=False))
        cfgs = ", ".join('"%s": %s' % (k, go_val(v)) for k, v in cfg.items())
        print("\t// %s -> %s" % (call, list(out.shape)))
        print('\t{"%s", Config{%s}, %s, %s, []string{%s}, []string{%s}},' % (
            cls, cfgs, go_ints(shape), go_ints(list(out.shape)), params, bufs))


if __name__ == "__main__":
    main()

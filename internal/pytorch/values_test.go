package pytorch

import (
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/python/eval"
)

// valuePrelude turns results into plain Python values: (dtype, shape,
// tolist()) for tensors.
const valuePrelude = `import torch
import math

def show(t):
    if isinstance(t, torch.Tensor):
        return (str(t.dtype), list(t.shape), t.tolist())
    if isinstance(t, (list, tuple)):
        return [show(x) for x in t]
    return t

`

// runValue runs code and returns repr(out) (or the error).
func runValue(t *testing.T, code string) (string, error) {
	t.Helper()
	th := eval.NewThread(eval.Options{Modules: Modules()})
	mod, err := th.ExecFile("values.py", []byte(valuePrelude+code+"\n"))
	if err != nil {
		return "", err
	}
	v, ok := mod.Get("out")
	if !ok {
		t.Fatalf("no out")
	}
	return th.Repr(v)
}

// valueCases were printed by torch 1.13 (Debian's python3-torch): each
// code's repr(out) under real torch.
var valueCases = []struct{ name, code, want string }{
	{"numpy_linspace",
		"import numpy as np\nout = [np.linspace(0, 0.2, 11).tolist(), np.linspace(1, 2, 1).tolist(), np.linspace(0, 1, 4, endpoint=False).tolist()]",
		"[[0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2], [1.0], [0.0, 0.25, 0.5, 0.75]]"},
	{"tensor_as_size",
		"n = torch.tensor(3)\nout = [list(torch.zeros(n, 2).shape), list(torch.arange(6).view(n, -1).shape)]",
		"[[3, 2], [3, 2]]"},
	{"pow_kernels",
		"out = [show(torch.tensor([23.872665405273438, 54.46849822998047, 6.64633321762085]) ** 3), show(torch.tensor([6.64633321762085, 1.4154824018478394, 23.509662628173828]) ** -0.5), show(torch.tensor([1.5, 2.0]) ** -2)]",
		"[('torch.float32', [3], [13605.1318359375, 161598.09375, 293.5934143066406]), ('torch.float32', [3], [0.3878903388977051, 0.8405194878578186, 0.20624186098575592]), ('torch.float32', [2], [0.4444444477558136, 0.25])]"},
	{"scalar_first",
		"out = [show(torch.pow(2.5, torch.tensor([1, 2]))), show(torch.pow(2, torch.tensor([1, 2]))), show(torch.add(2, torch.tensor([1])))]",
		"[('torch.float32', [2], [2.5, 6.25]), ('torch.int64', [2], [2, 4]), ('torch.int64', [1], [3])]"},
	{"advanced_index",
		"x = torch.arange(120).view(2, 3, 4, 5)\nout = [show(x[0, :, torch.tensor([0, 1])]), show(x[:, torch.tensor([0, 1]), :, torch.tensor([1, 2])]), show(x[:, torch.tensor([0, 2]), torch.tensor([1, 3])]), show(x[torch.tensor([[0], [1]]), :, torch.tensor([1, 2])]), show(x[:, 0, torch.tensor([0, 1])]), show(x[..., torch.tensor([0, 1]), 0]), show(torch.arange(10).view(2, 5)[torch.tensor([0, 1]), torch.tensor([1, 2])]), show(torch.arange(10).view(2, 5)[[0, 1], [4, 0]])]",
		"[('torch.int64', [3, 2, 5], [[[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]], [[20, 21, 22, 23, 24], [25, 26, 27, 28, 29]], [[40, 41, 42, 43, 44], [45, 46, 47, 48, 49]]]), ('torch.int64', [2, 2, 4], [[[1, 6, 11, 16], [61, 66, 71, 76]], [[22, 27, 32, 37], [82, 87, 92, 97]]]), ('torch.int64', [2, 2, 5], [[[5, 6, 7, 8, 9], [55, 56, 57, 58, 59]], [[65, 66, 67, 68, 69], [115, 116, 117, 118, 119]]]), ('torch.int64', [2, 2, 3, 5], [[[[5, 6, 7, 8, 9], [25, 26, 27, 28, 29], [45, 46, 47, 48, 49]], [[10, 11, 12, 13, 14], [30, 31, 32, 33, 34], [50, 51, 52, 53, 54]]], [[[65, 66, 67, 68, 69], [85, 86, 87, 88, 89], [105, 106, 107, 108, 109]], [[70, 71, 72, 73, 74], [90, 91, 92, 93, 94], [110, 111, 112, 113, 114]]]]), ('torch.int64', [2, 2, 5], [[[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]], [[60, 61, 62, 63, 64], [65, 66, 67, 68, 69]]]), ('torch.int64', [2, 3, 2], [[[0, 5], [20, 25], [40, 45]], [[60, 65], [80, 85], [100, 105]]]), ('torch.int64', [2], [1, 7]), ('torch.int64', [2], [4, 5])]"},
	{"int_overflow",
		"out = [torch.tensor([float('inf'), -float('inf'), float('nan'), 3e9, -3e9]).int().tolist(), torch.tensor([float('inf'), 3e19]).long().tolist()]",
		"[[-2147483648, -2147483648, -2147483648, -2147483648, -2147483648], [-9223372036854775808, -9223372036854775808]]"},
	{"torch_methods",
		"x = torch.tensor([[1, 2], [3, 4]])\nout = [show(torch.clone(x)), show(torch.detach(x)), show(torch.t(x)), show(torch.narrow(x, 1, 1, 1)), show(torch.masked_fill(x, x > 2, 0))]",
		"[('torch.int64', [2, 2], [[1, 2], [3, 4]]), ('torch.int64', [2, 2], [[1, 2], [3, 4]]), ('torch.int64', [2, 2], [[1, 3], [2, 4]]), ('torch.int64', [2, 1], [[2], [4]]), ('torch.int64', [2, 2], [[1, 2], [0, 0]])]"},
	{"regnet",
		"wc = torch.arange(16) * 27.89 + 48\nbc = torch.round(torch.log(wc / 48) / math.log(2.09))\nout = show((torch.round(torch.divide(48 * torch.pow(2.09, bc), 8)) * 8).int())",
		"('torch.int32', [16], [48, 104, 104, 104, 208, 208, 208, 208, 208, 208, 440, 440, 440, 440, 440, 440])"},
	{"regnet_cont",
		"out = show(torch.arange(16) * 27.89 + 48)",
		"('torch.float32', [16], [48.0, 75.88999938964844, 103.77999877929688, 131.6699981689453, 159.55999755859375, 187.4499969482422, 215.33999633789062, 243.22999572753906, 271.1199951171875, 299.010009765625, 326.8999938964844, 354.78997802734375, 382.67999267578125, 410.57000732421875, 438.4599914550781, 466.3499755859375])"},
	{"regnet_diff",
		"s = [True, False, True, False, False, True]\nout = show(torch.diff(torch.tensor([d for d, t in enumerate(s) if t])).int())",
		"('torch.int32', [2], [2, 3])"},
	{"regnet_tolist",
		"out = (torch.round(torch.arange(5) * 2.5) * 8).int().tolist()",
		"[0, 16, 40, 64, 80]"},
	{"int_times_float",
		"out = show(torch.tensor([1, 2, 3]) * 2.5)",
		"('torch.float32', [3], [2.5, 5.0, 7.5])"},
	{"int_div",
		"out = show(torch.tensor([1, 2, 3]) / 2)",
		"('torch.float32', [3], [0.5, 1.0, 1.5])"},
	{"int_floordiv",
		"out = show(torch.tensor([5, -7, 8]) // 2)",
		"('torch.int64', [3], [2, -4, 4])"},
	{"int_mod",
		"out = show(torch.tensor([5, -7, 8]) % 3)",
		"('torch.int64', [3], [2, 2, 2])"},
	{"float_floordiv",
		"out = show(torch.tensor([5.5, -7.5]) // 2)",
		"('torch.float32', [2], [2.0, -4.0])"},
	{"float_mod",
		"out = show(torch.tensor([5.5, -7.5]) % 2)",
		"('torch.float32', [2], [1.5, 0.5])"},
	{"bool_add",
		"out = show(torch.tensor([True, False]) + 1)",
		"('torch.int64', [2], [2, 1])"},
	{"bool_and",
		"out = show(torch.tensor([True, False]) & torch.tensor([True, True]))",
		"('torch.bool', [2], [True, False])"},
	{"zero_dim",
		"out = show(torch.tensor(3) * torch.tensor([1.5]))",
		"('torch.float32', [1], [4.5])"},
	{"zero_dim_float",
		"out = show(torch.tensor(3.5) * torch.tensor([1, 2]))",
		"('torch.float32', [2], [3.5, 7.0])"},
	{"int32_int64_0d",
		"out = show(torch.tensor([1, 2], dtype=torch.int32) * torch.tensor(5))",
		"('torch.int32', [2], [5, 10])"},
	{"int_pow",
		"out = show(torch.tensor([1, 2, 3]) ** 2)",
		"('torch.int64', [3], [1, 4, 9])"},
	{"int_pow_float",
		"out = show(torch.tensor([1, 2, 3]) ** 0.5)",
		"('torch.float32', [3], [1.0, 1.4142135381698608, 1.7320507764816284])"},
	{"rpow",
		"out = show(2 ** torch.tensor([1, 2, 3]))",
		"('torch.int64', [3], [2, 4, 8])"},
	{"float32_scalar",
		"out = show(torch.tensor([3.0, 7.0]) * 0.1 + 0.2)",
		"('torch.float32', [2], [0.5, 0.8999999761581421])"},
	{"float64",
		"out = show(torch.tensor([1.0, 2.0], dtype=torch.float64) / 3)",
		"('torch.float64', [2], [0.3333333333333333, 0.6666666666666666])"},
	{"tensor_infer",
		"out = [show(torch.tensor([True, 1])), show(torch.tensor([[1, 2], [3, 4.5]])), show(torch.tensor([])), show(torch.tensor(7))]",
		"[('torch.int64', [2], [1, 1]), ('torch.float32', [2, 2], [[1.0, 2.0], [3.0, 4.5]]), ('torch.float32', [0], []), ('torch.int64', [], 7)]"},
	{"neg",
		"out = show(-torch.tensor([1, -2]))",
		"('torch.int64', [2], [-1, 2])"},
	{"invert",
		"out = show(~torch.tensor([True, False]))",
		"('torch.bool', [2], [False, True])"},
	{"compare",
		"out = show(torch.tensor([1, 2, 3]) >= 2)",
		"('torch.bool', [3], [False, True, True])"},
	{"eq",
		"out = show(torch.tensor([1, 2, 3]) == torch.tensor([1, 0, 3]))",
		"('torch.bool', [3], [True, False, True])"},
	{"round_half_even",
		"out = show(torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 2.4])))",
		"('torch.float32', [6], [0.0, 2.0, 2.0, -0.0, -2.0, 2.0])"},
	{"round_decimals",
		"out = show(torch.round(torch.tensor([1.2345, 2.5]), decimals=2))",
		"('torch.float32', [2], [1.2300000190734863, 2.5])"},
	{"trunc_int",
		"out = show(torch.tensor([-1.7, 1.7, -0.2]).int())",
		"('torch.int32', [3], [-1, 1, 0])"},
	{"long",
		"out = show(torch.tensor([-2.5, 3.99]).long())",
		"('torch.int64', [2], [-2, 3])"},
	{"floor_ceil",
		"x = torch.tensor([-1.5, 1.5])\nout = [show(x.floor()), show(x.ceil()), show(torch.trunc(x)), show(x.abs())]",
		"[('torch.float32', [2], [-2.0, 1.0]), ('torch.float32', [2], [-1.0, 2.0]), ('torch.float32', [2], [-1.0, 1.0]), ('torch.float32', [2], [1.5, 1.5])]"},
	{"sqrt_int",
		"out = show(torch.sqrt(torch.tensor([4, 9])))",
		"('torch.float32', [2], [2.0, 3.0])"},
	{"round_int",
		"out = show(torch.round(torch.tensor([2, 3])))",
		"('torch.int64', [2], [2, 3])"},
	{"exp_log",
		"out = show(torch.exp(torch.log(torch.tensor([1.0, 2.0, 4.0]))))",
		"('torch.float32', [3], [1.0, 2.0, 4.0])"},
	{"clamp",
		"out = [show(torch.tensor([1, 5, 9]).clamp(2, 6)), show(torch.tensor([1, 2]).clamp(min=0.5)), show(torch.clamp(torch.tensor([-1.0, 3.0]), max=1.0))]",
		"[('torch.int64', [3], [2, 5, 6]), ('torch.float32', [2], [1.0, 2.0]), ('torch.float32', [2], [-1.0, 1.0])]"},
	{"relu_sigmoid",
		"out = [show(torch.relu(torch.tensor([-1, 2]))), show(torch.sigmoid(torch.tensor([0])))]",
		"[('torch.int64', [2], [0, 2]), ('torch.float32', [1], [0.5])]"},
	{"to_dtype",
		"out = [show(torch.tensor([1.7]).to(torch.int64)), show(torch.tensor([0, 2]).bool()), show(torch.tensor([1, 2]).float()), show(torch.tensor([1, 2]).double())]",
		"[('torch.int64', [1], [1]), ('torch.bool', [2], [False, True]), ('torch.float32', [2], [1.0, 2.0]), ('torch.float64', [2], [1.0, 2.0])]"},
	{"arange_float",
		"out = show(torch.arange(0, 1, 0.1))",
		"('torch.float32', [10], [0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5, 0.6000000238418579, 0.699999988079071, 0.800000011920929, 0.8999999761581421])"},
	{"arange_kw",
		"out = [show(torch.arange(5, dtype=torch.float32)), show(torch.arange(2, 10, 3)), show(torch.arange(-3, 3))]",
		"[('torch.float32', [5], [0.0, 1.0, 2.0, 3.0, 4.0]), ('torch.int64', [3], [2, 5, 8]), ('torch.int64', [6], [-3, -2, -1, 0, 1, 2])]"},
	{"linspace",
		"out = [show(torch.linspace(0, 1, 7)), show(torch.linspace(-3, 10, 11))]",
		"[('torch.float32', [7], [0.0, 0.1666666716337204, 0.3333333432674408, 0.5, 0.6666666269302368, 0.8333333134651184, 1.0]), ('torch.float32', [11], [-3.0, -1.7000000476837158, -0.40000009536743164, 0.8999998569488525, 2.1999998092651367, 3.500000238418579, 4.800000190734863, 6.100000381469727, 7.400000095367432, 8.699999809265137, 10.0])]"},
	{"zeros_ones_full",
		"out = [show(torch.zeros(2, 2)), show(torch.ones(3, dtype=torch.int64)), show(torch.full((2,), 3)), show(torch.full((2,), 1.5)), show(torch.full((1,), True))]",
		"[('torch.float32', [2, 2], [[0.0, 0.0], [0.0, 0.0]]), ('torch.int64', [3], [1, 1, 1]), ('torch.int64', [2], [3, 3]), ('torch.float32', [2], [1.5, 1.5]), ('torch.bool', [1], [True])]"},
	{"eye",
		"out = show(torch.eye(2, 3))",
		"('torch.float32', [2, 3], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])"},
	{"like",
		"x = torch.tensor([1, 2])\nout = [show(torch.zeros_like(x)), show(torch.ones_like(x, dtype=torch.float32)), show(torch.full_like(x, 7))]",
		"[('torch.int64', [2], [0, 0]), ('torch.float32', [2], [1.0, 1.0]), ('torch.int64', [2], [7, 7])]"},
	{"new",
		"x = torch.tensor([1.0])\nout = [show(x.new_zeros(2)), show(x.new_ones((1, 2))), show(x.new_full((2,), 4)), show(x.new_tensor([1, 2]))]",
		"[('torch.float32', [2], [0.0, 0.0]), ('torch.float32', [1, 2], [[1.0, 1.0]]), ('torch.float32', [2], [4.0, 4.0]), ('torch.float32', [2], [1.0, 2.0])]"},
	{"sum",
		"x = torch.tensor([[1, 2, 3], [4, 5, 6]])\nout = [show(x.sum()), show(x.sum(0)), show(x.sum(dim=1, keepdim=True)), show(x.sum((0, 1)))]",
		"[('torch.int64', [], 21), ('torch.int64', [3], [5, 7, 9]), ('torch.int64', [2, 1], [[6], [15]]), ('torch.int64', [], 21)]"},
	{"sum_bool",
		"out = show(torch.tensor([True, False, True]).sum())",
		"('torch.int64', [], 2)"},
	{"mean",
		"x = torch.tensor([[1.0, 2.0], [3.0, 5.0]])\nout = [show(x.mean()), show(x.mean(-1)), show(torch.mean(x, 0, True))]",
		"[('torch.float32', [], 2.75), ('torch.float32', [2], [1.5, 4.0]), ('torch.float32', [1, 2], [[2.0, 3.5]])]"},
	{"max_min",
		"x = torch.tensor([[1, 7, 3], [9, 2, 9]])\nm = x.max(dim=1)\nout = [show(x.max()), show(m.values), show(m.indices), show(x.min(0)[0]), show(torch.argmax(x)), show(x.argmax(1)), show(x.argmin(dim=0))]",
		"[('torch.int64', [], 9), ('torch.int64', [2], [7, 9]), ('torch.int64', [2], [1, 0]), ('torch.int64', [3], [1, 2, 3]), ('torch.int64', [], 3), ('torch.int64', [2], [1, 0]), ('torch.int64', [3], [0, 1, 0])]"},
	{"amax_prod",
		"x = torch.tensor([[1, 7, 3], [9, 2, 9]])\nout = [show(x.amax(1)), show(x.amin((0, 1))), show(x.prod()), show(x.prod(1))]",
		"[('torch.int64', [2], [7, 9]), ('torch.int64', [], 1), ('torch.int64', [], 3402), ('torch.int64', [2], [21, 162])]"},
	{"all_any",
		"x = torch.tensor([[True, False], [True, True]])\nout = [show(x.all()), show(x.any(0)), show(x.all(1))]",
		"[('torch.bool', [], False), ('torch.bool', [2], [True, True]), ('torch.bool', [2], [False, True])]"},
	{"std_var",
		"x = torch.tensor([1.0, 2.0, 4.0])\nout = [show(x.std()), show(x.var(unbiased=False))]",
		"[('torch.float32', [], 1.5275251865386963), ('torch.float32', [], 1.5555555820465088)]"},
	{"maximum",
		"out = show(torch.maximum(torch.tensor([1, 5]), torch.tensor([3, 2])))",
		"('torch.int64', [2], [3, 5])"},
	{"diff",
		"x = torch.tensor([[1, 3, 6], [10, 15, 21]])\nout = [show(torch.diff(x)), show(x.diff(dim=0)), show(torch.diff(x, n=2)), show(torch.diff(torch.tensor([True, False, False])))]",
		"[('torch.int64', [2, 2], [[2, 3], [5, 6]]), ('torch.int64', [1, 3], [[9, 12, 15]]), ('torch.int64', [2, 1], [[1], [1]]), ('torch.bool', [2], [True, False])]"},
	{"diff_prepend",
		"out = show(torch.diff(torch.tensor([3, 5]), prepend=torch.tensor([0])))",
		"('torch.int64', [2], [3, 2])"},
	{"cumsum",
		"x = torch.tensor([[1, 2], [3, 4]], dtype=torch.int32)\nout = [show(x.cumsum(0)), show(torch.cumsum(x, dim=1)), show(torch.tensor([0.5, 0.25]).cumprod(0))]",
		"[('torch.int64', [2, 2], [[1, 2], [4, 6]]), ('torch.int64', [2, 2], [[1, 3], [3, 7]]), ('torch.float32', [2], [0.5, 0.125])]"},
	{"cat_stack",
		"a = torch.tensor([[1, 2]])\nb = torch.tensor([[3, 4]])\nout = [show(torch.cat([a, b])), show(torch.cat((a, b), dim=1)), show(torch.stack([a, b], 1)), show(torch.cat([a, torch.tensor([[0.5, 1.5]])]))]",
		"[('torch.int64', [2, 2], [[1, 2], [3, 4]]), ('torch.int64', [1, 4], [[1, 2, 3, 4]]), ('torch.int64', [1, 2, 2], [[[1, 2], [3, 4]]]), ('torch.float32', [2, 2], [[1.0, 2.0], [0.5, 1.5]])]"},
	{"reshape",
		"x = torch.arange(6)\nout = [show(x.view(2, 3)), show(x.reshape(3, -1).t() if hasattr(x, 't') else x.reshape(3, -1).T), show(x.view(2, 3).permute(1, 0)), show(x.view(1, 2, 3).flatten(1)), show(x.view(2, 3).transpose(0, 1).contiguous().view(-1))]",
		"[('torch.int64', [2, 3], [[0, 1, 2], [3, 4, 5]]), ('torch.int64', [2, 3], [[0, 2, 4], [1, 3, 5]]), ('torch.int64', [3, 2], [[0, 3], [1, 4], [2, 5]]), ('torch.int64', [1, 6], [[0, 1, 2, 3, 4, 5]]), ('torch.int64', [6], [0, 3, 1, 4, 2, 5])]"},
	{"squeeze",
		"x = torch.arange(3).view(1, 3, 1)\nout = [show(x.squeeze()), show(x.squeeze(0)), show(x.unsqueeze(0).shape)]",
		"[('torch.int64', [3], [0, 1, 2]), ('torch.int64', [3, 1], [[0], [1], [2]]), [1, 1, 3, 1]]"},
	{"index",
		"x = torch.arange(12).view(3, 4)\nout = [show(x[1]), show(x[:, 2]), show(x[1:, ::2]), show(x[-1, -1]), show(x[None, 0]), show(x[..., 1]), show(x[torch.tensor([2, 0])]), show(x[x > 8]), show(x[[0, 1]])]",
		"[('torch.int64', [4], [4, 5, 6, 7]), ('torch.int64', [3], [2, 6, 10]), ('torch.int64', [2, 2], [[4, 6], [8, 10]]), ('torch.int64', [], 11), ('torch.int64', [1, 4], [[0, 1, 2, 3]]), ('torch.int64', [3], [1, 5, 9]), ('torch.int64', [2, 4], [[8, 9, 10, 11], [0, 1, 2, 3]]), ('torch.int64', [3], [9, 10, 11]), ('torch.int64', [2, 4], [[0, 1, 2, 3], [4, 5, 6, 7]])]"},
	{"iterate",
		"x = torch.tensor([[1, 2], [3, 4]])\nout = [show(r) for r in x]",
		"[('torch.int64', [2], [1, 2]), ('torch.int64', [2], [3, 4])]"},
	{"chunk_split",
		"x = torch.arange(5)\nout = [show(x.chunk(2)), show(x.split(2)), show(torch.split(x, [1, 4])), show(x.view(1, 5).unbind(1))]",
		"[[('torch.int64', [3], [0, 1, 2]), ('torch.int64', [2], [3, 4])], [('torch.int64', [2], [0, 1]), ('torch.int64', [2], [2, 3]), ('torch.int64', [1], [4])], [('torch.int64', [1], [0]), ('torch.int64', [4], [1, 2, 3, 4])], [('torch.int64', [1], [0]), ('torch.int64', [1], [1]), ('torch.int64', [1], [2]), ('torch.int64', [1], [3]), ('torch.int64', [1], [4])]]"},
	{"expand_repeat",
		"x = torch.tensor([[1], [2]])\nout = [show(x.expand(2, 3)), show(x.repeat(1, 2)), show(x.repeat(2, 1, 1))]",
		"[('torch.int64', [2, 3], [[1, 1, 1], [2, 2, 2]]), ('torch.int64', [2, 2], [[1, 1], [2, 2]]), ('torch.int64', [2, 2, 1], [[[1], [2]], [[1], [2]]])]"},
	{"roll",
		"x = torch.arange(6).view(2, 3)\nout = [show(torch.roll(x, 1, 1)), show(torch.roll(x, shifts=(1, -1), dims=(0, 1))), show(torch.roll(x, 2))]",
		"[('torch.int64', [2, 3], [[2, 0, 1], [5, 3, 4]]), ('torch.int64', [2, 3], [[4, 5, 3], [1, 2, 0]]), ('torch.int64', [2, 3], [[4, 5, 0], [1, 2, 3]])]"},
	{"meshgrid",
		"a, b = torch.meshgrid(torch.arange(2), torch.arange(3), indexing='ij')\nc, d = torch.meshgrid([torch.arange(2), torch.arange(3)], indexing='xy')\nout = [show(a), show(b), show(c), show(d)]",
		"[('torch.int64', [2, 3], [[0, 0, 0], [1, 1, 1]]), ('torch.int64', [2, 3], [[0, 1, 2], [0, 1, 2]]), ('torch.int64', [3, 2], [[0, 1], [0, 1], [0, 1]]), ('torch.int64', [3, 2], [[0, 0], [1, 1], [2, 2]])]"},
	{"where",
		"x = torch.tensor([1, -2, 3])\nout = [show(torch.where(x > 0, x, 0)), show(torch.where(x > 0, 1.5, x))]",
		"[('torch.int64', [3], [1, 0, 3]), ('torch.float32', [3], [1.5, -2.0, 1.5])]"},
	{"setitem",
		"x = torch.zeros(3, 4)\nx[1, 1:3] = 5\nx[:, 0] = torch.tensor([1.0, 2.0, 3.0])\nx[x == 0] = -1\nout = show(x)",
		"('torch.float32', [3, 4], [[1.0, -1.0, -1.0, -1.0], [2.0, 5.0, 5.0, -1.0], [3.0, -1.0, -1.0, -1.0]])"},
	{"masked_fill",
		"x = torch.tensor([[0.0, 1.0], [2.0, 0.0]])\nout = show(x.masked_fill(x != 0, -100.0))",
		"('torch.float32', [2, 2], [[0.0, -100.0], [-100.0, 0.0]])"},
	{"inplace",
		"x = torch.tensor([1, 2])\nx.add_(3)\ny = torch.tensor([1.0, 4.0])\ny.mul_(0.5).sqrt_()\nz = torch.ones(2)\nz.zero_()\nw = torch.zeros(2)\nw.fill_(2.5)\nout = [show(x), show(y), show(z), show(w)]",
		"[('torch.int64', [2], [4, 5]), ('torch.float32', [2], [0.7071067690849304, 1.4142135381698608]), ('torch.float32', [2], [0.0, 0.0]), ('torch.float32', [2], [2.5, 2.5])]"},
	{"item_int_float",
		"out = [torch.tensor([3]).item(), torch.tensor(2.5).item(), int(torch.tensor(7.9)), float(torch.tensor([2])), bool(torch.tensor([0])), len(torch.zeros(4, 2))]",
		"[3, 2.5, 7, 2.0, False, 4]"},
	{"truth",
		"out = ['yes' if torch.tensor([1]) else 'no', 'yes' if torch.tensor(0.0) else 'no']",
		"['yes', 'no']"},
	{"tolist_nested",
		"out = torch.tensor([[1, 2], [3, 4]]).tolist()",
		"[[1, 2], [3, 4]]"},
	{"sort",
		"s = torch.sort(torch.tensor([3, 1, 2]), descending=True)\nout = [show(s[0]), show(s[1])]",
		"[('torch.int64', [3], [3, 2, 1]), ('torch.int64', [3], [0, 2, 1])]"},
	{"nonzero",
		"out = [show(torch.nonzero(torch.tensor([0, 3, 0, 4]))), show(torch.tensor([[1, 0], [0, 1]]).nonzero())]",
		"[('torch.int64', [2, 1], [[1], [3]]), ('torch.int64', [2, 2], [[0, 0], [1, 1]])]"},
	{"div_modes",
		"out = [show(torch.div(torch.tensor([7, -7]), 2, rounding_mode='floor')), show(torch.div(torch.tensor([7, -7]), 2, rounding_mode='trunc')), show(torch.add(torch.tensor([1]), torch.tensor([2]), alpha=3))]",
		"[('torch.int64', [2], [3, -4]), ('torch.int64', [2], [3, -3]), ('torch.int64', [1], [7])]"},
	{"type_string",
		"out = [torch.tensor([1]).type(), torch.zeros(1).type()]",
		"['torch.LongTensor', 'torch.FloatTensor']"},
}

func TestValues(t *testing.T) {
	for _, c := range valueCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := runValue(t, c.code)
			if err != nil {
				t.Fatalf("%v\n%s", err, c.code)
			}
			if got != c.want {
				t.Errorf("\ngot  %s\ntorch %s\n%s", got, c.want, c.code)
			}
		})
	}
}

// TestValuesUnknown: tensors without values stay symbolic, asking them for
// a value is an error, and values are never kept when they could be stale.
func TestValuesUnknown(t *testing.T) {
	for _, c := range []struct{ name, code, want string }{
		{"rand_item", "x = torch.rand(3)\nout = bool(x[0])", "the value of a tensor is not known"},
		{"rand_int", "out = int(torch.randn(1))", "the value of a tensor is not known"},
		{"rand_if", "x = torch.rand(1)\nout = 1 if x else 0", "the value of a tensor is not known"},
		{"empty", "out = float(torch.empty(1))", "the value of a tensor is not known"},
		{"mixed", "out = int((torch.tensor([2]) * torch.rand(1)).sum())", "the value of a tensor is not known"},
		{"cap", "out = int(torch.zeros(300, 300).sum())", "the value of a tensor is not known"},
		{"view_alias", "x = torch.zeros(4)\nv = x.view(2, 2)\nv[0, 0] = 1\nout = float(x[0])", "the value of a tensor is not known"},
		{"random_fill", "x = torch.zeros(2)\nx.normal_()\nout = float(x[0])", "the value of a tensor is not known"},
		{"inplace_relu", "import torch.nn.functional as F\nx = torch.tensor([-1.0])\nF.relu(x, inplace=True)\nout = float(x)", "the value of a tensor is not known"},
		{"ambiguous", "out = bool(torch.tensor([1, 2]))", "Boolean value of Tensor with more than one value is ambiguous"},
		{"item_many", "out = torch.tensor([1, 2]).item()", "a Tensor with 2 elements cannot be converted to Scalar"},
		{"mean_int", "out = torch.tensor([1, 2]).mean()", "mean(): could not infer output dtype"},
		{"int_neg_pow", "out = torch.tensor([2]) ** -1", "Integers to negative integer powers are not allowed."},
		{"int_div_zero", "out = torch.tensor([2]) // 0", "ZeroDivisionError"},
		{"ragged", "out = torch.tensor([[1, 2], [3]])", "expected sequence of length 2 at dim 1 (got 1)"},
		{"index_oob", "out = torch.arange(3)[torch.tensor([3])]", "index 3 is out of bounds for dimension 0 with size 3"},
		{"tolist_lists", "out = torch.zeros(1 << 40, 0).tolist()", "makes too many lists"},
		{"negative_dim", "out = torch.zeros(2, -3)", "Trying to create tensor with negative dimension -3: [2, -3]"},
		{"negative_rand", "out = torch.rand(-1)", "Trying to create tensor with negative dimension -1: [-1]"},
		{"negative_repeat", "out = torch.tensor([1, 2]).repeat(-1)", "Trying to create tensor with negative dimension -2: [-2]"},
		{"inplace_cast", "x = torch.tensor([1])\nx.mul_(0.5)\nout = x", "result type Float can't be cast to the desired output type Long"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := runValue(t, c.code)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %q, %v; want error %q", got, err, c.want)
			}
		})
	}
}

// TestValuesShapes: without values, shapes and dtypes are as before.
func TestValuesShapes(t *testing.T) {
	got, err := runValue(t, "import somewhere_unknown\nx = torch.rand(2, 3)\nout = [list(torch.tensor([somewhere_unknown.n, 2.0]).shape), str((x * 2).dtype), list((x > 0).shape), str((x > 0).dtype), list(x[x > 0].shape), list(torch.arange(4)[torch.rand(4) > 0].shape), str(torch.tensor([1, 2]).float().dtype), list(torch.zeros(300, 300).sum(0).shape)]")
	if err != nil {
		t.Fatal(err)
	}
	if want := "[[2], 'torch.float32', [2, 3], 'torch.bool', [-1], [-1], 'torch.float32', [300]]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestValueBudget: values are capped per tensor and per run.
func TestValueBudget(t *testing.T) {
	x := newValued(nil, []int64{maxValues + 1}, "float32", make([]float64, maxValues+1))
	if x.values() != nil {
		t.Errorf("a tensor over the cap kept its values")
	}
	th := eval.NewThread(eval.Options{Modules: Modules()})
	n := 0
	for i := 0; i < valueBudget/maxValues+2; i++ {
		if newValued(th, []int64{maxValues}, "float32", make([]float64, maxValues)).values() != nil {
			n++
		}
	}
	if n != valueBudget/maxValues {
		t.Errorf("%d tensors kept values, want %d", n, valueBudget/maxValues)
	}
}

// TestValuesHuge: empty tensors with huge dimensions and symbolic giants
// allocate nothing big.
func TestValuesHuge(t *testing.T) {
	got, err := runValue(t, "x = torch.zeros(0, 1 << 40)\ny = torch.rand(1 << 40, 1 << 20)\nout = [list(x.t().shape), list(x[:, 5:].shape), show(x.sum(1)), list(y[3].shape), list(y[..., 1:].shape), list(y.sum(0).shape), show(x.repeat(2, 1).sum()), show(torch.roll(x, 1, 1).sum()), list(x.t().sum(1).shape), list(torch.cat([x, x], 1).shape)]")
	if err != nil {
		t.Fatal(err)
	}
	if want := "[[1099511627776, 0], [0, 1099511627771], ('torch.float32', [0], []), [1048576], [1099511627776, 1048575], [1048576], ('torch.float32', [], 0.0), ('torch.float32', [], 0.0), [1099511627776], [0, 2199023255552]]"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// TestValuesNoPanic: odd calls give torch's errors or symbolic tensors,
// never a panic.
func TestValuesNoPanic(t *testing.T) {
	for _, code := range []string{
		"x = torch.arange(6).view(2, 3)\nout = x[None, ..., None]",
		"out = torch.arange(3)[..., 1]",
		"out = torch.diff(torch.tensor(5))",
		"out = torch.cat([])",
		"out = torch.stack([])",
		"out = torch.arange(6).view(-1, 0)",
		"out = torch.arange(6).sum(5)",
		"out = torch.meshgrid()",
		"out = torch.roll(torch.arange(4), (1, 2), (0,))",
		"out = torch.tensor([[1], [2, 3]])",
		"out = torch.arange(3)[torch.tensor([True])]",
		"out = torch.where(torch.tensor([0, 1]))",
		"out = torch.arange(3).narrow(0, 5, 2)",
		"out = torch.arange(3).chunk(0)",
		"out = torch.arange(3).clamp()",
		"out = torch.zeros(0).item()",
		"out = torch.linspace(0, 1, 0).tolist()",
		"out = torch.eye(0).tolist()",
		"out = torch.arange(0, 10, -1)",
		"out = torch.arange(0, 1, 0)",
		"out = torch.tensor(3)[0]",
		"out = torch.tensor([1, 2])[1:0]",
		"out = torch.tensor([1, 2])[::0]",
		"out = torch.tensor([1, 2])[::-1]",
		"out = torch.tensor([1.5]).int() // 0",
		"out = torch.tensor([1.5]) % 0",
		"out = torch.tensor([1, 2]).max(dim=3)",
		"out = torch.zeros(2, 0).max(1)",
		"out = torch.zeros(0).argmax()",
		"out = torch.tensor([1, 2]).split([1, 5])",
		"out = torch.tensor([1, 2]).repeat(-1)",
		"out = torch.tensor([1, 2]).expand(3, -1)",
		"out = torch.tensor([1, 2]).permute(0, 0)",
		"out = torch.tensor([1, 2]).view(3)",
		"x = torch.tensor([1, 2])\nx[5] = 1\nout = x",
		"x = torch.tensor([1, 2])\nx[:] = torch.tensor([1, 2, 3])\nout = x",
		"out = torch.tensor([1, 2]) & 1.5",
		"out = ~torch.tensor([1.5])",
		"out = -torch.tensor([True])",
		"out = torch.tensor([True]) - torch.tensor([True])",
		"out = torch.full((2,), None)",
		"out = torch.tensor([1, 2]).cumsum(3)",
		"out = torch.einsum('ij,jk->ik', torch.zeros(2, 3), torch.zeros(4, 5))",
		"out = torch.einsum('i->j', torch.zeros(2))",
		"out = torch.einsum('ij', torch.zeros(2))",
		"out = torch.tensor([[1, 2]]).tolist()[0][5]",
		"out = torch.sort(torch.tensor(3))",
		"out = torch.nonzero(torch.tensor(0))",
		"out = torch.tensor([2]) ** torch.tensor([-1])",
		"out = torch.tensor([1 << 62]) * 4",
		"out = int(torch.tensor(float('nan')))",
		"out = torch.tensor([float('inf')]).int()",
		"out = torch.arange(10).view(2, 5)[torch.tensor([[0, 1], [1, 0]])]",
		"out = torch.arange(10).view(2, 5)[torch.tensor([0, 1]), torch.tensor([1, 2])]",
		"out = torch.arange(4).view(2, 2)[torch.tensor([[True, False], [False, True]])]",
		"out = torch.zeros(3, 0).t().tolist()",
		"out = torch.rand(-1)",
	} {
		// the interpreter turns a panic into an "internal error"
		got, err := runValue(t, code)
		t.Logf("%q -> %s %v", code, got, err)
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Errorf("%s: %v", code, err)
		}
	}
}

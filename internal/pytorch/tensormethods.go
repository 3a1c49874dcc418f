package pytorch

import (
	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

var tensorAttrNames = []string{"shape", "dtype", "ndim", "T", "device", "is_cuda", "requires_grad", "data", "grad",
	"size", "dim", "numel", "view", "reshape", "flatten", "permute", "transpose", "contiguous", "unsqueeze", "squeeze",
	"mean", "sum", "amax", "max", "min", "chunk", "split", "expand", "expand_as", "view_as", "reshape_as", "repeat", "to",
	"cuda", "cpu", "float", "half", "double", "long", "int", "bool", "detach", "clone", "type_as", "matmul", "mm", "bmm",
	"add", "sub", "mul", "div", "pow", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "exp", "sqrt", "abs", "neg",
	"clamp", "masked_fill", "item", "tolist", "new_zeros", "new_ones", "zero_", "fill_", "normal_", "uniform_", "add_",
	"mul_", "relu_", "sigmoid_", "copy_", "requires_grad_", "is_contiguous", "type", "norm", "argmax", "unbind", "gelu"}

// AttrNames implements eval.HasAttrs.
func (t *Tensor) AttrNames() []string { return tensorAttrNames }

func (t *Tensor) m(name string, f fn) eval.Value { return eval.NewBuiltin(name, f) }

func (t *Tensor) selfArgs(args eval.Tuple) eval.Tuple { return append(eval.Tuple{t}, args...) }

// Attr implements eval.HasAttrs: attributes and methods of a tensor.
func (t *Tensor) Attr(th *eval.Thread, name string) (eval.Value, error) {
	x := t
	switch name {
	case "shape":
		return sizeTuple(x.shape), nil
	case "dtype":
		return dtype(x.dtype), nil
	case "ndim":
		return eval.Int(len(x.shape)), nil
	case "T":
		out := make([]int64, len(x.shape))
		for i := range out {
			out[i] = x.shape[len(out)-1-i]
		}
		return newTensor(out, x.dtype), nil
	case "device":
		return eval.String("cpu"), nil
	case "is_cuda":
		return eval.False, nil
	case "requires_grad":
		return eval.Bool(x.requiresGrad), nil
	case "data":
		return newTensor(x.shape, x.dtype), nil
	case "grad":
		return eval.None, nil
	case "size":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			d, ok := arg(args, kwargs, 0, "dim")
			if !ok || d == eval.None {
				return sizeTuple(x.shape), nil
			}
			i, err := eval.AsInt(d)
			if err != nil {
				return nil, err
			}
			dd, err := normDim(i, int64(len(x.shape)))
			if err != nil {
				return nil, err
			}
			return eval.Int(x.shape[dd]), nil
		}), nil
	case "dim", "ndimension":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return eval.Int(len(x.shape)), nil
		}), nil
	case "numel", "nelement":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return eval.Int(numel(x.shape)), nil
		}), nil
	case "view", "reshape":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if len(args) == 1 {
				if _, isD := args[0].(dtype); isD {
					return newTensor(x.shape, x.dtype), nil
				}
			}
			if v, ok := kw(kwargs, "shape"); ok {
				args = eval.Tuple{v}
			}
			want, err := intsOf(args)
			if err != nil {
				return nil, err
			}
			out, err := reshape(x.shape, want)
			if err != nil {
				return nil, err
			}
			return newTensor(out, x.dtype), nil
		}), nil
	case "view_as", "reshape_as", "expand_as", "type_as":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			o, err := tensorArg(name, args, kwargs, 0, "other")
			if err != nil {
				return nil, err
			}
			if name == "type_as" {
				return newTensor(x.shape, o.dtype), nil
			}
			return newTensor(o.shape, x.dtype), nil
		}), nil
	case "flatten":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return flattenFn(th, t.selfArgs(args), kwargs)
		}), nil
	case "permute":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if v, ok := kw(kwargs, "dims"); ok {
				args = eval.Tuple{v}
			}
			dims, err := intsOf(args)
			if err != nil {
				return nil, err
			}
			return permuteShape(x, dims)
		}), nil
	case "transpose", "swapaxes":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			a, err := intArg(args, kwargs, 0, "dim0", 0)
			if err != nil {
				return nil, err
			}
			b, err := intArg(args, kwargs, 1, "dim1", 1)
			if err != nil {
				return nil, err
			}
			return transposeShape(x, a, b)
		}), nil
	case "unsqueeze":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			d, err := intArg(args, kwargs, 0, "dim", 0)
			if err != nil {
				return nil, err
			}
			return unsqueezeShape(x, d)
		}), nil
	case "squeeze":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			d, _ := arg(args, kwargs, 0, "dim")
			return squeezeShape(x, d)
		}), nil
	case "mean", "sum", "amax", "max", "min", "norm", "std", "var", "prod", "argmax", "argmin":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if name == "norm" && len(args) > 0 {
				args = args[1:]
			}
			if (name == "max" || name == "min") && len(args) > 0 {
				if _, isT := args[0].(*Tensor); isT {
					return th.Binary(syntax.Add, x, args[0])
				}
			}
			v, err := reduce(name)(th, t.selfArgs(args), kwargs)
			if err == nil && (name == "argmax" || name == "argmin") {
				v.(*Tensor).dtype = "int64"
			}
			return v, err
		}), nil
	case "chunk":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			c, err := intArg(args, kwargs, 0, "chunks", 1)
			if err != nil {
				return nil, err
			}
			d, err := intArg(args, kwargs, 1, "dim", 0)
			if err != nil {
				return nil, err
			}
			return chunkShapes(x, c, d)
		}), nil
	case "split":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			s, _ := arg(args, kwargs, 0, "split_size")
			d, err := intArg(args, kwargs, 1, "dim", 0)
			if err != nil {
				return nil, err
			}
			return splitShapes(x, s, d)
		}), nil
	case "unbind":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			d, err := intArg(args, kwargs, 0, "dim", 0)
			if err != nil {
				return nil, err
			}
			dd, err := normDim(d, int64(len(x.shape)))
			if err != nil {
				return nil, err
			}
			var out eval.Tuple
			s := append(append([]int64(nil), x.shape[:dd]...), x.shape[dd+1:]...)
			for i := int64(0); i < x.shape[dd]; i++ {
				out = append(out, newTensor(s, x.dtype))
			}
			return out, nil
		}), nil
	case "expand", "repeat":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			sizes, err := intsOf(args)
			if err != nil {
				return nil, err
			}
			if name == "expand" {
				return expandShape(x, sizes)
			}
			out := append([]int64(nil), sizes...)
			off := len(sizes) - len(x.shape)
			for i := range out {
				if i >= off {
					out[i] *= x.shape[i-off]
				}
			}
			return newTensor(out, x.dtype), nil
		}), nil
	case "contiguous", "cuda", "cpu", "detach", "clone", "requires_grad_", "zero_", "fill_", "normal_", "uniform_",
		"add_", "mul_", "sub_", "div_", "relu_", "sigmoid_", "copy_", "clamp_", "exp", "sqrt", "abs", "neg", "relu",
		"sigmoid", "tanh", "gelu", "softmax", "log_softmax", "clamp", "masked_fill", "pin_memory", "exponential_", "trunc_normal_", "sign", "log", "rsqrt", "reciprocal":
		inPlace := name[len(name)-1] == '_'
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if inPlace {
				return x, nil
			}
			return newTensor(x.shape, x.dtype), nil
		}), nil
	case "to", "type", "float", "half", "double", "long", "int", "bool", "bfloat16":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			dt := x.dtype
			switch name {
			case "float":
				dt = "float32"
			case "half":
				dt = "float16"
			case "double":
				dt = "float64"
			case "long":
				dt = "int64"
			case "int":
				dt = "int32"
			case "bool":
				dt = "bool"
			case "bfloat16":
				dt = "bfloat16"
			default:
				for _, a := range args {
					if d, ok := a.(dtype); ok {
						dt = string(d)
					}
				}
				if v, ok := kw(kwargs, "dtype"); ok {
					dt = dtypeName(v)
				}
			}
			return newTensor(x.shape, dt), nil
		}), nil
	case "matmul", "mm", "bmm":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return matmulFn(th, t.selfArgs(args), kwargs)
		}), nil
	case "add", "sub", "mul", "div", "pow":
		op := map[string]eval.Op{"add": syntax.Add, "sub": syntax.Sub, "mul": syntax.Mul, "div": syntax.Div, "pow": syntax.Pow}[name]
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return binaryFn(op)(th, t.selfArgs(args), kwargs)
		}), nil
	case "item", "tolist":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return eval.NewOpaque(th, "torch", "tensor."+name+"()"), nil
		}), nil
	case "new_zeros", "new_ones", "new_empty", "new_full":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if name == "new_full" && len(args) > 1 {
				args = args[:1]
			}
			s, err := intsOf(args)
			if err != nil {
				return nil, err
			}
			return newTensor(s, x.dtype), nil
		}), nil
	case "is_contiguous", "is_floating_point":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if name == "is_floating_point" {
				return eval.Bool(isFloat(x.dtype)), nil
			}
			return eval.True, nil
		}), nil
	}
	return nil, nil
}

package pytorch

import (
	"strings"

	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

var tensorAttrNames = []string{"shape", "dtype", "ndim", "T", "device", "is_cuda", "requires_grad", "data", "grad",
	"size", "dim", "numel", "view", "reshape", "flatten", "permute", "transpose", "contiguous", "unsqueeze", "squeeze",
	"mean", "sum", "amax", "max", "min", "chunk", "split", "expand", "expand_as", "view_as", "reshape_as", "repeat", "to",
	"cuda", "cpu", "float", "half", "double", "long", "int", "bool", "detach", "clone", "type_as", "matmul", "mm", "bmm",
	"add", "sub", "mul", "div", "pow", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "exp", "sqrt", "abs", "neg",
	"clamp", "masked_fill", "item", "tolist", "new_zeros", "new_ones", "zero_", "fill_", "normal_", "uniform_", "add_",
	"mul_", "relu_", "sigmoid_", "copy_", "requires_grad_", "is_contiguous", "type", "norm", "argmax", "unbind", "gelu",
	"t", "round", "floor", "ceil", "trunc", "log", "diff", "cumsum", "cumprod", "prod", "argmin", "amin", "all", "any", "eq", "ne",
	"lt", "le", "gt", "ge", "floor_divide", "remainder", "masked_fill_", "narrow", "roll", "sort", "nonzero", "square", "sign"}

// AttrNames implements eval.HasAttrs.
func (t *Tensor) AttrNames() []string { return tensorAttrNames }

func (t *Tensor) m(name string, f fn) eval.Value {
	return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return dfPass(append(eval.Tuple{t}, args...), kwargs)(f(th, args, kwargs))
	})
}

func (t *Tensor) selfArgs(args eval.Tuple) eval.Tuple { return append(eval.Tuple{t}, args...) }

// Attr implements eval.HasAttrs: attributes and methods of a tensor.
func (t *Tensor) Attr(th *eval.Thread, name string) (eval.Value, error) {
	v, err := t.attr(th, name)
	if _, isTensor := v.(*Tensor); isTensor {
		// T, mT, data, real…: a tensor computed from t
		return dfPass(eval.Tuple{t}, nil)(v, err)
	}
	return v, err
}

func (t *Tensor) attr(th *eval.Thread, name string) (eval.Value, error) {
	x := t
	switch name {
	case "shape":
		return sizeTuple(x.shape), nil
	case "dtype":
		return dtype(x.dtype), nil
	case "ndim":
		return eval.Int(len(x.shape)), nil
	case "T":
		perm := make([]int64, len(x.shape))
		for i := range perm {
			perm[i] = int64(len(perm) - 1 - i)
		}
		return permuteShape(x, perm)
	case "t":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if len(x.shape) > 2 {
				return nil, eval.NewError(eval.RuntimeError, "t() expects a tensor with <= 2 dimensions, but self is %dD", len(x.shape))
			}
			perm := make([]int64, len(x.shape))
			for i := range perm {
				perm[i] = int64(len(perm) - 1 - i)
			}
			return permuteShape(x, perm)
		}), nil
	case "device":
		return eval.String("cpu"), nil
	case "is_cuda":
		return eval.False, nil
	case "requires_grad":
		return eval.Bool(x.requiresGrad), nil
	case "data":
		return viewOf(x, x.shape, x.values()), nil
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
			return viewOf(x, out, x.values()), nil
		}), nil
	case "view_as", "reshape_as", "expand_as", "type_as":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			o, err := tensorArg(name, args, kwargs, 0, "other")
			if err != nil {
				return nil, err
			}
			switch name {
			case "type_as":
				return newValued(th, x.shape, o.dtype, x.values()), nil
			case "expand_as":
				return expandShape(x, o.shape)
			}
			out, err := reshape(x.shape, o.shape)
			if err != nil {
				return nil, err
			}
			return viewOf(x, out, x.values()), nil
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
	case "mean", "sum", "amax", "amin", "max", "min", "norm", "std", "var", "prod", "argmax", "argmin", "all", "any":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return reduce(name)(th, t.selfArgs(args), kwargs)
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
				n := narrow(x, dd, i, 1)
				out = append(out, viewOf(x, s, n.values()))
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
			return repeatTensor(th, x, sizes)
		}), nil
	case "contiguous", "cuda", "cpu", "detach", "pin_memory", "requires_grad_":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if name == "requires_grad_" {
				return x, nil
			}
			return viewOf(x, x.shape, x.values()), nil
		}), nil
	case "clone":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return newValued(th, x.shape, x.dtype, x.values()), nil
		}), nil
	case "zero_", "fill_", "normal_", "uniform_", "exponential_", "trunc_normal_", "random_", "bernoulli_", "log_normal_", "geometric_", "cauchy_":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			switch name {
			case "zero_":
				x.setValues(filled(nil, x.shape, x.dtype, 0).values())
			case "fill_":
				fv, _ := arg(args, kwargs, 0, "value")
				f, _, err := scalarArg(fv)
				if err != nil {
					x.setValues(nil)
				} else {
					x.setValues(filled(nil, x.shape, x.dtype, f).values())
				}
			default:
				x.setValues(nil)
			}
			return x, nil
		}), nil
	case "add_", "mul_", "sub_", "div_", "relu_", "sigmoid_", "copy_", "clamp_", "clip_", "masked_fill_", "pow_", "floor_divide_",
		"remainder_", "round_", "floor_", "ceil_", "abs_", "neg_", "exp_", "log_", "sqrt_", "tanh_", "sign_", "trunc_", "gelu_", "silu_",
		"hardtanh_", "hardswish_", "hardsigmoid_", "leaky_relu_", "elu_", "clamp_min_", "clamp_max_", "square_":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if name == "copy_" {
				src, ok := arg(args, kwargs, 0, "src")
				if !ok {
					return nil, eval.NewError(eval.TypeError, "copy_() missing 'src'")
				}
				o, isT := src.(*Tensor)
				if !isT {
					return nil, eval.NewError(eval.TypeError, "copy_(): argument 'src' must be Tensor, not %s", src.Type())
				}
				if _, err := broadcast(x.shape, o.shape); err != nil {
					return nil, err
				}
				x.setValues(broadcastVals(o.values(), o.shape, x.shape))
				return x, nil
			}
			var r eval.Value
			if m, _ := x.Attr(th, name[:len(name)-1]); m != nil && x.values() != nil {
				var err error
				if r, err = th.Call(m, args, kwargs); err != nil {
					return nil, err
				}
			}
			rt, ok := r.(*Tensor)
			if !ok || rt.values() == nil || !sameShape(rt.shape, x.shape) {
				x.setValues(nil)
				return x, nil
			}
			if kind(rt.dtype) > kind(x.dtype) {
				return nil, eval.NewError(eval.RuntimeError, "result type %s can't be cast to the desired output type %s", dtypeTitle(rt.dtype), dtypeTitle(x.dtype))
			}
			x.setValues(rt.values())
			return x, nil
		}), nil
	case "round", "floor", "ceil", "trunc", "fix", "abs", "absolute", "neg", "negative", "square", "relu", "sign", "sqrt", "rsqrt",
		"reciprocal", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh",
		"cosh", "tanh", "sigmoid", "erf", "logical_not", "isnan", "isinf":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return unaryFn(name)(th, t.selfArgs(args), kwargs)
		}), nil
	case "clamp", "clip", "clamp_min", "clamp_max":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			switch name {
			case "clamp_min", "clamp_max":
				if len(args) != 1 {
					return nil, eval.NewError(eval.TypeError, "%s() takes 1 argument", name)
				}
				if name == "clamp_min" {
					return clampFn(th, eval.Tuple{x, args[0], eval.None}, nil)
				}
				return clampFn(th, eval.Tuple{x, eval.None, args[0]}, nil)
			}
			return clampFn(th, t.selfArgs(args), kwargs)
		}), nil
	case "masked_fill":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			mask, err := tensorArg(name, args, kwargs, 0, "mask")
			if err != nil {
				return nil, err
			}
			val, _ := arg(args, kwargs, 1, "value")
			if _, err := broadcast(x.shape, mask.shape); err != nil {
				return nil, err
			}
			mv := broadcastVals(mask.values(), mask.shape, x.shape)
			v := x.values()
			if mv == nil || v == nil || val == nil {
				return newTensor(x.shape, x.dtype), nil
			}
			f, _, ferr := scalarArg(val)
			if ferr != nil {
				return newTensor(x.shape, x.dtype), nil
			}
			out := append([]float64(nil), v...)
			for i, m := range mv {
				if m != 0 {
					out[i] = f
				}
			}
			return newValued(th, x.shape, x.dtype, out), nil
		}), nil
	case "gelu", "softmax", "log_softmax", "silu", "hardswish", "hardsigmoid", "mish", "softplus", "erfinv", "lgamma":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return newTensor(x.shape, x.dtype), nil
		}), nil
	case "diff":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return diffFn(th, t.selfArgs(args), kwargs)
		}), nil
	case "cumsum", "cumprod":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return cumFn(name)(th, t.selfArgs(args), kwargs)
		}), nil
	case "roll":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return rollFn(th, t.selfArgs(args), kwargs)
		}), nil
	case "sort":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return sortFn(th, t.selfArgs(args), kwargs)
		}), nil
	case "nonzero":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			asTuple := false
			if v, ok := kw(kwargs, "as_tuple"); ok {
				asTuple, _ = th.Truth(v)
			}
			return nonzero(th, x, asTuple)
		}), nil
	case "narrow":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			d, err := intArg(args, kwargs, 0, "dim", 0)
			if err != nil {
				return nil, err
			}
			st, err := intArg(args, kwargs, 1, "start", 0)
			if err != nil {
				return nil, err
			}
			n, err := intArg(args, kwargs, 2, "length", 0)
			if err != nil {
				return nil, err
			}
			if len(x.shape) == 0 {
				return nil, eval.NewError(eval.RuntimeError, "narrow() cannot be applied to a 0-dim tensor.")
			}
			dd, err := normDim(d, int64(len(x.shape)))
			if err != nil {
				return nil, err
			}
			if st < 0 {
				st += x.shape[dd]
			}
			if st < 0 || n < 0 || st+n > x.shape[dd] {
				return nil, eval.NewError(eval.RuntimeError, "start (%d) + length (%d) exceeds dimension size (%d).", st, n, x.shape[dd])
			}
			return narrow(x, dd, st, n), nil
		}), nil
	case "maximum", "minimum":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			o, ok := arg(args, kwargs, 0, "other")
			if !ok {
				return nil, eval.NewError(eval.TypeError, "%s() missing 'other'", name)
			}
			return maxMin(th, name == "maximum", x, o)
		}), nil
	case "to", "type", "float", "half", "double", "long", "int", "bool", "bfloat16", "short", "char", "byte":
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
			case "short":
				dt = "int16"
			case "char":
				dt = "int8"
			case "byte":
				dt = "uint8"
			case "bool":
				dt = "bool"
			case "bfloat16":
				dt = "bfloat16"
			default:
				if name == "type" && len(args) == 0 && len(kwargs) == 0 {
					return eval.String("torch." + dtypeTitle(x.dtype) + "Tensor"), nil
				}
				dt = toDType(args, kwargs, dt, name == "type")
			}
			if dt == x.dtype && (name == "to" || name == "type") {
				return x, nil
			}
			return newValued(th, x.shape, dt, x.values()), nil
		}), nil
	case "matmul", "mm", "bmm":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return matmulFn(th, t.selfArgs(args), kwargs)
		}), nil
	case "add", "sub", "mul", "div", "pow", "subtract", "multiply", "divide", "true_divide", "floor_divide", "remainder",
		"eq", "ne", "lt", "le", "gt", "ge", "greater", "less", "not_equal", "bitwise_and", "bitwise_or", "bitwise_xor":
		op := map[string]eval.Op{"add": syntax.Add, "sub": syntax.Sub, "subtract": syntax.Sub, "mul": syntax.Mul, "multiply": syntax.Mul,
			"div": syntax.Div, "divide": syntax.Div, "true_divide": syntax.Div, "floor_divide": syntax.FloorDiv, "remainder": syntax.Mod,
			"pow": syntax.Pow, "eq": syntax.Eq, "ne": syntax.Ne, "lt": syntax.Lt, "le": syntax.Le, "gt": syntax.Gt, "ge": syntax.Ge,
			"greater": syntax.Gt, "less": syntax.Lt, "not_equal": syntax.Ne, "bitwise_and": syntax.BitAnd, "bitwise_or": syntax.BitOr,
			"bitwise_xor": syntax.BitXor}[name]
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return arithFn(name, op)(th, t.selfArgs(args), kwargs)
		}), nil
	case "item", "tolist":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if x.values() == nil {
				return eval.NewOpaque(th, "torch", "tensor."+name+"()"), nil
			}
			if name == "item" {
				return x.item(th)
			}
			return x.tolist(th)
		}), nil
	case "new_zeros", "new_ones", "new_empty", "new_full", "new_tensor":
		return t.m(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			dt := x.dtype
			if v, ok := kw(kwargs, "dtype"); ok && v != eval.None {
				dt = dtypeName(v)
			}
			if name == "new_tensor" {
				v, err := tensorFn(false)(th, args, kwargs)
				if err != nil {
					return nil, err
				}
				vt := v.(*Tensor)
				if _, ok := kw(kwargs, "dtype"); !ok {
					return newValued(th, vt.shape, dt, vt.values()), nil
				}
				return vt, nil
			}
			var fill eval.Value
			if name == "new_full" {
				fill, _ = arg(args, kwargs, 1, "fill_value")
				if len(args) > 1 {
					args = args[:1]
				}
			}
			if len(args) == 0 {
				if v, ok := kw(kwargs, "size"); ok {
					args = eval.Tuple{v}
				}
			}
			s, err := intsOf(args)
			if err != nil {
				return nil, err
			}
			switch name {
			case "new_zeros":
				return filled(th, s, dt, 0), nil
			case "new_ones":
				return filled(th, s, dt, 1), nil
			case "new_full":
				if fill != nil {
					if f, _, err := scalarArg(fill); err == nil {
						return filled(th, s, dt, f), nil
					}
				}
			}
			return newTensor(s, dt), nil
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

// repeatTensor is x.repeat(*sizes).
func repeatTensor(th *eval.Thread, x *Tensor, sizes []int64) (eval.Value, error) {
	if len(sizes) < len(x.shape) {
		return nil, eval.NewError(eval.RuntimeError, "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
	}
	off := len(sizes) - len(x.shape)
	in := make([]int64, len(sizes))
	out := make([]int64, len(sizes))
	for i := range out {
		in[i] = 1
		if i >= off {
			in[i] = x.shape[i-off]
		}
		out[i] = sizes[i] * in[i]
	}
	if err := negativeDim(out); err != nil {
		return nil, err
	}
	v := x.values()
	if v == nil || numel(out) > maxValues || !knownShape(out) {
		return newTensor(out, x.dtype), nil
	}
	if numel(out) == 0 {
		return newValued(th, out, x.dtype, []float64{}), nil
	}
	st := strides(in)
	dims := make([][]int64, len(out))
	for i := range out {
		o := make([]int64, out[i])
		for j := range o {
			o[j] = int64(j) % in[i] * st[i]
		}
		dims[i] = o
	}
	return newValued(th, out, x.dtype, gather(v, 0, dims)), nil
}

// typeStringDtype reads x.type("torch.LongTensor").
func typeStringDtype(s, def string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "torch."), "cuda.")
	for _, dt := range []string{"float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool"} {
		if s == dtypeTitle(dt)+"Tensor" {
			return dt
		}
	}
	return def
}

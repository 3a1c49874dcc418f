package pytorch

import (
	"fmt"

	ctorch "github.com/netsum/netsum/internal/catalog/torch"
	"github.com/netsum/netsum/internal/python/eval"
)

type fn = func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error)

func kw(kwargs []eval.KV, name string) (eval.Value, bool) {
	for _, k := range kwargs {
		if k.Name == name {
			return k.Value, true
		}
	}
	return nil, false
}

// arg returns positional i or keyword name.
func arg(args eval.Tuple, kwargs []eval.KV, i int, name string) (eval.Value, bool) {
	if i >= 0 && i < len(args) {
		return args[i], true
	}
	return kw(kwargs, name)
}

func intArg(args eval.Tuple, kwargs []eval.KV, i int, name string, def int64) (int64, error) {
	v, ok := arg(args, kwargs, i, name)
	if !ok || v == eval.None {
		return def, nil
	}
	return eval.AsInt(v)
}

func tensorArg(name string, args eval.Tuple, kwargs []eval.KV, i int, key string) (*Tensor, error) {
	v, ok := arg(args, kwargs, i, key)
	if !ok {
		return nil, eval.NewError(eval.TypeError, "%s() missing required argument '%s'", name, key)
	}
	t, ok := v.(*Tensor)
	if !ok {
		if eval.IsOpaque(v) {
			return nil, eval.NewError(eval.TypeError, "%s(): argument '%s' is an unknown value (%s), not a Tensor", name, key, v)
		}
		return nil, eval.NewError(eval.TypeError, "%s(): argument '%s' must be Tensor, not %s", name, key, v.Type())
	}
	return t, nil
}

// same returns a tensor shaped like the first argument (elementwise ops,
// activations, normalization, dropout).
func same(name string) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg(name, args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		return newTensor(x.shape, x.dtype), nil
	}
}

// reduceDims is mean/sum/amax over dims (None: all).
func reduceDims(x *Tensor, dim eval.Value, keep bool) (*Tensor, error) {
	n := int64(len(x.shape))
	if dim == nil || dim == eval.None {
		if keep {
			out := make([]int64, n)
			for i := range out {
				out[i] = 1
			}
			return newTensor(out, x.dtype), nil
		}
		return newTensor(nil, x.dtype), nil
	}
	var dims []int64
	switch v := dim.(type) {
	case eval.Int:
		dims = []int64{int64(v)}
	default:
		ds, err := intsOf(eval.Tuple{v})
		if err != nil {
			return nil, err
		}
		dims = ds
	}
	drop := map[int64]bool{}
	for _, d := range dims {
		dd, err := normDim(d, n)
		if err != nil {
			return nil, err
		}
		drop[dd] = true
	}
	var out []int64
	for i, s := range x.shape {
		if drop[int64(i)] {
			if keep {
				out = append(out, 1)
			}
			continue
		}
		out = append(out, s)
	}
	return newTensor(out, x.dtype), nil
}

func reduce(name string) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg(name, args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		dim, _ := arg(args, kwargs, 1, "dim")
		kv, _ := arg(args, kwargs, 2, "keepdim")
		keep := false
		if kv != nil {
			keep, _ = th.Truth(kv)
		}
		t, err := reduceDims(x, dim, keep)
		if err != nil {
			return nil, err
		}
		if (name == "max" || name == "min") && dim != nil && dim != eval.None {
			return eval.Tuple{t, newTensor(t.shape, "int64")}, nil
		}
		return t, nil
	}
}

func flattenFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("flatten", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	s, err := intArg(args, kwargs, 1, "start_dim", 0)
	if err != nil {
		return nil, err
	}
	e, err := intArg(args, kwargs, 2, "end_dim", -1)
	if err != nil {
		return nil, err
	}
	out, err := ctorch.FlattenShape(x.shape, s, e)
	if err != nil {
		return nil, eval.NewError(eval.IndexError, "%s", err.Error())
	}
	return newTensor(out, x.dtype), nil
}

func catFn(stack bool) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		name := "cat"
		if stack {
			name = "stack"
		}
		v, ok := arg(args, kwargs, 0, "tensors")
		if !ok {
			return nil, eval.NewError(eval.TypeError, "%s() missing tensors", name)
		}
		vals, err := th.Collect(v)
		if err != nil {
			return nil, err
		}
		dim, err := intArg(args, kwargs, 1, "dim", 0)
		if err != nil {
			return nil, err
		}
		var ts []*Tensor
		for _, e := range vals {
			t, ok := e.(*Tensor)
			if !ok {
				return nil, eval.NewError(eval.TypeError, "expected Tensor as element of tensors, got %s", e.Type())
			}
			ts = append(ts, t)
		}
		if len(ts) == 0 {
			return nil, eval.NewError(eval.RuntimeError, "%s(): expected a non-empty list of Tensors", name)
		}
		first := ts[0].shape
		if stack {
			dd, err := normDim(dim, int64(len(first))+1)
			if err != nil {
				return nil, err
			}
			out := append(append(append([]int64(nil), first[:dd]...), int64(len(ts))), first[dd:]...)
			return newTensor(out, ts[0].dtype), nil
		}
		dd, err := normDim(dim, int64(len(first)))
		if err != nil {
			return nil, err
		}
		out := append([]int64(nil), first...)
		out[dd] = 0
		for _, t := range ts {
			if len(t.shape) != len(first) {
				return nil, eval.NewError(eval.RuntimeError, "Tensors must have same number of dimensions: got %d and %d", len(first), len(t.shape))
			}
			for i := range first {
				if int64(i) != dd && t.shape[i] != first[i] {
					return nil, eval.NewError(eval.RuntimeError, "Sizes of tensors must match except in dimension %d. Expected size %d but got size %d for tensor number 1 in the list.", dd, first[i], t.shape[i])
				}
			}
			out[dd] += t.shape[dd]
		}
		return newTensor(out, ts[0].dtype), nil
	}
}

func permuteShape(x *Tensor, dims []int64) (*Tensor, error) {
	n := int64(len(x.shape))
	if int64(len(dims)) != n {
		return nil, eval.NewError(eval.RuntimeError, "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = %d is not equal to len(dims) = %d", n, len(dims))
	}
	out := make([]int64, n)
	for i, d := range dims {
		dd, err := normDim(d, n)
		if err != nil {
			return nil, err
		}
		out[i] = x.shape[dd]
	}
	return newTensor(out, x.dtype), nil
}

func transposeShape(x *Tensor, a, b int64) (*Tensor, error) {
	n := int64(len(x.shape))
	a, err := normDim(a, n)
	if err != nil {
		return nil, err
	}
	b, err = normDim(b, n)
	if err != nil {
		return nil, err
	}
	out := append([]int64(nil), x.shape...)
	out[a], out[b] = out[b], out[a]
	return newTensor(out, x.dtype), nil
}

func chunkShapes(x *Tensor, chunks, dim int64) (eval.Value, error) {
	dd, err := normDim(dim, int64(len(x.shape)))
	if err != nil {
		return nil, err
	}
	size := (x.shape[dd] + chunks - 1) / chunks
	var out eval.Tuple
	for left := x.shape[dd]; left > 0; left -= size {
		s := append([]int64(nil), x.shape...)
		s[dd] = min(size, left)
		out = append(out, newTensor(s, x.dtype))
	}
	return out, nil
}

func splitShapes(x *Tensor, split eval.Value, dim int64) (eval.Value, error) {
	dd, err := normDim(dim, int64(len(x.shape)))
	if err != nil {
		return nil, err
	}
	var out eval.Tuple
	if n, err := eval.AsInt(split); err == nil {
		for left := x.shape[dd]; left > 0; left -= n {
			s := append([]int64(nil), x.shape...)
			s[dd] = min(n, left)
			out = append(out, newTensor(s, x.dtype))
		}
		return out, nil
	}
	sizes, err := intsOf(eval.Tuple{split})
	if err != nil {
		return nil, err
	}
	for _, n := range sizes {
		s := append([]int64(nil), x.shape...)
		s[dd] = n
		out = append(out, newTensor(s, x.dtype))
	}
	return out, nil
}

func squeezeShape(x *Tensor, dim eval.Value) (*Tensor, error) {
	if dim == nil || dim == eval.None {
		var out []int64
		for _, s := range x.shape {
			if s != 1 {
				out = append(out, s)
			}
		}
		return newTensor(out, x.dtype), nil
	}
	d, err := eval.AsInt(dim)
	if err != nil {
		return nil, err
	}
	dd, err := normDim(d, int64(len(x.shape)))
	if err != nil {
		return nil, err
	}
	if x.shape[dd] != 1 {
		return newTensor(x.shape, x.dtype), nil
	}
	out := append(append([]int64(nil), x.shape[:dd]...), x.shape[dd+1:]...)
	return newTensor(out, x.dtype), nil
}

func unsqueezeShape(x *Tensor, d int64) (*Tensor, error) {
	dd, err := normDim(d, int64(len(x.shape))+1)
	if err != nil {
		return nil, err
	}
	out := append(append(append([]int64(nil), x.shape[:dd]...), 1), x.shape[dd:]...)
	return newTensor(out, x.dtype), nil
}

func expandShape(x *Tensor, sizes []int64) (*Tensor, error) {
	if len(sizes) < len(x.shape) {
		return nil, eval.NewError(eval.RuntimeError, "expand: the number of sizes provided (%d) must be greater or equal to the number of dimensions in the tensor (%d)", len(sizes), len(x.shape))
	}
	out := append([]int64(nil), sizes...)
	off := len(sizes) - len(x.shape)
	for i := range out {
		if out[i] == -1 {
			if i < off {
				return nil, eval.NewError(eval.RuntimeError, "expand: -1 not allowed in leading, non-existing dimension")
			}
			out[i] = x.shape[i-off]
		} else if i >= off && x.shape[i-off] != 1 && x.shape[i-off] != out[i] {
			return nil, eval.NewError(eval.RuntimeError, "The expanded size of the tensor (%d) must match the existing size (%d) at non-singleton dimension %d", out[i], x.shape[i-off], i)
		}
	}
	return newTensor(out, x.dtype), nil
}

// poolFn is F.max_pool{n}d / avg_pool{n}d.
func poolFn(class string, dims int) fn {
	names := []string{"input", "kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"}
	if class[:3] == "Avg" {
		names = []string{"input", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"}
	}
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg(class, args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		cfg := ctorch.Config{}
		for i, n := range names[1:] {
			if v, ok := arg(args, kwargs, i+1, n); ok {
				cfg[n] = toGo(v)
			}
		}
		if s, ok := cfg["stride"].([]any); ok && len(s) == 0 {
			cfg["stride"] = nil
		}
		out, err := shapeOut(fmt.Sprintf("%s%dd", class, dims), cfg, x)
		if err != nil {
			return nil, err
		}
		if cfg["return_indices"] == true {
			return eval.Tuple{out, newTensor(out.(*Tensor).shape, "int64")}, nil
		}
		return out, nil
	}
}

func adaptiveFn(class string) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg(class, args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		os, _ := arg(args, kwargs, 1, "output_size")
		if os == nil {
			return nil, eval.NewError(eval.TypeError, "%s() missing output_size", class)
		}
		out, err := shapeOut(class, ctorch.Config{"output_size": toGo(os)}, x)
		if err != nil {
			return nil, err
		}
		if v, _ := kw(kwargs, "return_indices"); v == eval.True {
			return eval.Tuple{out, newTensor(out.(*Tensor).shape, "int64")}, nil
		}
		return out, nil
	}
}

func linearFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("linear", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	w, err := tensorArg("linear", args, kwargs, 1, "weight")
	if err != nil {
		return nil, err
	}
	if len(w.shape) != 2 {
		return nil, eval.NewError(eval.RuntimeError, "linear: weight must be 2D")
	}
	out := append([]int64(nil), x.shape...)
	if out[len(out)-1] != w.shape[1] {
		return nil, eval.NewError(eval.RuntimeError, "mat1 and mat2 shapes cannot be multiplied (%sx%d and %dx%d)", fmt.Sprint(numel(x.shape[:len(x.shape)-1])), x.shape[len(x.shape)-1], w.shape[1], w.shape[0])
	}
	out[len(out)-1] = w.shape[0]
	return newTensor(out, x.dtype), nil
}

func convFn(dims int) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg("conv", args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		w, err := tensorArg("conv", args, kwargs, 1, "weight")
		if err != nil {
			return nil, err
		}
		g, err := intArg(args, kwargs, 6, "groups", 1)
		if err != nil {
			return nil, err
		}
		cfg := ctorch.Config{"in_channels": x.shape[len(x.shape)-dims-1], "out_channels": w.shape[0], "groups": g,
			"kernel_size": append([]int64(nil), w.shape[2:]...)}
		for i, n := range []string{"stride", "padding", "dilation"} {
			if v, ok := arg(args, kwargs, i+3, n); ok {
				cfg[n] = toGo(v)
			}
		}
		return shapeOut(fmt.Sprintf("Conv%dd", dims), cfg, x)
	}
}

func interpolateFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("interpolate", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	size, _ := arg(args, kwargs, 1, "size")
	scale, _ := arg(args, kwargs, 2, "scale_factor")
	var s, f any
	if size != nil {
		s = toGo(size)
	}
	if scale != nil {
		f = toGo(scale)
	}
	return interpolate(x, s, f)
}

func padFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("pad", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	p, _ := arg(args, kwargs, 1, "pad")
	if p == nil {
		return nil, eval.NewError(eval.TypeError, "pad() missing pad")
	}
	return padShape(x, toGo(p), 0)
}

func embeddingFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("embedding", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	w, err := tensorArg("embedding", args, kwargs, 1, "weight")
	if err != nil {
		return nil, err
	}
	return newTensor(append(append([]int64(nil), x.shape...), w.shape[len(w.shape)-1]), w.dtype), nil
}

func binaryFn(op eval.Op) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		a, _ := arg(args, kwargs, 0, "input")
		b, _ := arg(args, kwargs, 1, "other")
		if a == nil || b == nil {
			return nil, eval.NewError(eval.TypeError, "expected two arguments")
		}
		return th.Binary(op, a, b)
	}
}

func matmulFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	a, err := tensorArg("matmul", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	b, err := tensorArg("matmul", args, kwargs, 1, "other")
	if err != nil {
		return nil, err
	}
	return matmul(a, b)
}

// creation makes torch.zeros/ones/rand/... : sizes as *args or a tuple.
func creation(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	shape, err := intsOf(args)
	if err != nil {
		return nil, err
	}
	dt := "float32"
	if v, ok := kw(kwargs, "dtype"); ok {
		dt = dtypeName(v)
	}
	t := newTensor(shape, dt)
	if v, ok := kw(kwargs, "requires_grad"); ok && v == eval.True {
		t.requiresGrad = true
	}
	return t, nil
}

func likeFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("like", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	dt := x.dtype
	if v, ok := kw(kwargs, "dtype"); ok {
		dt = dtypeName(v)
	}
	return newTensor(x.shape, dt), nil
}

// dtype is torch.float32 and friends.
type dtype string

func (d dtype) String() string { return "torch." + string(d) }
func (d dtype) Type() string   { return "dtype" }
func (d dtype) Attr(th *eval.Thread, name string) (eval.Value, error) {
	switch name {
	case "is_floating_point":
		return eval.Bool(isFloat(string(d))), nil
	case "itemsize":
		return eval.Int(4), nil
	}
	return nil, nil
}

func dtypeName(v eval.Value) string {
	switch x := v.(type) {
	case dtype:
		return string(x)
	case eval.String:
		return string(x)
	}
	if c, ok := v.(*eval.Class); ok {
		switch c.Name() {
		case "int":
			return "int64"
		case "bool":
			return "bool"
		}
	}
	return "float32"
}

var dtypes = map[string]string{
	"float32": "float32", "float": "float32", "float64": "float64", "double": "float64", "float16": "float16", "half": "float16",
	"bfloat16": "bfloat16", "int64": "int64", "long": "int64", "int32": "int32", "int": "int32", "int16": "int16", "int8": "int8",
	"uint8": "uint8", "bool": "bool", "complex64": "complex64",
}

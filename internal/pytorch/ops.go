package pytorch

import (
	"fmt"
	"sort"
	"strings"

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
		if v, ok := kw(kwargs, "inplace"); ok && v == eval.True || name[len(name)-1] == '_' {
			x.setValues(nil)
		}
		return newTensor(x.shape, x.dtype), nil
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
	return viewOf(x, out, x.values()), nil
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
		ops := make([]operand, len(ts))
		for i, t := range ts {
			ops[i] = operand{t: t}
		}
		dt := resultType(ops...)
		if stack {
			first := ts[0].shape
			for _, t := range ts[1:] {
				if len(t.shape) != len(first) || !sameShape(t.shape, first) {
					return nil, eval.NewError(eval.RuntimeError, "stack expects each tensor to be equal size, but got %s at entry 0 and %s at entry 1", listString(first), listString(t.shape))
				}
			}
			dd, err := normDim(dim, int64(len(first))+1)
			if err != nil {
				return nil, err
			}
			var us []*Tensor
			for _, t := range ts {
				u, err := unsqueezeShape(t, dd)
				if err != nil {
					return nil, err
				}
				u.vals = t.values()
				us = append(us, u)
			}
			return concat(th, us, dd, dt)
		}
		// torch skips 1-d empty tensors in cat
		var keep []*Tensor
		for _, t := range ts {
			if len(t.shape) == 1 && t.shape[0] == 0 && len(ts) > 1 {
				continue
			}
			keep = append(keep, t)
		}
		if len(keep) == 0 {
			keep = ts[:1]
		}
		dd, err := normDim(dim, int64(len(keep[0].shape)))
		if err != nil {
			return nil, err
		}
		return concat(th, keep, dd, dt)
	}
}

// concat joins tensors along dimension dd (checked), with values when all
// have them.
func concat(th *eval.Thread, ts []*Tensor, dd int64, dt string) (eval.Value, error) {
	first := ts[0].shape
	out := append([]int64(nil), first...)
	out[dd] = 0
	for n, t := range ts {
		if len(t.shape) != len(first) {
			return nil, eval.NewError(eval.RuntimeError, "Tensors must have same number of dimensions: got %d and %d", len(first), len(t.shape))
		}
		for i := range first {
			if int64(i) != dd && t.shape[i] != first[i] {
				return nil, eval.NewError(eval.RuntimeError, "Sizes of tensors must match except in dimension %d. Expected size %d but got size %d for tensor number %d in the list.", dd, first[i], t.shape[i], n)
			}
		}
		out[dd] += t.shape[dd]
	}
	if numel(out) > maxValues {
		return newTensor(out, dt), nil
	}
	for _, t := range ts {
		if t.values() == nil {
			return newTensor(out, dt), nil
		}
	}
	if numel(out) == 0 {
		return newValued(th, out, dt, []float64{}), nil
	}
	outer := numel(first[:dd])
	var vals []float64
	for _, t := range ts {
		if t.values() == nil {
			return newTensor(out, dt), nil
		}
	}
	vals = make([]float64, 0, numel(out))
	for o := int64(0); o < outer; o++ {
		for _, t := range ts {
			blk := numel(t.shape[dd:])
			vals = append(vals, t.values()[o*blk:(o+1)*blk]...)
		}
	}
	return newValued(th, out, dt, vals), nil
}

func permuteShape(x *Tensor, dims []int64) (*Tensor, error) {
	n := int64(len(x.shape))
	if int64(len(dims)) != n {
		return nil, eval.NewError(eval.RuntimeError, "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = %d is not equal to len(dims) = %d", n, len(dims))
	}
	out := make([]int64, n)
	perm := make([]int64, n)
	seen := make([]bool, n)
	for i, d := range dims {
		dd, err := normDim(d, n)
		if err != nil {
			return nil, err
		}
		if seen[dd] {
			return nil, eval.NewError(eval.RuntimeError, "permute(): duplicate dims are not allowed.")
		}
		seen[dd] = true
		out[i] = x.shape[dd]
		perm[i] = dd
	}
	return viewOf(x, out, permuteVals(x.values(), x.shape, perm)), nil
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
	perm := make([]int64, n)
	for i := range perm {
		perm[i] = int64(i)
	}
	perm[a], perm[b] = perm[b], perm[a]
	return viewOf(x, out, permuteVals(x.values(), x.shape, perm)), nil
}

// narrow is x[..., start:start+n, ...] along dimension dd.
func narrow(x *Tensor, dd, start, n int64) *Tensor {
	s := append([]int64(nil), x.shape...)
	s[dd] = n
	v := x.values()
	if v == nil {
		return newTensor(s, x.dtype)
	}
	st := strides(x.shape)
	dims := make([][]int64, len(s))
	for i := range s {
		dims[i] = stepDim(s[i], st[i])
	}
	return viewOf(x, s, gather(v, start*st[dd], dims))
}

func chunkShapes(x *Tensor, chunks, dim int64) (eval.Value, error) {
	dd, err := normDim(dim, int64(len(x.shape)))
	if err != nil {
		return nil, err
	}
	if len(x.shape) == 0 {
		return nil, eval.NewError(eval.RuntimeError, "chunk expects at least a 1-dimensional tensor")
	}
	if chunks <= 0 {
		return nil, eval.NewError(eval.RuntimeError, "chunk expects `chunks` to be greater than 0, got: %d", chunks)
	}
	size := (x.shape[dd] + chunks - 1) / chunks
	var out eval.Tuple
	for at := int64(0); at < x.shape[dd]; at += size {
		out = append(out, narrow(x, dd, at, min(size, x.shape[dd]-at)))
	}
	return out, nil
}

func splitShapes(x *Tensor, split eval.Value, dim int64) (eval.Value, error) {
	dd, err := normDim(dim, int64(len(x.shape)))
	if err != nil {
		return nil, err
	}
	if len(x.shape) == 0 {
		return nil, eval.NewError(eval.RuntimeError, "split expects at least a 1-dimensional tensor")
	}
	var out eval.Tuple
	if n, err := eval.AsInt(split); err == nil {
		if n <= 0 {
			return nil, eval.NewError(eval.RuntimeError, "split_size can only be 0 if dimension size is 0, but got dimension size of %d", x.shape[dd])
		}
		for at := int64(0); at < x.shape[dd]; at += n {
			out = append(out, narrow(x, dd, at, min(n, x.shape[dd]-at)))
		}
		return out, nil
	}
	sizes, err := intsOf(eval.Tuple{split})
	if err != nil {
		return nil, err
	}
	total := int64(0)
	for _, n := range sizes {
		if n < 0 {
			return nil, eval.NewError(eval.RuntimeError, "split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=%s", listString(sizes))
		}
		total += n
	}
	if total != x.shape[dd] {
		return nil, eval.NewError(eval.RuntimeError, "split_with_sizes expects split_sizes to sum exactly to %d (input tensor's size at dimension %d), but got split_sizes=%s", x.shape[dd], dd, listString(sizes))
	}
	at := int64(0)
	for _, n := range sizes {
		out = append(out, narrow(x, dd, at, n))
		at += n
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
		return viewOf(x, out, x.values()), nil
	}
	d, err := eval.AsInt(dim)
	if err != nil {
		return nil, err
	}
	dd, err := normDim(d, int64(len(x.shape)))
	if err != nil {
		return nil, err
	}
	if len(x.shape) == 0 || x.shape[dd] != 1 {
		return viewOf(x, x.shape, x.values()), nil
	}
	out := append(append([]int64(nil), x.shape[:dd]...), x.shape[dd+1:]...)
	return viewOf(x, out, x.values()), nil
}

func unsqueezeShape(x *Tensor, d int64) (*Tensor, error) {
	dd, err := normDim(d, int64(len(x.shape))+1)
	if err != nil {
		return nil, err
	}
	out := append(append(append([]int64(nil), x.shape[:dd]...), 1), x.shape[dd:]...)
	return viewOf(x, out, x.values()), nil
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
	return viewOf(x, out, broadcastVals(x.values(), x.shape, out)), nil
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
	if err := negativeDim(shape); err != nil {
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

// einsumFn is torch.einsum(equation, *operands) (shapes only).
func einsumFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	if len(args) < 1 {
		return nil, eval.NewError(eval.TypeError, "einsum() missing equation")
	}
	eq, err := eval.AsString(args[0])
	if err != nil {
		return nil, err
	}
	ops := args[1:]
	if len(ops) == 1 {
		if _, ok := ops[0].(*Tensor); !ok {
			if l, err := th.Collect(ops[0]); err == nil {
				ops = l
			}
		}
	}
	eq = strings.ReplaceAll(eq, " ", "")
	lhs, rhs, explicit := strings.Cut(eq, "->")
	terms := strings.Split(lhs, ",")
	if len(terms) != len(ops) {
		return nil, eval.NewError(eval.RuntimeError, "einsum(): more operands were provided than specified in the equation")
	}
	sizes := map[rune]int64{}
	count := map[rune]int{}
	var ell []int64
	dt := ""
	for i, term := range terms {
		x, ok := ops[i].(*Tensor)
		if !ok {
			return nil, eval.NewError(eval.TypeError, "einsum(): operands must be tensors")
		}
		dt = promote(dt, x.dtype)
		labels := []rune(strings.Replace(term, "...", ".", 1))
		nEll := len(x.shape) - (len(labels))
		hasEll := strings.Contains(term, "...")
		if hasEll {
			nEll++
		}
		if nEll < 0 || !hasEll && nEll != 0 {
			return nil, eval.NewError(eval.RuntimeError, "einsum(): the number of subscripts in the equation (%d) does not match the number of dimensions (%d) for operand %d", len(labels), len(x.shape), i)
		}
		d := 0
		for _, l := range labels {
			if l == '.' {
				e := x.shape[d : d+nEll]
				if ell, err = broadcast(ell, e); err != nil {
					return nil, err
				}
				d += nEll
				continue
			}
			s := x.shape[d]
			if old, ok := sizes[l]; ok && old != s && old != 1 && s != 1 {
				return nil, eval.NewError(eval.RuntimeError, "einsum(): operands do not broadcast with remapped shapes (original->remapped)")
			}
			if old, ok := sizes[l]; !ok || old == 1 {
				sizes[l] = s
			}
			count[l]++
			d++
		}
	}
	var out []int64
	if explicit {
		for _, l := range strings.Replace(rhs, "...", ".", 1) {
			if l == '.' {
				out = append(out, ell...)
				continue
			}
			s, ok := sizes[l]
			if !ok {
				return nil, eval.NewError(eval.RuntimeError, "einsum(): output subscript %c does not appear in the equation for any input operand", l)
			}
			out = append(out, s)
		}
	} else {
		out = append(out, ell...)
		var ls []rune
		for l, c := range count {
			if c == 1 {
				ls = append(ls, l)
			}
		}
		sort.Slice(ls, func(i, j int) bool { return ls[i] < ls[j] })
		for _, l := range ls {
			out = append(out, sizes[l])
		}
	}
	return newTensor(out, dt), nil
}

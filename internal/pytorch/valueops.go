package pytorch

import (
	"math"
	"sort"

	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

// ---- unary functions ----

// unarySpec is an elementwise function: toFloat ones (sqrt, log, ...)
// give float32 for integer and bool inputs; intSame ones (round, floor,
// ...) return integer inputs unchanged.
type unarySpec struct {
	f       func(float64) float64
	toFloat bool
	intSame bool
	outBool bool
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

var unaryFuncs = map[string]unarySpec{
	"round":       {f: math.RoundToEven, intSame: true},
	"floor":       {f: math.Floor, intSame: true},
	"ceil":        {f: math.Ceil, intSame: true},
	"trunc":       {f: math.Trunc, intSame: true},
	"fix":         {f: math.Trunc, intSame: true},
	"abs":         {f: math.Abs},
	"absolute":    {f: math.Abs},
	"neg":         {f: func(x float64) float64 { return -x }},
	"negative":    {f: func(x float64) float64 { return -x }},
	"square":      {f: func(x float64) float64 { return x * x }},
	"relu":        {f: func(x float64) float64 { return math.Max(x, 0) }},
	"sign":        {f: func(x float64) float64 { return b2f(x > 0) - b2f(x < 0) }},
	"sqrt":        {f: math.Sqrt, toFloat: true},
	"rsqrt":       {f: func(x float64) float64 { return 1 / math.Sqrt(x) }, toFloat: true},
	"reciprocal":  {f: func(x float64) float64 { return 1 / x }, toFloat: true},
	"exp":         {f: math.Exp, toFloat: true},
	"exp2":        {f: math.Exp2, toFloat: true},
	"expm1":       {f: math.Expm1, toFloat: true},
	"log":         {f: math.Log, toFloat: true},
	"log2":        {f: math.Log2, toFloat: true},
	"log10":       {f: math.Log10, toFloat: true},
	"log1p":       {f: math.Log1p, toFloat: true},
	"sin":         {f: math.Sin, toFloat: true},
	"cos":         {f: math.Cos, toFloat: true},
	"tan":         {f: math.Tan, toFloat: true},
	"asin":        {f: math.Asin, toFloat: true},
	"acos":        {f: math.Acos, toFloat: true},
	"atan":        {f: math.Atan, toFloat: true},
	"sinh":        {f: math.Sinh, toFloat: true},
	"cosh":        {f: math.Cosh, toFloat: true},
	"tanh":        {f: math.Tanh, toFloat: true},
	"sigmoid":     {f: sigmoid, toFloat: true},
	"erf":         {f: math.Erf, toFloat: true},
	"logical_not": {f: func(x float64) float64 { return b2f(x == 0) }, outBool: true},
	"isnan":       {f: func(x float64) float64 { return b2f(math.IsNaN(x)) }, outBool: true},
	"isinf":       {f: func(x float64) float64 { return b2f(math.IsInf(x, 0)) }, outBool: true},
}

// unaryValue applies a unary function to x.
func unaryValue(th *eval.Thread, name string, x *Tensor) (*Tensor, error) {
	spec := unaryFuncs[name]
	dt := x.dtype
	switch {
	case spec.outBool:
		dt = "bool"
	case spec.toFloat && kind(dt) <= kInt:
		dt = "float32"
	case (name == "neg" || name == "negative") && dt == "bool":
		return nil, eval.NewError(eval.RuntimeError, "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
	}
	v := x.values()
	if v == nil {
		return newTensor(x.shape, dt), nil
	}
	if spec.intSame && kind(x.dtype) <= kInt {
		return newValued(th, x.shape, dt, v), nil
	}
	out := make([]float64, len(v))
	for i, e := range v {
		out[i] = spec.f(castVal(e, dt))
	}
	return newValued(th, x.shape, dt, out), nil
}

func unaryFn(name string) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg(name, args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		if name == "round" {
			if d, ok := kw(kwargs, "decimals"); ok && d != eval.Int(0) {
				n, err := eval.AsInt(d)
				if err != nil {
					return nil, err
				}
				return roundDecimals(th, x, n), nil
			}
		}
		return unaryValue(th, name, x)
	}
}

// roundDecimals is torch.round(x, decimals=n), computed in x's dtype.
func roundDecimals(th *eval.Thread, x *Tensor, n int64) *Tensor {
	v := x.values()
	if v == nil || kind(x.dtype) != kFloat {
		return newValued(th, x.shape, x.dtype, v)
	}
	neg := n < 0
	if neg {
		n = -n
	}
	p := castVal(math.Pow(10, float64(n)), x.dtype)
	out := make([]float64, len(v))
	for i, e := range v {
		if neg {
			out[i] = castVal(math.RoundToEven(castVal(e/p, x.dtype))*p, x.dtype)
		} else {
			out[i] = castVal(math.RoundToEven(castVal(e*p, x.dtype))/p, x.dtype)
		}
	}
	return newValued(th, x.shape, x.dtype, out)
}

// clampFn is torch.clamp / clip (min and max numbers or tensors).
func clampFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("clamp", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	lo, _ := arg(args, kwargs, 1, "min")
	hi, _ := arg(args, kwargs, 2, "max")
	ops := []operand{{t: x}}
	var bounds []*operand
	for _, b := range []eval.Value{lo, hi} {
		if b == nil || b == eval.None {
			bounds = append(bounds, nil)
			continue
		}
		o, ok := toOperand(b)
		if !ok {
			return newTensor(x.shape, x.dtype), nil
		}
		ops = append(ops, o)
		bounds = append(bounds, &o)
	}
	if bounds[0] == nil && bounds[1] == nil {
		return nil, eval.NewError(eval.RuntimeError, "torch.clamp: At least one of 'min' or 'max' must not be None")
	}
	dt := resultType(ops...)
	shape := x.shape
	for _, b := range bounds {
		if b != nil {
			if shape, err = broadcast(shape, b.t.shape); err != nil {
				return nil, err
			}
		}
	}
	v := broadcastVals(x.values(), x.shape, shape)
	if v == nil || !canHold(dt) {
		return newTensor(shape, dt), nil
	}
	out := make([]float64, len(v))
	for i := range v {
		out[i] = castVal(v[i], dt)
	}
	for j, b := range bounds {
		if b == nil {
			continue
		}
		bv := broadcastVals(b.t.values(), b.t.shape, shape)
		if bv == nil {
			return newTensor(shape, dt), nil
		}
		for i := range out {
			c := castVal(bv[i], dt)
			if j == 0 && out[i] < c || j == 1 && out[i] > c {
				out[i] = c
			}
		}
	}
	return newValued(th, shape, dt, out), nil
}

// ---- reductions ----

// reduceSpec reads dim and keepdim and lists the reduced dimensions.
func reducedDims(x *Tensor, dim eval.Value) ([]bool, error) {
	n := int64(len(x.shape))
	red := make([]bool, n)
	if dim == nil || dim == eval.None {
		for i := range red {
			red[i] = true
		}
		return red, nil
	}
	var dims []int64
	if d, err := eval.AsInt(dim); err == nil {
		dims = []int64{d}
	} else {
		ds, err := intsOf(eval.Tuple{dim})
		if err != nil {
			return nil, err
		}
		if len(ds) == 0 {
			for i := range red {
				red[i] = true
			}
		}
		dims = ds
	}
	for _, d := range dims {
		dd, err := normDim(d, n)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			red[dd] = true
		}
	}
	return red, nil
}

// reduceBlocks returns the output shape and, when x has values, x's values
// ordered so that each output element's inputs are one block of size r.
func reduceBlocks(x *Tensor, red []bool, keep bool) ([]int64, []float64, int) {
	var out []int64
	var keptDims, redDims [][]int64
	st := strides(x.shape)
	v := x.values()
	r := 1
	for i, s := range x.shape {
		if red[i] {
			if keep {
				out = append(out, 1)
			}
			if v != nil {
				redDims = append(redDims, stepDim(s, st[i]))
			}
			r *= int(s)
			continue
		}
		out = append(out, s)
		if v != nil {
			keptDims = append(keptDims, stepDim(s, st[i]))
		}
	}
	if v == nil {
		return out, nil, r
	}
	return out, gather(v, 0, append(keptDims, redDims...)), r
}

func reduceValue(name string, blk []float64, dt string, unbiased bool) (float64, error) {
	switch name {
	case "sum":
		s := 0.0
		for _, e := range blk {
			s += e
		}
		return s, nil
	case "prod":
		p := 1.0
		for _, e := range blk {
			p *= e
		}
		return p, nil
	case "mean":
		s := 0.0
		for _, e := range blk {
			s += e
		}
		return s / float64(len(blk)), nil
	case "all":
		for _, e := range blk {
			if e == 0 {
				return 0, nil
			}
		}
		return 1, nil
	case "any":
		for _, e := range blk {
			if e != 0 {
				return 1, nil
			}
		}
		return 0, nil
	case "std", "var":
		m := 0.0
		for _, e := range blk {
			m += e
		}
		m /= float64(len(blk))
		s := 0.0
		for _, e := range blk {
			s += (e - m) * (e - m)
		}
		n := float64(len(blk))
		if unbiased {
			n--
		}
		s /= n
		if name == "std" {
			return math.Sqrt(s), nil
		}
		return s, nil
	}
	if len(blk) == 0 {
		return 0, eval.NewError(eval.IndexError, "%s(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.", name)
	}
	best, at := blk[0], 0
	for i, e := range blk {
		if math.IsNaN(best) {
			break
		}
		if math.IsNaN(e) || (name == "max" || name == "amax" || name == "argmax") && e > best || (name == "min" || name == "amin" || name == "argmin") && e < best {
			best, at = e, i
		}
	}
	if name == "argmax" || name == "argmin" {
		return float64(at), nil
	}
	return best, nil
}

// returnTypes is torch.return_types.max and friends: a (values, indices)
// tuple with those attributes.
type returnTypes struct {
	eval.Tuple
	name string
}

func (r *returnTypes) Type() string { return r.name }
func (r *returnTypes) Attr(th *eval.Thread, name string) (eval.Value, error) {
	switch name {
	case "values":
		return r.Tuple[0], nil
	case "indices":
		return r.Tuple[1], nil
	}
	return th.GetAttr(r.Tuple, name)
}
func (r *returnTypes) AttrNames() []string { return []string{"values", "indices"} }
func (r *returnTypes) GetItem(th *eval.Thread, key eval.Value) (eval.Value, error) {
	return th.GetItem(r.Tuple, key)
}
func (r *returnTypes) Iterate(th *eval.Thread) (eval.Iterator, error) { return th.Iterate(r.Tuple) }
func (r *returnTypes) Len() int                                       { return len(r.Tuple) }

// reduce is torch.sum/mean/max/... (input, dim=None, keepdim=False,
// dtype=None); max and min with a dim give (values, indices).
func reduce(name string) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg(name, args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		if name == "max" || name == "min" {
			if o, ok := arg(args, kwargs, 1, "other"); ok {
				if _, isT := o.(*Tensor); isT {
					return maxMin(th, name == "max", x, o)
				}
			}
		}
		unbiased := true
		rest := args
		if len(rest) > 0 {
			rest = rest[1:]
		}
		if name == "std" || name == "var" {
			if len(rest) > 0 {
				if b, ok := rest[0].(eval.Bool); ok {
					unbiased, rest = bool(b), rest[1:]
				} else if len(rest) > 1 {
					if b, ok := rest[1].(eval.Bool); ok {
						unbiased = bool(b)
						rest = append(eval.Tuple{rest[0]}, rest[2:]...)
					}
				}
			}
			if v, ok := kw(kwargs, "unbiased"); ok {
				unbiased, _ = th.Truth(v)
			}
			if v, ok := kw(kwargs, "correction"); ok {
				c, _ := eval.AsInt(v)
				unbiased = c != 0
			}
		}
		dim, _ := arg(rest, kwargs, 0, "dim")
		if name == "norm" {
			dim, _ = arg(rest, kwargs, 1, "dim")
		}
		kv, _ := arg(rest, kwargs, 1, "keepdim")
		if name == "norm" {
			kv, _ = arg(rest, kwargs, 2, "keepdim")
		}
		keep := false
		if kv != nil {
			keep, _ = th.Truth(kv)
		}
		dt := x.dtype
		switch name {
		case "sum", "prod":
			if kind(dt) <= kInt {
				dt = "int64"
			}
		case "argmax", "argmin":
			dt = "int64"
		case "all", "any":
			dt = "bool"
		case "mean", "std", "var", "norm":
			if kind(dt) <= kInt {
				if _, ok := kw(kwargs, "dtype"); name == "mean" && !ok {
					return nil, eval.NewError(eval.RuntimeError, "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: %s", dtypeTitle(dt))
				}
				dt = "float32"
			}
		}
		if v, ok := kw(kwargs, "dtype"); ok && v != eval.None {
			dt = dtypeName(v)
		}
		red, err := reducedDims(x, dim)
		if err != nil {
			return nil, err
		}
		if (name == "argmax" || name == "argmin") && (dim == nil || dim == eval.None) {
			// over the flattened tensor
			flat := viewOf(x, []int64{numel(x.shape)}, x.values())
			red = []bool{true}
			x = flat
			if keep {
				keep = false
			}
		}
		shape, vals, r := reduceBlocks(x, red, keep)
		if numel(shape) > maxValues {
			vals = nil
		}
		if name == "norm" {
			var out *Tensor
			if p, ok := arg(rest, kwargs, 0, "p"); ok && p != eval.None && p != eval.Int(2) && p != eval.Float(2) && p != eval.String("fro") {
				vals = nil // only the 2-norm carries values
			}
			if vals != nil {
				sq := make([]float64, 0, len(vals)/max(r, 1))
				for i := 0; i+r <= len(vals) && r > 0; i += r {
					s := 0.0
					for _, e := range vals[i : i+r] {
						s += e * e
					}
					sq = append(sq, math.Sqrt(s))
				}
				out = newValued(th, shape, dt, sq)
			} else {
				out = newTensor(shape, dt)
			}
			return out, nil
		}
		var res, idx []float64
		if vals != nil && canHold(dt) {
			n := int(numel(shape))
			res = make([]float64, n)
			if name == "max" || name == "min" {
				idx = make([]float64, n)
			}
			for i := 0; i < n; i++ {
				blk := vals[i*r : i*r+r]
				if name == "mean" || name == "std" || name == "var" {
					for j := range blk {
						blk[j] = castVal(blk[j], dt)
					}
				}
				if res[i], err = reduceValue(name, blk, dt, unbiased); err != nil {
					return nil, err
				}
				if idx != nil {
					a, _ := reduceValue("arg"+name, blk, dt, unbiased)
					idx[i] = a
				}
			}
		} else if r == 0 && (name == "max" || name == "min" || name == "argmax" || name == "argmin" || name == "amax" || name == "amin") && numel(x.shape) == 0 {
			return nil, eval.NewError(eval.IndexError, "%s(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.", name)
		}
		t := newValued(th, shape, dt, res)
		if (name == "max" || name == "min") && dim != nil && dim != eval.None {
			return &returnTypes{eval.Tuple{t, newValued(th, shape, "int64", idx)}, "torch.return_types." + name}, nil
		}
		return t, nil
	}
}

// maxMin is torch.maximum / minimum (and max/min of two tensors).
func maxMin(th *eval.Thread, isMax bool, a, b eval.Value) (eval.Value, error) {
	x, ok1 := toOperand(a)
	y, ok2 := toOperand(b)
	if !ok1 || !ok2 {
		return nil, eval.NewError(eval.TypeError, "maximum(): expected Tensor arguments")
	}
	shape, err := broadcast(x.t.shape, y.t.shape)
	if err != nil {
		return nil, err
	}
	dt := resultType(x, y)
	xv, yv := broadcastVals(x.t.values(), x.t.shape, shape), broadcastVals(y.t.values(), y.t.shape, shape)
	if xv == nil || yv == nil || !canHold(dt) {
		return newTensor(shape, dt), nil
	}
	out := make([]float64, len(xv))
	for i := range xv {
		p, q := castVal(xv[i], dt), castVal(yv[i], dt)
		switch {
		case math.IsNaN(p) || math.IsNaN(q):
			out[i] = math.NaN()
		case isMax == (p >= q):
			out[i] = p
		default:
			out[i] = q
		}
	}
	return newValued(th, shape, dt, out), nil
}

// ---- scans and differences ----

// moveLast gathers x's values with dimension d last: blocks of x.shape[d].
func moveLast(x *Tensor, d int64) ([]float64, []int64) {
	st := strides(x.shape)
	var dims [][]int64
	var perm []int64
	for i, s := range x.shape {
		if int64(i) != d {
			dims = append(dims, stepDim(s, st[i]))
			perm = append(perm, int64(i))
		}
	}
	dims = append(dims, stepDim(x.shape[d], st[d]))
	perm = append(perm, d)
	return gather(x.values(), 0, dims), perm
}

// moveBack undoes moveLast for a result of shape out (dimension d last).
func moveBack(vals []float64, out []int64, perm []int64) []float64 {
	// vals is laid out in perm order of out's dims
	pshape := make([]int64, len(perm))
	for i, p := range perm {
		pshape[i] = out[p]
	}
	inv := make([]int64, len(perm))
	for i, p := range perm {
		inv[p] = int64(i)
	}
	return permuteVals(vals, pshape, inv)
}

func cumFn(name string) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg(name, args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		d, err := intArg(args, kwargs, 1, "dim", 0)
		if err != nil {
			return nil, err
		}
		dd, err := normDim(d, int64(len(x.shape)))
		if err != nil {
			return nil, err
		}
		dt := x.dtype
		if kind(dt) <= kInt {
			dt = "int64"
		}
		if v, ok := kw(kwargs, "dtype"); ok && v != eval.None {
			dt = dtypeName(v)
		}
		if x.values() == nil || len(x.shape) == 0 {
			return newValued(th, x.shape, dt, x.values()), nil
		}
		vals, perm := moveLast(x, dd)
		n := int(x.shape[dd])
		for i := 0; i+n <= len(vals) && n > 0; i += n {
			acc := 0.0
			if name == "cumprod" {
				acc = 1
			}
			for j := i; j < i+n; j++ {
				if name == "cumprod" {
					acc *= castVal(vals[j], dt)
				} else {
					acc += castVal(vals[j], dt)
				}
				vals[j] = acc
			}
		}
		return newValued(th, x.shape, dt, moveBack(vals, x.shape, perm)), nil
	}
}

// diffFn is torch.diff(input, n=1, dim=-1, prepend=None, append=None).
func diffFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("diff", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	n, err := intArg(args, kwargs, 1, "n", 1)
	if err != nil {
		return nil, err
	}
	d, err := intArg(args, kwargs, 2, "dim", -1)
	if err != nil {
		return nil, err
	}
	if len(x.shape) == 0 {
		return nil, eval.NewError(eval.RuntimeError, "diff expects input to be at least one-dimensional")
	}
	if n < 0 {
		return nil, eval.NewError(eval.RuntimeError, "order must be non-negative but got %d", n)
	}
	parts := eval.Tuple{}
	if p, ok := arg(args, kwargs, 3, "prepend"); ok && p != eval.None {
		parts = append(parts, p)
	}
	parts = append(parts, x)
	if p, ok := arg(args, kwargs, 4, "append"); ok && p != eval.None {
		parts = append(parts, p)
	}
	if len(parts) > 1 {
		c, err := catFn(false)(th, eval.Tuple{parts, eval.Int(d)}, nil)
		if err != nil {
			return nil, err
		}
		x = c.(*Tensor)
	}
	dd, err := normDim(d, int64(len(x.shape)))
	if err != nil {
		return nil, err
	}
	for ; n > 0; n-- {
		shape := append([]int64(nil), x.shape...)
		if shape[dd] > 0 {
			shape[dd]--
		}
		if x.values() == nil {
			x = newTensor(shape, x.dtype)
			continue
		}
		vals, perm := moveLast(x, dd)
		m := int(x.shape[dd])
		var out []float64
		for i := 0; i+m <= len(vals) && m > 0; i += m {
			for j := i + 1; j < i+m; j++ {
				if x.dtype == "bool" {
					out = append(out, b2f((vals[j] != 0) != (vals[j-1] != 0)))
				} else {
					out = append(out, vals[j]-vals[j-1])
				}
			}
		}
		if out == nil {
			out = []float64{}
		}
		x = newValued(th, shape, x.dtype, moveBack(out, shape, perm))
	}
	return x, nil
}

// ---- creation ----

// nestedData reads torch.tensor's data: nested sequences of numbers.
func nestedData(th *eval.Thread, v eval.Value, depth int, shape *[]int64, vals *[]float64, dt *string, known *bool) error {
	if depth > 32 {
		return eval.NewError(eval.ValueError, "too many dimensions")
	}
	switch x := v.(type) {
	case eval.Bool, eval.Int, eval.Float:
		if depth != len(*shape) {
			return eval.NewError(eval.ValueError, "expected sequence of length %d at dim %d (got 0)", (*shape)[depth], depth)
		}
		o, _ := scalarOperand(x)
		switch {
		case o.t.dtype == "float64":
			*dt = "float32"
		case o.t.dtype == "int64" && *dt != "float32":
			*dt = "int64"
		case *dt == "":
			*dt = "bool"
		}
		if len(*vals) < maxValues {
			*vals = append(*vals, o.t.vals[0])
		} else {
			*known = false
		}
		return nil
	case *eval.Opaque:
		// an unknown number: the shape stays known
		if depth != len(*shape) {
			return eval.NewError(eval.ValueError, "expected sequence of length %d at dim %d (got 0)", (*shape)[depth], depth)
		}
		if *dt == "" {
			*dt = "float32"
		}
		*known = false
		return nil
	case *Tensor:
		if len(x.shape) == 0 && depth == len(*shape) {
			*dt = promote(*dt, x.dtype)
			if v := x.values(); v != nil && len(*vals) < maxValues {
				*vals = append(*vals, v[0])
			} else {
				*known = false
			}
			return nil
		}
	}
	elems, err := th.Collect(v)
	if err != nil {
		return err
	}
	if depth == len(*shape) {
		if depth > 0 && len(*vals) > 0 {
			return eval.NewError(eval.ValueError, "expected sequence of length 0 at dim %d", depth)
		}
		*shape = append(*shape, int64(len(elems)))
	} else if (*shape)[depth] != int64(len(elems)) {
		return eval.NewError(eval.ValueError, "expected sequence of length %d at dim %d (got %d)", (*shape)[depth], depth, len(elems))
	}
	for _, e := range elems {
		if err := nestedData(th, e, depth+1, shape, vals, dt, known); err != nil {
			return err
		}
	}
	return nil
}

// tensorFn is torch.tensor / as_tensor.
func tensorFn(asTensor bool) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		data, ok := arg(args, kwargs, 0, "data")
		if !ok {
			return nil, eval.NewError(eval.TypeError, "tensor() missing 1 required positional arguments: \"data\"")
		}
		want := ""
		if v, ok := kw(kwargs, "dtype"); ok && v != eval.None {
			want = dtypeName(v)
		}
		if t, ok := data.(*Tensor); ok {
			if want == "" || want == t.dtype {
				if asTensor {
					return t, nil
				}
				return newValued(th, t.shape, t.dtype, t.values()), nil
			}
			return newValued(th, t.shape, want, t.values()), nil
		}
		if eval.IsOpaque(data) {
			return nil, eval.NewError(eval.TypeError, "tensor(): data is an unknown value (%s)", data)
		}
		var shape []int64
		var vals []float64
		dt := ""
		known := true
		if err := nestedData(th, data, 0, &shape, &vals, &dt, &known); err != nil {
			return nil, err
		}
		if dt == "" {
			dt = "float32"
		}
		if want != "" {
			dt = want
		}
		if !known {
			vals = nil
		} else if vals == nil {
			vals = []float64{}
		}
		return newValued(th, shape, dt, vals), nil
	}
}

func scalarArg(v eval.Value) (float64, bool, error) {
	switch x := v.(type) {
	case eval.Int:
		return float64(x), false, nil
	case eval.Bool:
		return b2f(bool(x)), false, nil
	case eval.Float:
		return float64(x), true, nil
	case *Tensor:
		if vals := x.values(); vals != nil && len(vals) == 1 {
			return vals[0], kind(x.dtype) >= kFloat, nil
		}
		return 0, false, unknownValue()
	}
	if eval.IsOpaque(v) {
		f, err := eval.AsFloat(v)
		return f, false, err
	}
	return 0, false, eval.NewError(eval.TypeError, "expected a number, got %s", v.Type())
}

// arangeFn is torch.arange(start=0, end, step=1, dtype=None).
func arangeFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var xs []eval.Value
	xs = append(xs, args...)
	if len(xs) == 0 {
		if e, ok := kw(kwargs, "end"); ok {
			s, ok := kw(kwargs, "start")
			if !ok {
				s = eval.Int(0)
			}
			xs = eval.Tuple{s, e}
		}
	}
	if len(xs) == 1 {
		if e, ok := kw(kwargs, "end"); ok {
			xs = append(xs, e)
		}
	}
	if st, ok := kw(kwargs, "step"); ok && len(xs) == 2 {
		xs = append(xs, st)
	}
	if len(xs) == 0 || len(xs) > 3 {
		return nil, eval.NewError(eval.TypeError, "arange() received an invalid combination of arguments")
	}
	float := false
	vals := make([]float64, len(xs))
	for i, a := range xs {
		f, isF, err := scalarArg(a)
		if err != nil {
			return nil, err
		}
		vals[i] = f
		float = float || isF
	}
	start, stop, step, _ := eval.RangeBounds(vals) // 1 to 3 values, checked above
	if step == 0 {
		return nil, eval.NewError(eval.RuntimeError, "step must be nonzero")
	}
	if (step > 0 && stop < start) || (step < 0 && stop > start) {
		return nil, eval.NewError(eval.RuntimeError, "upper bound and larger bound inconsistent with step sign")
	}
	dt := "int64"
	if float {
		dt = "float32"
	}
	if v, ok := kw(kwargs, "dtype"); ok && v != eval.None {
		dt = dtypeName(v)
	}
	var nf float64
	if kind(dt) == kInt && !float {
		nf = math.Ceil(float64(int64(stop)-int64(start)) / float64(int64(step)))
	} else {
		nf = math.Ceil((stop - start) / step)
	}
	if math.IsNaN(nf) || nf > 1<<40 {
		return nil, eval.NewError(eval.RuntimeError, "invalid size, possible overflow?")
	}
	n := int64(nf)
	var out []float64
	if n <= maxValues {
		out = make([]float64, n)
		for i := range out {
			out[i] = start + float64(i)*step
		}
	}
	t := newValued(th, []int64{n}, dt, out)
	if v, ok := kw(kwargs, "requires_grad"); ok && v == eval.True {
		t.requiresGrad = true
	}
	return t, nil
}

// linspaceFn is torch.linspace(start, end, steps, dtype=None), computed
// as torch's CPU kernel does (float32 step, both ends).
func linspaceFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	a, _ := arg(args, kwargs, 0, "start")
	b, _ := arg(args, kwargs, 1, "end")
	if a == nil || b == nil {
		return nil, eval.NewError(eval.TypeError, "linspace() missing start or end")
	}
	n, err := intArg(args, kwargs, 2, "steps", -1)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, eval.NewError(eval.RuntimeError, "number of steps must be non-negative")
	}
	start, _, err := scalarArg(a)
	if err != nil {
		return nil, err
	}
	end, _, err := scalarArg(b)
	if err != nil {
		return nil, err
	}
	dt := "float32"
	if v, ok := kw(kwargs, "dtype"); ok && v != eval.None {
		dt = dtypeName(v)
	}
	var out []float64
	if n <= maxValues {
		out = make([]float64, n)
		if n == 1 {
			out[0] = start
		} else if n > 1 {
			cdt := dt
			if kind(dt) <= kInt {
				cdt = "float64"
			}
			s, e := castVal(start, dt), castVal(end, dt)
			step := castVal(castVal(e-s, cdt)/float64(n-1), cdt)
			half := n / 2
			// torch's kernel is compiled with contracted multiply-adds:
			// one rounding of start + step*i (end - step*(n-1-i)).
			for i := int64(0); i < n; i++ {
				if i < half {
					out[i] = castVal(math.FMA(step, float64(i), s), cdt)
				} else {
					out[i] = castVal(math.FMA(-step, float64(n-i-1), e), cdt)
				}
			}
		}
	}
	return newValued(th, []int64{n}, dt, out), nil
}

// filled makes a tensor of shape filled with v (zeros, ones, full).
func filled(th *eval.Thread, shape []int64, dt string, v float64) *Tensor {
	n := numel(shape)
	if !knownShape(shape) || n > maxValues {
		return newTensor(shape, dt)
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return newValued(th, shape, dt, out)
}

// fillFn is torch.zeros / ones / full (fill < 0: full, value from args).
func fillFn(value float64, full bool) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		dt := "float32"
		v := value
		if full {
			fv, ok := arg(args, kwargs, 1, "fill_value")
			if !ok {
				return nil, eval.NewError(eval.TypeError, "full() missing required argument 'fill_value'")
			}
			if len(args) > 0 {
				args = args[:1]
			}
			f, isF, err := scalarArg(fv)
			if err != nil {
				f, isF = math.NaN(), true
			}
			switch {
			case isF:
			case fv == eval.True || fv == eval.False:
				dt = "bool"
			default:
				dt = "int64"
			}
			v = f
			if err != nil {
				// an unknown fill value: shape only
				t, err := creation(th, args, kwargs)
				return t, err
			}
		}
		if len(args) == 0 {
			if s, ok := kw(kwargs, "size"); ok {
				args = eval.Tuple{s}
			}
		}
		shape, err := intsOf(args)
		if err != nil {
			return nil, err
		}
		if err := negativeDim(shape); err != nil {
			return nil, err
		}
		if d, ok := kw(kwargs, "dtype"); ok && d != eval.None {
			dt = dtypeName(d)
		}
		t := filled(th, shape, dt, v)
		if rg, ok := kw(kwargs, "requires_grad"); ok && rg == eval.True {
			t.requiresGrad = true
		}
		return t, nil
	}
}

func eyeFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	n, err := intArg(args, kwargs, 0, "n", 0)
	if err != nil {
		return nil, err
	}
	m, err := intArg(args, kwargs, 1, "m", n)
	if err != nil {
		return nil, err
	}
	if n < 0 || m < 0 {
		return nil, eval.NewError(eval.RuntimeError, "n must be greater or equal to 0, got %d", min(n, m))
	}
	dt := "float32"
	if d, ok := kw(kwargs, "dtype"); ok && d != eval.None {
		dt = dtypeName(d)
	}
	t := filled(th, []int64{n, m}, dt, 0)
	if v := t.values(); v != nil {
		for i := int64(0); i < min(n, m); i++ {
			v[i*m+i] = 1
		}
	}
	return t, nil
}

// likeFill is zeros_like / ones_like / full_like.
func likeFill(value float64, full bool) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg("like", args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		dt := x.dtype
		if v, ok := kw(kwargs, "dtype"); ok && v != eval.None {
			dt = dtypeName(v)
		}
		v := value
		if full {
			fv, ok := arg(args, kwargs, 1, "fill_value")
			if !ok {
				return nil, eval.NewError(eval.TypeError, "full_like() missing required argument 'fill_value'")
			}
			f, _, err := scalarArg(fv)
			if err != nil {
				return newTensor(x.shape, dt), nil
			}
			v = f
		}
		return filled(th, x.shape, dt, v), nil
	}
}

// ---- joining, rolling, grids ----

// meshgridFn is torch.meshgrid(*tensors, indexing="ij").
func meshgridFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	if len(args) == 1 {
		if _, ok := args[0].(*Tensor); !ok {
			l, err := th.Collect(args[0])
			if err != nil {
				return nil, err
			}
			args = l
		}
	}
	xy := false
	if v, ok := kw(kwargs, "indexing"); ok {
		s, _ := eval.AsString(v)
		xy = s == "xy"
	}
	var ts []*Tensor
	for _, a := range args {
		t, ok := a.(*Tensor)
		if !ok || len(t.shape) > 1 {
			return nil, eval.NewError(eval.TypeError, "meshgrid expects 0D or 1D tensors")
		}
		ts = append(ts, t)
	}
	shape := make([]int64, len(ts))
	for i, t := range ts {
		shape[i] = numel(t.shape)
	}
	if xy && len(ts) >= 2 {
		shape[0], shape[1] = shape[1], shape[0]
	}
	out := make(eval.Tuple, len(ts))
	for i, t := range ts {
		pos := i
		if xy && len(ts) >= 2 && i < 2 {
			pos = 1 - i
		}
		in := make([]int64, len(shape))
		for j := range in {
			in[j] = 1
		}
		in[pos] = numel(t.shape)
		out[i] = newValued(th, shape, t.dtype, broadcastVals(t.values(), in, shape))
	}
	return out, nil
}

// rollFn is torch.roll(input, shifts, dims=None).
func rollFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("roll", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	sv, _ := arg(args, kwargs, 1, "shifts")
	if sv == nil {
		return nil, eval.NewError(eval.TypeError, "roll() missing required argument 'shifts'")
	}
	shifts, err := intsOf(eval.Tuple{sv})
	if err != nil {
		return nil, err
	}
	var dims []int64
	if dv, ok := arg(args, kwargs, 2, "dims"); ok && dv != eval.None {
		if dims, err = intsOf(eval.Tuple{dv}); err != nil {
			return nil, err
		}
	}
	if len(dims) == 0 {
		if len(shifts) != 1 {
			return nil, eval.NewError(eval.RuntimeError, "shifts and dimensions must align. shifts: %d, dims:0", len(shifts))
		}
		flat := viewOf(x, []int64{numel(x.shape)}, x.values())
		r, err := rollFn(th, eval.Tuple{flat, eval.Int(shifts[0]), eval.Int(0)}, nil)
		if err != nil {
			return nil, err
		}
		rt := r.(*Tensor)
		return newValued(th, x.shape, x.dtype, rt.values()), nil
	}
	if len(dims) != len(shifts) {
		return nil, eval.NewError(eval.RuntimeError, "shifts and dimensions must align. shifts: %d, dims:%d", len(shifts), len(dims))
	}
	v := x.values()
	if v == nil || len(v) == 0 {
		return newValued(th, x.shape, x.dtype, v), nil
	}
	st := strides(x.shape)
	offs := make([][]int64, len(x.shape))
	for i, s := range x.shape {
		offs[i] = stepDim(s, st[i])
	}
	for k, d := range dims {
		dd, err := normDim(d, int64(len(x.shape)))
		if err != nil {
			return nil, err
		}
		n := x.shape[dd]
		if n == 0 {
			continue
		}
		o := make([]int64, n)
		for i := range o {
			src := ((int64(i)-shifts[k])%n + n) % n
			o[i] = src * st[dd]
		}
		offs[dd] = o
	}
	return newValued(th, x.shape, x.dtype, gather(v, 0, offs)), nil
}

// whereFn is torch.where(cond, x, y) (and where(cond) for a known cond).
func whereFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	c, err := tensorArg("where", args, kwargs, 0, "condition")
	if err != nil {
		return nil, err
	}
	if len(args) == 1 {
		return nonzero(th, c, true)
	}
	a, _ := arg(args, kwargs, 1, "input")
	b, _ := arg(args, kwargs, 2, "other")
	x, ok1 := toOperand(a)
	y, ok2 := toOperand(b)
	if !ok1 || !ok2 {
		return nil, eval.NewError(eval.TypeError, "where(): expected tensors or numbers")
	}
	shape, err := broadcast(c.shape, x.t.shape)
	if err != nil {
		return nil, err
	}
	if shape, err = broadcast(shape, y.t.shape); err != nil {
		return nil, err
	}
	dt := resultType(x, y)
	cv := broadcastVals(c.values(), c.shape, shape)
	xv := broadcastVals(x.t.values(), x.t.shape, shape)
	yv := broadcastVals(y.t.values(), y.t.shape, shape)
	if cv == nil || xv == nil || yv == nil {
		return newTensor(shape, dt), nil
	}
	out := make([]float64, len(cv))
	for i := range cv {
		if cv[i] != 0 {
			out[i] = castVal(xv[i], dt)
		} else {
			out[i] = castVal(yv[i], dt)
		}
	}
	return newValued(th, shape, dt, out), nil
}

// nonzero is torch.nonzero (asTuple: one index tensor per dimension).
func nonzero(th *eval.Thread, x *Tensor, asTuple bool) (eval.Value, error) {
	v := x.values()
	nd := int64(len(x.shape))
	if v == nil {
		if asTuple {
			out := make(eval.Tuple, max(nd, 1))
			for i := range out {
				out[i] = newTensor([]int64{-1}, "int64")
			}
			return out, nil
		}
		return newTensor([]int64{-1, nd}, "int64"), nil
	}
	st := strides(x.shape)
	var idx [][]int64
	for f, e := range v {
		if e == 0 {
			continue
		}
		pos := make([]int64, nd)
		r := int64(f)
		for d := range pos {
			pos[d] = r / st[d]
			r %= st[d]
		}
		idx = append(idx, pos)
	}
	n := int64(len(idx))
	if asTuple {
		cols := max(nd, 1)
		out := make(eval.Tuple, cols)
		for d := int64(0); d < cols; d++ {
			col := make([]float64, n)
			for i := range idx {
				if d < nd {
					col[i] = float64(idx[i][d])
				}
			}
			out[d] = newValued(th, []int64{n}, "int64", col)
		}
		return out, nil
	}
	flat := make([]float64, 0, n*nd)
	for _, p := range idx {
		for _, e := range p {
			flat = append(flat, float64(e))
		}
	}
	return newValued(th, []int64{n, nd}, "int64", flat), nil
}

// sortFn is torch.sort(input, dim=-1, descending=False) (stable).
func sortFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, err := tensorArg("sort", args, kwargs, 0, "input")
	if err != nil {
		return nil, err
	}
	d, err := intArg(args, kwargs, 1, "dim", -1)
	if err != nil {
		return nil, err
	}
	desc := false
	if v, ok := arg(args, kwargs, 2, "descending"); ok {
		desc, _ = th.Truth(v)
	}
	if len(x.shape) == 0 || x.values() == nil {
		return &returnTypes{eval.Tuple{newTensor(x.shape, x.dtype), newTensor(x.shape, "int64")}, "torch.return_types.sort"}, nil
	}
	dd, err := normDim(d, int64(len(x.shape)))
	if err != nil {
		return nil, err
	}
	vals, perm := moveLast(x, dd)
	idx := make([]float64, len(vals))
	m := int(x.shape[dd])
	for i := 0; i+m <= len(vals) && m > 0; i += m {
		blk := vals[i : i+m]
		order := make([]int, m)
		for j := range order {
			order[j] = j
		}
		sort.SliceStable(order, func(p, q int) bool {
			if desc {
				return blk[order[p]] > blk[order[q]]
			}
			return blk[order[p]] < blk[order[q]]
		})
		sorted := make([]float64, m)
		for j, o := range order {
			sorted[j] = blk[o]
			idx[i+j] = float64(o)
		}
		copy(blk, sorted)
	}
	return &returnTypes{eval.Tuple{newValued(th, x.shape, x.dtype, moveBack(vals, x.shape, perm)),
		newValued(th, x.shape, "int64", moveBack(idx, x.shape, perm))}, "torch.return_types.sort"}, nil
}

// compareFn is torch.eq/ne/lt/... and the arithmetic functions by name.
func opFn(op eval.Op) fn {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		a, _ := arg(args, kwargs, 0, "input")
		b, _ := arg(args, kwargs, 1, "other")
		if a == nil || b == nil {
			return nil, eval.NewError(eval.TypeError, "expected two arguments")
		}
		x, ok1 := toOperand(a)
		y, ok2 := toOperand(b)
		if !ok1 || !ok2 {
			return th.Binary(op, a, b)
		}
		return elementwise(th, op, x, y)
	}
}

// addValueFuncs puts the value-aware functions into the torch module.
func addValueFuncs(m *eval.Module) {
	for n := range unaryFuncs {
		m.SetFunc(n, unaryFn(n))
	}
	for _, n := range []string{"sum", "mean", "prod", "amax", "amin", "max", "min", "argmax", "argmin", "std", "var", "all", "any", "norm"} {
		m.SetFunc(n, reduce(n))
	}
	m.SetFunc("clamp", clampFn)
	m.SetFunc("clip", clampFn)
	m.SetFunc("maximum", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 2 {
			return nil, eval.NewError(eval.TypeError, "maximum() takes 2 arguments")
		}
		return maxMin(th, true, args[0], args[1])
	})
	m.SetFunc("minimum", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 2 {
			return nil, eval.NewError(eval.TypeError, "minimum() takes 2 arguments")
		}
		return maxMin(th, false, args[0], args[1])
	})
	m.SetFunc("cumsum", cumFn("cumsum"))
	m.SetFunc("cumprod", cumFn("cumprod"))
	m.SetFunc("diff", diffFn)
	m.SetFunc("tensor", tensorFn(false))
	m.SetFunc("as_tensor", tensorFn(true))
	m.SetFunc("arange", arangeFn)
	m.SetFunc("linspace", linspaceFn)
	m.SetFunc("zeros", fillFn(0, false))
	m.SetFunc("ones", fillFn(1, false))
	m.SetFunc("full", fillFn(0, true))
	m.SetFunc("eye", eyeFn)
	m.SetFunc("zeros_like", likeFill(0, false))
	m.SetFunc("ones_like", likeFill(1, false))
	m.SetFunc("full_like", likeFill(0, true))
	m.SetFunc("meshgrid", meshgridFn)
	m.SetFunc("einsum", einsumFn)
	m.SetFunc("roll", rollFn)
	m.SetFunc("where", whereFn)
	m.SetFunc("sort", sortFn)
	m.SetFunc("nonzero", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg("nonzero", args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		asTuple := false
		if v, ok := kw(kwargs, "as_tuple"); ok {
			asTuple, _ = th.Truth(v)
		}
		return nonzero(th, x, asTuple)
	})
	for name, op := range map[string]eval.Op{"add": syntax.Add, "sub": syntax.Sub, "subtract": syntax.Sub, "mul": syntax.Mul,
		"multiply": syntax.Mul, "div": syntax.Div, "divide": syntax.Div, "true_divide": syntax.Div, "floor_divide": syntax.FloorDiv,
		"remainder": syntax.Mod, "pow": syntax.Pow, "eq": syntax.Eq, "ne": syntax.Ne, "lt": syntax.Lt, "le": syntax.Le, "gt": syntax.Gt,
		"ge": syntax.Ge, "greater": syntax.Gt, "less": syntax.Lt, "not_equal": syntax.Ne, "bitwise_and": syntax.BitAnd,
		"bitwise_or": syntax.BitOr, "bitwise_xor": syntax.BitXor} {
		m.SetFunc(name, arithFn(name, op))
	}
	// functions that are the tensor method of their first argument
	for _, n := range []string{"clone", "detach", "t", "narrow", "masked_fill"} {
		n := n
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			x, err := tensorArg(n, args, kwargs, 0, "input")
			if err != nil {
				return nil, err
			}
			var rest []eval.KV
			for _, k := range kwargs {
				if k.Name != "input" && k.Name != "memory_format" {
					rest = append(rest, k)
				}
			}
			if len(args) > 0 {
				args = args[1:]
			}
			meth, _ := x.Attr(th, n)
			return th.Call(meth, args, rest)
		})
	}
	m.SetFunc("numel", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, err := tensorArg("numel", args, kwargs, 0, "input")
		if err != nil {
			return nil, err
		}
		return eval.Int(numel(x.shape)), nil
	})
}

// arithFn is torch.add(input, other, alpha=1) and the other binary
// functions; div takes rounding_mode ("floor", "trunc").
func arithFn(name string, op eval.Op) fn {
	base := opFn(op)
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if al, ok := kw(kwargs, "alpha"); ok && (op == syntax.Add || op == syntax.Sub) {
			b, _ := arg(args, kwargs, 1, "other")
			if b == nil {
				return nil, eval.NewError(eval.TypeError, "%s() missing 'other'", name)
			}
			scaled, err := th.Binary(syntax.Mul, b, al)
			if err != nil {
				return nil, err
			}
			a, _ := arg(args, kwargs, 0, "input")
			return opFn(op)(th, eval.Tuple{a, scaled}, nil)
		}
		if rm, ok := kw(kwargs, "rounding_mode"); ok && op == syntax.Div && rm != eval.None {
			s, _ := eval.AsString(rm)
			var clean []eval.KV
			for _, k := range kwargs {
				if k.Name != "rounding_mode" {
					clean = append(clean, k)
				}
			}
			if s == "floor" {
				return opFn(syntax.FloorDiv)(th, args, clean)
			}
			q, err := base(th, args, clean)
			if err != nil {
				return nil, err
			}
			qt, ok := q.(*Tensor)
			if !ok {
				return q, nil
			}
			a, _ := arg(args, kwargs, 0, "input")
			b, _ := arg(args, kwargs, 1, "other")
			x, _ := toOperand(a)
			y, _ := toOperand(b)
			dt := resultType(x, y)
			t, err := unaryValue(th, "trunc", qt)
			if err != nil {
				return nil, err
			}
			return newValued(th, t.shape, dt, t.values()), nil
		}
		return base(th, args, kwargs)
	}
}

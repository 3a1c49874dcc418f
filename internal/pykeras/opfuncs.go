package pykeras

import (
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// opImpl computes one tensor function on shapes: keras.backend,
// tensorflow and keras.ops share these, each under its own names.
type opImpl func(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error)

// opFunc makes the Python function name for impl.
func opFunc(s *Session, name string, spec opSpec, impl opImpl) *eval.Builtin {
	return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return impl(th, s, spec, args, kwargs)
	})
}

// xArg reads the main tensor argument of an op.
func xArg(th *eval.Thread, s *Session, fn string, args eval.Tuple, kwargs []eval.KV) (*Tensor, eval.Tuple, []eval.KV, error) {
	x, args, kwargs := unpack1(args, kwargs, "x", "input", "inputs", "input_tensor", "tensor", "features", "a", "value", "logits", "images", "params", "reference", "indices")
	if x == nil {
		return nil, nil, nil, eval.NewError(eval.TypeError, "%s() missing its tensor argument", fn)
	}
	t, err := asTensor(th, s, x)
	return t, args, kwargs, err
}

// arg reads the n-th remaining positional argument or a keyword.
func arg(args eval.Tuple, kwargs []eval.KV, n int, names ...string) eval.Value {
	if n < len(args) {
		return args[n]
	}
	for _, nm := range names {
		if v, ok := kwarg(kwargs, nm); ok {
			return v
		}
	}
	return nil
}

func opUnary(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, _, _, err := xArg(th, s, spec.k3, args, kwargs)
	if err != nil {
		return nil, err
	}
	return s.opResult(th, spec, []*Tensor{x}, x.shape().Clone(), x.dtype(), nil)
}

func opCast(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "cast", args, kwargs)
	if err != nil {
		return nil, err
	}
	dt := dtypeName(arg(rest, kw, 0, "dtype"))
	if dt == "" {
		dt = x.dtype()
	}
	if x.kind == kNumpy {
		r := x.with(kNumpy, x.shape().Clone(), dt)
		r.vals = x.vals
		return r, nil
	}
	return s.opResult(th, spec, []*Tensor{x}, x.shape().Clone(), dt, nil)
}

func opBinary(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, spec.k3, args, kwargs)
	if err != nil {
		return nil, err
	}
	yv := arg(rest, kw, 0, "y", "b", "x2", "exponent", "a")
	if yv == nil {
		return nil, eval.NewError(eval.TypeError, "this operation needs two operands")
	}
	y, err := asTensor(th, s, yv)
	if err != nil {
		return nil, err
	}
	out, err := broadcast(x.shape(), y.shape())
	if err != nil {
		return nil, eval.NewError(eval.ValueError, "shapes %s and %s do not broadcast", x.shape(), y.shape())
	}
	dt := x.dtype()
	switch spec.k3 {
	case "Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual", "LogicalAnd", "LogicalOr":
		dt = "bool"
	}
	return s.opResult(th, spec, []*Tensor{x, y}, out, dt, nil)
}

func opWhere(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var ts []*Tensor
	for i, n := range []string{"condition", "x", "y"} {
		v := arg(args, kwargs, i, n, map[string]string{"condition": "cond", "x": "x1", "y": "x2"}[n])
		if v == nil {
			if i == 1 {
				c, err := asTensor(th, s, ts[0])
				if err != nil {
					return nil, err
				}
				return s.opResult(th, spec, []*Tensor{c}, graph.Shape{graph.Unknown, int64(len(c.shape()))}, "int64", nil)
			}
			return nil, eval.NewError(eval.TypeError, "where() needs condition, x and y")
		}
		t, err := asTensor(th, s, v)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	out, err := broadcast(ts[0].shape(), ts[1].shape())
	if err == nil {
		out, err = broadcast(out, ts[2].shape())
	}
	if err != nil {
		return nil, eval.NewError(eval.ValueError, "where: shapes do not broadcast")
	}
	return s.opResult(th, spec, ts, out, ts[1].dtype(), nil)
}

func opReduce(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, spec.k3, args, kwargs)
	if err != nil {
		return nil, err
	}
	axis := arg(rest, kw, 0, "axis", "reduction_indices")
	kdv := arg(rest, kw, 1, "keepdims", "keep_dims")
	kd := false
	if kdv != nil {
		kd, _ = th.Truth(kdv)
	}
	out, err := reduceShape(th, x.shape(), axis, kd)
	if err != nil {
		return nil, err
	}
	dt := x.dtype()
	if spec.k3 == "Any" || spec.k3 == "All" {
		dt = "bool"
	}
	return s.opResult(th, spec, []*Tensor{x}, out, dt, nil)
}

// opArgReduce is argmax/argmin; Keras backend's default axis is -1.
func opArgReduce(defAxis eval.Value) opImpl {
	return func(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, rest, kw, err := xArg(th, s, spec.k3, args, kwargs)
		if err != nil {
			return nil, err
		}
		axis := arg(rest, kw, 0, "axis", "dimension")
		if axis == nil {
			axis = defAxis
		}
		out, err := reduceShape(th, x.shape(), axis, false)
		if err != nil {
			return nil, err
		}
		return s.opResult(th, spec, []*Tensor{x}, out, "int64", nil)
	}
}

func opReshape(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "reshape", args, kwargs)
	if err != nil {
		return nil, err
	}
	shape := arg(rest, kw, 0, "shape", "newshape")
	if shape == nil {
		return nil, eval.NewError(eval.TypeError, "reshape() missing the shape")
	}
	return reshapeTensor(th, s, spec, x, shape)
}

func opExpandDims(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "expand_dims", args, kwargs)
	if err != nil {
		return nil, err
	}
	av := arg(rest, kw, 0, "axis", "dim")
	axis := int64(-1)
	if av != nil {
		if axis, err = eval.AsInt(av); err != nil {
			return nil, err
		}
	}
	out, err := expandDimsShape(x.shape(), axis)
	if err != nil {
		return nil, eval.NewError(eval.ValueError, "%v", err)
	}
	return s.opResult(th, spec, []*Tensor{x}, out, x.dtype(), nil)
}

func opSqueeze(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "squeeze", args, kwargs)
	if err != nil {
		return nil, err
	}
	axis := arg(rest, kw, 0, "axis", "squeeze_dims")
	if axis == nil {
		axis = eval.None
	}
	out, err := squeezeShape(th, x.shape(), axis)
	if err != nil {
		return nil, err
	}
	return s.opResult(th, spec, []*Tensor{x}, out, x.dtype(), nil)
}

func opTranspose(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "transpose", args, kwargs)
	if err != nil {
		return nil, err
	}
	perm := arg(rest, kw, 0, "perm", "axes", "pattern")
	if perm == nil {
		perm = eval.None
	}
	out, err := transposeShape(th, x.shape(), perm)
	if err != nil {
		return nil, err
	}
	return s.opResult(th, spec, []*Tensor{x}, out, x.dtype(), nil)
}

// opConcat is concatenate(tensors, axis) with the default axis of the API.
func opConcat(defAxis int64) opImpl {
	return func(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		seq := arg(args, kwargs, 0, "tensors", "values", "xs", "arrays")
		if seq == nil {
			return nil, eval.NewError(eval.TypeError, "concatenate() missing the tensors")
		}
		ts, err := tensorList(th, s, seq)
		if err != nil {
			return nil, err
		}
		axis := defAxis
		if av := arg(args, kwargs, 1, "axis"); av != nil {
			if axis, err = eval.AsInt(av); err != nil {
				return nil, err
			}
		}
		shapes := make([]graph.Shape, len(ts))
		for i, t := range ts {
			shapes[i] = t.shape()
		}
		out, err := concatShape(shapes, int(axis))
		if err != nil {
			return nil, eval.NewError(eval.ValueError, "%v", err)
		}
		return s.opResult(th, spec, ts, out, ts[0].dtype(), nil)
	}
}

func opStack(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	seq := arg(args, kwargs, 0, "values", "x", "xs", "tensors", "arrays")
	if seq == nil {
		return nil, eval.NewError(eval.TypeError, "stack() missing the tensors")
	}
	ts, err := tensorList(th, s, seq)
	if err != nil {
		return nil, err
	}
	var axis int64
	if av := arg(args, kwargs, 1, "axis"); av != nil {
		if axis, err = eval.AsInt(av); err != nil {
			return nil, err
		}
	}
	if len(ts) == 0 {
		return nil, eval.NewError(eval.ValueError, "stack() needs at least one tensor")
	}
	out, err := expandDimsShape(ts[0].shape(), axis)
	if err != nil {
		return nil, eval.NewError(eval.ValueError, "%v", err)
	}
	a := axis
	if a < 0 {
		a += int64(len(out))
	}
	out[a] = int64(len(ts))
	return s.opResult(th, spec, ts, out, ts[0].dtype(), nil)
}

func opSplit(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "split", args, kwargs)
	if err != nil {
		return nil, err
	}
	nv := arg(rest, kw, 0, "num_or_size_splits", "indices_or_sections", "num")
	var axis int64
	if av := arg(rest, kw, 1, "axis"); av != nil {
		if axis, err = eval.AsInt(av); err != nil {
			return nil, err
		}
	}
	sh := x.shape()
	a, err := axisArg(eval.Int(axis), len(sh))
	if err != nil {
		return nil, err
	}
	var sizes []int64
	switch n := nv.(type) {
	case eval.Int:
		for i := 0; i < int(n); i++ {
			if sh[a] < 0 {
				sizes = append(sizes, graph.Unknown)
			} else {
				sizes = append(sizes, sh[a]/int64(n))
			}
		}
	default:
		items, err := th.Collect(nv)
		if err != nil {
			return nil, eval.NewError(eval.TypeError, "split: num_or_size_splits must be an int or a list")
		}
		for _, it := range items {
			d, _ := eval.AsInt(it)
			sizes = append(sizes, d)
		}
		if spec.k3 == "Split" {
			// keras.ops.split takes split indices.
			prev := int64(0)
			var sz []int64
			for _, idx := range sizes {
				sz = append(sz, idx-prev)
				prev = idx
			}
			sz = append(sz, sh[a]-prev)
			sizes = sz
		}
	}
	outs := make([]graph.Shape, len(sizes))
	for i, d := range sizes {
		o := sh.Clone()
		o[a] = d
		outs[i] = o
	}
	vals, err := s.opResults(th, spec, []*Tensor{x}, outs, x.dtype(), nil)
	if err != nil {
		return nil, err
	}
	return eval.NewList(vals), nil
}

func opUnstack(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "unstack", args, kwargs)
	if err != nil {
		return nil, err
	}
	var axis int64
	if av := arg(rest, kw, 1, "axis"); av != nil {
		axis, _ = eval.AsInt(av)
	}
	sh := x.shape()
	a, err := axisArg(eval.Int(axis), len(sh))
	if err != nil {
		return nil, err
	}
	if sh[a] < 0 {
		return nil, eval.NewError(eval.ValueError, "cannot unstack a dimension of unknown size")
	}
	o := append(sh[:a:a].Clone(), sh[a+1:]...)
	outs := make([]graph.Shape, sh[a])
	for i := range outs {
		outs[i] = o
	}
	vals, err := s.opResults(th, spec, []*Tensor{x}, outs, x.dtype(), nil)
	if err != nil {
		return nil, err
	}
	return eval.NewList(vals), nil
}

func opMatmul(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "matmul", args, kwargs)
	if err != nil {
		return nil, err
	}
	yv := arg(rest, kw, 0, "b", "y", "x2")
	if yv == nil {
		return nil, eval.NewError(eval.TypeError, "matmul() needs two tensors")
	}
	y, err := asTensor(th, s, yv)
	if err != nil {
		return nil, err
	}
	a, b := x.shape(), y.shape()
	swapLast := func(s graph.Shape) graph.Shape {
		s = s.Clone()
		if n := len(s); n >= 2 {
			s[n-1], s[n-2] = s[n-2], s[n-1]
		}
		return s
	}
	if v, ok := kwarg(kw, "transpose_a"); ok {
		if t, _ := th.Truth(v); t {
			a = swapLast(a)
		}
	}
	if v, ok := kwarg(kw, "transpose_b"); ok {
		if t, _ := th.Truth(v); t {
			b = swapLast(b)
		}
	}
	out, err := matmulShape(a, b)
	if err != nil {
		return nil, eval.NewError(eval.ValueError, "%v", err)
	}
	return s.opResult(th, spec, []*Tensor{x, y}, out, x.dtype(), nil)
}

// opBatchDot is K.batch_dot(x, y, axes): contracts x's axes[0] with y's
// axes[1] per sample.
func opBatchDot(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "batch_dot", args, kwargs)
	if err != nil {
		return nil, err
	}
	y, err := asTensor(th, s, arg(rest, kw, 0, "y"))
	if err != nil {
		return nil, err
	}
	a, b := x.shape(), y.shape()
	ax := [2]int{len(a) - 1, len(b) - 2}
	if len(b) == 2 {
		ax[1] = 1
	}
	if av := arg(rest, kw, 1, "axes"); av != nil && !isNone(av) {
		if n, ok := av.(eval.Int); ok {
			ax = [2]int{int(n), int(n)}
		} else if items, err := th.Collect(av); err == nil && len(items) == 2 {
			i0, _ := eval.AsInt(items[0])
			i1, _ := eval.AsInt(items[1])
			ax = [2]int{int(i0), int(i1)}
		}
	}
	for i := range ax {
		r := len(a)
		if i == 1 {
			r = len(b)
		}
		if ax[i] < 0 {
			ax[i] += r
		}
	}
	var out graph.Shape
	for i, d := range a {
		if i != ax[0] {
			out = append(out, d)
		}
	}
	for i, d := range b {
		if i != ax[1] && i != 0 {
			out = append(out, d)
		}
	}
	if len(out) == 1 {
		out = append(out, 1)
	}
	return s.opResult(th, spec, []*Tensor{x, y}, out, x.dtype(), nil)
}

func opTile(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "tile", args, kwargs)
	if err != nil {
		return nil, err
	}
	mv := arg(rest, kw, 0, "multiples", "n", "repeats")
	mult, err := targetShapeArg(th, mv)
	if err != nil {
		return nil, err
	}
	sh := x.shape().Clone()
	for len(sh) < len(mult) {
		sh = append(graph.Shape{1}, sh...)
	}
	off := len(sh) - len(mult)
	for i, m := range mult {
		sh[off+i] = mulDim(sh[off+i], m)
	}
	return s.opResult(th, spec, []*Tensor{x}, sh, x.dtype(), nil)
}

func opRepeatElements(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "repeat", args, kwargs)
	if err != nil {
		return nil, err
	}
	n, err := eval.AsInt(arg(rest, kw, 0, "rep", "repeats"))
	if err != nil {
		return nil, err
	}
	sh := x.shape().Clone()
	av := arg(rest, kw, 1, "axis")
	if av == nil || isNone(av) {
		return s.opResult(th, spec, []*Tensor{x}, graph.Shape{mulDim(numel(sh), n)}, x.dtype(), nil)
	}
	a, err := axisArg(av, len(sh))
	if err != nil {
		return nil, err
	}
	sh[a] = mulDim(sh[a], n)
	return s.opResult(th, spec, []*Tensor{x}, sh, x.dtype(), nil)
}

// opRepeatVector is K.repeat(x, n): (batch, dim) → (batch, n, dim).
func opRepeatVector(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "repeat", args, kwargs)
	if err != nil {
		return nil, err
	}
	n, err := eval.AsInt(arg(rest, kw, 0, "n"))
	if err != nil {
		return nil, err
	}
	sh := x.shape()
	if len(sh) != 2 {
		return nil, eval.NewError(eval.ValueError, "repeat() expects a 2-D tensor, got shape %s", sh)
	}
	return s.opResult(th, spec, []*Tensor{x}, graph.Shape{sh[0], n, sh[1]}, x.dtype(), nil)
}

func opOneHot(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "one_hot", args, kwargs)
	if err != nil {
		return nil, err
	}
	n, err := eval.AsInt(arg(rest, kw, 0, "depth", "num_classes", "nb_classes"))
	if err != nil {
		return nil, err
	}
	return s.opResult(th, spec, []*Tensor{x}, append(x.shape().Clone(), n), "float32", nil)
}

func opGather(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "gather", args, kwargs)
	if err != nil {
		return nil, err
	}
	iv := arg(rest, kw, 0, "indices")
	idx, err := asTensor(th, s, iv)
	if err != nil {
		return nil, err
	}
	sh := x.shape()
	av := arg(rest, kw, 1, "axis")
	if (av == nil || isNone(av)) && spec.k3 == "Take" {
		return s.opResult(th, spec, []*Tensor{x, idx}, idx.shape().Clone(), x.dtype(), nil)
	}
	a := 0
	if av != nil && !isNone(av) {
		if a, err = axisArg(av, len(sh)); err != nil {
			return nil, err
		}
	}
	out := append(sh[:a:a].Clone(), idx.shape()...)
	out = append(out, sh[a+1:]...)
	return s.opResult(th, spec, []*Tensor{x, idx}, out, x.dtype(), nil)
}

func opBatchFlatten(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, _, _, err := xArg(th, s, "batch_flatten", args, kwargs)
	if err != nil {
		return nil, err
	}
	sh := x.shape()
	if len(sh) == 0 {
		return nil, eval.NewError(eval.ValueError, "batch_flatten needs a batch dimension")
	}
	return s.opResult(th, spec, []*Tensor{x}, graph.Shape{sh[0], numel(sh[1:])}, x.dtype(), nil)
}

func opFlatten(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, _, _, err := xArg(th, s, "flatten", args, kwargs)
	if err != nil {
		return nil, err
	}
	return s.opResult(th, spec, []*Tensor{x}, graph.Shape{numel(x.shape())}, x.dtype(), nil)
}

// opPad is tf.pad / ops.pad with literal paddings.
func opPad(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "pad", args, kwargs)
	if err != nil {
		return nil, err
	}
	pv := arg(rest, kw, 0, "paddings", "pad_width")
	rows, err := th.Collect(pv)
	if err != nil {
		return nil, eval.NewError(eval.TypeError, "pad: paddings must be a list of pairs")
	}
	sh := x.shape().Clone()
	if len(rows) != len(sh) {
		return nil, eval.NewError(eval.ValueError, "pad: %d paddings for a tensor of rank %d", len(rows), len(sh))
	}
	for i, r := range rows {
		p, err := targetShapeArg(th, r)
		if err != nil || len(p) != 2 {
			return nil, eval.NewError(eval.ValueError, "pad: each padding must be a pair")
		}
		if sh[i] >= 0 {
			sh[i] += p[0] + p[1]
		}
	}
	return s.opResult(th, spec, []*Tensor{x}, sh, x.dtype(), nil)
}

// opResize is tf.image.resize(images, size).
func opResize(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "resize", args, kwargs)
	if err != nil {
		return nil, err
	}
	size, err := targetShapeArg(th, arg(rest, kw, 0, "size"))
	if err != nil || len(size) != 2 {
		return nil, eval.NewError(eval.ValueError, "resize: size must be (height, width)")
	}
	sh := x.shape().Clone()
	if len(sh) < 3 {
		return nil, eval.NewError(eval.ValueError, "resize: images must be 3-D or 4-D")
	}
	n := len(sh)
	sh[n-3], sh[n-2] = size[0], size[1]
	return s.opResult(th, spec, []*Tensor{x}, sh, "float32", nil)
}

func opSlice(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "slice", args, kwargs)
	if err != nil {
		return nil, err
	}
	begin, err1 := targetShapeArg(th, arg(rest, kw, 0, "begin", "start_indices"))
	size, err2 := targetShapeArg(th, arg(rest, kw, 1, "size", "shape"))
	if err1 != nil || err2 != nil || len(size) != len(x.shape()) {
		return nil, eval.NewError(eval.ValueError, "slice: begin and size must have one entry per dimension")
	}
	out := make(graph.Shape, len(size))
	for i, d := range size {
		switch {
		case d == -1 && x.shape()[i] >= 0 && i < len(begin):
			out[i] = x.shape()[i] - begin[i]
		case d < 0:
			out[i] = graph.Unknown
		default:
			out[i] = d
		}
	}
	return s.opResult(th, spec, []*Tensor{x}, out, x.dtype(), nil)
}

func opBroadcastTo(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "broadcast_to", args, kwargs)
	if err != nil {
		return nil, err
	}
	sh, err := shapeArg(th, "shape", arg(rest, kw, 0, "shape"))
	if err != nil {
		return nil, err
	}
	return s.opResult(th, spec, []*Tensor{x}, sh, x.dtype(), nil)
}

// opTopK is top_k(x, k): values and indices.
func opTopK(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, rest, kw, err := xArg(th, s, "top_k", args, kwargs)
	if err != nil {
		return nil, err
	}
	k := int64(1)
	if kv := arg(rest, kw, 0, "k"); kv != nil {
		if k, err = eval.AsInt(kv); err != nil {
			return nil, err
		}
	}
	sh := x.shape().Clone()
	if len(sh) == 0 {
		return nil, eval.NewError(eval.ValueError, "top_k needs a tensor of rank >= 1")
	}
	sh[len(sh)-1] = k
	vals, err := s.opResults(th, spec, []*Tensor{x}, []graph.Shape{sh, sh.Clone()}, x.dtype(), nil)
	if err != nil {
		return nil, err
	}
	return eval.Tuple(vals), nil
}

// opCrossentropy is K.categorical_crossentropy(target, output) and
// friends: one value per sample.
func opCrossentropy(keepLast bool) opImpl {
	return func(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		t, rest, kw, err := xArg(th, s, "crossentropy", args, kwargs)
		if err != nil {
			return nil, err
		}
		ov := arg(rest, kw, 0, "output", "y_pred")
		if ov == nil {
			return nil, eval.NewError(eval.TypeError, "crossentropy needs target and output")
		}
		o, err := asTensor(th, s, ov)
		if err != nil {
			return nil, err
		}
		sh := o.shape().Clone()
		if !keepLast && len(sh) > 0 {
			sh = sh[:len(sh)-1]
		}
		return s.opResult(th, spec, []*Tensor{t, o}, sh, o.dtype(), nil)
	}
}

// opEinsum infers the output shape of einsum("ij,jk->ik", a, b).
func opEinsum(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	if len(args) < 2 {
		return nil, eval.NewError(eval.TypeError, "einsum() needs an equation and operands")
	}
	eq, err := eval.AsString(args[0])
	if err != nil {
		return nil, err
	}
	ts, err := tensorList(th, s, args[1:])
	if err != nil {
		return nil, err
	}
	eq = strings.ReplaceAll(eq, " ", "")
	lhs, rhs, hasOut := strings.Cut(eq, "->")
	terms := strings.Split(lhs, ",")
	if len(terms) != len(ts) || strings.Contains(eq, "...") {
		return nil, eval.NewError(eval.ValueError, "einsum: netsum handles equations without ellipsis whose terms match the operands (%q)", eq)
	}
	dims := map[rune]int64{}
	count := map[rune]int{}
	for i, term := range terms {
		sh := ts[i].shape()
		if len([]rune(term)) != len(sh) {
			return nil, eval.NewError(eval.ValueError, "einsum: term %q does not match shape %s", term, sh)
		}
		for j, c := range term {
			if d, ok := dims[c]; !ok || d < 0 {
				dims[c] = sh[j]
			}
			count[c]++
		}
	}
	if !hasOut {
		var letters []rune
		for c, n := range count {
			if n == 1 {
				letters = append(letters, c)
			}
		}
		sortRunes(letters)
		rhs = string(letters)
	}
	out := graph.Shape{}
	for _, c := range rhs {
		d, ok := dims[c]
		if !ok {
			return nil, eval.NewError(eval.ValueError, "einsum: output subscript %q is not in the inputs", c)
		}
		out = append(out, d)
	}
	return s.opResult(th, spec, ts, out, ts[0].dtype(), nil)
}

func sortRunes(r []rune) {
	for i := 1; i < len(r); i++ {
		for j := i; j > 0 && r[j] < r[j-1]; j-- {
			r[j], r[j-1] = r[j-1], r[j]
		}
	}
}

// opShapeTensor is tf.shape(x) / K.shape(x): an int tensor of the dims.
func opShapeTensor(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, _, _, err := xArg(th, s, "shape", args, kwargs)
	if err != nil {
		return nil, err
	}
	sh := x.shape()
	kind := x.kind
	if kind == kKeras {
		kind = kSymbolic
	}
	if kind == kVariable || kind == kNumpy {
		kind = kEager
	}
	t := newTensor(s, kind, graph.Shape{int64(len(sh))}, "int32")
	if numel(sh) >= 0 {
		t.vals = make([]float64, len(sh))
		for i, d := range sh {
			t.vals[i] = float64(d)
		}
		t.kind = kNumpy
	}
	return t, nil
}

// opFill makes zeros(shape), ones(shape), fill(dims, value), full(shape, v).
func opFill(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	sv := arg(args, kwargs, 0, "shape", "dims")
	if sv == nil {
		return nil, eval.NewError(eval.TypeError, "missing the shape")
	}
	sh, err := concreteShape(th, sv)
	if err != nil {
		return nil, err
	}
	dt := ""
	if v, ok := kwarg(kwargs, "dtype"); ok {
		dt = dtypeName(v)
	} else if len(args) > 1 && spec.k3 != "Full" {
		dt = dtypeName(args[1])
	}
	if dt == "" {
		dt = s.floatx
	}
	return newTensor(s, kEager, sh, dt), nil
}

func opLike(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	x, _, _, err := xArg(th, s, "zeros_like", args, kwargs)
	if err != nil {
		return nil, err
	}
	return s.opResult(th, spec, []*Tensor{x}, x.shape().Clone(), x.dtype(), nil)
}

// opConstant is tf.constant / K.constant / ops.convert_to_tensor.
func opConstant(kind tkind) opImpl {
	return func(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		v := arg(args, kwargs, 0, "value", "x")
		if v == nil {
			return nil, eval.NewError(eval.TypeError, "missing the value")
		}
		dt := ""
		if d := arg(args, kwargs, 1, "dtype"); d != nil {
			dt = dtypeName(d)
		}
		if t, ok := v.(*Tensor); ok && (t.kind == kKeras || t.kind == kSymbolic) {
			return t, nil
		}
		a, err := arrayFrom(th, s, v, dt)
		if err != nil {
			return nil, err
		}
		if shv, ok := kwarg(kwargs, "shape"); ok && !isNone(shv) {
			if sh, err := concreteShape(th, shv); err == nil {
				a.g.Shape = sh
				a.vals = nil
			}
		}
		if a.dtype() == "float64" && dt == "" {
			a.g.DType = s.floatx
		}
		if a.dtype() == "int64" && dt == "" && kind != kNumpy {
			a.g.DType = "int32"
		}
		a.kind = kind
		if kind == kVariable {
			w := &graph.Weight{Name: "variable", Shape: []int64(a.shape()), DType: a.dtype(), Trainable: true}
			if n, ok := kwarg(kwargs, "name"); ok && !isNone(n) {
				w.Name = nameOf(n)
			}
			if tv, ok := kwarg(kwargs, "trainable"); ok {
				w.Trainable, _ = th.Truth(tv)
			}
			v := s.variable(w)
			v.vals = a.vals
			return v, nil
		}
		return a, nil
	}
}

// opRandom is random.normal(shape) and friends.
func opRandom(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	return opFill(th, s, opSpec{k3: "Full"}, args, kwargs)
}

// opRange is tf.range / ops.arange.
func opRange(th *eval.Thread, s *Session, spec opSpec, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var nums []float64
	args = append(eval.Tuple(nil), args...)
	for i, names := range [][]string{{"start"}, {"stop", "limit"}, {"step", "delta"}} {
		for _, n := range names {
			if v, ok := kwarg(kwargs, n); ok && !isNone(v) {
				for len(args) < i {
					args = append(args, eval.Int(map[int]int64{0: 0, 1: 0, 2: 1}[len(args)]))
				}
				if len(args) == i {
					args = append(args, v)
				}
			}
		}
	}
	if len(args) == 2 && args[0] == eval.Value(eval.Int(0)) {
		if _, ok := kwarg(kwargs, "start"); !ok {
			args = args[1:] // arange(stop=n)
		}
	}
	for _, a := range args {
		f, err := eval.AsFloat(a)
		if err != nil {
			return newTensor(s, kEager, graph.Shape{graph.Unknown}, "int32"), nil
		}
		nums = append(nums, f)
	}
	start, stop, step, ok := eval.RangeBounds(nums)
	if !ok {
		return nil, eval.NewError(eval.TypeError, "range() needs 1 to 3 numbers")
	}
	n := int64(0)
	if step != 0 {
		n = int64((stop - start + step - sign(step)) / step)
		if n < 0 {
			n = 0
		}
	}
	return newTensor(s, kEager, graph.Shape{n}, "int32"), nil
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

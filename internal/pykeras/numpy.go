package pykeras

import (
	"math"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// maxVals bounds the arrays whose values netsum keeps (np.array of a
// shape, small constants); bigger arrays have a shape only.
const maxVals = 1 << 16

// arrayFrom converts nested lists or tuples of numbers (or arrays) to an
// array, keeping the values when there are few.
func arrayFrom(th *eval.Thread, s *Session, v eval.Value, dtype string) (*Tensor, error) {
	if t, ok := v.(*Tensor); ok {
		r := newTensor(s, kNumpy, t.shape().Clone(), t.dtype())
		if dtype != "" {
			r.g.DType = dtype
		}
		r.vals, r.classes = t.vals, t.classes
		return r, nil
	}
	var shape graph.Shape
	var vals []float64
	dt := "int64"
	var walk func(v eval.Value, depth int) error
	walk = func(v eval.Value, depth int) error {
		if depth > 32 {
			return eval.NewError(eval.ValueError, "array nested too deeply")
		}
		switch x := v.(type) {
		case eval.Int, eval.Bool:
			if depth != len(shape) {
				return eval.NewError(eval.ValueError, "setting an array element with a sequence: inhomogeneous shape")
			}
			f, _ := eval.AsFloat(x)
			if _, b := x.(eval.Bool); b && dt == "int64" && len(vals) == 0 {
				dt = "bool"
			}
			vals = append(vals, f)
			return nil
		case eval.Float:
			if depth != len(shape) {
				return eval.NewError(eval.ValueError, "setting an array element with a sequence: inhomogeneous shape")
			}
			dt = "float64"
			vals = append(vals, float64(x))
			return nil
		case eval.NoneType:
			dt = "object"
			vals = append(vals, math.NaN())
			return nil
		case *Tensor:
			if depth == len(shape) && len(vals) == 0 {
				shape = append(shape, x.shape()...)
			}
			if x.vals != nil {
				vals = append(vals, x.vals...)
			} else {
				vals = nil
			}
			dt = x.dtype()
			return nil
		case eval.String:
			dt = "str"
			vals = append(vals, 0)
			return nil
		}
		items, err := th.Collect(v)
		if err != nil {
			return eval.NewError(eval.TypeError, "cannot make an array of %s", v.Type())
		}
		if depth == len(shape) {
			shape = append(shape, int64(len(items)))
		} else if depth < len(shape) && shape[depth] != int64(len(items)) {
			return eval.NewError(eval.ValueError, "setting an array element with a sequence: the requested array has an inhomogeneous shape")
		}
		if len(vals) > maxVals {
			return eval.NewError(eval.ValueError, "netsum keeps arrays of at most %d literal values", maxVals)
		}
		for _, it := range items {
			if err := walk(it, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(v, 0); err != nil {
		return nil, err
	}
	if dtype != "" {
		dt = dtype
	}
	t := newTensor(s, kNumpy, shape, dt)
	if int64(len(vals)) == numel(shape) {
		t.vals = vals
	}
	return t, nil
}

// numpyArg converts a numpy function's array argument.
func numpyArg(th *eval.Thread, s *Session, v eval.Value) (*Tensor, error) {
	if t, ok := v.(*Tensor); ok {
		return t, nil
	}
	return arrayFrom(th, s, v, "")
}

// unpack1 reads the first argument under one of names.
func unpack1(args eval.Tuple, kwargs []eval.KV, names ...string) (eval.Value, eval.Tuple, []eval.KV) {
	if len(args) > 0 {
		return args[0], args[1:], kwargs
	}
	for _, n := range names {
		if v, ok := kwarg(kwargs, n); ok {
			return v, args, dropKwargs(kwargs, n)
		}
	}
	return nil, args, kwargs
}

// numpyMethod gives the array methods (x.reshape, x.astype, ...).
func numpyMethod(t *Tensor, name string) eval.Value {
	s := t.sess
	fn := func(f func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error)) eval.Value {
		return eval.NewBuiltin(name, f)
	}
	withSelf := func(op string) eval.Value {
		return fn(func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			impl := numpyFuncs[op]
			return impl(th, s, append(eval.Tuple{t}, args...), kwargs)
		})
	}
	switch name {
	case "size":
		if n := numel(t.shape()); n >= 0 {
			return eval.Int(n)
		}
		return eval.None
	case "T":
		out := make(graph.Shape, len(t.shape()))
		for i, d := range t.shape() {
			out[len(out)-1-i] = d
		}
		return t.with(t.kind, out, t.dtype())
	case "nbytes":
		if n := numel(t.shape()); n >= 0 {
			return eval.Int(n * int64(dtypeBytes(t.dtype())))
		}
		return eval.None
	case "itemsize":
		return eval.Int(dtypeBytes(t.dtype()))
	case "reshape":
		return fn(func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			var shape eval.Value
			if len(args) == 1 {
				shape = args[0]
			} else if len(args) > 1 {
				shape = args
			} else if v, ok := kwarg(kwargs, "shape"); ok {
				shape = v
			} else if v, ok := kwarg(kwargs, "newshape"); ok {
				shape = v
			}
			return reshapeTensor(th, s, opSpec{tf: "reshape", k3: "Reshape"}, t, shape)
		})
	case "astype":
		return fn(func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			dt, _, _ := unpack1(args, kwargs, "dtype")
			r := t.with(t.kind, t.shape().Clone(), dtypeName(dt))
			r.vals, r.classes = t.vals, t.classes
			return r, nil
		})
	case "copy", "view":
		return fn(func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			r := t.with(t.kind, t.shape().Clone(), t.dtype())
			r.vals, r.classes = t.vals, t.classes
			return r, nil
		})
	case "flatten", "ravel":
		return fn(func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			r := t.with(t.kind, graph.Shape{numel(t.shape())}, t.dtype())
			r.vals, r.classes = t.vals, t.classes
			return r, nil
		})
	case "tolist":
		return fn(func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if t.vals == nil || len(t.shape()) > 1 {
				return nil, eval.NewError(eval.ValueError, "netsum does not hold the data of this array (shape %s)", t.shape())
			}
			if len(t.shape()) == 0 {
				return scalarValue(t.vals[0], t.dtype()), nil
			}
			out := make([]eval.Value, len(t.vals))
			for i, v := range t.vals {
				out[i] = scalarValue(v, t.dtype())
			}
			return eval.NewList(out), nil
		})
	case "item":
		return fn(func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if t.vals != nil && len(t.vals) >= 1 {
				return scalarValue(t.vals[0], t.dtype()), nil
			}
			return nil, eval.NewError(eval.ValueError, "netsum does not hold the data of this array (shape %s)", t.shape())
		})
	case "sum", "mean", "max", "min", "prod", "std", "var", "argmax", "argmin", "transpose", "squeeze", "any", "all", "clip", "round", "dot", "repeat", "cumsum":
		return withSelf(name)
	case "shuffle", "fill", "sort", "resize", "setflags":
		return fn(func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.None, nil })
	}
	return nil
}

func dtypeBytes(dt string) int {
	switch dt {
	case "float64", "int64", "uint64", "complex64":
		return 8
	case "float16", "int16", "uint16", "bfloat16":
		return 2
	case "int8", "uint8", "bool":
		return 1
	}
	return 4
}

// numpyFuncs are the numpy functions netsum implements on shapes.
var numpyFuncs map[string]func(th *eval.Thread, s *Session, args eval.Tuple, kwargs []eval.KV) (eval.Value, error)

func setupNumpyFuncs() {
	numpyFuncs = map[string]func(th *eval.Thread, s *Session, args eval.Tuple, kwargs []eval.KV) (eval.Value, error){}
	for _, n := range []string{"sum", "mean", "max", "min", "prod", "std", "var", "amax", "amin", "nanmean", "nansum", "median", "average", "any", "all"} {
		n := n
		numpyFuncs[n] = func(th *eval.Thread, s *Session, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			var x, axis, keepdims eval.Value = nil, eval.None, eval.False
			var rest []eval.KV
			if err := eval.UnpackArgs(n, args, kwargs, "a", &x, "axis?", &axis, "dtype?", new(eval.Value), "out?", new(eval.Value), "keepdims?", &keepdims, "**kwargs", &rest); err != nil {
				return nil, err
			}
			t, err := numpyArg(th, s, x)
			if err != nil {
				return nil, err
			}
			kd, _ := th.Truth(keepdims)
			out, err := reduceShape(th, t.shape(), axis, kd)
			if err != nil {
				return nil, err
			}
			dt := t.dtype()
			if n == "mean" || n == "std" || n == "var" || n == "average" || n == "nanmean" || n == "median" {
				if !strings.HasPrefix(dt, "float") {
					dt = "float64"
				}
			}
			if n == "any" || n == "all" {
				dt = "bool"
			}
			if t.vals != nil && len(out) == 0 && isNone(axis) {
				return scalarValue(reduceVals(n, t.vals), dt), nil
			}
			if len(out) == 0 && t.kind == kNumpy {
				return dataScalar(th, t, n, dt), nil
			}
			return t.with(kNumpy, out, dt), nil
		}
	}
	for _, n := range []string{"argmax", "argmin"} {
		n := n
		numpyFuncs[n] = func(th *eval.Thread, s *Session, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			var x, axis eval.Value = nil, eval.None
			if err := eval.UnpackArgs(n, args, kwargs, "a", &x, "axis?", &axis, "out?", new(eval.Value), "keepdims?", new(eval.Value)); err != nil {
				return nil, err
			}
			t, err := numpyArg(th, s, x)
			if err != nil {
				return nil, err
			}
			out, err := reduceShape(th, t.shape(), axis, false)
			if err != nil {
				return nil, err
			}
			if len(out) == 0 {
				return newTensor(s, kNumpy, graph.Shape{}, "int64"), nil
			}
			return t.with(kNumpy, out, "int64"), nil
		}
	}
	numpyFuncs["transpose"] = func(th *eval.Thread, s *Session, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var x, axes eval.Value = nil, eval.None
		if len(args) > 2 {
			axes = args[1:]
			args = args[:1]
		}
		if err := eval.UnpackArgs("transpose", args, kwargs, "a", &x, "axes?", &axes); err != nil {
			return nil, err
		}
		t, err := numpyArg(th, s, x)
		if err != nil {
			return nil, err
		}
		out, err := transposeShape(th, t.shape(), axes)
		if err != nil {
			return nil, err
		}
		return t.with(kNumpy, out, t.dtype()), nil
	}
	numpyFuncs["squeeze"] = func(th *eval.Thread, s *Session, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var x, axis eval.Value = nil, eval.None
		if err := eval.UnpackArgs("squeeze", args, kwargs, "a", &x, "axis?", &axis); err != nil {
			return nil, err
		}
		t, err := numpyArg(th, s, x)
		if err != nil {
			return nil, err
		}
		out, err := squeezeShape(th, t.shape(), axis)
		if err != nil {
			return nil, err
		}
		r := t.with(kNumpy, out, t.dtype())
		r.classes = t.classes
		return r, nil
	}
	same := func(n string) {
		numpyFuncs[n] = func(th *eval.Thread, s *Session, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			x, _, _ := unpack1(args, kwargs, "a", "x")
			if x == nil {
				return nil, eval.NewError(eval.TypeError, "%s() missing its array argument", n)
			}
			t, err := numpyArg(th, s, x)
			if err != nil {
				return nil, err
			}
			dt := t.dtype()
			switch n {
			case "sqrt", "exp", "log", "log1p", "sin", "cos", "tanh":
				if !strings.HasPrefix(dt, "float") {
					dt = "float64"
				}
			case "isnan", "isinf", "isfinite", "logical_not":
				dt = "bool"
			}
			r := t.with(kNumpy, t.shape().Clone(), dt)
			if t.vals != nil {
				r.vals = mapVals(n, t.vals)
			}
			r.classes = t.classes
			return r, nil
		}
	}
	for _, n := range []string{"abs", "absolute", "sqrt", "exp", "log", "log1p", "square", "sign", "round", "around", "floor", "ceil",
		"clip", "copy", "asarray", "ascontiguousarray", "nan_to_num", "sin", "cos", "tanh", "negative", "isnan", "isinf", "isfinite",
		"logical_not", "cumsum", "sort", "flip", "fliplr", "flipud", "rint", "fix"} {
		same(n)
	}
	numpyFuncs["repeat"] = func(th *eval.Thread, s *Session, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var x, reps, axis eval.Value = nil, nil, eval.None
		if err := eval.UnpackArgs("repeat", args, kwargs, "a", &x, "repeats", &reps, "axis?", &axis); err != nil {
			return nil, err
		}
		t, err := numpyArg(th, s, x)
		if err != nil {
			return nil, err
		}
		n, err := eval.AsInt(reps)
		if err != nil {
			return nil, err
		}
		sh := t.shape().Clone()
		if isNone(axis) {
			return t.with(kNumpy, graph.Shape{mulDim(numel(sh), n)}, t.dtype()), nil
		}
		a, err := axisArg(axis, len(sh))
		if err != nil {
			return nil, err
		}
		sh[a] = mulDim(sh[a], n)
		return t.with(kNumpy, sh, t.dtype()), nil
	}
	numpyFuncs["dot"] = func(th *eval.Thread, s *Session, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) < 2 {
			return nil, eval.NewError(eval.TypeError, "dot() needs two arrays")
		}
		a, err := numpyArg(th, s, args[0])
		if err != nil {
			return nil, err
		}
		b, err := numpyArg(th, s, args[1])
		if err != nil {
			return nil, err
		}
		out, err := matmulShape(a.shape(), b.shape())
		if err != nil {
			return nil, eval.NewError(eval.ValueError, "%v", err)
		}
		return a.with(kNumpy, out, a.dtype()), nil
	}
	numpyFuncs["matmul"] = numpyFuncs["dot"]
	numpyFuncs["cumsum"] = numpyFuncs["abs"]
}

func mulDim(d, n int64) int64 {
	if d < 0 {
		return d
	}
	return d * n
}

func reduceVals(op string, v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	switch op {
	case "sum", "nansum":
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s
	case "prod":
		p := 1.0
		for _, x := range v {
			p *= x
		}
		return p
	case "max", "amax":
		m := v[0]
		for _, x := range v {
			m = math.Max(m, x)
		}
		return m
	case "min", "amin":
		m := v[0]
		for _, x := range v {
			m = math.Min(m, x)
		}
		return m
	case "any":
		for _, x := range v {
			if x != 0 {
				return 1
			}
		}
		return 0
	case "all":
		for _, x := range v {
			if x == 0 {
				return 0
			}
		}
		return 1
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func mapVals(op string, v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		switch op {
		case "abs", "absolute":
			out[i] = math.Abs(x)
		case "sqrt":
			out[i] = math.Sqrt(x)
		case "exp":
			out[i] = math.Exp(x)
		case "log":
			out[i] = math.Log(x)
		case "square":
			out[i] = x * x
		case "floor":
			out[i] = math.Floor(x)
		case "ceil":
			out[i] = math.Ceil(x)
		case "round", "around", "rint":
			out[i] = math.RoundToEven(x)
		case "negative":
			out[i] = -x
		default:
			out[i] = x
		}
	}
	return out
}

// constructor makes np.zeros, np.ones, np.empty, np.full, np.random.*:
// an array of a given shape.
func constructor(s *Session, kind tkind, name, defDType string, shapeParam string) *eval.Builtin {
	return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var shape eval.Value
		var dtype eval.Value = eval.None
		var rest []eval.KV
		switch name {
		case "full":
			var fill eval.Value
			if err := eval.UnpackArgs(name, args, kwargs, "shape", &shape, "fill_value", &fill, "dtype?", &dtype, "**kwargs", &rest); err != nil {
				return nil, err
			}
		case "uniform", "normal", "random_normal", "random_uniform", "truncated_normal", "randint", "integers", "binomial", "choice", "poisson", "permutation", "beta", "gamma", "exponential", "standard_normal", "laplace":
			// loc/low, scale/high, size; or the Keras/TensorFlow (shape, ...)
			if v, ok := kwarg(kwargs, "size"); ok {
				shape = v
			} else if v, ok := kwarg(kwargs, "shape"); ok {
				shape = v
			} else if shapeParam == "shape" && len(args) > 0 {
				shape = args[0]
			} else if shapeParam == "size3" && len(args) > 2 {
				shape = args[2]
			} else if name == "standard_normal" && len(args) > 0 {
				shape = args[0]
			} else if name == "permutation" && len(args) > 0 {
				if n, ok := args[0].(eval.Int); ok {
					shape = eval.Tuple{n}
				} else if t, ok := args[0].(*Tensor); ok {
					return t, nil
				}
			} else if name == "choice" && len(args) > 1 {
				shape = args[1]
			} else {
				shape = eval.Tuple{}
			}
			if v, ok := kwarg(kwargs, "dtype"); ok {
				dtype = v
			}
			if name == "randint" || name == "integers" {
				defDType = "int64"
				if shapeParam == "shape" {
					defDType = "int32"
				}
			}
		default:
			if len(args) > 1 {
				if _, isDT := args[1].(*dtypeValue); isDT || isString(args[1]) {
					dtype = args[1]
					args = args[:1]
				}
			}
			if len(args) > 1 && (name == "rand" || name == "randn" || name == "random_sample" || name == "random") {
				shape = args
			} else if err := eval.UnpackArgs(name, args, kwargs, shapeParam, &shape, "dtype?", &dtype, "**kwargs", &rest); err != nil {
				return nil, err
			}
		}
		sh, err := concreteShape(th, shape)
		if err != nil {
			if isNone(shape) {
				sh = graph.Shape{}
			} else {
				return nil, err
			}
		}
		dt := dtypeName(dtype)
		if dt == "" {
			dt = defDType
		}
		t := newTensor(s, kind, sh, dt)
		if n := numel(sh); n >= 0 && n <= 1024 && (name == "zeros" || name == "ones") {
			t.vals = make([]float64, n)
			if name == "ones" {
				for i := range t.vals {
					t.vals[i] = 1
				}
			}
		}
		return t, nil
	})
}

func isString(v eval.Value) bool {
	_, ok := v.(eval.String)
	return ok
}

// numpyModule is the numpy subset for shapes.
func numpyModule(th *eval.Thread, s *Session, name string) *eval.Module {
	m := eval.NewModule(name)
	m.Set("__version__", eval.String("1.26.4"))
	m.Set("ndarray", ndarrayClass)
	m.Set("newaxis", eval.None)
	m.Set("pi", eval.Float(math.Pi))
	m.Set("e", eval.Float(math.E))
	m.Set("inf", eval.Float(math.Inf(1)))
	m.Set("nan", eval.Float(math.NaN()))
	for _, dt := range []string{"float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool_", "complex64"} {
		m.Set(dt, &dtypeValue{name: strings.TrimSuffix(dt, "_")})
	}
	m.Set("float_", &dtypeValue{name: "float64"})
	m.Set("int_", &dtypeValue{name: "int64"})
	m.Set("double", &dtypeValue{name: "float64"})
	m.Set("dtype", eval.NewBuiltin("dtype", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 {
			return nil, eval.NewError(eval.TypeError, "dtype() needs a type")
		}
		return &dtypeValue{name: dtypeName(args[0])}, nil
	}))
	for n, f := range numpyFuncs {
		f := f
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return f(th, s, args, kwargs)
		})
	}
	for _, n := range []string{"array", "asarray", "asanyarray"} {
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			var x, dtype eval.Value = nil, eval.None
			var rest []eval.KV
			if err := eval.UnpackArgs("array", args, kwargs, "object", &x, "dtype?", &dtype, "**kwargs", &rest); err != nil {
				return nil, err
			}
			return arrayFrom(th, s, x, dtypeName(dtype))
		})
	}
	m.Set("zeros", constructor(s, kNumpy, "zeros", "float64", "shape"))
	m.Set("ones", constructor(s, kNumpy, "ones", "float64", "shape"))
	m.Set("empty", constructor(s, kNumpy, "empty", "float64", "shape"))
	m.Set("full", constructor(s, kNumpy, "full", "float64", "shape"))
	for _, n := range []string{"zeros_like", "ones_like", "empty_like", "full_like"} {
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			x, _, _ := unpack1(args, kwargs, "a")
			t, err := numpyArg(th, s, x)
			if err != nil {
				return nil, err
			}
			return t.with(kNumpy, t.shape().Clone(), t.dtype()), nil
		})
	}
	m.SetFunc("arange", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		nums := []float64{}
		isFloat := false
		for _, a := range args {
			f, err := eval.AsFloat(a)
			if err != nil {
				return nil, err
			}
			if _, ok := a.(eval.Float); ok {
				isFloat = true
			}
			nums = append(nums, f)
		}
		start, stop, step, ok := eval.RangeBounds(nums)
		if !ok {
			return nil, eval.NewError(eval.TypeError, "arange() needs 1 to 3 numbers")
		}
		if step == 0 {
			return nil, eval.NewError(eval.ValueError, "arange: step is zero")
		}
		n := int64(math.Ceil((stop - start) / step))
		if n < 0 {
			n = 0
		}
		dt := "int64"
		if isFloat {
			dt = "float64"
		}
		t := newTensor(s, kNumpy, graph.Shape{n}, dt)
		if n <= maxVals {
			t.vals = make([]float64, n)
			for i := range t.vals {
				t.vals[i] = start + float64(i)*step
			}
		}
		return t, nil
	})
	m.SetFunc("linspace", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var start, stop eval.Value
		num := 50
		var rest []eval.KV
		if err := eval.UnpackArgs("linspace", args, kwargs, "start", &start, "stop", &stop, "num?", &num, "**kwargs", &rest); err != nil {
			return nil, err
		}
		if num < 0 {
			return nil, eval.NewError(eval.ValueError, "Number of samples, %d, must be non-negative.", num)
		}
		t := newTensor(s, kNumpy, graph.Shape{int64(num)}, "float64")
		a, errA := eval.AsFloat(start)
		b, errB := eval.AsFloat(stop)
		endpoint := true
		for _, k := range rest {
			if k.Name == "endpoint" {
				endpoint, _ = th.Truth(k.Value)
			}
		}
		if errA == nil && errB == nil && num <= maxVals {
			// numpy: arange(num) * step + start, the last one stop
			div := float64(num)
			if endpoint {
				div--
			}
			t.vals = make([]float64, num)
			for i := range t.vals {
				t.vals[i] = a
				if div > 0 {
					t.vals[i] = float64(i)*((b-a)/div) + a
				}
			}
			if endpoint && num > 1 {
				t.vals[num-1] = b
			}
		}
		return t, nil
	})
	m.SetFunc("eye", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var n int64
		var mm eval.Value = eval.None
		var rest []eval.KV
		if err := eval.UnpackArgs("eye", args, kwargs, "N", &n, "M?", &mm, "**kwargs", &rest); err != nil {
			return nil, err
		}
		cols := n
		if c, ok := mm.(eval.Int); ok {
			cols = int64(c)
		}
		return newTensor(s, kNumpy, graph.Shape{n, cols}, "float64"), nil
	})
	m.SetFunc("reshape", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var x, shape eval.Value
		var rest []eval.KV
		if err := eval.UnpackArgs("reshape", args, kwargs, "a", &x, "newshape|shape", &shape, "**kwargs", &rest); err != nil {
			return nil, err
		}
		t, err := numpyArg(th, s, x)
		if err != nil {
			return nil, err
		}
		return reshapeTensor(th, s, opSpec{}, t, shape)
	})
	m.SetFunc("expand_dims", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var x eval.Value
		var axis int64
		if err := eval.UnpackArgs("expand_dims", args, kwargs, "a", &x, "axis", &axis); err != nil {
			return nil, err
		}
		t, err := numpyArg(th, s, x)
		if err != nil {
			return nil, err
		}
		out, err := expandDimsShape(t.shape(), axis)
		if err != nil {
			return nil, eval.NewError(eval.ValueError, "%v", err)
		}
		r := t.with(kNumpy, out, t.dtype())
		r.classes = t.classes
		return r, nil
	})
	joiner := func(name string) {
		m.SetFunc(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			var seq eval.Value
			var axis int64
			if name == "stack" || name == "concatenate" {
				axis = 0
			}
			var rest []eval.KV
			if err := eval.UnpackArgs(name, args, kwargs, "arrays", &seq, "axis?", &axis, "**kwargs", &rest); err != nil {
				return nil, err
			}
			ts, err := tensorList(th, s, seq)
			if err != nil {
				return nil, err
			}
			var shapes []graph.Shape
			for _, t := range ts {
				sh := t.shape()
				switch name {
				case "vstack", "row_stack":
					if len(sh) == 1 {
						sh = graph.Shape{1, sh[0]}
					}
				case "hstack":
					if len(sh) == 1 {
						axis = 0
					} else {
						axis = 1
					}
				case "stack":
					sh, _ = expandDimsShape(sh, axis)
				}
				shapes = append(shapes, sh)
			}
			out, err := concatShape(shapes, int(axis))
			if err != nil {
				return nil, eval.NewError(eval.ValueError, "%v", err)
			}
			return newTensor(s, kNumpy, out, ts[0].dtype()), nil
		})
	}
	for _, n := range []string{"concatenate", "stack", "vstack", "hstack", "row_stack"} {
		joiner(n)
	}
	m.SetFunc("where", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 3 {
			var shapes []graph.Shape
			for _, a := range args {
				t, err := numpyArg(th, s, a)
				if err != nil {
					return nil, err
				}
				shapes = append(shapes, t.shape())
			}
			out, err := broadcast(shapes[0], shapes[1])
			if err == nil {
				out, err = broadcast(out, shapes[2])
			}
			if err != nil {
				return nil, eval.NewError(eval.ValueError, "where: shapes do not broadcast")
			}
			return newTensor(s, kNumpy, out, "float64"), nil
		}
		return eval.Tuple{newTensor(s, kNumpy, graph.Shape{graph.Unknown}, "int64")}, nil
	})
	m.SetFunc("shape", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, _, _ := unpack1(args, kwargs, "a")
		t, err := numpyArg(th, s, x)
		if err != nil {
			return nil, err
		}
		return shapeTuple(t.shape()), nil
	})
	m.SetFunc("ndim", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, _, _ := unpack1(args, kwargs, "a")
		t, err := numpyArg(th, s, x)
		if err != nil {
			return nil, err
		}
		return eval.Int(len(t.shape())), nil
	})
	m.SetFunc("size", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, _, _ := unpack1(args, kwargs, "a")
		t, err := numpyArg(th, s, x)
		if err != nil {
			return nil, err
		}
		return eval.Int(numel(t.shape())), nil
	})
	m.SetFunc("unique", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, _, _ := unpack1(args, kwargs, "ar")
		t, err := numpyArg(th, s, x)
		if err != nil {
			return nil, err
		}
		n := graph.Unknown
		if t.classes > 0 {
			n = t.classes
		}
		return newTensor(s, kNumpy, graph.Shape{n}, t.dtype()), nil
	})
	for _, n := range []string{"save", "savez", "savez_compressed", "savetxt", "set_printoptions", "seterr", "random_seed"} {
		m.SetFunc(n, noop)
	}
	for _, n := range []string{"load", "loadtxt", "genfromtxt", "fromfile", "memmap"} {
		n := n
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return eval.NewOpaque(th, "numpy", "np."+n+"(...)"), nil
		})
	}
	m.SetFunc("array_equal", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.True, nil })
	m.SetFunc("allclose", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.True, nil })
	m.Set("random", numpyRandomModule(s, "numpy.random"))
	linalg := eval.NewModule("numpy.linalg")
	linalg.SetFunc("norm", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.Float(0), nil
	})
	m.Set("linalg", linalg)
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		th.Warn("numpy:"+attr, "numpy."+attr+" is not implemented in netsum; its value is unknown")
		return eval.NewOpaque(th, "numpy", "np."+attr), nil
	}
	return m
}

// numpyRandomModule is numpy.random: arrays of a given size.
func numpyRandomModule(s *Session, name string) *eval.Module {
	m := eval.NewModule(name)
	for _, n := range []string{"rand", "randn", "random", "random_sample", "sample"} {
		m.Set(n, constructor(s, kNumpy, n, "float64", "size"))
	}
	for _, n := range []string{"uniform", "normal", "randint", "binomial", "poisson", "beta", "gamma", "exponential", "laplace"} {
		m.Set(n, constructor(s, kNumpy, n, "float64", "size3"))
	}
	m.Set("standard_normal", constructor(s, kNumpy, "standard_normal", "float64", "size"))
	m.Set("choice", constructor(s, kNumpy, "choice", "int64", "size"))
	m.Set("permutation", constructor(s, kNumpy, "permutation", "int64", "size"))
	m.SetFunc("seed", noop)
	m.SetFunc("shuffle", noop)
	m.SetFunc("default_rng", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return numpyRandomModule(s, "numpy.random.Generator"), nil
	})
	m.Set("integers", constructor(s, kNumpy, "integers", "int64", "size3"))
	m.Set("RandomState", eval.NewBuiltin("RandomState", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return numpyRandomModule(s, "numpy.random.RandomState"), nil
	}))
	return m
}

// reshapeTensor reshapes an array or tensor (a tensor op outside numpy).
func reshapeTensor(th *eval.Thread, s *Session, spec opSpec, t *Tensor, shape eval.Value) (eval.Value, error) {
	target, err := targetShapeArg(th, shape)
	if err != nil {
		return nil, err
	}
	out, err := reshapeShape(t.shape(), target, false)
	if err != nil {
		return nil, eval.NewError(eval.ValueError, "%v", err)
	}
	if t.kind == kNumpy {
		r := t.with(kNumpy, out, t.dtype())
		r.vals, r.classes = t.vals, t.classes
		return r, nil
	}
	return s.opResult(th, spec, []*Tensor{t}, out, t.dtype(), nil)
}

// dataScalar is a reduction of a whole array netsum holds no data of:
// label arrays of a dataset know their class range (np.max(y_train) + 1
// is the number of classes); means and deviations are 0.0, enough for the
// prints scripts make; other values are unknown.
func dataScalar(th *eval.Thread, t *Tensor, op, dtype string) eval.Value {
	switch {
	case t.classes > 0 && (op == "max" || op == "amax"):
		return scalarValue(float64(t.classes-1), dtype)
	case t.classes > 0 && (op == "min" || op == "amin"):
		return scalarValue(0, dtype)
	}
	switch op {
	case "mean", "std", "var", "average", "nanmean", "median":
		return eval.Float(0)
	}
	return eval.NewOpaque(th, "numpy", "np."+op+"(...) of an array whose data netsum does not hold")
}

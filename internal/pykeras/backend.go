package pykeras

import (
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// opEntry is one function of an op module: its implementation and the
// names it records under in tf.keras and Keras 3.
type opEntry struct {
	impl opImpl
	tf   string
}

// backendOps are keras.backend's tensor functions, with the TensorFlow op
// each runs (named so in tf.keras op layers).
var backendOps map[string]opEntry

func setupBackendOps() {
	backendOps = map[string]opEntry{
		"abs": {opUnary, "math.abs"}, "exp": {opUnary, "math.exp"}, "log": {opUnary, "math.log"},
		"sqrt": {opUnary, "math.sqrt"}, "square": {opUnary, "math.square"}, "sign": {opUnary, "math.sign"},
		"round": {opUnary, "math.round"}, "relu": {opUnary, "nn.relu"}, "sigmoid": {opUnary, "math.sigmoid"},
		"hard_sigmoid": {opUnary, "keras.backend.hard_sigmoid"}, "tanh": {opUnary, "math.tanh"},
		"softmax": {opUnary, "nn.softmax"}, "softplus": {opUnary, "math.softplus"}, "softsign": {opUnary, "nn.softsign"},
		"elu": {opUnary, "nn.elu"}, "l2_normalize": {opUnary, "math.l2_normalize"}, "stop_gradient": {opUnary, "stop_gradient"},
		"identity": {opUnary, "identity"}, "dropout": {opUnary, "nn.dropout"}, "sin": {opUnary, "math.sin"},
		"cos": {opUnary, "math.cos"}, "clip": {opUnary, "clip_by_value"}, "cumsum": {opUnary, "math.cumsum"},
		"cumprod": {opUnary, "math.cumprod"}, "bias_add": {opUnary, "nn.bias_add"}, "in_train_phase": {opUnary, "identity"},
		"in_test_phase": {opUnary, "identity"}, "zeros_like": {opLike, "zeros_like"}, "ones_like": {opLike, "ones_like"},
		"cast": {opCast, "cast"}, "maximum": {opBinary, "math.maximum"}, "minimum": {opBinary, "math.minimum"},
		"equal": {opBinary, "math.equal"}, "not_equal": {opBinary, "math.not_equal"}, "greater": {opBinary, "math.greater"},
		"greater_equal": {opBinary, "math.greater_equal"}, "less": {opBinary, "math.less"}, "less_equal": {opBinary, "math.less_equal"},
		"pow": {opBinary, "math.pow"}, "dot": {opMatmul, "linalg.matmul"}, "batch_dot": {opBatchDot, "linalg.matmul"},
		"mean": {opReduce, "math.reduce_mean"}, "sum": {opReduce, "math.reduce_sum"}, "max": {opReduce, "math.reduce_max"},
		"min": {opReduce, "math.reduce_min"}, "prod": {opReduce, "math.reduce_prod"}, "std": {opReduce, "math.reduce_std"},
		"var": {opReduce, "math.reduce_variance"}, "any": {opReduce, "math.reduce_any"}, "all": {opReduce, "math.reduce_all"},
		"logsumexp": {opReduce, "math.reduce_logsumexp"}, "argmax": {opArgReduce(eval.Int(-1)), "math.argmax"},
		"argmin": {opArgReduce(eval.Int(-1)), "math.argmin"}, "reshape": {opReshape, "reshape"},
		"expand_dims": {opExpandDims, "expand_dims"}, "squeeze": {opSqueeze, "compat.v1.squeeze"},
		"permute_dimensions": {opTranspose, "compat.v1.transpose"}, "transpose": {opTranspose, "compat.v1.transpose"},
		"concatenate": {opConcat(-1), "concat"}, "stack": {opStack, "stack"}, "repeat_elements": {opRepeatElements, "repeat"},
		"repeat": {opRepeatVector, "tile"}, "tile": {opTile, "tile"}, "one_hot": {opOneHot, "one_hot"},
		"gather": {opGather, "compat.v1.gather"}, "batch_flatten": {opBatchFlatten, "reshape"}, "flatten": {opFlatten, "reshape"},
		"categorical_crossentropy":        {opCrossentropy(false), "keras.backend.categorical_crossentropy"},
		"sparse_categorical_crossentropy": {opCrossentropy(false), "keras.backend.sparse_categorical_crossentropy"},
		"binary_crossentropy":             {opCrossentropy(true), "keras.backend.binary_crossentropy"},
		"switch":                          {opWhere, "where"}, "shape": {opShapeTensor, "compat.v1.shape"},
		"zeros": {opFill, ""}, "ones": {opFill, ""}, "random_normal": {opRandom, ""}, "random_uniform": {opRandom, ""},
		"truncated_normal": {opRandom, ""}, "random_normal_variable": {opRandom, ""}, "random_uniform_variable": {opRandom, ""},
		"constant": {opConstant(kEager), ""}, "variable": {opConstant(kVariable), ""}, "spatial_2d_padding": {opUnary, "compat.v1.pad"},
	}
}

// backendModule is keras.backend (K), also keras.config in Keras 3.
func backendModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	for n, e := range backendOps {
		m.Set(n, opFunc(s, n, opSpec{tf: e.tf, k3: camel(n)}, e.impl))
	}
	str := func(f func() string) eval.BuiltinFunc {
		return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return eval.String(f()), nil
		}
	}
	m.SetFunc("image_data_format", str(func() string {
		if s.channelsFirst {
			return "channels_first"
		}
		return "channels_last"
	}))
	m.SetFunc("image_dim_ordering", str(func() string {
		if s.channelsFirst {
			return "th"
		}
		return "tf"
	}))
	set := func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		v, _, _ := unpack1(args, kwargs, "data_format", "dim_ordering")
		f, err := eval.AsString(v)
		if err != nil {
			return nil, err
		}
		switch f {
		case "channels_first", "th":
			s.channelsFirst = true
		case "channels_last", "tf":
			s.channelsFirst = false
		default:
			return nil, eval.NewError(eval.ValueError, "Unknown data_format: %s", f)
		}
		s.formatSet = true
		return eval.None, nil
	}
	m.SetFunc("set_image_data_format", set)
	m.SetFunc("set_image_dim_ordering", set)
	m.SetFunc("floatx", str(func() string { return s.floatx }))
	m.SetFunc("set_floatx", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		v, _, _ := unpack1(args, kwargs, "value")
		s.floatx = dtypeName(v)
		return eval.None, nil
	})
	m.SetFunc("epsilon", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.Float(1e-7), nil
	})
	m.SetFunc("backend", str(func() string {
		if s.Dialect == graph.Keras3 {
			return "tensorflow"
		}
		return "tensorflow"
	}))
	m.SetFunc("clear_session", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s.clearSession()
		return eval.None, nil
	})
	m.SetFunc("reset_uids", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s.clearSession()
		return eval.None, nil
	})
	m.SetFunc("int_shape", shapeFunc(s, "int_shape"))
	m.SetFunc("ndim", ndimFunc(s, "ndim"))
	m.SetFunc("dtype", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, _, _, err := xArg(th, s, "dtype", args, kwargs)
		if err != nil {
			return nil, err
		}
		return eval.String(x.dtype()), nil
	})
	m.SetFunc("is_keras_tensor", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 {
			return eval.False, nil
		}
		t, ok := args[0].(*Tensor)
		return eval.Bool(ok && t.kind == kKeras), nil
	})
	m.SetFunc("is_tensor", isTensor)
	m.SetFunc("placeholder", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var shape, ndim, dtype, sparse, name eval.Value = eval.None, eval.None, eval.None, eval.None, eval.None
		if err := eval.UnpackArgs("placeholder", args, kwargs, "shape?", &shape, "ndim?", &ndim, "dtype?", &dtype, "sparse?", &sparse, "name?", &name); err != nil {
			return nil, err
		}
		var sh graph.Shape
		if !isNone(shape) {
			var err error
			if sh, err = shapeArg(th, "shape", shape); err != nil {
				return nil, err
			}
		} else if n, ok := ndim.(eval.Int); ok {
			for i := 0; i < int(n); i++ {
				sh = append(sh, graph.Unknown)
			}
		}
		dt := dtypeName(dtype)
		if dt == "" {
			dt = s.floatx
		}
		return newTensor(s, kSymbolic, sh, dt), nil
	})
	m.SetFunc("count_params", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, _, _, err := xArg(th, s, "count_params", args, kwargs)
		if err != nil {
			return nil, err
		}
		return eval.Int(numel(x.shape())), nil
	})
	m.SetFunc("get_uid", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		prefix := ""
		if len(args) > 0 {
			prefix = nameOf(args[0])
		}
		n := s.namer.Next("uid:" + prefix)
		_ = n
		return eval.Int(1), nil
	})
	for _, n := range []string{"set_learning_phase", "set_session", "set_value", "batch_set_value", "manual_variable_initialization", "set_epsilon", "update", "update_add", "update_sub", "print_tensor"} {
		m.SetFunc(n, noop)
	}
	m.SetFunc("learning_phase", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.Int(0), nil })
	for _, n := range []string{"get_session", "function", "gradients", "get_value", "batch_get_value", "eval", "rnn", "ctc_batch_cost", "conv2d", "conv1d", "pool2d", "map_fn", "foldl", "foldr", "moving_average_update", "normalize_batch_in_training"} {
		n := n
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if n == "get_value" || n == "eval" {
				if len(args) > 0 {
					if t, ok := args[0].(*Tensor); ok && t.kind != kKeras && t.kind != kSymbolic {
						r := t.with(kNumpy, t.shape().Clone(), t.dtype())
						r.vals = t.vals
						return r, nil
					}
				}
			}
			return eval.NewOpaque(th, "keras", "K."+n+"(...)"), nil
		})
	}
	m.SetFunc("name_scope", nameScope)
	m.SetFunc("enable_unsafe_deserialization", noop)
	m.SetFunc("disable_traceback_filtering", noop)
	m.SetFunc("enable_traceback_filtering", noop)
	m.SetFunc("set_backend", noop)
	return m, nil
}

// shapeFunc is K.int_shape or keras.ops.shape: a tensor's static shape as
// a tuple (None for unknown dims).
func shapeFunc(s *Session, name string) eval.BuiltinFunc {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, _, _, err := xArg(th, s, name, args, kwargs)
		if err != nil {
			return nil, err
		}
		return shapeTuple(x.shape()), nil
	}
}

// ndimFunc is K.ndim or keras.ops.ndim: a tensor's rank.
func ndimFunc(s *Session, name string) eval.BuiltinFunc {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, _, _, err := xArg(th, s, name, args, kwargs)
		if err != nil {
			return nil, err
		}
		return eval.Int(len(x.shape())), nil
	}
}

// isTensor is K.is_tensor, tf.is_tensor and keras.ops.is_tensor: true for
// symbolic and eager tensors, false for NumPy arrays and anything else.
func isTensor(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	if len(args) == 0 {
		return eval.False, nil
	}
	t, ok := args[0].(*Tensor)
	return eval.Bool(ok && t.kind != kNumpy), nil
}

// clearSession resets the naming counters (K.clear_session()).
func (s *Session) clearSession() {
	s.namer = newNamer(s.Dialect)
}

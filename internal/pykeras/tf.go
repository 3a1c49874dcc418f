package pykeras

import (
	"github.com/netsum/netsum/internal/python/eval"
)

// tfOps are the TensorFlow functions netsum computes on shapes, by their
// tf.* path, with the canonical name tf.keras records for op layers.
var tfOps map[string]opEntry

func setupTfOps() {
	tfOps = map[string]opEntry{
		"abs": {opUnary, "math.abs"}, "exp": {opUnary, "math.exp"}, "sqrt": {opUnary, "math.sqrt"},
		"square": {opUnary, "math.square"}, "sigmoid": {opUnary, "math.sigmoid"}, "tanh": {opUnary, "math.tanh"},
		"identity": {opUnary, "identity"}, "stop_gradient": {opUnary, "stop_gradient"}, "negative": {opUnary, "math.negative"},
		"sign": {opUnary, "math.sign"}, "round": {opUnary, "math.round"}, "floor": {opUnary, "math.floor"},
		"ceil": {opUnary, "math.ceil"}, "rsqrt": {opUnary, "math.rsqrt"}, "clip_by_value": {opUnary, "clip_by_value"},
		"clip_by_norm": {opUnary, "clip_by_norm"}, "zeros_like": {opLike, "zeros_like"}, "ones_like": {opLike, "ones_like"},
		"cast": {opCast, "cast"}, "add": {opBinary, "math.add"}, "subtract": {opBinary, "math.subtract"},
		"multiply": {opBinary, "math.multiply"}, "divide": {opBinary, "math.truediv"}, "truediv": {opBinary, "math.truediv"},
		"maximum": {opBinary, "math.maximum"}, "minimum": {opBinary, "math.minimum"}, "pow": {opBinary, "math.pow"},
		"equal": {opBinary, "math.equal"}, "not_equal": {opBinary, "math.not_equal"}, "greater": {opBinary, "math.greater"},
		"less": {opBinary, "math.less"}, "greater_equal": {opBinary, "math.greater_equal"}, "less_equal": {opBinary, "math.less_equal"},
		"where": {opWhere, "where"}, "matmul": {opMatmul, "linalg.matmul"}, "reduce_mean": {opReduce, "math.reduce_mean"},
		"reduce_sum": {opReduce, "math.reduce_sum"}, "reduce_max": {opReduce, "math.reduce_max"},
		"reduce_min": {opReduce, "math.reduce_min"}, "reduce_prod": {opReduce, "math.reduce_prod"},
		"reduce_any": {opReduce, "math.reduce_any"}, "reduce_all": {opReduce, "math.reduce_all"},
		"reduce_logsumexp": {opReduce, "math.reduce_logsumexp"}, "argmax": {opArgReduce(eval.Int(0)), "math.argmax"},
		"argmin": {opArgReduce(eval.Int(0)), "math.argmin"}, "reshape": {opReshape, "reshape"},
		"expand_dims": {opExpandDims, "expand_dims"}, "squeeze": {opSqueeze, "compat.v1.squeeze"},
		"transpose": {opTranspose, "compat.v1.transpose"}, "concat": {opConcat(0), "concat"}, "stack": {opStack, "stack"},
		"unstack": {opUnstack, "unstack"}, "split": {opSplit, "split"}, "tile": {opTile, "tile"},
		"repeat": {opRepeatElements, "repeat"}, "one_hot": {opOneHot, "one_hot"}, "gather": {opGather, "compat.v1.gather"},
		"pad": {opPad, "compat.v1.pad"}, "slice": {opSlice, "slice"}, "broadcast_to": {opBroadcastTo, "broadcast_to"},
		"einsum": {opEinsum, "einsum"}, "shape": {opShapeTensor, "compat.v1.shape"}, "zeros": {opFill, ""}, "ones": {opFill, ""},
		"fill": {opFill, ""}, "constant": {opConstant(kEager), ""}, "convert_to_tensor": {opConstant(kEager), ""},
		"Variable": {opConstant(kVariable), ""}, "range": {opRange, ""}, "eye": {opFill, ""},
	}
}

// tfSubOps are the functions of tf.nn, tf.math, tf.linalg, tf.image and
// tf.random that are not at the top level.
var tfSubOps map[string]map[string]opEntry

func setupTfSubOps() {
	tfSubOps = map[string]map[string]opEntry{
		"nn": {
			"relu": {opUnary, "nn.relu"}, "relu6": {opUnary, "nn.relu6"}, "elu": {opUnary, "nn.elu"}, "selu": {opUnary, "nn.selu"},
			"gelu": {opUnary, "nn.gelu"}, "silu": {opUnary, "nn.silu"}, "swish": {opUnary, "nn.silu"}, "sigmoid": {opUnary, "math.sigmoid"},
			"tanh": {opUnary, "math.tanh"}, "softmax": {opUnary, "nn.softmax"}, "log_softmax": {opUnary, "nn.log_softmax"},
			"softplus": {opUnary, "math.softplus"}, "softsign": {opUnary, "nn.softsign"}, "leaky_relu": {opUnary, "nn.leaky_relu"},
			"l2_normalize": {opUnary, "math.l2_normalize"}, "dropout": {opUnary, "nn.dropout"}, "bias_add": {opUnary, "nn.bias_add"},
			"embedding_lookup":                  {opGather, "compat.v1.nn.embedding_lookup"},
			"sigmoid_cross_entropy_with_logits": {opCrossentropy(true), "nn.sigmoid_cross_entropy_with_logits"},
			"softmax_cross_entropy_with_logits": {opCrossentropy(false), "nn.softmax_cross_entropy_with_logits"},
		},
		"math": {
			"abs": {opUnary, "math.abs"}, "exp": {opUnary, "math.exp"}, "log": {opUnary, "math.log"}, "log1p": {opUnary, "math.log1p"},
			"sqrt": {opUnary, "math.sqrt"}, "rsqrt": {opUnary, "math.rsqrt"}, "square": {opUnary, "math.square"},
			"sigmoid": {opUnary, "math.sigmoid"}, "tanh": {opUnary, "math.tanh"}, "softplus": {opUnary, "math.softplus"},
			"sin": {opUnary, "math.sin"}, "cos": {opUnary, "math.cos"}, "erf": {opUnary, "math.erf"}, "sign": {opUnary, "math.sign"},
			"negative": {opUnary, "math.negative"}, "reciprocal": {opUnary, "math.reciprocal"}, "floor": {opUnary, "math.floor"},
			"round": {opUnary, "math.round"}, "l2_normalize": {opUnary, "math.l2_normalize"}, "cumsum": {opUnary, "math.cumsum"},
			"logical_not": {opUnary, "math.logical_not"}, "is_nan": {opUnary, "math.is_nan"},
			"add": {opBinary, "math.add"}, "subtract": {opBinary, "math.subtract"}, "multiply": {opBinary, "math.multiply"},
			"divide": {opBinary, "math.truediv"}, "truediv": {opBinary, "math.truediv"}, "maximum": {opBinary, "math.maximum"},
			"minimum": {opBinary, "math.minimum"}, "pow": {opBinary, "math.pow"}, "squared_difference": {opBinary, "math.squared_difference"},
			"divide_no_nan": {opBinary, "math.divide_no_nan"}, "equal": {opBinary, "math.equal"}, "not_equal": {opBinary, "math.not_equal"},
			"greater": {opBinary, "math.greater"}, "less": {opBinary, "math.less"}, "logical_and": {opBinary, "math.logical_and"},
			"logical_or": {opBinary, "math.logical_or"}, "reduce_mean": {opReduce, "math.reduce_mean"},
			"reduce_sum": {opReduce, "math.reduce_sum"}, "reduce_max": {opReduce, "math.reduce_max"},
			"reduce_min": {opReduce, "math.reduce_min"}, "reduce_prod": {opReduce, "math.reduce_prod"},
			"reduce_std": {opReduce, "math.reduce_std"}, "reduce_variance": {opReduce, "math.reduce_variance"},
			"reduce_logsumexp": {opReduce, "math.reduce_logsumexp"}, "argmax": {opArgReduce(eval.Int(0)), "math.argmax"},
			"argmin": {opArgReduce(eval.Int(0)), "math.argmin"}, "top_k": {opTopK, "math.top_k"},
		},
		"linalg": {"matmul": {opMatmul, "linalg.matmul"}, "l2_normalize": {opUnary, "math.l2_normalize"}, "einsum": {opEinsum, "einsum"}},
		"image":  {"resize": {opResize, "image.resize"}, "resize_images": {opResize, "image.resize"}, "flip_left_right": {opUnary, "image.flip_left_right"}, "random_flip_left_right": {opUnary, "image.random_flip_left_right"}},
		"random": {"normal": {opRandom, ""}, "uniform": {opRandom, ""}, "truncated_normal": {opRandom, ""}, "set_seed": {opRandom, ""}},
	}
}

var tfDTypes = []string{"float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "uint16", "bool", "string", "complex64"}

// tfModule is the tensorflow package: tf.keras, the tensor functions on
// shapes, dtypes; the rest (tf.data, tf.distribute, ...) is unknown.
func tfModule(th *eval.Thread, s *Session) *eval.Module {
	m := eval.NewModule("tensorflow")
	m.Set("__version__", eval.String("2.15.0"))
	for n, e := range tfOps {
		m.Set(n, opFunc(s, n, opSpec{tf: e.tf, k3: camel(n)}, e.impl))
	}
	for _, dt := range tfDTypes {
		m.Set(dt, &dtypeValue{name: dt, tf: true})
	}
	m.Set("Tensor", tensorClass)
	m.Set("TensorShape", eval.NewBuiltin("TensorShape", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 || isNone(args[0]) {
			return &TensorShape{}, nil
		}
		sh, err := shapeArg(th, "dims", args[0])
		if err != nil {
			return nil, err
		}
		return &TensorShape{dims: sh}, nil
	}))
	m.SetFunc("function", decorator)
	m.SetFunc("name_scope", nameScope)
	m.SetFunc("device", nameScope)
	m.SetFunc("control_dependencies", nameScope)
	m.Set("GradientTape", recordMaker("GradientTape", "tensorflow", []string{"persistent"}, nil))
	m.SetFunc("print", noop)
	m.SetFunc("executing_eagerly", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.True, nil })
	m.SetFunc("is_tensor", isTensor)
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		th.Warn("tf:"+attr, "tf."+attr+" is not modeled by netsum; its values are unknown")
		return eval.NewOpaque(th, "tensorflow", "tf."+attr), nil
	}
	return m
}

// tfSubmodule is tf.nn, tf.math, ...: the modeled functions, unknown values
// for the rest.
func tfSubmodule(th *eval.Thread, s *Session, sub string) *eval.Module {
	m := eval.NewModule("tensorflow." + sub)
	for n, e := range tfSubOps[sub] {
		m.Set(n, opFunc(s, n, opSpec{tf: e.tf, k3: camel(n)}, e.impl))
	}
	switch sub {
	case "random":
		m.SetFunc("set_seed", noop)
	case "config":
		m.SetFunc("list_physical_devices", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return eval.NewList(nil), nil
		})
		m.SetFunc("run_functions_eagerly", noop)
		m.SetFunc("set_visible_devices", noop)
	case "dtypes":
		for _, dt := range tfDTypes {
			m.Set(dt, &dtypeValue{name: dt, tf: true})
		}
	}
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		th.Warn("tf:"+sub+"."+attr, "tf."+sub+"."+attr+" is not modeled by netsum; its values are unknown")
		return eval.NewOpaque(th, "tensorflow", "tf."+sub+"."+attr), nil
	}
	return m
}

// decorator is a decorator that returns its function (tf.function).
func decorator(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		return args[0], nil
	}
	return eval.NewBuiltin("decorator", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 0 {
			return args[0], nil
		}
		return eval.None, nil
	}), nil
}

// kerasOps are keras.ops (Keras 3): name → implementation. Their Keras 3
// op class is camel(name).
var kerasOps map[string]opImpl

func setupKerasOps() {
	kerasOps = map[string]opImpl{
		"abs": opUnary, "absolute": opUnary, "exp": opUnary, "log": opUnary, "log1p": opUnary, "sqrt": opUnary, "rsqrt": opUnary,
		"square": opUnary, "sign": opUnary, "round": opUnary, "floor": opUnary, "ceil": opUnary, "negative": opUnary,
		"relu": opUnary, "relu6": opUnary, "sigmoid": opUnary, "tanh": opUnary, "softmax": opUnary, "log_softmax": opUnary,
		"gelu": opUnary, "silu": opUnary, "swish": opUnary, "elu": opUnary, "selu": opUnary, "softplus": opUnary,
		"softsign": opUnary, "leaky_relu": opUnary, "hard_sigmoid": opUnary, "erf": opUnary, "sin": opUnary, "cos": opUnary,
		"reciprocal": opUnary, "clip": opUnary, "stop_gradient": opUnary, "cumsum": opUnary, "flip": opUnary, "sort": opUnary,
		"logical_not": opUnary, "zeros_like": opLike, "ones_like": opLike, "copy": opUnary, "nan_to_num": opUnary,
		"normalize": opUnary, "cast": opCast, "add": opBinary, "subtract": opBinary, "multiply": opBinary, "divide": opBinary,
		"true_divide": opBinary, "floor_divide": opBinary, "power": opBinary, "maximum": opBinary, "minimum": opBinary,
		"mod": opBinary, "equal": opBinary, "not_equal": opBinary, "greater": opBinary, "greater_equal": opBinary,
		"less": opBinary, "less_equal": opBinary, "logical_and": opBinary, "logical_or": opBinary, "where": opWhere,
		"matmul": opMatmul, "dot": opMatmul, "mean": opReduce, "sum": opReduce, "max": opReduce, "min": opReduce,
		"prod": opReduce, "std": opReduce, "var": opReduce, "any": opReduce, "all": opReduce, "logsumexp": opReduce,
		"norm": opReduce, "argmax": opArgReduce(eval.None), "argmin": opArgReduce(eval.None), "reshape": opReshape,
		"expand_dims": opExpandDims, "squeeze": opSqueeze, "transpose": opTranspose, "concatenate": opConcat(0),
		"stack": opStack, "split": opSplit, "unstack": opUnstack, "tile": opTile, "repeat": opRepeatElements,
		"one_hot": opOneHot, "take": opGather, "pad": opPad, "slice": opSlice, "broadcast_to": opBroadcastTo,
		"einsum": opEinsum, "top_k": opTopK, "zeros": opFill, "ones": opFill, "full": opFill, "empty": opFill, "eye": opFill,
		"convert_to_tensor": opConstant(kEager), "array": opConstant(kEager), "arange": opRange,
		"binary_crossentropy": opCrossentropy(true), "categorical_crossentropy": opCrossentropy(false),
		"sparse_categorical_crossentropy": opCrossentropy(false),
	}
}

// opsModule is keras.ops (and keras.ops.numpy, keras.ops.nn).
func opsModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	for n, impl := range kerasOps {
		m.Set(n, opFunc(s, n, opSpec{tf: tfNameOf(n), k3: camel(n)}, impl))
	}
	m.SetFunc("shape", shapeFunc(s, "shape"))
	m.SetFunc("ndim", ndimFunc(s, "ndim"))
	m.SetFunc("convert_to_numpy", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		x, _, _, err := xArg(th, s, "convert_to_numpy", args, kwargs)
		if err != nil {
			return nil, err
		}
		r := x.with(kNumpy, x.shape().Clone(), x.dtype())
		r.vals = x.vals
		return r, nil
	})
	m.SetFunc("is_tensor", isTensor)
	m.Set("numpy", m)
	m.Set("nn", m)
	m.Set("math", m)
	m.Set("image", imageOpsModule(s))
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		return nil, eval.NewError(eval.AttributeError, "keras.ops.%s is not implemented in netsum%s", attr, didYouMean(attr, mod.Names()))
	}
	return m, nil
}

func imageOpsModule(s *Session) *eval.Module {
	m := eval.NewModule("keras.ops.image")
	m.Set("resize", opFunc(s, "resize", opSpec{tf: "image.resize", k3: "Resize"}, opResize))
	return m
}

func tfNameOf(op string) string {
	if e, ok := tfOps[op]; ok {
		return e.tf
	}
	for _, sub := range tfSubOps {
		if e, ok := sub[op]; ok {
			return e.tf
		}
	}
	return ""
}

// randomModule is keras.random (Keras 3).
func randomModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	for _, n := range []string{"normal", "uniform", "truncated_normal", "randint", "categorical", "gamma", "beta", "binomial"} {
		m.Set(n, opFunc(s, n, opSpec{}, opRandom))
	}
	m.Set("dropout", opFunc(s, "dropout", opSpec{k3: "Dropout"}, opUnary))
	m.Set("shuffle", opFunc(s, "shuffle", opSpec{k3: "Shuffle"}, opUnary))
	m.Set("SeedGenerator", recordMaker("SeedGenerator", "keras.random", []string{"seed"}, nil))
	return m, nil
}

package pytorch

import (
	"strings"

	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

// Modules returns the native modules of a PyTorch run: torch, torch.nn,
// torch.nn.functional, torch.nn.init and light stand-ins for what model
// code imports besides (torch.jit, torch.fx, torch.hub, torch.utils).
func Modules() map[string]eval.ModuleFunc {
	setup()
	mods := map[string]eval.ModuleFunc{
		"torch":               torchModule,
		"torch.nn":            nnModule,
		"torch.nn.functional": functionalModule,
		"torch.nn.init":       initModule,
		"torch.nn.parameter": func(th *eval.Thread) (*eval.Module, error) {
			return simple("torch.nn.parameter", "Parameter", parameterFn()), nil
		},
		"torch.nn.modules":       nnModule,
		"torch.nn.utils":         nnUtilsModule,
		"torch.nn.modules.utils": nnModulesUtils,
		"torch.nn.utils.rnn":     rnnUtilsModule,
		"torch.nn.utils.prune":   opaqueModule("torch.nn.utils.prune"),
		"torch.jit":              jitModule,
		"torch.fx":               fxModule,
		"torch.hub":              opaqueModule("torch.hub"),
		"torch.utils":            opaqueModule("torch.utils"),
		"torch.utils.checkpoint": checkpointModule,
		"torch.utils.data":       opaqueModule("torch.utils.data"),
		"torch.optim":            opaqueModule("torch.optim"),
		"torch.cuda":             cudaModule,
		"torch.backends":         opaqueModule("torch.backends"),
		"torchvision.models":     torchvisionModels,
		"typing":                 typingModule,
	}
	// torch.nn.modules.conv, .batchnorm, ...: every class, with the
	// private bases model code imports for isinstance checks.
	for sub := range nnSubs {
		if sub != "utils" {
			mods["torch.nn.modules."+sub] = nnSubModule("torch.nn.modules." + sub)
		}
	}
	wrapDataflow(mods, "torch", "torch.nn", "torch.nn.functional", "torch.nn.modules")
	return mods
}

// nnSubs are the torch.nn.modules submodules netsum serves (transformer
// and adaptive are Python sources, transformer.py and adaptive.py).
var nnSubs = map[string]bool{"module": true, "conv": true, "batchnorm": true, "instancenorm": true, "normalization": true,
	"pooling": true, "linear": true, "activation": true, "container": true, "dropout": true, "rnn": true, "sparse": true,
	"padding": true, "loss": true, "pixelshuffle": true, "upsampling": true, "flatten": true, "fold": true, "distance": true,
	"channelshuffle": true, "lazy": true, "utils": true}

func nnSubModule(name string) eval.ModuleFunc {
	return func(th *eval.Thread) (*eval.Module, error) {
		m := eval.NewModule(name)
		m.Set("Module", moduleClass)
		for _, n := range nnOrder {
			m.Set(n, nnClasses[n])
		}
		for n, c := range nnBases {
			m.Set(n, c)
		}
		m.Set("Parameter", parameterFn())
		m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
			if transformerClasses[attr] || attr == "AdaptiveLogSoftmaxWithLoss" {
				nn, err := th.Import("torch.nn")
				if err != nil {
					return nil, err
				}
				return th.GetAttr(nn, attr)
			}
			if attr == "F" {
				return th.Import("torch.nn.functional")
			}
			return nil, nil
		}
		return m, nil
	}
}

// nnModulesUtils is torch.nn.modules.utils: _single, _pair, _triple,
// _quadruple, _ntuple.
func nnModulesUtils(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.nn.modules.utils")
	ntuple := func(n int, name string) *eval.Builtin {
		return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if len(args) != 1 {
				return nil, eval.NewError(eval.TypeError, "%s() takes 1 argument (%d given)", name, len(args))
			}
			if _, isStr := args[0].(eval.String); !isStr {
				if elems, err := th.Collect(args[0]); err == nil {
					return eval.Tuple(elems), nil
				}
			}
			out := make(eval.Tuple, n)
			for i := range out {
				out[i] = args[0]
			}
			return out, nil
		})
	}
	m.Set("_single", ntuple(1, "parse"))
	m.Set("_pair", ntuple(2, "parse"))
	m.Set("_triple", ntuple(3, "parse"))
	m.Set("_quadruple", ntuple(4, "parse"))
	m.SetFunc("_ntuple", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) < 1 {
			return nil, eval.NewError(eval.TypeError, "_ntuple() missing 1 required positional argument: 'n'")
		}
		n, err := eval.AsInt(args[0])
		if err != nil || n < 0 || n > 64 {
			return nil, eval.NewError(eval.TypeError, "_ntuple(): n must be a small int")
		}
		return ntuple(int(n), "parse"), nil
	})
	m.SetFunc("_reverse_repeat_tuple", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 2 {
			return nil, eval.NewError(eval.TypeError, "_reverse_repeat_tuple() takes 2 arguments")
		}
		elems, err := th.Collect(args[0])
		if err != nil {
			return nil, err
		}
		n, err := eval.AsInt(args[1])
		if err != nil || n < 0 || n > 64 {
			return nil, eval.NewError(eval.TypeError, "_reverse_repeat_tuple(): n must be a small int")
		}
		var out eval.Tuple
		for i := len(elems) - 1; i >= 0; i-- {
			for j := int64(0); j < n; j++ {
				out = append(out, elems[i])
			}
		}
		return out, nil
	})
	return m, nil
}

func simple(name string, kv ...any) *eval.Module {
	m := eval.NewModule(name)
	for i := 0; i+1 < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1].(eval.Value))
	}
	return m
}

// opaqueModule is a module whose every attribute is an unknown value,
// without a warning.
func opaqueModule(name string) eval.ModuleFunc {
	return func(th *eval.Thread) (*eval.Module, error) {
		m := eval.NewModule(name)
		m.Missing = func(th *eval.Thread, m *eval.Module, attr string) (eval.Value, error) {
			return eval.NewOpaque(th, "torch", name+"."+attr), nil
		}
		return m, nil
	}
}

func identityDecorator(name string) *eval.Builtin {
	return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 1 && len(kwargs) == 0 {
			if _, isStr := args[0].(eval.String); !isStr {
				return args[0], nil
			}
		}
		return eval.NewBuiltin(name, func(th *eval.Thread, a eval.Tuple, k []eval.KV) (eval.Value, error) {
			if len(a) > 0 {
				return a[0], nil
			}
			return eval.None, nil
		}), nil
	})
}

func constFn(name string, v eval.Value) *eval.Builtin {
	return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return v, nil })
}

func jitModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.jit")
	for _, n := range []string{"script", "ignore", "unused", "export", "_overload_method", "_overload", "interface", "trace", "script_method"} {
		m.Set(n, identityDecorator("torch.jit."+n))
	}
	m.Set("is_scripting", constFn("is_scripting", eval.False))
	m.Set("is_tracing", constFn("is_tracing", eval.False))
	m.SetFunc("annotate", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 2 {
			return args[1], nil
		}
		return eval.None, nil
	})
	m.Set("Final", eval.NewOpaque(th, "torch", "torch.jit.Final"))
	return m, nil
}

func fxModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.fx")
	m.Set("wrap", identityDecorator("torch.fx.wrap"))
	m.Missing = func(th *eval.Thread, m *eval.Module, attr string) (eval.Value, error) {
		return eval.NewOpaque(th, "torch", "torch.fx."+attr), nil
	}
	return m, nil
}

func cudaModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.cuda")
	m.Set("is_available", constFn("is_available", eval.False))
	m.Set("device_count", constFn("device_count", eval.Int(0)))
	return m, nil
}

func checkpointModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.utils.checkpoint")
	m.SetFunc("checkpoint", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 {
			return nil, eval.NewError(eval.TypeError, "checkpoint() needs a function")
		}
		return th.Call(args[0], args[1:], nil)
	})
	return m, nil
}

func parameterFn() eval.Value {
	return eval.NewBuiltin("Parameter", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var data eval.Value = eval.None
		rg := true
		if err := eval.UnpackArgs("Parameter", args, kwargs, "data?", &data, "requires_grad?", &rg); err != nil {
			return nil, err
		}
		t := &Tensor{dtype: "float32", param: true, requiresGrad: rg}
		if x, ok := data.(*Tensor); ok {
			t.shape, t.dtype = append([]int64{}, x.shape...), x.dtype
		} else if data != eval.None {
			return nil, eval.NewError(eval.TypeError, "Parameter(): data must be a Tensor, got %s", data.Type())
		}
		return t, nil
	})
}

func nnModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.nn")
	m.Set("Module", moduleClass)
	for _, n := range nnOrder {
		m.Set(n, nnClasses[n])
	}
	m.Set("Parameter", parameterFn())
	m.Set("RNNCellBase", nnBases["RNNCellBase"])
	f, err := functionalModule(th)
	if err != nil {
		return nil, err
	}
	m.Set("functional", f)
	in, err := initModule(th)
	if err != nil {
		return nil, err
	}
	m.Set("init", in)
	m.Set("modules", m)
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		if attr == "utils" {
			return th.Import("torch.nn.utils")
		}
		if nnSubs[attr] {
			return th.Import("torch.nn.modules." + attr)
		}
		if attr == "AdaptiveLogSoftmaxWithLoss" {
			am, err := th.Import("torch.nn.modules.adaptive")
			if err != nil {
				return nil, err
			}
			if am, ok := am.(*eval.Module); ok {
				if v, ok := am.Get(attr); ok {
					return v, nil
				}
			}
		}
		if transformerClasses[attr] {
			tm, err := th.Import("torch.nn.modules.transformer")
			if err != nil {
				return nil, err
			}
			if tm, ok := tm.(*eval.Module); ok {
				if v, ok := tm.Get(attr); ok {
					return v, nil
				}
			}
		}
		if len(attr) > 0 && attr[0] >= 'A' && attr[0] <= 'Z' {
			return nil, eval.NewError(eval.AttributeError, "module 'torch.nn' has no attribute '%s' (netsum does not model torch.nn.%s yet)", attr, attr)
		}
		return nil, nil
	}
	return m, nil
}

func initModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.nn.init")
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		if attr == "calculate_gain" {
			return constFn(attr, eval.Float(1)), nil
		}
		return eval.NewBuiltin(attr, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if len(args) > 0 {
				return args[0], nil
			}
			return eval.None, nil
		}), nil
	}
	return m, nil
}

func functionalModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.nn.functional")
	for _, n := range []string{"relu", "relu6", "relu_", "elu", "selu", "celu", "gelu", "silu", "mish", "sigmoid", "tanh", "hardswish",
		"hardsigmoid", "hardtanh", "leaky_relu", "softplus", "softsign", "prelu", "softmax", "log_softmax", "softmin", "dropout",
		"dropout2d", "dropout3d", "alpha_dropout", "layer_norm", "batch_norm", "group_norm", "instance_norm", "normalize",
		"local_response_norm", "logsigmoid", "hardshrink", "tanhshrink", "threshold", "rrelu"} {
		m.SetFunc(n, same(n))
	}
	for dims := 1; dims <= 3; dims++ {
		ds := string(rune('0' + dims))
		m.SetFunc("max_pool"+ds+"d", poolFn("MaxPool", dims))
		m.SetFunc("avg_pool"+ds+"d", poolFn("AvgPool", dims))
		m.SetFunc("adaptive_avg_pool"+ds+"d", adaptiveFn("AdaptiveAvgPool"+ds+"d"))
		m.SetFunc("adaptive_max_pool"+ds+"d", adaptiveFn("AdaptiveMaxPool"+ds+"d"))
		m.SetFunc("conv"+ds+"d", convFn(dims))
	}
	m.SetFunc("linear", linearFn)
	m.SetFunc("interpolate", interpolateFn)
	m.SetFunc("upsample", interpolateFn)
	m.SetFunc("pad", padFn)
	m.SetFunc("embedding", embeddingFn)
	m.SetFunc("flatten", flattenFn)
	for _, n := range []string{"softshrink", "gumbel_softmax", "feature_alpha_dropout", "dropout1d", "elu_", "leaky_relu_", "hardtanh_",
		"selu_", "celu_", "rrelu_", "threshold_"} {
		m.SetFunc(n, same(n))
	}
	// Functions that are a catalogued module's forward.
	for name, f := range map[string]eval.BuiltinFunc{
		"glu":                              functionalOf("GLU", "input"),
		"pixel_shuffle":                    functionalOf("PixelShuffle", "input"),
		"pixel_unshuffle":                  functionalOf("PixelUnshuffle", "input"),
		"channel_shuffle":                  functionalOf("ChannelShuffle", "input"),
		"unfold":                           functionalOf("Unfold", "input"),
		"fold":                             functionalOf("Fold", "input"),
		"lp_pool1d":                        functionalOf("LPPool1d", "input"),
		"lp_pool2d":                        functionalOf("LPPool2d", "input"),
		"cosine_similarity":                functionalOf("CosineSimilarity", "x1", "x2"),
		"pairwise_distance":                functionalOf("PairwiseDistance", "x1", "x2"),
		"bilinear":                         bilinearFn,
		"cross_entropy":                    functionalOf("CrossEntropyLoss", "input", "target"),
		"nll_loss":                         functionalOf("NLLLoss", "input", "target"),
		"mse_loss":                         functionalOf("MSELoss", "input", "target"),
		"l1_loss":                          functionalOf("L1Loss", "input", "target"),
		"smooth_l1_loss":                   functionalOf("SmoothL1Loss", "input", "target"),
		"huber_loss":                       functionalOf("HuberLoss", "input", "target"),
		"binary_cross_entropy":             functionalOf("BCELoss", "input", "target"),
		"binary_cross_entropy_with_logits": functionalOf("BCEWithLogitsLoss", "input", "target"),
		"kl_div":                           functionalOf("KLDivLoss", "input", "target"),
		"poisson_nll_loss":                 functionalOf("PoissonNLLLoss", "input", "target"),
		"gaussian_nll_loss":                functionalOf("GaussianNLLLoss", "input", "target", "var"),
		"hinge_embedding_loss":             functionalOf("HingeEmbeddingLoss", "input", "target"),
		"soft_margin_loss":                 functionalOf("SoftMarginLoss", "input", "target"),
		"multilabel_soft_margin_loss":      functionalOf("MultiLabelSoftMarginLoss", "input", "target"),
		"multilabel_margin_loss":           functionalOf("MultiLabelMarginLoss", "input", "target"),
		"multi_margin_loss":                functionalOf("MultiMarginLoss", "input", "target"),
		"cosine_embedding_loss":            functionalOf("CosineEmbeddingLoss", "input1", "input2", "target"),
		"margin_ranking_loss":              functionalOf("MarginRankingLoss", "input1", "input2", "target"),
		"triplet_margin_loss":              functionalOf("TripletMarginLoss", "anchor", "positive", "negative"),
		"ctc_loss":                         functionalOf("CTCLoss", "log_probs", "targets", "input_lengths", "target_lengths"),
		"grid_sample":                      gridSampleFn,
		"affine_grid":                      affineGridFn,
		"one_hot":                          oneHotFn,
	} {
		if _, ok := m.Get(name); !ok {
			m.SetFunc(name, f)
		}
	}
	for dims := 1; dims <= 3; dims++ {
		ds := string(rune('0' + dims))
		m.SetFunc("conv_transpose"+ds+"d", convTransposeFn(dims))
		m.SetFunc("max_unpool"+ds+"d", maxUnpoolFn(dims))
	}
	return m, nil
}

func torchModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch")
	m.Set("__version__", eval.String("1.13.0"))
	m.Set("Tensor", tensorClass)
	m.Set("Size", eval.NewBuiltin("Size", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s, err := intsOf(args)
		if err != nil {
			return nil, err
		}
		return sizeTuple(s), nil
	}))
	for n, dt := range dtypes {
		m.Set(n, dtype(dt))
	}
	for _, n := range []string{"zeros", "ones", "rand", "randn", "empty", "randint_like"} {
		m.SetFunc(n, creation)
	}
	m.SetFunc("full", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 0 {
			args = args[:1]
		}
		return creation(th, args, kwargs)
	})
	m.SetFunc("randint", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		size, ok := kw(kwargs, "size")
		if !ok && len(args) > 0 {
			size = args[len(args)-1]
		}
		s, err := intsOf(eval.Tuple{size})
		if err != nil {
			return nil, err
		}
		return newTensor(s, "int64"), nil
	})
	m.SetFunc("arange", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var xs []int64
		for _, a := range args {
			i, err := eval.AsInt(a)
			if err != nil {
				return nil, eval.NewError(eval.TypeError, "arange(): netsum needs integer bounds")
			}
			xs = append(xs, i)
		}
		start, stop, step, _ := eval.RangeBounds(xs)
		n := int64(0)
		if step != 0 && (stop-start)/step > 0 {
			n = (stop - start + step - 1) / step
		}
		return newTensor([]int64{n}, "int64"), nil
	})
	m.SetFunc("tensor", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 {
			return nil, eval.NewError(eval.TypeError, "tensor() missing data")
		}
		var shape []int64
		v := args[0]
		dt := "float32"
		if _, ok := v.(eval.Int); ok {
			dt = "int64"
		}
		for {
			vals, err := th.Collect(v)
			if err != nil {
				break
			}
			shape = append(shape, int64(len(vals)))
			if len(vals) == 0 {
				break
			}
			v = vals[0]
			if _, ok := v.(eval.Int); ok {
				dt = "int64"
			}
		}
		return newTensor(shape, dt), nil
	})
	for _, n := range []string{"zeros_like", "ones_like", "rand_like", "randn_like", "empty_like", "full_like"} {
		m.SetFunc(n, likeFn)
	}
	for _, n := range []string{"relu", "sigmoid", "tanh", "exp", "sqrt", "abs", "neg", "softmax", "log_softmax", "clamp", "dropout", "layer_norm", "batch_norm", "clone", "detach", "sign", "log", "rsqrt", "erf", "sin", "cos"} {
		m.SetFunc(n, same(n))
	}
	for _, n := range []string{"mean", "sum", "amax", "max", "min", "argmax", "std", "var"} {
		m.SetFunc(n, reduce(n))
	}
	m.SetFunc("flatten", flattenFn)
	m.SetFunc("cat", catFn(false))
	m.SetFunc("concat", catFn(false))
	m.SetFunc("concatenate", catFn(false))
	m.SetFunc("stack", catFn(true))
	m.SetFunc("matmul", matmulFn)
	m.SetFunc("mm", matmulFn)
	m.SetFunc("bmm", matmulFn)
	m.SetFunc("add", binaryFn(syntax.Add))
	m.SetFunc("sub", binaryFn(syntax.Sub))
	m.SetFunc("mul", binaryFn(syntax.Mul))
	m.SetFunc("div", binaryFn(syntax.Div))
	m.SetFunc("pow", binaryFn(syntax.Pow))
	for _, n := range []string{"permute", "transpose", "reshape", "squeeze", "unsqueeze", "chunk", "split", "swapaxes", "unbind"} {
		n := n
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			x, err := tensorArg(n, args, kwargs, 0, "input")
			if err != nil {
				return nil, err
			}
			meth, _ := x.Attr(th, n)
			return th.Call(meth, args[1:], kwargs)
		})
	}
	m.SetFunc("is_tensor", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 1 {
			_, ok := args[0].(*Tensor)
			return eval.Bool(ok), nil
		}
		return eval.False, nil
	})
	m.SetFunc("_assert", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 0 {
			if ok, err := th.Truth(args[0]); err == nil && !ok {
				msg := ""
				if len(args) > 1 {
					msg, _ = th.Str(args[1])
				}
				return nil, eval.NewError(eval.AssertionError, "%s", msg)
			}
		}
		return eval.None, nil
	})
	for _, n := range []string{"manual_seed", "set_grad_enabled", "set_default_dtype", "set_printoptions", "save", "load", "device", "set_num_threads", "use_deterministic_algorithms"} {
		n := n
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if n == "device" {
				if len(args) > 0 {
					return args[0], nil
				}
				return eval.String("cpu"), nil
			}
			if n == "load" || n == "save" {
				return nil, eval.NewError(eval.PermissionError, "torch.%s() is not available in netsum's sandbox", n)
			}
			return eval.None, nil
		})
	}
	m.Set("no_grad", noGradClass)
	m.Set("inference_mode", noGradClass)
	m.Set("enable_grad", noGradClass)
	addValueFuncs(m) // values.go: functions that carry known values
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		switch attr {
		case "nn", "jit", "fx", "hub", "utils", "cuda", "optim", "backends":
			return th.Import("torch." + attr)
		}
		if strings.HasPrefix(attr, "_") {
			return eval.NewOpaque(th, "torch", "torch."+attr), nil
		}
		return nil, nil
	}
	return m, nil
}

var noGradClass *eval.Class

func newNoGradClass() *eval.Class {
	c := eval.NewClass("no_grad").SetModule("torch")
	c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.None, nil })
	c.SetMethod("__enter__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.None, nil })
	c.SetMethod("__exit__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.False, nil })
	c.SetMethod("__call__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 1 {
			return args[1], nil
		}
		return eval.None, nil
	})
	return c
}

// seqForm stands in for typing.Sequence: torchvision checks
// isinstance(setting, Sequence) on lists of block configs.
type seqForm struct{}

func (seqForm) String() string                                                { return "typing.Sequence" }
func (seqForm) Type() string                                                  { return "typing" }
func (seqForm) BaseClass() *eval.Class                                        { return eval.ClassOf(eval.NewList(nil)) }
func (s seqForm) GetItem(th *eval.Thread, key eval.Value) (eval.Value, error) { return s, nil }

// typingModule is the interpreter's typing with Sequence answering
// isinstance for lists.
func typingModule(th *eval.Thread) (*eval.Module, error) {
	base, err := eval.NewThread(eval.Options{}).Import("typing")
	if err != nil {
		return nil, err
	}
	m := eval.NewModule("typing")
	if bm, ok := base.(*eval.Module); ok {
		for _, n := range bm.Names() {
			v, _ := bm.Get(n)
			m.Set(n, v)
		}
		m.Missing = bm.Missing
	}
	m.Set("Sequence", seqForm{})
	return m, nil
}

// nnUtilsModule is torch.nn.utils: weight_norm and spectral_norm rename
// parameters and add buffers as torch does; the gradient helpers do
// nothing.
func nnUtilsModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.nn.utils")
	m.SetFunc("weight_norm", weightNorm)
	m.SetFunc("spectral_norm", spectralNorm)
	m.Set("remove_weight_norm", removeNorm("remove_weight_norm", []string{"_g", "_v"}, nil))
	m.Set("remove_spectral_norm", removeNorm("remove_spectral_norm", []string{"_orig"}, []string{"_u", "_v"}))
	for _, n := range []string{"clip_grad_norm_", "clip_grad_norm", "clip_grad_value_"} {
		n := n
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if n == "clip_grad_value_" {
				return eval.None, nil
			}
			return newTensor(nil, "float32"), nil
		})
	}
	m.SetFunc("parameters_to_vector", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "parameters_to_vector() takes 1 argument")
		}
		ps, err := th.Collect(args[0])
		if err != nil {
			return nil, err
		}
		var n int64
		for _, p := range ps {
			t, ok := p.(*Tensor)
			if !ok {
				return nil, eval.NewError(eval.TypeError, "expected torch.Tensor, but got: %s", p.Type())
			}
			n += numel(t.shape)
		}
		return newTensor([]int64{n}, "float32"), nil
	})
	m.SetFunc("vector_to_parameters", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.None, nil
	})
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		if attr == "rnn" || attr == "parametrizations" || attr == "parametrize" || attr == "prune" {
			return th.Import("torch.nn.utils." + attr)
		}
		return nil, nil
	}
	return m, nil
}

// normTarget finds the parameter weight_norm/spectral_norm reparametrize.
func normTarget(fn string, args eval.Tuple, kwargs []eval.KV, extra ...any) (*eval.Instance, *modState, string, *Tensor, error) {
	var mod eval.Value = eval.None
	name := "weight"
	spec := append([]any{"module", &mod, "name?", &name}, extra...)
	if err := eval.UnpackArgs(fn, args, kwargs, spec...); err != nil {
		return nil, nil, "", nil, err
	}
	inst, ok := mod.(*eval.Instance)
	st := stateOf(mod)
	if !ok || st == nil {
		return nil, nil, "", nil, eval.NewError(eval.TypeError, "%s(): module must be an nn.Module, got %s", fn, mod.Type())
	}
	p := st.paramMap[name]
	if p == nil {
		return nil, nil, "", nil, eval.NewError(eval.AttributeError, "'%s' object has no attribute '%s'", className(inst), name)
	}
	for _, suf := range []string{"_g", "_v", "_orig"} {
		if _, ok := st.paramMap[name+suf]; ok {
			return nil, nil, "", nil, eval.NewError(eval.RuntimeError, "Cannot register two %s hooks on the same parameter %s", fn, name)
		}
	}
	return inst, st, name, p, nil
}

func weightNorm(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var dim eval.Value = eval.Int(0)
	inst, st, name, p, err := normTarget("weight_norm", args, kwargs, "dim?", &dim)
	if err != nil {
		return nil, err
	}
	d := int64(-1)
	if dim != eval.None {
		if d, err = eval.AsInt(dim); err != nil {
			return nil, eval.NewError(eval.TypeError, "weight_norm(): dim must be an int or None")
		}
	}
	n := int64(len(p.shape))
	var g []int64
	if d != -1 {
		if d < -n || d >= n {
			return nil, eval.NewError(eval.IndexError, "Dimension out of range (expected to be in range of [%d, %d], but got %d)", -n, n-1, d)
		}
		if d < 0 {
			d += n
		}
		g = make([]int64, n)
		for i := range g {
			g[i] = 1
		}
		g[d] = p.shape[d]
	}
	st.unregister(name)
	gt := &Tensor{shape: g, dtype: p.dtype, param: true, requiresGrad: p.requiresGrad}
	vt := &Tensor{shape: append([]int64{}, p.shape...), dtype: p.dtype, param: true, requiresGrad: p.requiresGrad}
	st.setParam(name+"_g", gt)
	st.setParam(name+"_v", vt)
	inst.SetAttrDirect(name+"_g", gt)
	inst.SetAttrDirect(name+"_v", vt)
	inst.SetAttrDirect(name, newTensor(p.shape, p.dtype))
	return inst, nil
}

func spectralNorm(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var iters, eps, dim eval.Value = eval.Int(1), eval.Float(1e-12), eval.None
	inst, st, name, p, err := normTarget("spectral_norm", args, kwargs, "n_power_iterations?", &iters, "eps?", &eps, "dim?", &dim)
	if err != nil {
		return nil, err
	}
	if k, err := eval.AsInt(iters); err != nil || k <= 0 {
		return nil, eval.NewError(eval.ValueError, "Expected n_power_iterations to be positive, but got n_power_iterations=%s", iters.String())
	}
	var d int64
	if dim == eval.None {
		if strings.HasPrefix(className(inst), "ConvTranspose") {
			d = 1
		}
	} else if d, err = eval.AsInt(dim); err != nil {
		return nil, eval.NewError(eval.TypeError, "spectral_norm(): dim must be an int or None")
	}
	n := int64(len(p.shape))
	if n == 0 {
		return nil, eval.NewError(eval.IndexError, "spectral_norm(): the weight must have at least 1 dim")
	}
	if d < 0 {
		d += n
	}
	if d < 0 || d >= n {
		return nil, eval.NewError(eval.IndexError, "Dimension out of range (expected to be in range of [%d, %d], but got %d)", -n, n-1, d)
	}
	h := p.shape[d]
	w := int64(0)
	if h > 0 {
		w = numel(p.shape) / h
	}
	st.unregister(name)
	st.setParam(name+"_orig", p)
	inst.SetAttrDirect(name+"_orig", p)
	inst.SetAttrDirect(name, newTensor(p.shape, p.dtype))
	u, v := newTensor([]int64{h}, p.dtype), newTensor([]int64{w}, p.dtype)
	st.setBuffer(name+"_u", u)
	st.setBuffer(name+"_v", v)
	inst.SetAttrDirect(name+"_u", u)
	inst.SetAttrDirect(name+"_v", v)
	return inst, nil
}

// removeNorm undoes weight_norm/spectral_norm: the parameter name again.
func removeNorm(fn string, params, buffers []string) *eval.Builtin {
	return eval.NewBuiltin(fn, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var mod eval.Value = eval.None
		name := "weight"
		if err := eval.UnpackArgs(fn, args, kwargs, "module", &mod, "name?", &name); err != nil {
			return nil, err
		}
		inst, ok := mod.(*eval.Instance)
		st := stateOf(mod)
		if !ok || st == nil {
			return nil, eval.NewError(eval.TypeError, "%s(): module must be an nn.Module, got %s", fn, mod.Type())
		}
		var shape []int64
		dt := "float32"
		found := false
		for _, suf := range params {
			if t := st.paramMap[name+suf]; t != nil {
				found = true
				if suf != "_g" {
					shape, dt = t.shape, t.dtype
				}
			}
		}
		if !found {
			kind := map[string]string{"remove_weight_norm": "weight_norm", "remove_spectral_norm": "spectral_norm"}[fn]
			return nil, eval.NewError(eval.ValueError, "%s of '%s' not found in %s", kind, name, className(inst))
		}
		for _, suf := range append(append([]string(nil), params...), buffers...) {
			st.unregister(name + suf)
			inst.DeleteAttr(name + suf)
		}
		t := &Tensor{shape: append([]int64{}, shape...), dtype: dt, param: true, requiresGrad: true}
		st.setParam(name, t)
		inst.SetAttrDirect(name, t)
		return inst, nil
	})
}

// packed is a torch.nn.utils.rnn.PackedSequence: data (the time steps of
// every sequence, stacked), the batch size and, when known, the lengths.
type packed struct {
	data    *Tensor
	n       int64   // batch size, -1 unknown
	lengths []int64 // nil when unknown
	sorted  bool    // sorted_indices is None
}

var packedClass = func() *eval.Class {
	c := eval.NewClass("PackedSequence").SetModule("torch.nn.utils.rnn")
	get := func(args eval.Tuple) (*eval.Instance, *packed, error) {
		if len(args) == 0 {
			return nil, nil, eval.NewError(eval.TypeError, "method needs self")
		}
		inst, ok := args[0].(*eval.Instance)
		if !ok {
			return nil, nil, eval.NewError(eval.TypeError, "expected a PackedSequence")
		}
		p, ok := inst.Native.(*packed)
		if !ok {
			return nil, nil, eval.NewError(eval.TypeError, "expected a PackedSequence")
		}
		return inst, p, nil
	}
	fields := func(inst *eval.Instance) []eval.Value {
		var out []eval.Value
		for _, n := range []string{"data", "batch_sizes", "sorted_indices", "unsorted_indices"} {
			v, _ := inst.Attr(n)
			out = append(out, v)
		}
		return out
	}
	c.SetMethod("__iter__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		inst, _, err := get(args)
		if err != nil {
			return nil, err
		}
		return eval.NewList(fields(inst)), nil
	})
	c.SetMethod("__len__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.Int(4), nil
	})
	c.SetMethod("__getitem__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		inst, _, err := get(args)
		if err != nil {
			return nil, err
		}
		if len(args) != 2 {
			return nil, eval.NewError(eval.TypeError, "__getitem__ expects one index")
		}
		return th.GetItem(eval.Tuple(fields(inst)), args[1])
	})
	for _, n := range []string{"to", "cpu", "cuda", "float", "double", "half", "long", "int", "short", "char", "byte", "bool", "detach", "pin_memory"} {
		c.SetMethod(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			inst, _, err := get(args)
			if err != nil {
				return nil, err
			}
			return inst, nil
		})
	}
	return c
}()

func newPacked(p *packed) *eval.Instance {
	inst := &eval.Instance{Class: packedClass, Native: p}
	inst.SetAttrDirect("data", p.data)
	steps := int64(-1)
	if p.lengths != nil {
		steps = 0
		for _, l := range p.lengths {
			steps = max(steps, l)
		}
	}
	inst.SetAttrDirect("batch_sizes", newTensor([]int64{steps}, "int64"))
	if p.sorted {
		inst.SetAttrDirect("sorted_indices", eval.None)
		inst.SetAttrDirect("unsorted_indices", eval.None)
	} else {
		inst.SetAttrDirect("sorted_indices", newTensor([]int64{p.n}, "int64"))
		inst.SetAttrDirect("unsorted_indices", newTensor([]int64{p.n}, "int64"))
	}
	return inst
}

func packedOf(v eval.Value) (*packed, bool) {
	inst, ok := v.(*eval.Instance)
	if !ok {
		return nil, false
	}
	p, ok := inst.Native.(*packed)
	return p, ok
}

// knownInts is a list of ints the code gives: a list or tuple of ints, or
// a tensor whose values netsum knows.
func knownInts(th *eval.Thread, v eval.Value) ([]int64, bool) {
	if t, ok := v.(*Tensor); ok {
		vals := t.values()
		if vals == nil || len(t.shape) != 1 {
			return nil, false
		}
		out := make([]int64, len(vals))
		for i, x := range vals {
			out[i] = int64(x)
		}
		return out, true
	}
	elems, err := th.Collect(v)
	if err != nil {
		return nil, false
	}
	out := make([]int64, len(elems))
	for i, e := range elems {
		n, err := eval.AsInt(e)
		if err != nil {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

func sumInts(xs []int64) int64 {
	var s int64
	for _, x := range xs {
		s += x
	}
	return s
}

const unsortedMsg = "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability."

// rnnUtilsModule is torch.nn.utils.rnn: packing and padding of variable
// length sequences, with the lengths when the code gives them as numbers.
func rnnUtilsModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torch.nn.utils.rnn")
	m.Set("PackedSequence", packedClass)
	m.SetFunc("pack_padded_sequence", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var in, lengths eval.Value = eval.None, eval.None
		batchFirst, enforce := false, true
		if err := eval.UnpackArgs("pack_padded_sequence", args, kwargs, "input", &in, "lengths", &lengths, "batch_first?", &batchFirst, "enforce_sorted?", &enforce); err != nil {
			return nil, err
		}
		x, ok := in.(*Tensor)
		if !ok || len(x.shape) < 2 {
			return nil, eval.NewError(eval.TypeError, "pack_padded_sequence(): input must be a Tensor of at least 2 dims")
		}
		t, n := x.shape[0], x.shape[1]
		if batchFirst {
			t, n = n, t
		}
		p := &packed{n: n, sorted: enforce}
		rows := int64(-1)
		if ls, ok := knownInts(th, lengths); ok {
			if int64(len(ls)) != n {
				return nil, eval.NewError(eval.RuntimeError, "Expected `len(lengths)` to be equal to batch_size, but got %d (batch_size=%d)", len(ls), n)
			}
			for i, l := range ls {
				if l <= 0 {
					return nil, eval.NewError(eval.RuntimeError, "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0")
				}
				if l > t {
					return nil, eval.NewError(eval.RuntimeError, "Expected sequence length to be at most %d, but got %d", t, l)
				}
				if enforce && i > 0 && l > ls[i-1] {
					return nil, eval.NewError(eval.RuntimeError, "%s", unsortedMsg)
				}
			}
			p.lengths, rows = ls, sumInts(ls)
		}
		p.data = newTensor(append([]int64{rows}, x.shape[2:]...), x.dtype)
		return newPacked(p), nil
	})
	m.SetFunc("pad_packed_sequence", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var seq, pad, total eval.Value = eval.None, eval.Float(0), eval.None
		batchFirst := false
		if err := eval.UnpackArgs("pad_packed_sequence", args, kwargs, "sequence", &seq, "batch_first?", &batchFirst, "padding_value?", &pad, "total_length?", &total); err != nil {
			return nil, err
		}
		p, ok := packedOf(seq)
		if !ok {
			return nil, eval.NewError(eval.AttributeError, "'%s' object has no attribute 'batch_sizes'", seq.Type())
		}
		t := int64(-1)
		if p.lengths != nil {
			t = 0
			for _, l := range p.lengths {
				t = max(t, l)
			}
		}
		if total != eval.None {
			tl, err := eval.AsInt(total)
			if err != nil {
				return nil, err
			}
			if t >= 0 && tl < t {
				return nil, eval.NewError(eval.ValueError, "Expected total_length to be at least the length of the longest sequence in input, but got total_length=%d and max sequence length being %d", tl, t)
			}
			t = tl
		}
		shape := append([]int64{t, p.n}, p.data.shape[1:]...)
		if batchFirst {
			shape[0], shape[1] = shape[1], shape[0]
		}
		return eval.Tuple{newTensor(shape, p.data.dtype), newTensor([]int64{p.n}, "int64")}, nil
	})
	m.SetFunc("pad_sequence", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var seqs, pad eval.Value = eval.None, eval.Float(0)
		batchFirst := false
		if err := eval.UnpackArgs("pad_sequence", args, kwargs, "sequences", &seqs, "batch_first?", &batchFirst, "padding_value?", &pad); err != nil {
			return nil, err
		}
		ts, err := tensorList(th, "pad_sequence", seqs)
		if err != nil {
			return nil, err
		}
		var maxLen int64
		for _, x := range ts {
			maxLen = max(maxLen, x.shape[0])
		}
		shape := append([]int64{maxLen, int64(len(ts))}, ts[0].shape[1:]...)
		if batchFirst {
			shape[0], shape[1] = shape[1], shape[0]
		}
		return newTensor(shape, ts[0].dtype), nil
	})
	m.SetFunc("pack_sequence", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var seqs eval.Value = eval.None
		enforce := true
		if err := eval.UnpackArgs("pack_sequence", args, kwargs, "sequences", &seqs, "enforce_sorted?", &enforce); err != nil {
			return nil, err
		}
		ts, err := tensorList(th, "pack_sequence", seqs)
		if err != nil {
			return nil, err
		}
		p := &packed{n: int64(len(ts)), sorted: enforce}
		for i, x := range ts {
			if enforce && i > 0 && x.shape[0] > ts[i-1].shape[0] {
				return nil, eval.NewError(eval.RuntimeError, "%s", unsortedMsg)
			}
			p.lengths = append(p.lengths, x.shape[0])
		}
		p.data = newTensor(append([]int64{sumInts(p.lengths)}, ts[0].shape[1:]...), ts[0].dtype)
		return newPacked(p), nil
	})
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		return eval.NewOpaque(th, "torch", "torch.nn.utils.rnn."+attr), nil
	}
	return m, nil
}

// tensorList is a non-empty list of tensors with at least one dim and the
// same trailing dims.
func tensorList(th *eval.Thread, fn string, v eval.Value) ([]*Tensor, error) {
	elems, err := th.Collect(v)
	if err != nil {
		return nil, err
	}
	if len(elems) == 0 {
		return nil, eval.NewError(eval.RuntimeError, "received an empty list of sequences")
	}
	var out []*Tensor
	for _, e := range elems {
		t, ok := e.(*Tensor)
		if !ok || len(t.shape) == 0 {
			return nil, eval.NewError(eval.TypeError, "%s(): expected a list of Tensors of at least 1 dim, got %s", fn, e.Type())
		}
		if len(out) > 0 && !sameShape(t.shape[1:], out[0].shape[1:]) {
			return nil, eval.NewError(eval.RuntimeError, "The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton dimension 1", out[0].shape[len(out[0].shape)-1], t.shape[len(t.shape)-1])
		}
		out = append(out, t)
	}
	return out, nil
}

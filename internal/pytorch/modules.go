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
	mods := map[string]eval.ModuleFunc{
		"torch":               torchModule,
		"torch.nn":            nnModule,
		"torch.nn.functional": functionalModule,
		"torch.nn.init":       initModule,
		"torch.nn.parameter": func(th *eval.Thread) (*eval.Module, error) {
			return simple("torch.nn.parameter", "Parameter", parameterFn()), nil
		},
		"torch.nn.modules":       nnModule,
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
	return mods
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
		start, stop, step := int64(0), int64(0), int64(1)
		switch len(xs) {
		case 1:
			stop = xs[0]
		case 2:
			start, stop = xs[0], xs[1]
		case 3:
			start, stop, step = xs[0], xs[1], xs[2]
		}
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

var noGradClass = func() *eval.Class {
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
}()

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

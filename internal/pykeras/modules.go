package pykeras

import (
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// kerasRoots are the import names of Keras: the keras package, tf.keras
// and its older paths, Keras Core (the Keras 3 preview) and tf_keras.
var kerasRoots = []string{"keras", "tensorflow.keras", "tensorflow.python.keras", "keras_core", "tf_keras"}

// layerSubmodules are the module paths layer classes were importable from
// in some version (keras.layers.core, keras.layers.convolutional, ...).
var layerSubmodules = []string{"core", "convolutional", "pooling", "normalization", "recurrent", "embeddings",
	"advanced_activations", "wrappers", "noise", "merge", "merging", "local", "convolutional_recurrent",
	"cudnn_recurrent", "experimental", "experimental.preprocessing", "preprocessing", "rnn", "activation",
	"attention", "reshaping", "regularization", "normalization.batch_normalization", "core.dense"}

func init() { eval.RegisterLazy(setup) }

var setupOnce sync.Once

// setup builds the package's tables and classes and registers its modules
// with the interpreter. It runs once, on the first NewSession or the first
// module lookup of any thread, not at init: a process that runs no Python
// code (netsum on a model JSON) never pays for it.
func setup() {
	setupOnce.Do(func() {
		modernArgs = parseArgTable(modernArgsTable)
		keras1Args = parseArgTable(keras1ArgsTable)
		keras1Names = strings.Fields(keras1NamesList)
		setupBackendOps()
		setupOptimizerArgs()
		setupActivationOps()
		setupTfOps()
		setupTfSubOps()
		setupKerasOps()
		setupDatasetSpecs()
		setupNumpyFuncs()
		setupTensorClasses()
		setupBaseClasses()
		registerModules()
	})
}

func registerModules() {
	for _, root := range kerasRoots {
		root := root
		reg := func(name string, build func(th *eval.Thread, s *Session, name string) (*eval.Module, error)) {
			full := root
			if name != "" {
				full += "." + name
			}
			eval.RegisterModule(full, func(th *eval.Thread) (*eval.Module, error) {
				return build(th, sessionOf(th), full)
			})
		}
		reg("", kerasTopModule)
		reg("layers", layersModule)
		for _, sub := range layerSubmodules {
			reg("layers."+sub, layersModule)
		}
		reg("models", modelsModule)
		for _, sub := range []string{"engine", "engine.topology", "engine.training", "engine.sequential", "engine.input_layer",
			"engine.base_layer", "engine.network", "engine.functional", "src.engine", "src.models"} {
			reg(sub, engineModule)
		}
		simple := func(f func(s *Session) *eval.Module) func(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
			return func(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
				m := f(s)
				return renamed(m, name), nil
			}
		}
		reg("optimizers", simple(optimizersModule))
		reg("optimizers.schedules", func(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
			v, _ := optimizersModule(s).Get("schedules")
			return renamed(v.(*eval.Module), name), nil
		})
		reg("optimizers.legacy", func(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
			v, _ := optimizersModule(s).Get("legacy")
			return renamed(v.(*eval.Module), name), nil
		})
		reg("regularizers", simple(regularizersModule))
		reg("initializers", simple(initializersModule))
		reg("initializations", simple(initializersModule))
		reg("constraints", simple(constraintsModule))
		reg("activations", simple(activationsModule))
		reg("losses", simple(lossesModule))
		reg("objectives", simple(lossesModule))
		reg("metrics", simple(metricsModule))
		reg("callbacks", simple(callbacksModule))
		reg("backend", backendModule)
		reg("backend.tensorflow_backend", backendModule)
		reg("config", backendModule)
		reg("utils", utilsModule)
		for _, sub := range []string{"np_utils", "layer_utils", "data_utils", "generic_utils", "vis_utils", "visualize_util", "io_utils", "conv_utils"} {
			reg("utils."+sub, utilsModule)
		}
		reg("datasets", datasetsModule)
		for _, d := range datasetNames {
			d := d
			reg("datasets."+d, func(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
				return datasetModule(s, name, d), nil
			})
		}
		reg("preprocessing", preprocessingModule)
		for _, sub := range []string{"image", "sequence", "text"} {
			reg("preprocessing."+sub, preprocessingModule)
		}
		reg("ops", opsModule)
		reg("random", randomModule)
		reg("wrappers", wrappersModule)
		reg("wrappers.scikit_learn", wrappersModule)
		reg("mixed_precision", mixedPrecisionModule)
		reg("legacy", layersModule)
		reg("applications", applicationsModule)
		reg("saving", savingModule)
		reg("distribution", func(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
			m := eval.NewModule(name)
			m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
				return eval.NewOpaque(th, "keras", name+"."+attr), nil
			}
			return m, nil
		})
	}
	eval.RegisterModule("numpy", func(th *eval.Thread) (*eval.Module, error) { return numpyModule(th, sessionOf(th), "numpy"), nil })
	eval.RegisterModule("numpy.random", func(th *eval.Thread) (*eval.Module, error) {
		return numpyRandomModule(sessionOf(th), "numpy.random"), nil
	})
	eval.RegisterModule("tensorflow", func(th *eval.Thread) (*eval.Module, error) { return tfModule(th, sessionOf(th)), nil })
	for _, sub := range []string{"nn", "math", "linalg", "random", "image", "signal", "strings", "data", "compat", "compat.v1", "config", "test", "experimental", "distribute", "saved_model", "lite", "io", "sparse", "summary", "train", "estimator", "autograph", "types", "dtypes"} {
		sub := sub
		eval.RegisterModule("tensorflow."+sub, func(th *eval.Thread) (*eval.Module, error) {
			return tfSubmodule(th, sessionOf(th), sub), nil
		})
	}
}

// renamed gives a module built under one name another name (a module path
// that only aliases another).
func renamed(m *eval.Module, name string) *eval.Module {
	if m.Name() == name {
		return m
	}
	out := eval.NewModule(name)
	for _, k := range m.Names() {
		if k == "__name__" {
			continue
		}
		v, _ := m.Get(k)
		out.Set(k, v)
	}
	out.Missing = m.Missing
	return out
}

// kerasTopModule is the keras package itself.
func kerasTopModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	m.Set("__version__", eval.String(s.Version))
	m.Set("Sequential", s.classes.sequential)
	m.Set("Model", s.classes.model)
	m.Set("Input", inputFunc(s))
	m.Set("Layer", s.classes.layer)
	m.Set("KerasTensor", kerasTensorClass)
	m.Set("Variable", variableClass)
	m.Set("InputSpec", s.classes.inputSpec)
	m.SetFunc("name_scope", nameScope)
	m.SetFunc("device", nameScope)
	m.SetFunc("utils_set_random_seed", noop)
	m.Missing = func(th *eval.Thread, m *eval.Module, attr string) (eval.Value, error) {
		return nil, eval.NewError(eval.AttributeError, "module '%s' has no attribute '%s'%s", m.Name(), attr, didYouMean(attr, m.Names()))
	}
	return m, nil
}

// layersModule is keras.layers (and its historical submodules).
func layersModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	cs := s.classes
	for _, n := range cs.layerNames {
		m.Set(n, cs.layers[n])
	}
	m.Set("Layer", cs.layer)
	m.Set("InputSpec", cs.inputSpec)
	m.Set("Input", inputFunc(s))
	if s.Dialect == graph.Keras1 {
		m.Set("merge", keras1Merge(s))
	} else {
		for fn, class := range mergeFuncs {
			if cs.layers[class] != nil {
				m.Set(fn, mergeFunc(s, fn, class))
			}
		}
		if s.Dialect == graph.Keras2 {
			m.Set("merge", keras1Merge(s))
		}
	}
	if s.Dialect == graph.Keras1 || s.Dialect == graph.Keras2 {
		m.Set("Container", cs.model)
	}
	m.SetFunc("serialize", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 {
			return nil, eval.NewError(eval.TypeError, "serialize() missing the layer")
		}
		lo := layerOf(args[0])
		if lo == nil {
			return fromConfig(toConfig(th, args[0])), nil
		}
		d := fromConfig(lo.serialize(th)).(*eval.Dict)
		d.SetString("__netsum_layer__", args[0])
		return d, nil
	})
	m.SetFunc("deserialize", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 {
			return nil, eval.NewError(eval.TypeError, "deserialize() missing the config")
		}
		d, ok := args[0].(*eval.Dict)
		if !ok {
			return nil, eval.NewError(eval.TypeError, "deserialize() expects a dict")
		}
		// A new layer of the class with the same config.
		cn, _ := d.GetString("class_name")
		cls, ok := s.classes.layers[nameOf(cn)]
		if !ok {
			if v, ok := d.GetString("__netsum_layer__"); ok {
				return v, nil
			}
			return nil, eval.NewError(eval.ValueError, "unknown layer class %s", nameOf(cn))
		}
		var kw []eval.KV
		if cfg, ok := d.GetString("config"); ok {
			if cd, ok := cfg.(*eval.Dict); ok {
				for _, kv := range cd.Items() {
					if k, ok := kv[0].(eval.String); ok {
						kw = append(kw, eval.KV{Name: string(k), Value: kv[1]})
					}
				}
			}
		}
		return th.Call(cls, nil, kw)
	})
	m.Missing = func(th *eval.Thread, m *eval.Module, attr string) (eval.Value, error) {
		return s.missingLayer(th, m, attr)
	}
	return m, nil
}

// missingLayer answers keras.layers.X for an X the dialect does not have.
func (s *Session) missingLayer(th *eval.Thread, m *eval.Module, attr string) (eval.Value, error) {
	if attr == "" || attr[0] < 'A' || attr[0] > 'Z' {
		return nil, eval.NewError(eval.AttributeError, "module '%s' has no attribute '%s'%s", m.Name(), attr, didYouMean(attr, m.Names()))
	}
	if keras.Lookup(attr) != nil {
		hint := ""
		switch {
		case s.Dialect == graph.Keras1:
			hint = "; netsum reads this code as Keras 1 (use --keras-version 2, tf or 3 for later code)"
		case keras1Only[attr]:
			hint = "; it is a Keras 1 class (use --keras-version 1)"
		}
		return nil, eval.NewError(eval.AttributeError, "module '%s' has no attribute '%s' in Keras %s%s", m.Name(), attr, s.Version, hint)
	}
	if s.AllowUnknown {
		th.Warn("unknown-layer:"+attr, "keras.layers."+attr+" is not a layer netsum knows; its shapes and parameters are shown as ?")
		return s.unknownLayerClass(attr), nil
	}
	return nil, eval.NewError(eval.AttributeError, "module '%s' has no attribute '%s'%s (netsum does not know this layer; --allow-unknown shows it with ? shapes)", m.Name(), attr, didYouMean(attr, m.Names()))
}

// unknownLayerClass is a layer class the catalog does not know: its calls
// give unknown shapes with --allow-unknown.
func (s *Session) unknownLayerClass(name string) *eval.Class {
	c := eval.NewClass(name, s.classes.layer).SetModule("keras.layers")
	def := &layerDef{class: name, spec: name}
	c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		lo := layerOf(args[0])
		lo.def = def
		cfg := map[string]any{}
		var base []eval.KV
		for i, a := range args[1:] {
			cfg["arg"+string(rune('0'+i))] = toConfig(th, a)
		}
		for _, kv := range kwargs {
			if baseKwargs[kv.Name] {
				base = append(base, kv)
			} else {
				cfg[kv.Name] = toConfig(th, kv.Value)
			}
		}
		return eval.None, s.initLayer(th, lo, name, cfg, base)
	})
	return c
}

// modelsModule is keras.models.
func modelsModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	m.Set("Sequential", s.classes.sequential)
	m.Set("Model", s.classes.model)
	m.Set("Functional", s.classes.functional)
	m.Set("Input", inputFunc(s))
	for _, fn := range []string{"load_model", "model_from_json", "model_from_yaml", "model_from_config"} {
		fn := fn
		m.SetFunc(fn, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if len(args) > 0 {
				switch p := args[0].(type) {
				case eval.String:
					if v, ok := s.saved[string(p)]; ok {
						return v, nil
					}
				case *eval.Dict:
					if v, ok := p.GetString("__netsum_model__"); ok {
						return v, nil
					}
				}
			}
			return nil, s.pyErrorf(th, eval.ValueError, "%s() reads a saved model that this code did not save; run netsum on the saved file itself (netsum reads .h5, .keras and model JSON)", fn)
		})
	}
	m.SetFunc("save_model", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 1 {
			if p, ok := args[1].(eval.String); ok {
				s.saved[string(p)] = args[0]
			}
		}
		return eval.None, nil
	})
	m.SetFunc("clone_model", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 0 {
			return args[0], nil
		}
		return eval.None, nil
	})
	return m, nil
}

// engineModule is keras.engine and its submodules (Keras 1 and 2 paths).
func engineModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	m.Set("Input", inputFunc(s))
	m.Set("Layer", s.classes.layer)
	m.Set("InputSpec", s.classes.inputSpec)
	m.Set("Model", s.classes.model)
	m.Set("Sequential", s.classes.sequential)
	m.Set("Container", s.classes.model)
	m.Set("Network", s.classes.model)
	m.Set("Functional", s.classes.functional)
	if c := s.classes.layers["InputLayer"]; c != nil {
		m.Set("InputLayer", c)
	}
	if c := s.classes.layers["Merge"]; c != nil {
		m.Set("Merge", c)
		m.Set("merge", keras1Merge(s))
	}
	m.SetFunc("get_source_inputs", getSourceInputs)
	return m, nil
}

// getSourceInputs is keras.utils.get_source_inputs: the Input tensors a
// tensor comes from.
func getSourceInputs(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	if len(args) == 0 {
		return nil, eval.NewError(eval.TypeError, "get_source_inputs() missing the tensor argument")
	}
	t, ok := args[0].(*Tensor)
	if !ok || t.kind != kKeras {
		return eval.NewList([]eval.Value{args[0]}), nil
	}
	var out []eval.Value
	seen := map[*graph.Tensor]bool{}
	visited := map[*graph.Node]bool{}
	var walk func(x *graph.Tensor)
	walk = func(x *graph.Tensor) {
		n := x.Node
		if n == nil || visited[n] {
			return
		}
		visited[n] = true
		if len(n.Inputs) == 0 {
			if !seen[x] {
				seen[x] = true
				out = append(out, kerasTensor(t.sess, x))
			}
			return
		}
		for _, in := range n.Inputs {
			walk(in)
		}
	}
	walk(t.g)
	return eval.NewList(out), nil
}

// nameScope is a context manager that does nothing (K.name_scope).
func nameScope(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	return newContext(), nil
}

// context is a no-op context manager.
type context struct{}

func newContext() *context { return &context{} }

func (*context) String() string { return "<context>" }
func (*context) Type() string   { return "context" }

// Attr gives __enter__ and __exit__.
func (c *context) Attr(th *eval.Thread, name string) (eval.Value, error) {
	switch name {
	case "__enter__":
		return eval.NewBuiltin("__enter__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return c, nil }), nil
	case "__exit__":
		return eval.NewBuiltin("__exit__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.False, nil }), nil
	}
	return nil, nil
}

// AttrNames lists the context manager methods.
func (c *context) AttrNames() []string { return []string{"__enter__", "__exit__"} }

// wrappersModule is keras.wrappers.scikit_learn.
func wrappersModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	for _, c := range []string{"KerasClassifier", "KerasRegressor"} {
		m.Set(c, recordMaker(c, name, []string{"build_fn"}, nil))
	}
	return m, nil
}

func mixedPrecisionModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	for _, f := range []string{"set_global_policy", "set_policy"} {
		m.SetFunc(f, noop)
	}
	m.Set("Policy", recordMaker("Policy", name, []string{"name"}, nil))
	m.Set("LossScaleOptimizer", recordMaker("LossScaleOptimizer", name, []string{"inner_optimizer"}, nil))
	return m, nil
}

// ResolveName resolves a name the code uses without defining or importing
// it, as the Keras name of the session's dialect: a class or function of
// keras.models, keras.layers, keras.optimizers, keras.callbacks or
// keras.regularizers; to_categorical, np_utils, ImageDataGenerator,
// pad_sequences; np, K and keras. It reports false for other names.
func (s *Session) ResolveName(th *eval.Thread, name string) (eval.Value, bool) {
	imp := func(mod string) (eval.Value, bool) {
		v, err := th.Import(mod)
		return v, err == nil
	}
	get := func(mod, attr string) (eval.Value, bool) {
		v, err := th.Import(mod)
		if err != nil {
			return nil, false
		}
		m, ok := v.(*eval.Module)
		if !ok {
			return nil, false
		}
		return m.Get(attr)
	}
	switch name {
	case "np", "numpy":
		return imp("numpy")
	case "K":
		return imp("keras.backend")
	case "keras":
		return imp("keras")
	case "np_utils":
		return imp("keras.utils.np_utils")
	case "to_categorical":
		return get("keras.utils", name)
	case "ImageDataGenerator":
		return get("keras.preprocessing.image", name)
	case "pad_sequences":
		return get("keras.preprocessing.sequence", name)
	}
	if name == "" || strings.HasPrefix(name, "_") {
		return nil, false
	}
	for _, mod := range []string{"keras.models", "keras.layers", "keras.optimizers", "keras.callbacks", "keras.regularizers"} {
		if v, ok := get(mod, name); ok && name != "__name__" {
			return v, true
		}
	}
	return nil, false
}

// savingModule is keras.saving (Keras 3): saving is remembered by path
// within the run, registration decorators return what they decorate.
func savingModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	models, err := modelsModule(th, s, name)
	if err != nil {
		return nil, err
	}
	for _, n := range []string{"load_model", "save_model"} {
		v, _ := models.Get(n)
		m.Set(n, v)
	}
	m.SetFunc("register_keras_serializable", decorator)
	m.SetFunc("get_registered_name", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 0 {
			return eval.String(nameOf(args[0])), nil
		}
		return eval.None, nil
	})
	m.SetFunc("serialize_keras_object", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 0 {
			return fromConfig(toConfig(th, args[0])), nil
		}
		return eval.None, nil
	})
	m.SetFunc("deserialize_keras_object", identityGet)
	m.SetFunc("get_custom_objects", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.NewDict(), nil
	})
	m.SetFunc("custom_object_scope", nameScope)
	return m, nil
}

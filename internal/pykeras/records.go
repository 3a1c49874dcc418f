package pykeras

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// record is a Keras object netsum keeps as its constructor arguments:
// optimizers, regularizers, initializers, constraints, losses, metrics,
// callbacks, schedules. Attributes read back the arguments; calling an
// initializer gives a variable, a loss a scalar tensor.
type record struct {
	class, module string
	keys          []string
	vals          map[string]eval.Value
	call          func(th *eval.Thread, r *record, args eval.Tuple, kwargs []eval.KV) (eval.Value, error)
}

func newRecord(class, module string) *record {
	return &record{class: class, module: module, vals: map[string]eval.Value{}}
}

func (r *record) set(k string, v eval.Value) {
	if _, ok := r.vals[k]; !ok {
		r.keys = append(r.keys, k)
	}
	r.vals[k] = v
}

func (r *record) get(k string) (eval.Value, bool) {
	v, ok := r.vals[k]
	return v, ok
}

func (r *record) String() string {
	return fmt.Sprintf("<%s.%s object>", r.module, r.class)
}

// Type is the class name.
func (r *record) Type() string { return r.class }

// Attr returns a constructor argument or a generic method.
func (r *record) Attr(th *eval.Thread, name string) (eval.Value, error) {
	if v, ok := r.vals[name]; ok {
		return v, nil
	}
	switch name {
	case "get_config":
		return eval.NewBuiltin("get_config", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			d := eval.NewDict()
			for _, k := range r.keys {
				d.SetString(k, r.vals[k])
			}
			return d, nil
		}), nil
	case "__enter__":
		return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return r, nil }), nil
	case "__exit__":
		return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.False, nil }), nil
	case "__class__":
		return eval.NewClass(r.class), nil
	case "__name__":
		return eval.String(r.class), nil
	}
	if strings.HasPrefix(name, "__") {
		return nil, nil
	}
	if r.module == "keras.metrics" || r.module == "keras.losses" {
		switch name {
		case "result":
			return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
				return eval.Float(0), nil
			}), nil
		case "update_state", "reset_state", "reset_states":
			return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.None, nil }), nil
		}
	}
	// Methods of objects netsum does not model (Tokenizer.fit_on_texts,
	// ImageDataGenerator.flow, ...) accept anything and return an unknown
	// value.
	return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.NewOpaque(th, r.module, r.class+"."+name+"(...)"), nil
	}), nil
}

// AttrNames lists the arguments.
func (r *record) AttrNames() []string { return append([]string{"get_config"}, r.keys...) }

// SetAttr stores an attribute.
func (r *record) SetAttr(th *eval.Thread, name string, v eval.Value) error {
	r.set(name, v)
	return nil
}

// Name is the class name (records are callable).
func (r *record) Name() string { return r.class }

// Call runs the record's call function; by default the result is unknown.
func (r *record) Call(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	if r.call != nil {
		return r.call(th, r, args, kwargs)
	}
	return eval.NewOpaque(th, r.module, r.class+"(...)"), nil
}

// serialize is the {"class_name", "config"} form for layer configs.
func (r *record) serialize() map[string]any {
	cfg := map[string]any{}
	for _, k := range r.keys {
		cfg[k] = toConfig(nil, r.vals[k])
	}
	return map[string]any{"class_name": r.class, "config": cfg}
}

func recordOf(v eval.Value) *record {
	switch x := v.(type) {
	case *record:
		return x
	case *eval.Instance:
		if r, ok := x.Native.(*record); ok {
			return r
		}
	}
	return nil
}

// recordMaker is a constructor of records whose positional arguments are
// params.
func recordMaker(class, module string, params []string, call func(th *eval.Thread, r *record, args eval.Tuple, kwargs []eval.KV) (eval.Value, error)) *eval.Builtin {
	return eval.NewBuiltin(class, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		r := newRecord(class, module)
		r.call = call
		if len(args) > len(params) {
			return nil, eval.NewError(eval.TypeError, "%s() takes at most %d positional arguments (%d given)", class, len(params), len(args))
		}
		for i, a := range args {
			r.set(params[i], a)
		}
		for _, kv := range kwargs {
			r.set(kv.Name, kv.Value)
		}
		return r, nil
	})
}

// ---- optimizers ----

// optimizerParams are the positional parameters of each optimizer, in the
// modern (learning_rate) and Keras 1/2 (lr) spellings.
var optimizerArgs map[string][2][]string

func setupOptimizerArgs() {
	optimizerArgs = map[string][2][]string{
		"SGD":       {{"learning_rate", "momentum", "nesterov"}, {"lr", "momentum", "decay", "nesterov"}},
		"RMSprop":   {{"learning_rate", "rho", "momentum", "epsilon", "centered"}, {"lr", "rho", "epsilon", "decay"}},
		"Adagrad":   {{"learning_rate", "initial_accumulator_value", "epsilon"}, {"lr", "epsilon", "decay"}},
		"Adadelta":  {{"learning_rate", "rho", "epsilon"}, {"lr", "rho", "epsilon", "decay"}},
		"Adam":      {{"learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"}, {"lr", "beta_1", "beta_2", "epsilon", "decay", "amsgrad"}},
		"AdamW":     {{"learning_rate", "weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad"}, nil},
		"Adamax":    {{"learning_rate", "beta_1", "beta_2", "epsilon"}, {"lr", "beta_1", "beta_2", "epsilon", "decay"}},
		"Nadam":     {{"learning_rate", "beta_1", "beta_2", "epsilon"}, {"lr", "beta_1", "beta_2", "epsilon", "schedule_decay"}},
		"Ftrl":      {{"learning_rate", "learning_rate_power", "initial_accumulator_value"}, nil},
		"Lion":      {{"learning_rate", "beta_1", "beta_2"}, nil},
		"Adafactor": {{"learning_rate", "beta_2_decay", "epsilon_1", "epsilon_2"}, nil},
	}
}

func optimizersModule(s *Session) *eval.Module {
	m := eval.NewModule("keras.optimizers")
	old := s.Dialect == graph.Keras1 || s.Dialect == graph.Keras2
	for class, p := range optimizerArgs {
		if p[1] == nil && old {
			continue
		}
		params := p[0]
		if old {
			params = p[1]
		}
		m.Set(class, recordMaker(class, "keras.optimizers", params, nil))
		if old {
			lc := strings.ToLower(class)
			if lc == "rmsprop" {
				lc = "rmsprop"
			}
			m.Set(lc, recordMaker(class, "keras.optimizers", params, nil))
		}
	}
	m.SetFunc("get", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 1 {
			if s, ok := args[0].(eval.String); ok {
				return newOptimizerRecord(optimizerClass(string(s))), nil
			}
			return args[0], nil
		}
		return eval.None, nil
	})
	m.Set("Optimizer", optimizerBase)
	sched := eval.NewModule("keras.optimizers.schedules")
	for _, c := range []string{"ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay", "CosineDecay", "CosineDecayRestarts"} {
		sched.Set(c, recordMaker(c, "keras.optimizers.schedules", []string{"initial_learning_rate", "decay_steps", "decay_rate"}, nil))
	}
	sched.Set("LearningRateSchedule", scheduleBase)
	m.Set("schedules", sched)
	legacy := eval.NewModule("keras.optimizers.legacy")
	for _, c := range []string{"SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam"} {
		legacy.Set(c, recordMaker(c, "keras.optimizers.legacy", optimizerArgs[c][0], nil))
	}
	m.Set("legacy", legacy)
	return m
}

func newOptimizerRecord(class string) *record {
	return newRecord(class, "keras.optimizers")
}

// ---- regularizers, initializers, constraints ----

func regularizersModule(s *Session) *eval.Module {
	m := eval.NewModule("keras.regularizers")
	reg := func(th *eval.Thread, r *record, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return newTensor(sessionOf(th), kEager, graph.Shape{}, "float32"), nil
	}
	for name, p := range map[string][]string{
		"L1": {"l1"}, "L2": {"l2"}, "L1L2": {"l1", "l2"}, "l1": {"l1"}, "l2": {"l2"}, "l1_l2": {"l1", "l2"},
		"l1l2": {"l1", "l2"}, "activity_l1": {"l1"}, "activity_l2": {"l2"}, "activity_l1l2": {"l1", "l2"},
		"OrthogonalRegularizer": {"factor", "mode"}, "orthogonal_regularizer": {"factor", "mode"},
	} {
		class := name
		switch name {
		case "l1", "activity_l1":
			class = "L1"
		case "l2", "activity_l2":
			class = "L2"
		case "l1_l2", "l1l2", "activity_l1l2":
			class = "L1L2"
		}
		m.Set(name, recordMaker(class, "keras.regularizers", p, reg))
	}
	m.Set("Regularizer", regularizerBase)
	m.SetFunc("get", identityGet)
	return m
}

func identityGet(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	if len(args) > 0 {
		return args[0], nil
	}
	return eval.None, nil
}

var initializerNames = []string{"Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform", "TruncatedNormal",
	"VarianceScaling", "Orthogonal", "Identity", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform",
	"LecunNormal", "LecunUniform"}

func initializersModule(s *Session) *eval.Module {
	m := eval.NewModule("keras.initializers")
	init := func(th *eval.Thread, r *record, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		// initializer(shape, dtype=None) gives a variable of that shape.
		var shape, dtype, name eval.Value = eval.Tuple{}, eval.None, eval.None
		if err := eval.UnpackArgs(r.class, args, kwargs, "shape?", &shape, "dtype?", &dtype, "name?", &name, "**kwargs", new([]eval.KV)); err != nil {
			return nil, err
		}
		s := sessionOf(th)
		sh, err := shapeArg(th, "shape", shape)
		if err != nil {
			return nil, err
		}
		dt := dtypeName(dtype)
		if dt == "" {
			dt = s.floatx
		}
		wn := "variable"
		if !isNone(name) {
			wn = nameOf(name)
		}
		w := &graph.Weight{Name: wn, Shape: []int64(sh), DType: dt, Trainable: true}
		return s.variable(w), nil
	}
	for _, c := range initializerNames {
		m.Set(c, recordMaker(c, "keras.initializers", []string{"value"}, init))
		m.Set(snakeK3(c), recordMaker(c, "keras.initializers", []string{"value"}, init))
	}
	for _, alias := range [][2]string{{"zero", "Zeros"}, {"one", "Ones"}, {"normal", "RandomNormal"}, {"uniform", "RandomUniform"},
		{"glorot_normal", "GlorotNormal"}, {"glorot_uniform", "GlorotUniform"}, {"he_normal", "HeNormal"}, {"he_uniform", "HeUniform"},
		{"lecun_normal", "LecunNormal"}, {"lecun_uniform", "LecunUniform"}, {"orthogonal", "Orthogonal"}, {"identity", "Identity"}} {
		m.Set(alias[0], recordMaker(alias[1], "keras.initializers", []string{"shape", "name", "dim_ordering"}, init))
	}
	m.Set("Initializer", initializerBase)
	m.SetFunc("get", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 1 {
			if n, ok := args[0].(eval.String); ok {
				r := newRecord(string(n), "keras.initializers")
				r.call = init
				return r, nil
			}
			return args[0], nil
		}
		return eval.None, nil
	})
	return m
}

func constraintsModule(s *Session) *eval.Module {
	m := eval.NewModule("keras.constraints")
	for name, p := range map[string][]string{
		"MaxNorm": {"max_value", "axis"}, "max_norm": {"max_value", "axis"}, "maxnorm": {"m", "axis"},
		"NonNeg": nil, "non_neg": nil, "nonneg": nil, "UnitNorm": {"axis"}, "unit_norm": {"axis"}, "unitnorm": {"axis"},
		"MinMaxNorm": {"min_value", "max_value", "rate", "axis"}, "min_max_norm": {"min_value", "max_value", "rate", "axis"},
	} {
		m.Set(name, recordMaker(name, "keras.constraints", p, nil))
	}
	m.Set("Constraint", constraintBase)
	m.SetFunc("get", identityGet)
	return m
}

// ---- activations ----

// activationOps maps activation names to their ops.
var activationOps map[string]opSpec

func setupActivationOps() {
	activationOps = map[string]opSpec{
		"relu": {tf: "nn.relu", k3: "Relu"}, "sigmoid": {tf: "math.sigmoid", k3: "Sigmoid"},
		"tanh": {tf: "math.tanh", k3: "Tanh"}, "softmax": {tf: "nn.softmax", k3: "Softmax"},
		"elu": {tf: "nn.elu", k3: "Elu"}, "selu": {tf: "nn.selu", k3: "Selu"},
		"softplus": {tf: "math.softplus", k3: "Softplus"}, "softsign": {tf: "nn.softsign", k3: "Softsign"},
		"swish": {tf: "nn.silu", k3: "Silu"}, "silu": {tf: "nn.silu", k3: "Silu"},
		"gelu": {tf: "nn.gelu", k3: "Gelu"}, "exponential": {tf: "math.exp", k3: "Exp"},
		"hard_sigmoid": {tf: "keras.activations.hard_sigmoid", k3: "HardSigmoid"}, "relu6": {tf: "nn.relu6", k3: "Relu6"},
		"leaky_relu": {tf: "nn.leaky_relu", k3: "LeakyRelu"}, "log_softmax": {tf: "nn.log_softmax", k3: "LogSoftmax"},
		"mish": {tf: "keras.activations.mish", k3: "Mish"}, "hard_silu": {k3: "HardSilu"}, "hard_swish": {k3: "HardSilu"},
		"linear": {}, "tanh_shrink": {k3: "TanhShrink"}, "celu": {k3: "Celu"}, "glu": {k3: "Glu"},
	}
}

// activationValue is keras.activations.<name>: a function on tensors.
func activationValue(s *Session, name string) eval.Value {
	spec, ok := activationOps[name]
	if !ok {
		spec = opSpec{}
	}
	return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 {
			if v, ok := kwarg(kwargs, "x"); ok {
				args = eval.Tuple{v}
			} else {
				return nil, eval.NewError(eval.TypeError, "%s() missing the input tensor", name)
			}
		}
		x, err := asTensor(th, s, args[0])
		if err != nil {
			return nil, err
		}
		if name == "linear" {
			return x, nil
		}
		out := x.shape().Clone()
		if name == "glu" && len(out) > 0 && out[len(out)-1] > 0 {
			out[len(out)-1] /= 2
		}
		return s.opResult(th, spec, []*Tensor{x}, out, x.dtype(), nil)
	})
}

func activationsModule(s *Session) *eval.Module {
	m := eval.NewModule("keras.activations")
	for name := range activationOps {
		m.Set(name, activationValue(s, name))
	}
	m.SetFunc("get", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 1 {
			if n, ok := args[0].(eval.String); ok {
				return activationValue(s, string(n)), nil
			}
			if isNone(args[0]) {
				return activationValue(s, "linear"), nil
			}
			return args[0], nil
		}
		return eval.None, nil
	})
	m.SetFunc("serialize", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 1 {
			return eval.String(nameOf(args[0])), nil
		}
		return eval.None, nil
	})
	return m
}

// ---- losses, metrics ----

var lossNames = []string{"mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
	"mean_squared_logarithmic_error", "squared_hinge", "hinge", "categorical_hinge", "logcosh", "log_cosh", "huber",
	"categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "binary_focal_crossentropy",
	"kullback_leibler_divergence", "kl_divergence", "kld", "poisson", "cosine_proximity", "cosine_similarity",
	"mse", "mae", "mape", "msle", "ctc", "dice", "tversky"}

var lossClasses = []string{"MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
	"MeanSquaredLogarithmicError", "SquaredHinge", "Hinge", "CategoricalHinge", "LogCosh", "Huber",
	"CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy", "BinaryFocalCrossentropy",
	"KLDivergence", "Poisson", "CosineSimilarity", "CTC", "Dice", "Tversky", "CategoricalFocalCrossentropy"}

var metricClasses = []string{"Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
	"TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy", "AUC", "Precision", "Recall", "Mean", "Sum",
	"MeanSquaredError", "MeanAbsoluteError", "RootMeanSquaredError", "MeanIoU", "IoU", "F1Score", "FBetaScore",
	"TruePositives", "TrueNegatives", "FalsePositives", "FalseNegatives", "MeanMetricWrapper",
	"CategoricalCrossentropy", "BinaryCrossentropy", "SparseCategoricalCrossentropy", "KLDivergence", "Poisson",
	"LogCoshError", "CosineSimilarity", "Hinge", "SquaredHinge", "CategoricalHinge", "R2Score", "MeanAbsolutePercentageError"}

func lossCall(th *eval.Thread, r *record, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	return newTensor(sessionOf(th), kEager, graph.Shape{}, "float32"), nil
}

// lossFunc is a loss or metric function (keras.losses.mse): one value
// per sample, on tensors.
func lossFunc(s *Session, module, name string) *eval.Builtin {
	keep := strings.Contains(name, "binary") && !strings.Contains(name, "accuracy")
	spec := opSpec{tf: strings.TrimPrefix(module, "keras.") + "." + name, k3: camel(name)}
	return opFunc(s, name, spec, opCrossentropy(keep))
}

func lossesModule(s *Session) *eval.Module {
	m := eval.NewModule("keras.losses")
	for _, n := range lossNames {
		m.Set(n, lossFunc(s, "keras.losses", n))
	}
	for _, c := range lossClasses {
		m.Set(c, recordMaker(c, "keras.losses", []string{"from_logits"}, func(th *eval.Thread, r *record, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return lossCall(th, r, args, kwargs)
		}))
	}
	m.Set("Loss", lossBase)
	m.SetFunc("get", identityGet)
	return m
}

func metricsModule(s *Session) *eval.Module {
	m := eval.NewModule("keras.metrics")
	for _, n := range lossNames {
		m.Set(n, lossFunc(s, "keras.metrics", n))
	}
	for _, n := range []string{"accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy"} {
		m.Set(n, lossFunc(s, "keras.metrics", n))
	}
	for _, c := range metricClasses {
		m.Set(c, recordMaker(c, "keras.metrics", []string{"name"}, lossCall))
	}
	m.Set("Metric", metricBase)
	m.SetFunc("get", identityGet)
	return m
}

// ---- callbacks ----

func newCallbackClass() *eval.Class {
	c := eval.NewClass("Callback").SetModule("keras.callbacks")
	c.SetMethod("__init__", noop)
	for _, n := range []string{"set_model", "set_params", "on_epoch_begin", "on_epoch_end", "on_batch_begin", "on_batch_end",
		"on_train_begin", "on_train_end", "on_train_batch_begin", "on_train_batch_end", "on_test_begin", "on_test_end",
		"on_predict_begin", "on_predict_end"} {
		c.SetMethod(n, noop)
	}
	return c
}

func callbacksModule(s *Session) *eval.Module {
	m := eval.NewModule("keras.callbacks")
	m.Set("Callback", s.classes.callback)
	for name, p := range map[string][]string{
		"EarlyStopping":         {"monitor", "min_delta", "patience", "verbose", "mode"},
		"ModelCheckpoint":       {"filepath", "monitor", "verbose", "save_best_only", "save_weights_only", "mode"},
		"TensorBoard":           {"log_dir", "histogram_freq"},
		"ReduceLROnPlateau":     {"monitor", "factor", "patience", "verbose", "mode", "min_delta", "cooldown", "min_lr"},
		"LearningRateScheduler": {"schedule", "verbose"},
		"CSVLogger":             {"filename", "separator", "append"},
		"LambdaCallback":        nil,
		"TerminateOnNaN":        nil,
		"ProgbarLogger":         {"count_mode"},
		"History":               nil,
		"BackupAndRestore":      {"backup_dir"},
		"RemoteMonitor":         {"root"},
		"BaseLogger":            nil,
		"CallbackList":          {"callbacks"},
		"SwapEMAWeights":        nil,
	} {
		m.Set(name, recordMaker(name, "keras.callbacks", p, nil))
	}
	return m
}

// baseClass is a Keras base class user code subclasses (keras.losses.Loss,
// keras.metrics.Metric, keras.optimizers.schedules.LearningRateSchedule,
// ...): __init__ keeps its keyword arguments as attributes, the Keras
// methods do nothing.
func baseClass(name, module string, methods ...string) *eval.Class {
	c := eval.NewClass(name).SetModule(module)
	c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if inst, ok := args[0].(*eval.Instance); ok {
			for _, kv := range kwargs {
				inst.SetAttrDirect(kv.Name, kv.Value)
			}
		}
		return eval.None, nil
	})
	c.SetMethod("get_config", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.NewDict(), nil
	})
	for _, m := range methods {
		c.SetMethod(m, noop)
	}
	c.SetMethod("result", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.Float(0), nil
	})
	if module == "keras.metrics" {
		// Metric state: add_weight / add_variable give a variable.
		v := func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			var shape eval.Value = eval.Tuple{}
			if sv, ok := kwarg(kwargs, "shape"); ok {
				shape = sv
			}
			sh, err := shapeArg(th, "shape", shape)
			if err != nil {
				sh = graph.Shape{}
			}
			return sessionOf(th).variable(&graph.Weight{Name: "variable", Shape: []int64(sh), DType: "float32"}), nil
		}
		c.SetMethod("add_weight", v)
		c.SetMethod("add_variable", v)
	}
	return c
}

var lossBase, metricBase, scheduleBase, regularizerBase, constraintBase, initializerBase, optimizerBase *eval.Class

func setupBaseClasses() {
	lossBase = baseClass("Loss", "keras.losses")
	metricBase = baseClass("Metric", "keras.metrics", "update_state", "reset_state", "reset_states", "add_weight")
	scheduleBase = baseClass("LearningRateSchedule", "keras.optimizers.schedules")
	regularizerBase = baseClass("Regularizer", "keras.regularizers")
	constraintBase = baseClass("Constraint", "keras.constraints")
	initializerBase = baseClass("Initializer", "keras.initializers")
	optimizerBase = baseClass("Optimizer", "keras.optimizers", "apply_gradients", "build")
}

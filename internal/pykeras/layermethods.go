package pykeras

import (
	"fmt"
	"sort"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// setupLayerMethods adds the methods of keras.layers.Layer.
func setupLayerMethods(cs *classSet, c *eval.Class) {
	c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		self := args[0].(*eval.Instance)
		lo := layerOf(self)
		kw := kwargs
		// tf.keras Layer(trainable=True, name=None, dtype=None, dynamic=False)
		for i, a := range args[1:] {
			names := []string{"trainable", "name", "dtype", "dynamic"}
			if i < len(names) {
				kw = append(kw, eval.KV{Name: names[i], Value: a})
			}
		}
		return eval.None, s.initLayer(th, lo, self.Class.Name(), nil, kw)
	})
	c.SetMethod("__call__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		return s.callLayer(th, layerOf(args[0]), args[1:], kwargs)
	})
	c.SetMethod("__setattr__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 3 {
			return nil, eval.NewError(eval.TypeError, "__setattr__ expects 2 arguments")
		}
		name, _ := args[1].(eval.String)
		return eval.None, sessionOf(th).setLayerAttr(th, args[0].(*eval.Instance), string(name), args[2])
	})
	c.SetMethod("__getattr__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		name, _ := args[1].(eval.String)
		return sessionOf(th).layerAttr(th, args[0].(*eval.Instance), string(name))
	})
	c.SetMethod("__repr__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		lo := layerOf(args[0])
		return eval.String(fmt.Sprintf("<%s name=%s, built=%s>", lo.inst.Class.Name(), lo.name(), eval.Bool(lo.built))), nil
	})
	c.SetMethod("build", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		self := args[0].(*eval.Instance)
		lo := layerOf(self)
		s.ensure(th, lo)
		lo.built = true
		if lo.def != nil && len(args) > 1 && len(lo.l.Weights) == 0 {
			sh, err := shapeArg(th, "input_shape", args[1])
			if err == nil {
				x := newTensor(s, kEager, sh, "float32")
				_, _ = s.callBuiltin(th, lo, x, []*Tensor{x}, modeEager, s.callPos(th), nil)
			}
		}
		return eval.None, nil
	})
	c.SetMethod("call", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		lo := layerOf(args[0])
		if len(args) < 2 {
			if v, ok := kwarg(kwargs, "inputs"); ok {
				args = append(args, v)
			} else {
				return nil, eval.NewError(eval.TypeError, "call() missing the inputs argument")
			}
		}
		if lo.def == nil {
			return args[1], nil // the base Layer passes its inputs through
		}
		s.ensure(th, lo)
		var ins []*Tensor
		if err := s.flattenTensors(th, args[1], &ins, 0); err != nil {
			return nil, err
		}
		mode := s.modeOf(ins)
		if mode == modeGraph {
			mode = modeRaw
		}
		outs, err := s.callBuiltin(th, lo, args[1], ins, mode, s.callPos(th), nil)
		if err != nil {
			return nil, err
		}
		return s.wrapOutputs(lo, outs, mode), nil
	})
	c.SetMethod("compute_output_shape", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		lo := layerOf(args[0])
		if len(args) < 2 {
			return nil, eval.NewError(eval.TypeError, "compute_output_shape() missing input_shape")
		}
		if lo.def == nil {
			return args[1], nil
		}
		s.ensure(th, lo)
		sh, err := shapeArg(th, "input_shape", args[1])
		if err != nil {
			return nil, err
		}
		x := newTensor(s, kSymbolic, sh, "float32")
		outs, err := s.callBuiltin(th, lo, x, []*Tensor{x}, modeRaw, s.callPos(th), nil)
		if err != nil {
			return nil, err
		}
		if len(outs) == 1 {
			return shapeTuple(outs[0].Shape), nil
		}
		vals := make([]eval.Value, len(outs))
		for i, o := range outs {
			vals[i] = shapeTuple(o.Shape)
		}
		return eval.NewList(vals), nil
	})
	addWeight := func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return sessionOf(th).addWeight(th, args, kwargs)
	}
	c.SetMethod("add_weight", addWeight)
	c.SetMethod("add_variable", addWeight)
	c.SetMethod("add_loss", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if lo := layerOf(args[0]); lo != nil && len(args) > 1 {
			lo.losses = append(lo.losses, args[1])
		}
		return eval.None, nil
	})
	for _, n := range []string{"add_metric", "add_update", "reset_states", "set_weights", "load_own_variables", "save_own_variables"} {
		c.SetMethod(n, noop)
	}
	c.SetMethod("compute_mask", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.None, nil
	})
	c.SetMethod("count_params", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		lo := layerOf(args[0])
		s.ensure(th, lo)
		if !lo.built && lo.model == nil && len(lo.l.Weights) == 0 {
			return nil, eval.NewError(eval.ValueError, "You tried to call `count_params` on layer %s, but the layer isn't built. You can build it manually via: `%s.build(batch_input_shape)`.", lo.name(), lo.name())
		}
		var ws []*graph.Weight
		if lo.model != nil {
			ws = s.snapshot(lo).Weights()
		} else {
			ws = lo.l.AllWeights()
		}
		var n int64
		for _, w := range ws {
			if s.Dialect == graph.Keras1 && !w.Trainable {
				continue
			}
			if c := w.Count(); c > 0 {
				n += c
			}
		}
		return eval.Int(n), nil
	})
	c.SetMethod("get_config", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		lo := layerOf(args[0])
		s.ensure(th, lo)
		cfg := fromConfig(lo.l.Config).(*eval.Dict)
		if lo.model != nil {
			cfg.SetString("__netsum_model__", lo.inst)
		}
		return cfg, nil
	})
	c.SetMethod("get_weights", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		lo := layerOf(args[0])
		s.ensure(th, lo)
		var out []eval.Value
		for _, w := range s.layerWeights(lo) {
			out = append(out, newTensor(s, kNumpy, graph.Shape(w.Shape).Clone(), w.DType))
		}
		return eval.NewList(out), nil
	})
	at := func(name string, f func(s *Session, n *graph.Node) eval.Value) {
		c.SetMethod(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			s := sessionOf(th)
			lo := layerOf(args[0])
			s.ensure(th, lo)
			var i int
			if err := eval.UnpackArgs(name, args[1:], kwargs, "node_index", &i); err != nil {
				return nil, err
			}
			if i < 0 || i >= len(lo.l.Nodes) {
				return nil, eval.NewError(eval.ValueError, "Asked to get %s at node %d, but the layer has only %d inbound nodes.", strings.TrimPrefix(name, "get_"), i, len(lo.l.Nodes))
			}
			return f(s, lo.l.Nodes[i]), nil
		})
	}
	c.SetMethod("adapt", noop)
	c.SetMethod("reset_state", noop)
	c.Set("from_config", classMethod(func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		// cls.from_config(config): cls(**config); a model's config refers
		// to the model it came from.
		if len(args) < 2 {
			return nil, eval.NewError(eval.TypeError, "from_config() missing the config")
		}
		d, ok := args[1].(*eval.Dict)
		if !ok {
			return nil, eval.NewError(eval.TypeError, "from_config() expects a dict")
		}
		if v, ok := d.GetString("__netsum_model__"); ok {
			return v, nil
		}
		var kw []eval.KV
		for _, kv := range d.Items() {
			if k, ok := kv[0].(eval.String); ok {
				kw = append(kw, eval.KV{Name: string(k), Value: kv[1]})
			}
		}
		return th.Call(args[0], nil, kw)
	}))
	at("get_output_at", func(s *Session, n *graph.Node) eval.Value { return tensorsValue(s, n.Outputs) })
	at("get_input_at", func(s *Session, n *graph.Node) eval.Value { return tensorsValue(s, n.Inputs) })
	at("get_output_shape_at", func(s *Session, n *graph.Node) eval.Value { return shapesValue(n.Outputs) })
	at("get_input_shape_at", func(s *Session, n *graph.Node) eval.Value { return shapesValue(n.Inputs) })
}

func tensorsValue(s *Session, ts []*graph.Tensor) eval.Value {
	vals := make([]eval.Value, len(ts))
	for i, t := range ts {
		vals[i] = kerasTensor(s, t)
	}
	if len(vals) == 1 {
		return vals[0]
	}
	return eval.NewList(vals)
}

func shapesValue(ts []*graph.Tensor) eval.Value {
	vals := make([]eval.Value, len(ts))
	for i, t := range ts {
		vals[i] = shapeTuple(t.Shape)
	}
	if len(vals) == 1 {
		return vals[0]
	}
	return eval.NewList(vals)
}

// setupBuiltinLayer adds the constructor of a built-in layer class.
func setupBuiltinLayer(cs *classSet, c *eval.Class, def *layerDef) {
	c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		self := args[0].(*eval.Instance)
		lo := layerOf(self)
		lo.def = def
		return eval.None, s.initBuiltin(th, lo, def, args[1:], kwargs)
	})
}

// convSpecs lists the convolutions whose Keras 1 positional kernel sizes
// Keras 2's legacy interface accepts (Conv2D(32, 3, 3)).
var convSpecs = map[string]int{"Conv2D": 2, "Conv2DTranspose": 2, "SeparableConv2D": 2, "Conv3D": 3, "LocallyConnected2D": 2}

// initBuiltin binds a built-in layer's arguments into its config.
func (s *Session) initBuiltin(th *eval.Thread, lo *layerObj, def *layerDef, args eval.Tuple, kwargs []eval.KV) error {
	names := def.args
	if n, ok := convSpecs[def.spec]; ok && s.Dialect == graph.Keras2 && len(args) >= n+1 {
		allInt := true
		for _, a := range args[1 : n+1] {
			if _, ok := a.(eval.Int); !ok {
				allInt = false
			}
		}
		if allInt {
			k := append(eval.Tuple(nil), args[1:n+1]...)
			args = append(eval.Tuple{args[0], k}, args[n+1:]...)
		}
	}
	if len(args) > len(names) {
		if len(names) == 0 {
			return eval.NewError(eval.TypeError, "%s() takes no positional arguments (%d given)", def.class, len(args))
		}
		return eval.NewError(eval.TypeError, "%s() takes at most %d positional argument%s (%d given)", def.class, len(names), plural(len(names)), len(args))
	}
	cfg := map[string]any{}
	var base []eval.KV
	seen := map[string]bool{}
	assign := func(name string, v eval.Value) error {
		if seen[name] {
			return eval.NewError(eval.TypeError, "%s() got multiple values for argument '%s'", def.class, name)
		}
		seen[name] = true
		if baseKwargs[name] && !(def.spec == "InputLayer" && (name == "input_shape" || name == "batch_input_shape")) {
			base = append(base, eval.KV{Name: name, Value: v})
			return nil
		}
		switch name {
		case "function":
			lo.fn = v
			cfg[name] = nameOf(v)
			return nil
		case "mode":
			if _, isStr := v.(eval.String); !isStr && !isNone(v) {
				lo.fn = v
				cfg[name] = nameOf(v)
				cfg["mode_type"] = "lambda"
				return nil
			}
		case "output_shape":
			switch v.(type) {
			case *eval.Function, *eval.Builtin, *eval.BoundMethod:
				lo.fnShape = v
				return nil
			}
		case "arguments":
			lo.fnArgs = v
		case "layers":
			if def.spec == "Merge" {
				return eval.NewError(eval.TypeError, "Merge(layers=[...]) of models (the Keras 1 Sequential merge) is not supported by netsum; use merge([...]) on tensors")
			}
		case "shape":
			if def.spec == "InputLayer" {
				base = append(base, eval.KV{Name: "input_shape", Value: v})
				return nil
			}
		case "batch_shape":
			if def.spec == "InputLayer" {
				base = append(base, eval.KV{Name: "batch_input_shape", Value: v})
				return nil
			}
		}
		cfg[name] = toConfig(th, v)
		return nil
	}
	for i, a := range args {
		if err := assign(names[i], a); err != nil {
			return err
		}
	}
	for _, kv := range kwargs {
		if err := assign(kv.Name, kv.Value); err != nil {
			return err
		}
	}
	if def.spec == "InputLayer" {
		for i, kv := range base {
			if kv.Name == "input_shape" || kv.Name == "batch_input_shape" {
				continue
			}
			base[i] = kv
		}
	}
	class := layerClassName(lo.inst, def)
	if def.spec == "InputLayer" {
		class = "InputLayer"
	}
	if err := s.initLayer(th, lo, class, cfg, base); err != nil {
		return err
	}
	if def.spec == "InputLayer" {
		if lo.inShape == nil {
			return s.pyErrorf(th, eval.ValueError, "InputLayer needs input_shape, batch_input_shape or shape")
		}
		dt := lo.dtype
		if dt == "" {
			dt = s.floatx
		}
		cfg["batch_input_shape"] = shapeAny(lo.inShape)
		n := &graph.Node{Layer: lo.l}
		n.Outputs = []*graph.Tensor{{Shape: lo.inShape.Clone(), DType: dt, Node: n}}
		lo.l.Nodes = []*graph.Node{n}
		lo.built = true
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// addWeight is Layer.add_weight: a weight of the layer, returned as a
// variable.
func (s *Session) addWeight(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var self, name, shape, dtype, initializer, regularizer, trainable, constraint eval.Value
	name, shape, dtype, trainable = eval.None, eval.None, eval.None, eval.True
	var rest []eval.KV
	var err error
	switch s.Dialect {
	case graph.Keras3:
		var autocast, aggregation eval.Value
		err = eval.UnpackArgs("add_weight", args, kwargs, "self", &self, "shape?", &shape, "initializer?", &initializer,
			"dtype?", &dtype, "trainable?", &trainable, "autocast?", &autocast, "regularizer?", &regularizer,
			"constraint?", &constraint, "aggregation?", &aggregation, "name?", &name, "**kwargs", &rest)
	case graph.Keras1:
		err = eval.UnpackArgs("add_weight", args, kwargs, "self", &self, "shape?", &shape, "initializer?", &initializer,
			"name?", &name, "trainable?", &trainable, "regularizer?", &regularizer, "constraint?", &constraint, "dtype?", &dtype, "**kwargs", &rest)
	default:
		err = eval.UnpackArgs("add_weight", args, kwargs, "self", &self, "name?", &name, "shape?", &shape, "dtype?", &dtype,
			"initializer?", &initializer, "regularizer?", &regularizer, "trainable?", &trainable, "constraint?", &constraint, "**kwargs", &rest)
	}
	if err != nil {
		return nil, err
	}
	lo := layerOf(self)
	s.ensure(th, lo)
	var sh graph.Shape
	if !isNone(shape) {
		if sh, err = shapeArg(th, "shape", shape); err != nil {
			return nil, err
		}
	}
	for _, d := range sh {
		if d < 0 {
			return nil, s.pyErrorf(th, eval.ValueError, "add_weight: the shape %s of weight %s must be fully defined", sh, nameOf(name))
		}
	}
	t, err := th.Truth(trainable)
	if err != nil {
		return nil, err
	}
	wn := "variable"
	if !isNone(name) {
		wn = nameOf(name)
	}
	dt := dtypeName(dtype)
	if dt == "" {
		dt = lo.dtype
	}
	if dt == "" {
		dt = s.floatx
	}
	w := &graph.Weight{Name: wn, Shape: []int64(sh), DType: dt, Trainable: t}
	for _, d := range sh {
		w.Factors = append(w.Factors, []graph.Factor{{Name: wn, Value: d}})
	}
	s.intrinsic[w] = t
	lo.own = append(lo.own, w)
	lo.l.Weights = append(lo.l.Weights, w)
	return s.variable(w), nil
}

// variable is the Python value of a weight.
func (s *Session) variable(w *graph.Weight) *Tensor {
	if v, ok := s.vars[w]; ok {
		return v
	}
	t := newTensor(s, kVariable, graph.Shape(w.Shape).Clone(), w.DType)
	t.weight = w
	s.vars[w] = t
	return t
}

// layerWeights lists a layer's weights (a model's: all its layers').
func (s *Session) layerWeights(lo *layerObj) []*graph.Weight {
	if lo.model != nil && lo.model.g != nil {
		if lo.model.kind == subclassed {
			s.syncSubclassed(lo)
		}
		return lo.model.g.Weights()
	}
	return lo.l.AllWeights()
}

// weightsList gives layer.weights (which: "", "trainable" or
// "non_trainable"), trainability resolved from the layer down.
func (s *Session) weightsList(lo *layerObj, which string) eval.Value {
	var out []eval.Value
	var ws []*graph.Weight
	var resolved map[*graph.Weight]*graph.Weight
	if lo.model != nil && lo.model.g != nil {
		ws = s.snapshotWeights(lo)
		c := &cloner{s: s, models: map[*graph.Model]*graph.Model{}, weights: map[*graph.Weight]*graph.Weight{}}
		c.model(lo.model.g, lo.trainable)
		resolved = c.weights
	} else {
		ws = lo.l.AllWeights()
	}
	for _, w := range ws {
		tr := w.Trainable
		if cw, ok := resolved[w]; ok {
			tr = cw.Trainable
		} else if intr, ok := s.intrinsic[w]; ok {
			tr = intr && lo.trainable
		}
		if which == "trainable" && !tr || which == "non_trainable" && tr {
			continue
		}
		out = append(out, s.variable(w))
	}
	return eval.NewList(out)
}

// snapshotWeights lists a model's weights as originals, in order.
func (s *Session) snapshotWeights(lo *layerObj) []*graph.Weight {
	if lo.model.kind == subclassed {
		s.syncSubclassed(lo)
	}
	return lo.model.g.Weights()
}

// setLayerAttr is Layer.__setattr__: Keras state and sublayer tracking.
func (s *Session) setLayerAttr(th *eval.Thread, inst *eval.Instance, name string, v eval.Value) error {
	lo := layerOf(inst)
	switch name {
	case "name", "_name":
		n, err := eval.AsString(v)
		if err != nil {
			return eval.NewError(eval.TypeError, "a layer name must be a string")
		}
		s.ensure(th, lo)
		lo.l.Name = n
		lo.l.Config["name"] = n
		if lo.model != nil && lo.model.g != nil {
			lo.model.g.Name = n
		}
		return nil
	case "trainable":
		t, err := th.Truth(v)
		if err != nil {
			return err
		}
		if s.Dialect == graph.TFKeras || s.Dialect == graph.Keras3 {
			// The setter propagates to every nested layer.
			s.setTrainableDeep(lo, t, 0)
		} else {
			s.setTrainable(lo, t)
		}
		return nil
	case "built":
		t, _ := th.Truth(v)
		lo.built = t
		if lo.model != nil && lo.model.kind == subclassed {
			lo.model.isBuilt = t
		}
		return nil
	case "trainable_weights", "non_trainable_weights", "_trainable_weights", "_non_trainable_weights":
		s.ensure(th, lo)
		trainable := !strings.Contains(name, "non_")
		items, err := th.Collect(v)
		if err != nil {
			return err
		}
		var keep []*graph.Weight
		for _, w := range lo.own {
			if s.intrinsic[w] != trainable {
				keep = append(keep, w)
			}
		}
		for _, it := range items {
			if t, ok := it.(*Tensor); ok && t.kind == kVariable && t.weight != nil {
				s.intrinsic[t.weight] = trainable
				t.weight.Trainable = trainable
				keep = append(keep, t.weight)
			}
		}
		lo.own = keep
		lo.l.Weights = append([]*graph.Weight(nil), keep...)
		return nil
	}
	s.track(lo, v, 0)
	inst.SetAttrDirect(name, v)
	return nil
}

// track records sublayers assigned to a layer's attributes.
func (s *Session) track(lo *layerObj, v eval.Value, depth int) {
	if depth > 4 {
		return
	}
	switch x := v.(type) {
	case *eval.Instance:
		if sub := layerOf(x); sub != nil && sub != lo {
			for _, t := range lo.tracked {
				if t == x {
					return
				}
			}
			lo.tracked = append(lo.tracked, x)
		}
	case *eval.List:
		for _, e := range x.Elems() {
			s.track(lo, e, depth+1)
		}
	case eval.Tuple:
		for _, e := range x {
			s.track(lo, e, depth+1)
		}
	case *eval.Dict:
		for _, kv := range x.Items() {
			s.track(lo, kv[1], depth+1)
		}
	}
}

// layerAttr is Layer.__getattr__: attributes computed from the graph, and
// the layer's config entries and weights by name.
func (s *Session) layerAttr(th *eval.Thread, inst *eval.Instance, name string) (eval.Value, error) {
	lo := layerOf(inst)
	s.ensure(th, lo)
	l := lo.l
	mo := lo.model
	firstNode := func() *graph.Node {
		for _, n := range l.Nodes {
			if mo == nil || n.Model != l.Sub {
				return n
			}
		}
		if len(l.Nodes) > 0 {
			return l.Nodes[0]
		}
		return nil
	}
	switch name {
	case "name":
		return eval.String(l.Name), nil
	case "trainable":
		return eval.Bool(lo.trainable), nil
	case "built":
		if mo != nil {
			return eval.Bool(mo.built()), nil
		}
		return eval.Bool(lo.built), nil
	case "weights", "variables":
		return s.weightsList(lo, ""), nil
	case "trainable_weights", "trainable_variables":
		return s.weightsList(lo, "trainable"), nil
	case "non_trainable_weights", "non_trainable_variables":
		return s.weightsList(lo, "non_trainable"), nil
	case "dtype", "compute_dtype", "variable_dtype":
		if lo.dtype != "" {
			return eval.String(lo.dtype), nil
		}
		return eval.String(s.floatx), nil
	case "losses":
		return eval.NewList(s.layerLosses(lo, 0)), nil
	case "updates", "metrics", "submodules", "_layers":
		if name == "_layers" && mo != nil {
			return eval.NewList(s.modelLayers(lo)), nil
		}
		return eval.NewList(nil), nil
	case "input_spec", "activity_regularizer", "_keras_api_names":
		return eval.None, nil
	case "stateful", "supports_masking", "dynamic", "_is_graph_network":
		if v, ok := l.Config[name].(bool); ok {
			return eval.Bool(v), nil
		}
		if name == "_is_graph_network" {
			return eval.Bool(mo != nil && mo.kind != subclassed), nil
		}
		return eval.False, nil
	case "states":
		// The states of a (stateful) RNN: (batch, units) each.
		units, _ := l.Config["units"].(int64)
		if u, ok := l.Config["output_dim"].(int64); ok {
			units = u
		}
		batch := graph.Unknown
		if n := firstNode(); n != nil && len(n.Inputs) > 0 && len(n.Inputs[0].Shape) > 0 {
			batch = n.Inputs[0].Shape[0]
		}
		count := 1
		if strings.Contains(l.Class, "LSTM") {
			count = 2
		}
		var out []eval.Value
		for i := 0; i < count; i++ {
			out = append(out, newTensor(s, kEager, graph.Shape{batch, units}, "float32"))
		}
		return eval.NewList(out), nil
	case "inbound_nodes", "_inbound_nodes", "outbound_nodes", "_outbound_nodes":
		var out []eval.Value
		if strings.Contains(name, "inbound") {
			for _, n := range l.Nodes {
				out = append(out, eval.String(fmt.Sprintf("<Node %s[%d]>", l.Name, n.Index)))
			}
		}
		return eval.NewList(out), nil
	}
	if mo != nil {
		if v, ok, err := s.modelAttr(th, lo, name); ok || err != nil {
			return v, err
		}
	}
	switch name {
	case "output", "input":
		n := firstNode()
		if n == nil || (name == "input" && len(n.Inputs) == 0 && l.Class != "InputLayer") {
			return nil, eval.NewError(eval.AttributeError, "Layer %s has never been called and thus has no defined %s.", l.Name, name)
		}
		if name == "input" && l.Class == "InputLayer" {
			return tensorsValue(s, n.Outputs), nil
		}
		if name == "output" {
			return tensorsValue(s, n.Outputs), nil
		}
		return tensorsValue(s, n.Inputs), nil
	case "output_shape", "input_shape":
		n := firstNode()
		if n == nil {
			if name == "input_shape" && lo.inShape != nil {
				return shapeTuple(lo.inShape), nil
			}
			return nil, eval.NewError(eval.AttributeError, "The layer %s has never been called and thus has no defined %s.", l.Name, strings.ReplaceAll(name, "_", " "))
		}
		if name == "output_shape" || l.Class == "InputLayer" {
			return shapesValue(n.Outputs), nil
		}
		return shapesValue(n.Inputs), nil
	case "activation":
		if a, ok := l.Config["activation"].(string); ok {
			return activationValue(s, a), nil
		}
		return activationValue(s, "linear"), nil
	case "layer", "forward_layer", "backward_layer", "cell":
		if v, ok := inst.Attr("_" + name); ok {
			return v, nil
		}
	}
	for _, w := range l.Weights {
		if w.Name == name || strings.HasSuffix(w.Name, "/"+name) {
			return s.variable(w), nil
		}
	}
	if v, ok := l.Config[name]; ok {
		return fromConfig(v), nil
	}
	if alias, ok := configAliases[name]; ok {
		for _, a := range alias {
			if v, ok := l.Config[a]; ok {
				return fromConfig(v), nil
			}
		}
	}
	names := append([]string(nil), inst.AttrNames()...)
	names = append(names, "name", "trainable", "weights", "output", "input", "output_shape", "input_shape", "built")
	names = append(names, sortedKeys(l.Config)...)
	return nil, eval.NewError(eval.AttributeError, "'%s' object has no attribute '%s'%s", inst.Class.Name(), name, didYouMean(name, names))
}

// configAliases lets layer.units find a Keras 1 output_dim and so on.
var configAliases = map[string][]string{
	"units": {"output_dim"}, "filters": {"nb_filter"}, "rate": {"p"}, "padding": {"border_mode"},
	"strides": {"subsample"}, "output_dim": {"units"}, "nb_filter": {"filters"},
}

func didYouMean(name string, names []string) string {
	sort.Strings(names)
	if s := eval.Suggest(name, names); s != "" {
		return " (did you mean '" + s + "'?)"
	}
	return ""
}

// modelAttr gives the attributes only models have.
func (s *Session) modelAttr(th *eval.Thread, lo *layerObj, name string) (eval.Value, bool, error) {
	mo := lo.model
	switch name {
	case "layers":
		return eval.NewList(s.modelLayers(lo)), true, nil
	case "inputs", "outputs", "input", "output":
		var ts []*graph.Tensor
		if mo.g != nil {
			if strings.HasPrefix(name, "in") {
				ts = mo.g.Inputs
			} else {
				ts = mo.g.Outputs
			}
		}
		if len(ts) == 0 {
			if mo.kind == subclassed || !mo.built() {
				return nil, true, eval.NewError(eval.AttributeError, "Layer %s has no defined %s (the model is not built or is subclassed).", lo.name(), name)
			}
		}
		vals := make([]eval.Value, len(ts))
		for i, t := range ts {
			vals[i] = kerasTensor(s, t)
		}
		if strings.HasSuffix(name, "s") {
			if mo.kind == functional {
				if name == "inputs" && mo.inputs != nil {
					if _, ok := mo.inputs.(*eval.Dict); ok {
						return mo.inputs, true, nil
					}
				}
			}
			return eval.NewList(vals), true, nil
		}
		if len(vals) == 1 {
			return vals[0], true, nil
		}
		return eval.NewList(vals), true, nil
	case "input_shape", "output_shape":
		var ts []*graph.Tensor
		if mo.g != nil {
			if name == "input_shape" {
				ts = mo.g.Inputs
			} else {
				ts = mo.g.Outputs
			}
		}
		if len(ts) == 0 {
			return nil, true, eval.NewError(eval.AttributeError, "The model %s has no defined %s (it is not built).", lo.name(), name)
		}
		return shapesValue(ts), true, nil
	case "input_names", "output_names":
		var out []eval.Value
		if mo.g != nil {
			ts := mo.g.Outputs
			if name == "input_names" {
				ts = mo.g.Inputs
			}
			for _, t := range ts {
				if t.Node != nil {
					out = append(out, eval.String(t.Node.Layer.Name))
				}
			}
		}
		return eval.NewList(out), true, nil
	case "optimizer":
		if mo.optimizer == nil {
			return eval.None, true, nil
		}
		if sname, ok := mo.optimizer.(eval.String); ok {
			return newOptimizerRecord(optimizerClass(string(sname))), true, nil
		}
		return mo.optimizer, true, nil
	case "metrics_names":
		out := []eval.Value{eval.String("loss")}
		if mo.compile != nil && mo.compile["metrics"] != "" {
			for _, m := range strings.Split(mo.compile["metrics"], ", ") {
				out = append(out, eval.String(m))
			}
		}
		return eval.NewList(out), true, nil
	case "stop_training", "compiled", "_is_compiled":
		return eval.Bool(name != "stop_training" && mo.compile != nil), true, nil
	case "history":
		return newHistory(lo), true, nil
	case "loss":
		if mo.compile != nil {
			return eval.String(mo.compile["loss"]), true, nil
		}
		return eval.None, true, nil
	}
	return nil, false, nil
}

// setTrainable sets a layer's own trainable flag.
func (s *Session) setTrainable(lo *layerObj, t bool) {
	lo.trainable = t
	if lo.l != nil {
		lo.l.Trainable = t
		for _, w := range lo.l.Weights {
			if intr, ok := s.intrinsic[w]; ok {
				w.Trainable = intr && t
			}
		}
	}
}

// setTrainableDeep sets the flag of a layer and of every layer inside it
// (tf.keras and Keras 3 Layer.trainable setter).
func (s *Session) setTrainableDeep(lo *layerObj, t bool, depth int) {
	s.setTrainable(lo, t)
	if depth > 64 {
		return
	}
	var subs []*layerObj
	if lo.model != nil {
		for _, v := range s.modelLayers(lo) {
			if sub := layerOf(v); sub != nil {
				subs = append(subs, sub)
			}
		}
	}
	for _, v := range lo.tracked {
		if sub := layerOf(v); sub != nil {
			subs = append(subs, sub)
		}
	}
	for _, sub := range subs {
		if sub != lo {
			s.setTrainableDeep(sub, t, depth+1)
		}
	}
}

// classMethod wraps fn (which receives the class as args[0]) as a
// classmethod.
func classMethod(fn eval.BuiltinFunc) eval.Value {
	th := eval.NewThread(eval.Options{})
	v, err := th.Call(eval.ClassMethodCls, eval.Tuple{eval.NewBuiltin("classmethod", fn)}, nil)
	if err != nil {
		panic(err)
	}
	return v
}

// layerLosses lists the losses added by a layer and the layers it tracks
// during their last call (Layer.losses).
func (s *Session) layerLosses(lo *layerObj, depth int) []eval.Value {
	out := append([]eval.Value(nil), lo.losses...)
	if depth > 32 {
		return out
	}
	for _, t := range lo.tracked {
		if sub := layerOf(t); sub != nil && sub != lo {
			out = append(out, s.layerLosses(sub, depth+1)...)
		}
	}
	if lo.model != nil && lo.model.kind != subclassed {
		for _, v := range s.modelLayers(lo) {
			if sub := layerOf(v); sub != nil && sub != lo {
				out = append(out, s.layerLosses(sub, depth+1)...)
			}
		}
	}
	return out
}

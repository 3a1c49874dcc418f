package pykeras

import (
	"fmt"
	"sort"
	"strings"

	"github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/kerasmodel"
	"github.com/netsum/netsum/internal/python/eval"
)

type modelKind uint8

const (
	sequential modelKind = iota
	functional
	subclassed
)

// modelObj is the Go side of a model.
type modelObj struct {
	kind modelKind
	g    *graph.Model
	// Sequential: the user's layers, the input layer and current output.
	layers  []*layerObj
	input   *graph.Layer
	out     []*graph.Tensor
	pending []*layerObj
	// Functional: inputs and outputs as given and flattened.
	inputs, outputs eval.Value
	ins, outs       []*Tensor

	isBuilt   bool
	internal  bool // the internal node was added to the model's layer
	compile   map[string]string
	optimizer eval.Value
	optBuilt  bool
	optParams int64 // variables of the optimizer, counted when fit built it
}

func (m *modelObj) graphModel() *graph.Model { return m.g }

func (m *modelObj) built() bool {
	switch m.kind {
	case sequential:
		return m.out != nil
	case functional:
		return m.g != nil
	}
	return m.isBuilt
}

// printedClass is the class of a model in a summary row of an enclosing
// model: Sequential, Model (Keras 1/2) or Functional (tf.keras, Keras 3),
// or the Python class of a subclassed model.
func (s *Session) printedClass(lo *layerObj) string {
	switch lo.model.kind {
	case sequential:
		if lo.inst.Class == s.classes.sequential {
			return "Sequential"
		}
	case functional:
		if lo.inst.Class == s.classes.model || lo.inst.Class == s.classes.functional {
			if s.Dialect == graph.Keras1 || s.Dialect == graph.Keras2 {
				return "Model"
			}
			return "Functional"
		}
	}
	return lo.inst.Class.Name()
}

// newGraphModel starts the graph of a model object.
func (s *Session) newGraphModel(lo *layerObj, class string) *graph.Model {
	g := &graph.Model{Name: lo.l.Name, Class: class, Framework: "keras", Version: s.Version, Dialect: s.Dialect}
	lo.model.g = g
	lo.l.Sub = g
	lo.l.Class = s.printedClass(lo)
	return g
}

// ---- Sequential ----

func setupSequentialMethods(cs *classSet, c *eval.Class) {
	c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		self := args[0].(*eval.Instance)
		lo := layerOf(self)
		var layers eval.Value = eval.None
		rest := kwargs
		if len(args) > 1 {
			layers = args[1]
		}
		if v, ok := kwarg(kwargs, "layers"); ok {
			layers = v
			rest = dropKwargs(kwargs, "layers")
		}
		if len(args) > 2 {
			rest = append(rest, eval.KV{Name: "name", Value: args[2]})
		}
		if lo.model == nil || lo.model.kind != sequential {
			lo.model = &modelObj{kind: sequential}
		}
		if err := s.initLayer(th, lo, self.Class.Name(), nil, rest); err != nil {
			return nil, err
		}
		s.newGraphModel(lo, "Sequential")
		s.models = append(s.models, lo)
		if !isNone(layers) {
			items, err := th.Collect(layers)
			if err != nil {
				return nil, eval.NewError(eval.TypeError, "Sequential(layers=...) expects a list of layers")
			}
			for _, it := range items {
				if err := s.seqAdd(th, lo, it, false); err != nil {
					return nil, err
				}
			}
			s.k3Rebuild(lo)
		}
		return eval.None, nil
	})
	c.SetMethod("add", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var self, layer eval.Value
		rebuild := true
		if err := eval.UnpackArgs("add", args, kwargs, "self", &self, "layer", &layer, "rebuild?", &rebuild); err != nil {
			return nil, err
		}
		s := sessionOf(th)
		lo := layerOf(self)
		if err := s.seqAdd(th, lo, layer, true); err != nil {
			return nil, err
		}
		if rebuild {
			s.k3Rebuild(lo)
		}
		return eval.None, nil
	})
	c.SetMethod("pop", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		lo := layerOf(args[0])
		mo := lo.model
		if len(mo.layers) == 0 {
			return nil, eval.NewError(eval.TypeError, "There are no layers in the model.")
		}
		last := mo.layers[len(mo.layers)-1]
		mo.layers = mo.layers[:len(mo.layers)-1]
		mo.g.Layers = mo.g.Layers[:len(mo.g.Layers)-1]
		for i := len(last.l.Nodes) - 1; i >= 0; i-- {
			if last.l.Nodes[i].Model == mo.g {
				last.l.Nodes = append(last.l.Nodes[:i], last.l.Nodes[i+1:]...)
				break
			}
		}
		if n := len(mo.pending); n > 0 && mo.pending[n-1] == last {
			mo.pending = mo.pending[:n-1]
		} else if mo.out != nil {
			if len(mo.layers) == 0 {
				mo.out = mo.g.Inputs
			} else if prev := mo.layers[len(mo.layers)-1].l; len(prev.Nodes) > 0 {
				for i := len(prev.Nodes) - 1; i >= 0; i-- {
					if prev.Nodes[i].Model == mo.g {
						mo.out = prev.Nodes[i].Outputs
						break
					}
				}
			}
			mo.g.Outputs = mo.out
		}
		s.k3Rebuild(lo)
		return last.inst, nil
	})
}

// k3Rebuild counts the functional model Keras 3 builds inside a Sequential
// after each change once its input is known (it consumes a name).
func (s *Session) k3Rebuild(lo *layerObj) {
	mo := lo.model
	if s.Dialect == graph.Keras3 && mo.input != nil && len(mo.layers) > 0 {
		s.namer.Next("functional")
	}
}

// seqAdd is Sequential.add.
func (s *Session) seqAdd(th *eval.Thread, m *layerObj, v eval.Value, rebuild bool) error {
	mo := m.model
	g := mo.g
	if t, ok := v.(*Tensor); ok && t.kind == kKeras && t.g.Node != nil && t.g.Node.Layer.Class == "InputLayer" {
		if mo.input != nil || len(mo.layers) > 0 {
			return s.pyErrorf(th, eval.ValueError, "an Input can only be the first entry of a Sequential model")
		}
		return s.seqSetInput(th, m, t.g.Node.Layer, t.g, true)
	}
	lo := layerOf(v)
	if lo == nil {
		return eval.NewError(eval.TypeError, "The added layer must be an instance of class Layer. Received: %s", eval.Repr(v))
	}
	if lo == m {
		return eval.NewError(eval.ValueError, "a model cannot be added to itself")
	}
	s.ensure(th, lo)
	if lo.specClass() == "InputLayer" {
		if mo.input != nil || len(mo.layers) > 0 {
			return s.pyErrorf(th, eval.ValueError, "an InputLayer can only be the first layer of a Sequential model")
		}
		if len(lo.l.Nodes) == 0 || len(lo.l.Nodes[0].Outputs) == 0 {
			return s.pyErrorf(th, eval.ValueError, "InputLayer %s has no shape", lo.name())
		}
		return s.seqSetInput(th, m, lo.l, lo.l.Nodes[0].Outputs[0], true)
	}
	if mo.input == nil && len(mo.layers) == 0 {
		shape := lo.inShape
		if shape == nil && lo.model != nil && lo.model.built() && len(lo.model.g.Inputs) == 1 {
			shape = lo.model.g.Inputs[0].Shape.Clone()
		}
		if shape != nil {
			var name string
			switch s.Dialect {
			case graph.Keras3:
				name = s.namer.Input()
			default:
				name = s.namer.SequentialInput(lo.l)
			}
			dt := lo.dtype
			il, out := s.newInputLayer(th, name, shape, dt, g)
			if err := s.seqSetInput(th, m, il, out, false); err != nil {
				return err
			}
		}
	}
	mo.layers = append(mo.layers, lo)
	g.Layers = append(g.Layers, lo.l)
	if mo.out == nil {
		mo.pending = append(mo.pending, lo)
		return nil
	}
	return s.seqApply(th, m, lo)
}

// seqSetInput gives a Sequential its input layer and applies pending
// layers.
func (s *Session) seqSetInput(th *eval.Thread, m *layerObj, il *graph.Layer, out *graph.Tensor, explicit bool) error {
	mo := m.model
	mo.input = il
	mo.g.Inputs = []*graph.Tensor{out}
	mo.out = []*graph.Tensor{out}
	mo.g.Outputs = mo.out
	s.lastBuilt = m
	pend := mo.pending
	mo.pending = nil
	for _, lo := range pend {
		if err := s.seqApply(th, m, lo); err != nil {
			return err
		}
	}
	return nil
}

// seqApply applies layer lo on the Sequential's current output.
func (s *Session) seqApply(th *eval.Thread, m *layerObj, lo *layerObj) error {
	mo := m.model
	if len(mo.out) != 1 {
		return &Error{Pos: lo.l.Pos, Msg: fmt.Sprintf("%s: a layer in a Sequential model must have one input, but the previous layer has %d outputs", lo.name(), len(mo.out)), cls: eval.ValueError}
	}
	in := []*Tensor{kerasTensor(s, mo.out[0])}
	var outs []*graph.Tensor
	var err error
	switch {
	case lo.model != nil && lo.model.kind != subclassed:
		outs, err = s.callModel(th, lo, in, modeGraph, lo.l.Pos, mo.g)
	case lo.isCustom() || lo.model != nil:
		var v eval.Value
		v, err = s.callCustom(th, lo, eval.Tuple{in[0]}, nil, lo.l.Pos, mo.g)
		if err == nil {
			var ts []*Tensor
			if err = s.flattenTensors(th, v, &ts, 0); err == nil {
				for _, t := range ts {
					outs = append(outs, t.g)
				}
			}
		}
	default:
		outs, err = s.callBuiltin(th, lo, in[0], in, modeGraph, lo.l.Pos, mo.g)
	}
	if err != nil {
		return err
	}
	mo.out = outs
	mo.g.Outputs = outs
	s.lastBuilt = m
	return nil
}

// seqBuild builds an unbuilt Sequential for a batch input shape.
func (s *Session) seqBuild(th *eval.Thread, m *layerObj, shape graph.Shape, dtype string) error {
	mo := m.model
	if mo.out != nil {
		return nil
	}
	if len(mo.layers) == 0 {
		return s.pyErrorf(th, eval.ValueError, "cannot build Sequential model %s: it has no layers", m.name())
	}
	var name string
	switch s.Dialect {
	case graph.Keras3:
		name = s.namer.Input()
		s.namer.Next("functional")
	case graph.Keras1:
		name = s.namer.SequentialInput(mo.layers[0].l)
	default:
		name = mo.layers[0].l.Name + "_input"
	}
	il, out := s.newInputLayer(th, name, shape, dtype, mo.g)
	return s.seqSetInput(th, m, il, out, false)
}

// ---- Model ----

func setupModelMethods(cs *classSet, c *eval.Class) {
	c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		self := args[0].(*eval.Instance)
		lo := layerOf(self)
		var inputs, outputs eval.Value
		if len(args) > 1 {
			inputs = args[1]
		}
		if len(args) > 2 {
			outputs = args[2]
		}
		var rest []eval.KV
		for _, kv := range kwargs {
			switch kv.Name {
			case "inputs", "input":
				inputs = kv.Value
			case "outputs", "output":
				outputs = kv.Value
			default:
				rest = append(rest, kv)
			}
		}
		if len(args) > 3 {
			rest = append(rest, eval.KV{Name: "name", Value: args[3]})
		}
		if inputs != nil && outputs != nil {
			lo.model = &modelObj{kind: functional}
			if err := s.initLayer(th, lo, self.Class.Name(), nil, rest); err != nil {
				return nil, err
			}
			if err := s.buildFunctional(th, lo, inputs, outputs); err != nil {
				return nil, err
			}
			s.models = append(s.models, lo)
			s.lastBuilt = lo
			return eval.None, nil
		}
		if inputs != nil || outputs != nil {
			return nil, s.pyErrorf(th, eval.TypeError, "Model() needs both inputs and outputs")
		}
		if lo.model == nil {
			lo.model = &modelObj{kind: subclassed}
		}
		if err := s.initLayer(th, lo, self.Class.Name(), nil, rest); err != nil {
			return nil, err
		}
		if lo.model.g == nil {
			s.newGraphModel(lo, self.Class.Name())
			s.models = append(s.models, lo)
		}
		return eval.None, nil
	})
	c.SetMethod("summary", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		lo := layerOf(args[0])
		return eval.None, s.summary(th, lo)
	})
	c.SetMethod("compile", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		lo := layerOf(args[0])
		return eval.None, s.compileModel(th, lo, args[1:], kwargs)
	})
	for _, name := range []string{"fit", "fit_generator", "train_on_batch"} {
		name := name
		c.SetMethod(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			s := sessionOf(th)
			lo := layerOf(args[0])
			if err := s.buildFromData(th, lo, args[1:], kwargs); err != nil {
				return nil, err
			}
			if lo.model.compile == nil {
				return nil, s.pyErrorf(th, eval.RuntimeError, "You must compile your model before training/testing. Use `model.compile(optimizer, loss)`.")
			}
			if !lo.model.optBuilt {
				lo.model.optBuilt = true
				lo.model.optParams = optimizerParams(lo.model.compile, s.snapshot(lo))
			}
			if name == "train_on_batch" {
				return eval.Float(0), nil
			}
			return newHistory(lo), nil
		})
	}
	for _, name := range []string{"evaluate", "evaluate_generator", "test_on_batch"} {
		c.SetMethod(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			lo := layerOf(args[0])
			n := 1
			if lo.model.compile != nil && lo.model.compile["metrics"] != "" {
				n += len(strings.Split(lo.model.compile["metrics"], ", "))
			}
			if n == 1 {
				return eval.Float(0), nil
			}
			out := make([]eval.Value, n)
			for i := range out {
				out[i] = eval.Float(0)
			}
			return eval.NewList(out), nil
		})
	}
	for _, name := range []string{"predict", "predict_generator", "predict_on_batch", "predict_step"} {
		c.SetMethod(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			s := sessionOf(th)
			lo := layerOf(args[0])
			var x eval.Value = eval.None
			if len(args) > 1 {
				x = args[1]
			} else if v, ok := kwarg(kwargs, "x"); ok {
				x = v
			}
			return s.predict(th, lo, x)
		})
	}
	c.SetMethod("save", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		p, _, _ := unpack1(args[1:], kwargs, "filepath")
		if path, ok := p.(eval.String); ok {
			s.saved[string(path)] = args[0]
		}
		return eval.None, nil
	})
	for _, name := range []string{"save_weights", "load_weights", "reset_states", "reset_metrics", "make_predict_function", "make_train_function", "stop_training"} {
		c.SetMethod(name, noop)
	}
	c.SetMethod("to_json", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		// A token that model_from_json turns back into this model.
		s := sessionOf(th)
		lo := layerOf(args[0])
		j := fmt.Sprintf(`{"class_name": %q, "config": {"name": %q}, "netsum_model": %d}`, s.printedClass(lo), lo.name(), len(s.saved))
		s.saved[j] = args[0]
		return eval.String(j), nil
	})
	c.SetMethod("to_yaml", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.String(""), nil
	})
	c.SetMethod("get_layer", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var self, name, index eval.Value = nil, eval.None, eval.None
		if err := eval.UnpackArgs("get_layer", args, kwargs, "self", &self, "name?", &name, "index?", &index); err != nil {
			return nil, err
		}
		s := sessionOf(th)
		layers := s.modelLayers(layerOf(self))
		if i, ok := index.(eval.Int); ok {
			if int(i) < 0 || int(i) >= len(layers) {
				return nil, eval.NewError(eval.ValueError, "Was asked to retrieve layer at index %d but model only has %d layers.", i, len(layers))
			}
			return layers[i], nil
		}
		if i, ok := name.(eval.Int); ok { // Keras 1/2 get_layer(name=None, index=None) positional index
			if int(i) >= 0 && int(i) < len(layers) {
				return layers[i], nil
			}
		}
		n := nameOf(name)
		var names []string
		for _, l := range layers {
			lo := layerOf(l)
			if lo != nil && lo.name() == n {
				return l, nil
			}
			if lo != nil {
				names = append(names, lo.name())
			}
		}
		return nil, eval.NewError(eval.ValueError, "No such layer: %s.%s", n, suggestName(n, names))
	})
	c.SetMethod("build", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var self, shape eval.Value = nil, eval.None
		if err := eval.UnpackArgs("build", args, kwargs, "self", &self, "input_shape?", &shape); err != nil {
			return nil, err
		}
		s := sessionOf(th)
		lo := layerOf(self)
		if isNone(shape) {
			if lo.model.kind == subclassed {
				lo.model.isBuilt = true
			}
			return eval.None, nil
		}
		sh, err := shapeArg(th, "input_shape", shape)
		if err != nil {
			return nil, err
		}
		return eval.None, s.buildModel(th, lo, sh, "")
	})
}

func suggestName(n string, names []string) string {
	if s := eval.Suggest(n, names); s != "" {
		return " Did you mean " + s + "?"
	}
	return ""
}

// buildModel builds a Sequential or subclassed model for a batch input
// shape (model.build, fit on an unbuilt model).
func (s *Session) buildModel(th *eval.Thread, lo *layerObj, shape graph.Shape, dtype string) error {
	switch lo.model.kind {
	case sequential:
		return s.seqBuild(th, lo, shape, dtype)
	case subclassed:
		x := newTensor(s, kEager, shape, dtype)
		if s.Dialect == graph.Keras3 {
			x.kind = kSymbolic
		}
		_, err := s.callCustom(th, lo, eval.Tuple{x}, nil, s.callPos(th), nil)
		return err
	}
	return nil
}

// buildFromData builds an unbuilt model from the x argument of fit.
func (s *Session) buildFromData(th *eval.Thread, lo *layerObj, args eval.Tuple, kwargs []eval.KV) error {
	if lo.model.built() {
		return nil
	}
	var x eval.Value
	if len(args) > 0 {
		x = args[0]
	} else if v, ok := kwarg(kwargs, "x"); ok {
		x = v
	}
	t, ok := x.(*Tensor)
	if !ok {
		return nil
	}
	sh := t.shape().Clone()
	if len(sh) > 0 {
		sh[0] = graph.Unknown
	}
	return s.buildModel(th, lo, sh, t.dtype())
}

// predict gives an array shaped like the model's output for x.
func (s *Session) predict(th *eval.Thread, lo *layerObj, x eval.Value) (eval.Value, error) {
	if !lo.model.built() {
		if err := s.buildFromData(th, lo, eval.Tuple{x}, nil); err != nil {
			return nil, err
		}
	}
	batch := graph.Unknown
	if t, ok := x.(*Tensor); ok && len(t.shape()) > 0 {
		batch = t.shape()[0]
	}
	var outs []*graph.Tensor
	if lo.model.g != nil {
		outs = lo.model.g.Outputs
	}
	if len(outs) == 0 {
		return eval.NewOpaque(th, "keras", "model.predict(...)"), nil
	}
	vals := make([]eval.Value, len(outs))
	for i, o := range outs {
		sh := o.Shape.Clone()
		if len(sh) > 0 {
			sh[0] = batch
		}
		vals[i] = newTensor(s, kNumpy, sh, "float32")
	}
	if len(vals) == 1 {
		return vals[0], nil
	}
	return eval.NewList(vals), nil
}

// buildFunctional is Model(inputs, outputs).
func (s *Session) buildFunctional(th *eval.Thread, lo *layerObj, inputs, outputs eval.Value) error {
	mo := lo.model
	var ins, outs []*Tensor
	if err := s.flattenTensors(th, inputs, &ins, 0); err != nil {
		return err
	}
	if err := s.flattenTensors(th, outputs, &outs, 0); err != nil {
		return err
	}
	gin := make([]*graph.Tensor, len(ins))
	for i, t := range ins {
		if t.kind != kKeras {
			return s.pyErrorf(th, eval.ValueError, "Input tensors to a Model must come from `keras.Input` (input %d is %s)", i, t.String())
		}
		gin[i] = t.g
	}
	gout := make([]*graph.Tensor, len(outs))
	for i, t := range outs {
		if t.kind != kKeras {
			return s.pyErrorf(th, eval.ValueError, "Output tensors of a Model must be the output of a Keras layer (output %d has no layer history%s)", i, k12Hint(s))
		}
		gout[i] = t.g
	}
	class := "Model"
	if s.Dialect == graph.TFKeras || s.Dialect == graph.Keras3 {
		class = "Functional"
	}
	if err := s.checkConnected(gin, gout); err != nil {
		return s.pyErrorf(th, eval.ValueError, "%v", err)
	}
	g, err := kerasmodel.Functional(lo.l.Name, class, gin, gout, kerasmodel.Options{Dialect: s.Dialect, AllowUnknown: s.AllowUnknown})
	if err != nil {
		return s.pyErrorf(th, eval.ValueError, "%v", err)
	}
	g.Version = s.Version
	// Nodes already owned by another model belong to both: mark them
	// shared (nil owner), as Keras lists them in each model.
	for _, l := range g.Layers {
		for _, n := range l.Nodes {
			if n.Model != nil && n.Model != g && s.inGraph(n, gin, gout) {
				n.Model = nil
			}
		}
	}
	mo.g = g
	mo.inputs, mo.outputs = inputs, outputs
	mo.ins, mo.outs = ins, outs
	lo.l.Sub = g
	lo.l.Class = s.printedClass(lo)
	if s.Dialect != graph.Keras1 && s.Dialect != graph.Keras2 {
		g.Class = "Functional"
	}
	return nil
}

func k12Hint(s *Session) string {
	if s.Dialect == graph.Keras1 || s.Dialect == graph.Keras2 {
		return "; in Keras 1 and 2 backend operations on Keras tensors must be wrapped in a Lambda layer"
	}
	return ""
}

// inGraph reports whether node n lies on a path from inputs to outputs.
func (s *Session) inGraph(n *graph.Node, ins, outs []*graph.Tensor) bool {
	isIn := map[*graph.Tensor]bool{}
	for _, t := range ins {
		isIn[t] = true
	}
	seen := map[*graph.Node]bool{}
	var walk func(x *graph.Node) bool
	walk = func(x *graph.Node) bool {
		if x == n {
			return true
		}
		if seen[x] {
			return false
		}
		seen[x] = true
		for _, t := range x.Inputs {
			if t.Node != nil && !isIn[t] && walk(t.Node) {
				return true
			}
			if isIn[t] && t.Node == n {
				return true
			}
		}
		return false
	}
	for _, t := range outs {
		if t.Node != nil && walk(t.Node) {
			return true
		}
	}
	return false
}

// checkConnected makes sure every path from the outputs ends at an input:
// Keras' "Graph disconnected" error.
func (s *Session) checkConnected(ins, outs []*graph.Tensor) error {
	isIn := map[*graph.Tensor]bool{}
	for _, t := range ins {
		isIn[t] = true
	}
	seen := map[*graph.Node]bool{}
	var walk func(t *graph.Tensor, depth int) error
	walk = func(t *graph.Tensor, depth int) error {
		if isIn[t] || depth > 100000 {
			return nil
		}
		n := t.Node
		if n == nil {
			return fmt.Errorf("Graph disconnected: a tensor of shape %s on the way to the outputs is not the output of a Keras layer%s", t.Shape, k12Hint(s))
		}
		if seen[n] {
			return nil
		}
		seen[n] = true
		if n.Layer.Class == "InputLayer" && len(n.Inputs) == 0 {
			var names []string
			for _, x := range ins {
				if x.Node != nil {
					names = append(names, x.Node.Layer.Name)
				}
			}
			return fmt.Errorf("Graph disconnected: cannot obtain value for tensor %s of layer %q; the model's inputs are %s", t.Shape, n.Layer.Name, strings.Join(names, ", "))
		}
		for _, x := range n.Inputs {
			if err := walk(x, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	for _, t := range outs {
		if err := walk(t, 0); err != nil {
			return err
		}
	}
	return nil
}

// callModel calls a Sequential or functional model on tensors: as a layer
// of the enclosing graph (a nested model).
func (s *Session) callModel(th *eval.Thread, lo *layerObj, ins []*Tensor, mode callMode, pos diag.Pos, model *graph.Model) ([]*graph.Tensor, error) {
	mo := lo.model
	if !mo.built() {
		if mo.kind == sequential && len(ins) == 1 {
			sh := ins[0].shape().Clone()
			if s.Dialect != graph.Keras3 && len(sh) > 0 {
				sh[0] = graph.Unknown
			}
			if err := s.seqBuild(th, lo, sh, ins[0].dtype()); err != nil {
				return nil, err
			}
		} else {
			return nil, s.pyErrorf(th, eval.ValueError, "model %s is not built", lo.name())
		}
	}
	l := lo.l
	if !mo.internal && mode == modeGraph {
		mo.internal = true
		if s.Dialect != graph.Keras3 || mo.kind == functional {
			kerasmodel.AddInternalNode(l)
		}
	}
	gin := graphInputs(ins, mode)
	saved := l.Pos
	if pos.IsValid() {
		l.Pos = pos
	}
	outs, err := keras.Apply(l, gin, keras.Options{Dialect: s.Dialect, Model: model, AllowUnknown: s.AllowUnknown})
	l.Pos = saved
	if err != nil {
		return nil, layerError(err, pos)
	}
	if mode != modeGraph {
		l.Nodes = l.Nodes[:len(l.Nodes)-1]
		for i, t := range outs {
			outs[i] = &graph.Tensor{Shape: t.Shape, DType: t.DType}
		}
	}
	return outs, nil
}

// modelLayers is model.layers: the layer objects in summary order.
func (s *Session) modelLayers(lo *layerObj) []eval.Value {
	mo := lo.model
	var out []eval.Value
	switch mo.kind {
	case sequential:
		if s.Dialect == graph.Keras1 && mo.input != nil {
			// Keras 1 Sequential.layers starts with nothing extra either.
		}
		for _, l := range mo.layers {
			out = append(out, l.inst)
		}
	case functional:
		for _, l := range mo.g.Layers {
			if v := s.layerValue(l); v != nil {
				out = append(out, v)
			} else {
				out = append(out, s.opaqueLayer(l))
			}
		}
	default:
		for _, t := range s.trackedLayers(lo) {
			out = append(out, t.inst)
		}
	}
	return out
}

// opaqueLayer gives a Python object for a layer made by netsum itself
// (an InputLayer of Input(), an op layer).
func (s *Session) opaqueLayer(l *graph.Layer) eval.Value {
	if v, ok := s.objects[l]; ok {
		return v
	}
	cls := s.classes.layers[l.Class]
	if cls == nil {
		cls = s.classes.layer
	}
	inst := &eval.Instance{Class: cls}
	lo := &layerObj{inst: inst, l: l, trainable: l.Trainable, built: true}
	if cls != s.classes.layer {
		lo.def = s.classes.defs[cls]
	}
	inst.Native = lo
	s.objects[l] = inst
	return inst
}

// trackedLayers lists the layers a subclassed model tracks, nested lists
// flattened, each once.
func (s *Session) trackedLayers(lo *layerObj) []*layerObj {
	var out []*layerObj
	seen := map[*layerObj]bool{}
	for _, t := range lo.tracked {
		sub := layerOf(t)
		if sub != nil && !seen[sub] && sub != lo {
			seen[sub] = true
			out = append(out, sub)
		}
	}
	return out
}

// syncSubclassed refreshes a subclassed model's graph from its tracked
// layers.
func (s *Session) syncSubclassed(lo *layerObj) {
	mo := lo.model
	if mo == nil || mo.kind != subclassed {
		return
	}
	if mo.g == nil {
		s.newGraphModel(lo, lo.inst.Class.Name())
	}
	mo.g.Layers = mo.g.Layers[:0]
	for _, sub := range s.trackedLayers(lo) {
		s.ensure(nil, sub)
		// Keras prints "0 (unbuilt)" (Keras 3) or "0 (unused)" (tf.keras
		// 2.5+) for a tracked layer no call has built.
		sub.l.Unbuilt = !sub.built && len(sub.l.Weights) == 0 && (sub.model == nil || !sub.model.built())
		mo.g.Layers = append(mo.g.Layers, sub.l)
	}
	lo.l.Weights = nil
	for _, w := range lo.own {
		lo.l.Weights = append(lo.l.Weights, w)
	}
}

// ---- summary, compile ----

// summary records model.summary(): a snapshot of the model as it is now.
func (s *Session) summary(th *eval.Thread, lo *layerObj) error {
	mo := lo.model
	if mo.kind == subclassed {
		s.syncSubclassed(lo)
	}
	if !mo.built() {
		switch {
		case s.Dialect == graph.Keras3 && mo.g != nil:
			// Keras 3 prints unbuilt layers with "?" shapes.
		default:
			return s.pyErrorf(th, eval.ValueError, "This model has not yet been built. Build the model first by calling `build()` or by calling the model on a batch of data (Sequential model %s: its first layer has no input_shape).", lo.name())
		}
	}
	snap := s.snapshot(lo)
	s.summaries = append(s.summaries, Summary{Model: snap, Pos: s.callPos(th)})
	return nil
}

// snapshot copies a model's graph as it is now, with trainability
// resolved: a weight is trainable when its layer and every enclosing model
// are (from the summarized model down).
func (s *Session) snapshot(lo *layerObj) *graph.Model {
	if lo.model.kind == subclassed {
		s.syncSubclassed(lo)
	}
	c := &cloner{s: s, models: map[*graph.Model]*graph.Model{}, weights: map[*graph.Weight]*graph.Weight{}}
	m := c.model(lo.model.g, lo.trainable)
	m.Version = s.Version
	m.Dialect = s.Dialect
	if mo := lo.model; mo.compile != nil {
		m.Compile = map[string]string{}
		for k, v := range mo.compile {
			m.Compile[k] = v
		}
		if mo.optBuilt && mo.optParams >= 0 && s.Dialect == graph.Keras3 {
			m.Compile["optimizer_params"] = fmt.Sprint(mo.optParams)
		}
	}
	return m
}

type cloner struct {
	s       *Session
	models  map[*graph.Model]*graph.Model
	weights map[*graph.Weight]*graph.Weight
}

func (c *cloner) model(m *graph.Model, eff bool) *graph.Model {
	if cm, ok := c.models[m]; ok {
		return cm
	}
	cm := *m
	c.models[m] = &cm
	cm.Layers = make([]*graph.Layer, len(m.Layers))
	for i, l := range m.Layers {
		cm.Layers[i] = c.layer(l, eff)
	}
	return &cm
}

func (c *cloner) layer(l *graph.Layer, parent bool) *graph.Layer {
	cl := *l
	own := l.Trainable
	if v, ok := c.s.objects[l]; ok {
		if lo := layerOf(v); lo != nil {
			own = lo.trainable
		}
	}
	eff := parent && own
	cl.Trainable = eff
	cl.Weights = make([]*graph.Weight, len(l.Weights))
	for i, w := range l.Weights {
		cl.Weights[i] = c.weight(w, eff)
	}
	if l.Sub != nil {
		cl.Sub = c.model(l.Sub, eff)
	}
	cl.Nodes = make([]*graph.Node, len(l.Nodes))
	for i, n := range l.Nodes {
		cn := *n
		cn.Layer = &cl
		if n.Model != nil {
			if cm, ok := c.models[n.Model]; ok {
				cn.Model = cm
			}
		}
		cl.Nodes[i] = &cn
	}
	return &cl
}

func (c *cloner) weight(w *graph.Weight, eff bool) *graph.Weight {
	if cw, ok := c.weights[w]; ok {
		return cw
	}
	cw := *w
	intr, ok := c.s.intrinsic[w]
	if !ok {
		intr = w.Trainable
	}
	cw.Trainable = intr && eff
	c.weights[w] = &cw
	return &cw
}

// compileModel records model.compile(optimizer, loss, metrics).
func (s *Session) compileModel(th *eval.Thread, lo *layerObj, args eval.Tuple, kwargs []eval.KV) error {
	var optimizer, loss, metrics eval.Value = eval.String("rmsprop"), eval.None, eval.None
	var rest []eval.KV
	if err := eval.UnpackArgs("compile", args, kwargs, "optimizer?", &optimizer, "loss?", &loss, "metrics?", &metrics, "**kwargs", &rest); err != nil {
		return err
	}
	c := map[string]string{}
	if r := recordOf(optimizer); r != nil {
		c["optimizer"] = r.class
		for _, k := range []string{"lr", "learning_rate", "momentum", "decay", "nesterov", "beta_1", "beta_2", "epsilon", "rho", "weight_decay"} {
			if v, ok := r.get(k); ok {
				c[k] = eval.Repr(v)
			}
		}
	} else {
		c["optimizer"] = optimizerClass(nameOf(optimizer))
	}
	if !isNone(loss) {
		c["loss"] = strings.Join(namesOf(th, loss), ", ")
	}
	if !isNone(metrics) {
		c["metrics"] = strings.Join(namesOf(th, metrics), ", ")
	}
	lo.model.compile = c
	lo.model.optimizer = optimizer
	lo.model.optBuilt, lo.model.optParams = false, 0
	return nil
}

// namesOf lists the names in a loss or metrics argument (a name, a list,
// a dict).
func namesOf(th *eval.Thread, v eval.Value) []string {
	switch x := v.(type) {
	case *eval.Dict:
		var out []string
		for _, kv := range x.Items() {
			out = append(out, namesOf(th, kv[1])...)
		}
		return out
	case eval.Tuple, *eval.List:
		items, _ := th.Collect(x)
		var out []string
		for _, it := range items {
			out = append(out, namesOf(th, it)...)
		}
		return out
	}
	return []string{nameOf(v)}
}

// optimizerClass maps an optimizer name string to its class.
func optimizerClass(name string) string {
	switch strings.ToLower(name) {
	case "sgd":
		return "SGD"
	case "rmsprop":
		return "RMSprop"
	case "adam":
		return "Adam"
	case "adamw":
		return "AdamW"
	case "adagrad":
		return "Adagrad"
	case "adadelta":
		return "Adadelta"
	case "adamax":
		return "Adamax"
	case "nadam":
		return "Nadam"
	case "ftrl":
		return "Ftrl"
	case "lion":
		return "Lion"
	case "adafactor":
		return "Adafactor"
	}
	return name
}

// optimizerParams counts a built Keras 3 optimizer's variables:
// iterations and learning_rate, plus per trainable weight its slots
// (keras/src/optimizers/*.py build methods).
func optimizerParams(c map[string]string, m *graph.Model) int64 {
	var t int64
	for _, w := range m.Weights() {
		if w.Trainable {
			if n := w.Count(); n > 0 {
				t += n
			}
		}
	}
	momentum := c["momentum"] != "" && c["momentum"] != "0" && c["momentum"] != "0.0"
	switch c["optimizer"] {
	case "SGD":
		if momentum {
			return t + 2
		}
		return 2
	case "Adam", "AdamW", "Adamax", "Lion":
		if c["optimizer"] == "Lion" {
			return t + 2
		}
		return 2*t + 2
	case "Nadam":
		return 2*t + 3
	case "RMSprop":
		if momentum {
			return 2*t + 2
		}
		return t + 2
	case "Adagrad", "Ftrl":
		if c["optimizer"] == "Ftrl" {
			return 2*t + 2
		}
		return t + 2
	case "Adadelta":
		return 2*t + 2
	}
	return -1
}

// ---- History ----

func newHistory(lo *layerObj) eval.Value {
	d := eval.NewDict()
	d.SetString("loss", eval.NewList(nil))
	if lo.model.compile != nil && lo.model.compile["metrics"] != "" {
		for _, m := range strings.Split(lo.model.compile["metrics"], ", ") {
			d.SetString(m, eval.NewList(nil))
		}
	}
	r := newRecord("History", "keras.callbacks")
	r.set("history", d)
	r.set("model", lo.inst)
	r.set("epoch", eval.NewList(nil))
	r.set("params", eval.NewDict())
	return r
}

// sortedKeys lists map keys in order.
func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

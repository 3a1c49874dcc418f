package pykeras

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/kerasmodel"
	"github.com/netsum/netsum/internal/python/eval"
)

// layerDef is a built-in layer class: the class Keras prints, the catalog
// entry that computes it and its positional parameters.
type layerDef struct {
	class string
	spec  string
	args  []string
	// dataFormat: the constructor takes data_format (dim_ordering in Keras 1).
	dataFormat bool
}

// classSet holds the Python classes of one dialect. Classes are made once
// per dialect and shared by every run (Go classes cannot be modified from
// Python); their methods find the run's Session through the thread.
type classSet struct {
	dialect    graph.Dialect
	layer      *eval.Class
	model      *eval.Class
	sequential *eval.Class
	functional *eval.Class
	inputSpec  *eval.Class
	callback   *eval.Class
	sequence   *eval.Class
	// layers maps every name keras.layers exports for a layer class
	// (aliases included) to its class; layerNames lists them sorted.
	layers     map[string]*eval.Class
	layerNames []string
	defs       map[*eval.Class]*layerDef
}

var (
	classMu   sync.Mutex
	classSets = map[graph.Dialect]*classSet{}
)

func classesFor(d graph.Dialect) *classSet {
	classMu.Lock()
	defer classMu.Unlock()
	if cs, ok := classSets[d]; ok {
		return cs
	}
	cs := newClassSet(d)
	classSets[d] = cs
	return cs
}

func newClassSet(d graph.Dialect) *classSet {
	cs := &classSet{dialect: d, layers: map[string]*eval.Class{}, defs: map[*eval.Class]*layerDef{}}
	cs.layer = eval.NewClass("Layer").SetModule("keras.layers")
	cs.layer.OnNew = func(th *eval.Thread, inst *eval.Instance) error {
		inst.Native = &layerObj{inst: inst, trainable: true}
		return nil
	}
	setupLayerMethods(cs, cs.layer)
	cs.inputSpec = eval.NewClass("InputSpec").SetModule("keras.layers")
	cs.inputSpec.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		self := args[0].(*eval.Instance)
		for _, kv := range kwargs {
			self.SetAttrDirect(kv.Name, kv.Value)
		}
		return eval.None, nil
	})

	// Built-in layer classes: every catalog class in the spelling of the
	// dialect.
	add := func(name string, def *layerDef) {
		if _, dup := cs.layers[name]; dup {
			return
		}
		var c *eval.Class
		for k, v := range cs.defs {
			if v == def {
				c = k
				break
			}
		}
		if c == nil {
			c = eval.NewClass(def.class, cs.layer).SetModule("keras.layers")
			cs.defs[c] = def
			setupBuiltinLayer(cs, c, def)
		}
		cs.layers[name] = c
	}
	defs := map[string]*layerDef{}
	mkdef := func(class, spec string, table map[string][]string) *layerDef {
		if d, ok := defs[class]; ok {
			return d
		}
		args := table[class]
		if args == nil {
			args = table[spec]
		}
		def := &layerDef{class: class, spec: spec, args: args}
		for _, a := range args {
			if a == "data_format" || a == "dim_ordering" {
				def.dataFormat = true
			}
		}
		if strings.HasPrefix(spec, "Global") {
			def.dataFormat = true
		}
		defs[class] = def
		return def
	}
	if d == graph.Keras1 {
		for _, name := range keras1Names {
			spec := name
			if keras.Lookup(name) == nil {
				continue
			}
			add(name, mkdef(name, spec, keras1Args))
		}
	} else {
		for _, sp := range keras.Specs() {
			if keras1Only[sp.Class] && d != graph.Keras2 {
				continue
			}
			switch sp.Class {
			case "SlicingOpLambda", "TFOpLambda":
				continue
			}
			add(sp.Class, mkdef(sp.Class, sp.Class, modernArgs))
			for _, a := range sp.Aliases {
				if canon, ok := modernAliases[a]; ok && canon == sp.Class {
					add(a, defs[sp.Class])
				}
			}
		}
	}
	for n := range cs.layers {
		cs.layerNames = append(cs.layerNames, n)
	}
	sort.Strings(cs.layerNames)

	// Models.
	cs.model = eval.NewClass("Model", cs.layer).SetModule("keras.models")
	cs.model.OnNew = func(th *eval.Thread, inst *eval.Instance) error {
		inst.Native = &layerObj{inst: inst, trainable: true, model: &modelObj{kind: subclassed}}
		return nil
	}
	setupModelMethods(cs, cs.model)
	cs.sequential = eval.NewClass("Sequential", cs.model).SetModule("keras.models")
	cs.sequential.OnNew = func(th *eval.Thread, inst *eval.Instance) error {
		inst.Native = &layerObj{inst: inst, trainable: true, model: &modelObj{kind: sequential}}
		return nil
	}
	setupSequentialMethods(cs, cs.sequential)
	cs.functional = eval.NewClass("Functional", cs.model).SetModule("keras.models")
	cs.callback = newCallbackClass()
	cs.sequence = eval.NewClass("Sequence").SetModule("keras.utils")
	cs.sequence.SetMethod("__init__", noop)
	return cs
}

var noop = func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return eval.None, nil }

// layerObj is the Go side of a layer or model instance.
type layerObj struct {
	inst *eval.Instance
	def  *layerDef // built-in class, nil for Layer subclasses without one
	l    *graph.Layer
	// trainable is the layer's own flag; weights are trainable when every
	// enclosing model is too.
	trainable bool
	built     bool
	// inShape is the batch input shape given by input_shape,
	// batch_input_shape or input_dim, for the first layer of a Sequential.
	inShape graph.Shape
	dtype   string
	// tracked are the sublayers assigned to attributes, in order.
	tracked []*eval.Instance
	// own are weights made by add_weight or assigned to trainable_weights.
	own []*graph.Weight
	// fn is the function of a Lambda layer (or a Keras 1 Merge mode).
	fn      eval.Value
	fnShape eval.Value // Lambda output_shape given as a function
	fnArgs  eval.Value // Lambda arguments
	model   *modelObj
	// losses were added by add_loss during the layer's last call.
	losses []eval.Value
}

func layerOf(v eval.Value) *layerObj {
	if inst, ok := v.(*eval.Instance); ok {
		if lo, ok := inst.Native.(*layerObj); ok {
			return lo
		}
	}
	return nil
}

// layerValue returns the Python object of a graph layer, if any.
func (s *Session) layerValue(l *graph.Layer) eval.Value {
	if v, ok := s.objects[l]; ok {
		return v
	}
	return nil
}

// ensure gives a layer its graph layer and name if Layer.__init__ never
// ran (a subclass that did not call super().__init__()).
func (s *Session) ensure(th *eval.Thread, lo *layerObj) {
	if lo.l != nil {
		return
	}
	class := lo.inst.Class.Name()
	name := s.autoName(lo, class)
	lo.l = &graph.Layer{Name: name, Class: class, Config: map[string]any{"name": name}, Trainable: true, Pos: s.callPos(th)}
	s.objects[lo.l] = lo.inst
}

// autoName is the automatic name of a new layer or model of class.
func (s *Session) autoName(lo *layerObj, class string) string {
	if lo != nil && lo.model != nil {
		switch lo.model.kind {
		case sequential:
			if lo.inst.Class == s.classes.sequential {
				return s.namer.Model("Sequential")
			}
		case functional:
			if lo.inst.Class == s.classes.model || lo.inst.Class == s.classes.functional {
				return s.namer.Model("Functional")
			}
		}
	}
	if class == "InputLayer" {
		return s.namer.Input()
	}
	return s.namer.Layer(class)
}

// specClass is the catalog class a layer is computed with ("" for custom
// layers).
func (lo *layerObj) specClass() string {
	if lo.def != nil {
		return lo.def.spec
	}
	return ""
}

// isCustom reports whether the layer's call() is Python code.
func (lo *layerObj) isCustom() bool {
	m, ok := lo.inst.Class.Lookup("call")
	if !ok {
		return false
	}
	_, py := m.(*eval.Function)
	return py
}

// baseKwargs are the arguments every layer accepts.
var baseKwargs = map[string]bool{
	"name": true, "trainable": true, "input_shape": true, "batch_input_shape": true, "batch_shape": true,
	"batch_size": true, "input_dim": true, "input_length": true, "dtype": true, "weights": true,
	"input_dtype": true, "dynamic": true, "autocast": true, "create_input_layer": true,
}

// initLayer is Layer.__init__: name, trainability, dtype and the input
// shape arguments; cfg is the layer's config (positional and keyword
// arguments already converted).
func (s *Session) initLayer(th *eval.Thread, lo *layerObj, class string, cfg map[string]any, kwargs []eval.KV) error {
	if cfg == nil {
		cfg = map[string]any{}
	}
	var name string
	var inShape graph.Shape
	var batch int64 = graph.Unknown
	var inputDim, inputLength eval.Value
	for _, kv := range kwargs {
		v := kv.Value
		switch kv.Name {
		case "name":
			if !isNone(v) {
				n, err := eval.AsString(v)
				if err != nil {
					return eval.NewError(eval.TypeError, "name must be a string")
				}
				name = n
			}
		case "trainable":
			t, err := th.Truth(v)
			if err != nil {
				return err
			}
			lo.trainable = t
			cfg["trainable"] = t
		case "dtype", "input_dtype":
			if dt := dtypeName(v); dt != "" {
				lo.dtype = dt
				cfg["dtype"] = dt
			}
		case "batch_input_shape", "batch_shape":
			if !isNone(v) {
				sh, err := shapeArg(th, kv.Name, v)
				if err != nil {
					return err
				}
				inShape = sh
			}
		case "input_shape":
			if !isNone(v) {
				sh, err := shapeArg(th, kv.Name, v)
				if err != nil {
					return err
				}
				inShape = append(graph.Shape{graph.Unknown}, sh...)
			}
		case "batch_size":
			if !isNone(v) {
				b, err := eval.AsInt(v)
				if err != nil {
					return err
				}
				batch = b
			}
		case "input_dim":
			inputDim = v
			cfg["input_dim"] = toConfig(th, v)
		case "input_length":
			inputLength = v
			cfg["input_length"] = toConfig(th, v)
		case "weights":
		default:
			cfg[kv.Name] = toConfig(th, v)
		}
	}
	spec := lo.specClass()
	if inShape == nil {
		switch {
		case spec == "Embedding":
			// input_dim is the vocabulary; the input is (input_length,).
			if s.Dialect != graph.Keras3 {
				l := graph.Unknown
				if !isNone(inputLength) && inputLength != nil {
					if d, err := dimArg(inputLength); err == nil {
						l = d
					}
				}
				inShape = graph.Shape{graph.Unknown, l}
			}
		case !isNone(inputDim) && inputDim != nil:
			d, err := dimArg(inputDim)
			if err != nil {
				return eval.NewError(eval.TypeError, "input_dim: %v", err)
			}
			inShape = graph.Shape{graph.Unknown}
			if !isNone(inputLength) && inputLength != nil {
				l, err := dimArg(inputLength)
				if err != nil {
					return eval.NewError(eval.TypeError, "input_length: %v", err)
				}
				inShape = append(inShape, l)
			}
			inShape = append(inShape, d)
		}
	}
	if inShape != nil && batch >= 0 && len(inShape) > 0 {
		inShape[0] = batch
	}
	lo.inShape = inShape
	if lo.def != nil && lo.def.dataFormat && s.channelsFirst {
		if _, has := cfg["data_format"]; !has {
			if _, has := cfg["dim_ordering"]; !has {
				if s.Dialect == graph.Keras1 {
					cfg["dim_ordering"] = "th"
				} else {
					cfg["data_format"] = "channels_first"
				}
			}
		}
	}
	if name == "" {
		if lo.l != nil {
			name = lo.l.Name // __init__ called twice
		} else {
			name = s.autoName(lo, class)
		}
	}
	cfg["name"] = name
	if lo.l == nil {
		lo.l = &graph.Layer{Pos: s.callPos(th)}
		s.objects[lo.l] = lo.inst
	}
	lo.l.Name = name
	lo.l.Class = class
	lo.l.Config = cfg
	lo.l.Trainable = lo.trainable
	return nil
}

// serialize gives the {"class_name", "config"} form of a layer, for the
// wrappers' configs.
func (lo *layerObj) serialize(th *eval.Thread) map[string]any {
	s := sessionOf(th)
	s.ensure(th, lo)
	class := lo.specClass()
	if class == "" {
		class = lo.l.Class
	}
	cfg := map[string]any{}
	for k, v := range lo.l.Config {
		cfg[k] = v
	}
	cfg["name"] = lo.l.Name
	if !lo.trainable {
		cfg["trainable"] = false
	}
	return map[string]any{"class_name": class, "config": cfg}
}

// ---- errors ----

// Error is a Keras error raised by the modules (a Python ValueError or
// TypeError) that knows where in the user's code it happened: the call of
// the layer, or the construction of a layer added to a Sequential.
type Error struct {
	Pos diag.Pos
	Msg string
	cls *eval.Class
}

func (e *Error) Error() string { return e.Msg }

// Exception is the Python exception class.
func (e *Error) Exception() *eval.Class { return e.cls }

// layerError turns a catalog error into an Error at its position.
func layerError(err error, pos diag.Pos) error {
	var de *diag.Error
	if errors.As(err, &de) {
		msg := de.Msg
		if de.Layer != "" && !strings.HasPrefix(msg, de.Layer+":") {
			msg = de.Layer + ": " + msg
		}
		p := de.Pos
		if !p.IsValid() || p.Line == 0 {
			p = pos
		}
		return &Error{Pos: p, Msg: msg, cls: eval.ValueError}
	}
	var pe *Error
	if errors.As(err, &pe) {
		return err
	}
	return err
}

// ---- calling layers ----

// callMode says how a call runs.
type callMode uint8

const (
	modeGraph callMode = iota // on Keras tensors: a node is recorded
	modeRaw                   // symbolically inside layer code: shapes only
	modeEager                 // on arrays: shapes only, the layer is built
)

func (s *Session) modeOf(ins []*Tensor) callMode {
	k := resultKind(ins)
	switch {
	case k == kKeras && s.raw == 0:
		return modeGraph
	case k == kKeras || k == kSymbolic:
		return modeRaw
	}
	return modeEager
}

// flattenTensors reads the inputs of a call: a tensor, or a (nested) list,
// tuple or dict of tensors.
func (s *Session) flattenTensors(th *eval.Thread, v eval.Value, out *[]*Tensor, depth int) error {
	if depth > 16 {
		return eval.NewError(eval.ValueError, "inputs nested too deeply")
	}
	switch x := v.(type) {
	case *Tensor:
		*out = append(*out, x)
		return nil
	case eval.Tuple, *eval.List:
		items, _ := th.Collect(x)
		if len(items) > 0 && isData(items[0]) {
			// A Python list of values is one array (data given to a
			// preprocessing layer, eager calls).
			a, err := arrayFrom(th, s, x, "")
			if err != nil {
				return err
			}
			*out = append(*out, a)
			return nil
		}
		for _, it := range items {
			if err := s.flattenTensors(th, it, out, depth+1); err != nil {
				return err
			}
		}
		return nil
	case *eval.Dict:
		for _, kv := range x.Items() {
			if err := s.flattenTensors(th, kv[1], out, depth+1); err != nil {
				return err
			}
		}
		return nil
	case eval.Int, eval.Float:
		t, _ := asTensor(th, s, x)
		*out = append(*out, t)
		return nil
	case *eval.Opaque:
		return eval.NewError(eval.TypeError, "a layer was called on an unknown value (%s); netsum needs a Keras tensor (keras.Input) or an array with a known shape", x.Describe())
	}
	if lo := layerOf(v); lo != nil {
		return eval.NewError(eval.TypeError, "a layer was called on the layer %s, not on a tensor", lo.name())
	}
	return eval.NewError(eval.TypeError, "a layer must be called on tensors, not on %s", v.Type())
}

func (lo *layerObj) name() string {
	if lo.l != nil {
		return lo.l.Name
	}
	return lo.inst.Class.Name()
}

// callArgs separates the tensor inputs of a layer call from its options.
func (s *Session) callArgs(th *eval.Thread, lo *layerObj, args eval.Tuple, kwargs []eval.KV) (eval.Value, []*Tensor, []eval.KV, error) {
	var inputs eval.Value
	var rest []eval.KV
	var extra []eval.Value
	if len(args) > 0 {
		inputs = args[0]
		extra = append(extra, args[1:]...)
	}
	for _, kv := range kwargs {
		switch kv.Name {
		case "inputs", "x", "input", "query":
			if inputs == nil {
				inputs = kv.Value
				continue
			}
		}
		rest = append(rest, kv)
	}
	if inputs == nil {
		return nil, nil, nil, eval.NewError(eval.TypeError, "%s() missing the inputs argument", lo.name())
	}
	var ins []*Tensor
	if err := s.flattenTensors(th, inputs, &ins, 0); err != nil {
		return nil, nil, nil, err
	}
	spec := lo.specClass()
	switch spec {
	case "MultiHeadAttention":
		// call(query, value, key=None, ...)
		var value, key eval.Value
		if len(extra) > 0 {
			value = extra[0]
		}
		if len(extra) > 1 {
			key = extra[1]
		}
		var keep []eval.KV
		for _, kv := range rest {
			switch kv.Name {
			case "value":
				value = kv.Value
			case "key":
				key = kv.Value
			default:
				keep = append(keep, kv)
			}
		}
		rest = keep
		for _, v := range []eval.Value{value, key} {
			if v != nil && !isNone(v) {
				if err := s.flattenTensors(th, v, &ins, 0); err != nil {
					return nil, nil, nil, err
				}
			}
		}
	default:
		if lo.model == nil && !lo.isCustom() {
			// initial_state and constants are further inputs of RNNs.
			var keep []eval.KV
			for _, kv := range rest {
				switch kv.Name {
				case "initial_state", "constants":
					if !isNone(kv.Value) {
						if err := s.flattenTensors(th, kv.Value, &ins, 0); err != nil {
							return nil, nil, nil, err
						}
					}
				default:
					keep = append(keep, kv)
				}
			}
			rest = keep
		}
	}
	for _, kv := range rest {
		if kv.Name == "return_attention_scores" && lo.l != nil {
			if t, err := th.Truth(kv.Value); err == nil {
				lo.l.Config["return_attention_scores"] = t
			}
		}
	}
	return inputs, ins, rest, nil
}

// callLayer is Layer.__call__.
func (s *Session) callLayer(th *eval.Thread, lo *layerObj, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	s.ensure(th, lo)
	if lo.model == nil && lo.isCustom() || lo.model != nil && lo.model.kind == subclassed {
		return s.callCustom(th, lo, args, kwargs, s.callPos(th), nil)
	}
	inputs, ins, _, err := s.callArgs(th, lo, args, kwargs)
	if err != nil {
		return nil, err
	}
	mode := s.modeOf(ins)
	pos := s.callPos(th)
	var outs []*graph.Tensor
	switch {
	case lo.model != nil:
		outs, err = s.callModel(th, lo, ins, mode, pos, nil)
	default:
		outs, err = s.callBuiltin(th, lo, inputs, ins, mode, pos, nil)
	}
	if err != nil {
		return nil, err
	}
	return s.wrapOutputs(lo, outs, mode), nil
}

// wrapOutputs turns call outputs into Python values: one tensor, or a list.
func (s *Session) wrapOutputs(lo *layerObj, outs []*graph.Tensor, mode callMode) eval.Value {
	vals := make([]eval.Value, len(outs))
	for i, t := range outs {
		switch mode {
		case modeGraph:
			vals[i] = kerasTensor(s, t)
		case modeRaw:
			vals[i] = newTensor(s, kSymbolic, t.Shape, t.DType)
		default:
			vals[i] = newTensor(s, kEager, t.Shape, t.DType)
		}
	}
	if len(vals) == 1 {
		return vals[0]
	}
	return eval.NewList(vals)
}

// graphInputs returns the graph tensors of call inputs; outside graph mode
// they are fresh tensors without history.
func graphInputs(ins []*Tensor, mode callMode) []*graph.Tensor {
	out := make([]*graph.Tensor, len(ins))
	for i, t := range ins {
		if mode == modeGraph && t.kind == kKeras {
			out[i] = t.g
		} else {
			out[i] = &graph.Tensor{Shape: t.g.Shape, DType: t.g.DType}
		}
	}
	return out
}

// callBuiltin applies a catalog layer. In graph mode the node belongs to
// model (nil: the functional model that claims it later); otherwise the
// layer is built and no node is kept.
func (s *Session) callBuiltin(th *eval.Thread, lo *layerObj, inputs eval.Value, ins []*Tensor, mode callMode, pos diag.Pos, model *graph.Model) ([]*graph.Tensor, error) {
	l := lo.l
	if lo.specClass() == "Lambda" || lo.specClass() == "Merge" && lo.fn != nil {
		if err := s.lambdaShape(th, lo, inputs, ins); err != nil {
			return nil, err
		}
	}
	if lo.specClass() == "InputLayer" && len(ins) > 0 {
		return nil, eval.NewError(eval.TypeError, "an InputLayer cannot be called on a tensor")
	}
	gin := graphInputs(ins, mode)
	saved := *l
	l.Class = lo.specClass()
	if pos.IsValid() {
		l.Pos = pos
	}
	l.Trainable = true
	first := len(l.Weights) == 0
	outs, err := keras.Apply(l, gin, keras.Options{Dialect: s.Dialect, Model: model, AllowUnknown: s.AllowUnknown})
	l.Class, l.Pos, l.Trainable = saved.Class, saved.Pos, lo.trainable
	if err != nil {
		return nil, layerError(err, pos)
	}
	if first {
		for _, w := range l.Weights {
			s.intrinsic[w] = w.Trainable
			w.Trainable = w.Trainable && lo.trainable
		}
	}
	lo.built = true
	if mode != modeGraph {
		l.Nodes = l.Nodes[:len(l.Nodes)-1]
		for i, t := range outs {
			outs[i] = &graph.Tensor{Shape: t.Shape, DType: t.DType}
		}
	}
	return outs, nil
}

// lambdaShape finds the output shape of a Lambda layer: output_shape when
// given (Keras 1, 2, 3), else by running its function on symbolic inputs
// (what TensorFlow-backed Keras does, and tf.keras always).
func (s *Session) lambdaShape(th *eval.Thread, lo *layerObj, inputs eval.Value, ins []*Tensor) error {
	cfg := lo.l.Config
	batch := graph.Unknown
	if len(ins) > 0 && len(ins[0].shape()) > 0 {
		batch = ins[0].shape()[0]
	}
	if lo.fnShape != nil {
		// output_shape is a function of the input shape(s).
		var arg eval.Value
		if len(ins) == 1 {
			arg = shapeTuple(ins[0].shape())
		} else {
			l := make([]eval.Value, len(ins))
			for i, t := range ins {
				l[i] = shapeTuple(t.shape())
			}
			arg = eval.NewList(l)
		}
		r, err := th.Call(lo.fnShape, eval.Tuple{arg}, nil)
		if err != nil {
			return err
		}
		sh, err := shapeArg(th, "output_shape", r)
		if err != nil {
			return err
		}
		if len(sh) > 0 {
			sh = sh[1:]
		}
		cfg["output_shape"] = shapeAny(sh)
		cfg["output_shape_type"] = "raw"
		return nil
	}
	if _, given := cfg["output_shape"]; given && cfg["output_shape"] != nil && s.Dialect != graph.TFKeras {
		return nil
	}
	if lo.fn == nil {
		return nil
	}
	arg := s.symbolicCopy(th, inputs)
	var kw []eval.KV
	if d, ok := lo.fnArgs.(*eval.Dict); ok {
		for _, kv := range d.Items() {
			if k, ok := kv[0].(eval.String); ok {
				kw = append(kw, eval.KV{Name: string(k), Value: kv[1]})
			}
		}
	}
	s.raw++
	r, err := th.Call(lo.fn, eval.Tuple{arg}, kw)
	s.raw--
	if err != nil {
		if _, given := cfg["output_shape"]; given && cfg["output_shape"] != nil {
			return nil
		}
		return err
	}
	var outs []*Tensor
	if err := s.flattenTensors(th, r, &outs, 0); err != nil {
		return eval.NewError(eval.TypeError, "the function of Lambda layer %s returned %s, not a tensor", lo.name(), r.Type())
	}
	var shapes []any
	for _, t := range outs {
		sh := t.shape()
		if len(sh) == 0 {
			return eval.NewError(eval.ValueError, "the function of Lambda layer %s returned a scalar; Keras layers keep the batch dimension", lo.name())
		}
		if sh[0] < 0 && batch >= 0 {
			sh = sh.Clone()
			sh[0] = batch
		}
		shapes = append(shapes, shapeAny(sh[1:]))
	}
	if len(shapes) == 1 {
		cfg["output_shape"] = shapes[0]
	} else {
		cfg["output_shape"] = shapes
	}
	cfg["output_shape_type"] = "raw"
	return nil
}

func shapeAny(s graph.Shape) []any {
	out := make([]any, len(s))
	for i, d := range s {
		if d < 0 {
			out[i] = nil
		} else {
			out[i] = d
		}
	}
	return out
}

// inputShapeValue is the input shape as build() and compute_output_shape()
// receive it: a tuple (TensorShape in tf.keras), a list for several inputs.
func (s *Session) inputShapeValue(ins []*Tensor, list bool) eval.Value {
	one := func(sh graph.Shape) eval.Value {
		if s.Dialect == graph.TFKeras {
			return &TensorShape{dims: sh.Clone()}
		}
		return shapeTuple(sh)
	}
	if len(ins) == 1 && !list {
		return one(ins[0].shape())
	}
	out := make([]eval.Value, len(ins))
	for i, t := range ins {
		out[i] = one(t.shape())
	}
	return eval.NewList(out)
}

// callCustom runs a Layer (or Model) subclass: build(input_shape) once,
// then call() on symbolic copies of its arguments; Keras 1 and 2 take the
// output shape from compute_output_shape (get_output_shape_for), as they
// do. Every tensor argument is an input of the node.
func (s *Session) callCustom(th *eval.Thread, lo *layerObj, args eval.Tuple, kwargs []eval.KV, pos diag.Pos, model *graph.Model) (eval.Value, error) {
	inputs, rest := inputsArg(args, kwargs)
	if inputs == nil {
		return nil, eval.NewError(eval.TypeError, "%s() missing the inputs argument", lo.name())
	}
	var first []*Tensor
	if err := s.flattenTensors(th, inputs, &first, 0); err != nil {
		return nil, err
	}
	ins := append([]*Tensor(nil), first...)
	for _, a := range args[min(1, len(args)):] {
		_ = s.flattenTensors(th, a, &ins, 0)
	}
	for _, kv := range rest {
		if kv.Name != "training" && kv.Name != "mask" {
			_ = s.flattenTensors(th, kv.Value, &ins, 0)
		}
	}
	mode := s.modeOf(ins)
	if model != nil {
		mode = modeGraph // a layer of a Sequential, even one built inside layer code
	}
	_, isList := inputs.(*eval.List)
	if _, isTuple := inputs.(eval.Tuple); isTuple {
		isList = true
	}
	shapeVal := s.inputShapeValue(first, isList)
	lo.losses = nil
	for _, t := range lo.tracked {
		if sub := layerOf(t); sub != nil {
			sub.losses = nil
		}
	}
	if !lo.built {
		if m, ok := lo.inst.Class.Lookup("build"); ok {
			if _, py := m.(*eval.Function); py {
				if _, err := th.CallMethod(lo.inst, "build", eval.Tuple{shapeVal}, nil); err != nil {
					return nil, err
				}
			}
		}
		lo.built = true
	}
	// Symbolic copies of the arguments, in the caller's structure.
	symArgs := eval.Tuple{s.symbolicCopy(th, inputs)}
	for _, a := range args[min(1, len(args)):] {
		symArgs = append(symArgs, s.symbolicCopy(th, a))
	}
	var kw []eval.KV
	for _, kv := range rest {
		switch kv.Name {
		case "training", "mask":
			if !s.callAccepts(lo, kv.Name) {
				continue
			}
		}
		kw = append(kw, eval.KV{Name: kv.Name, Value: s.symbolicCopy(th, kv.Value)})
	}
	s.raw++
	out, callErr := th.CallMethod(lo.inst, "call", symArgs, kw)
	s.raw--
	var outShapes []graph.Shape
	var outDT []string
	if callErr == nil {
		var outs []*Tensor
		if err := s.flattenTensors(th, out, &outs, 0); err != nil {
			callErr = eval.NewError(eval.TypeError, "%s.call() returned %s, not tensors", lo.inst.Class.Name(), out.Type())
		}
		for _, t := range outs {
			outShapes = append(outShapes, t.shape())
			outDT = append(outDT, t.dtype())
		}
	}
	if s.Dialect == graph.Keras1 || s.Dialect == graph.Keras2 || callErr != nil {
		name := "compute_output_shape"
		if s.Dialect == graph.Keras1 {
			name = "get_output_shape_for"
		}
		if m, ok := lo.inst.Class.Lookup(name); ok {
			if _, py := m.(*eval.Function); py {
				r, err := th.CallMethod(lo.inst, name, eval.Tuple{shapeVal}, nil)
				if err != nil {
					if callErr != nil {
						return nil, callErr
					}
					return nil, err
				}
				outShapes, err = s.shapesFrom(th, r)
				if err != nil {
					return nil, err
				}
				callErr = nil
			}
		} else if callErr == nil && s.Dialect != graph.Keras3 && s.Dialect != graph.TFKeras && lo.model == nil {
			// Keras 1/2 Layer.compute_output_shape returns the input shape.
			outShapes = nil
			for _, t := range ins {
				outShapes = append(outShapes, t.shape().Clone())
			}
			if len(outShapes) > 1 {
				outShapes = outShapes[:1]
			}
		}
	}
	if callErr != nil {
		return nil, callErr
	}
	s.collectWeights(lo)
	if lo.model != nil {
		lo.model.isBuilt = true
		s.lastBuilt = lo
	}
	var gouts []*graph.Tensor
	if mode == modeGraph {
		gouts = recordNode(lo.l, graphInputs(ins, mode), outShapes, outDT)
		gouts[0].Node.Model = model
		return s.wrapOutputs(lo, gouts, mode), nil
	}
	if mode == modeRaw || mode == modeEager {
		// Return the structure call() returned, as tensors of the mode.
		if callErr == nil && out != nil && len(outShapes) == countTensors(th, s, out) {
			return s.retag(th, out, mode), nil
		}
	}
	for i, sh := range outShapes {
		dt := "float32"
		if i < len(outDT) {
			dt = outDT[i]
		}
		gouts = append(gouts, &graph.Tensor{Shape: sh, DType: dt})
	}
	return s.wrapOutputs(lo, gouts, mode), nil
}

func countTensors(th *eval.Thread, s *Session, v eval.Value) int {
	var outs []*Tensor
	if s.flattenTensors(th, v, &outs, 0) != nil {
		return -1
	}
	return len(outs)
}

// retag converts the tensors in a structure to the kind of mode.
func (s *Session) retag(th *eval.Thread, v eval.Value, mode callMode) eval.Value {
	kind := kSymbolic
	if mode == modeEager {
		kind = kEager
	}
	var conv func(v eval.Value, depth int) eval.Value
	conv = func(v eval.Value, depth int) eval.Value {
		if depth > 16 {
			return v
		}
		switch x := v.(type) {
		case *Tensor:
			return newTensor(s, kind, x.shape(), x.dtype())
		case eval.Tuple:
			out := make(eval.Tuple, len(x))
			for i, e := range x {
				out[i] = conv(e, depth+1)
			}
			return out
		case *eval.List:
			el := x.Elems()
			out := make([]eval.Value, len(el))
			for i, e := range el {
				out[i] = conv(e, depth+1)
			}
			return eval.NewList(out)
		case *eval.Dict:
			d := eval.NewDict()
			for _, kv := range x.Items() {
				_ = d.Set(th, kv[0], conv(kv[1], depth+1))
			}
			return d
		}
		return v
	}
	return conv(v, 0)
}

// symbolicCopy copies the tensors of an input structure as symbolic
// tensors without history.
func (s *Session) symbolicCopy(th *eval.Thread, v eval.Value) eval.Value {
	return s.retag(th, v, modeRaw)
}

// callAccepts reports whether the layer's call() takes a parameter.
func (s *Session) callAccepts(lo *layerObj, name string) bool {
	m, ok := lo.inst.Class.Lookup("call")
	if !ok {
		return false
	}
	f, ok := m.(*eval.Function)
	if !ok {
		return true
	}
	for _, p := range f.Params() {
		if p == name || p == "**kwargs" || strings.HasPrefix(p, "**") {
			return true
		}
	}
	return false
}

// shapesFrom reads compute_output_shape's result: a shape or a list of
// shapes (batch dims included).
func (s *Session) shapesFrom(th *eval.Thread, v eval.Value) ([]graph.Shape, error) {
	if l, ok := v.(*eval.List); ok && l.Len() > 0 {
		first := l.Elems()[0]
		switch first.(type) {
		case eval.Tuple, *eval.List, *TensorShape:
			var out []graph.Shape
			for _, e := range l.Elems() {
				sh, err := shapeArg(th, "output shape", e)
				if err != nil {
					return nil, err
				}
				out = append(out, sh)
			}
			return out, nil
		}
	}
	sh, err := shapeArg(th, "output shape", v)
	if err != nil {
		return nil, err
	}
	return []graph.Shape{sh}, nil
}

// collectWeights sets a custom layer's weights: its own (add_weight) and
// those of the layers it tracks.
func (s *Session) collectWeights(lo *layerObj) {
	seen := map[*graph.Weight]bool{}
	var ws []*graph.Weight
	addW := func(w *graph.Weight) {
		if !seen[w] {
			seen[w] = true
			ws = append(ws, w)
		}
	}
	for _, w := range lo.own {
		addW(w)
	}
	var inner []*graph.Layer
	if lo.model == nil {
		for _, t := range lo.tracked {
			sub := layerOf(t)
			if sub == nil || sub.l == nil {
				continue
			}
			inner = append(inner, sub.l)
			for _, w := range sub.l.AllWeights() {
				addW(w)
			}
		}
	}
	lo.l.Weights = ws
	lo.l.Inner = inner
	if lo.model != nil {
		s.syncSubclassed(lo)
	}
}

// ---- naming helpers ----

// layerClassName is the class a new layer prints: the Python class name
// for subclasses, else the built-in class of the dialect.
func layerClassName(inst *eval.Instance, def *layerDef) string {
	if def != nil && inst.Class.Name() == def.class {
		return def.class
	}
	return inst.Class.Name()
}

// newInputLayer makes an InputLayer for Input() and Sequential inputs.
func (s *Session) newInputLayer(th *eval.Thread, name string, shape graph.Shape, dtype string, m *graph.Model) (*graph.Layer, *graph.Tensor) {
	if dtype == "" {
		dtype = s.floatx
	}
	l, t := kerasmodel.NewInputLayer(name, shape, dtype, m, s.callPos(th))
	return l, t
}

// pyErrorf makes a Keras error at the current call.
func (s *Session) pyErrorf(th *eval.Thread, cls *eval.Class, format string, args ...any) error {
	return &Error{Pos: s.callPos(th), Msg: fmt.Sprintf(format, args...), cls: cls}
}

// isData reports whether v is a plain value (a number, a string, or a list
// of them) rather than a tensor.
func isData(v eval.Value) bool {
	switch x := v.(type) {
	case eval.Int, eval.Float, eval.Bool, eval.String:
		return true
	case eval.Tuple:
		return len(x) > 0 && isData(x[0])
	case *eval.List:
		return x.Len() > 0 && isData(x.Elems()[0])
	}
	return false
}

// Package keras is the Keras layer catalog: for every layer class, how to
// read its config (every historical argument name), its output shapes and
// its weights. One file per layer family. Front ends build graph.Layers and
// call Apply; nothing here knows about file formats or printing.
package keras

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
)

// Spec describes one layer class.
type Spec struct {
	Class   string   // canonical class name (Keras 2/3 spelling)
	Aliases []string // other class names that mean the same layer (Keras 1 names, MaxPool2D)
	Family  string   // conv, pooling, core, recurrent, ...
	// Infer reads c.Cfg and c.In, sets the outputs with c.SetOut and adds
	// weights with c.AddWeight (ignored after the first call).
	Infer func(c *Call) error
}

// registry is filled by the family files' init functions; sized for the
// whole catalog so that start-up does not rehash it as it grows.
var registry = make(map[string]*Spec, 256)

// Register adds specs to the catalog; it panics on a duplicate name, which
// is a programming error caught by every test.
func Register(specs ...*Spec) {
	for _, s := range specs {
		register(s.Class, s)
		for _, name := range s.Aliases {
			register(name, s)
		}
	}
}

func register(name string, s *Spec) {
	if _, dup := registry[name]; dup {
		panic("keras catalog: duplicate class " + name)
	}
	registry[name] = s
}

// Lookup returns the spec for a class name (canonical or alias), or nil.
func Lookup(class string) *Spec { return registry[class] }

// Classes lists every registered class name, sorted.
func Classes() []string {
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Specs lists each spec once, sorted by canonical class.
func Specs() []*Spec {
	seen := map[*Spec]bool{}
	var out []*Spec
	for _, s := range registry {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Class < out[j].Class })
	return out
}

// Call is one application of a layer to input shapes.
type Call struct {
	Layer   *graph.Layer
	Cfg     catalog.Config
	In      []graph.Shape
	Dialect graph.Dialect
	// InDTypes are the dtypes of the inputs ("float32" when unknown).
	InDTypes []string

	out    []graph.Shape
	outDT  []string
	build  bool
	nested int
}

// D is one dim of a weight as a product of named factors.
type D []graph.Factor

// F is a dim made of one named factor.
func F(name string, v int64) D { return D{{Name: name, Value: v}} }

// P multiplies dims into one dim: P(F("gates", 4), F("units", 64)).
func P(ds ...D) D {
	var out D
	for _, d := range ds {
		out = append(out, d...)
	}
	return out
}

func (d D) value() int64 {
	n := int64(1)
	for _, f := range d {
		if f.Value < 0 {
			return -1
		}
		n *= f.Value
	}
	return n
}

// AddWeight records a weight on the first call of the layer. A weight is
// trainable if trainable is set and the layer is trainable.
func (c *Call) AddWeight(name string, trainable bool, dims ...D) {
	if !c.build {
		return
	}
	w := &graph.Weight{Name: name, DType: c.weightDType(), Trainable: trainable && c.Layer.Trainable}
	for _, d := range dims {
		w.Shape = append(w.Shape, d.value())
		w.Factors = append(w.Factors, []graph.Factor(d))
	}
	c.Layer.Weights = append(c.Layer.Weights, w)
}

// AddWeightDType is AddWeight with a fixed dtype (int64 counters, float32
// LoRA factors) instead of the layer's.
func (c *Call) AddWeightDType(name, dtype string, trainable bool, dims ...D) {
	n := len(c.Layer.Weights)
	c.AddWeight(name, trainable, dims...)
	if len(c.Layer.Weights) > n {
		c.Layer.Weights[n].DType = dtype
	}
}

func (c *Call) weightDType() string {
	switch v := c.Cfg["dtype"].(type) {
	case string:
		switch v {
		case "float16", "float32", "float64", "bfloat16":
			return v
		}
	case map[string]any: // Keras 3 DTypePolicy
		if cfg, ok := v["config"].(map[string]any); ok {
			if n, ok := cfg["name"].(string); ok {
				switch n {
				case "float16", "float64", "bfloat16":
					return n
				}
			}
		}
	}
	return "float32"
}

// SetOut sets the output shapes of this call.
func (c *Call) SetOut(shapes ...graph.Shape) { c.out = shapes }

// Errorf returns an error about this layer.
func (c *Call) Errorf(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

// One returns the single input shape, or an error if the layer got several.
func (c *Call) One() (graph.Shape, error) {
	if len(c.In) != 1 {
		return nil, fmt.Errorf("expects 1 input, got %d", len(c.In))
	}
	return c.In[0], nil
}

// OneRank returns the single input, checking its rank (batch included) is
// one of ranks.
func (c *Call) OneRank(ranks ...int) (graph.Shape, error) {
	s, err := c.One()
	if err != nil {
		return nil, err
	}
	for _, r := range ranks {
		if len(s) == r {
			return s, nil
		}
	}
	want := make([]string, len(ranks))
	for i, r := range ranks {
		want[i] = fmt.Sprint(r)
	}
	return nil, fmt.Errorf("expected input of rank %s (batch included), got shape %s", strings.Join(want, " or "), s)
}

// Sub runs another layer (a wrapped or cell layer) on shapes, building its
// weights into inner. The inner layer's weights can then be copied.
func (c *Call) Sub(inner *graph.Layer, in []graph.Shape) ([]graph.Shape, error) {
	if c.nested > 64 {
		return nil, fmt.Errorf("layers nested too deeply")
	}
	if isModelClass(inner.Class) && ModelBuilder != nil {
		if inner.Sub == nil {
			sub, err := ModelBuilder(inner.Class, inner.Config, c.Dialect)
			if err != nil {
				return nil, fmt.Errorf("%s inside %s: %w", inner.Class, c.Layer.Class, err)
			}
			inner.Sub = sub
			inner.Weights = sub.Weights()
		}
		return applyModel(inner.Sub, in)
	}
	spec := Lookup(inner.Class)
	if spec == nil {
		return nil, fmt.Errorf("unknown layer class %q inside %s", inner.Class, c.Layer.Class)
	}
	sc := &Call{Layer: inner, Cfg: inner.Config, In: in, Dialect: c.Dialect, build: len(inner.Weights) == 0, nested: c.nested + 1}
	if err := spec.Infer(sc); err != nil {
		return nil, fmt.Errorf("%s: %w", inner.Class, err)
	}
	return sc.out, nil
}

// NewInner makes a layer from a nested {"class_name", "config"} value (the
// "layer" of a wrapper, the "cell" of an RNN).
func NewInner(v any, trainable bool) (*graph.Layer, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("expected a layer config object, got %s", catalog.Repr(v))
	}
	class, _ := m["class_name"].(string)
	if class == "" {
		return nil, fmt.Errorf("nested layer has no class_name")
	}
	cfg, _ := m["config"].(map[string]any)
	if cfg == nil {
		cfg = map[string]any{}
	}
	name, _ := cfg["name"].(string)
	t := trainable
	if b, ok := cfg["trainable"].(bool); ok {
		t = t && b
	}
	return &graph.Layer{Name: name, Class: class, Config: cfg, Trainable: t}, nil
}

// ModelBuilder builds a model nested in a layer config (a Sequential
// wrapped by TimeDistributed). The Keras JSON front end sets it; the
// catalog cannot import front ends.
var ModelBuilder func(class string, config map[string]any, d graph.Dialect) (*graph.Model, error)

func isModelClass(c string) bool {
	return c == "Sequential" || c == "Model" || c == "Functional"
}

// Options for Apply.
type Options struct {
	Dialect graph.Dialect
	Model   *graph.Model // model the call belongs to
	// AllowUnknown makes an unknown class give unknown outputs instead of an error.
	AllowUnknown bool
}

// Apply calls layer l on inputs: it infers output shapes, builds weights on
// the first call, records a graph.Node and returns the outputs.
func Apply(l *graph.Layer, inputs []*graph.Tensor, opt Options) ([]*graph.Tensor, error) {
	in := make([]graph.Shape, len(inputs))
	dts := make([]string, len(inputs))
	for i, t := range inputs {
		in[i] = t.Shape
		dts[i] = t.DType
	}
	var out []graph.Shape
	var err error
	switch {
	case l.Sub != nil:
		out, err = applyModel(l.Sub, in)
	case Lookup(l.Class) == nil:
		l.Unknown = true
		if !opt.AllowUnknown {
			return nil, &diag.Error{Pos: l.Pos, Layer: l.Name, Msg: fmt.Sprintf("unknown layer class %q%s", l.Class, suggest(l.Class))}
		}
		out = []graph.Shape{nil}
	default:
		spec := Lookup(l.Class)
		c := &Call{Layer: l, Cfg: catalog.Config(l.Config), In: in, InDTypes: dts, Dialect: opt.Dialect, build: len(l.Nodes) == 0 && len(l.Weights) == 0}
		if c.Cfg == nil {
			c.Cfg = catalog.Config{}
		}
		if anyNil(in) {
			// An input depends on an unknown layer: everything downstream is unknown.
			out = []graph.Shape{nil}
			break
		}
		err = spec.Infer(c)
		out = c.out
		var ue *UnknownShapeError
		if err != nil && opt.AllowUnknown && errors.As(err, &ue) {
			l.Note = ue.Msg
			out, err = []graph.Shape{nil}, nil
		}
		if err == nil && len(out) == 0 {
			err = fmt.Errorf("internal error: %s set no output shape", l.Class)
		}
	}
	if err != nil {
		var de *diag.Error
		if e, ok := err.(*diag.Error); ok {
			de = e
			if de.Layer == "" {
				de.Layer = l.Name
			}
			if !de.Pos.IsValid() {
				de.Pos = l.Pos
			}
			return nil, de
		}
		return nil, &diag.Error{Pos: l.Pos, Layer: fmt.Sprintf("%s (%s)", l.Name, l.Class), Msg: err.Error()}
	}
	node := &graph.Node{Layer: l, Index: len(l.Nodes), Inputs: inputs, Model: opt.Model}
	dt := "float32"
	if len(dts) > 0 && dts[0] != "" {
		dt = dts[0]
	}
	for i, s := range out {
		node.Outputs = append(node.Outputs, &graph.Tensor{Shape: s, DType: dt, Node: node, Index: i})
	}
	l.Nodes = append(l.Nodes, node)
	return node.Outputs, nil
}

func anyNil(in []graph.Shape) bool {
	for _, s := range in {
		if s == nil {
			return true
		}
	}
	return false
}

// applyModel gives the outputs of a nested model called on inputs. When
// the inputs have the shapes the model was built for, its outputs keep
// their shapes (batch dim from the call); otherwise the model's graph is
// replayed on the new shapes, as Keras does when a model is called on an
// input of another compatible shape.
func applyModel(m *graph.Model, in []graph.Shape) ([]graph.Shape, error) {
	if len(m.Inputs) > 0 && len(in) != len(m.Inputs) {
		return nil, fmt.Errorf("model %s expects %d inputs, got %d", m.Name, len(m.Inputs), len(in))
	}
	same := true
	for i, t := range m.Inputs {
		if t.Shape == nil || in[i] == nil {
			continue
		}
		if len(t.Shape) != len(in[i]) {
			return nil, fmt.Errorf("model %s: input %d expects shape %s, got %s", m.Name, i, t.Shape, in[i])
		}
		for j := 1; j < len(t.Shape); j++ {
			if t.Shape[j] != in[i][j] {
				same = false
			}
		}
	}
	if !same {
		return replay(m, in, 0)
	}
	out := make([]graph.Shape, len(m.Outputs))
	for i, t := range m.Outputs {
		s := t.Shape.Clone()
		if len(s) > 0 && len(in) > 0 && len(in[0]) > 0 {
			s[0] = in[0][0]
		}
		out[i] = s
	}
	return out, nil
}

// replay recomputes the shapes of m's graph for new input shapes without
// touching its layers (no nodes, no weights are created).
func replay(m *graph.Model, in []graph.Shape, depth int) ([]graph.Shape, error) {
	if depth > 64 {
		return nil, fmt.Errorf("models nested too deeply")
	}
	shapes := map[*graph.Tensor]graph.Shape{}
	for i, t := range m.Inputs {
		shapes[t] = in[i]
	}
	get := func(t *graph.Tensor) graph.Shape {
		if s, ok := shapes[t]; ok {
			return s
		}
		return t.Shape
	}
	for _, l := range m.Layers {
		for _, n := range l.Nodes {
			if n.Model != nil && n.Model != m || len(n.Inputs) == 0 {
				continue
			}
			ins := make([]graph.Shape, len(n.Inputs))
			for i, t := range n.Inputs {
				ins[i] = get(t)
			}
			var outs []graph.Shape
			var err error
			switch {
			case l.Sub != nil:
				outs, err = applyModel(l.Sub, ins)
			case Lookup(l.Class) == nil || anyNil(ins):
				outs = make([]graph.Shape, len(n.Outputs))
			default:
				c := &Call{Layer: l, Cfg: catalog.Config(l.Config), In: ins, Dialect: m.Dialect}
				if c.Cfg == nil {
					c.Cfg = catalog.Config{}
				}
				err = Lookup(l.Class).Infer(c)
				outs = c.out
			}
			if err != nil {
				return nil, fmt.Errorf("model %s called on %s: %s: %v", m.Name, in[0], l.Name, err)
			}
			for i, t := range n.Outputs {
				if i < len(outs) {
					shapes[t] = outs[i]
				}
			}
		}
	}
	out := make([]graph.Shape, len(m.Outputs))
	for i, t := range m.Outputs {
		out[i] = get(t)
	}
	return out, nil
}

// suggest returns " (did you mean X?)" for a near-miss class name.
func suggest(name string) string {
	best, bestD := "", 4
	lname := strings.ToLower(name)
	for k := range registry {
		d := diag.EditDistance(lname, strings.ToLower(k))
		if d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

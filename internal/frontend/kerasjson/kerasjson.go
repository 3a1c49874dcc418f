// Package kerasjson reads Keras model JSON (model.to_json(), the
// model_config of .h5 files, config.json of .keras files, TensorFlow.js
// modelTopology) in every dialect: Keras 1, Keras 2 / tf.keras, Keras 3 and
// tfjs-layers. It imports graph, the Keras catalog and kerasmodel.
package kerasjson

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/jsonv"
	"github.com/netsum/netsum/internal/kerasmodel"
)

// Options for Parse.
type Options struct {
	File         string        // name used in messages
	AllowUnknown bool          // unknown layer classes give unknown shapes instead of an error
	Dialect      graph.Dialect // override the detected dialect (0 = detect)
}

// Match reports whether header looks like Keras model JSON.
func Match(name string, header []byte) bool {
	h := bytes.TrimLeft(header, " \t\r\n\ufeff")
	if len(h) == 0 || h[0] != '{' {
		return false
	}
	return bytes.Contains(header, []byte(`"class_name"`)) || bytes.Contains(header, []byte(`"modelTopology"`)) ||
		bytes.Contains(header, []byte(`"model_config"`))
}

func init() {
	keras.ModelBuilder = func(class string, config map[string]any, d graph.Dialect) (*graph.Model, error) {
		b := &builder{dialect: d}
		return b.model(map[string]any{"class_name": class, "config": config}, "layer")
	}
}

// maxModelDepth bounds nested models.
const maxModelDepth = 200

type builder struct {
	doc     *jsonv.Doc
	opt     Options
	dialect graph.Dialect
	version string
	depth   int
}

// Parse reads a Keras model JSON document.
func Parse(src []byte, opt Options) (*graph.Model, error) {
	doc, err := jsonv.Parse(src)
	if err != nil {
		if pe, ok := err.(*jsonv.Error); ok {
			return nil, &diag.Error{Pos: diag.Pos{File: opt.File, Line: pe.Line, Col: pe.Col}, Msg: pe.Msg}
		}
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: err.Error()}
	}
	top, ok := doc.Root.(map[string]any)
	if !ok {
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File, Line: 1, Col: 1}, Msg: "not a Keras model: the JSON document is not an object"}
	}
	format := "keras-json"
	path := ""
	if mt, ok := top["modelTopology"].(map[string]any); ok {
		format = "tfjs-layers"
		path = "modelTopology"
		top = mt
		if f, _ := doc.Root.(map[string]any)["format"].(string); f == "graph-model" {
			return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: "this is a TensorFlow.js graph model (converted TensorFlow graph), not a layers model; netsum reads tfjs layers models"}
		}
	}
	version, _ := top["keras_version"].(string)
	if mc, ok := top["model_config"].(map[string]any); ok {
		if version == "" {
			version, _ = mc["keras_version"].(string)
		}
		top = mc
		path = joinPath(path, "model_config")
	}
	if version == "" {
		if v, ok := top["keras_version"].(string); ok {
			version = v
		}
	}
	b := &builder{doc: doc, opt: opt, version: version}
	b.dialect = opt.Dialect
	if b.dialect == graph.DialectUnknown {
		b.dialect = DetectDialect(top, version)
	}
	if strings.HasPrefix(version, "tfjs") {
		format = "tfjs-layers"
	}
	if _, ok := top["class_name"]; !ok {
		return nil, b.errAt(top, path, "", "not a Keras model: no \"class_name\" at the top level")
	}
	m, err := b.model(top, path)
	if err != nil {
		return nil, err
	}
	m.Version = version
	m.SourceFormat = format
	m.Source = opt.File
	if m.Version == "" {
		m.Version = b.dialect.String()
	}
	return m, nil
}

// DetectDialect decides the Keras dialect from keras_version, falling back
// to the document's structure.
func DetectDialect(top map[string]any, version string) graph.Dialect {
	switch {
	case strings.HasPrefix(version, "tfjs"):
		return graph.TFKeras
	case strings.HasPrefix(version, "1."):
		return graph.Keras1
	case strings.HasPrefix(version, "3."):
		return graph.Keras3
	case strings.HasPrefix(version, "2."):
		parts := strings.SplitN(version, ".", 3)
		if len(parts) >= 2 {
			if minor, err := strconv.Atoi(parts[1]); err == nil && minor < 4 {
				return graph.Keras2
			}
		}
		return graph.TFKeras
	}
	if _, ok := top["module"]; ok {
		return graph.Keras3
	}
	if looksKeras1(top, 0) {
		return graph.Keras1
	}
	return graph.TFKeras
}

var keras1Classes = map[string]bool{"Convolution1D": true, "Convolution2D": true, "Convolution3D": true, "Merge": true,
	"MaxoutDense": true, "Highway": true, "TimeDistributedDense": true, "AtrousConvolution2D": true, "Deconvolution2D": true}

func looksKeras1(v any, depth int) bool {
	if depth > 50 {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		if c, _ := x["class_name"].(string); keras1Classes[c] {
			return true
		}
		if _, ok := x["output_dim"]; ok {
			return true
		}
		if _, ok := x["nb_filter"]; ok {
			return true
		}
		for _, e := range x {
			if looksKeras1(e, depth+1) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if looksKeras1(e, depth+1) {
				return true
			}
		}
	}
	return false
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	if strings.HasPrefix(b, "[") {
		return a + b
	}
	return a + "." + b
}

func (b *builder) pos(m map[string]any, path string) diag.Pos {
	p := diag.Pos{File: b.opt.File, Path: path}
	if off := b.doc.Offset(m); off >= 0 {
		p.Line, p.Col = b.doc.LineCol(off)
	}
	return p
}

func (b *builder) errAt(m map[string]any, path, layer, format string, args ...any) error {
	return &diag.Error{Pos: b.pos(m, path), Layer: layer, Msg: fmt.Sprintf(format, args...)}
}

func isModelClass(c string) bool {
	switch c {
	case "Sequential", "Model", "Functional":
		return true
	}
	return false
}

func (b *builder) model(v map[string]any, path string) (*graph.Model, error) {
	b.depth++
	defer func() { b.depth-- }()
	if b.depth > maxModelDepth {
		return nil, b.errAt(v, path, "", "models nested more than %d levels deep", maxModelDepth)
	}
	class, _ := v["class_name"].(string)
	switch class {
	case "Sequential":
		return b.sequential(v, path)
	case "Model", "Functional":
		return b.functional(v, path)
	case "":
		return nil, b.errAt(v, path, "", "missing \"class_name\"")
	}
	return nil, b.errAt(v, path, "", "top-level class %q is not a model (expected Sequential, Model or Functional)", class)
}

func (b *builder) defaultName(class string) string {
	switch b.dialect {
	case graph.Keras1, graph.Keras2:
		if class == "Sequential" {
			return "sequential_1"
		}
		return "model_1"
	case graph.Keras3:
		if class == "Sequential" {
			return "sequential"
		}
		return "functional"
	}
	if class == "Sequential" {
		return "sequential"
	}
	return "model"
}

// layerList returns the layer entries of a model config.
func (b *builder) layerList(v map[string]any, path string) ([]any, map[string]any, string, error) {
	switch cfg := v["config"].(type) {
	case []any:
		return cfg, nil, joinPath(path, "config"), nil
	case map[string]any:
		layers, ok := cfg["layers"].([]any)
		if !ok {
			return nil, cfg, "", b.errAt(cfg, joinPath(path, "config"), "", "model config has no \"layers\" list")
		}
		return layers, cfg, joinPath(path, "config.layers"), nil
	case nil:
		return nil, nil, "", b.errAt(v, path, "", "model has no \"config\"")
	}
	return nil, nil, "", b.errAt(v, path, "", "model \"config\" must be an object or a list")
}

// newLayer makes a graph.Layer from a layer entry; nested models are built.
func (b *builder) newLayer(entry any, path string, parentTrainable bool) (*graph.Layer, map[string]any, error) {
	m, ok := entry.(map[string]any)
	if !ok {
		return nil, nil, &diag.Error{Pos: diag.Pos{File: b.opt.File, Path: path}, Msg: "layer entry is not an object"}
	}
	class, _ := m["class_name"].(string)
	if class == "" {
		return nil, nil, b.errAt(m, path, "", "layer has no \"class_name\"")
	}
	cfg, _ := m["config"].(map[string]any)
	if cfg == nil {
		if _, isList := m["config"].([]any); !(isList && class == "Sequential") {
			cfg = map[string]any{}
		}
	}
	name, _ := m["name"].(string)
	if name == "" && cfg != nil {
		name, _ = cfg["name"].(string)
	}
	trainable := parentTrainable
	if cfg != nil {
		if t, ok := cfg["trainable"].(bool); ok {
			trainable = trainable && t
		}
	}
	if strings.HasPrefix(b.version, "tfjs") && (class == "GRU" || class == "GRUCell") && cfg != nil {
		// tfjs-layers implements only reset_after=false and may omit the key.
		if _, ok := cfg["reset_after"]; !ok {
			cfg["reset_after"] = false
		}
	}
	if strings.HasPrefix(b.version, "tfjs") && class == "RNN" && cfg != nil {
		// tfjs-layers keeps the Keras 2.1 state order of stacked cells.
		if _, ok := cfg["reverse_state_order"]; !ok {
			cfg["reverse_state_order"] = true
		}
	}
	l := &graph.Layer{Name: name, Class: class, Config: cfg, Trainable: trainable, Pos: b.pos(m, path)}
	if isModelClass(class) {
		sub, err := b.model(m, path)
		if err != nil {
			return nil, nil, err
		}
		if name == "" {
			l.Name = sub.Name
		}
		if !trainable {
			setUntrainable(sub)
		}
		l.Sub = sub
		if b.dialect != graph.Keras3 || class == "Functional" {
			kerasmodel.AddInternalNode(l)
		}
	}
	if l.Name == "" {
		return nil, nil, b.errAt(m, path, "", "%s layer has no name", class)
	}
	return l, m, nil
}

func setUntrainable(m *graph.Model) {
	for _, l := range m.Layers {
		l.Trainable = false
		for _, w := range l.Weights {
			w.Trainable = false
		}
		if l.Sub != nil {
			setUntrainable(l.Sub)
		}
	}
}

func (b *builder) applyOpts(m *graph.Model) keras.Options {
	return keras.Options{Dialect: b.dialect, Model: m, AllowUnknown: b.opt.AllowUnknown}
}

func (b *builder) sequential(v map[string]any, path string) (*graph.Model, error) {
	entries, cfg, lpath, err := b.layerList(v, path)
	if err != nil {
		return nil, err
	}
	name := ""
	if cfg != nil {
		name, _ = cfg["name"].(string)
	}
	if name == "" {
		name = b.defaultName("Sequential")
	}
	seq := kerasmodel.NewSequential(name, kerasmodel.Options{Dialect: b.dialect, AllowUnknown: b.opt.AllowUnknown})
	m := seq.Model
	modelTrainable := true
	if cfg != nil {
		if t, ok := cfg["trainable"].(bool); ok {
			modelTrainable = t
		}
	}
	for i, e := range entries {
		p := fmt.Sprintf("%s[%d]", lpath, i)
		l, raw, err := b.newLayer(e, p, modelTrainable)
		if err != nil {
			return nil, err
		}
		if i == 0 && l.Class == "InputLayer" {
			shape, err := inputShape(l.Config)
			if err != nil {
				return nil, b.errAt(raw, p, l.Name, "%v", err)
			}
			il, t := kerasmodel.NewInputLayer(l.Name, shape, dtypeOf(l.Config), m, l.Pos)
			il.Config = l.Config
			if err := seq.SetInput(t); err != nil {
				return nil, err
			}
			continue
		}
		if !seq.Built() {
			shape, ok, err := b.sequentialInput(l, cfg, v)
			if err != nil {
				return nil, b.errAt(raw, p, l.Name, "%v", err)
			}
			if ok {
				_, t := kerasmodel.NewInputLayer(b.implicitInputName(l), shape, dtypeOf(l.Config), m, l.Pos)
				if err := seq.SetInput(t); err != nil {
					return nil, err
				}
			}
		}
		if err := seq.Add(l); err != nil {
			return nil, err
		}
	}
	if !seq.Built() {
		return nil, b.errAt(v, path, "", "Sequential model %q has no input shape (no InputLayer, no batch_input_shape on its first layer): Keras cannot summarize it either until it is built", name)
	}
	return m, nil
}

// sequentialInput finds a Sequential's input shape from its first layer or
// the model's build config.
func (b *builder) sequentialInput(first *graph.Layer, cfg, top map[string]any) (graph.Shape, bool, error) {
	if first.Sub != nil {
		if len(first.Sub.Inputs) == 1 {
			return first.Sub.Inputs[0].Shape.Clone(), true, nil
		}
	}
	if c := first.Config; c != nil {
		if s, ok, err := shapeFrom(c, "batch_input_shape", "batch_shape"); ok || err != nil {
			return s, ok, err
		}
		if s, ok, err := shapeFrom(c, "input_shape"); ok || err != nil {
			return append(graph.Shape{-1}, s...), ok, err
		}
		if d, ok := c["input_dim"]; ok && d != nil {
			s := graph.Shape{-1}
			if n, ok := c["input_length"]; ok && n != nil {
				ln, _, _ := shapeFrom(map[string]any{"x": []any{n}}, "x")
				s = append(s, ln...)
			}
			dn, _, err := shapeFrom(map[string]any{"x": []any{d}}, "x")
			if err != nil {
				return nil, false, err
			}
			// Embedding's input_dim is a vocabulary size, not a shape.
			if first.Class == "Embedding" {
				if len(s) == 1 {
					s = append(s, -1)
				}
				return s, true, nil
			}
			return append(s, dn...), true, nil
		}
	}
	if cfg != nil {
		if s, ok, err := shapeFrom(cfg, "build_input_shape"); ok || err != nil {
			return s, ok, err
		}
	}
	if bc, ok := top["build_config"].(map[string]any); ok {
		if s, ok, err := shapeFrom(bc, "input_shape"); ok || err != nil {
			return s, ok, err
		}
	}
	return nil, false, nil
}

func shapeFrom(c map[string]any, keys ...string) (graph.Shape, bool, error) {
	for _, k := range keys {
		v, ok := c[k]
		if !ok || v == nil {
			continue
		}
		l, ok := v.([]any)
		if !ok {
			return nil, true, fmt.Errorf("%s: expected a list, got %v", k, v)
		}
		s := make(graph.Shape, len(l))
		for i, e := range l {
			switch x := e.(type) {
			case nil:
				s[i] = -1
			case int64:
				if x < 0 {
					return nil, true, fmt.Errorf("%s: negative dimension %d", k, x)
				}
				s[i] = x
			case float64:
				if x != float64(int64(x)) || x < 0 || x > 1<<53 {
					return nil, true, fmt.Errorf("%s: dimension %v is not a valid size (it must be a non-negative integer within int64)", k, x)
				}
				s[i] = int64(x)
			default:
				return nil, true, fmt.Errorf("%s: dimension %v is not an integer", k, e)
			}
		}
		return s, true, nil
	}
	return nil, false, nil
}

func inputShape(c map[string]any) (graph.Shape, error) {
	if s, ok, err := shapeFrom(c, "batch_shape", "batch_input_shape"); ok || err != nil {
		return s, err
	}
	if s, ok, err := shapeFrom(c, "input_shape", "shape"); ok || err != nil {
		return append(graph.Shape{-1}, s...), err
	}
	return nil, fmt.Errorf("InputLayer has no batch_shape or batch_input_shape")
}

func dtypeOf(c map[string]any) string {
	if c == nil {
		return "float32"
	}
	switch d := c["dtype"].(type) {
	case string:
		return d
	case map[string]any:
		if cfg, ok := d["config"].(map[string]any); ok {
			if n, ok := cfg["name"].(string); ok && !strings.HasPrefix(n, "mixed_") {
				return n
			}
		}
	}
	return "float32"
}

// implicitInputName is the name Keras gives a Sequential's automatic input.
func (b *builder) implicitInputName(first *graph.Layer) string {
	switch b.dialect {
	case graph.Keras1:
		return strings.ToLower(first.Class) + "_input_1"
	case graph.Keras3:
		return "input_layer"
	}
	return first.Name + "_input"
}

// ref is a reference to a tensor: layer name, node index, tensor index.
type ref struct {
	layer       string
	node, index int
}

type pendingLayer struct {
	l     *graph.Layer
	raw   map[string]any
	path  string
	nodes [][]ref
	done  int
}

func (b *builder) functional(v map[string]any, path string) (*graph.Model, error) {
	entries, cfg, lpath, err := b.layerList(v, path)
	if err != nil {
		return nil, err
	}
	if cfg == nil {
		return nil, b.errAt(v, path, "", "functional model config must be an object")
	}
	name, _ := cfg["name"].(string)
	if name == "" {
		name = b.defaultName("Model")
	}
	class, _ := v["class_name"].(string)
	m := &graph.Model{Name: name, Class: class, Framework: "keras", Dialect: b.dialect}
	modelTrainable := true
	if t, ok := cfg["trainable"].(bool); ok {
		modelTrainable = t
	}
	var pend []*pendingLayer
	byName := map[string]*pendingLayer{}
	for i, e := range entries {
		p := fmt.Sprintf("%s[%d]", lpath, i)
		l, raw, err := b.newLayer(e, p, modelTrainable)
		if err != nil {
			return nil, err
		}
		if _, dup := byName[l.Name]; dup {
			return nil, b.errAt(raw, p, l.Name, "duplicate layer name %q in model %q", l.Name, name)
		}
		nodes, err := b.inboundNodes(raw, p, l)
		if err != nil {
			return nil, err
		}
		pl := &pendingLayer{l: l, raw: raw, path: p, nodes: nodes}
		pend = append(pend, pl)
		byName[l.Name] = pl
		m.Layers = append(m.Layers, l)
	}
	// Create nodes until nothing is left, as Keras' from_config does.
	remaining := 0
	for _, pl := range pend {
		if pl.l.Class == "InputLayer" && len(pl.nodes) == 0 {
			shape, err := inputShape(pl.l.Config)
			if err != nil {
				return nil, b.errAt(pl.raw, pl.path, pl.l.Name, "%v", err)
			}
			il, _ := kerasmodel.NewInputLayer(pl.l.Name, shape, dtypeOf(pl.l.Config), m, pl.l.Pos)
			pl.l.Nodes = il.Nodes
			pl.l.Nodes[0].Layer = pl.l
			continue
		}
		remaining += len(pl.nodes)
	}
	for remaining > 0 {
		progress := false
		for _, pl := range pend {
			for pl.done < len(pl.nodes) {
				inputs, ok, err := b.resolve(pl.nodes[pl.done], byName, pl)
				if err != nil {
					return nil, err
				}
				if !ok {
					break
				}
				if _, err := keras.Apply(pl.l, inputs, b.applyOpts(m)); err != nil {
					return nil, err
				}
				pl.done++
				remaining--
				progress = true
			}
		}
		if !progress {
			for _, pl := range pend {
				if pl.done < len(pl.nodes) {
					for _, r := range pl.nodes[pl.done] {
						if _, ok := byName[r.layer]; !ok {
							return nil, b.errAt(pl.raw, pl.path, pl.l.Name, "inbound node refers to layer %q, which is not in the model", r.layer)
						}
					}
					return nil, b.errAt(pl.raw, pl.path, pl.l.Name, "inbound node %d refers to a node that never exists (a cycle, or a node index out of range)", pl.done)
				}
			}
			break
		}
	}
	ins, err := b.endpoints(cfg, "input_layers", byName, path)
	if err != nil {
		return nil, err
	}
	outs, err := b.endpoints(cfg, "output_layers", byName, path)
	if err != nil {
		return nil, err
	}
	m.Inputs, m.Outputs = ins, outs
	return m, nil
}

// endpoints reads input_layers / output_layers: a list of [name, node,
// tensor] triples, or (Keras 3) a single triple.
func (b *builder) endpoints(cfg map[string]any, key string, byName map[string]*pendingLayer, path string) ([]*graph.Tensor, error) {
	v, ok := cfg[key].([]any)
	if !ok {
		return nil, nil
	}
	var triples []any
	if len(v) == 3 {
		if _, isStr := v[0].(string); isStr {
			triples = []any{v}
		}
	}
	if triples == nil {
		triples = v
	}
	var out []*graph.Tensor
	for i, t := range triples {
		r, ok := parseRef(t)
		if !ok {
			return nil, b.errAt(cfg, joinPath(path, fmt.Sprintf("config.%s[%d]", key, i)), "", "%s entry is not a [layer, node, tensor] reference", key)
		}
		ts, ok, err := b.resolve([]ref{r}, byName, nil)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, b.errAt(cfg, joinPath(path, "config."+key), "", "%s refers to %s[%d][%d], which does not exist", key, r.layer, r.node, r.index)
		}
		out = append(out, ts...)
	}
	return out, nil
}

// resolve maps references to tensors; ok is false if a node is not built yet.
func (b *builder) resolve(refs []ref, byName map[string]*pendingLayer, self *pendingLayer) ([]*graph.Tensor, bool, error) {
	out := make([]*graph.Tensor, 0, len(refs))
	for _, r := range refs {
		pl, ok := byName[r.layer]
		if !ok {
			if self != nil {
				return nil, false, b.errAt(self.raw, self.path, self.l.Name, "inbound node refers to layer %q, which is not in the model", r.layer)
			}
			return nil, false, fmt.Errorf("reference to unknown layer %q", r.layer)
		}
		if r.node < 0 || r.node >= len(pl.l.Nodes) {
			return nil, false, nil
		}
		n := pl.l.Nodes[r.node]
		if r.index < 0 || r.index >= len(n.Outputs) {
			where := self
			if where == nil {
				where = pl
			}
			return nil, false, b.errAt(where.raw, where.path, where.l.Name, "reference %s[%d][%d]: layer %q has only %d output(s)", r.layer, r.node, r.index, r.layer, len(n.Outputs))
		}
		out = append(out, n.Outputs[r.index])
	}
	return out, true, nil
}

func parseRef(v any) (ref, bool) {
	l, ok := v.([]any)
	if !ok || len(l) < 3 {
		return ref{}, false
	}
	name, ok := l[0].(string)
	if !ok {
		return ref{}, false
	}
	ni, ok1 := asIndex(l[1])
	ti, ok2 := asIndex(l[2])
	if !ok1 || !ok2 {
		return ref{}, false
	}
	return ref{layer: name, node: ni, index: ti}, true
}

func asIndex(v any) (int, bool) {
	switch x := v.(type) {
	case int64:
		if x < 0 || x > 1<<30 {
			return 0, false
		}
		return int(x), true
	case float64:
		if x < 0 || x > 1<<30 || x != float64(int(x)) {
			return 0, false
		}
		return int(x), true
	}
	return 0, false
}

// inboundNodes parses a layer's inbound_nodes in any dialect.
func (b *builder) inboundNodes(raw map[string]any, path string, l *graph.Layer) ([][]ref, error) {
	v, ok := raw["inbound_nodes"]
	if !ok || v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, b.errAt(raw, path, l.Name, "inbound_nodes must be a list")
	}
	var nodes [][]ref
	for i, n := range list {
		var refs []ref
		switch x := n.(type) {
		case []any: // Keras 1/2, tf.keras, tfjs: [[name, node, tensor, kwargs], ...]
			for _, e := range x {
				r, ok := parseRef(e)
				if !ok {
					return nil, b.errAt(raw, path, l.Name, "inbound node %d: entry is not a [layer, node, tensor] reference", i)
				}
				refs = append(refs, r)
				if el := e.([]any); len(el) > 3 {
					if kw, ok := el[3].(map[string]any); ok {
						refs = append(refs, kwargRefs(kw)...)
					}
				}
			}
		case map[string]any: // Keras 3: {"args": [...], "kwargs": {...}}
			collectKerasTensors(x["args"], &refs, 0)
			if kw, ok := x["kwargs"].(map[string]any); ok {
				for _, k := range []string{"query", "value", "key"} {
					collectKerasTensors(kw[k], &refs, 0)
				}
				for _, k := range sortedKeys(kw) {
					kv := kw[k]
					if k == "query" || k == "value" || k == "key" || k == "mask" || strings.HasSuffix(k, "_mask") {
						continue
					}
					collectKerasTensors(kv, &refs, 0)
				}
			}
		default:
			return nil, b.errAt(raw, path, l.Name, "inbound node %d has an unknown form", i)
		}
		nodes = append(nodes, refs)
	}
	return nodes, nil
}

// kwargRefs finds tensor references in tf.keras call kwargs
// ({"value": ["input_2", 0, 0]}), keeping query/value/key order.
func kwargRefs(kw map[string]any) []ref {
	var out []ref
	for _, k := range []string{"value", "key"} {
		if r, ok := parseRef(kw[k]); ok {
			out = append(out, r)
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func collectKerasTensors(v any, out *[]ref, depth int) {
	if depth > 64 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectKerasTensors(e, out, depth+1)
		}
	case map[string]any:
		if c, _ := x["class_name"].(string); c == "__keras_tensor__" {
			if cfg, ok := x["config"].(map[string]any); ok {
				if r, ok := parseRef(cfg["keras_history"]); ok {
					*out = append(*out, r)
				}
			}
			return
		}
	}
}

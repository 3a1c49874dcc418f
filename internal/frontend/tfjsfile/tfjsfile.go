// Package tfjsfile reads TensorFlow.js model.json files with their
// weightsManifest: layers models (modelTopology is Keras JSON, built by
// kerasjson, then cross-checked against the manifest's weight names,
// shapes and dtypes) and graph models (modelTopology is a TensorFlow
// GraphDef: reported as an op graph, one layer per node). Weight shard
// files are never read. It imports graph, diag, kerasjson and kerash5.
package tfjsfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/frontend/kerash5"
	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/graph"
)

// Options for Parse.
type Options struct {
	File         string
	AllowUnknown bool
	Dialect      graph.Dialect
}

// Match reports whether header looks like a tfjs model.json: a JSON object
// with "modelTopology" or "weightsManifest" near the start, or "format":
// "graph-model".
func Match(name string, header []byte) bool {
	h := bytes.TrimLeft(header, " \t\r\n\ufeff")
	if len(h) == 0 || h[0] != '{' {
		return false
	}
	return bytes.Contains(header, []byte(`"modelTopology"`)) || bytes.Contains(header, []byte(`"weightsManifest"`)) ||
		bytes.Contains(header, []byte(`"graph-model"`))
}

// ManifestWeight is one entry of a weightsManifest group.
type ManifestWeight struct {
	Name  string  `json:"name"`
	Shape []int64 `json:"shape"`
	DType string  `json:"dtype"`
}

type document struct {
	Format          string          `json:"format"`
	GeneratedBy     string          `json:"generatedBy"`
	ConvertedBy     string          `json:"convertedBy"`
	ModelTopology   json.RawMessage `json:"modelTopology"`
	WeightsManifest []struct {
		Paths   []string         `json:"paths"`
		Weights []ManifestWeight `json:"weights"`
	} `json:"weightsManifest"`
	Signature *struct {
		Outputs map[string]struct {
			Name string `json:"name"`
		} `json:"outputs"`
	} `json:"signature"`
}

// Parse reads a model.json document.
func Parse(src []byte, opt Options) (*graph.Model, error) {
	var doc document
	if err := json.Unmarshal(src, &doc); err != nil {
		// kerasjson reports JSON errors with line and column.
		_, perr := kerasjson.Parse(src, kerasjson.Options{File: opt.File})
		if perr != nil {
			return nil, perr
		}
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: err.Error()}
	}
	var manifest []ManifestWeight
	for _, g := range doc.WeightsManifest {
		manifest = append(manifest, g.Weights...)
	}
	for _, w := range manifest {
		for _, d := range w.Shape {
			if d < 0 {
				return nil, &diag.Error{Pos: diag.Pos{File: opt.File, Path: "weightsManifest"}, Msg: fmt.Sprintf("weight %q has a negative dimension", w.Name)}
			}
		}
	}
	if isGraphModel(&doc) {
		return graphModel(&doc, manifest, opt)
	}
	m, err := kerasjson.Parse(src, kerasjson.Options{File: opt.File, AllowUnknown: opt.AllowUnknown, Dialect: opt.Dialect})
	if err != nil {
		return nil, err
	}
	m.SourceFormat = "tfjs-layers"
	m.Source = opt.File
	var topo struct {
		TrainingConfig json.RawMessage `json:"training_config"`
	}
	if json.Unmarshal(doc.ModelTopology, &topo) == nil && len(topo.TrainingConfig) > 0 {
		m.Compile = compile(topo.TrainingConfig)
	}
	if doc.WeightsManifest == nil {
		return m, nil
	}
	fws := make([]kerash5.FileWeight, len(manifest))
	for i, w := range manifest {
		fws[i] = kerash5.FileWeight{Name: w.Name, Shape: w.Shape, DType: w.DType}
	}
	a := kerash5.NewAssignment()
	kerash5.AssignByName(a, m, fws)
	kerash5.EachLayer(m, func(l *graph.Layer) {
		if _, ok := a.Layers[l]; !ok && l.Sub == nil {
			a.Missing = append(a.Missing, l)
		}
	})
	kerash5.Reconcile(m, a, opt.File+":weightsManifest")
	return m, nil
}

func compile(b []byte) map[string]string {
	var tc struct {
		Loss            any `json:"loss"`
		OptimizerConfig struct {
			ClassName string `json:"class_name"`
		} `json:"optimizer_config"`
	}
	if json.Unmarshal(b, &tc) != nil {
		return nil
	}
	out := map[string]string{}
	if tc.OptimizerConfig.ClassName != "" {
		out["optimizer"] = tc.OptimizerConfig.ClassName
	}
	switch l := tc.Loss.(type) {
	case string:
		out["loss"] = l
	case nil:
	default:
		lb, _ := json.Marshal(l)
		out["loss"] = string(lb)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// isGraphModel tells a converted TensorFlow graph from a layers model.
func isGraphModel(doc *document) bool {
	if doc.Format == "graph-model" {
		return true
	}
	if doc.Format == "layers-model" {
		return false
	}
	var probe struct {
		Node      json.RawMessage `json:"node"`
		ClassName json.RawMessage `json:"class_name"`
		Config    json.RawMessage `json:"model_config"`
	}
	return json.Unmarshal(doc.ModelTopology, &probe) == nil && probe.Node != nil && probe.ClassName == nil && probe.Config == nil
}

// GraphDef JSON, as the tfjs converter writes it.
type nodeDef struct {
	Name  string                     `json:"name"`
	Op    string                     `json:"op"`
	Input []string                   `json:"input"`
	Attr  map[string]json.RawMessage `json:"attr"`
}

type shapeProto struct {
	Dim []struct {
		Size json.Number `json:"size"`
	} `json:"dim"`
	UnknownRank bool `json:"unknownRank"`
}

func (s *shapeProto) shape() graph.Shape {
	if s == nil || s.UnknownRank {
		return nil
	}
	out := graph.Shape{}
	for _, d := range s.Dim {
		n, err := strconv.ParseInt(string(d.Size), 10, 64)
		if err != nil || n < 0 {
			n = graph.Unknown
		}
		out = append(out, n)
	}
	return out
}

var dtypes = map[string]string{"DT_FLOAT": "float32", "DT_HALF": "float16", "DT_BFLOAT16": "bfloat16", "DT_DOUBLE": "float64",
	"DT_INT32": "int32", "DT_INT64": "int64", "DT_INT8": "int8", "DT_UINT8": "uint8", "DT_INT16": "int16",
	"DT_BOOL": "bool", "DT_STRING": "string", "DT_COMPLEX64": "complex64"}

// maxNodes bounds a graph model.
const maxNodes = 1 << 20

// graphModel reports a GraphDef as an op graph.
func graphModel(doc *document, manifest []ManifestWeight, opt Options) (*graph.Model, error) {
	var topo struct {
		Node []nodeDef `json:"node"`
	}
	if err := json.Unmarshal(doc.ModelTopology, &topo); err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File, Path: "modelTopology"}, Msg: "graph model topology: " + err.Error()}
	}
	if len(topo.Node) > maxNodes {
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File, Path: "modelTopology.node"}, Msg: fmt.Sprintf("%d nodes (limit %d)", len(topo.Node), maxNodes)}
	}
	name := strings.TrimSuffix(filepath.Base(opt.File), filepath.Ext(opt.File))
	version := doc.GeneratedBy
	if version == "" {
		version = doc.ConvertedBy
	}
	m := &graph.Model{Name: name, Class: "GraphModel", Framework: "tensorflow", Version: version,
		SourceFormat: "tfjs-graph", Source: opt.File}
	byName := map[string]*graph.Layer{}
	consumed := map[*graph.Tensor]bool{}
	// First pass: layers, nodes and output tensors. Output counts come from
	// _output_shapes, or from the highest index consumers use.
	maxOut := map[string]int{}
	for _, n := range topo.Node {
		for _, in := range n.Input {
			src, idx, ctrl := parseInput(in)
			if !ctrl && idx+1 > maxOut[src] {
				maxOut[src] = idx + 1
			}
		}
	}
	tensors := 0
	for i, n := range topo.Node {
		if n.Name == "" {
			return nil, &diag.Error{Pos: diag.Pos{File: opt.File, Path: fmt.Sprintf("modelTopology.node[%d]", i)}, Msg: "node without a name"}
		}
		if _, dup := byName[n.Name]; dup {
			return nil, &diag.Error{Pos: diag.Pos{File: opt.File, Path: fmt.Sprintf("modelTopology.node[%d]", i)}, Msg: fmt.Sprintf("duplicate node name %q", n.Name)}
		}
		l := &graph.Layer{Name: n.Name, Class: n.Op, Trainable: true, Pos: diag.Pos{File: opt.File, Path: fmt.Sprintf("modelTopology.node[%d]", i)}}
		shapes := outputShapes(n)
		count := max(len(shapes), maxOut[n.Name], 1)
		if tensors += count; tensors > 4*maxNodes {
			return nil, &diag.Error{Pos: diag.Pos{File: opt.File, Path: fmt.Sprintf("modelTopology.node[%d]", i)}, Msg: fmt.Sprintf("more than %d output tensors", 4*maxNodes)}
		}
		node := &graph.Node{Layer: l, Model: m}
		dt := nodeDType(n)
		for j := 0; j < count; j++ {
			var s graph.Shape
			if j < len(shapes) {
				s = shapes[j]
			}
			node.Outputs = append(node.Outputs, &graph.Tensor{Shape: s, DType: dt, Node: node, Index: j})
		}
		l.Nodes = []*graph.Node{node}
		byName[n.Name] = l
		m.Layers = append(m.Layers, l)
	}
	// Second pass: inputs.
	for i, n := range topo.Node {
		node := m.Layers[i].Nodes[0]
		for _, in := range n.Input {
			src, idx, ctrl := parseInput(in)
			if ctrl {
				continue
			}
			sl, ok := byName[src]
			if !ok {
				return nil, &diag.Error{Pos: m.Layers[i].Pos, Layer: n.Name, Msg: fmt.Sprintf("input %q names no node", in)}
			}
			t := sl.Nodes[0].Outputs[idx]
			node.Inputs = append(node.Inputs, t)
			consumed[t] = true
		}
		if n.Op == "Placeholder" {
			m.Inputs = append(m.Inputs, node.Outputs...)
		}
	}
	// Weights: manifest entries attach to the node holding them.
	var extra []string
	for _, w := range manifest {
		l, ok := byName[w.Name]
		if !ok {
			extra = append(extra, w.Name)
			continue
		}
		dt := w.DType
		if dt == "" {
			dt = "float32"
		}
		l.Weights = append(l.Weights, &graph.Weight{Name: "value", Shape: append([]int64(nil), w.Shape...), DType: dt, Trainable: true})
		if out := l.Nodes[0].Outputs; len(out) > 0 && out[0].Shape == nil {
			out[0].Shape = graph.Shape(append([]int64(nil), w.Shape...))
		}
	}
	if len(extra) > 0 {
		if len(extra) > 5 {
			extra = append(extra[:5], fmt.Sprintf("and %d more", len(extra)-5))
		}
		m.Warnings = append(m.Warnings, diag.Warning{Pos: diag.Pos{File: opt.File, Path: "weightsManifest"},
			Msg: "weights that name no node of the graph (not counted): " + strings.Join(extra, ", ")})
	}
	// Outputs: the signature's, else tensors nobody consumes.
	if doc.Signature != nil && len(doc.Signature.Outputs) > 0 {
		for _, o := range doc.Signature.Outputs {
			src, idx, _ := parseInput(o.Name)
			if l, ok := byName[src]; ok && idx < len(l.Nodes[0].Outputs) {
				m.Outputs = append(m.Outputs, l.Nodes[0].Outputs[idx])
			}
		}
	} else {
		for _, l := range m.Layers {
			if l.Class == "Const" || l.Class == "NoOp" {
				continue
			}
			for _, t := range l.Nodes[0].Outputs {
				if !consumed[t] {
					m.Outputs = append(m.Outputs, t)
				}
			}
		}
	}
	m.Warnings = append(m.Warnings, diag.Warning{Pos: diag.Pos{File: opt.File},
		Msg: "a TensorFlow.js graph model: listed as TensorFlow ops, one row per node, weights from weightsManifest"})
	return m, nil
}

// parseInput splits "name", "name:1", "^name" (control dependency).
func parseInput(s string) (name string, idx int, ctrl bool) {
	if strings.HasPrefix(s, "^") {
		return s[1:], 0, true
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if n, err := strconv.Atoi(s[i+1:]); err == nil && n >= 0 && n < 1<<16 {
			name = s[:i]
			if j := strings.IndexByte(name, ':'); j >= 0 { // function form "node:out:0"
				name = name[:j]
			}
			return name, n, false
		}
	}
	return s, 0, false
}

func outputShapes(n nodeDef) []graph.Shape {
	if raw, ok := n.Attr["_output_shapes"]; ok {
		var v struct {
			List struct {
				Shape []shapeProto `json:"shape"`
			} `json:"list"`
		}
		if json.Unmarshal(raw, &v) == nil && len(v.List.Shape) > 0 {
			out := make([]graph.Shape, len(v.List.Shape))
			for i := range v.List.Shape {
				out[i] = v.List.Shape[i].shape()
			}
			return out
		}
	}
	if raw, ok := n.Attr["shape"]; ok && n.Op == "Placeholder" {
		var v struct {
			Shape *shapeProto `json:"shape"`
		}
		if json.Unmarshal(raw, &v) == nil && v.Shape != nil {
			return []graph.Shape{v.Shape.shape()}
		}
	}
	if raw, ok := n.Attr["value"]; ok && n.Op == "Const" {
		var v struct {
			Tensor struct {
				TensorShape *shapeProto `json:"tensorShape"`
			} `json:"tensor"`
		}
		if json.Unmarshal(raw, &v) == nil && v.Tensor.TensorShape != nil {
			return []graph.Shape{v.Tensor.TensorShape.shape()}
		}
	}
	return nil
}

func nodeDType(n nodeDef) string {
	for _, k := range []string{"dtype", "T"} {
		if raw, ok := n.Attr[k]; ok {
			var v struct {
				Type string `json:"type"`
			}
			if json.Unmarshal(raw, &v) == nil {
				if d, ok := dtypes[v.Type]; ok {
					return d
				}
			}
		}
	}
	return "float32"
}

// Package onnxfile is the ONNX front end: it decodes a model file lazily
// (internal/onnx: tensor contents are never loaded), infers every value's
// type and shape (internal/catalog/onnx) and builds two graph models:
//
//   - Nodes: one Layer per node (Name = node name, or op_type_index;
//     Class = op_type), in execution order, with the node's output
//     tensors; each initializer is a graph.Weight of the first node that
//     consumes it (shared initializers count once).
//   - Modules: the same nodes grouped by the exporter's name scopes
//     (/layer1/layer1.0/conv1/Conv → module layer1.0.conv1) as nested
//     models: a module is a Layer whose Sub holds its children; a module
//     made of a single node is that node's row, named after the module.
//
// Initializers consumed only as shapes, axes, indices or scalar options
// (Reshape's shape, Slice's starts, Resize's scales, ...) are counted in
// the initializer totals but are not parameters. Running mean and
// variance of BatchNormalization are non-trainable parameters.
//
// It imports graph, diag, internal/onnx and internal/catalog/onnx.
package onnxfile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	onnxcat "github.com/netsum/netsum/internal/catalog/onnx"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	pb "github.com/netsum/netsum/internal/onnx"
)

// Options tell Read about the input.
type Options struct {
	// File names the input in messages; Dir is its folder, where external
	// data files live ("" for stdin).
	File string
	Dir  string
	// Pure ignores the shapes the file declares (value_info, outputs):
	// every shape is netsum's own inference.
	Pure bool
	// Dims sets named dims (dim_param, e.g. "batch", "sequence_length")
	// to values before inference, wherever the file declares them.
	Dims map[string]int64
}

// DTypeTotal counts the elements and bytes of one data type.
type DTypeTotal struct {
	DType    string
	Elements int64
	Bytes    int64
}

// Totals sums a model's initializers and parameters.
type Totals struct {
	// Initializers are the main graph's initializers (dense and sparse),
	// by data type, sorted by name: what onnx.load holds.
	Initializers      []DTypeTotal
	InitializerCount  int
	InitializerElems  int64
	InitializerBytes  int64
	SubgraphInitElems int64 // initializers inside If/Loop/Scan bodies
	// Params are the initializer elements that are parameters:
	// Trainable + NonTrainable. ShapeConstants are those consumed only as
	// shapes, axes or options.
	Params, Trainable, NonTrainable int64
	ShapeConstants                  int64
}

// Result is everything the front end learned.
type Result struct {
	Model   *pb.Model
	Infer   *onnxcat.Result
	Nodes   *graph.Model
	Modules *graph.Model
	Totals  Totals
}

// Match reports whether the header looks like an ONNX ModelProto: it
// starts with ir_version (field 1) and the following fields are
// ModelProto fields of the right wire types; a ".onnx" name relaxes the
// first-field rule.
func Match(name string, header []byte) bool {
	ext := strings.HasSuffix(strings.ToLower(name), ".onnx")
	if len(header) < 2 {
		return false
	}
	if !ext && (header[0] != 0x08 || header[1] == 0 || header[1] > 20) {
		return false
	}
	return plausibleModel(header)
}

// plausibleModel walks the top-level fields present in the header.
func plausibleModel(b []byte) bool {
	wire := map[byte]byte{1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2, 26: 2}
	fields := 0
	for len(b) > 0 {
		tag, n := uvarint(b)
		if n <= 0 {
			return fields > 0 && n == 0 // cut off by the header's end
		}
		b = b[n:]
		num, typ := tag>>3, byte(tag&7)
		want, ok := wire[byte(min(num, 255))]
		if !ok || num > 26 || typ != want {
			return false
		}
		fields++
		switch typ {
		case 0:
			_, n := uvarint(b)
			if n < 0 {
				return false
			}
			if n == 0 {
				return true
			}
			b = b[n:]
		case 2:
			l, n := uvarint(b)
			if n < 0 {
				return false
			}
			if n == 0 || uint64(len(b)-n) < l {
				return true // the field runs past the header
			}
			b = b[n+int(l):]
		}
	}
	return fields > 0
}

// uvarint decodes a varint: n > 0 bytes used, 0 when b ends first, < 0
// when malformed.
func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	if len(b) < 10 {
		return 0, 0
	}
	return 0, -1
}

// Read decodes and summarizes the model in r (size bytes). r must stay
// readable until Read returns.
func Read(r io.ReaderAt, size int64, opt Options) (*Result, error) {
	m, err := pb.Decode(r, size, pb.Options{File: opt.File, Dir: opt.Dir})
	if err != nil {
		return nil, err
	}
	if len(opt.Dims) > 0 {
		if err := setDims(m, opt.Dims, opt.File); err != nil {
			return nil, err
		}
	}
	inf := onnxcat.Infer(m, onnxcat.Options{File: opt.File, Pure: opt.Pure})
	res := &Result{Model: m, Infer: inf}
	b := &builder{res: res, file: opt.File, tensors: map[string]*graph.Tensor{}}
	b.nodes()
	b.modules()
	b.totals()
	return res, nil
}

// setDims gives the named dims of the main graph's declared types their
// values; a name the graph never declares is an error naming those it does.
func setDims(m *pb.Model, dims map[string]int64, file string) error {
	if m.Graph == nil {
		return nil
	}
	var names []string
	for _, list := range [][]*pb.ValueInfo{m.Graph.Inputs, m.Graph.Outputs, m.Graph.ValueInfo} {
		for _, vi := range list {
			if vi.Type == nil || vi.Type.Shape == nil {
				continue
			}
			for i := range vi.Type.Shape.Dims {
				d := &vi.Type.Shape.Dims[i]
				if d.HasValue || d.Param == "" {
					continue
				}
				if !slices.Contains(names, d.Param) {
					names = append(names, d.Param)
				}
				if v, ok := dims[d.Param]; ok {
					d.Value, d.HasValue, d.Param = v, true, ""
				}
			}
		}
	}
	for name := range dims {
		if !slices.Contains(names, name) {
			known := "it names no dim"
			if len(names) > 0 {
				known = "its named dims are " + strings.Join(names, ", ")
			}
			return &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("--dim %s: the model has no dim named %q; %s", name, name, known)}
		}
	}
	return nil
}

// ReadBytes is Read over an in-memory file.
func ReadBytes(data []byte, opt Options) (*Result, error) {
	return Read(bytes.NewReader(data), int64(len(data)), opt)
}

type builder struct {
	res     *Result
	file    string
	tensors map[string]*graph.Tensor
	// layers by node index, in the Nodes model.
	layers map[int]*graph.Layer
	// weights claimed, by initializer name.
	weights map[string]*graph.Weight
	// shapeOnly marks initializers consumed only at shape positions.
	shapeOnly map[string]bool
	// inputs are the model's input tensors.
	inputs map[*graph.Tensor]bool
	// orig maps the module view's tensor copies to the node view's.
	orig map[*graph.Tensor]*graph.Tensor
}

// tensor returns the graph tensor of a value of the main graph.
func (b *builder) tensor(name string) *graph.Tensor {
	if t, ok := b.tensors[name]; ok {
		return t
	}
	t := &graph.Tensor{}
	if v := b.res.Infer.Graph.Values[name]; v != nil {
		setShape(t, v.Type)
	}
	b.tensors[name] = t
	return t
}

func setShape(t *graph.Tensor, ty *onnxcat.Type) {
	if ty == nil {
		return
	}
	switch ty.Kind {
	case pb.KindSequence:
		t.DType = "sequence"
		if ty.Inner != nil && ty.Inner.Elem != 0 {
			t.DType = "sequence(" + ty.Inner.Elem.String() + ")"
		}
		return
	case pb.KindOptional:
		t.DType = "optional"
		return
	case pb.KindMap:
		t.DType = "map"
		return
	}
	if ty.Elem != 0 {
		t.DType = ty.Elem.String()
	}
	if !ty.HasShape {
		return
	}
	t.Shape = make(graph.Shape, len(ty.Shape))
	named := false
	for i, d := range ty.Shape {
		t.Shape[i] = d.V
		if !d.IsKnown() {
			t.Shape[i] = graph.Unknown
			if d.S != "" {
				named = true
			}
		}
	}
	if named {
		t.DimNames = make([]string, len(ty.Shape))
		for i, d := range ty.Shape {
			if !d.IsKnown() {
				t.DimNames[i] = d.S
			}
		}
	}
}

// shapeInputs lists, per operator, the inputs that are shapes, axes,
// indices or scalar options rather than weights.
var shapeInputs = map[string][]int{
	"Reshape": {1}, "Expand": {1}, "Tile": {1, 2}, "Slice": {1, 2, 3, 4}, "Squeeze": {1}, "Unsqueeze": {1},
	"ReduceSum": {1}, "ReduceMean": {1}, "ReduceMax": {1}, "ReduceMin": {1}, "ReduceProd": {1},
	"ReduceL1": {1}, "ReduceL2": {1}, "ReduceLogSum": {1}, "ReduceLogSumExp": {1}, "ReduceSumSquare": {1},
	"Pad": {1, 2, 3}, "Resize": {1, 2, 3}, "Upsample": {1}, "ConstantOfShape": {0}, "Range": {0, 1, 2},
	"TopK": {1}, "Split": {1}, "OneHot": {1, 2}, "CumSum": {1}, "Trilu": {1}, "Clip": {1, 2},
	"Dropout": {1, 2}, "Gather": {1}, "GatherElements": {1}, "GatherND": {1}, "Compress": {1},
	"NonMaxSuppression": {2, 3, 4}, "Loop": {0, 1}, "If": {0}, "SplitToSequence": {1},
	"CenterCropPad": {1}, "MaxUnpool": {2}, "DFT": {1, 2}, "STFT": {1, 3}, "ScatterElements": {1},
	"ScatterND": {1}, "Scatter": {1}, "MelWeightMatrix": {0, 1, 2, 3, 4},
	"HannWindow": {0}, "HammingWindow": {0}, "BlackmanWindow": {0}, "ReverseSequence": {1},
}

func isShapeInput(op string, i int) bool {
	for _, k := range shapeInputs[op] {
		if k == i {
			return true
		}
	}
	return false
}

func (b *builder) nodes() {
	m := b.res.Model
	g := m.Graph
	inf := b.res.Infer
	name := g.Name
	if name == "" {
		name = "model"
	}
	ver := fmt.Sprintf("opset %d", m.Opset(""))
	if m.ProducerName != "" {
		ver += ", " + strings.TrimSpace(m.ProducerName+" "+m.ProducerVersion)
	}
	gm := &graph.Model{
		Name:         name,
		Class:        "Graph",
		Framework:    "onnx",
		Version:      ver,
		Dialect:      graph.ONNX,
		SourceFormat: "onnx",
		Source:       b.file,
		Warnings:     inf.Warnings,
	}
	b.res.Nodes = gm
	if note := foldedBatchNorm(g); note != "" {
		gm.Warnings = append(gm.Warnings, diag.Warning{Pos: diag.Pos{File: b.file}, Msg: note})
	}

	inits := map[string]*pb.Tensor{}
	for _, t := range g.Initializers {
		inits[t.Name] = t
	}
	b.inputs = map[*graph.Tensor]bool{}
	for _, vi := range g.Inputs {
		if _, isInit := inits[vi.Name]; !isInit {
			t := b.tensor(vi.Name)
			gm.Inputs = append(gm.Inputs, t)
			b.inputs[t] = true
		}
	}
	// Which initializers are consumed only as shapes or options.
	uses := map[string][2]int{} // shape uses, other uses
	for _, n := range g.Nodes {
		for i, in := range n.Inputs {
			if _, ok := inits[in]; !ok {
				continue
			}
			u := uses[in]
			if isShapeInput(n.OpType, i) && (n.Domain == "" || n.Domain == "ai.onnx") {
				u[0]++
			} else {
				u[1]++
			}
			uses[in] = u
		}
		for _, in := range onnxcat.OuterNames(n) {
			if _, ok := inits[in]; ok {
				u := uses[in]
				u[1]++
				uses[in] = u
			}
		}
	}
	b.shapeOnly = map[string]bool{}
	for k, u := range uses {
		if u[1] == 0 {
			b.shapeOnly[k] = true
		}
	}
	b.layers = map[int]*graph.Layer{}
	b.weights = map[string]*graph.Weight{}
	used := map[string]int{}
	for _, n := range inf.Graph.Order {
		l := &graph.Layer{
			Name:      layerName(n, used),
			Class:     n.OpType,
			Config:    config(n, m.Opset(n.Domain)),
			Trainable: true,
			Pos:       diag.Pos{File: b.file, Offset: n.Offset, Path: fmt.Sprintf("graph.node[%d]", n.Index)},
		}
		nr := inf.Graph.Nodes[n.Index]
		l.Unknown = nr.Unknown
		if nr.Err != "" {
			l.Note = nr.Err
		} else if nr.Unknown {
			l.Note = "unknown operator " + opName(n)
		}
		node := &graph.Node{Layer: l, Model: gm}
		var shared []string
		claim := func(name string, input int) {
			t := inits[name]
			if t == nil || b.shapeOnly[name] {
				return
			}
			if w := b.weights[name]; w != nil {
				shared = append(shared, name)
				return
			}
			w := &graph.Weight{Name: name, Shape: append([]int64{}, t.Dims...), DType: t.DataType.String(),
				Trainable: t.DataType.IsFloat() && !(n.OpType == "BatchNormalization" && (input == 3 || input == 4))}
			b.weights[name] = w
			l.Weights = append(l.Weights, w)
		}
		for i, in := range n.Inputs {
			if in == "" {
				continue
			}
			claim(in, i)
			node.Inputs = append(node.Inputs, b.tensor(in))
		}
		for _, in := range onnxcat.OuterNames(n) {
			claim(in, -1)
		}
		// Initializers of the node's own subgraphs are its weights too.
		for _, a := range n.Attrs {
			gs := a.Graphs
			if a.G != nil {
				gs = append([]*pb.Graph{a.G}, gs...)
			}
			for _, sg := range gs {
				subInits(sg, l, 0)
			}
		}
		if len(shared) > 0 {
			note := "shares " + strings.Join(shared, ", ") + " (counted at the first node using it)"
			if l.Note != "" {
				l.Note += "; " + note
			} else {
				l.Note = note
			}
		}
		for i, out := range n.Outputs {
			if out == "" {
				continue
			}
			t := b.tensor(out)
			t.Node, t.Index = node, i
			node.Outputs = append(node.Outputs, t)
		}
		l.Nodes = []*graph.Node{node}
		gm.Layers = append(gm.Layers, l)
		b.layers[n.Index] = l
	}
	for _, vi := range g.Outputs {
		gm.Outputs = append(gm.Outputs, b.tensor(vi.Name))
	}
}

func subInits(g *pb.Graph, l *graph.Layer, depth int) {
	if depth > pb.MaxDepth {
		return
	}
	for _, t := range g.Initializers {
		l.Weights = append(l.Weights, &graph.Weight{Name: t.Name, Shape: append([]int64{}, t.Dims...), DType: t.DataType.String(), Trainable: t.DataType.IsFloat()})
	}
	for _, n := range g.Nodes {
		for _, a := range n.Attrs {
			if a.G != nil {
				subInits(a.G, l, depth+1)
			}
			for _, sg := range a.Graphs {
				subInits(sg, l, depth+1)
			}
		}
	}
}

func opName(n *pb.Node) string {
	if n.Domain != "" && n.Domain != "ai.onnx" {
		return n.Domain + "::" + n.OpType
	}
	return n.OpType
}

// layerName is the node's name, else op_type_index; repeated names get a
// suffix so that rows stay distinct.
func layerName(n *pb.Node, used map[string]int) string {
	name := n.Name
	if name == "" {
		name = fmt.Sprintf("%s_%d", n.OpType, n.Index)
	}
	used[name]++
	if c := used[name]; c > 1 {
		name = fmt.Sprintf("%s#%d", name, c)
	}
	return name
}

// config turns a node's attributes into plain values.
func config(n *pb.Node, opset int64) map[string]any {
	c := map[string]any{"opset": opset}
	if n.Domain != "" {
		c["domain"] = n.Domain
	}
	for _, a := range n.Attrs {
		switch a.Kind() {
		case pb.AttrFloat:
			c[a.Name] = float64(a.F)
		case pb.AttrInt:
			c[a.Name] = a.I
		case pb.AttrString:
			c[a.Name] = a.S
		case pb.AttrInts:
			c[a.Name] = append([]int64{}, a.Ints...)
		case pb.AttrFloats:
			fs := make([]float64, len(a.Floats))
			for i, f := range a.Floats {
				fs[i] = float64(f)
			}
			c[a.Name] = fs
		case pb.AttrStrings:
			c[a.Name] = append([]string{}, a.Strings...)
		case pb.AttrTensor:
			if a.T != nil {
				c[a.Name] = fmt.Sprintf("tensor %s%v", a.T.DataType, a.T.Dims)
			}
		case pb.AttrGraph:
			if a.G != nil {
				c[a.Name] = fmt.Sprintf("graph %q (%d nodes)", a.G.Name, len(a.G.Nodes))
			}
		case pb.AttrGraphs:
			c[a.Name] = fmt.Sprintf("%d graphs", len(a.Graphs))
		default:
			if a.RefAttrName != "" {
				c[a.Name] = "@" + a.RefAttrName
			}
		}
	}
	return c
}

func (b *builder) totals() {
	tt := &b.res.Totals
	g := b.res.Model.Graph
	by := map[string]*DTypeTotal{}
	add := func(t *pb.Tensor) {
		n := t.NumElements()
		k := t.DataType.String()
		d := by[k]
		if d == nil {
			d = &DTypeTotal{DType: k}
			by[k] = d
		}
		d.Elements += n
		d.Bytes += t.Bytes()
		tt.InitializerCount++
		tt.InitializerElems += n
		tt.InitializerBytes += t.Bytes()
	}
	for _, t := range g.Initializers {
		add(t)
		if b.shapeOnly[t.Name] {
			tt.ShapeConstants += t.NumElements()
		}
	}
	for _, s := range g.SparseInitializers {
		if s.Values != nil {
			add(s.Values)
		}
	}
	for _, d := range by {
		tt.Initializers = append(tt.Initializers, *d)
	}
	sort.Slice(tt.Initializers, func(i, j int) bool { return tt.Initializers[i].DType < tt.Initializers[j].DType })
	for _, w := range b.res.Nodes.Weights() {
		c := w.Count()
		if c < 0 {
			continue
		}
		tt.Params += c
		if w.Trainable {
			tt.Trainable += c
		} else {
			tt.NonTrainable += c
		}
		if _, top := b.weights[w.Name]; !top {
			tt.SubgraphInitElems += c
		}
	}
}

// Open is the front end's entry for the format registry: name is the
// input as given, path the file ("" for stdin) whose folder holds any
// external data. It returns the per-node model, or the module view when
// modelName is "modules". dims sets named dims before inference (--dim).
func Open(r io.ReaderAt, size int64, name, path, modelName string, dims map[string]int64) ([]*graph.Model, error) {
	dir := ""
	switch {
	case path != "":
		dir = filepath.Dir(path)
	case name != "" && name != "-" && name != "<stdin>":
		if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
			dir = filepath.Dir(name)
		}
	}
	res, err := Read(r, size, Options{File: name, Dir: dir, Dims: dims})
	if err != nil {
		return nil, err
	}
	if modelName == "modules" {
		return []*graph.Model{res.Modules}, nil
	}
	return []*graph.Model{res.Nodes}, nil
}

// foldedBatchNorm explains why an eval-mode export counts fewer parameters
// than the framework did: torch.onnx folds each BatchNorm into the
// convolution before it (scale into the kernel, shift into a bias) and
// names the new tensors "onnx::Conv_N" instead of the module's parameter
// names, dropping gamma, beta and the running statistics.
func foldedBatchNorm(g *pb.Graph) string {
	convBias := 0
	for _, n := range g.Nodes {
		switch n.OpType {
		case "BatchNormalization":
			return ""
		case "Conv":
			if len(n.Inputs) > 2 && strings.HasPrefix(n.Inputs[2], "onnx::Conv_") {
				convBias++
			}
		}
	}
	if convBias < 2 {
		return ""
	}
	return fmt.Sprintf("%d convolutions carry biases made by the exporter (onnx::Conv_*) and no BatchNormalization node is left: this eval-mode export folds each BatchNorm into the convolution before it (scale into the kernel, shift into a new bias), so the parameter count differs from the framework's, which keeps gamma, beta and running statistics", convBias)
}

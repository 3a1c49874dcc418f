package pykeras

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

// opSpec names a tensor operation in each dialect: the TensorFlow API
// (tf.keras records a TFOpLambda layer "tf.<tf>") and the Keras 3
// operation class (a row "<snake> (<k3>)").
type opSpec struct {
	tf      string
	k3      string
	slicing bool // tf.keras SlicingOpLambda
}

var (
	opGetItem = opSpec{tf: "__operators__.getitem", k3: "GetItem", slicing: true}
	opNeg     = opSpec{tf: "math.negative", k3: "Negative"}
	opInvert  = opSpec{tf: "math.logical_not", k3: "LogicalNot"}
)

var binarySpecs = map[eval.Op]opSpec{
	syntax.Add:      {tf: "__operators__.add", k3: "Add"},
	syntax.Sub:      {tf: "math.subtract", k3: "Subtract"},
	syntax.Mul:      {tf: "math.multiply", k3: "Multiply"},
	syntax.Div:      {tf: "math.truediv", k3: "TrueDivide"},
	syntax.FloorDiv: {tf: "math.floordiv", k3: "FloorDivide"},
	syntax.Mod:      {tf: "math.floormod", k3: "Mod"},
	syntax.Pow:      {tf: "math.pow", k3: "Power"},
	syntax.MatMul:   {tf: "linalg.matmul", k3: "Matmul"},
	syntax.Eq:       {tf: "math.equal", k3: "Equal"},
	syntax.Ne:       {tf: "math.not_equal", k3: "NotEqual"},
	syntax.Lt:       {tf: "math.less", k3: "Less"},
	syntax.Le:       {tf: "math.less_equal", k3: "LessEqual"},
	syntax.Gt:       {tf: "math.greater", k3: "Greater"},
	syntax.Ge:       {tf: "math.greater_equal", k3: "GreaterEqual"},
	syntax.BitAnd:   {tf: "math.logical_and", k3: "LogicalAnd"},
	syntax.BitOr:    {tf: "math.logical_or", k3: "LogicalOr"},
}

// resultKind is the kind of an operation's result from its inputs.
func resultKind(ins []*Tensor) tkind {
	k := kNumpy
	for _, t := range ins {
		if t != nil && t.kind > k {
			k = t.kind
		}
	}
	if k == kVariable {
		k = kEager
	}
	return k
}

// opResult makes the output of an operation on ins with shape out. On
// Keras tensors outside layer code, tf.keras records a TFOpLambda layer
// and Keras 3 an operation node; Keras 1/2 give a backend tensor without
// Keras history.
func (s *Session) opResult(th *eval.Thread, spec opSpec, ins []*Tensor, out graph.Shape, dtype string, cfg map[string]any) (eval.Value, error) {
	outs, err := s.opResults(th, spec, ins, []graph.Shape{out}, dtype, cfg)
	if err != nil {
		return nil, err
	}
	return outs[0], nil
}

func (s *Session) opResults(th *eval.Thread, spec opSpec, ins []*Tensor, outs []graph.Shape, dtype string, cfg map[string]any) ([]eval.Value, error) {
	kind := resultKind(ins)
	if dtype == "" {
		dtype = "float32"
	}
	if kind == kKeras && s.raw > 0 {
		kind = kSymbolic
	}
	if kind == kKeras {
		switch s.Dialect {
		case graph.TFKeras, graph.Keras3:
			return s.recordOp(th, spec, ins, outs, dtype, cfg)
		default:
			kind = kSymbolic
		}
	}
	res := make([]eval.Value, len(outs))
	for i, o := range outs {
		res[i] = newTensor(s, kind, o, dtype)
	}
	return res, nil
}

// recordOp adds an op layer called on the Keras tensors among ins.
func (s *Session) recordOp(th *eval.Thread, spec opSpec, ins []*Tensor, outs []graph.Shape, dtype string, cfg map[string]any) ([]eval.Value, error) {
	var name, class string
	config := map[string]any{}
	for k, v := range cfg {
		config[k] = v
	}
	switch s.Dialect {
	case graph.TFKeras:
		if spec.tf == "" {
			return nil, eval.NewError(eval.TypeError, "this operation on a Keras tensor has no TensorFlow op netsum knows; wrap it in a Lambda layer")
		}
		name = s.namer.Next("tf." + spec.tf)
		class = "TFOpLambda"
		if spec.slicing {
			class = "SlicingOpLambda"
		}
		config["function"] = spec.tf
	default:
		if spec.k3 == "" {
			return nil, eval.NewError(eval.TypeError, "this operation on a KerasTensor has no keras.ops equivalent netsum knows; wrap it in a Lambda layer")
		}
		class = spec.k3
		name = s.namer.Next(snakeK3(spec.k3))
	}
	config["name"] = name
	l := &graph.Layer{Name: name, Class: class, Config: config, Trainable: true, Pos: s.callPos(th)}
	var gin []*graph.Tensor
	for _, t := range ins {
		if t != nil && t.kind == kKeras {
			gin = append(gin, t.g)
		}
	}
	dts := make([]string, len(outs))
	for i := range dts {
		dts[i] = dtype
	}
	gout := recordNode(l, gin, outs, dts)
	res := make([]eval.Value, len(gout))
	for i, t := range gout {
		res[i] = kerasTensor(s, t)
	}
	return res, nil
}

// recordNode adds a call of l on ins with the given output shapes; the
// node belongs to no model until a functional model claims it.
func recordNode(l *graph.Layer, ins []*graph.Tensor, outs []graph.Shape, dtypes []string) []*graph.Tensor {
	n := &graph.Node{Layer: l, Index: len(l.Nodes), Inputs: ins}
	for i, s := range outs {
		dt := "float32"
		if i < len(dtypes) && dtypes[i] != "" {
			dt = dtypes[i]
		}
		n.Outputs = append(n.Outputs, &graph.Tensor{Shape: s, DType: dt, Node: n, Index: i})
	}
	l.Nodes = append(l.Nodes, n)
	return n.Outputs
}

// snakeK3 is Keras 3's to_snake_case for operation class names.
func snakeK3(class string) string {
	var b strings.Builder
	for i := 0; i < len(class); i++ {
		c := class[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 && (class[i-1] >= 'a' && class[i-1] <= 'z' || i+1 < len(class) && class[i+1] >= 'a' && class[i+1] <= 'z' && class[i-1] >= 'A' && class[i-1] <= 'Z') {
				b.WriteByte('_')
			}
			b.WriteByte(c + 'a' - 'A')
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// camel turns an op function name into its Keras 3 class: expand_dims →
// ExpandDims.
func camel(name string) string {
	if c, ok := k3OpClasses[name]; ok {
		return c
	}
	var b strings.Builder
	up := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '_' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		b.WriteByte(c)
	}
	return b.String()
}

var k3OpClasses = map[string]string{
	"abs": "Absolute", "absolute": "Absolute", "divide": "Divide", "true_divide": "TrueDivide",
	"pow": "Power", "power": "Power", "mod": "Mod", "matmul": "Matmul", "argmax": "Argmax",
	"argmin": "Argmin", "logsumexp": "Logsumexp",
}

// ---- tensor arguments ----

// asTensor converts an operand to a Tensor: tensors, variables, numbers
// and nested lists of numbers.
func asTensor(th *eval.Thread, s *Session, v eval.Value) (*Tensor, error) {
	switch x := v.(type) {
	case *Tensor:
		return x, nil
	case eval.Int, eval.Float, eval.Bool:
		f, _ := eval.AsFloat(x)
		t := newTensor(s, kNumpy, graph.Shape{}, scalarDType(x))
		t.vals = []float64{f}
		return t, nil
	case eval.Tuple, *eval.List:
		return arrayFrom(th, s, v, "")
	case *eval.Opaque:
		return nil, eval.NewError(eval.TypeError, "expected a tensor, got an unknown value (%s)", x.Describe())
	}
	return nil, eval.NewError(eval.TypeError, "expected a tensor, got %s", v.Type())
}

// tensorList reads a list or tuple of tensors.
func tensorList(th *eval.Thread, s *Session, v eval.Value) ([]*Tensor, error) {
	if t, ok := v.(*Tensor); ok {
		return []*Tensor{t}, nil
	}
	items, err := th.Collect(v)
	if err != nil {
		return nil, eval.NewError(eval.TypeError, "expected a list of tensors, got %s", v.Type())
	}
	out := make([]*Tensor, len(items))
	for i, it := range items {
		if out[i], err = asTensor(th, s, it); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// axisArg resolves an axis against a rank.
func axisArg(v eval.Value, rank int) (int, error) {
	a, err := eval.AsInt(v)
	if err != nil {
		return 0, eval.NewError(eval.TypeError, "axis must be an integer, not %s", v.Type())
	}
	if a < 0 {
		a += int64(rank)
	}
	if a < 0 || a >= int64(rank) {
		return 0, eval.NewError(eval.ValueError, "axis %d is out of bounds for a tensor of rank %d", a, rank)
	}
	return int(a), nil
}

// axesArg reads None (all axes), an int or a list of ints.
func axesArg(th *eval.Thread, v eval.Value, rank int) ([]bool, error) {
	sel := make([]bool, rank)
	if isNone(v) {
		for i := range sel {
			sel[i] = true
		}
		return sel, nil
	}
	items := []eval.Value{v}
	if _, ok := v.(eval.Int); !ok {
		var err error
		if items, err = th.Collect(v); err != nil {
			return nil, eval.NewError(eval.TypeError, "axis must be an int or a list of ints")
		}
	}
	for _, it := range items {
		a, err := axisArg(it, rank)
		if err != nil {
			return nil, err
		}
		sel[a] = true
	}
	return sel, nil
}

// ---- shape functions ----

func reduceShape(th *eval.Thread, s graph.Shape, axis eval.Value, keepdims bool) (graph.Shape, error) {
	sel, err := axesArg(th, axis, len(s))
	if err != nil {
		return nil, err
	}
	var out graph.Shape
	for i, d := range s {
		switch {
		case !sel[i]:
			out = append(out, d)
		case keepdims:
			out = append(out, 1)
		}
	}
	return out, nil
}

// reshapeShape resolves a target shape with one -1 against the input.
func reshapeShape(in graph.Shape, target []int64, batchKnownIsFirst bool) (graph.Shape, error) {
	out := graph.Shape(append([]int64(nil), target...))
	n := numel(in)
	infer := -1
	known := int64(1)
	for i, d := range out {
		if d == -1 {
			if infer >= 0 {
				return nil, fmt.Errorf("can only specify one unknown dimension")
			}
			infer = i
			continue
		}
		if d < 0 {
			out[i] = graph.Unknown
			known = -1
			continue
		}
		known *= d
	}
	if infer >= 0 {
		if n >= 0 && known > 0 {
			if n%known != 0 {
				return nil, fmt.Errorf("cannot reshape array of shape %s into shape %s", in, reshapeStr(target))
			}
			out[infer] = n / known
		} else if known > 0 && len(in) > 0 && numel(in[1:]) >= 0 && in[0] < 0 && infer == 0 && numel(in[1:])%known == 0 {
			out[infer] = graph.Unknown
		} else {
			out[infer] = graph.Unknown
		}
	} else if n >= 0 && known >= 0 && n != known {
		return nil, fmt.Errorf("cannot reshape array of size %d (shape %s) into shape %s", n, in, reshapeStr(target))
	}
	return out, nil
}

func reshapeStr(t []int64) string {
	parts := make([]string, len(t))
	for i, d := range t {
		parts[i] = fmt.Sprint(d)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// targetShapeArg reads a reshape target where -1 means "infer" and None
// means unknown (kept as -2 until resolved).
func targetShapeArg(th *eval.Thread, v eval.Value) ([]int64, error) {
	if i, ok := v.(eval.Int); ok {
		return []int64{int64(i)}, nil
	}
	var items []eval.Value
	switch x := v.(type) {
	case *TensorShape:
		items = x.tuple()
	case *Tensor:
		if x.vals != nil {
			out := make([]int64, len(x.vals))
			for i, f := range x.vals {
				out[i] = int64(f)
			}
			return out, nil
		}
		return nil, eval.NewError(eval.TypeError, "the target shape is a tensor whose value netsum does not know")
	default:
		var err error
		if items, err = th.Collect(v); err != nil {
			return nil, eval.NewError(eval.TypeError, "shape must be a tuple of ints, not %s", v.Type())
		}
	}
	out := make([]int64, len(items))
	for i, it := range items {
		switch x := it.(type) {
		case eval.NoneType:
			out[i] = -2
		case eval.Int:
			out[i] = int64(x)
		default:
			d, err := dimArg(it)
			if err != nil {
				return nil, eval.NewError(eval.TypeError, "shape: %v", err)
			}
			out[i] = d
			if d < 0 {
				out[i] = -2
			}
		}
	}
	return out, nil
}

func concatShape(ins []graph.Shape, axis int) (graph.Shape, error) {
	if len(ins) == 0 {
		return nil, fmt.Errorf("need at least one tensor to concatenate")
	}
	rank := len(ins[0])
	if axis < 0 {
		axis += rank
	}
	if axis < 0 || axis >= rank {
		return nil, fmt.Errorf("axis %d out of range for rank %d", axis, rank)
	}
	out := ins[0].Clone()
	for _, s := range ins[1:] {
		if len(s) != rank {
			return nil, fmt.Errorf("cannot concatenate tensors of ranks %d and %d", rank, len(s))
		}
		for i := range s {
			if i == axis {
				if out[i] < 0 || s[i] < 0 {
					out[i] = graph.Unknown
				} else {
					out[i] += s[i]
				}
				continue
			}
			if out[i] < 0 {
				out[i] = s[i]
			} else if s[i] >= 0 && s[i] != out[i] {
				return nil, fmt.Errorf("shapes %s and %s differ outside the concatenation axis", ins[0], s)
			}
		}
	}
	return out, nil
}

func matmulShape(a, b graph.Shape) (graph.Shape, error) {
	if len(a) == 0 || len(b) == 0 {
		return nil, fmt.Errorf("matmul needs tensors of rank >= 1")
	}
	if len(b) == 1 {
		return a[:len(a)-1].Clone(), nil
	}
	if len(a) == 1 {
		out := b[:len(b)-2].Clone()
		return append(out, b[len(b)-1]), nil
	}
	ka, kb := a[len(a)-1], b[len(b)-2]
	if ka >= 0 && kb >= 0 && ka != kb {
		return nil, fmt.Errorf("matmul: inner dimensions %d and %d differ (shapes %s and %s)", ka, kb, a, b)
	}
	batch, err := broadcast(a[:len(a)-2], b[:len(b)-2])
	if err != nil {
		return nil, fmt.Errorf("matmul: batch dims of %s and %s do not broadcast", a, b)
	}
	return append(batch, a[len(a)-2], b[len(b)-1]), nil
}

func transposeShape(th *eval.Thread, s graph.Shape, perm eval.Value) (graph.Shape, error) {
	if isNone(perm) {
		out := make(graph.Shape, len(s))
		for i := range s {
			out[i] = s[len(s)-1-i]
		}
		return out, nil
	}
	items, err := th.Collect(perm)
	if err != nil || len(items) != len(s) {
		return nil, eval.NewError(eval.ValueError, "transpose: axes must list the %d axes of %s", len(s), s)
	}
	out := make(graph.Shape, len(s))
	for i, it := range items {
		a, err := axisArg(it, len(s))
		if err != nil {
			return nil, err
		}
		out[i] = s[a]
	}
	return out, nil
}

func expandDimsShape(s graph.Shape, axis int64) (graph.Shape, error) {
	r := int64(len(s) + 1)
	if axis < 0 {
		axis += r
	}
	if axis < 0 || axis >= r {
		return nil, fmt.Errorf("axis %d out of range for expand_dims on rank %d", axis, len(s))
	}
	out := append(s[:axis:axis].Clone(), 1)
	return append(out, s[axis:]...), nil
}

func squeezeShape(th *eval.Thread, s graph.Shape, axis eval.Value) (graph.Shape, error) {
	var sel []bool
	if isNone(axis) {
		sel = make([]bool, len(s))
		for i, d := range s {
			sel[i] = d == 1
		}
	} else {
		var err error
		if sel, err = axesArg(th, axis, len(s)); err != nil {
			return nil, err
		}
	}
	var out graph.Shape
	for i, d := range s {
		if sel[i] {
			if d > 1 {
				return nil, eval.NewError(eval.ValueError, "cannot squeeze axis %d of size %d", i, d)
			}
			continue
		}
		out = append(out, d)
	}
	return out, nil
}

// concreteShape reads a shape given to a constructor such as ones(shape).
func concreteShape(th *eval.Thread, v eval.Value) (graph.Shape, error) {
	if i, ok := v.(eval.Int); ok {
		return graph.Shape{int64(i)}, nil
	}
	return shapeArg(th, "shape", v)
}

package keras

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Merge layers: keras/src/layers/merging/*.py (Keras 3),
// keras/layers/merging/*.py (tf.keras), keras/layers/merge.py (Keras 2) and
// the Keras 1 Merge layer (keras@1.1.1:keras/engine/topology.py, kept as
// keras/legacy/layers.py Merge in Keras 2.0–2.1).

func init() {
	for _, op := range []string{"Add", "Multiply", "Average", "Maximum", "Minimum"} {
		Register(&Spec{Class: op, Family: "merge", Infer: inferElemwise})
	}
	Register(
		&Spec{Class: "Subtract", Family: "merge", Infer: inferElemwise},
		&Spec{Class: "Concatenate", Family: "merge", Infer: inferConcatenate},
		&Spec{Class: "Dot", Family: "merge", Infer: inferDot},
		&Spec{Class: "Merge", Family: "merge", Infer: inferMergeK1},
	)
}

// mergeShapes formats input shapes for errors: (None, 3) and (None, 4).
func mergeShapes(in []graph.Shape) string {
	parts := make([]string, len(in))
	for i, s := range in {
		parts[i] = s.String()
	}
	if len(parts) == 2 {
		return parts[0] + " and " + parts[1]
	}
	return strings.Join(parts, ", ")
}

// mergeMinInputs checks the input count: Keras 1 and 2 merge layers need at
// least 2 inputs, tf.keras and Keras 3 at least 1.
func mergeMinInputs(c *Call, class string) error {
	min := 1
	if c.Dialect == graph.Keras1 || c.Dialect == graph.Keras2 {
		min = 2
	}
	if len(c.In) < min {
		if min == 2 {
			return fmt.Errorf("a %s layer should be called on a list of at least 2 inputs, got %d", class, len(c.In))
		}
		return fmt.Errorf("a %s layer should be called on a list of at least 1 input, got none", class)
	}
	for _, s := range c.In {
		if len(s) == 0 {
			return fmt.Errorf("a %s layer needs inputs with a batch dim, got shape %s", class, s)
		}
	}
	return nil
}

// mergeBatch is the common batch size of the inputs: a known size if any,
// an error if two known sizes differ.
func mergeBatch(in []graph.Shape) (int64, error) {
	b := int64(-1)
	for _, s := range in {
		if s[0] < 0 {
			continue
		}
		if b >= 0 && s[0] != b {
			return 0, fmt.Errorf("cannot merge tensors with different batch sizes, got shapes %s", mergeShapes(in))
		}
		b = s[0]
	}
	return b, nil
}

// mergeBroadcast is Keras' _compute_elemwise_op_output_shape on non-batch
// dims (right-aligned; None wins over everything), or, with tfRule, the
// TensorFlow broadcasting tf.keras gets from running the op (a known size
// other than 1 wins over None).
func mergeBroadcast(a, b []int64, tfRule bool) ([]int64, bool) {
	if len(a) < len(b) {
		a, b = b, a
	}
	out := append([]int64(nil), a[:len(a)-len(b)]...)
	for k, j := range b {
		i := a[len(a)-len(b)+k]
		switch {
		case i < 0 || j < 0:
			d := int64(-1)
			if tfRule {
				if i > 1 {
					d = i
				} else if j > 1 {
					d = j
				}
			}
			out = append(out, d)
		case i == 1:
			out = append(out, j)
		case j == 1:
			out = append(out, i)
		case i != j:
			return nil, false
		default:
			out = append(out, i)
		}
	}
	return out, true
}

// inferElemwise: Add, Subtract, Multiply, Average, Maximum, Minimum
// (base_merge.py compute_output_shape). Subtract takes exactly 2 inputs.
func inferElemwise(c *Call) error {
	class := c.Layer.Class
	if class == "Subtract" && len(c.In) != 2 {
		return fmt.Errorf("a Subtract layer should be called on exactly 2 inputs, got %d", len(c.In))
	}
	if err := mergeMinInputs(c, class); err != nil {
		return err
	}
	batch, err := mergeBatch(c.In)
	if err != nil {
		return err
	}
	tfRule := c.Dialect == graph.TFKeras
	out := []int64(c.In[0][1:])
	for _, s := range c.In[1:] {
		var ok bool
		out, ok = mergeBroadcast(out, s[1:], tfRule)
		if !ok {
			return fmt.Errorf("inputs have incompatible shapes %s", mergeShapes(c.In))
		}
	}
	c.SetOut(append(graph.Shape{batch}, out...))
	return nil
}

// inferConcatenate joins along axis (default -1). All inputs need the same
// rank and equal sizes off the axis: Keras 2 compares them exactly (None
// only matches None), tf.keras and Keras 3 ignore unknown sizes. The output
// is the first input's shape with the axis sizes summed (None if any is
// unknown); tf.keras fills the other unknown sizes from the other inputs
// (TensorFlow shape inference of concat).
func inferConcatenate(c *Call) error {
	if err := mergeMinInputs(c, "Concatenate"); err != nil {
		return err
	}
	axis, err := c.Cfg.Int(-1, "axis", "concat_axis")
	if err != nil {
		return err
	}
	out, err := mergeConcat(c.In, axis, c.Dialect == graph.Keras2, c.Dialect == graph.TFKeras)
	if err != nil {
		return err
	}
	c.SetOut(out)
	return nil
}

// mergeConcat checks and computes a concatenation along axis; exact
// compares the other sizes (batch included) as Keras 1/2 do, fill merges
// unknown sizes as TensorFlow does.
func mergeConcat(in []graph.Shape, axis int64, exact, fill bool) (graph.Shape, error) {
	rank := len(in[0])
	for _, s := range in {
		if len(s) != rank {
			return nil, fmt.Errorf("a Concatenate layer requires inputs with matching shapes except for the concatenation axis, got shapes %s (ranks differ)", mergeShapes(in))
		}
	}
	ax, err := axisIndex(axis, rank)
	if err != nil {
		return nil, fmt.Errorf("concatenation axis %d out of range for inputs of shapes %s", axis, mergeShapes(in))
	}
	out := in[0].Clone()
	for i := 0; i < rank; i++ {
		if i == ax {
			continue
		}
		known := int64(-1)
		for _, s := range in {
			d := s[i]
			if exact {
				if d != in[0][i] {
					return nil, fmt.Errorf("a Concatenate layer requires inputs with matching shapes except for the concatenation axis %d, got shapes %s", axis, mergeShapes(in))
				}
				continue
			}
			if d < 0 {
				continue
			}
			if known >= 0 && d != known {
				return nil, fmt.Errorf("a Concatenate layer requires inputs with matching shapes except for the concatenation axis %d, got shapes %s", axis, mergeShapes(in))
			}
			known = d
		}
		if fill {
			// tf.keras: TensorFlow's concat shape inference merges sizes.
			out[i] = known
		}
	}
	sum := int64(0)
	for _, s := range in {
		if s[ax] < 0 {
			sum = -1
			break
		}
		sum += s[ax]
	}
	out[ax] = sum
	return out, nil
}

// mergeDotAxes reads Dot's axes (an int, or a pair) and resolves them
// against the two input ranks the way Keras does (a negative int axis is
// taken modulo each rank; a negative entry of a pair indexes from the end).
func mergeDotAxes(v any, key string, r1, r2 int) (int, int, error) {
	if v == nil {
		return 0, 0, fmt.Errorf("missing required argument axes")
	}
	var a1, a2 int64
	if n, ok := catalog.AsInt(v); ok {
		a1, a2 = n, n
	} else {
		l, err := catalog.IntList(v, 2)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: invalid format, it should be an int or a list of two ints: %v", key, err)
		}
		a1, a2 = l[0], l[1]
	}
	i1, err := axisIndex(a1, r1)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v", key, err)
	}
	i2, err := axisIndex(a2, r2)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v", key, err)
	}
	if i1 == 0 || i2 == 0 {
		return 0, 0, fmt.Errorf("%s: the batch axis 0 cannot be a dot product axis", key)
	}
	return i1, i2, nil
}

// mergeDotShape is Dot.compute_output_shape: shape1 without its axis,
// then shape2 without its axis and its batch dim; (batch,) becomes
// (batch, 1). The contracted sizes must be equal (None only equals None).
func mergeDotShape(s1, s2 graph.Shape, i1, i2 int) (graph.Shape, error) {
	if s1[i1] != s2[i2] {
		return nil, fmt.Errorf("incompatible input shapes: axis values %s (at axis %d) != %s (at axis %d); full input shapes: %s",
			graph.DimString(s1[i1]), i1, graph.DimString(s2[i2]), i2, mergeShapes([]graph.Shape{s1, s2}))
	}
	out := graph.Shape{}
	for i, d := range s1 {
		if i != i1 {
			out = append(out, d)
		}
	}
	for i, d := range s2 {
		if i != i2 && i != 0 {
			out = append(out, d)
		}
	}
	if len(out) == 1 {
		out = append(out, 1)
	}
	return out, nil
}

// inferDot: batch dot product of exactly 2 inputs along axes
// (keras/src/layers/merging/dot.py; normalize does not change shapes).
func inferDot(c *Call) error {
	if len(c.In) != 2 {
		return fmt.Errorf("a Dot layer should be called on a list of 2 inputs, got %d", len(c.In))
	}
	s1, s2 := c.In[0], c.In[1]
	if len(s1) < 2 || len(s2) < 2 {
		return fmt.Errorf("a Dot layer needs inputs of rank >= 2 (batch included), got shapes %s", mergeShapes(c.In))
	}
	v, k, _ := c.Cfg.Lookup("axes")
	if k == "" {
		k = "axes"
	}
	i1, i2, err := mergeDotAxes(v, k, len(s1), len(s2))
	if err != nil {
		return err
	}
	out, err := mergeDotShape(s1, s2, i1, i2)
	if err != nil {
		return err
	}
	c.SetOut(out)
	return nil
}

// inferMergeK1 is the Keras 1 Merge layer (mode sum, mul, ave, max: equal
// shapes; concat: concat_axis; dot, cos: exactly 2 inputs, dot_axes). A
// callable mode (mode_type "lambda" or "function") needs a raw output_shape
// without the batch dim.
func inferMergeK1(c *Call) error {
	if len(c.In) < 2 {
		return fmt.Errorf("a Merge should only be applied to a list of at least 2 inputs, got %d", len(c.In))
	}
	for _, s := range c.In {
		if len(s) == 0 {
			return fmt.Errorf("Merge needs inputs with a batch dim, got shape %s", s)
		}
	}
	modeType, err := c.Cfg.String("raw", "mode_type")
	if err != nil {
		return err
	}
	mode := ""
	if modeType == "raw" {
		if mode, err = c.Cfg.String("sum", "mode"); err != nil {
			return err
		}
	}
	switch mode {
	case "sum", "mul", "ave", "max":
		for _, s := range c.In[1:] {
			if !s.Equal(c.In[0]) {
				return fmt.Errorf("only layers of same output shape can be merged using %s mode, got shapes %s", mode, mergeShapes(c.In))
			}
		}
		c.SetOut(c.In[0].Clone())
	case "concat":
		axis, err := c.Cfg.Int(-1, "concat_axis")
		if err != nil {
			return err
		}
		out, err := mergeConcat(c.In, axis, true, false)
		if err != nil {
			return fmt.Errorf("\"concat\" mode: %v", err)
		}
		c.SetOut(out)
	case "dot", "cos":
		if len(c.In) != 2 {
			return fmt.Errorf("%s merge takes exactly 2 inputs, got %d", mode, len(c.In))
		}
		s1, s2 := c.In[0], c.In[1]
		v, _, ok := c.Cfg.Lookup("dot_axes")
		if !ok {
			v = int64(-1)
		}
		i1, i2, err := mergeDotAxes(v, "dot_axes", len(s1), len(s2))
		if err != nil {
			return err
		}
		out, err := mergeDotShape(s1, s2, i1, i2)
		if err != nil {
			return fmt.Errorf("%s mode: %v", mode, err)
		}
		c.SetOut(out)
	case "":
		osType, err := c.Cfg.String("raw", "output_shape_type")
		if err != nil {
			return err
		}
		v, _, ok := c.Cfg.Lookup("output_shape")
		if osType != "raw" || !ok {
			return &UnknownShapeError{Msg: "Merge with a callable mode: the output shape cannot be known statically without a tuple output_shape; pass output_shape=… or use --allow-unknown"}
		}
		shp, err := catalog.ShapeList(v)
		if err != nil {
			return fmt.Errorf("output_shape: %v", err)
		}
		c.SetOut(append(graph.Shape{c.In[0][0]}, shp...))
	default:
		return fmt.Errorf("invalid merge mode %q (expected sum, mul, concat, ave, cos, dot or max)", mode)
	}
	return nil
}

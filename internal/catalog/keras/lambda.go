package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Layers wrapping arbitrary Python code: Lambda (all versions) and the
// tf.keras TensorFlow-op layers TFOpLambda and SlicingOpLambda
// (keras/layers/core/tf_op_layer.py), whose output shapes are only known
// by running the code.

func init() {
	Register(
		&Spec{Class: "Lambda", Family: "core", Infer: inferLambda},
		&Spec{Class: "TFOpLambda", Family: "core", Infer: inferTFOp},
		&Spec{Class: "SlicingOpLambda", Family: "core", Infer: inferTFOp},
	)
}

// UnknownShapeError reports that a layer's output shape cannot be computed
// statically (it depends on code or arguments netsum does not see). With
// --allow-unknown the caller can treat the outputs as unknown instead of
// failing.
type UnknownShapeError struct {
	Msg string
}

func (e *UnknownShapeError) Error() string { return e.Msg }

// inferLambda uses output_shape (without the batch dim, a tuple or a list
// of tuples for several outputs) when the config has one in raw form; the
// batch dim is the first input's. A function output_shape (Keras 1/2
// output_shape_type "lambda" or "function", a Keras 3 serialized function)
// or none at all is an UnknownShapeError. tf.keras infers Lambda shapes by
// running the function and ignores output_shape when building a
// functional model, so there output_shape is a best effort.
func inferLambda(c *Call) error {
	if len(c.In) == 0 || len(c.In[0]) == 0 {
		return fmt.Errorf("a Lambda layer needs at least one input with a batch dim")
	}
	msg := "the output shape of a Lambda layer cannot be known statically; give it output_shape=(…) (without the batch dim) or use --allow-unknown"
	if t, err := c.Cfg.String("raw", "output_shape_type"); err != nil {
		return err
	} else if t != "raw" {
		return &UnknownShapeError{Msg: msg + " (its output_shape is a function)"}
	}
	v, _, ok := c.Cfg.Lookup("output_shape")
	if !ok {
		return &UnknownShapeError{Msg: msg}
	}
	if _, isMap := v.(map[string]any); isMap {
		return &UnknownShapeError{Msg: msg + " (its output_shape is a function)"}
	}
	batch := c.In[0][0]
	// Several outputs: a list of shapes.
	if l, isList := v.([]any); isList && len(l) > 0 {
		if _, nested := l[0].([]any); nested {
			outs := make([]graph.Shape, len(l))
			for i, e := range l {
				s, err := catalog.ShapeList(e)
				if err != nil {
					return fmt.Errorf("output_shape[%d]: %v", i, err)
				}
				outs[i] = append(graph.Shape{batch}, s...)
			}
			c.SetOut(outs...)
			return nil
		}
	}
	s, err := catalog.ShapeList(v)
	if err != nil {
		return fmt.Errorf("output_shape: %v", err)
	}
	c.SetOut(append(graph.Shape{batch}, s...))
	return nil
}

// tfUnaryOps are TensorFlow ops (TFOpLambda "function", without the "tf."
// prefix) whose output has the shape of their one tensor input.
var tfUnaryOps = map[string]bool{
	"identity": true, "cast": true, "stop_gradient": true, "clip_by_value": true,
	"math.abs": true, "abs": true, "math.exp": true, "exp": true, "math.log": true,
	"math.log1p": true, "math.expm1": true, "math.sqrt": true, "sqrt": true,
	"math.rsqrt": true, "math.square": true, "square": true, "math.negative": true,
	"negative": true, "math.sigmoid": true, "sigmoid": true, "math.tanh": true,
	"tanh": true, "math.sin": true, "math.cos": true, "math.sign": true,
	"math.round": true, "math.floor": true, "math.ceil": true, "math.reciprocal": true,
	"math.erf": true, "math.softplus": true, "math.log_sigmoid": true,
	"math.logical_not": true, "math.is_nan": true, "math.is_finite": true,
	"nn.relu": true, "nn.relu6": true, "nn.elu": true, "nn.selu": true, "nn.gelu": true,
	"nn.sigmoid": true, "nn.tanh": true, "nn.softplus": true, "nn.softsign": true,
	"nn.leaky_relu": true, "nn.silu": true, "nn.swish": true, "nn.softmax": true,
	"nn.log_softmax": true, "math.softmax": true, "nn.l2_normalize": true,
	"math.l2_normalize": true, "nn.dropout": true, "ones_like": true, "zeros_like": true,
	"__operators__.neg": true, "__operators__.invert": true, "__operators__.abs": true,
}

// tfBinaryOps are elementwise TensorFlow ops with broadcasting.
var tfBinaryOps = map[string]bool{
	"math.add": true, "add": true, "math.subtract": true, "subtract": true,
	"math.multiply": true, "multiply": true, "math.divide": true, "divide": true,
	"math.truediv": true, "truediv": true, "math.floordiv": true, "math.floormod": true,
	"math.maximum": true, "maximum": true, "math.minimum": true, "minimum": true,
	"math.pow": true, "pow": true, "math.squared_difference": true,
	"math.divide_no_nan": true, "math.equal": true, "math.not_equal": true,
	"math.greater": true, "math.greater_equal": true, "math.less": true,
	"math.less_equal": true, "math.logical_and": true, "math.logical_or": true,
	"where":             true,
	"__operators__.add": true, "__operators__.sub": true, "__operators__.mul": true,
	"__operators__.truediv": true, "__operators__.floordiv": true,
	"__operators__.mod": true, "__operators__.pow": true, "__operators__.radd": true,
	"__operators__.rsub": true, "__operators__.rmul": true, "__operators__.rtruediv": true,
	"__operators__.rpow": true, "__operators__.eq": true, "__operators__.ne": true,
	"__operators__.gt": true, "__operators__.ge": true, "__operators__.lt": true,
	"__operators__.le": true, "__operators__.and_": true, "__operators__.or_": true,
}

// inferTFOp handles the simple TensorFlow-op layers: elementwise ops keep
// (broadcast) their tensor inputs' shapes. Anything else (reshape, slicing,
// reductions …) depends on call arguments that are not in the layer config
// and is an UnknownShapeError.
func inferTFOp(c *Call) error {
	fn, err := c.Cfg.String("", "function")
	if err != nil {
		return err
	}
	op := "tf." + fn
	if fn == "" {
		op = c.Layer.Name
	}
	if len(c.In) == 0 {
		return &UnknownShapeError{Msg: fmt.Sprintf("%s: a TensorFlow op layer without tensor inputs has no static output shape; use --allow-unknown", op)}
	}
	for _, s := range c.In {
		if len(s) == 0 {
			return fmt.Errorf("%s: expected inputs with a batch dim, got shape %s", op, s)
		}
	}
	switch {
	case tfUnaryOps[fn] && len(c.In) == 1:
		c.SetOut(c.In[0].Clone())
		return nil
	case tfBinaryOps[fn]:
		batch, err := mergeBatch(c.In)
		if err != nil {
			return fmt.Errorf("%s: %v", op, err)
		}
		out := []int64(c.In[0][1:])
		for _, s := range c.In[1:] {
			var ok bool
			if out, ok = mergeBroadcast(out, s[1:], true); !ok {
				return fmt.Errorf("%s: inputs have incompatible shapes %s", op, mergeShapes(c.In))
			}
		}
		if len(c.In) == 1 {
			c.Layer.Note = fmt.Sprintf("%s: assumed its non-tensor operand broadcasts to the input shape", op)
		}
		c.SetOut(append(graph.Shape{batch}, out...))
		return nil
	}
	return &UnknownShapeError{Msg: fmt.Sprintf("%s: the output shape of this TensorFlow op layer depends on call arguments that are not in the layer config, so it cannot be known statically; use --allow-unknown", op)}
}

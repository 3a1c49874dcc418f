package pykeras

import (
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// inputFunc is keras.Input / keras.layers.Input: an InputLayer and its
// Keras tensor.
func inputFunc(s *Session) *eval.Builtin {
	return eval.NewBuiltin("Input", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var shape, batchShape, batchSize, name, dtype, tensor, sparse, ragged eval.Value = eval.None, eval.None, eval.None, eval.None, eval.None, eval.None, eval.None, eval.None
		var rest []eval.KV
		var err error
		switch s.Dialect {
		case graph.Keras1, graph.Keras2:
			err = eval.UnpackArgs("Input", args, kwargs, "shape?", &shape, "batch_shape?", &batchShape, "name?", &name,
				"dtype?", &dtype, "sparse?", &sparse, "tensor?", &tensor, "batch_size?", &batchSize, "**kwargs", &rest)
		default:
			err = eval.UnpackArgs("Input", args, kwargs, "shape?", &shape, "batch_size?", &batchSize, "name?", &name,
				"dtype?", &dtype, "sparse?", &sparse, "tensor|batch_shape?", &tensor, "ragged?", &ragged, "**kwargs", &rest)
			if t, ok := tensor.(eval.Tuple); ok {
				batchShape, tensor = t, eval.None
			} else if l, ok := tensor.(*eval.List); ok {
				batchShape, tensor = l, eval.None
			}
		}
		if err != nil {
			return nil, err
		}
		for _, kv := range rest {
			switch kv.Name {
			case "batch_shape", "batch_input_shape":
				batchShape = kv.Value
			case "type_spec", "optional":
			default:
				return nil, eval.NewError(eval.TypeError, "Input() got an unexpected keyword argument '%s'", kv.Name)
			}
		}
		if t, ok := tensor.(*Tensor); ok && !isNone(tensor) {
			if t.kind == kKeras {
				return t, nil
			}
			if isNone(shape) && isNone(batchShape) {
				batchShape = shapeTuple(t.shape())
			}
		}
		var full graph.Shape
		switch {
		case !isNone(batchShape):
			if full, err = shapeArg(th, "batch_shape", batchShape); err != nil {
				return nil, err
			}
		case !isNone(shape):
			sh, err := shapeArg(th, "shape", shape)
			if err != nil {
				return nil, err
			}
			b := graph.Unknown
			if !isNone(batchSize) {
				n, err := eval.AsInt(batchSize)
				if err != nil {
					return nil, err
				}
				b = n
			}
			full = append(graph.Shape{b}, sh...)
		default:
			if s.Dialect == graph.Keras3 {
				return nil, s.pyErrorf(th, eval.ValueError, "You must pass a `shape` argument to Input().")
			}
			return nil, s.pyErrorf(th, eval.ValueError, "Please provide to Input either a `shape` or a `batch_shape` argument. Note that `shape` does not include the batch dimension.")
		}
		n := ""
		if !isNone(name) {
			if n, err = eval.AsString(name); err != nil {
				return nil, err
			}
		} else {
			n = s.namer.Input()
		}
		dt := dtypeName(dtype)
		if dt == "" {
			dt = s.floatx
		}
		l, t := s.newInputLayer(th, n, full, dt, nil)
		if !isNone(sparse) {
			if b, _ := th.Truth(sparse); b {
				l.Config["sparse"] = true
			}
		}
		s.opaqueLayer(l)
		return kerasTensor(s, t), nil
	})
}

// inputsArg takes a layer call's inputs: the first positional argument,
// else the inputs= keyword (nil when there is neither); rest are the other
// keywords.
func inputsArg(args eval.Tuple, kwargs []eval.KV) (inputs eval.Value, rest []eval.KV) {
	if len(args) > 0 {
		inputs = args[0]
	}
	for _, kv := range kwargs {
		if kv.Name == "inputs" && inputs == nil {
			inputs = kv.Value
			continue
		}
		rest = append(rest, kv)
	}
	return inputs, rest
}

// mergeFunc is a functional helper such as concatenate(inputs, axis=-1):
// it makes the layer class with the other arguments and calls it.
func mergeFunc(s *Session, name, class string) *eval.Builtin {
	return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		inputs, rest := inputsArg(args, kwargs)
		args = args[min(1, len(args)):]
		if inputs == nil {
			return nil, eval.NewError(eval.TypeError, "%s() missing the inputs argument", name)
		}
		cls := s.classes.layers[class]
		if cls == nil {
			return nil, eval.NewError(eval.AttributeError, "netsum has no %s layer in this Keras version", class)
		}
		layer, err := th.Call(cls, args, rest)
		if err != nil {
			return nil, err
		}
		return th.Call(layer, eval.Tuple{inputs}, nil)
	})
}

// mergeFuncs are the lower-case helpers of keras.layers.
var mergeFuncs = map[string]string{
	"concatenate": "Concatenate", "add": "Add", "subtract": "Subtract", "multiply": "Multiply",
	"average": "Average", "maximum": "Maximum", "minimum": "Minimum", "dot": "Dot",
}

// keras1Merge is Keras 1's merge(inputs, mode='sum', ...): a Merge layer
// called on the inputs.
func keras1Merge(s *Session) *eval.Builtin {
	return eval.NewBuiltin("merge", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var inputs eval.Value
		if len(args) > 0 {
			inputs, args = args[0], args[1:]
		}
		var rest []eval.KV
		for _, kv := range kwargs {
			if kv.Name == "inputs" {
				inputs = kv.Value
				continue
			}
			rest = append(rest, kv)
		}
		if inputs == nil {
			return nil, eval.NewError(eval.TypeError, "merge() missing the inputs argument")
		}
		// merge(inputs, mode, concat_axis, dot_axes, output_shape, ...)
		names := []string{"mode", "concat_axis", "dot_axes", "output_shape", "output_mask", "arguments", "node_indices", "tensor_indices", "name"}
		for i, a := range args {
			if i < len(names) {
				rest = append(rest, eval.KV{Name: names[i], Value: a})
			}
		}
		cls := s.classes.layers["Merge"]
		if cls == nil {
			return nil, eval.NewError(eval.AttributeError, "merge() is a Keras 1 function (Keras 2 has concatenate, add, ...)")
		}
		layer, err := th.Call(cls, nil, rest)
		if err != nil {
			return nil, err
		}
		return th.Call(layer, eval.Tuple{inputs}, nil)
	})
}

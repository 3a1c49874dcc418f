package keras

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Wrappers: Bidirectional and TimeDistributed run a wrapped layer (from
// the "layer" config) through the catalog and own its weights.
func init() {
	Register(
		&Spec{Class: "Bidirectional", Family: "recurrent", Infer: inferBidirectional},
		&Spec{Class: "TimeDistributed", Family: "wrapper", Infer: inferTimeDistributed},
	)
}

// adoptWeights copies inner's weights into the wrapper's layer as
// prefix+name, on the wrapper's first call, and records inner for explain.
func adoptWeights(c *Call, prefix string, inner *graph.Layer) {
	if !c.build {
		return
	}
	for _, w := range inner.Weights {
		cp := *w
		cp.Name = prefix + w.Name
		cp.Shape = append([]int64(nil), w.Shape...)
		cp.Trainable = w.Trainable && c.Layer.Trainable
		c.Layer.Weights = append(c.Layer.Weights, &cp)
	}
	c.Layer.Inner = append(c.Layer.Inner, inner)
}

// wrappedLayer reads the wrapped layer of a wrapper.
func wrappedLayer(c *Call, key string) (*graph.Layer, error) {
	v, ok := c.Cfg[key]
	if !ok || v == nil {
		return nil, fmt.Errorf("%s needs a wrapped layer (%q in its config)", c.Layer.Class, key)
	}
	l, err := NewInner(v, c.Layer.Trainable)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", key, err)
	}
	if l.Name == "" {
		l.Name = layerSnakeName(l.Class)
	}
	return l, nil
}

// copyLayerConfig returns a shallow copy of l with its own config map.
func copyLayerConfig(l *graph.Layer) *graph.Layer {
	cfg := make(map[string]any, len(l.Config))
	for k, v := range l.Config {
		cfg[k] = v
	}
	cp := *l
	cp.Config = cfg
	return &cp
}

// inferBidirectional runs the wrapped RNN forward and backward on the same
// input. Outputs (keras@HEAD:keras/src/layers/rnn/bidirectional.py and
// tf-keras@HEAD:tf_keras/layers/rnn/bidirectional.py compute_output_shape):
// merge_mode concat doubles the last dim, sum/mul/ave keep it, None gives
// the two outputs; return_state appends the forward then the backward
// states. Weights: the forward layer's then the backward layer's (2 ×
// wrapped layer), named forward_<name>/… and backward_<name>/….
//
// Naming: tf.keras, Keras 2 and Keras 1 prefix both copies ("forward_" +
// name, "backward_" + name, also for a given backward_layer); Keras 3
// prefixes the forward copy unless its name already starts with forward_
// (its saved config holds the forward copy), and keeps a given
// backward_layer's name as it is.
func inferBidirectional(c *Call) error {
	if len(c.In) == 0 {
		return fmt.Errorf("expects a sequence input, got none")
	}
	// Further inputs are initial states or constants.
	x := c.In[0]
	mode := "concat"
	if v, present := c.Cfg["merge_mode"]; present {
		if v == nil {
			mode = ""
		} else if s, ok := v.(string); ok {
			mode = s
		} else {
			return fmt.Errorf("merge_mode: expected a string or None, got %s", catalog.Repr(v))
		}
	}
	switch mode {
	case "concat", "sum", "mul", "ave", "":
	default:
		return fmt.Errorf("merge_mode: expected one of \"sum\", \"mul\", \"ave\", \"concat\" or None, got %q", mode)
	}
	layer, err := wrappedLayer(c, "layer")
	if err != nil {
		return err
	}
	k3 := c.Dialect == graph.Keras3
	fwd := copyLayerConfig(layer)
	if k3 {
		fwd.Name = "forward_" + strings.TrimPrefix(layer.Name, "forward_")
	} else {
		fwd.Name = "forward_" + layer.Name
	}
	var bwd *graph.Layer
	if v, ok := c.Cfg["backward_layer"]; ok && v != nil {
		if bwd, err = wrappedLayer(c, "backward_layer"); err != nil {
			return err
		}
		if !k3 {
			bwd.Name = "backward_" + bwd.Name
		}
	} else {
		bwd = copyLayerConfig(layer)
		gb, err := catalog.Config(layer.Config).Bool(false, "go_backwards")
		if err != nil {
			return err
		}
		bwd.Config["go_backwards"] = !gb
		if k3 {
			bwd.Name = "backward_" + strings.TrimPrefix(layer.Name, "backward_")
		} else {
			bwd.Name = "backward_" + layer.Name
		}
	}
	fo, err := readRNNOpts(catalog.Config(fwd.Config))
	if err != nil {
		return fmt.Errorf("layer: %v", err)
	}
	bo, err := readRNNOpts(catalog.Config(bwd.Config))
	if err != nil {
		return fmt.Errorf("backward_layer: %v", err)
	}
	fgb, err := catalog.Config(fwd.Config).Bool(false, "go_backwards")
	if err != nil {
		return fmt.Errorf("layer: %v", err)
	}
	bgb, err := catalog.Config(bwd.Config).Bool(false, "go_backwards")
	if err != nil {
		return fmt.Errorf("backward_layer: %v", err)
	}
	if fgb == bgb {
		return fmt.Errorf("the forward and backward layers must have different go_backwards values")
	}
	if fo.returnSequences != bo.returnSequences || fo.returnState != bo.returnState {
		return fmt.Errorf("the forward and backward layers must have the same return_sequences and return_state")
	}
	fout, err := c.Sub(fwd, []graph.Shape{x})
	if err != nil {
		return err
	}
	bout, err := c.Sub(bwd, []graph.Shape{x})
	if err != nil {
		return err
	}
	if len(fout) == 0 || len(bout) == 0 {
		return fmt.Errorf("the wrapped layer gave no output")
	}
	fy, by := fout[0], bout[0]
	fStates, bStates := fout[1:], bout[1:]
	if !fo.returnState {
		fStates, bStates = nil, nil
	}
	// Only tf.keras computes shapes by running call (a real concat of the
	// two outputs, the backward layer's own states); Keras 1/2 and 3 use
	// compute_output_shape, which reads the forward layer only.
	realCall := c.Dialect == graph.TFKeras
	if !realCall {
		bStates = fStates
	}
	var outs []graph.Shape
	switch mode {
	case "concat":
		if len(fy) != len(by) {
			return fmt.Errorf("forward output %s and backward output %s cannot be concatenated", fy, by)
		}
		y := fy.Clone()
		last := len(y) - 1
		switch {
		case !realCall:
			if y[last] >= 0 {
				y[last] *= 2
			}
		case y[last] < 0 || by[last] < 0:
			y[last] = -1
		default:
			y[last] += by[last]
		}
		outs = []graph.Shape{y}
	case "":
		outs = []graph.Shape{fy.Clone(), fy.Clone()}
		if realCall {
			outs[1] = by.Clone()
		}
	default:
		if realCall && !fy.Equal(by) {
			return fmt.Errorf("merge_mode=%q needs equal forward and backward outputs, got %s and %s", mode, fy, by)
		}
		outs = []graph.Shape{fy.Clone()}
	}
	for _, s := range fStates {
		outs = append(outs, s.Clone())
	}
	for _, s := range bStates {
		outs = append(outs, s.Clone())
	}
	adoptWeights(c, fwd.Name+"/", fwd)
	adoptWeights(c, bwd.Name+"/", bwd)
	c.SetOut(outs...)
	return nil
}

// inferTimeDistributed applies the wrapped layer to every time step: the
// inner layer runs on (batch,) + shape[2:] and the time dim is put back
// into each of its outputs (keras@HEAD:keras/src/layers/rnn/time_distributed.py
// compute_output_shape; keras@1.1.1:keras/layers/wrappers.py
// TimeDistributed.get_output_shape_for). Its weights are the wrapped
// layer's, built once, named <inner name>/….
func inferTimeDistributed(c *Call) error {
	x, err := c.One()
	if err != nil {
		return err
	}
	if len(x) < 3 {
		return fmt.Errorf("TimeDistributed needs an input of rank >= 3 (batch, time, ...), got shape %s", x)
	}
	inner, err := wrappedLayer(c, "layer")
	if err != nil {
		return err
	}
	step := append(graph.Shape{x[0]}, x[2:]...)
	outs, err := c.Sub(inner, []graph.Shape{step})
	if err != nil {
		return err
	}
	res := make([]graph.Shape, len(outs))
	for i, o := range outs {
		if len(o) == 0 {
			return fmt.Errorf("the wrapped layer gave a scalar output, which cannot be distributed over time")
		}
		res[i] = append(graph.Shape{x[0], x[1]}, o[1:]...)
	}
	adoptWeights(c, inner.Name+"/", inner)
	c.SetOut(res...)
	return nil
}

package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Activation layers (keras/src/layers/activations/*.py; Keras 1
// keras/layers/advanced_activations.py) and spatial dropout
// (keras/src/layers/regularization/spatial_dropout.py). Activation, Dropout
// and the other shape-preserving regularizers are registered in core.go.

func init() {
	Register(
		&Spec{Class: "ReLU", Family: "activation", Infer: inferReLU},
		&Spec{Class: "LeakyReLU", Family: "activation", Infer: same},
		&Spec{Class: "ELU", Family: "activation", Infer: same},
		&Spec{Class: "ThresholdedReLU", Family: "activation", Infer: same},
		&Spec{Class: "Softmax", Family: "activation", Infer: same},
		&Spec{Class: "PReLU", Family: "activation", Infer: inferPReLU},
		// Keras 1 only (removed in Keras 2, kept in keras-contrib).
		&Spec{Class: "ParametricSoftplus", Family: "activation", Infer: actParamLayer("alphas", "betas")},
		&Spec{Class: "SReLU", Family: "activation", Infer: actParamLayer("t_left", "a_left", "t_right", "a_right")},
		&Spec{Class: "SpatialDropout1D", Family: "regularization", Infer: actSpatialDropout(1)},
		&Spec{Class: "SpatialDropout2D", Family: "regularization", Infer: actSpatialDropout(2)},
		&Spec{Class: "SpatialDropout3D", Family: "regularization", Infer: actSpatialDropout(3)},
	)
}

// inferReLU checks the arguments the way keras/src/layers/activations/relu.py
// does and keeps the shape.
func inferReLU(c *Call) error {
	if c.Cfg.Has("max_value") {
		v, err := c.Cfg.Float(0, "max_value")
		if err != nil {
			return err
		}
		if v < 0 {
			return fmt.Errorf("max_value of a ReLU layer cannot be a negative value, got %v", v)
		}
	}
	for _, k := range []string{"negative_slope", "threshold"} {
		v, err := c.Cfg.Float(0, k)
		if err != nil {
			return err
		}
		if v < 0 {
			return fmt.Errorf("%s of a ReLU layer cannot be a negative value, got %v", k, v)
		}
	}
	return same(c)
}

// actSharedAxes reads shared_axes (an int, a list, or null) of PReLU and the
// Keras 1.2 advanced activations.
func actSharedAxes(c *Call) ([]int64, error) {
	v, k, ok := c.Cfg.Lookup("shared_axes")
	if !ok {
		return nil, nil
	}
	if l, isList := v.([]any); isList {
		// Keras 1.2 stores [None] for "no shared axes".
		if len(l) == 1 && l[0] == nil {
			return nil, nil
		}
	}
	axes, err := catalog.IntList(v, -1)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", k, err)
	}
	return axes, nil
}

// actParamDims is the per-element parameter shape of PReLU-like layers:
// input_shape[1:] with every shared axis set to 1. Keras writes
// param_shape[i - 1] = 1, so a negative axis indexes from the end as in
// Python.
func actParamDims(s graph.Shape, shared []int64) ([]D, error) {
	if len(s) < 2 {
		return nil, fmt.Errorf("expected input of rank >= 2 (batch included), got shape %s", s)
	}
	n := len(s) - 1
	isShared := make([]bool, n)
	for _, a := range shared {
		i := int(a) - 1
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return nil, fmt.Errorf("shared_axes: axis %d out of range for input of shape %s", a, s)
		}
		isShared[i] = true
	}
	dims := make([]D, n)
	for i := 0; i < n; i++ {
		if isShared[i] {
			dims[i] = F("shared", 1)
			continue
		}
		d := s[i+1]
		if d < 0 {
			return nil, fmt.Errorf("the parameters need every non-shared input dim known, but axis %d of input shape %s is None (share it with shared_axes)", i+1, s)
		}
		dims[i] = F(fmt.Sprintf("dim%d", i+1), d)
	}
	return dims, nil
}

// inferPReLU: alpha of shape input_shape[1:] with shared axes set to 1
// (keras/src/layers/activations/prelu.py build; Keras 1 "alphas").
func inferPReLU(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	shared, err := actSharedAxes(c)
	if err != nil {
		return err
	}
	dims, err := actParamDims(s, shared)
	if err != nil {
		return err
	}
	name := "alpha"
	if c.Dialect == graph.Keras1 {
		name = "alphas"
	}
	c.AddWeight(name, true, dims...)
	c.SetOut(s.Clone())
	return nil
}

// actParamLayer gives Keras 1 advanced activations with one trainable array
// per name, each of PReLU's parameter shape (keras@1.2.2:
// keras/layers/advanced_activations.py ParametricSoftplus: alphas, betas;
// SReLU: t_left, a_left, t_right, a_right).
func actParamLayer(names ...string) func(c *Call) error {
	return func(c *Call) error {
		s, err := c.One()
		if err != nil {
			return err
		}
		shared, err := actSharedAxes(c)
		if err != nil {
			return err
		}
		dims, err := actParamDims(s, shared)
		if err != nil {
			return err
		}
		for _, n := range names {
			c.AddWeight(n, true, dims...)
		}
		c.SetOut(s.Clone())
		return nil
	}
}

// actSpatialDropout keeps the shape of a (batch, steps..., channels) input
// of n spatial dims (InputSpec(ndim=n+2)).
func actSpatialDropout(n int) func(c *Call) error {
	return func(c *Call) error {
		s, err := c.OneRank(n + 2)
		if err != nil {
			return err
		}
		c.SetOut(s.Clone())
		return nil
	}
}

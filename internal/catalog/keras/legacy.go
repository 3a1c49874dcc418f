package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/graph"
)

// Keras 1 layers kept in Keras 2.0–2.3 as keras/legacy/layers.py (Highway,
// MaxoutDense) or removed in Keras 2 (TimeDistributedDense). Sources:
// keras@1.1.1:keras/layers/core.py, keras@2.3.1:keras/legacy/layers.py.

func init() {
	Register(
		&Spec{Class: "Highway", Family: "core", Infer: inferHighway},
		&Spec{Class: "MaxoutDense", Family: "core", Infer: inferMaxoutDense},
		&Spec{Class: "TimeDistributedDense", Family: "core", Infer: inferTimeDistributedDense},
	)
}

// legacyIn2 returns the (batch, features) input and its known feature count.
func legacyIn2(c *Call) (graph.Shape, int64, error) {
	s, err := c.OneRank(2)
	if err != nil {
		return nil, 0, err
	}
	in, err := lastDim(s, "input features")
	if err != nil {
		return nil, 0, err
	}
	return s, in, nil
}

// inferHighway: W and W_carry (in, in), b and b_carry (in) when bias
// (2·in² + 2·in); the shape is kept.
func inferHighway(c *Call) error {
	s, in, err := legacyIn2(c)
	if err != nil {
		return err
	}
	bias, err := useBias(c)
	if err != nil {
		return err
	}
	c.AddWeight("W", true, F("in_features", in), F("in_features", in))
	if bias {
		c.AddWeight("b", true, F("in_features", in))
	}
	c.AddWeight("W_carry", true, F("in_features", in), F("in_features", in))
	if bias {
		c.AddWeight("b_carry", true, F("in_features", in))
	}
	c.SetOut(s.Clone())
	return nil
}

// inferMaxoutDense: W (nb_feature, in, output_dim) and b (nb_feature,
// output_dim) when bias: nb_feature·(in·u + u); output (batch, output_dim).
func inferMaxoutDense(c *Call) error {
	s, in, err := legacyIn2(c)
	if err != nil {
		return err
	}
	units, err := c.Cfg.RequireInt("output_dim", "units")
	if err != nil {
		return err
	}
	nf, err := c.Cfg.Int(4, "nb_feature")
	if err != nil {
		return err
	}
	if units <= 0 || nf <= 0 {
		return fmt.Errorf("output_dim and nb_feature must be positive, got %d and %d", units, nf)
	}
	bias, err := useBias(c)
	if err != nil {
		return err
	}
	c.AddWeight("W", true, F("nb_feature", nf), F("in_features", in), F("units", units))
	if bias {
		c.AddWeight("b", true, F("nb_feature", nf), F("units", units))
	}
	c.SetOut(graph.Shape{s[0], units})
	return nil
}

// inferTimeDistributedDense: a Dense applied to each step of a
// (batch, steps, features) input: W (features, output_dim), b (output_dim).
func inferTimeDistributedDense(c *Call) error {
	s, err := c.OneRank(3)
	if err != nil {
		return err
	}
	in, err := lastDim(s, "input features")
	if err != nil {
		return err
	}
	units, err := c.Cfg.RequireInt("output_dim", "units")
	if err != nil {
		return err
	}
	if units <= 0 {
		return fmt.Errorf("output_dim must be positive, got %d", units)
	}
	bias, err := useBias(c)
	if err != nil {
		return err
	}
	c.AddWeight("W", true, F("in_features", in), F("units", units))
	if bias {
		c.AddWeight("b", true, F("units", units))
	}
	c.SetOut(graph.Shape{s[0], s[1], units})
	return nil
}

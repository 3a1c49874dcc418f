package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/graph"
)

func init() {
	Register(
		&Spec{Class: "InputLayer", Family: "input", Infer: inferInput},
		&Spec{Class: "Dense", Family: "core", Infer: inferDense},
		&Spec{Class: "Flatten", Family: "reshape", Infer: inferFlatten},
	)
	for _, c := range []string{"Dropout", "GaussianDropout", "GaussianNoise", "AlphaDropout", "ActivityRegularization", "Masking"} {
		Register(&Spec{Class: c, Family: "regularization", Infer: same})
	}
	Register(&Spec{Class: "Activation", Family: "activation", Infer: same})
}

// inferInput gives the declared shape of an InputLayer.
func inferInput(c *Call) error {
	if len(c.In) == 1 {
		c.SetOut(c.In[0].Clone())
		return nil
	}
	s, ok, err := c.Cfg.Shape("batch_shape", "batch_input_shape")
	if err != nil {
		return err
	}
	if !ok {
		s, ok, err = c.Cfg.Shape("input_shape", "shape")
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("InputLayer needs batch_shape, batch_input_shape or input_shape")
		}
		s = append([]int64{-1}, s...)
	}
	c.SetOut(graph.Shape(s))
	return nil
}

// inferDense: kernel (in, units) + bias (units), applied to the last axis.
func inferDense(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	units, err := c.Cfg.RequireInt("units", "output_dim")
	if err != nil {
		return err
	}
	if units <= 0 {
		return fmt.Errorf("units must be positive, got %d", units)
	}
	in, err := lastDim(s, "input features")
	if err != nil {
		return err
	}
	bias, err := useBias(c)
	if err != nil {
		return err
	}
	c.AddWeight("kernel", true, F("in_features", in), F("units", units))
	if bias {
		c.AddWeight("bias", true, F("units", units))
	}
	out := s.Clone()
	out[len(out)-1] = units
	c.SetOut(out)
	return nil
}

// inferFlatten multiplies all non-batch dims (Keras 2+ channels_first
// transposes first, which does not change the size).
func inferFlatten(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	if len(s) < 2 {
		c.SetOut(graph.Shape{s0(s), 1})
		return nil
	}
	n := int64(1)
	for _, d := range s[1:] {
		if d < 0 {
			n = -1
			break
		}
		if d != 0 && n > (1<<62)/d {
			return fmt.Errorf("flattened size of %s overflows int64", s)
		}
		n *= d
	}
	c.SetOut(graph.Shape{s[0], n})
	return nil
}

func s0(s graph.Shape) int64 {
	if len(s) == 0 {
		return -1
	}
	return s[0]
}

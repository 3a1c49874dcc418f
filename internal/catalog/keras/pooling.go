package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/graph"
)

// Pooling layers: windowed, global and (Keras 3.13+) adaptive. None has
// weights.

func init() {
	for _, p := range []struct {
		n     int
		class string
		alias string
	}{
		{1, "MaxPooling1D", "MaxPool1D"}, {2, "MaxPooling2D", "MaxPool2D"}, {3, "MaxPooling3D", "MaxPool3D"},
		{1, "AveragePooling1D", "AvgPool1D"}, {2, "AveragePooling2D", "AvgPool2D"}, {3, "AveragePooling3D", "AvgPool3D"},
	} {
		Register(&Spec{Class: p.class, Aliases: []string{p.alias}, Family: "pooling", Infer: poolInfer(p.n)})
	}
	for _, p := range []struct {
		n     int
		class string
		alias string
	}{
		{1, "GlobalMaxPooling1D", "GlobalMaxPool1D"}, {2, "GlobalMaxPooling2D", "GlobalMaxPool2D"}, {3, "GlobalMaxPooling3D", "GlobalMaxPool3D"},
		{1, "GlobalAveragePooling1D", "GlobalAvgPool1D"}, {2, "GlobalAveragePooling2D", "GlobalAvgPool2D"}, {3, "GlobalAveragePooling3D", "GlobalAvgPool3D"},
	} {
		Register(&Spec{Class: p.class, Aliases: []string{p.alias}, Family: "pooling", Infer: globalPoolInfer(p.n)})
	}
	for n := 1; n <= 3; n++ {
		Register(
			&Spec{Class: fmt.Sprintf("AdaptiveMaxPooling%dD", n), Family: "pooling", Infer: adaptivePoolInfer(n)},
			&Spec{Class: fmt.Sprintf("AdaptiveAveragePooling%dD", n), Family: "pooling", Infer: adaptivePoolInfer(n)},
		)
	}
}

// poolInfer: pool_size (Keras 1 pool_length for 1D), strides (Keras 1
// stride for 1D) defaulting to pool_size, padding "valid" or "same"
// (Keras 1 border_mode). Output length like a convolution: valid
// ceil((L-p+1)/s) = floor((L-p)/s)+1, same ceil(L/s)
// (keras@1.1.1:keras/layers/pooling.py get_output_shape_for with
// conv_output_length; tf.keras keras/layers/pooling/base_pooling2d.py;
// Keras 3 keras/src/ops/operation_utils.py compute_pooling_output_shape,
// which raises when a valid output would be <= 0).
func poolInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		s, err := c.OneRank(n + 2)
		if err != nil {
			return err
		}
		g := convGeom{what: "pool size", dilation: onesN(n)}
		if g.kernel, err = c.Cfg.Ints(n, filledInts(n, 2), "pool_size", "pool_length"); err != nil {
			return err
		}
		if g.strides, err = c.Cfg.Ints(n, g.kernel, "strides", "stride"); err != nil {
			return err
		}
		if g.padding, err = padding(c, "valid"); err != nil {
			return err
		}
		if g.padding != "valid" && g.padding != "same" {
			return fmt.Errorf("padding: expected \"valid\" or \"same\", got %q", g.padding)
		}
		if g.cf, err = channelsFirst(c); err != nil {
			return err
		}
		if err := allPositiveInts("pool_size", g.kernel); err != nil {
			return err
		}
		if err := allPositiveInts("strides", g.strides); err != nil {
			return err
		}
		dims, ch := spatial(s, n, g.cf)
		out, err := g.outDims(dims)
		if err != nil {
			return err
		}
		c.SetOut(assemble(s[0], out, ch, g.cf))
		return nil
	}
}

// globalPoolInfer: (batch, channels), or with keepdims (tf.keras 2.6+,
// Keras 3) the spatial dims kept as 1 (Keras 3
// keras/src/layers/pooling/base_global_pooling.py compute_output_shape;
// tf.keras keras/layers/pooling/base_global_pooling2d.py).
func globalPoolInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		s, err := c.OneRank(n + 2)
		if err != nil {
			return err
		}
		cf, err := channelsFirst(c)
		if err != nil {
			return err
		}
		keep, err := c.Cfg.Bool(false, "keepdims")
		if err != nil {
			return err
		}
		_, ch := spatial(s, n, cf)
		if !keep {
			c.SetOut(graph.Shape{s[0], ch})
			return nil
		}
		c.SetOut(assemble(s[0], onesN(n), ch, cf))
		return nil
	}
}

// adaptivePoolInfer: (batch, output_size..., channels) whatever the input
// size (Keras 3.13+ keras/src/layers/pooling/base_adaptive_pooling.py).
func adaptivePoolInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		s, err := c.OneRank(n + 2)
		if err != nil {
			return err
		}
		if !c.Cfg.Has("output_size") {
			return fmt.Errorf("missing required argument output_size")
		}
		size, err := c.Cfg.Ints(n, nil, "output_size")
		if err != nil {
			return err
		}
		if err := allPositiveInts("output_size", size); err != nil {
			return err
		}
		cf, err := channelsFirst(c)
		if err != nil {
			return err
		}
		_, ch := spatial(s, n, cf)
		c.SetOut(assemble(s[0], size, ch, cf))
		return nil
	}
}

package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/graph"
)

// channelsFirst reads data_format (Keras 2/3) or dim_ordering (Keras 1:
// "th" is channels first, "tf" and "default" channels last).
func channelsFirst(c *Call) (bool, error) {
	if df, err := c.Cfg.String("", "data_format"); err != nil {
		return false, err
	} else if df != "" {
		switch df {
		case "channels_first":
			return true, nil
		case "channels_last":
			return false, nil
		}
		return false, fmt.Errorf("data_format: expected \"channels_last\" or \"channels_first\", got %q", df)
	}
	do, err := c.Cfg.String("", "dim_ordering")
	if err != nil {
		return false, err
	}
	switch do {
	case "th":
		return true, nil
	case "", "tf", "default":
		return false, nil
	}
	return false, fmt.Errorf("dim_ordering: expected \"tf\" or \"th\", got %q", do)
}

// padding reads padding (Keras 2/3) or border_mode (Keras 1), lower-cased.
func padding(c *Call, def string) (string, error) {
	p, err := c.Cfg.String(def, "padding", "border_mode")
	if err != nil {
		return "", err
	}
	switch p {
	case "valid", "same", "causal", "full":
		return p, nil
	case "VALID", "Valid":
		return "valid", nil
	case "SAME", "Same":
		return "same", nil
	}
	return "", fmt.Errorf("padding: expected \"valid\" or \"same\", got %q", p)
}

// spatial splits an input shape into its spatial dims and channel count
// for rank n spatial dims.
func spatial(s graph.Shape, n int, cf bool) (dims []int64, ch int64) {
	if cf {
		return append([]int64(nil), s[2:2+n]...), s[1]
	}
	return append([]int64(nil), s[1:1+n]...), s[1+n]
}

// assemble builds an output shape from batch, spatial dims and channels.
func assemble(batch int64, dims []int64, ch int64, cf bool) graph.Shape {
	out := graph.Shape{batch}
	if cf {
		out = append(out, ch)
		return append(out, dims...)
	}
	out = append(out, dims...)
	return append(out, ch)
}

// axisIndex resolves a possibly negative axis against rank.
func axisIndex(axis int64, rank int) (int, error) {
	a := int(axis)
	if a < 0 {
		a += rank
	}
	if a < 0 || a >= rank {
		return 0, fmt.Errorf("axis %d out of range for input of rank %d", axis, rank)
	}
	return a, nil
}

// useBias reads use_bias (Keras 2/3) or bias (Keras 1).
func useBias(c *Call) (bool, error) { return c.Cfg.Bool(true, "use_bias", "bias") }

// same returns the input shape as the only output (shape-preserving layers).
func same(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	c.SetOut(s.Clone())
	return nil
}

// lastDim returns the last dim of s, or an error if unknown.
func lastDim(s graph.Shape, what string) (int64, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("expected input of rank >= 2, got shape %s", s)
	}
	d := s[len(s)-1]
	if d < 0 {
		return 0, fmt.Errorf("the last dimension of the input (%s) must be known, got shape %s", what, s)
	}
	return d, nil
}

package keras

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// The reshaping family: Reshape, Permute, RepeatVector, Cropping, ZeroPadding,
// UpSampling (Flatten is in core.go). None has weights.

func init() {
	Register(
		&Spec{Class: "Reshape", Family: "reshape", Infer: inferReshape},
		&Spec{Class: "Permute", Family: "reshape", Infer: inferPermute},
		&Spec{Class: "RepeatVector", Family: "reshape", Infer: inferRepeatVector},
	)
	for n := 1; n <= 3; n++ {
		Register(
			&Spec{Class: fmt.Sprintf("Cropping%dD", n), Family: "reshape", Infer: croppingInfer(n)},
			&Spec{Class: fmt.Sprintf("ZeroPadding%dD", n), Family: "reshape", Infer: zeroPaddingInfer(n)},
			&Spec{Class: fmt.Sprintf("UpSampling%dD", n), Family: "reshape", Infer: upSamplingInfer(n)},
		)
	}
}

// inferReshape: (batch,) + target_shape, where one -1 is inferred from the
// input size and the sizes must match. If an input dim is unknown (or the
// target has a None), -1 stays unknown (tf.keras
// keras/layers/reshaping/reshape.py compute_output_shape and
// _fix_unknown_dimension; Keras 3 keras/src/ops/operation_utils.py
// compute_reshape_output_shape).
func inferReshape(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	if len(s) < 1 {
		return fmt.Errorf("expected an input with a batch dimension, got shape %s", s)
	}
	v, _, ok := c.Cfg.Lookup("target_shape")
	if !ok {
		return fmt.Errorf("missing required argument target_shape")
	}
	var list []any
	switch x := v.(type) {
	case []any:
		list = x
	default:
		list = []any{x}
	}
	target := make([]int64, len(list)) // -1 infer, -2 None
	infer, unknown := -1, false
	for i, e := range list {
		if e == nil {
			target[i] = -2
			unknown = true
			continue
		}
		d, ok := catalog.AsInt(e)
		if !ok || d < -1 {
			return fmt.Errorf("target_shape: each dim must be a non-negative integer or -1, got %s", catalog.Repr(v))
		}
		target[i] = d
	}
	for i, d := range target {
		if d == -1 {
			if infer >= 0 {
				return fmt.Errorf("target_shape %s has more than one -1", reshapeTargetStr(target))
			}
			infer = i
		}
	}
	out := graph.Shape{s[0]}
	if unknown || !s.Known(1) {
		for _, d := range target {
			if d < 0 {
				d = -1
			}
			out = append(out, d)
		}
		c.SetOut(out)
		return nil
	}
	size, err := catalog.Mul(s[1:]...)
	if err != nil {
		return fmt.Errorf("input shape %s: %v", s, err)
	}
	known := int64(1)
	for _, d := range target {
		if d >= 0 {
			if known, err = catalog.Mul(known, d); err != nil {
				return fmt.Errorf("target_shape %s: %v", reshapeTargetStr(target), err)
			}
		}
	}
	if infer < 0 {
		if known != size {
			return fmt.Errorf("cannot reshape input of shape %s (%d values per sample) into target_shape %s (%d values)", s, size, reshapeTargetStr(target), known)
		}
	} else {
		if known == 0 || size%known != 0 {
			return fmt.Errorf("cannot reshape input of shape %s (%d values per sample) into target_shape %s: %d is not a multiple of %d", s, size, reshapeTargetStr(target), size, known)
		}
		target[infer] = size / known
	}
	c.SetOut(append(out, target...))
	return nil
}

// reshapeTargetStr formats a target shape, -2 printing as None.
func reshapeTargetStr(t []int64) string {
	parts := make([]string, len(t))
	for i, d := range t {
		switch d {
		case -2:
			parts[i] = "None"
		default:
			parts[i] = fmt.Sprint(d)
		}
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// inferPermute: dims is a permutation of 1..rank-1 (1-based, the batch axis
// stays first); output[i] = input[dims[i-1]] (Keras 3
// keras/src/layers/reshaping/permute.py, tf.keras
// keras/layers/reshaping/permute.py, keras@1.1.1:keras/layers/core.py).
func inferPermute(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	v, _, ok := c.Cfg.Lookup("dims")
	if !ok {
		return fmt.Errorf("missing required argument dims")
	}
	dims, err := catalog.IntList(v, -1)
	if err != nil {
		return fmt.Errorf("dims: %v", err)
	}
	seen := make([]bool, len(dims)+1)
	for _, d := range dims {
		if d < 1 || d > int64(len(dims)) || seen[d] {
			return fmt.Errorf("dims %s must be a permutation of 1..%d (1-based; the batch axis is not permuted)", intsTuple(dims), len(dims))
		}
		seen[d] = true
	}
	if len(s) != len(dims)+1 {
		return fmt.Errorf("dims %s expect input of rank %d (batch included), got shape %s", intsTuple(dims), len(dims)+1, s)
	}
	out := graph.Shape{s[0]}
	for _, d := range dims {
		out = append(out, s[d])
	}
	c.SetOut(out)
	return nil
}

// inferRepeatVector: (batch, features) -> (batch, n, features).
func inferRepeatVector(c *Call) error {
	s, err := c.OneRank(2)
	if err != nil {
		return err
	}
	n, err := c.Cfg.RequireInt("n")
	if err != nil {
		return err
	}
	if n <= 0 {
		return fmt.Errorf("n must be positive, got %d", n)
	}
	c.SetOut(graph.Shape{s[0], n, s[1]})
	return nil
}

// axisPairs reads a per-axis (before, after) amount of Cropping or
// ZeroPadding: an int (all sides), for 1D a pair (before, after), for 2D/3D
// n ints (symmetric per axis) or n pairs; also the Keras 1 forms: a dict
// ({left_pad, right_pad} for 1D, {top_pad, bottom_pad, left_pad, right_pad}
// for 2D) and for ZeroPadding2D a 4-tuple (top, bottom, left, right)
// (keras@1.1.1:keras/layers/convolutional.py ZeroPadding1D/2D __init__).
func axisPairs(c *Call, key string, n int, def [][2]int64, keras1Forms bool) ([][2]int64, error) {
	v, _, ok := c.Cfg.Lookup(key)
	if !ok {
		return def, nil
	}
	bad := func() error {
		var forms string
		switch n {
		case 1:
			forms = "an int or a pair of ints (before, after)"
		case 2:
			forms = "an int, 2 ints or 2 pairs of ints ((top, bottom), (left, right))"
		default:
			forms = "an int, 3 ints or 3 pairs of ints"
		}
		return fmt.Errorf("%s: expected %s, got %s", key, forms, catalog.Repr(v))
	}
	out := make([][2]int64, n)
	switch x := v.(type) {
	case map[string]any:
		if !keras1Forms || n > 2 {
			return nil, bad()
		}
		names := [][2]string{{"left_pad", "right_pad"}}
		if n == 2 {
			names = [][2]string{{"top_pad", "bottom_pad"}, {"left_pad", "right_pad"}}
		}
		allowed := map[string]bool{}
		for i, nm := range names {
			for j, k := range nm {
				allowed[k] = true
				if e, ok := x[k]; ok && e != nil {
					d, ok := catalog.AsInt(e)
					if !ok {
						return nil, bad()
					}
					out[i][j] = d
				}
			}
		}
		for k := range x {
			if !allowed[k] {
				return nil, fmt.Errorf("%s: unexpected key %q in %s", key, k, catalog.Repr(v))
			}
		}
	case []any:
		switch {
		case n == 1 && len(x) == 2:
			p, err := catalog.IntList(x, 2)
			if err != nil {
				return nil, bad()
			}
			out[0] = [2]int64{p[0], p[1]}
		case n == 1 && len(x) == 1:
			p, err := catalog.IntList(x[0], 2)
			if err != nil {
				return nil, bad()
			}
			out[0] = [2]int64{p[0], p[1]}
		case n == 2 && len(x) == 4 && keras1Forms:
			p, err := catalog.IntList(x, 4)
			if err != nil {
				return nil, bad()
			}
			out[0], out[1] = [2]int64{p[0], p[1]}, [2]int64{p[2], p[3]}
		case n > 1 && len(x) == n:
			for i, e := range x {
				p, err := catalog.IntList(e, 2)
				if err != nil {
					return nil, bad()
				}
				out[i] = [2]int64{p[0], p[1]}
			}
		default:
			return nil, bad()
		}
	default:
		d, ok := catalog.AsInt(v)
		if !ok {
			return nil, bad()
		}
		for i := range out {
			out[i] = [2]int64{d, d}
		}
	}
	for _, p := range out {
		if p[0] < 0 || p[1] < 0 {
			return nil, fmt.Errorf("%s must not be negative, got %s", key, catalog.Repr(v))
		}
	}
	return out, nil
}

func axisPairsOf(n int, v int64) [][2]int64 {
	out := make([][2]int64, n)
	for i := range out {
		out[i] = [2]int64{v, v}
	}
	return out
}

// reshapeSpatial returns the spatial dims of a rank n+2 input; 1D layers that
// have no data_format are channels last.
func reshapeSpatial(c *Call, n int, withFormat bool) (graph.Shape, []int64, int64, bool, error) {
	s, err := c.OneRank(n + 2)
	if err != nil {
		return nil, nil, 0, false, err
	}
	cf := false
	if withFormat {
		if cf, err = channelsFirst(c); err != nil {
			return nil, nil, 0, false, err
		}
	}
	dims, ch := spatial(s, n, cf)
	return s, dims, ch, cf, nil
}

// croppingInfer: each spatial dim minus its crops; a crop that leaves
// nothing is an error, unknown dims stay unknown (Keras 3
// keras/src/layers/reshaping/cropping{1,2,3}d.py; defaults (1, 1) for 1D,
// ((0, 0), (0, 0)) for 2D, ((1, 1), (1, 1), (1, 1)) for 3D as in Keras 1).
func croppingInfer(n int) func(c *Call) error {
	def := [][2]int64{{1, 1}}
	switch n {
	case 2:
		def = axisPairsOf(2, 0)
	case 3:
		def = axisPairsOf(3, 1)
	}
	return func(c *Call) error {
		s, dims, ch, cf, err := reshapeSpatial(c, n, n > 1)
		if err != nil {
			return err
		}
		crop, err := axisPairs(c, "cropping", n, def, false)
		if err != nil {
			return err
		}
		for i, d := range dims {
			if d < 0 {
				continue
			}
			if crop[i][0]+crop[i][1] >= d {
				return fmt.Errorf("cropping %d+%d is not smaller than input size %d on spatial axis %d (input shape %s)", crop[i][0], crop[i][1], d, i+1, s)
			}
			dims[i] = d - crop[i][0] - crop[i][1]
		}
		c.SetOut(assemble(s[0], dims, ch, cf))
		return nil
	}
}

// zeroPaddingInfer: each spatial dim plus its pads (Keras 3
// keras/src/layers/reshaping/zero_padding{1,2,3}d.py, whose 1D layer has a
// data_format; defaults 1, (1, 1), (1, 1, 1)).
func zeroPaddingInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		s, dims, ch, cf, err := reshapeSpatial(c, n, true)
		if err != nil {
			return err
		}
		pad, err := axisPairs(c, "padding", n, axisPairsOf(n, 1), true)
		if err != nil {
			return err
		}
		for i, d := range dims {
			if d >= 0 {
				dims[i] = d + pad[i][0] + pad[i][1]
			}
		}
		c.SetOut(assemble(s[0], dims, ch, cf))
		return nil
	}
}

// upSamplingInfer: each spatial dim times its size (Keras 1 UpSampling1D
// length, keras@1.1.1:keras/layers/convolutional.py:1249-1270; Keras 3
// keras/src/layers/reshaping/up_sampling{1,2,3}d.py). UpSampling1D has no
// data_format.
func upSamplingInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		s, dims, ch, cf, err := reshapeSpatial(c, n, n > 1)
		if err != nil {
			return err
		}
		size, err := c.Cfg.Ints(n, filledInts(n, 2), "size", "length")
		if err != nil {
			return err
		}
		if err := allPositiveInts("size", size); err != nil {
			return err
		}
		for i, d := range dims {
			if dims[i], err = catalog.Mul(d, size[i]); err != nil {
				return fmt.Errorf("upsampled size of %s: %v", s, err)
			}
		}
		c.SetOut(assemble(s[0], dims, ch, cf))
		return nil
	}
}

func filledInts(n int, v int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

package keras

import (
	"fmt"
	"sort"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Normalization layers: keras/src/layers/normalization/*.py (Keras 3),
// keras/layers/normalization/*.py (tf.keras 2.x), keras/layers/normalization.py
// (Keras 1 and 2), and the Normalization preprocessing layer
// (keras/src/layers/preprocessing/normalization.py).

func init() {
	Register(
		&Spec{Class: "BatchNormalization", Aliases: []string{"SyncBatchNormalization", "BatchNormalizationV1", "BatchNormalizationV2"}, Family: "normalization", Infer: inferBatchNorm},
		&Spec{Class: "LayerNormalization", Family: "normalization", Infer: inferLayerNorm},
		&Spec{Class: "GroupNormalization", Family: "normalization", Infer: inferGroupNorm},
		&Spec{Class: "UnitNormalization", Family: "normalization", Infer: inferUnitNorm},
		&Spec{Class: "RMSNormalization", Family: "normalization", Infer: inferRMSNorm},
		&Spec{Class: "Normalization", Family: "preprocessing", Infer: inferNormalizationPP},
	)
}

// normAxes reads an axis argument (int or list) and resolves each entry
// against rank; duplicates are an error.
func normAxes(c *Call, def any, rank int) ([]int, error) {
	v, k, ok := c.Cfg.Lookup("axis")
	if !ok {
		v, k = def, "axis"
	}
	raw, err := catalog.IntList(v, -1)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", k, err)
	}
	seen := map[int]bool{}
	out := make([]int, len(raw))
	for i, a := range raw {
		ax, err := axisIndex(a, rank)
		if err != nil {
			return nil, err
		}
		if seen[ax] {
			return nil, fmt.Errorf("duplicate axes are not allowed, got axis=%s", catalog.Repr(v))
		}
		seen[ax] = true
		out[i] = ax
	}
	return out, nil
}

// normKnown returns the size of axis ax of s, or an error if it is None.
func normKnown(s graph.Shape, ax int) (int64, error) {
	d := s[ax]
	if d < 0 {
		return 0, fmt.Errorf("axis %d of the input must have a known size, got shape %s", ax, s)
	}
	return d, nil
}

// normFactorName names the size of axis ax for explain: "channels" for the
// usual last axis (or axis 1), "axis<i>" otherwise.
func normFactorName(ax, rank int) string {
	if ax == rank-1 || (ax == 1 && rank > 2) {
		return "channels"
	}
	return fmt.Sprintf("axis%d", ax)
}

// inferBatchNorm: gamma and beta (trainable, dropped by scale/center=False)
// and moving_mean, moving_variance (non-trainable) of the axis size.
// Keras 1 names them gamma, beta, running_mean, running_std and has no
// center/scale; its summary counts only the trainable ones, which the
// renderer handles. tf.keras accepts a list of axes (parameters then have
// the input's rank with 1 on the other axes) and virtual_batch_size; renorm
// adds moving_stddev, renorm_mean and renorm_stddev.
func inferBatchNorm(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	if len(s) < 2 {
		return fmt.Errorf("expected input of rank >= 2 (batch included), got shape %s", s)
	}
	axes, err := normAxes(c, int64(-1), len(s))
	if err != nil {
		return err
	}
	if len(axes) == 0 {
		return fmt.Errorf("axis must name at least one axis")
	}
	for _, a := range axes {
		if a == 0 {
			return fmt.Errorf("axis 0 (the batch axis) cannot be normalized over")
		}
		if s[a] < 0 {
			return fmt.Errorf("axis %d of the input should have a defined dimension, got shape %s", a, s)
		}
	}
	virtual := c.Cfg.Has("virtual_batch_size")
	var dims []D
	if len(axes) == 1 && !virtual {
		dims = []D{F(normFactorName(axes[0], len(s)), s[axes[0]])}
	} else {
		in := map[int]bool{}
		for _, a := range axes {
			in[a] = true
		}
		for i := range s {
			if in[i] {
				dims = append(dims, F(normFactorName(i, len(s)), s[i]))
			} else {
				dims = append(dims, F("broadcast", 1))
			}
		}
		if virtual {
			dims = append(dims[:1], append([]D{F("virtual_batch", 1)}, dims[1:]...)...)
		}
	}
	center, scale := true, true
	if c.Dialect != graph.Keras1 {
		if center, err = c.Cfg.Bool(true, "center"); err != nil {
			return err
		}
		if scale, err = c.Cfg.Bool(true, "scale"); err != nil {
			return err
		}
	}
	renorm, err := c.Cfg.Bool(false, "renorm")
	if err != nil {
		return err
	}
	if c.Dialect == graph.Keras1 {
		c.AddWeight("gamma", true, dims...)
		c.AddWeight("beta", true, dims...)
		c.AddWeight("running_mean", false, dims...)
		c.AddWeight("running_std", false, dims...)
	} else {
		if scale {
			c.AddWeight("gamma", true, dims...)
		}
		if center {
			c.AddWeight("beta", true, dims...)
		}
		c.AddWeight("moving_mean", false, dims...)
		c.AddWeight("moving_variance", false, dims...)
		if renorm {
			c.AddWeight("moving_stddev", false, dims...)
			c.AddWeight("renorm_mean", false, dims...)
			c.AddWeight("renorm_stddev", false, dims...)
		}
	}
	c.SetOut(s.Clone())
	return nil
}

// normParamDims gives the dims of a per-axis parameter (LayerNormalization
// gamma/beta, RMSNormalization scale): the input sizes at axes.
func normParamDims(s graph.Shape, axes []int) ([]D, error) {
	dims := make([]D, len(axes))
	for i, a := range axes {
		d, err := normKnown(s, a)
		if err != nil {
			return nil, err
		}
		dims[i] = F(normFactorName(a, len(s)), d)
	}
	return dims, nil
}

// inferLayerNorm: gamma and beta shaped by the normalized axes
// (keras/src/layers/normalization/layer_normalization.py build; tf.keras
// keeps the axis order given, Keras 3 sorts it). Keras 3 rms_scaling=True
// keeps gamma only.
func inferLayerNorm(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	axes, err := normAxes(c, int64(-1), len(s))
	if err != nil {
		return err
	}
	if c.Dialect == graph.Keras3 {
		sort.Ints(axes)
	}
	dims, err := normParamDims(s, axes)
	if err != nil {
		return err
	}
	center, err := c.Cfg.Bool(true, "center")
	if err != nil {
		return err
	}
	scale, err := c.Cfg.Bool(true, "scale")
	if err != nil {
		return err
	}
	rms, err := c.Cfg.Bool(false, "rms_scaling")
	if err != nil {
		return err
	}
	if scale || rms {
		c.AddWeight("gamma", true, dims...)
	}
	if center && !rms {
		c.AddWeight("beta", true, dims...)
	}
	c.SetOut(s.Clone())
	return nil
}

// inferRMSNormalization: one "scale" weight shaped by the axes
// (keras/src/layers/normalization/rms_normalization.py).
func inferRMSNorm(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	axes, err := normAxes(c, int64(-1), len(s))
	if err != nil {
		return err
	}
	sort.Ints(axes)
	dims, err := normParamDims(s, axes)
	if err != nil {
		return err
	}
	c.AddWeight("scale", true, dims...)
	c.SetOut(s.Clone())
	return nil
}

// inferGroupNorm: gamma and beta of the channel count; groups (default 32,
// -1 means one group per channel) must divide the channels
// (keras/src/layers/normalization/group_normalization.py build).
func inferGroupNorm(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	axis, err := c.Cfg.Int(-1, "axis")
	if err != nil {
		return err
	}
	ax, err := axisIndex(axis, len(s))
	if err != nil {
		return err
	}
	dim := s[ax]
	if dim < 0 {
		return fmt.Errorf("axis %d of the input should have a defined dimension, got shape %s", axis, s)
	}
	groups, err := c.Cfg.Int(32, "groups")
	if err != nil {
		return err
	}
	if groups == -1 {
		groups = dim
	}
	if groups <= 0 {
		return fmt.Errorf("groups must be positive or -1, got %d", groups)
	}
	if dim < groups {
		return fmt.Errorf("number of groups (%d) cannot be more than the number of channels (%d)", groups, dim)
	}
	if dim%groups != 0 {
		return fmt.Errorf("number of groups (%d) must divide the number of channels (%d)", groups, dim)
	}
	center, err := c.Cfg.Bool(true, "center")
	if err != nil {
		return err
	}
	scale, err := c.Cfg.Bool(true, "scale")
	if err != nil {
		return err
	}
	if scale {
		c.AddWeight("gamma", true, F("channels", dim))
	}
	if center {
		c.AddWeight("beta", true, F("channels", dim))
	}
	c.SetOut(s.Clone())
	return nil
}

// inferUnitNorm keeps the shape; every axis must be in range
// (keras/src/layers/normalization/unit_normalization.py).
func inferUnitNorm(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	if _, err := normAxes(c, int64(-1), len(s)); err != nil {
		return err
	}
	c.SetOut(s.Clone())
	return nil
}

// inferNormalizationPP is the Normalization preprocessing layer: when mean
// and variance are not given in the config it has non-trainable weights
// mean and variance, shaped by the kept axes (default -1; null keeps none,
// giving scalars), and a scalar int64 count
// (keras/src/layers/preprocessing/normalization.py build; the same in
// tf.keras keras/layers/preprocessing/normalization.py).
func inferNormalizationPP(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	var axes []int
	if v, present := c.Cfg["axis"]; !present || v != nil {
		if axes, err = normAxes(c, int64(-1), len(s)); err != nil {
			return err
		}
	}
	sort.Ints(axes)
	var dims []D
	for _, a := range axes {
		d, err := normKnown(s, a)
		if err != nil {
			return fmt.Errorf("all axis values to be kept must have a known shape: %v", err)
		}
		dims = append(dims, F(normFactorName(a, len(s)), d))
	}
	if !c.Cfg.Has("mean") {
		c.AddWeight("mean", false, dims...)
		c.AddWeight("variance", false, dims...)
		c.AddWeight("count", false)
		normSetLastDType(c, "int64")
	}
	c.SetOut(s.Clone())
	return nil
}

// normSetLastDType sets the dtype of the weight just added (AddWeight uses
// the layer's float dtype).
func normSetLastDType(c *Call, dt string) {
	if !c.build || len(c.Layer.Weights) == 0 {
		return
	}
	c.Layer.Weights[len(c.Layer.Weights)-1].DType = dt
}

package cost

import (
	"strings"

	kcat "github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/summary"
)

// torchinfoMACs is torchinfo 1.8's Mult-Adds rule (layer_info.py
// calculate_macs), carried over to the row's framework: parameter count ×
// batch, × output positions for convolutions, × time steps for recurrent
// layers. Parameters are what torch would hold: buffers (running mean and
// variance) are left out.
func torchinfoMACs(c *rc) q {
	params := c.torchParams()
	if !params.ok {
		return params
	}
	if params.v == 0 {
		return zero
	}
	b := c.batchQ()
	switch {
	case c.isConvLike():
		if len(c.out) == 0 || !c.out[0].Known(0) {
			return unknown("output shape unknown")
		}
		var sp []int64
		if c.a.onnx {
			sp = c.out[0][2:]
		} else {
			sp = c.spatial(c.out[0])
		}
		return mul(params, b, dims(sp...))
	case c.isRecurrent():
		if c.a.onnx {
			xs, ok := c.shapeAt(0)
			if !ok || len(xs) != 3 {
				return unknown("input shape unknown")
			}
			return mul(params, dims(xs[0]), dims(xs[1]))
		}
		if len(c.in) == 0 || len(c.in[0]) < 3 || c.in[0][1] < 0 {
			return unknown("timesteps unknown")
		}
		return mul(params, b, dims(c.in[0][1]))
	}
	return mul(params, b)
}

func (c *rc) isConvLike() bool {
	if c.a.onnx {
		return strings.Contains(c.r.Class, "Conv")
	}
	if sp := kcat.Lookup(c.r.Class); sp != nil {
		return sp.Family == "conv"
	}
	return strings.Contains(c.r.Class, "Conv")
}

func (c *rc) isRecurrent() bool {
	if c.a.onnx {
		switch c.r.Class {
		case "LSTM", "GRU", "RNN":
			return true
		}
		return false
	}
	if sp := kcat.Lookup(c.r.Class); sp != nil {
		return sp.Family == "recurrent"
	}
	return false
}

// torchParams counts the parameters torch would register for the row.
func (c *rc) torchParams() q {
	var n int64
	if c.a.onnx && c.isRecurrent() {
		for i := 1; i <= 3 && i < len(c.in); i++ {
			s, ok := c.shapeAt(i)
			if !ok {
				return unknown("weight shape unknown")
			}
			n += dims(s...).v
		}
		return lit(n)
	}
	for _, w := range c.r.Weights {
		if w.Count < 0 {
			return unknown("weight size unknown")
		}
		if isBuffer(c, w) {
			continue
		}
		n += w.Count
	}
	return lit(n)
}

// isBuffer reports whether torch keeps this weight as a buffer, not a
// parameter: normalization statistics.
func isBuffer(c *rc, w summary.Weight) bool {
	if w.Buffer {
		return true
	}
	if c.a.onnx {
		return !w.Trainable // BatchNormalization mean and var
	}
	base := w.Name
	if i := strings.LastIndex(base, "/"); i >= 0 {
		base = base[i+1:]
	}
	switch base {
	case "moving_mean", "moving_variance", "running_mean", "running_std", "moving_stddev", "renorm_mean", "renorm_stddev", "count":
		return true
	}
	return false
}

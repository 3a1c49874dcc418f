package explain

import (
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/graph"
)

// Core, regularization, activation, reshaping, merging, normalization,
// embedding and preprocessing layers, nested models.

func (c *ctx) generic() {
	if c.ex.Does == "" {
		c.does("does.generic", "class", c.r.Class)
	}
}

func (c *ctx) unknown() {
	c.does("does.unknown", "class", c.r.Class)
}

func (c *ctx) model() {
	n := len(c.r.Sub)
	c.does("does.model", "n", n)
	if c.ex.Formula != nil && c.ex.Params >= 0 {
		c.note("note.nested", "formula", c.ex.Formula.String(), "total", c.ex.Params)
	}
}

func (c *ctx) input() {
	var s graph.Shape = c.out
	if s == nil {
		c.does("does.input.unknown")
		return
	}
	c.does("does.input", "sample", dimsTuple(s[1:]))
}

func (c *ctx) lambda() {
	fn, _ := c.cfg.String("", "function", "op_name", "symbol")
	if len(fn) > 40 || strings.ContainsAny(fn, "\n\r") {
		fn = ""
	}
	if fn == "" {
		c.does("does.lambda")
	} else {
		c.does("does.lambda.fn", "fn", fn)
	}
}

// dense: kernel (in, units) + bias (units).
func (c *ctx) dense() {
	in, _ := c.factor("", "in_features")
	u, ok := c.factor("", "units")
	if !ok {
		c.generic()
		return
	}
	c.does("does.dense", "units", u, "in", in)
	if c.in != nil && c.out != nil && len(c.in) >= 2 {
		c.shape(c.l.T("len.features.dense", "in", graph.DimString(c.in[len(c.in)-1]), "out", graph.DimString(u)))
		if len(c.in) > 2 {
			c.note("note.dense.positions", "shape", dimsTuple(c.in[1:len(c.in)-1]))
		}
	}
	if c.hasBias() {
		c.note("note.bias.unit", "n", u)
	} else {
		c.note("note.nobias")
	}
	c.note("note.dep.features", "in", in)
}

func (c *ctx) einsum() {
	eq, _ := c.cfg.String("", "equation")
	c.does("does.einsum", "equation", eq)
}

func (c *ctx) highway() {
	c.does("does.highway")
	if in, ok := c.factor("W", "in_features"); ok {
		c.note("note.dep.features", "in", in)
	}
}

func (c *ctx) maxout() {
	nf, _ := c.factor("W", "nb_feature")
	c.does("does.maxout", "n", nf)
}

func (c *ctx) regularization() {
	rate, _ := c.cfg.Float(0, "rate", "p")
	if c.torch && !c.cfg.Has("p") {
		rate = 0.5 // torch's default p
	}
	switch c.kind {
	case "dropout", "spatialdropout", "gaussiandropout", "alphadropout":
		if rate == 0 {
			// A rate of 0 drops nothing: not "a random 0%".
			name := "rate"
			if c.torch {
				name = "p"
			}
			c.does("does.dropout.off", "name", name)
			break
		}
		c.does("does."+c.kind, "rate", percent(rate))
	case "gaussiannoise":
		sd, _ := c.cfg.Float(0, "stddev", "sigma")
		c.does("does.gaussiannoise", "stddev", strconv.FormatFloat(sd, 'g', -1, 64))
	case "activityreg":
		l1, _ := c.cfg.Float(0, "l1")
		l2, _ := c.cfg.Float(0, "l2")
		c.does("does.activityreg", "l1", strconv.FormatFloat(l1, 'g', -1, 64), "l2", strconv.FormatFloat(l2, 'g', -1, 64))
	case "masking":
		mv, _ := c.cfg.Float(0, "mask_value")
		c.does("does.masking", "mask", strconv.FormatFloat(mv, 'g', -1, 64))
	}
}

func (c *ctx) activation() {
	fn, _ := c.cfg.String("", "activation")
	if fn == "" {
		fn = map[string]string{"ReLU": "relu", "LeakyReLU": "leaky_relu", "ELU": "elu", "Softmax": "softmax", "ThresholdedReLU": "thresholded_relu"}[c.class]
	}
	if fn == "" {
		fn = strings.ToLower(c.class)
	}
	if fn == "linear" {
		c.does("does.activation.linear")
		return
	}
	c.does("does.activation", "fn", fn)
}

func (c *ctx) prelu() {
	c.does("does.prelu", "class", c.class)
	if len(c.r.Weights) > 0 {
		w := c.r.Weights[0]
		var names []string
		shared := false
		for _, x := range c.r.Weights {
			names = append(names, x.Name)
			for _, fs := range x.Factors {
				for _, f := range fs {
					if f.Name == "shared" {
						shared = true
					}
				}
			}
		}
		if shared {
			c.note("note.prelu.shared", "names", strings.Join(names, ", "))
		} else {
			c.note("note.prelu", "names", strings.Join(names, ", "), "shape", dimsTuple(w.Shape))
		}
	}
}

func (c *ctx) flatten() {
	if c.in == nil || c.out == nil || len(c.out) < 2 {
		c.generic()
		return
	}
	dims := c.in[1:]
	f := strings.ReplaceAll(dimsX(dims), "x", "·")
	if prodKnown(dims) < 0 {
		c.does("does.flatten.unknown", "in", sample(c.in))
		return
	}
	c.does("does.flatten", "in", sample(c.in), "formula", f, "n", prodKnown(dims))
}

func (c *ctx) rearrange() {
	if c.in == nil || c.out == nil {
		c.generic()
		return
	}
	args := []any{"in", sample(c.in), "out", sample(c.out)}
	switch c.kind {
	case "reshape":
		args = append(args, "n", prodKnown(c.in[1:]))
		if prodKnown(c.in[1:]) < 0 {
			c.does("does.reshape.unknown", args...)
			return
		}
	case "permute":
		dims, _ := c.cfg.Ints(-1, nil, "dims")
		args = append(args, "dims", dimsTuple(dims))
	case "repeat":
		n, _ := c.cfg.Int(0, "n")
		args = append(args, "n", n)
	case "upsampling":
		size, _ := c.cfg.Ints(-1, nil, "size", "length")
		args = append(args, "size", dimsX(size))
	}
	c.does("does."+c.kind, args...)
	// Per-axis lines for padding, cropping and upsampling.
	if (c.kind == "zeropad" || c.kind == "crop" || c.kind == "upsampling") && len(c.in) == len(c.out) && len(c.in) >= 3 {
		n := len(c.in) - 2
		cf := c.channelsFirst()
		in, _ := spatial(c.in, n, cf)
		out, _ := spatial(c.out, n, cf)
		for i := 0; i < n; i++ {
			if in[i] < 0 || out[i] < 0 {
				c.shape(c.l.T("len.plain", "axis", c.axis(n, i), "in", graph.DimString(in[i]), "out", graph.DimString(out[i])))
				continue
			}
			var f string
			switch c.kind {
			case "upsampling":
				if in[i] > 0 && out[i]%in[i] == 0 {
					f = itoa(in[i]) + "·" + itoa(out[i]/in[i])
				}
			case "zeropad":
				f = itoa(in[i]) + " + " + itoa(out[i]-in[i])
			case "crop":
				f = itoa(in[i]) + " − " + itoa(in[i]-out[i])
			}
			if f == "" {
				c.shape(c.l.T("len.plain", "axis", c.axis(n, i), "in", itoa(in[i]), "out", itoa(out[i])))
				continue
			}
			c.shape(c.l.T("len.formula", "axis", c.axis(n, i), "formula", f, "out", itoa(out[i])))
		}
	}
}

func (c *ctx) merge() {
	nIn := len(c.r.InputShapes)
	switch c.kind {
	case "concat":
		axis, _ := c.cfg.Int(-1, "axis", "concat_axis")
		var parts []string
		ok := c.out != nil
		ax := int(axis)
		for _, s := range c.r.InputShapes {
			a := ax
			if a < 0 {
				a += len(s)
			}
			if a < 0 || a >= len(s) || s[a] < 0 {
				ok = false
				break
			}
			parts = append(parts, itoa(s[a]))
		}
		if ok {
			a := ax
			if a < 0 {
				a += len(c.out)
			}
			if a >= 0 && a < len(c.out) {
				c.does("does.concat", "n", nIn, "axis", axis, "formula", strings.Join(parts, " + "), "out", graph.DimString(c.out[a]))
				return
			}
		}
		c.does("does.concat.plain", "n", nIn, "axis", axis)
	case "dot":
		axes, _ := c.cfg.Ints(-1, nil, "axes", "dot_axes")
		c.does("does.dot", "axes", dimsTuple(axes))
	default:
		op := map[string]string{"Add": "sum", "Subtract": "sub", "Multiply": "mul", "Average": "ave", "Maximum": "max", "Minimum": "min"}[c.class]
		if c.class == "Merge" {
			mode, _ := c.cfg.String("sum", "mode")
			switch mode {
			case "concat":
				c.does("does.concat.plain", "n", nIn, "axis", -1)
				return
			case "dot", "cos":
				c.does("does.dot", "axes", mode)
				return
			}
			op = mode
		}
		if _, ok := messages()["op."+op]; !ok {
			op = "sum"
		}
		c.does("does.merge", "n", nIn, "op", c.l.T("op."+op), "out", sample(c.out))
	}
}

// norm: gamma/beta (trainable), moving statistics (non-trainable).
func (c *ctx) norm() {
	ch := int64(-1)
	if len(c.r.Weights) > 0 {
		ch = c.r.Weights[0].Count
	}
	c.does("does."+c.kind, "c", ch)
	var train, fixed []string
	for _, w := range c.r.Weights {
		if w.Trainable {
			train = append(train, w.Name)
		} else {
			fixed = append(fixed, w.Name)
		}
	}
	if len(train) > 0 {
		c.note("note.norm.trainable", "names", strings.Join(train, ", "))
	}
	if len(fixed) > 0 && !c.r.Frozen {
		if c.dialect == graph.Keras1 {
			c.note("note.norm.moving.keras1", "names", strings.Join(fixed, ", "), "trainable", c.r.Trainable)
		} else {
			c.note("note.norm.moving", "names", strings.Join(fixed, ", "))
		}
	}
	if c.kind == "batchnorm" && len(c.r.Weights) > 0 {
		c.note("note.norm.perchannel", "c", ch)
	}
}

func (c *ctx) embedding() {
	vocab, _ := c.factor("", "input_dim")
	dim, _ := c.factor("", "output_dim")
	c.does("does.embedding", "vmax", vocab-1, "dim", dim, "in", sample(c.in), "out", sample(c.out))
	c.note("note.embedding", "dim", dim, "vocab", vocab, "total", vocab*dim)
}

func (c *ctx) preprocessing() {
	switch c.kind {
	case "rescaling":
		scale, _ := c.cfg.Float(1, "scale")
		offset, _ := c.cfg.Float(0, "offset")
		c.does("does.rescaling", "scale", strconv.FormatFloat(scale, 'g', 6, 64), "offset", strconv.FormatFloat(offset, 'g', 6, 64))
	case "resizing", "centercrop":
		c.does("does."+c.kind, "in", sample(c.in), "out", sample(c.out))
	case "normalization":
		c.does("does.normalization")
		if len(c.r.Weights) > 0 {
			var names []string
			for _, w := range c.r.Weights {
				names = append(names, w.Name)
			}
			c.note("note.normalization", "names", strings.Join(names, ", "))
		}
	case "encoding":
		c.does("does.encoding", "class", c.class, "in", sample(c.in), "out", sample(c.out))
	default:
		c.does("does.augment", "class", c.class)
	}
}

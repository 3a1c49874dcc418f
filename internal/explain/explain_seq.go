package explain

import (
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// Recurrent layers, wrappers and attention.

// recurrent explains SimpleRNN, LSTM, GRU (and cells, CuDNN, generic RNN)
// and ConvLSTM.
func (c *ctx) recurrent() {
	u, okU := c.factor("kernel", "units")
	in, _ := c.factor("kernel", "input_dim")
	gates, _ := c.factor("kernel", "gates")
	if gates == 0 {
		gates = 1
	}
	switch c.kind {
	case "convlstm":
		f, _ := c.factor("kernel", "filters")
		cin, _ := c.factor("kernel", "in_channels")
		n := len(c.in) - 3
		if n < 1 || n > 3 {
			c.generic()
			return
		}
		kernel := c.kernelSize(n)
		c.does("does.convlstm", "filters", f, "win", c.window(kernel))
		if c.hasBias() {
			c.note("note.convlstm", "win", c.window(kernel), "cin", cin, "f", f)
		} else {
			c.note("note.convlstm.nobias", "win", c.window(kernel), "cin", cin, "f", f)
		}
		c.rnnShape()
		c.convLSTMLines(n, kernel)
		c.note("note.rnn.steps")
		return
	case "rnn":
		cell := ""
		if m, ok := c.r.Config["cell"].(map[string]any); ok {
			cell, _ = m["class_name"].(string)
		} else if l, ok := c.r.Config["cell"].([]any); ok {
			var names []string
			for _, e := range l {
				if m, ok := e.(map[string]any); ok {
					if n, ok := m["class_name"].(string); ok {
						names = append(names, n)
					}
				}
			}
			cell = strings.Join(names, ", ")
		}
		if c.class == "StackedRNNCells" {
			cell = c.class
		}
		c.does("does.rnn", "cell", cell)
	default:
		if !okU || in <= 0 {
			c.generic()
			break
		}
		c.does("does."+c.kind, "units", u, "in", in)
	}
	c.rnnShape()
	if okU && len(c.r.Weights) == 3 && weightPrefix(c.r.Weights[0].Name) == "" {
		biasSets, _ := c.factor("bias", "bias_sets")
		total := c.ex.Params
		switch {
		case c.kind == "simplernn":
			c.note("note.simplernn", "u", u, "in", in, "total", total)
		case c.kind == "lstm" && biasSets == 0:
			c.note("note.lstm", "u", u, "in", in, "total", total)
		case c.kind == "gru" && biasSets == 0:
			c.note("note.gru", "u", u, "in", in, "total", total)
		case biasSets == 2:
			c.note("note.twobiases", "g", gates, "u", u, "in", in, "total", total)
		}
	}
	if okU {
		c.note("note.dep.rnn", "in", in)
	}
	c.note("note.rnn.steps")
}

// rnnShape explains the time axis and the output of a recurrent layer.
func (c *ctx) rnnShape() {
	if c.in == nil || len(c.in) < 3 || c.out == nil {
		return
	}
	seq, _ := c.cfg.Bool(false, "return_sequences")
	steps := graph.DimString(c.in[1])
	if seq {
		c.shape(c.l.T("rnn.seq", "steps", steps))
	} else {
		c.shape(c.l.T("rnn.last", "steps", steps))
	}
	if len(c.r.OutputShapes) > 1 {
		c.shape(c.l.T("rnn.states", "states", shapes(c.r.OutputShapes[1:]), "n", len(c.r.OutputShapes)-1))
	}
}

func innerClass(cfg map[string]any) string {
	if m, ok := cfg["layer"].(map[string]any); ok {
		s, _ := m["class_name"].(string)
		return s
	}
	return ""
}

func (c *ctx) bidirectional() {
	inner := innerClass(c.r.Config)
	mode := "concat"
	if v, ok := c.r.Config["merge_mode"]; ok {
		if v == nil {
			mode = "None"
		} else if s, ok := v.(string); ok {
			mode = s
		}
	}
	c.does("does.bidirectional", "inner", inner, "mode", mode)
	c.rnnShape()
	var one int64
	half := len(c.r.Weights) / 2
	for i, w := range c.r.Weights {
		if i < half && w.Count >= 0 {
			one += w.Count
		}
	}
	if half > 0 && c.ex.Params >= 0 && one*2 == c.ex.Params {
		c.note("note.bidirectional", "inner", inner, "one", one, "total", c.ex.Params)
	}
	c.note("note.rnn.steps")
}

func (c *ctx) timeDistributed() {
	inner := innerClass(c.r.Config)
	steps := "?"
	if len(c.in) > 1 {
		steps = graph.DimString(c.in[1])
	}
	c.does("does.timedistributed", "inner", inner, "steps", steps)
	if len(c.r.Weights) > 0 {
		c.note("note.timedistributed")
	}
}

func (c *ctx) attention() {
	if c.class == "AdditiveAttention" {
		c.does("does.additiveattention")
	} else {
		c.does("does.attention")
	}
	for _, w := range c.r.Weights {
		c.note("note.attention.scale", "name", w.Name)
		break
	}
}

func (c *ctx) mha() {
	h, _ := c.factor("", "num_heads")
	kd, _ := c.factor("query/kernel", "key_dim")
	vd, _ := c.factor("value/kernel", "value_dim")
	var out any = "?"
	if c.out != nil && c.out[len(c.out)-1] >= 0 {
		out = c.out[len(c.out)-1]
	}
	c.does("does.mha", "h", h, "kd", kd, "vd", vd, "out", out)
	for _, p := range []string{"query", "key", "value", "gate", "attention_output"} {
		var ws []summary.Weight
		for _, w := range c.r.Weights {
			if weightPrefix(w.Name) == p {
				ws = append(ws, w)
			}
		}
		if len(ws) == 0 {
			continue
		}
		e := LayerExpr(ws)
		v, ok := e.Value()
		if !ok {
			continue
		}
		c.note("note.mha.proj", "proj", p, "formula", e.String(), "total", v, "words", e.Words(c.label))
	}
	c.note("note.mha.seq")
}

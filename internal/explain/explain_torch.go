package explain

import (
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

type summaryWeight = summary.Weight

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// PyTorch layers: torch.nn classes read with torch's config keys
// (out_channels, kernel_size, stride, padding, dilation, groups,
// in_features, num_features, hidden_size, embed_dim, …), channels first,
// and torch's length formulas (floor((L + 2p − d(k − 1) − 1)/s) + 1).
// Kinds torch shares with Keras without a difference (activations,
// dropout, flatten) use the Keras explainers.

var torchExplainers map[string]func(c *ctx)

func init() {
	torchExplainers = map[string]func(c *ctx){
		"conv":           (*ctx).torchConv,
		"convT":          (*ctx).torchConv,
		"dense":          (*ctx).torchDense,
		"identity":       (*ctx).torchIdentity,
		"batchnorm":      (*ctx).torchNorm,
		"instancenorm":   (*ctx).torchNorm,
		"layernorm":      (*ctx).torchNorm,
		"groupnorm":      (*ctx).torchNorm,
		"lrn":            (*ctx).torchNorm,
		"embedding":      (*ctx).torchEmbedding,
		"lstm":           (*ctx).torchRecurrent,
		"gru":            (*ctx).torchRecurrent,
		"simplernn":      (*ctx).torchRecurrent,
		"rnn":            (*ctx).torchRecurrent,
		"mha":            (*ctx).torchMHA,
		"maxpool":        (*ctx).torchPool,
		"avgpool":        (*ctx).torchPool,
		"lppool":         (*ctx).torchPool,
		"model":          (*ctx).torchModule,
		"loss":           (*ctx).torchLoss,
		"unpool":         (*ctx).torchUnpool,
		"dropout":        (*ctx).torchDropout,
		"spatialdropout": (*ctx).torchDropout,
		"alphadropout":   (*ctx).torchDropout,
		"adaptivemax":    (*ctx).torchAdaptivePool,
		"adaptiveavg":    (*ctx).torchAdaptivePool,
	}
}

// torchDims is the number of spatial dims of a class named …1d/2d/3d.
func torchDims(class string) int {
	for n, suf := range []string{"1d", "2d", "3d"} {
		if strings.HasSuffix(class, suf) {
			return n + 1
		}
	}
	return 0
}

// torchSpatial splits a channels-first shape of a dims-D layer into its
// spatial dims and channels; an unbatched input (C, H, W) is batched
// first.
func torchSpatial(s graph.Shape, n int) ([]int64, int64) {
	if len(s) == n+1 {
		s = append(graph.Shape{1}, s...)
	}
	return spatial(s, n, true)
}

// torchInts reads a per-axis torch argument: an int or a tuple.
func (c *ctx) torchInts(n int, def int64, key string) []int64 {
	if l, ok := c.cfg[key].([]int64); ok {
		if len(l) == n {
			return append([]int64(nil), l...)
		}
		if len(l) == 1 {
			return c.repeat(n, l[0])
		}
	}
	v, err := c.cfg.Ints(n, nil, key)
	if err != nil || len(v) != n {
		if x, err := c.cfg.Int(def, key); err == nil {
			v = make([]int64, n)
			for i := range v {
				v[i] = x
			}
			return v
		}
		v = make([]int64, n)
		for i := range v {
			v[i] = def
		}
	}
	return v
}

func (c *ctx) repeat(n int, x int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = x
	}
	return out
}

// torchWindowParams is the line naming kernel, stride, padding and
// dilation as torch spells them.
func (c *ctx) torchWindowParams(win string, strides, pads, dilation []int64, padding string, ceil bool) string {
	if padding == "" {
		padding = dimsX(pads)
	} else {
		padding = `"` + padding + `"`
	}
	line := c.l.T("len.window.torch", "win", win, "strides", dimsX(strides), "padding", padding)
	if prodKnown(dilation) > 1 {
		line += c.l.T("len.window.torch.dilation", "dilation", dimsX(dilation))
	}
	if ceil {
		line += c.l.T("len.window.torch.ceil")
	}
	return line
}

// torchWindowLines explains each spatial output length with torch's
// formula ⌊(L + 2p − d(k − 1) − 1)/s⌋ + 1, written (L + 2·p − k)/s + 1
// with the dilated kernel k; ceil_mode rounds up, unless the last window
// would start in the right padding. Every formula is checked against the
// shape netsum computed.
func (c *ctx) torchWindowLines(n int, in, out, kernel, strides, pads, dilation []int64, same, ceil bool) {
	if len(in) != n || len(out) != n {
		return
	}
	for i := 0; i < n; i++ {
		axis := c.axis(n, i)
		L, O, k, s, p, d := in[i], out[i], kernel[i], strides[i], pads[i], dilation[i]
		if L < 0 {
			c.shape(c.l.T("len.unknown", "axis", axis))
			continue
		}
		if same {
			c.shape(c.l.T("len.same1", "axis", axis, "in", itoa(L), "padding", "same"))
			continue
		}
		keff := d*(k-1) + 1
		num := L + 2*p - keff
		if num < 0 || s <= 0 {
			c.shape(c.l.T("len.plain", "axis", axis, "in", graph.DimString(L), "out", graph.DimString(O)))
			continue
		}
		f := "(" + itoa(L)
		if p > 0 {
			f += " + 2·" + itoa(p)
		}
		f += " − " + itoa(keff) + ")/" + itoa(s)
		v := num/s + 1
		dropped := false
		if num%s != 0 {
			if ceil {
				f = "⌈" + f + "⌉"
				v = (num+s-1)/s + 1
				if (v-1)*s >= L+p {
					v--
					dropped = true
				}
			} else {
				f = "⌊" + f + "⌋"
			}
		}
		f += " + 1"
		if dropped {
			f += " − 1"
		}
		if v != O {
			c.shape(c.l.T("len.plain", "axis", axis, "in", graph.DimString(L), "out", graph.DimString(O)))
			continue
		}
		line := c.l.T("len.formula", "axis", axis, "formula", f, "out", itoa(O))
		if d > 1 {
			line += c.l.T("len.dilated", "k", itoa(k), "d", itoa(d), "keff", itoa(keff))
		}
		if dropped {
			line += c.l.T("len.ceil.dropped")
		}
		c.shape(line)
	}
}

// torchTransposedLines explains the output lengths of a torch transposed
// convolution: (L − 1)·s − 2·p + d·(k − 1) + output_padding + 1.
func (c *ctx) torchTransposedLines(n int, in, out, kernel, strides, pads, dilation, outPad []int64) {
	if len(in) != n || len(out) != n {
		return
	}
	for i := 0; i < n; i++ {
		axis := c.axis(n, i)
		L, O, k, s, p, d, op := in[i], out[i], kernel[i], strides[i], pads[i], dilation[i], outPad[i]
		if L < 0 {
			c.shape(c.l.T("len.unknown", "axis", axis))
			continue
		}
		keff := d*(k-1) + 1
		f := "(" + itoa(L) + " − 1)·" + itoa(s)
		if p > 0 {
			f += " − 2·" + itoa(p)
		}
		f += " + " + itoa(keff)
		// forward(x, output_size=…) picks the output_padding that gives
		// the size asked for: torch's _output_padding takes output_size
		// minus the size without it, allowed from 0 to stride − 1 (the
		// module's own output_padding is then ignored).
		implied := false
		if v := (L-1)*s - 2*p + keff + op; v != O {
			if extra := O - ((L-1)*s - 2*p + keff); extra >= 0 && extra < s {
				op, implied = extra, true
			}
		}
		if op > 0 {
			f += " + " + itoa(op)
		}
		if v := (L-1)*s - 2*p + keff + op; v != O {
			c.shape(c.l.T("len.plain", "axis", axis, "in", graph.DimString(L), "out", graph.DimString(O)))
			continue
		}
		line := c.l.T("len.formula", "axis", axis, "formula", f, "out", itoa(O))
		if implied {
			line += c.l.T("len.torch.outputsize", "op", itoa(op), "out", itoa(O))
		}
		if d > 1 {
			line += c.l.T("len.dilated", "k", itoa(k), "d", itoa(d), "keff", itoa(keff))
		}
		c.shape(line)
	}
}

// torchPadding reads padding: ints per axis, or the string "same" /
// "valid".
func (c *ctx) torchPadding(n int) (pads []int64, named string) {
	if s, err := c.cfg.String("", "padding"); err == nil && s != "" {
		return make([]int64, n), strings.ToLower(s)
	}
	return c.torchInts(n, 0, "padding"), ""
}

func (c *ctx) torchConv() {
	n := torchDims(c.class)
	if c.in == nil || n == 0 || (len(c.in) != n+2 && len(c.in) != n+1) {
		c.generic()
		return
	}
	inDims, cin := torchSpatial(c.in, n)
	outDims, cout := torchSpatial(c.out, n)
	kernel := c.kernelSize(n)
	strides := c.torchInts(n, 1, "stride")
	dilation := c.torchInts(n, 1, "dilation")
	pads, named := c.torchPadding(n)
	groups, _ := c.cfg.Int(1, "groups")
	if groups < 1 {
		groups = 1
	}
	out, _ := c.cfg.Int(cout, "out_channels")
	if ic, err := c.cfg.Int(0, "in_channels"); err == nil && ic > 0 {
		cin = ic
	}
	win := c.window(kernel)
	per := cin / groups
	switch {
	case c.kind == "convT":
		c.does("does.convT", "filters", out, "win", win)
	case groups > 1 && groups == cin:
		c.does("does.torch.depthwise", "cin", cin, "win", win, "m", out/groups)
	case groups > 1:
		c.does("does.torch.groups", "cin", cin, "groups", groups, "per", per, "filters", out, "win", win)
	default:
		c.does("does.conv", "filters", out, "win", win, "cin", cin)
	}
	c.shape(c.torchWindowParams(win, strides, pads, dilation, named, false))
	if c.kind == "convT" {
		c.torchTransposedLines(n, inDims, outDims, kernel, strides, pads, dilation, c.torchInts(n, 0, "output_padding"))
	} else {
		c.torchWindowLines(n, inDims, outDims, kernel, strides, pads, dilation, named == "same", false)
	}
	c.shape(c.l.T("len.channels.torch", "in", graph.DimString(cin), "out", graph.DimString(out)))
	bias := c.hasBias()
	if c.kind == "convT" {
		c.note("note.torch.convT", "win", win, "cin", cin, "per", out/groups)
	}
	kf := dimsDot(kernel) + "·" + itoa(per)
	k := prodKnown(kernel) * per
	if bias {
		c.note("note.conv.kernel", "k", k, "win", win, "cin", per, "kformula", kf, "filters", out, "total", (k+1)*out)
		c.note("note.bias.filter", "n", out)
	} else {
		c.note("note.conv.kernel.nobias", "k", k, "win", win, "cin", per, "kformula", kf, "filters", out, "total", k*out)
		c.note("note.torch.nobias")
	}
	if groups > 1 && c.kind != "convT" {
		c.note("note.groups", "groups", groups, "cin", cin, "per", per)
		c.note("note.torch.groups.saving", "groups", groups, "full", prodKnown(kernel)*cin*out, "grouped", prodKnown(kernel)*per*out)
	}
	if c.kind != "convT" {
		c.note("note.torch.layout", "name", "weight", "shape", dimsTuple(c.weightShape("weight")))
	}
	if groups == 1 {
		c.note("note.dep.channels", "cin", cin)
	}
}

// weightShape is the shape of the weight named name (or ….name).
func (c *ctx) weightShape(name string) []int64 {
	for _, w := range c.r.Weights {
		if w.Name == name || strings.HasSuffix(w.Name, "."+name) || strings.HasSuffix(w.Name, "/"+name) {
			return w.Shape
		}
	}
	return nil
}

func (c *ctx) torchDense() {
	out, okO := c.factor("", "out_features")
	if !okO {
		c.generic()
		return
	}
	if c.class == "Bilinear" {
		in1, _ := c.factor("", "in1_features")
		in2, _ := c.factor("", "in2_features")
		c.does("does.bilinear", "out", out, "in1", in1, "in2", in2)
		if c.hasBias() {
			c.note("note.bias.unit", "n", out)
		} else {
			c.note("note.torch.nobias")
		}
		return
	}
	in, _ := c.factor("", "in_features")
	c.does("does.dense", "units", out, "in", in)
	if c.in != nil && len(c.in) >= 1 {
		c.shape(c.l.T("len.features.dense", "in", graph.DimString(c.in[len(c.in)-1]), "out", graph.DimString(out)))
		if len(c.in) > 2 {
			c.note("note.dense.positions", "shape", dimsTuple(c.in[1:len(c.in)-1]))
		}
	}
	if c.hasBias() {
		c.note("note.bias.unit", "n", out)
	} else {
		c.note("note.torch.nobias")
	}
	c.note("note.torch.layout", "name", "weight", "shape", dimsTuple(c.weightShape("weight")))
	c.note("note.dep.features", "in", in)
}

func (c *ctx) torchIdentity() { c.does("does.identity") }

func (c *ctx) torchNorm() {
	var params, buffers []string
	for _, w := range c.r.Weights {
		short := w.Name[strings.LastIndexByte(w.Name, '.')+1:]
		if w.Buffer {
			buffers = append(buffers, short)
		} else {
			params = append(params, short)
		}
	}
	feat := int64(-1)
	for _, name := range []string{"num_features", "num_channels"} {
		if v, err := c.cfg.Int(-1, name); err == nil && v >= 0 {
			feat = v
			break
		}
	}
	eps, _ := c.cfg.Float(1e-5, "eps")
	// The first sentence follows the configuration: affine=False (or
	// elementwise_affine=False) has nothing to scale or shift with, and
	// track_running_stats decides which statistics eval mode uses.
	affine := len(params) > 0
	if v, _, ok := c.cfg.Lookup("affine"); ok && v != nil {
		affine, _ = c.cfg.Bool(affine, "affine")
	}
	if v, _, ok := c.cfg.Lookup("elementwise_affine"); ok && v != nil {
		affine, _ = c.cfg.Bool(affine, "elementwise_affine")
	}
	stats := len(buffers) > 0
	if v, _, ok := c.cfg.Lookup("track_running_stats"); ok && v != nil {
		stats, _ = c.cfg.Bool(stats, "track_running_stats")
	}
	var head string
	perPosition := false
	switch c.kind {
	case "batchnorm":
		if stats {
			head = c.l.T("does.torch.batchnorm", "c", feat)
		} else {
			head = c.l.T("does.torch.batchnorm.batchstats", "c", feat)
		}
	case "instancenorm":
		if stats {
			head = c.l.T("does.torch.instancenorm.stats", "c", feat)
		} else {
			head = c.l.T("does.torch.instancenorm", "c", feat)
		}
	case "layernorm":
		shape, _ := c.cfg["normalized_shape"].([]int64)
		if len(shape) == 0 {
			shape, _ = c.cfg.Ints(-1, nil, "normalized_shape")
		}
		if len(shape) == 0 {
			if v, err := c.cfg.Int(-1, "normalized_shape"); err == nil && v >= 0 {
				shape = []int64{v}
			}
		}
		head = c.l.T("does.torch.layernorm", "shape", dimsTuple(shape))
		perPosition = true
	case "groupnorm":
		g, _ := c.cfg.Int(1, "num_groups")
		head = c.l.T("does.torch.groupnorm", "c", feat, "g", g)
	default:
		c.does("does.lrn")
	}
	if head != "" {
		switch {
		case affine && perPosition:
			head += c.l.T("does.torch.norm.affine.positions")
		case affine:
			head += c.l.T("does.torch.norm.affine")
		case c.kind == "layernorm":
			head += c.l.T("does.torch.norm.noaffine.elementwise")
		default:
			head += c.l.T("does.torch.norm.noaffine")
		}
		c.ex.Does = head
	}
	if len(params) > 0 {
		if len(params) == 2 && params[0] == "weight" && params[1] == "bias" {
			if len(buffers) > 0 {
				c.ex.Words = c.l.T("words.torch.weightbias.buffers")
			} else {
				c.ex.Words = c.l.T("words.torch.weightbias")
			}
		}
		c.note("note.torch.norm.affine", "names", strings.Join(params, ", "))
	} else if c.kind == "layernorm" {
		c.ex.Zero = c.l.T("zero.torch.noaffine.elementwise")
	} else if c.kind != "lrn" {
		c.ex.Zero = c.l.T("zero.torch.noaffine")
	}
	if !stats && c.kind == "batchnorm" {
		c.note("note.torch.norm.nostats")
	}
	if len(buffers) > 0 {
		c.note("note.torch.norm.buffers", "names", strings.Join(buffers, ", "))
		if mom, err := c.cfg.Float(0.1, "momentum"); err == nil {
			c.note("note.torch.norm.momentum", "m", formatFloat(mom))
		}
	}
	if c.kind != "lrn" {
		c.note("note.torch.norm.eps", "eps", formatFloat(eps))
	}
}

func (c *ctx) torchEmbedding() {
	vocab, _ := c.factor("", "num_embeddings")
	dim, _ := c.factor("", "embedding_dim")
	// torch takes ids of any shape, with or without a batch axis, and adds
	// the vector axis: the whole shapes say it, not one sample's.
	ids := prodKnown(c.in)
	in, out := dimsX(c.in), dimsX(c.out)
	switch {
	case c.in == nil || c.out == nil:
		c.does("does.embedding", "vmax", vocab-1, "dim", dim, "in", sample(c.in), "out", sample(c.out))
	case c.class == "EmbeddingBag":
		c.does("does.torch.embeddingbag", "vmax", vocab-1, "dim", dim, "in", in, "out", out, "n", ids)
	default:
		c.does("does.torch.embedding", "vmax", vocab-1, "dim", dim, "in", in, "out", out, "n", ids)
	}
	c.note("note.embedding", "dim", dim, "vocab", vocab, "total", vocab*dim)
	if c.class == "EmbeddingBag" {
		mode, _ := c.cfg.String("mean", "mode")
		c.note("note.torch.embeddingbag", "mode", mode)
	}
	if pi, err := c.cfg.Int(-1, "padding_idx"); err == nil && c.cfg.Has("padding_idx") && pi >= 0 {
		c.note("note.torch.paddingidx", "idx", pi)
	}
}

func (c *ctx) torchRecurrent() {
	h, okH := c.factor("", "hidden_size")
	in, _ := c.factor("", "input_size")
	gates, _ := c.factor("", "gates")
	if !okH {
		c.generic()
		return
	}
	if gates == 0 {
		gates = 1
	}
	layers, _ := c.cfg.Int(1, "num_layers")
	bidir, _ := c.cfg.Bool(false, "bidirectional")
	proj, _ := c.cfg.Int(0, "proj_size")
	bias := c.hasWeight("bias_ih") || c.hasWeight("bias_ih_l0")
	cell := strings.HasSuffix(c.class, "Cell")
	switch {
	case cell:
		c.does("does.torch.cell", "class", c.class, "units", h, "in", in)
	case c.kind == "lstm", c.kind == "gru":
		c.does("does."+c.kind, "units", h, "in", in)
	default:
		c.does("does.simplernn", "units", h, "in", in)
	}
	dirs := int64(1)
	if bidir {
		dirs = 2
	}
	outH := h
	if proj > 0 {
		outH = proj
	}
	if c.in != nil && c.out != nil && len(c.in) >= 1 && len(c.out) >= 1 {
		if o := c.out[len(c.out)-1]; o == outH*dirs && dirs == 2 {
			c.shape(c.l.T("len.features.rnn.bidir", "h", outH, "out", o))
		} else {
			c.shape(c.l.T("len.features.rnn", "in", graph.DimString(c.in[len(c.in)-1]), "out", graph.DimString(o)))
		}
		if !cell && len(c.in) == 3 {
			if bf, _ := c.cfg.Bool(false, "batch_first"); bf {
				c.shape(c.l.T("len.torch.steps.batchfirst", "steps", graph.DimString(c.in[1])))
			} else {
				c.shape(c.l.T("len.torch.steps", "steps", graph.DimString(c.in[0])))
			}
		}
	}
	// One layer and direction: gates·h·(in + h) weights and two biases.
	rh := h
	if proj > 0 {
		rh = proj
	}
	one := gates * h * (in + rh)
	if bias {
		one += 2 * gates * h
	}
	gateNames := map[string]string{"lstm": "note.torch.gates.lstm", "gru": "note.torch.gates.gru"}[c.kind]
	if gateNames == "" {
		gateNames = "note.torch.gates.rnn"
	}
	c.note(gateNames)
	if bias {
		c.note("note.torch.rnn.biases", "g", gates, "h", h, "in", in, "rh", rh, "total", one)
	} else {
		c.note("note.torch.rnn.nobias", "g", gates, "h", h, "in", in, "rh", rh, "total", one)
	}
	if proj > 0 {
		c.note("note.torch.rnn.proj", "p", proj, "h", h)
	}
	if layers > 1 || bidir {
		c.note("note.torch.rnn.stack", "layers", layers, "dirs", dirs, "next", outH*dirs)
	}
	if !cell {
		c.note("note.rnn.steps")
	}
	c.note("note.dep.rnn", "in", in)
}

func (c *ctx) torchMHA() {
	e, err := c.cfg.Int(0, "embed_dim")
	if err != nil || e <= 0 {
		c.generic()
		return
	}
	h, _ := c.cfg.Int(1, "num_heads")
	if h < 1 {
		h = 1
	}
	c.does("does.torch.mha", "h", h, "hd", e/h, "e", e)
	for _, group := range c.torchGroups() {
		e := LayerExpr(group.ws)
		if e == nil {
			continue
		}
		v, ok := e.Value()
		if !ok {
			continue
		}
		key := "note.torch.mha.inproj"
		if strings.HasSuffix(group.prefix, "out_proj") {
			key = "note.torch.mha.outproj"
		}
		c.note(key, "formula", e.String(), "total", v, "words", e.Words(c.label))
	}
	if c.hasWeight("bias_k") {
		c.note("note.torch.mha.biaskv", "e", e)
	}
	c.note("note.mha.seq")
}

type weightGroup struct {
	prefix string
	ws     []summaryWeight
}

// torchGroups splits the row's parameters by weightPrefix.
func (c *ctx) torchGroups() []weightGroup {
	var out []weightGroup
	idx := map[string]int{}
	for _, w := range c.r.Weights {
		if w.Buffer {
			continue
		}
		p := weightPrefix(w.Name)
		if _, ok := idx[p]; !ok {
			idx[p] = len(out)
			out = append(out, weightGroup{prefix: p})
		}
		out[idx[p]].ws = append(out[idx[p]].ws, w)
	}
	return out
}

func (c *ctx) torchPool() {
	n := torchDims(c.class)
	if c.in == nil || n == 0 || (len(c.in) != n+2 && len(c.in) != n+1) {
		c.generic()
		return
	}
	inDims, ch := torchSpatial(c.in, n)
	outDims, _ := torchSpatial(c.out, n)
	kernel := c.torchInts(n, 1, "kernel_size")
	strides := kernel
	if c.cfg.Has("stride") {
		if s, _, ok := c.cfg.Lookup("stride"); ok && s != nil {
			strides = c.torchInts(n, 1, "stride")
		}
	}
	pads := c.torchInts(n, 0, "padding")
	dilation := c.torchInts(n, 1, "dilation")
	ceil, _ := c.cfg.Bool(false, "ceil_mode")
	win := c.window(kernel)
	kind := c.kind
	if kind == "lppool" {
		p, _ := c.cfg.Float(2, "norm_type")
		c.does("does.lppool", "win", win, "p", formatFloat(p), "in", sample(c.in), "out", sample(c.out))
	} else {
		c.does("does."+kind, "win", win, "in", sample(c.in), "out", sample(c.out))
	}
	c.shape(c.torchWindowParams(win, strides, pads, dilation, "", ceil))
	c.torchWindowLines(n, inDims, outDims, kernel, strides, pads, dilation, false, ceil)
	c.shape(c.l.T("len.channels.same", "n", graph.DimString(ch)))
	if !equalInts(kernel, strides) {
		c.note("note.pool.strides", "win", win, "strides", dimsX(strides))
	}
	if kind == "avgpool" && prodKnown(pads) > 0 {
		if inc, _ := c.cfg.Bool(true, "count_include_pad"); inc {
			c.note("note.torch.avgpool.pad")
		}
	}
}

func (c *ctx) torchModule() {
	if !c.r.Nested {
		c.generic()
		return
	}
	n := len(c.r.Sub)
	switch c.class {
	case "Sequential":
		c.does("does.torch.sequential", "n", n)
	case "ModuleList", "ModuleDict":
		c.does("does.torch.modulelist", "n", n, "class", c.class)
	default:
		c.does("does.torch.module", "n", n, "class", c.class)
	}
	if c.ex.Formula != nil && c.ex.Params >= 0 {
		c.note("note.torch.nested", "formula", c.ex.Formula.String(), "total", c.ex.Params)
	}
}

func (c *ctx) torchLoss() { c.does("does.loss", "class", c.class) }

func (c *ctx) torchUnpool() {
	c.does("does.unpool", "in", sample(c.in), "out", sample(c.out))
}

// torchDropout is the Keras explanation of dropout plus what eval mode
// means for it: netsum, like torchinfo, runs forward in eval mode, where
// dropout never drops.
func (c *ctx) torchDropout() {
	c.regularization()
	if c.ex.Does != "" {
		c.note("note.torch.dropout.eval")
	}
}

// torchOptSizes reads a per-axis size that may be None (-1 here): an int,
// or a tuple of ints and Nones, like AdaptiveAvgPool2d's output_size.
func (c *ctx) torchOptSizes(n int, key string) []int64 {
	out := c.repeat(n, -1)
	v, _, ok := c.cfg.Lookup(key)
	if !ok || v == nil {
		return out
	}
	one := func(x any) int64 {
		switch x := x.(type) {
		case int:
			return int64(x)
		case int64:
			return x
		case float64:
			return int64(x)
		}
		return -1
	}
	switch l := v.(type) {
	case []any:
		if len(l) == n {
			for i, x := range l {
				out[i] = one(x)
			}
		}
	case []int64:
		if len(l) == n {
			copy(out, l)
		}
	default:
		if x := one(v); x >= 0 {
			out = c.repeat(n, x)
		}
	}
	return out
}

// torchAdaptivePool explains adaptive pooling: the output size is fixed
// by output_size, and along each axis window i of an input of length L
// and an output of length O is the slice ⌊i·L/O⌋:⌈(i + 1)·L/O⌉,
// as torch picks them (adaptive_avg_pool / adaptive_max_pool). Windows may
// overlap and differ in width by one when O does not divide L.
func (c *ctx) torchAdaptivePool() {
	n := torchDims(c.class)
	if c.in == nil || c.out == nil || n == 0 || (len(c.in) != n+2 && len(c.in) != n+1) || len(c.out) != len(c.in) {
		c.globalPool()
		return
	}
	inDims, ch := torchSpatial(c.in, n)
	outDims, _ := torchSpatial(c.out, n)
	sizes := c.torchOptSizes(n, "output_size")
	in := dimsX(append([]int64{ch}, inDims...))
	out := dimsX(append([]int64{ch}, outDims...))
	c.does("does.torch."+c.kind, "grid", dimsX(outDims), "in", in, "out", out)
	for i := 0; i < n; i++ {
		axis := c.axis(n, i)
		L, O := inDims[i], outDims[i]
		switch {
		case sizes[i] < 0 && L == O:
			c.shape(c.l.T("len.adaptive.none", "axis", axis, "in", graph.DimString(L)))
		case L <= 0 || O <= 0:
			c.shape(c.l.T("len.plain", "axis", axis, "in", graph.DimString(L), "out", graph.DimString(O)))
		case O == 1:
			c.shape(c.l.T("len.adaptive.one", "axis", axis, "in", itoa(L)))
		case L%O == 0:
			c.shape(c.l.T("len.adaptive.even", "axis", axis, "in", itoa(L), "out", itoa(O), "w", itoa(L/O)))
		default:
			c.shape(c.l.T("len.adaptive", "axis", axis, "in", itoa(L), "out", itoa(O), "windows", adaptiveWindows(L, O)))
		}
	}
	c.shape(c.l.T("len.channels.same", "n", graph.DimString(ch)))
	size := make([]string, n)
	for i, s := range sizes {
		size[i] = "None"
		if s >= 0 {
			size[i] = itoa(s)
		}
	}
	sz := size[0]
	if n > 1 {
		sz = "(" + strings.Join(size, ", ") + ")"
	}
	c.note("note.torch.adaptive", "size", sz)
}

// adaptiveWindows lists torch's adaptive windows start:end of an axis
// of length L pooled to O: all of them up to 8, else the first two and the
// last.
func adaptiveWindows(L, O int64) string {
	win := func(i int64) string {
		start := i * L / O
		end := ((i+1)*L + O - 1) / O
		return itoa(start) + ":" + itoa(end)
	}
	var parts []string
	if O <= 8 {
		for i := int64(0); i < O; i++ {
			parts = append(parts, win(i))
		}
	} else {
		parts = []string{win(0), win(1), "…", win(O - 1)}
	}
	return strings.Join(parts, ", ")
}

package explain

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// Layer is the explanation of one summary row.
type Layer struct {
	Name, Class string
	// Kind is the explanation kind (conv, dropout, lstm, …; see kinds).
	Kind  string
	Depth int
	In    []graph.Shape
	Out   []graph.Shape
	// Does says in one sentence what the layer does.
	Does string
	// Shape lines explain the output shape: one per axis that changes,
	// with its formula (height: (28 − 5)/1 + 1 = 24).
	Shape   []string
	Weights []Weight
	// Formula is the parameter count as an expression (nil: no weights);
	// Words is the same expression in words.
	Formula *Expr
	Words   string
	// Params is the row's count (-1 when unknown); Own is what the row
	// adds to the model's total (weights counted on an earlier row left out).
	Params, Own int64
	// Zero says why a layer without weights has none.
	Zero  string
	Notes []string
	// Sub explains the layers of a nested model.
	Sub []*Layer
}

// Weight is one weight with its formula.
type Weight struct {
	Name      string
	Shape     []int64
	Expr      *Expr
	Words     string
	Count     int64
	Trainable bool
	Shared    bool
}

// Explain explains one summary row (and its nested rows) in language l.
func Explain(r *summary.Row, l Lang) *Layer { return explainIn(r, l, graph.DialectUnknown) }

// explainIn explains r for a model of dialect d, which decides a few
// remarks (Keras 1 leaves non-trainable weights out of its counts).
func explainIn(r *summary.Row, l Lang, d graph.Dialect) *Layer {
	c := newCtx(r, l)
	c.dialect = d
	c.explain()
	for i := range r.Sub {
		c.ex.Sub = append(c.ex.Sub, explainIn(&r.Sub[i], l, d))
	}
	return c.ex
}

// Explanation is the one or two plain sentences of a row's explanation in
// English: what the layer does and where its parameter count comes from
// (or why it has none). It is the "explanation" of a layer in JSON.
func Explanation(r *summary.Row) string { return ExplanationIn(r, EN) }

// ExplanationIn is Explanation in language l.
func ExplanationIn(r *summary.Row, l Lang) string {
	e := Explain(r, l)
	return e.Sentence(l)
}

// Sentence joins Does with the parameter sentence.
func (e *Layer) Sentence(l Lang) string {
	var p string
	switch {
	case e.Formula == nil:
		p = e.Zero
	case e.Params < 0:
		p = l.T("sentence.params.unknown", "formula", e.Formula.String())
	case e.Words == "":
		p = l.T("sentence.params.plain", "formula", e.Formula.String(), "count", e.Params)
	case e.Formula.IsLeaf():
		p = l.T("sentence.params.leaf", "count", e.Params, "words", e.Words)
	default:
		p = l.T("sentence.params", "formula", e.Formula.String(), "count", e.Params, "words", e.Words)
	}
	return strings.TrimSpace(e.Does + " " + p)
}

// sameSizeNames joins the weight names of a row whose weights all have the
// same factors (the vectors of a normalization layer).
func sameSizeNames(r *summary.Row) (string, bool) {
	if r.Nested || len(r.Weights) < 2 {
		return "", false
	}
	first := monoOf(&r.Weights[0])
	names := []string{r.Weights[0].Name}
	for i := 1; i < len(r.Weights); i++ {
		if !monoOf(&r.Weights[i]).equal(first) {
			return "", false
		}
		names = append(names, r.Weights[i].Name)
	}
	return strings.Join(names, " + "), true
}

// ctx is what explaining one row needs.
type ctx struct {
	l       Lang
	r       *summary.Row
	cfg     catalog.Config
	class   string
	family  string
	kind    string
	in, out graph.Shape
	ex      *Layer
	dialect graph.Dialect
}

func newCtx(r *summary.Row, l Lang) *ctx {
	class, family, kind := classify(r.Class)
	if kind == "unknown" {
		// Not a Keras class (an ONNX or PyTorch op): explained generically.
		kind = "generic"
	}
	if r.Nested {
		kind = "model"
	}
	if r.Unknown {
		kind = "unknown"
	}
	c := &ctx{l: l, r: r, cfg: catalog.Config(r.Config), class: class, family: family, kind: kind}
	if c.cfg == nil {
		c.cfg = catalog.Config{}
	}
	if len(r.InputShapes) > 0 {
		c.in = r.InputShapes[0]
	}
	if len(r.OutputShapes) > 0 {
		c.out = r.OutputShapes[0]
	}
	e := &Layer{Name: r.Name, Class: r.Class, Kind: kind, Depth: r.Depth, In: r.InputShapes, Out: r.OutputShapes, Params: -1, Own: -1}
	if r.ParamsKnown && !r.Unknown {
		e.Params = r.Params
	}
	if n, ok := ownCount(r); ok && !r.Unknown {
		e.Own = n
	}
	for _, w := range r.Weights {
		x := WeightExpr(w.Shape, w.Factors)
		e.Weights = append(e.Weights, Weight{Name: w.Name, Shape: w.Shape, Expr: x, Words: c.words(x), Count: w.Count, Trainable: w.Trainable, Shared: w.Shared})
	}
	e.Formula = RowExpr(r)
	if e.Formula != nil {
		e.Words = c.words(e.Formula)
		if names, ok := sameSizeNames(r); ok {
			// gamma + beta + moving_mean + moving_variance reads better
			// than channels + channels + channels + channels.
			e.Words = names
		}
	}
	c.ex = e
	return c
}

// words is x in words, or "" when no number of x has a name.
func (c *ctx) words(x *Expr) string {
	for _, f := range x.Leaves() {
		if f.Name != "" && f.Name != "1" {
			return x.Words(c.label)
		}
	}
	return ""
}

func (c *ctx) note(key string, args ...any) { c.ex.Notes = append(c.ex.Notes, c.l.T(key, args...)) }
func (c *ctx) shape(line string)            { c.ex.Shape = append(c.ex.Shape, line) }
func (c *ctx) does(key string, args ...any) { c.ex.Does = c.l.T(key, args...) }

// explain fills the explanation by kind, then the notes every kind shares.
func (c *ctx) explain() {
	if f, ok := explainers[c.kind]; ok {
		f(c)
	} else {
		c.generic()
	}
	if c.ex.Does == "" {
		c.generic()
	}
	if len(c.r.Weights) == 0 && c.ex.Zero == "" {
		key := "zero." + c.kind
		if _, ok := messages[key]; !ok {
			key = "zero.generic"
		}
		c.ex.Zero = c.l.T(key)
	}
	c.commonNotes()
}

var explainers map[string]func(c *ctx)

func init() {
	explainers = map[string]func(c *ctx){
		"input":           (*ctx).input,
		"dense":           (*ctx).dense,
		"einsum":          (*ctx).einsum,
		"highway":         (*ctx).highway,
		"maxout":          (*ctx).maxout,
		"lambda":          (*ctx).lambda,
		"conv":            (*ctx).conv,
		"convT":           (*ctx).conv,
		"separable":       (*ctx).conv,
		"depthwise":       (*ctx).conv,
		"locally":         (*ctx).conv,
		"dropout":         (*ctx).regularization,
		"spatialdropout":  (*ctx).regularization,
		"gaussiannoise":   (*ctx).regularization,
		"gaussiandropout": (*ctx).regularization,
		"alphadropout":    (*ctx).regularization,
		"activityreg":     (*ctx).regularization,
		"masking":         (*ctx).regularization,
		"activation":      (*ctx).activation,
		"prelu":           (*ctx).prelu,
		"maxpool":         (*ctx).pool,
		"avgpool":         (*ctx).pool,
		"globalmax":       (*ctx).globalPool,
		"globalavg":       (*ctx).globalPool,
		"adaptivemax":     (*ctx).globalPool,
		"adaptiveavg":     (*ctx).globalPool,
		"flatten":         (*ctx).flatten,
		"reshape":         (*ctx).rearrange,
		"permute":         (*ctx).rearrange,
		"repeat":          (*ctx).rearrange,
		"upsampling":      (*ctx).rearrange,
		"zeropad":         (*ctx).rearrange,
		"crop":            (*ctx).rearrange,
		"merge":           (*ctx).merge,
		"concat":          (*ctx).merge,
		"dot":             (*ctx).merge,
		"batchnorm":       (*ctx).norm,
		"layernorm":       (*ctx).norm,
		"groupnorm":       (*ctx).norm,
		"rmsnorm":         (*ctx).norm,
		"unitnorm":        (*ctx).norm,
		"embedding":       (*ctx).embedding,
		"simplernn":       (*ctx).recurrent,
		"lstm":            (*ctx).recurrent,
		"gru":             (*ctx).recurrent,
		"rnn":             (*ctx).recurrent,
		"convlstm":        (*ctx).recurrent,
		"bidirectional":   (*ctx).bidirectional,
		"timedistributed": (*ctx).timeDistributed,
		"attention":       (*ctx).attention,
		"mha":             (*ctx).mha,
		"normalization":   (*ctx).preprocessing,
		"rescaling":       (*ctx).preprocessing,
		"resizing":        (*ctx).preprocessing,
		"centercrop":      (*ctx).preprocessing,
		"encoding":        (*ctx).preprocessing,
		"augment":         (*ctx).preprocessing,
		"model":           (*ctx).model,
		"unknown":         (*ctx).unknown,
	}
}

// ---- shapes and numbers ----

// shapes formats a list of shapes: (None, 8) or [(None, 8), (None, 4)].
func shapes(ss []graph.Shape) string {
	if len(ss) == 0 {
		return "?"
	}
	if len(ss) == 1 {
		if ss[0] == nil {
			return "?"
		}
		return ss[0].String()
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		if s == nil {
			parts[i] = "?"
		} else {
			parts[i] = s.String()
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// sample formats the dims of one sample (batch left out): 28x28x1.
func sample(s graph.Shape) string {
	if len(s) <= 1 {
		return "1"
	}
	return dimsX(s[1:])
}

// dimsX joins dims with x: 5x5.
func dimsX(d []int64) string {
	parts := make([]string, len(d))
	for i, x := range d {
		parts[i] = graph.DimString(x)
	}
	return strings.Join(parts, "x")
}

// dimsTuple formats ints like a Python tuple: (2, 2).
func dimsTuple(d []int64) string { return graph.Shape(d).String() }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// percent formats a rate 0.25 as 25%.
func percent(f float64) string {
	return strconv.FormatFloat(f*100, 'g', 4, 64) + "%"
}

// factor finds the value of the named factor in the weights whose name is
// wname or ends with "/"+wname ("" = any weight); ok is false if absent.
func (c *ctx) factor(wname, fname string) (int64, bool) {
	for _, w := range c.r.Weights {
		if wname != "" && w.Name != wname && !strings.HasSuffix(w.Name, "/"+wname) {
			continue
		}
		for _, fs := range w.Factors {
			for _, f := range fs {
				if f.Name == fname {
					return f.Value, true
				}
			}
		}
	}
	return 0, false
}

// hasWeight reports whether a weight named name (or …/name) exists.
func (c *ctx) hasWeight(name string) bool {
	for _, w := range c.r.Weights {
		if w.Name == name || strings.HasSuffix(w.Name, "/"+name) {
			return true
		}
	}
	return false
}

// hasBias reports whether the layer has a bias (Keras 1 calls it b).
func (c *ctx) hasBias() bool { return c.hasWeight("bias") || c.hasWeight("b") }

// channelsFirst reads data_format or the Keras 1 dim_ordering.
func (c *ctx) channelsFirst() bool {
	if df, _ := c.cfg.String("", "data_format"); df != "" {
		return df == "channels_first"
	}
	do, _ := c.cfg.String("", "dim_ordering")
	return do == "th"
}

// padding reads padding or the Keras 1 border_mode, lower-cased.
func (c *ctx) padding() string {
	p, _ := c.cfg.String("valid", "padding", "border_mode")
	return strings.ToLower(p)
}

// spatial splits a shape into spatial dims and channels.
func spatial(s graph.Shape, n int, cf bool) ([]int64, int64) {
	if len(s) < n+2 {
		return nil, -1
	}
	if cf {
		return s[2 : 2+n], s[1]
	}
	return s[1 : 1+n], s[1+n]
}

// axisNames are the message keys of n spatial axes.
func axisNames(n int) []string {
	switch n {
	case 1:
		return []string{"axis.length"}
	case 2:
		return []string{"axis.height", "axis.width"}
	case 3:
		return []string{"axis.depth", "axis.height", "axis.width"}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = "axis.n"
	}
	return out
}

func (c *ctx) axis(n, i int) string {
	return c.l.T(axisNames(n)[i], "n", i+1)
}

// label is the words for one factor, in the layer's vocabulary.
func (c *ctx) label(f graph.Factor) string { return factorLabel(c.l, c.kind, f) }

// ---- common notes ----

func (c *ctx) commonNotes() {
	r := c.r
	if c.ex.Params < 0 && len(r.Weights) > 0 && !r.Unknown {
		c.note("note.unknownsize")
	}
	if r.Frozen && len(r.Weights) > 0 {
		c.note("note.frozen")
	}
	var shared []string
	for _, w := range r.Weights {
		if w.Shared {
			shared = append(shared, w.Name)
		}
	}
	if len(shared) > 0 {
		c.note("note.shared.weight", "names", strings.Join(shared, ", "), "n", len(shared))
	}
	if calls := c.calls(); calls > 1 && len(r.Weights) > 0 {
		c.note("note.shared.calls", "n", calls)
	}
	if r.Multiple {
		c.note("note.multiple")
	}
	for _, w := range r.Weights {
		if strings.HasPrefix(w.Name, "lora_") || strings.Contains(w.Name, "/lora_") {
			r, _ := c.factor("", "lora_rank")
			c.note("note.lora", "rank", r)
			break
		}
	}
}

// calls estimates how often the layer was called in its model from the
// Connected to entries (one per inbound tensor of each call).
func (c *ctx) calls() int {
	per := len(c.r.InputShapes)
	if per == 0 || len(c.r.Connected)%per != 0 {
		return 0
	}
	return len(c.r.Connected) / per
}

// ---- kinds ----

func (c *ctx) generic() {
	if c.ex.Does == "" {
		c.does("does.generic", "class", c.r.Class)
	}
}

func (c *ctx) unknown() {
	c.does("does.unknown", "class", c.r.Class)
	c.ex.Zero = c.l.T("zero.unknown")
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

// conv explains Conv, ConvTranspose, SeparableConv, DepthwiseConv and
// LocallyConnected layers.
func (c *ctx) conv() {
	n := len(c.in) - 2
	if c.in == nil || n < 1 || n > 3 {
		c.generic()
		return
	}
	cf := c.channelsFirst()
	inDims, cin := spatial(c.in, n, cf)
	outDims, cout := spatial(c.out, n, cf)
	kernel := c.kernelSize(n)
	strides, _ := c.cfg.Ints(n, onesN(n), "strides", "subsample", "subsample_length")
	dilation, _ := c.cfg.Ints(n, onesN(n), "dilation_rate", "atrous_rate")
	if len(strides) != n {
		strides = onesN(n)
	}
	if len(dilation) != n {
		dilation = onesN(n)
	}
	pad := c.padding()
	win := c.window(kernel)
	filters, _ := c.factor("", "filters")
	dm, _ := c.factor("", "depth_multiplier")
	switch c.kind {
	case "conv":
		c.does("does.conv", "filters", filters, "win", win, "cin", cin)
	case "convT":
		c.does("does.convT", "filters", filters, "win", win)
	case "separable":
		c.does("does.separable", "filters", filters, "win", win, "dm", dm)
	case "depthwise":
		c.does("does.depthwise", "cin", cin, "win", win, "dm", dm)
	case "locally":
		c.does("does.locally", "win", win, "positions", prodKnown(outDims))
	}
	c.shape(c.windowParams(win, strides, dilation, pad))
	if c.kind == "convT" {
		c.transposedLines(n, inDims, outDims, kernel, strides, dilation, pad)
	} else {
		c.windowLines(n, inDims, outDims, kernel, strides, dilation, pad)
	}
	switch c.kind {
	case "depthwise":
		c.shape(c.l.T("len.channels.depthwise", "in", graph.DimString(cin), "out", graph.DimString(cout), "dm", dm))
	default:
		c.shape(c.l.T("len.channels.conv", "in", graph.DimString(cin), "out", graph.DimString(cout)))
	}
	// Notes: the kernel per filter, one bias per filter, input dependence.
	bias := c.hasBias()
	switch c.kind {
	case "conv", "convT":
		groups, _ := c.cfg.Int(1, "groups")
		per := cin
		if groups > 1 {
			per = cin / groups
		}
		kf := strings.ReplaceAll(win, "x", "·") + "·" + itoa(per)
		k := prodKnown(kernel) * per
		if bias {
			c.note("note.conv.kernel", "k", k, "win", win, "cin", per, "kformula", kf, "filters", filters, "total", (k+1)*filters)
			c.note("note.bias.filter", "n", filters)
		} else {
			c.note("note.conv.kernel.nobias", "k", k, "win", win, "cin", per, "kformula", kf, "filters", filters, "total", k*filters)
			c.note("note.nobias")
		}
		if groups > 1 {
			c.note("note.groups", "groups", groups, "cin", cin, "per", per)
		}
	case "separable":
		c.note("note.separable", "win", win, "cin", cin, "dm", dm, "filters", filters)
		if bias {
			c.note("note.bias.filter", "n", filters)
		} else {
			c.note("note.nobias")
		}
	case "depthwise":
		c.note("note.depthwise", "win", win, "dm", dm)
		if bias {
			c.note("note.bias.channel", "n", cin*dm)
		} else {
			c.note("note.nobias")
		}
	case "locally":
		c.note("note.locally", "positions", prodKnown(outDims))
		if !bias {
			c.note("note.nobias")
		}
	}
	c.note("note.dep.channels", "cin", cin)
}

// window names a window: 5x5, or for one axis 5-wide.
func (c *ctx) window(k []int64) string {
	if len(k) == 1 {
		return c.l.T("win.1d", "k", itoa(k[0]))
	}
	return dimsX(k)
}

// convLSTMLines explains the spatial lengths of a ConvLSTM: the input
// convolution of each step decides them.
func (c *ctx) convLSTMLines(n int, kernel []int64) {
	if c.out == nil || len(c.in) != n+3 {
		return
	}
	cf := c.channelsFirst()
	step := append(graph.Shape{c.in[0]}, c.in[2:]...)
	outStep := c.out
	if len(c.out) == n+3 {
		outStep = append(graph.Shape{c.out[0]}, c.out[2:]...)
	}
	inDims, _ := spatial(step, n, cf)
	outDims, _ := spatial(outStep, n, cf)
	strides, _ := c.cfg.Ints(n, onesN(n), "strides", "subsample")
	dilation, _ := c.cfg.Ints(n, onesN(n), "dilation_rate")
	if len(strides) != n {
		strides = onesN(n)
	}
	if len(dilation) != n {
		dilation = onesN(n)
	}
	pad := c.padding()
	c.shape(c.windowParams(c.window(kernel), strides, dilation, pad))
	c.windowLines(n, inDims, outDims, kernel, strides, dilation, pad)
}

// kernelSize takes the window from the kernel's factors (every dialect
// names them the same), else from kernel_size.
func (c *ctx) kernelSize(n int) []int64 {
	names := map[int][]string{1: {"kernel_len"}, 2: {"kernel_h", "kernel_w"}, 3: {"kernel_d", "kernel_h", "kernel_w"}}[n]
	out := make([]int64, 0, n)
	for _, name := range names {
		v, ok := c.factor("", name)
		if !ok {
			break
		}
		out = append(out, v)
	}
	if len(out) == n {
		return out
	}
	if k, err := c.cfg.Ints(n, nil, "kernel_size"); err == nil && len(k) == n {
		return k
	}
	return onesN(n)
}

func onesN(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

func prodKnown(d []int64) int64 {
	n := int64(1)
	for _, x := range d {
		if x < 0 {
			return -1
		}
		n *= x
	}
	return n
}

// windowParams is the line naming window, strides, padding and dilation.
func (c *ctx) windowParams(win string, strides, dilation []int64, pad string) string {
	line := c.l.T("len.window", "win", win, "strides", dimsX(strides), "padding", pad)
	if prodKnown(dilation) > 1 {
		line += c.l.T("len.window.dilation", "dilation", dimsX(dilation))
	}
	return line
}

// windowLines explains each spatial output length of a convolution or
// pooling window (Keras conv_output_length), checking every formula
// against the shape netsum computed.
func (c *ctx) windowLines(n int, in, out, kernel, strides, dilation []int64, pad string) {
	if len(in) != n || len(out) != n {
		return
	}
	for i := 0; i < n; i++ {
		axis := c.axis(n, i)
		L, O, k, s, d := in[i], out[i], kernel[i], strides[i], dilation[i]
		if L < 0 {
			c.shape(c.l.T("len.unknown", "axis", axis))
			continue
		}
		keff := k + (k-1)*(d-1)
		var f string
		var v int64
		switch pad {
		case "valid":
			num := L - keff
			if num < 0 {
				break
			}
			f = "(" + itoa(L) + " − " + itoa(keff) + ")/" + itoa(s)
			if num%s != 0 {
				f = "⌊" + f + "⌋"
			}
			f += " + 1"
			v = num/s + 1
		case "same", "causal":
			if s == 1 {
				c.shape(c.l.T("len.same1", "axis", axis, "in", itoa(L), "padding", pad))
				continue
			}
			f = itoa(L) + "/" + itoa(s)
			if L%s != 0 {
				f = "⌈" + f + "⌉"
			}
			v = (L + s - 1) / s
		case "full":
			f = "⌈(" + itoa(L) + " + " + itoa(keff) + " − 1)/" + itoa(s) + "⌉"
			v = (L + keff - 1 + s - 1) / s
		}
		if f == "" || v != O {
			c.shape(c.l.T("len.plain", "axis", axis, "in", graph.DimString(L), "out", graph.DimString(O)))
			continue
		}
		line := c.l.T("len.formula", "axis", axis, "formula", f, "out", itoa(O))
		if d > 1 {
			line += c.l.T("len.dilated", "k", itoa(k), "d", itoa(d), "keff", itoa(keff))
		}
		c.shape(line)
	}
}

// transposedLines explains the output lengths of a transposed
// convolution (Keras deconv_output_length).
func (c *ctx) transposedLines(n int, in, out, kernel, strides, dilation []int64, pad string) {
	if len(in) != n || len(out) != n {
		return
	}
	outPad, _ := c.cfg.Ints(n, nil, "output_padding")
	for i := 0; i < n; i++ {
		axis := c.axis(n, i)
		L, O, k, s, d := in[i], out[i], kernel[i], strides[i], dilation[i]
		if L < 0 {
			c.shape(c.l.T("len.unknown", "axis", axis))
			continue
		}
		keff := k + (k-1)*(d-1)
		var f string
		var v int64
		if len(outPad) == n {
			p := map[string]int64{"same": keff / 2, "valid": 0, "full": keff - 1}[pad]
			f = "(" + itoa(L) + " − 1)·" + itoa(s) + " + " + itoa(keff) + " − 2·" + itoa(p) + " + " + itoa(outPad[i])
			v = (L-1)*s + keff - 2*p + outPad[i]
		} else {
			switch pad {
			case "valid":
				f = "(" + itoa(L) + " − 1)·" + itoa(s) + " + max(" + itoa(keff) + ", " + itoa(s) + ")"
				v = (L-1)*s + max(keff, s)
			case "same":
				f = itoa(L) + "·" + itoa(s)
				v = L * s
			case "full":
				f = itoa(L) + "·" + itoa(s) + " − (" + itoa(s) + " + " + itoa(keff) + " − 2)"
				v = L*s - (s + keff - 2)
			}
		}
		if f == "" || v != O {
			c.shape(c.l.T("len.plain", "axis", axis, "in", graph.DimString(L), "out", graph.DimString(O)))
			continue
		}
		c.shape(c.l.T("len.formula", "axis", axis, "formula", f, "out", itoa(O)))
	}
}

func (c *ctx) regularization() {
	rate, _ := c.cfg.Float(0, "rate", "p")
	switch c.kind {
	case "dropout", "spatialdropout", "gaussiandropout", "alphadropout":
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

func (c *ctx) pool() {
	n := len(c.in) - 2
	if c.in == nil || n < 1 || n > 3 {
		c.generic()
		return
	}
	cf := c.channelsFirst()
	inDims, ch := spatial(c.in, n, cf)
	outDims, _ := spatial(c.out, n, cf)
	size, err := c.cfg.Ints(n, nil, "pool_size", "pool_length")
	if err != nil || len(size) != n {
		size = []int64{2, 2, 2}[:n]
	}
	strides, err := c.cfg.Ints(n, size, "strides", "stride")
	if err != nil || len(strides) != n {
		strides = size
	}
	pad := c.padding()
	win := c.window(size)
	c.does("does."+c.kind, "win", win, "in", sample(c.in), "out", sample(c.out))
	c.shape(c.windowParams(win, strides, onesN(n), pad))
	c.windowLines(n, inDims, outDims, size, strides, onesN(n), pad)
	c.shape(c.l.T("len.channels.same", "n", graph.DimString(ch)))
	if !equalInts(size, strides) {
		c.note("note.pool.strides", "win", win, "strides", dimsX(strides))
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (c *ctx) globalPool() {
	if c.in == nil || len(c.in) < 3 {
		c.generic()
		return
	}
	n := len(c.in) - 2
	cf := c.channelsFirst()
	dims, ch := spatial(c.in, n, cf)
	c.does("does."+c.kind, "where", dimsX(dims), "ch", graph.DimString(ch), "in", sample(c.in), "out", sample(c.out))
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
		if _, ok := messages["op."+op]; !ok {
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

// String is a short form for debugging: name, kind and formula.
func (e *Layer) String() string {
	f := "0"
	if e.Formula != nil {
		f = e.Formula.String()
	}
	return fmt.Sprintf("%s (%s, %s): %s", e.Name, e.Class, e.Kind, f)
}

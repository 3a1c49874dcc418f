package explain

import (
	"fmt"
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
	c := newCtx(r, l, d)
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
	case e.Kind == "unknown" && e.Formula == nil:
	case e.Formula == nil:
		p = e.Zero
	case e.Params < 0:
		p = l.T("sentence.params.unknown", "formula", e.Formula.String())
	case e.Formula.IsLeaf() && e.Words == "":
		p = l.T("sentence.params.count", "count", e.Params)
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
	// torch is set for PyTorch models: torch.nn classes and config keys.
	torch bool
}

func newCtx(r *summary.Row, l Lang, d graph.Dialect) *ctx {
	class, family, kind := classify(r.Class, d)
	if kind == "unknown" {
		// Not a Keras class (an ONNX or PyTorch op): explained generically.
		kind = "generic"
	}
	if r.Nested {
		kind = "model"
	} else if kind == "model" && d == graph.PyTorch {
		// A user module (or a container) without modules in it.
		kind = "generic"
	}
	if r.Unknown {
		kind = "unknown"
	}
	c := &ctx{l: l, r: r, cfg: catalog.Config(r.Config), class: class, family: family, kind: kind, dialect: d, torch: d == graph.PyTorch}
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

func (c *ctx) shape(line string) { c.ex.Shape = append(c.ex.Shape, line) }

func (c *ctx) does(key string, args ...any) { c.ex.Does = c.l.T(key, args...) }

// explain fills the explanation by kind, then the notes every kind shares.
func (c *ctx) explain() {
	if f, ok := torchExplainers[c.kind]; ok && c.torch {
		f(c)
	} else if f, ok := explainers[c.kind]; ok {
		f(c)
	} else {
		c.generic()
	}
	if c.ex.Does == "" {
		c.generic()
	}
	if len(c.r.Weights) == 0 && c.ex.Zero == "" && c.kind != "unknown" {
		key := "zero." + c.kind
		if _, ok := messages()[key]; !ok {
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

// factor finds the value of the named factor in the weights whose name is
// wname or ends with "/"+wname ("" = any weight); ok is false if absent.
func (c *ctx) factor(wname, fname string) (int64, bool) {
	for _, w := range c.r.Weights {
		if wname != "" && w.Name != wname && !strings.HasSuffix(w.Name, "/"+wname) && !strings.HasSuffix(w.Name, "."+wname) {
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
		if w.Name == name || strings.HasSuffix(w.Name, "/"+name) || strings.HasSuffix(w.Name, "."+name) {
			return true
		}
	}
	return false
}

// hasBias reports whether the layer has a bias (Keras 1 calls it b).
func (c *ctx) hasBias() bool { return c.hasWeight("bias") || c.hasWeight("b") }

// channelsFirst reads data_format or the Keras 1 dim_ordering.
func (c *ctx) channelsFirst() bool {
	if c.torch {
		return true
	}
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

// String is a short form for debugging: name, kind and formula.
func (e *Layer) String() string {
	f := "0"
	if e.Formula != nil {
		f = e.Formula.String()
	}
	return fmt.Sprintf("%s (%s, %s): %s", e.Name, e.Class, e.Kind, f)
}

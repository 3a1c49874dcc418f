package cost

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/catalog"
	kcat "github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// kerasRule computes the cost of one call of a Keras layer.
type kerasRule func(c *rc) result

// kerasRules are keyed by the catalog's canonical class name (Keras 1
// aliases such as Convolution2D resolve to Conv2D first). Classes not
// listed fall back to their family (kerasFamilies).
var kerasRules map[string]kerasRule

func init() {
	kerasRules = map[string]kerasRule{
		"InputLayer":           noWork("the input"),
		"Dense":                dense,
		"EinsumDense":          einsumDense,
		"Conv1D":               conv,
		"Conv2D":               conv,
		"Conv3D":               conv,
		"Conv1DTranspose":      convTranspose,
		"Conv2DTranspose":      convTranspose,
		"Conv3DTranspose":      convTranspose,
		"SeparableConv1D":      separable,
		"SeparableConv2D":      separable,
		"DepthwiseConv1D":      depthwise,
		"DepthwiseConv2D":      depthwise,
		"LocallyConnected1D":   locallyConnected,
		"LocallyConnected2D":   locallyConnected,
		"SimpleRNN":            recurrent,
		"LSTM":                 recurrent,
		"GRU":                  recurrent,
		"CuDNNLSTM":            recurrent,
		"CuDNNGRU":             recurrent,
		"RNN":                  recurrent,
		"Bidirectional":        recurrent,
		"SimpleRNNCell":        recurrent,
		"LSTMCell":             recurrent,
		"GRUCell":              recurrent,
		"StackedRNNCells":      recurrent,
		"ConvLSTM1D":           recurrent,
		"ConvLSTM2D":           recurrent,
		"ConvLSTM3D":           recurrent,
		"ConvLSTM2DCell":       recurrent,
		"TimeDistributed":      timeDistributed,
		"Attention":            dotAttention,
		"AdditiveAttention":    dotAttention,
		"MultiHeadAttention":   multiHeadAttention,
		"BatchNormalization":   perElement(2, "scale and shift (inference: moving statistics folded)"),
		"LayerNormalization":   normalization,
		"GroupNormalization":   normalization,
		"RMSNormalization":     perElement(4, "square, mean, scale by 1/rms, gamma"),
		"UnitNormalization":    perElement(3, "square, sum, divide"),
		"Add":                  merge(0),
		"Subtract":             merge(0),
		"Multiply":             merge(0),
		"Maximum":              merge(0),
		"Minimum":              merge(0),
		"Average":              merge(1),
		"Concatenate":          noWork("a copy"),
		"Dot":                  dot,
		"Merge":                legacyMerge,
		"Activation":           activationLayer,
		"Softmax":              perElement(3, "softmax: exp, sum, divide"),
		"PReLU":                perElement(2, "max(0,x) + alpha·min(0,x)"),
		"Embedding":            noWork("a table lookup"),
		"ReversibleEmbedding":  noWork("a table lookup"),
		"Highway":              highway,
		"MaxoutDense":          maxoutDense,
		"TimeDistributedDense": timeDistributedDense,
		"Lambda":               opaque,
		"TFOpLambda":           opaque,
		"SlicingOpLambda":      noWork("slicing"),
		"Rescaling":            perElement(2, "multiply and add"),
		"Normalization":        perElement(2, "subtract mean, divide by std"),
		"Resizing":             resize("bilinear"),
		"UpSampling1D":         resize("nearest"),
		"UpSampling2D":         resize("nearest"),
		"UpSampling3D":         resize("nearest"),
	}
}

// kerasFamilies give the rule for classes without their own.
var kerasFamilies = map[string]kerasRule{
	"input":          noWork("the input"),
	"reshape":        noWork("moves data only"),
	"regularization": noWork("identity at inference"),
	"preprocessing":  noWork("identity at inference, or integer lookups and hashing"),
	"activation":     perElement(1, "one activation per element"),
	"pooling":        pooling,
	"embedding":      noWork("a table lookup"),
}

// kerasCost resolves the row's class and applies its rule.
func kerasCost(c *rc) (result, string) {
	class := c.r.Class
	family := ""
	if sp := kcat.Lookup(class); sp != nil {
		class, family = sp.Class, sp.Family
	}
	if f := kerasRules[class]; f != nil {
		return f(c), class
	}
	if f := kerasFamilies[family]; f != nil {
		return f(c), "family " + family
	}
	why := "no cost rule for " + c.r.Class
	return result{macs: unknown(why), flops: unknown(why)}, "none"
}

func noWork(why string) kerasRule {
	return func(c *rc) result { return result{macs: zero, flops: zero, note: "no arithmetic: " + why} }
}

// opaque is a layer running arbitrary code.
func opaque(c *rc) result {
	why := "arbitrary code: not counted"
	return result{macs: unknown(why), flops: unknown(why)}
}

// perElement is n FLOPs per output element, no MACs.
func perElement(n int64, what string) kerasRule {
	return func(c *rc) result {
		return result{macs: zero, flops: k(n, c.outElems()), note: fmt.Sprintf("%d FLOPs per output element (%s)", n, what)}
	}
}

// actCost is the FLOPs per element of a Keras activation name.
func actCost(v any) (int64, string) {
	name := ""
	switch x := v.(type) {
	case string:
		name = x
	case map[string]any:
		if cn, ok := x["class_name"].(string); ok {
			name = cn
		}
		if cfg, ok := x["config"].(map[string]any); ok {
			if n, ok := cfg["name"].(string); ok {
				name = n
			}
		}
	}
	name = strings.ToLower(name)
	switch name {
	case "", "linear", "none":
		return 0, ""
	case "softmax", "log_softmax":
		return 3, name
	}
	return 1, name
}

// fusedActivation is the FLOPs of a layer's activation argument.
func (c *rc) fusedActivation() q {
	n, name := actCost(c.cfg["activation"])
	if n == 0 {
		return zero
	}
	return named(k(n, c.outElems()), name)
}

// biasAdd is one add per output element when the layer has a bias.
func (c *rc) biasAdd(names ...string) q {
	for _, n := range names {
		if c.weight(n) != nil {
			return named(c.outElems(), "bias")
		}
	}
	return zero
}

// channelsFirst reads data_format / dim_ordering.
func (c *rc) channelsFirst() bool {
	df, _ := c.cfg.String("", "data_format", "dim_ordering")
	return df == "channels_first" || df == "th"
}

// spatial drops the batch and channel dims of s.
func (c *rc) spatial(s graph.Shape) []int64 {
	if len(s) < 2 {
		return nil
	}
	if c.channelsFirst() {
		return s[2:]
	}
	return s[1 : len(s)-1]
}

func dense(c *rc) result {
	kern := c.weight("kernel")
	if kern == nil {
		kern = c.weight("W")
	}
	if len(c.in) == 0 || kern == nil {
		return unknownResult("input or kernel unknown")
	}
	in := c.in[0]
	if len(in) < 2 || !in.Known(0) {
		return unknownResult("input shape " + in.String() + " not fully known")
	}
	macs := mul(c.batchQ(), dims(in[1:len(in)-1]...), wq(kern))
	return result{macs: macs, flops: flopsOf(macs, c.biasAdd("bias", "b"), c.fusedActivation())}
}

func unknownResult(why string) result {
	return result{macs: unknown(why), flops: unknown(why)}
}

// factorsWithout is the kernel's per-output work: its named factors but
// those called drop (and the constant 1 dims), or its dims but the last.
func factorsWithout(w *summary.Weight, drop ...string) q {
	if len(w.Factors) == len(w.Shape) && len(w.Factors) > 0 {
		var ds []int64
		for _, fs := range w.Factors {
			for _, f := range fs {
				skip := f.Name == "1"
				for _, d := range drop {
					if f.Name == d {
						skip = true
					}
				}
				if !skip {
					ds = append(ds, f.Value)
				}
			}
		}
		return dims(ds...)
	}
	if len(w.Shape) == 0 {
		return dims()
	}
	return dims(w.Shape[:len(w.Shape)-1]...)
}

// conv: every output element is a dot product over the kernel window and
// the input channels of its group: out · (k… · in/groups).
func conv(c *rc) result {
	kern := c.weight("kernel")
	if kern == nil || len(c.out) == 0 {
		return unknownResult("kernel or output unknown")
	}
	out := c.out[0]
	if !out.Known(0) {
		return unknownResult("output shape " + out.String() + " not fully known")
	}
	macs := mul(c.batchQ(), dims(out[1:]...), factorsWithout(kern, "filters"))
	res := result{macs: macs, flops: flopsOf(macs, c.biasAdd("bias"), c.fusedActivation())}
	if c.weight("lora_kernel_a") != nil {
		res.note = "LoRA factors not counted (merged into the kernel)"
	}
	return res
}

// convTranspose: every input element is scattered through the kernel to
// every output channel: in · (k… · filters). Output positions are not
// multiplied (torchinfo's rule is, see docs/cost.md).
func convTranspose(c *rc) result {
	kern := c.weight("kernel")
	if kern == nil || len(c.in) == 0 {
		return unknownResult("kernel or input unknown")
	}
	in := c.in[0]
	if !in.Known(0) {
		return unknownResult("input shape " + in.String() + " not fully known")
	}
	var per q
	if len(kern.Factors) == len(kern.Shape) && len(kern.Factors) > 0 {
		per = factorsWithout(kern, "in_channels")
	} else {
		per = dims(kern.Shape[:len(kern.Shape)-1]...)
	}
	macs := mul(c.batchQ(), dims(in[1:]...), per)
	return result{macs: macs, flops: flopsOf(macs, c.biasAdd("bias"), c.fusedActivation()), note: "counted over input positions"}
}

// kernelWindow is the product of the kernel_* factors of w, or of its
// first n dims.
func kernelWindow(w *summary.Weight, n int) q {
	var ds []int64
	for _, fs := range w.Factors {
		for _, f := range fs {
			if strings.HasPrefix(f.Name, "kernel") {
				ds = append(ds, f.Value)
			}
		}
	}
	if len(ds) == 0 && len(w.Shape) >= n {
		ds = w.Shape[:n]
	}
	return dims(ds...)
}

// depthwise: every output element sums its own channel's window.
func depthwise(c *rc) result {
	kern := c.weight("depthwise_kernel")
	if kern == nil {
		kern = c.weight("kernel")
	}
	if kern == nil || len(c.out) == 0 || !c.out[0].Known(0) {
		return unknownResult("kernel or output unknown")
	}
	out := c.out[0]
	macs := mul(c.batchQ(), dims(out[1:]...), kernelWindow(kern, len(out)-2))
	return result{macs: macs, flops: flopsOf(macs, c.biasAdd("bias"), c.fusedActivation())}
}

// separable: a depthwise pass and a pointwise pass at every output
// position: positions · (k… · in · mult + in · mult · filters).
func separable(c *rc) result {
	dw, pw := c.weight("depthwise_kernel"), c.weight("pointwise_kernel")
	if dw == nil || pw == nil || len(c.out) == 0 || !c.out[0].Known(0) {
		return unknownResult("kernels or output unknown")
	}
	sp := c.spatial(c.out[0])
	macs := mul(c.batchQ(), dims(sp...), add(wq(dw), wq(pw)))
	return result{macs: macs, flops: flopsOf(macs, c.biasAdd("bias"), c.fusedActivation())}
}

// locallyConnected: every kernel weight is used once per sample.
func locallyConnected(c *rc) result {
	kern := c.weight("kernel")
	if kern == nil {
		return unknownResult("kernel unknown")
	}
	macs := mul(c.batchQ(), wq(kern))
	return result{macs: macs, flops: flopsOf(macs, c.biasAdd("bias"), c.fusedActivation())}
}

// isKernel reports whether a weight name is an input or recurrent kernel
// (kernel, recurrent_kernel, forward_lstm/kernel, W, U).
func isKernel(name string) bool {
	base := name
	if i := strings.LastIndexAny(name, "/"); i >= 0 {
		base = name[i+1:]
	}
	return strings.HasSuffix(base, "kernel") || base == "W" || base == "U" || strings.HasPrefix(base, "W_") || strings.HasPrefix(base, "U_")
}

func isRecurrentKernel(name string) bool {
	base := name
	if i := strings.LastIndexAny(name, "/"); i >= 0 {
		base = name[i+1:]
	}
	return strings.HasSuffix(base, "recurrent_kernel") || base == "U" || strings.HasPrefix(base, "U_")
}

func isBias(name string) bool {
	base := name
	if i := strings.LastIndexAny(name, "/"); i >= 0 {
		base = name[i+1:]
	}
	return strings.HasSuffix(base, "bias") || base == "b" || strings.HasPrefix(base, "b_")
}

// recurrent: per time step every input and recurrent kernel weight is one
// MAC (per output position for ConvLSTM); steps · batch · Σ kernels.
// FLOPs add per step the bias adds, one activation per gate unit and the
// cell update (LSTM: f·c + i·g, tanh(c), o·tanh(c) = 5 per unit; GRU:
// r·(U·h), z·h + (1−z)·h̃ = 5 per unit).
func recurrent(c *rc) result {
	if len(c.in) == 0 {
		return unknownResult("input unknown")
	}
	in := c.in[0]
	cell := strings.HasSuffix(c.r.Class, "Cell") || c.r.Class == "StackedRNNCells"
	steps := dims()
	if !cell {
		if len(in) < 3 {
			return unknownResult("input shape " + in.String() + " has no time axis")
		}
		if in[1] < 0 {
			return unknownResult("timesteps unknown (None)")
		}
		steps = dims(in[1])
	}
	convLSTM := strings.Contains(c.r.Class, "ConvLSTM")
	var kernels, biases []q
	var elementwise []q
	for i := range c.r.Weights {
		w := &c.r.Weights[i]
		switch {
		case isKernel(w.Name):
			kernels = append(kernels, wq(w))
			if isRecurrentKernel(w.Name) && len(w.Shape) >= 2 {
				gu, u := w.Shape[len(w.Shape)-1], w.Shape[len(w.Shape)-2]
				elementwise = append(elementwise, named(dims(gu), "gate activations"))
				if u > 0 && gu/u > 1 {
					elementwise = append(elementwise, named(k(5, dims(u)), "cell update"))
				}
			}
		case isBias(w.Name):
			biases = append(biases, named(wq(w), "bias"))
		}
	}
	if len(kernels) == 0 {
		return unknownResult("no kernels")
	}
	positions := dims()
	if convLSTM && len(c.out) > 0 {
		out := c.out[0]
		if len(out) == len(in) && len(out) > 2 { // return_sequences
			out = append(graph.Shape{out[0]}, out[2:]...)
		}
		positions = dims(c.spatial(out)...)
		if !positions.ok {
			return unknownResult("output shape unknown")
		}
	}
	macs := mul(c.batchQ(), steps, positions, add(kernels...))
	perStep := add(append(biases, elementwise...)...)
	flops := flopsOf(macs, mul(c.batchQ(), steps, positions, perStep))
	res := result{macs: macs, flops: flops}
	if cell {
		res.note = "one time step"
	}
	return res
}

// inner returns the wrapped layer's class and config of a wrapper.
func (c *rc) inner() (string, map[string]any) {
	m, ok := c.cfg["layer"].(map[string]any)
	if !ok {
		return "", nil
	}
	cls, _ := m["class_name"].(string)
	cfg, _ := m["config"].(map[string]any)
	return cls, cfg
}

// timeDistributed applies the inner layer's rule to one time slice and
// multiplies by the steps.
func timeDistributed(c *rc) result {
	cls, cfg := c.inner()
	if cls == "" || len(c.in) == 0 || len(c.in[0]) < 3 {
		return unknownResult("wrapped layer or input unknown")
	}
	steps := c.in[0][1]
	if steps < 0 {
		return unknownResult("timesteps unknown (None)")
	}
	drop := func(ss []graph.Shape) []graph.Shape {
		var out []graph.Shape
		for _, s := range ss {
			if len(s) >= 2 {
				s = append(graph.Shape{s[0]}, s[2:]...)
			}
			out = append(out, s)
		}
		return out
	}
	r := &summary.Row{Name: c.r.Name, Class: cls, Config: cfg, Weights: c.r.Weights, OutputDTypes: c.r.OutputDTypes, Calls: 1}
	ic := &rc{r: r, cfg: catalog.Config(cfg), in: drop(c.in), out: drop(c.out), batch: c.batch, a: c.a}
	res, _ := kerasCost(ic)
	res.macs = mul(dims(steps), res.macs)
	res.flops = mul(dims(steps), res.flops)
	res.note = joinNote(res.note, fmt.Sprintf("%s applied to each of %d time steps", cls, steps))
	return res
}

// positions is the product of the dims between the batch and the last.
func positions(s graph.Shape) q {
	if len(s) < 2 {
		return dims()
	}
	return dims(s[1 : len(s)-1]...)
}

// dotAttention is Keras' Attention (Luong) and AdditiveAttention
// (Bahdanau): scores query·key over the features, then the weighted sum
// of values.
func dotAttention(c *rc) result {
	if len(c.in) < 2 {
		return unknownResult("needs [query, value]")
	}
	qs, vs := c.in[0], c.in[1]
	ks := vs
	if len(c.in) > 2 {
		ks = c.in[2]
	}
	if len(qs) < 3 || len(vs) < 3 || !qs.Known(0) || !vs.Known(0) || !ks.Known(0) {
		return unknownResult("query/value shapes not fully known")
	}
	tq, tv := positions(qs), positions(vs)
	d, dv := dims(qs[len(qs)-1]), dims(vs[len(vs)-1])
	scores := named(mul(c.batchQ(), tq, tv, d), "scores")
	context := named(mul(c.batchQ(), tq, tv, dv), "context")
	macs := add(scores, context)
	sm := named(k(3, mul(c.batchQ(), tq, tv)), "softmax")
	var extra []q
	if c.r.Class == "AdditiveAttention" {
		extra = append(extra, named(k(2, mul(c.batchQ(), tq, tv, d)), "q+k, tanh"))
	} else if c.weight("scale") != nil {
		extra = append(extra, named(mul(c.batchQ(), tq, tv), "scale"))
	}
	return result{macs: macs, flops: flopsOf(macs, append([]q{sm}, extra...)...)}
}

// multiHeadAttention: query, key and value projections, scores and
// context per head, output projection.
func multiHeadAttention(c *rc) result {
	if len(c.in) == 0 {
		return unknownResult("input unknown")
	}
	qs := c.in[0]
	vs := qs
	if len(c.in) > 1 {
		vs = c.in[1]
	}
	ks := vs
	if len(c.in) > 2 {
		ks = c.in[2]
	}
	qk, kk, vk, ok := c.weight("query/kernel"), c.weight("key/kernel"), c.weight("value/kernel"), c.weight("attention_output/kernel")
	if qk == nil || kk == nil || vk == nil || ok == nil {
		return unknownResult("projection kernels unknown")
	}
	if !qs.Known(0) || !vs.Known(0) || !ks.Known(0) || len(qk.Shape) < 3 || len(vk.Shape) < 3 {
		return unknownResult("shapes not fully known")
	}
	tq, tk, tv := positions(qs), positions(ks), positions(vs)
	h, dk, dv := qk.Shape[len(qk.Shape)-2], qk.Shape[len(qk.Shape)-1], vk.Shape[len(vk.Shape)-1]
	b := c.batchQ()
	terms := []q{
		named(mul(b, tq, wq(qk)), "query"),
		named(mul(b, tk, wq(kk)), "key"),
		named(mul(b, tv, wq(vk)), "value"),
		named(mul(b, dims(h), tq, tk, dims(dk)), "scores"),
		named(mul(b, dims(h), tq, tk, dims(dv)), "context"),
		named(mul(b, tq, wq(ok)), "output"),
	}
	macs := add(terms...)
	var biases []q
	for _, n := range []string{"query/bias", "key/bias", "value/bias", "attention_output/bias"} {
		if w := c.weight(n); w != nil {
			t := tq
			switch n {
			case "key/bias":
				t = tk
			case "value/bias":
				t = tv
			}
			biases = append(biases, mul(b, t, wq(w)))
		}
	}
	sm := named(k(3, mul(b, dims(h), tq, tk)), "softmax")
	return result{macs: macs, flops: flopsOf(macs, named(add(biases...), "bias"), sm)}
}

// normalization is fvcore's rule: 5 FLOPs per element with a learned
// scale or offset, 4 without (mean, variance, normalize).
func normalization(c *rc) result {
	n := int64(4)
	if c.weight("gamma") != nil || c.weight("beta") != nil {
		n = 5
	}
	return result{macs: zero, flops: k(n, c.outElems()), note: fmt.Sprintf("%d FLOPs per element (statistics, normalize%s)", n, map[bool]string{true: ", scale/offset", false: ""}[n == 5])}
}

// merge: one FLOP per output element per input after the first (+extra
// per element: Average divides).
func merge(extra int64) kerasRule {
	return func(c *rc) result {
		n := int64(len(c.in)) - 1 + extra
		if n < 0 {
			n = 0
		}
		return result{macs: zero, flops: k(n, c.outElems())}
	}
}

// dot: Keras Dot contracts one axis of each input.
func dot(c *rc) result {
	if len(c.in) != 2 || len(c.out) == 0 {
		return unknownResult("needs two inputs")
	}
	a := c.in[0]
	axis := int64(len(a) - 1)
	switch v := c.cfg["axes"].(type) {
	case []any:
		if len(v) > 0 {
			if n, ok := catalog.AsInt(v[0]); ok {
				axis = n
			}
		}
	default:
		if n, ok := catalog.AsInt(v); ok {
			axis = n
		}
	}
	if axis < 0 {
		axis += int64(len(a))
	}
	if axis <= 0 || axis >= int64(len(a)) {
		return unknownResult("axes out of range")
	}
	macs := mul(c.outElems(), dims(a[axis]))
	var extra []q
	if norm, _ := c.cfg.Bool(false, "normalize"); norm {
		extra = append(extra, named(k(3, add(c.inElems(0), c.inElems(1))), "l2 normalize"))
	}
	return result{macs: macs, flops: flopsOf(macs, extra...)}
}

// legacyMerge is Keras 1's Merge layer, by mode.
func legacyMerge(c *rc) result {
	mode, _ := c.cfg.String("sum", "mode")
	switch mode {
	case "concat":
		return result{macs: zero, flops: zero}
	case "dot", "cos":
		if len(c.in) == 2 && len(c.in[0]) >= 2 {
			a := c.in[0]
			macs := mul(c.outElems(), dims(a[len(a)-1]))
			return result{macs: macs, flops: flopsOf(macs), note: "contracted over the last axis"}
		}
		return unknownResult("dot merge of unknown shapes")
	case "ave":
		return merge(1)(c)
	}
	return merge(0)(c)
}

func activationLayer(c *rc) result {
	n, name := actCost(c.cfg["activation"])
	return result{macs: zero, flops: k(n, c.outElems()), note: fmt.Sprintf("%s: %d FLOP(s) per element", nonEmpty(name, "linear"), n)}
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// pooling: a window of elements per output element (Max: comparisons;
// Average: adds and a divide); global and adaptive pooling read every
// input element once.
func pooling(c *rc) result {
	cls := c.r.Class
	if sp := kcat.Lookup(cls); sp != nil {
		cls = sp.Class
	}
	if strings.HasPrefix(cls, "Global") || strings.HasPrefix(cls, "Adaptive") {
		return result{macs: zero, flops: c.inElems(0), note: "one FLOP per input element"}
	}
	n := 1
	switch {
	case strings.Contains(cls, "2D"):
		n = 2
	case strings.Contains(cls, "3D"):
		n = 3
	}
	pool, err := c.cfg.Ints(n, []int64{2, 2, 2}[:n], "pool_size", "pool_length")
	if err != nil {
		return unknownResult(err.Error())
	}
	return result{macs: zero, flops: mul(c.outElems(), dims(pool...)), note: "window size per output element"}
}

// resize: nearest copies; bilinear is 4 FLOPs per output element
// (fvcore's rule), bicubic 16.
func resize(def string) kerasRule {
	return func(c *rc) result {
		mode, _ := c.cfg.String(def, "interpolation")
		switch mode {
		case "nearest":
			return result{macs: zero, flops: zero, note: "nearest: copies"}
		case "bilinear":
			return result{macs: zero, flops: k(4, c.outElems()), note: "bilinear: 4 FLOPs per output element"}
		}
		return result{macs: zero, flops: k(16, c.outElems()), note: mode + ": 16 FLOPs per output element"}
	}
}

// einsumDense: every index of the equation is looped over once, so MACs
// are the product of all index sizes.
func einsumDense(c *rc) result {
	eq, _ := c.cfg.String("", "equation")
	kern := c.weight("kernel")
	if eq == "" || kern == nil || len(c.in) == 0 || len(c.out) == 0 {
		return unknownResult("equation, kernel or shapes unknown")
	}
	macs := einsumMACs(eq, []graph.Shape{c.in[0], graph.Shape(kern.Shape)}, c.out[0])
	return result{macs: macs, flops: flopsOf(macs, c.biasAdd("bias"), c.fusedActivation())}
}

// einsumMACs is the product of the sizes of every index of a two-operand
// equation ("...", if present, spans the leading dims of the first
// operand not named by letters).
func einsumMACs(eq string, ops []graph.Shape, out graph.Shape) q {
	eq = strings.ReplaceAll(eq, " ", "")
	lhs, rhs, hasOut := strings.Cut(eq, "->")
	terms := strings.Split(lhs, ",")
	if len(terms) != len(ops) {
		return unknown("equation " + eq + " does not match the inputs")
	}
	size := map[rune]int64{}
	var order []rune
	var ell []int64
	note := func(r rune, d int64) {
		if _, ok := size[r]; !ok {
			order = append(order, r)
			size[r] = d
		} else if size[r] == 1 || size[r] < 0 {
			size[r] = d
		}
	}
	bind := func(term string, s graph.Shape) bool {
		explicit := strings.Count(term, "") - 1
		hasEll := strings.Contains(term, "...")
		if hasEll {
			explicit -= 3
		}
		nEll := len(s) - explicit
		if nEll < 0 || (!hasEll && nEll != 0) {
			return false
		}
		i := 0
		for j := 0; j < len(term); j++ {
			if strings.HasPrefix(term[j:], "...") {
				if ell == nil {
					ell = append([]int64{}, s[i:i+nEll]...)
				}
				i += nEll
				j += 2
				continue
			}
			note(rune(term[j]), s[i])
			i++
		}
		return true
	}
	for i, t := range terms {
		if !bind(t, ops[i]) {
			return unknown("equation " + eq + " does not match shape " + ops[i].String())
		}
	}
	if hasOut && out != nil {
		bind(rhs, out)
	}
	ds := append([]int64{}, ell...)
	for _, r := range order {
		ds = append(ds, size[r])
	}
	return dims(ds...)
}

func highway(c *rc) result {
	w, wc := c.weight("W"), c.weight("W_carry")
	if w == nil || wc == nil || len(c.in) == 0 {
		return unknownResult("weights unknown")
	}
	macs := mul(c.batchQ(), positions(c.in[0]), add(wq(w), wq(wc)))
	out := c.outElems()
	return result{macs: macs, flops: flopsOf(macs, named(k(2, out), "bias"), named(k(2, out), "activations"), named(k(3, out), "gating"))}
}

func maxoutDense(c *rc) result {
	w := c.weight("W")
	if w == nil {
		return unknownResult("weights unknown")
	}
	macs := mul(c.batchQ(), wq(w))
	var extra []q
	if b := c.weight("b"); b != nil {
		extra = append(extra, named(mul(c.batchQ(), wq(b)), "bias"))
	}
	extra = append(extra, named(mul(c.batchQ(), dims(w.Shape[0]), positions(c.out[0]), dims(last(c.out[0]))), "max"))
	return result{macs: macs, flops: flopsOf(macs, extra...)}
}

func last(s graph.Shape) int64 {
	if len(s) == 0 {
		return -1
	}
	return s[len(s)-1]
}

func timeDistributedDense(c *rc) result {
	w := c.weight("W")
	if w == nil || len(c.in) == 0 {
		return unknownResult("weights unknown")
	}
	macs := mul(c.batchQ(), positions(c.in[0]), wq(w))
	return result{macs: macs, flops: flopsOf(macs, c.biasAdd("b"), c.fusedActivation())}
}

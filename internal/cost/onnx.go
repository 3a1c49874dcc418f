package cost

import (
	"fmt"
	"strings"

	onnxcat "github.com/netsum/netsum/internal/catalog/onnx"
	"github.com/netsum/netsum/internal/graph"
)

// onnxRules are keyed by operator name (default domain and
// com.microsoft); others fall back to their catalog family.
var onnxRules map[string]kerasRule

func init() {
	onnxRules = map[string]kerasRule{
		"Conv":                             onnxConv(0, 1, 2),
		"ConvInteger":                      onnxConv(0, 1, -1),
		"QLinearConv":                      onnxConv(0, 3, 8),
		"FusedConv":                        onnxConv(0, 1, 2),
		"DeformConv":                       onnxConv(0, 1, 3),
		"ConvTranspose":                    onnxConvTranspose,
		"Gemm":                             onnxGemm,
		"MatMul":                           onnxMatMul(0, 1),
		"MatMulInteger":                    onnxMatMul(0, 1),
		"QLinearMatMul":                    onnxMatMul(0, 3),
		"FusedMatMul":                      onnxMatMul(0, 1),
		"Einsum":                           onnxEinsum,
		"LSTM":                             onnxRecurrent(4),
		"GRU":                              onnxRecurrent(3),
		"RNN":                              onnxRecurrent(1),
		"Attention":                        onnxAttention,
		"MultiHeadAttention":               onnxAttention,
		"BatchNormalization":               perElement(2, "scale and shift (inference: statistics folded)"),
		"InstanceNormalization":            perElement(5, "statistics, normalize, scale/offset"),
		"GroupNormalization":               perElement(5, "statistics, normalize, scale/offset"),
		"LayerNormalization":               perElement(5, "statistics, normalize, scale/offset"),
		"RMSNormalization":                 perElement(4, "square, mean, scale by 1/rms, scale"),
		"SimplifiedLayerNormalization":     perElement(4, "square, mean, scale by 1/rms, scale"),
		"SkipLayerNormalization":           perElement(6, "skip add, statistics, normalize, scale/offset"),
		"SkipSimplifiedLayerNormalization": perElement(5, "skip add, square, mean, scale by 1/rms, scale"),
		"LRN":                              onnxLRN,
		"MeanVarianceNormalization":        perElement(4, "statistics, normalize"),
		"LpNormalization":                  perElement(3, "power, sum, divide"),
		"Softmax":                          perElement(3, "softmax: exp, sum, divide"),
		"LogSoftmax":                       perElement(3, "exp, sum, log-subtract"),
		"Hardmax":                          perElement(1, "argmax"),
		"PRelu":                            perElement(2, "max(0,x) + slope·min(0,x)"),
		"MaxPool":                          onnxPool,
		"AveragePool":                      onnxPool,
		"LpPool":                           onnxPool,
		"GlobalAveragePool":                onnxReduce,
		"GlobalMaxPool":                    onnxReduce,
		"GlobalLpPool":                     onnxReduce,
		"Sum":                              onnxVariadic(0),
		"Max":                              onnxVariadic(0),
		"Min":                              onnxVariadic(0),
		"Mean":                             onnxVariadic(1),
		"Identity":                         noWork("a copy"),
		"Dropout":                          noWork("identity at inference"),
		"Cast":                             noWork("a conversion"),
		"CastLike":                         noWork("a conversion"),
		"Resize":                           onnxResize,
		"Upsample":                         onnxResize,
		"Constant":                         noWork("a constant"),
		"If":                               opaqueSubgraph,
		"Loop":                             opaqueSubgraph,
		"Scan":                             opaqueSubgraph,
		"SequenceMap":                      opaqueSubgraph,
	}
}

var onnxFamilies = map[string]kerasRule{
	"elementwise":  perElement(1, "one operation per output element"),
	"reduce":       onnxReduce,
	"reshape":      noWork("moves data only"),
	"generator":    noWork("generates values"),
	"sequence":     noWork("sequence bookkeeping"),
	"quantization": perElement(2, "scale and shift"),
	"text":         noWork("string processing"),
	"ml":           opaque,
	"detection":    opaque,
	"image":        opaque,
	"loss":         perElement(3, "per element of the output"),
	"training":     opaque,
}

func opaqueSubgraph(c *rc) result {
	why := "runs a subgraph: not counted"
	return result{macs: unknown(why), flops: unknown(why)}
}

func onnxCost(c *rc) (result, string) {
	op := c.r.Class
	domain, _ := c.cfg["domain"].(string)
	if f := onnxRules[op]; f != nil && (domain == "" || domain == "ai.onnx" || domain == "com.microsoft") {
		return f(c), "onnx " + op
	}
	if sp := onnxcat.Lookup(domain, op); sp != nil {
		if f := onnxFamilies[sp.Family]; f != nil {
			return f(c), "onnx family " + sp.Family
		}
	}
	why := "no cost rule for " + op
	return result{macs: unknown(why), flops: unknown(why)}, "none"
}

func (c *rc) shapeAt(i int) (graph.Shape, bool) {
	if i < 0 || i >= len(c.in) || c.in[i] == nil {
		return nil, false
	}
	return c.in[i], c.in[i].Known(0)
}

func (c *rc) hasInput(i int) bool { return i >= 0 && i < len(c.in) }

// onnxConv: Y elements · W[1:] (C/groups · kernel), bias one add per Y
// element.
func onnxConv(x, w, b int) kerasRule {
	return func(c *rc) result {
		ws, ok := c.shapeAt(w)
		if !ok || len(c.out) == 0 || !c.out[0].Known(0) || len(ws) < 2 {
			return unknownResult("weight or output shape unknown")
		}
		y := c.out[0]
		macs := mul(dims(y[0]), dims(y[1:]...), dims(ws[1:]...))
		var extra []q
		if c.hasInput(b) {
			extra = append(extra, named(elems(y), "bias"))
		}
		return result{macs: macs, flops: flopsOf(macs, extra...)}
	}
}

// onnxConvTranspose: X elements · W[1:] (M/groups · kernel).
func onnxConvTranspose(c *rc) result {
	xs, ok1 := c.shapeAt(0)
	ws, ok2 := c.shapeAt(1)
	if !ok1 || !ok2 || len(ws) < 2 || len(c.out) == 0 {
		return unknownResult("input or weight shape unknown")
	}
	macs := mul(dims(xs[0]), dims(xs[1:]...), dims(ws[1:]...))
	var extra []q
	if c.hasInput(2) {
		extra = append(extra, named(elems(c.out[0]), "bias"))
	}
	return result{macs: macs, flops: flopsOf(macs, extra...), note: "counted over input positions"}
}

// onnxGemm: M·K·N; C adds one per output element.
func onnxGemm(c *rc) result {
	as, ok := c.shapeAt(0)
	if !ok || len(as) != 2 || len(c.out) == 0 || !c.out[0].Known(0) || len(c.out[0]) != 2 {
		return unknownResult("shapes unknown")
	}
	ta, _ := c.cfg.Int(0, "transA")
	kdim := as[1]
	if ta != 0 {
		kdim = as[0]
	}
	y := c.out[0]
	macs := mul(dims(y[0]), dims(kdim, y[1]))
	var extra []q
	if c.hasInput(2) {
		extra = append(extra, named(elems(y), "bias"))
	}
	return result{macs: macs, flops: flopsOf(macs, extra...)}
}

// onnxMatMul: output elements · K (numpy matmul broadcasting).
func onnxMatMul(a, b int) kerasRule {
	return func(c *rc) result {
		as, ok := c.shapeAt(a)
		if !ok || len(as) == 0 || len(c.out) == 0 || !c.out[0].Known(0) {
			return unknownResult("shapes unknown")
		}
		y := c.out[0]
		var macs q
		if len(y) > 0 {
			macs = mul(dims(y[0]), dims(y[1:]...), dims(last(as)))
		} else {
			macs = dims(last(as))
		}
		return result{macs: macs, flops: flopsOf(macs)}
	}
}

func onnxEinsum(c *rc) result {
	eq, _ := c.cfg.String("", "equation")
	if eq == "" || len(c.out) == 0 {
		return unknownResult("equation unknown")
	}
	if len(c.in) == 1 {
		return result{macs: zero, flops: c.inElems(0), note: "one operand: a reduction or transpose"}
	}
	if len(c.in) != 2 {
		return unknownResult("einsum of more than two operands")
	}
	macs := einsumMACs(eq, c.in, c.out[0])
	return result{macs: macs, flops: flopsOf(macs)}
}

// onnxRecurrent: steps · batch · (W + R) per direction; FLOPs add the
// biases (Wb and Rb), one activation per gate unit and the cell update.
func onnxRecurrent(gates int64) kerasRule {
	return func(c *rc) result {
		xs, ok1 := c.shapeAt(0)
		ws, ok2 := c.shapeAt(1)
		rs, ok3 := c.shapeAt(2)
		if !ok1 || !ok2 || !ok3 || len(xs) != 3 || len(rs) != 3 {
			return unknownResult("input or weight shapes unknown")
		}
		layout, _ := c.cfg.Int(0, "layout")
		steps, batch := xs[0], xs[1]
		if layout == 1 {
			steps, batch = xs[1], xs[0]
		}
		macs := mul(dims(steps), dims(batch), add(dims(ws...), dims(rs...)))
		dirs, h := rs[0], rs[2]
		per := []q{named(mul(dims(dirs), dims(gates, h)), "gate activations")}
		if c.hasInput(3) {
			per = append(per, named(mul(dims(dirs), dims(2*gates, h)), "bias"))
		}
		if gates > 1 {
			per = append(per, named(mul(dims(dirs), k(5, dims(h))), "cell update"))
		}
		flops := flopsOf(macs, mul(dims(steps), dims(batch), add(per...)))
		return result{macs: macs, flops: flops}
	}
}

// onnxAttention: scores and context per head; the com.microsoft
// Attention also projects the input to Q, K, V.
func onnxAttention(c *rc) result {
	domain, _ := c.cfg["domain"].(string)
	if domain == "com.microsoft" && c.r.Class == "Attention" {
		xs, ok1 := c.shapeAt(0)
		ws, ok2 := c.shapeAt(1)
		if !ok1 || !ok2 || len(xs) != 3 || len(ws) != 2 {
			return unknownResult("shapes unknown")
		}
		b, s, d := xs[0], xs[1], xs[2]
		proj := named(mul(dims(b, s), dims(ws...)), "qkv projection")
		att := named(k(2, mul(dims(b), dims(s, s), dims(d))), "scores and context")
		macs := add(proj, att)
		return result{macs: macs, flops: flopsOf(macs, named(k(3, dims(b, s, s)), "softmax (per head: × heads)"))}
	}
	qs, ok1 := c.shapeAt(0)
	ks, ok2 := c.shapeAt(1)
	vs, ok3 := c.shapeAt(2)
	if !ok1 || !ok2 || !ok3 || len(qs) < 3 {
		return unknownResult("shapes unknown")
	}
	if len(qs) == 4 { // (B, H, T, d)
		b, h, tq, dk := qs[0], qs[1], qs[2], qs[3]
		tk, dv := ks[len(ks)-2], vs[len(vs)-1]
		scores := named(mul(dims(b, h), dims(tq, tk, dk)), "scores")
		ctx := named(mul(dims(b, h), dims(tq, tk, dv)), "context")
		macs := add(scores, ctx)
		return result{macs: macs, flops: flopsOf(macs, named(k(3, dims(b, h, tq, tk)), "softmax"))}
	}
	// (B, T, H·d): heads cancel out of the MACs.
	b, tq, dq := qs[0], qs[1], qs[2]
	tk, dv := ks[1], vs[len(vs)-1]
	heads, _ := c.cfg.Int(1, "q_num_heads", "num_heads")
	scores := named(mul(dims(b), dims(tq, tk, dq)), "scores")
	ctx := named(mul(dims(b), dims(tq, tk, dv)), "context")
	macs := add(scores, ctx)
	return result{macs: macs, flops: flopsOf(macs, named(k(3, dims(b, heads, tq, tk)), "softmax"))}
}

// onnxLRN: size multiply-adds per element plus the power and divide.
func onnxLRN(c *rc) result {
	size, _ := c.cfg.Int(1, "size")
	return result{macs: zero, flops: mul(c.outElems(), dims(size+3)), note: fmt.Sprintf("%d+3 FLOPs per element", size)}
}

func onnxPool(c *rc) result {
	ks, ok := c.cfg["kernel_shape"].([]int64)
	if !ok || len(ks) == 0 {
		return unknownResult("kernel_shape unknown")
	}
	return result{macs: zero, flops: mul(c.outElems(), dims(ks...)), note: "window size per output element"}
}

// onnxReduce reads every input element once.
func onnxReduce(c *rc) result {
	return result{macs: zero, flops: c.inElems(0), note: "one FLOP per input element"}
}

func onnxVariadic(extra int64) kerasRule {
	return func(c *rc) result {
		n := int64(len(c.in)) - 1 + extra
		return result{macs: zero, flops: k(max(n, 0), c.outElems())}
	}
}

func onnxResize(c *rc) result {
	mode, _ := c.cfg.String("nearest", "mode")
	switch strings.ToLower(mode) {
	case "nearest":
		return result{macs: zero, flops: zero, note: "nearest: copies"}
	case "linear", "bilinear":
		return result{macs: zero, flops: k(4, c.outElems()), note: "linear: 4 FLOPs per output element"}
	}
	return result{macs: zero, flops: k(16, c.outElems()), note: mode + ": 16 FLOPs per output element"}
}

package onnx

import (
	"fmt"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Quantization, detection, text, losses, training (ai.onnx.preview.training),
// attention (opset 23 Attention, RotaryEmbedding) and the common
// com.microsoft contrib operators of onnxruntime-optimized models.

const (
	training = "ai.onnx.preview.training"
	msDomain = "com.microsoft"
)

func registerMisc() {
	register("quantization", "", quantize, "QuantizeLinear")
	register("quantization", "", dequantize, "DequantizeLinear")
	register("quantization", "", dynQuantize, "DynamicQuantizeLinear")
	register("detection", "", nms, "NonMaxSuppression")
	register("text", "", stringNormalizer, "StringNormalizer")
	register("text", "", tfidf, "TfIdfVectorizer")
	register("image", "", gridSample, "GridSample")
	register("loss", "", nllLoss, "NegativeLogLikelihoodLoss")
	register("loss", "", sceLoss, "SoftmaxCrossEntropyLoss")
	register("training", training, optimizer(2), "Adagrad")
	register("training", training, optimizer(3), "Adam")
	register("training", training, optimizer(2), "Momentum")
	register("training", training, gradient, "Gradient")
	register("attention", "", attention, "Attention")
	register("attention", "", unary, "RotaryEmbedding")
	register("contrib", msDomain, unary, "Gelu", "FastGelu", "BiasGelu", "QuickGelu", "BiasAdd", "Rotary", "RotaryEmbedding")
	register("contrib", msDomain, layerNorm, "LayerNormalization", "SimplifiedLayerNormalization", "SkipLayerNormalization", "SkipSimplifiedLayerNormalization")
	register("contrib", msDomain, convOp(0, 1, 0), "FusedConv")
	register("contrib", msDomain, matmulOp(0), "FusedMatMul")
	register("contrib", msDomain, msAttention, "Attention", "MultiHeadAttention")
}

func quantize(c *Ctx) error {
	elem := pb.Uint8
	if e := c.elem(2); e != 0 {
		elem = e
	} else if c.hasAttr("output_dtype") && c.int("output_dtype", 0) != 0 {
		elem = pb.DataType(c.int("output_dtype", 0))
	}
	if s, ok := c.shape(0); ok {
		c.setTensor(0, elem, append([]Dim(nil), s...))
	} else {
		c.setElem(0, elem)
	}
	return nil
}

func dequantize(c *Ctx) error {
	elem := pb.Float
	if e := c.elem(1); e != 0 && c.Opset >= 19 {
		elem = e
	}
	if c.hasAttr("output_dtype") && c.int("output_dtype", 0) != 0 {
		elem = pb.DataType(c.int("output_dtype", 0))
	}
	if s, ok := c.shape(0); ok {
		c.setTensor(0, elem, append([]Dim(nil), s...))
	} else {
		c.setElem(0, elem)
	}
	return nil
}

func dynQuantize(c *Ctx) error {
	if s, ok := c.shape(0); ok {
		c.setTensor(0, pb.Uint8, append([]Dim(nil), s...))
	} else {
		c.setElem(0, pb.Uint8)
	}
	c.setTensor(1, pb.Float, nil)
	c.setTensor(2, pb.Uint8, nil)
	return nil
}

func nms(c *Ctx) error {
	c.setTensor(0, pb.Int64, []Dim{Unk, Known(3)})
	return nil
}

func stringNormalizer(c *Ctx) error {
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, pb.String)
		return nil
	}
	switch len(s) {
	case 1:
		c.setTensor(0, pb.String, []Dim{Unk})
	case 2:
		c.setTensor(0, pb.String, []Dim{s[0], Unk})
	default:
		return fmt.Errorf("input must have rank 1 or 2")
	}
	return nil
}

func tfidf(c *Ctx) error {
	idx, _ := c.ints("ngram_indexes")
	var n int64
	for _, v := range idx {
		n = max(n, v+1)
	}
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, pb.Float)
		return nil
	}
	switch len(s) {
	case 1:
		c.setTensor(0, pb.Float, []Dim{Known(n)})
	case 2:
		c.setTensor(0, pb.Float, []Dim{s[0], Known(n)})
	default:
		return fmt.Errorf("input must have rank 1 or 2")
	}
	return nil
}

func gridSample(c *Ctx) error {
	elem := c.elem(0)
	x, ok1 := c.shape(0)
	g, ok2 := c.shape(1)
	if !ok1 || !ok2 {
		if ok1 {
			c.setRank(0, elem, len(x))
		} else {
			c.setElem(0, elem)
		}
		return nil
	}
	if len(x) < 3 || len(g) != len(x) {
		return fmt.Errorf("X and grid ranks %d and %d do not fit", len(x), len(g))
	}
	out := []Dim{x[0], x[1]}
	if !x[0].IsKnown() {
		out[0] = g[0]
	}
	out = append(out, g[1:len(g)-1]...)
	c.setTensor(0, elem, out)
	return nil
}

func nllLoss(c *Ctx) error {
	elem := c.elem(0)
	if c.str("reduction", "mean") != "none" {
		c.setTensor(0, elem, nil)
		return nil
	}
	if s, ok := c.shape(1); ok {
		c.setTensor(0, elem, append([]Dim(nil), s...))
	} else {
		c.setElem(0, elem)
	}
	return nil
}

func sceLoss(c *Ctx) error {
	elem := c.elem(0)
	if c.str("reduction", "mean") != "none" {
		c.setTensor(0, elem, nil)
	} else if s, ok := c.shape(1); ok {
		c.setTensor(0, elem, append([]Dim(nil), s...))
	} else {
		c.setElem(0, elem)
	}
	if c.nOut() > 1 {
		c.sameAs(1, 0)
	}
	return nil
}

// optimizer infers Adagrad (X, G, H per tensor), Adam (X, G, V, H) and
// Momentum (X, G, V): inputs R, T, then groups; outputs mirror the
// groups without G.
func optimizer(states int) OpFunc {
	return func(c *Ctx) error {
		n := len(c.In) - 2
		group := 2 + states - 1 // X, G and the states
		if c.Node.OpType == "Adam" {
			group = 4
		}
		if c.Node.OpType == "Adagrad" || c.Node.OpType == "Momentum" {
			group = 3
		}
		if n%group != 0 {
			return fmt.Errorf("%d inputs after R and T do not form groups of %d", n, group)
		}
		k := n / group
		// Inputs: X1..Xk, G1..Gk, then state blocks; outputs: X_new1..k,
		// then one block per state.
		for o := 0; o < c.nOut(); o++ {
			blk := o / k
			i := o % k
			src := 2 + i
			if blk > 0 {
				src = 2 + (blk+1)*k + i
			}
			c.sameAs(o, src)
		}
		return nil
	}
}

func gradient(c *Ctx) error {
	xs, _ := c.attr("xs"), 0
	if xs == nil {
		return nil
	}
	for i, name := range xs.Strings {
		if v := c.sc.lookup(name); v != nil && v.Type != nil {
			c.set(i, v.Type.Clone())
		}
	}
	return nil
}

// attention is opset 23's Attention: Q [B, (H,) S, E], K, V; output like
// Q with V's head size.
func attention(c *Ctx) error {
	elem := c.elem(0)
	q, ok1 := c.shape(0)
	v, ok2 := c.shape(2)
	if !ok1 {
		c.setElem(0, elem)
		return nil
	}
	out := append([]Dim(nil), q...)
	if ok2 && len(v) == len(q) {
		if len(q) == 4 {
			out[3] = v[3]
		} else if len(q) == 3 {
			qh, kvh := c.int("q_num_heads", 0), c.int("kv_num_heads", 0)
			if qh > 0 && kvh > 0 && v[2].IsKnown() {
				out[2] = Known(v[2].V / kvh * qh)
			} else {
				out[2] = Unk
			}
		}
	}
	c.setTensor(0, elem, out)
	return nil
}

func msAttention(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok || len(s) != 3 {
		c.setElem(0, elem)
		return nil
	}
	out := append([]Dim(nil), s...)
	if c.Node.OpType == "Attention" {
		if w, ok := c.shape(1); ok && len(w) == 2 && w[1].IsKnown() {
			if qkv, has := c.ints("qkv_hidden_sizes"); has && len(qkv) == 3 {
				out[2] = Known(qkv[2])
			} else {
				out[2] = Known(w[1].V / 3)
			}
		}
	} else if v, ok := c.shape(2); ok && len(v) == 3 {
		out[2] = v[2]
	}
	c.setTensor(0, elem, out)
	return nil
}

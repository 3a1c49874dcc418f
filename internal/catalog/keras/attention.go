package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Attention layers: Attention (Luong), AdditiveAttention (Bahdanau) and
// MultiHeadAttention.
//
// return_attention_scores is a call argument in tf.keras and Keras 3, not
// a config entry; front ends that know the call's keyword arguments put it
// into the layer's config so that the second output appears.
func init() {
	Register(
		&Spec{Class: "Attention", Family: "attention", Infer: dotAttention(false)},
		&Spec{Class: "AdditiveAttention", Family: "attention", Infer: dotAttention(true)},
		&Spec{Class: "MultiHeadAttention", Family: "attention", Infer: inferMultiHeadAttention},
	)
}

// dotAttention infers Attention / AdditiveAttention on [query, value] or
// [query, value, key]. Output: query shape with the last dim of value;
// scores (return_attention_scores): query shape[:-1] + (Tv,)
// (keras@HEAD:keras/src/layers/attention/attention.py compute_output_shape,
// compute_output_spec). Weights:
//   - Attention: use_scale (default False) → scalar "scale"; score_mode
//     "concat" → scalar "concat_score_weight" (attention.py build;
//     tf-keras@HEAD:tf_keras/layers/attention/attention.py build).
//   - AdditiveAttention: use_scale (default True) → "scale" of shape (dim,),
//     dim = the value's last dim in tf.keras
//     (tf-keras@HEAD:tf_keras/layers/attention/additive_attention.py build)
//     and the query's in Keras 3 (keras@HEAD additive_attention.py build).
func dotAttention(additive bool) func(c *Call) error {
	return func(c *Call) error {
		if len(c.In) < 2 || len(c.In) > 3 {
			return fmt.Errorf("must be called on a list of 2 or 3 inputs, [query, value] or [query, value, key], got %d", len(c.In))
		}
		q, v := c.In[0], c.In[1]
		k := v
		if len(c.In) == 3 {
			k = c.In[2]
		}
		if len(q) < 3 || len(v) < 3 || len(k) < 3 {
			return fmt.Errorf("query, value and key must have rank >= 3 (batch, time, dim), got %s, %s and %s", q, v, k)
		}
		dq, dk := q[len(q)-1], k[len(k)-1]
		if dq >= 0 && dk >= 0 && dq != dk {
			return fmt.Errorf("the last dim of query (%d) and key (%d) must be equal", dq, dk)
		}
		tv, tk := v[len(v)-2], k[len(k)-2]
		if tv >= 0 && tk >= 0 && tv != tk {
			return fmt.Errorf("value and key must have the same number of time steps, got %s and %s", v, k)
		}
		var err error
		if additive {
			err = additiveWeights(c, q, v)
		} else {
			err = luongWeights(c)
		}
		if err != nil {
			return err
		}
		out := q.Clone()
		out[len(out)-1] = v[len(v)-1]
		outs := []graph.Shape{out}
		scores, err := c.Cfg.Bool(false, "return_attention_scores")
		if err != nil {
			return err
		}
		if scores {
			s := q[:len(q)-1].Clone()
			outs = append(outs, append(s, tk))
		}
		c.SetOut(outs...)
		return nil
	}
}

func luongWeights(c *Call) error {
	scale, err := c.Cfg.Bool(false, "use_scale")
	if err != nil {
		return err
	}
	mode, err := c.Cfg.String("dot", "score_mode")
	if err != nil {
		return err
	}
	if mode != "dot" && mode != "concat" {
		return fmt.Errorf("score_mode: expected \"dot\" or \"concat\", got %q", mode)
	}
	if scale {
		c.AddWeight("scale", true)
	}
	if mode == "concat" {
		c.AddWeight("concat_score_weight", true)
	}
	return nil
}

func additiveWeights(c *Call, q, v graph.Shape) error {
	scale, err := c.Cfg.Bool(true, "use_scale")
	if err != nil {
		return err
	}
	if !scale {
		return nil
	}
	src, what := v, "value"
	if c.Dialect == graph.Keras3 {
		src, what = q, "query"
	}
	dim, err := lastDim(src, what+" dim")
	if err != nil {
		return err
	}
	c.AddWeight("scale", true, F("dim", dim))
	return nil
}

// inferMultiHeadAttention: inputs [query, value] or [query, value, key]
// (key defaults to value). Four EinsumDense projections
// (keras@HEAD:keras/src/layers/attention/multi_head_attention.py build;
// tf-keras@HEAD:tf_keras/layers/attention/multi_head_attention.py
// _build_from_signature):
//
//	query  kernel (dq, h, key_dim)   bias (h, key_dim)
//	key    kernel (dk, h, key_dim)   bias (h, key_dim)
//	[gate  kernel (dq, h, value_dim) bias (h, value_dim)]  Keras 3 use_gate
//	value  kernel (dv, h, value_dim) bias (h, value_dim)
//	attention_output kernel (h, value_dim, *out) bias (*out)
//
// with value_dim = key_dim unless set, out = output_shape or (dq,), no
// biases when use_bias is False. Output: query shape[:-1] + out. Scores
// (return_attention_scores): tf.keras computes them for real, (<batch
// dims>, h, <query attention dims>, <key attention dims>); Keras 3.3+
// reports (B, h, Tq, Tq) from compute_output_spec whatever the key length.
//
// A saved tf.keras layer keeps query_shape/value_shape/key_shape in its
// config; they stand in for inputs the call does not list.
func inferMultiHeadAttention(c *Call) error {
	if len(c.In) == 0 {
		return fmt.Errorf("expects query and value inputs, got none")
	}
	if len(c.In) > 3 {
		return fmt.Errorf("expects inputs [query, value] or [query, value, key], got %d", len(c.In))
	}
	q := c.In[0]
	var v, k graph.Shape
	if len(c.In) >= 2 {
		v = c.In[1]
	} else if s, ok, err := c.Cfg.Shape("value_shape"); err != nil {
		return err
	} else if ok {
		v = graph.Shape(s)
	} else {
		v = q // self-attention: the call listed only one tensor
	}
	if len(c.In) == 3 {
		k = c.In[2]
	} else if s, ok, err := c.Cfg.Shape("key_shape"); err != nil {
		return err
	} else if ok && len(c.In) < 2 {
		k = graph.Shape(s)
	} else {
		k = v
	}
	if len(q) < 3 || len(v) < 3 || len(k) < 3 {
		return fmt.Errorf("query, value and key must have rank >= 3 (batch, ..., dim), got %s, %s and %s", q, v, k)
	}
	if len(v) != len(k) {
		return fmt.Errorf("value %s and key %s must have the same rank", v, k)
	}
	for i := 1; i < len(v)-1; i++ {
		if v[i] >= 0 && k[i] >= 0 && v[i] != k[i] {
			return fmt.Errorf("all dimensions of value and key, except the last one, must be equal, got value %s and key %s", v, k)
		}
	}
	heads, err := c.Cfg.RequireInt("num_heads")
	if err != nil {
		return err
	}
	keyDim, err := c.Cfg.RequireInt("key_dim")
	if err != nil {
		return err
	}
	if heads <= 0 || keyDim <= 0 {
		return fmt.Errorf("num_heads and key_dim must be positive, got %d and %d", heads, keyDim)
	}
	valueDim, err := c.Cfg.Int(0, "value_dim")
	if err != nil {
		return err
	}
	if valueDim < 0 {
		return fmt.Errorf("value_dim must be positive, got %d", valueDim)
	}
	if valueDim == 0 { // None or 0: `value_dim if value_dim else key_dim`
		valueDim = keyDim
	}
	bias, err := c.Cfg.Bool(true, "use_bias")
	if err != nil {
		return err
	}
	gate, err := c.Cfg.Bool(false, "use_gate")
	if err != nil {
		return err
	}
	dq, err := lastDim(q, "query dim")
	if err != nil {
		return err
	}
	dv, err := lastDim(v, "value dim")
	if err != nil {
		return err
	}
	dk, err := lastDim(k, "key dim")
	if err != nil {
		return err
	}
	var outDims []int64
	if ov, ok := c.Cfg["output_shape"]; ok && ov != nil {
		l, err := catalog.IntList(ov, -1)
		if err != nil {
			return fmt.Errorf("output_shape: %v", err)
		}
		if len(l) > 0 && !(len(l) == 1 && l[0] == 0) { // `if output_shape:`
			for _, d := range l {
				if d <= 0 {
					return fmt.Errorf("output_shape: dims must be positive, got %s", catalog.Repr(ov))
				}
			}
			outDims = l
		}
	}
	if outDims == nil {
		outDims = []int64{dq}
	}
	h := F("num_heads", heads)
	proj := func(name string, in int64, inName string, per int64, perName string) {
		c.AddWeight(name+"/kernel", true, F(inName, in), h, F(perName, per))
		if bias {
			c.AddWeight(name+"/bias", true, h, F(perName, per))
		}
	}
	proj("query", dq, "query_dim", keyDim, "key_dim")
	proj("key", dk, "key_in_dim", keyDim, "key_dim")
	if gate {
		proj("gate", dq, "query_dim", valueDim, "value_dim")
	}
	proj("value", dv, "value_in_dim", valueDim, "value_dim")
	od := []D{h, F("value_dim", valueDim)}
	var bd []D
	for i, d := range outDims {
		name := "output_dim"
		if len(outDims) > 1 {
			name = fmt.Sprintf("output_dim_%d", i)
		}
		od = append(od, F(name, d))
		bd = append(bd, F(name, d))
	}
	c.AddWeight("attention_output/kernel", true, od...)
	if bias {
		c.AddWeight("attention_output/bias", true, bd...)
	}
	out := append(q[:len(q)-1].Clone(), outDims...)
	outs := []graph.Shape{out}
	scores, err := c.Cfg.Bool(false, "return_attention_scores")
	if err != nil {
		return err
	}
	if scores {
		s, err := mhaScoresShape(c, q, k, heads)
		if err != nil {
			return err
		}
		outs = append(outs, s)
	}
	c.SetOut(outs...)
	return nil
}

// mhaScoresShape is the attention scores' shape.
func mhaScoresShape(c *Call, q, k graph.Shape, heads int64) (graph.Shape, error) {
	if c.Dialect == graph.Keras3 {
		// keras@v3.3.0+ multi_head_attention.py compute_output_spec:
		// (query.shape[0], num_heads, query.shape[1], query.shape[1]).
		return graph.Shape{q[0], heads, q[1], q[1]}, nil
	}
	qr := len(q)
	// Attention axes index the query tensor; default: all but batch and
	// the last (tf-keras _build_attention: range(1, rank - 2) of the
	// projected rank qr+1; negative axes count from qr).
	var axes []int64
	if av, ok := c.Cfg["attention_axes"]; ok && av != nil {
		l, err := catalog.IntList(av, -1)
		if err != nil {
			return nil, fmt.Errorf("attention_axes: %v", err)
		}
		for _, a := range l {
			if a < 0 {
				a += int64(qr)
			}
			if a < 1 || a >= int64(qr-1) {
				return nil, fmt.Errorf("attention_axes: axis %d out of range for query of rank %d", a, qr)
			}
			axes = append(axes, a)
		}
	} else {
		for a := 1; a < qr-1; a++ {
			axes = append(axes, int64(a))
		}
	}
	if len(k) != qr {
		return nil, fmt.Errorf("query %s and key %s must have the same rank with attention_axes", q, k)
	}
	isAttn := map[int64]bool{}
	for _, a := range axes {
		isAttn[a] = true
	}
	var s graph.Shape
	for i := 0; i < qr-1; i++ {
		if !isAttn[int64(i)] {
			s = append(s, q[i])
		}
	}
	s = append(s, heads)
	for _, a := range axes {
		s = append(s, q[a])
	}
	for _, a := range axes {
		s = append(s, k[a])
	}
	return s, nil
}

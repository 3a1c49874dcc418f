package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Embedding layers: keras/src/layers/core/embedding.py and
// reversible_embedding.py (Keras 3), keras/layers/embeddings.py (Keras 1
// and 2), keras/layers/core/embedding.py (tf.keras).

func init() {
	Register(
		&Spec{Class: "Embedding", Family: "embedding", Infer: inferEmbedding},
		&Spec{Class: "ReversibleEmbedding", Family: "embedding", Infer: inferEmbedding},
	)
}

// embDims reads input_dim and output_dim, which must be positive.
func embDims(c *Call) (int64, int64, error) {
	in, err := c.Cfg.RequireInt("input_dim")
	if err != nil {
		return 0, 0, err
	}
	out, err := c.Cfg.RequireInt("output_dim")
	if err != nil {
		return 0, 0, err
	}
	if in <= 0 {
		return 0, 0, fmt.Errorf("input_dim must be a positive integer, got %d", in)
	}
	if out <= 0 {
		return 0, 0, fmt.Errorf("output_dim must be a positive integer, got %d", out)
	}
	return in, out, nil
}

// inferEmbedding: one (input_dim, output_dim) table. The output shape
// follows the dialect:
//   - Keras 1: (batch, input_length or input_shape[1], output_dim), always
//     rank 3 (get_output_shape_for);
//   - Keras 2 / tf.keras: input_shape + (output_dim,), where input_length
//     (an int or a list, one entry per non-batch dim) must agree with the
//     known input dims and fills the unknown ones (compute_output_shape);
//   - Keras 3: input_shape + (output_dim,); input_length is ignored.
//
// Keras 3 lora_rank freezes the table and adds lora_embeddings_a
// (input_dim, rank) and lora_embeddings_b (rank, output_dim).
// ReversibleEmbedding adds reverse_embeddings (output_dim, input_dim) when
// tie_weights is false.
func inferEmbedding(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	inDim, outDim, err := embDims(c)
	if err != nil {
		return err
	}
	if len(s) < 1 {
		return fmt.Errorf("expected an input with a batch dim, got shape %s", s)
	}
	var out graph.Shape
	switch c.Dialect {
	case graph.Keras1:
		if len(s) < 2 {
			return fmt.Errorf("expected input of rank 2 (batch, sequence length), got shape %s", s)
		}
		length, err := c.Cfg.Int(0, "input_length")
		if err != nil {
			return err
		}
		if length <= 0 {
			length = s[1]
		}
		out = graph.Shape{s[0], length, outDim}
	case graph.Keras3:
		out = append(s.Clone(), outDim)
	default:
		out, err = embWithInputLength(c, s, outDim)
		if err != nil {
			return err
		}
	}
	lora, err := c.Cfg.Int(0, "lora_rank")
	if err != nil {
		return err
	}
	name := "embeddings"
	if c.Dialect == graph.Keras1 {
		name = "W"
	}
	c.AddWeight(name, lora <= 0, F("input_dim", inDim), F("output_dim", outDim))
	if c.Layer.Class == "ReversibleEmbedding" {
		tie, err := c.Cfg.Bool(true, "tie_weights")
		if err != nil {
			return err
		}
		if !tie {
			c.AddWeight("reverse_embeddings", true, F("output_dim", outDim), F("input_dim", inDim))
		}
	}
	if lora > 0 {
		c.AddWeight("lora_embeddings_a", true, F("input_dim", inDim), F("lora_rank", lora))
		c.AddWeight("lora_embeddings_b", true, F("lora_rank", lora), F("output_dim", outDim))
	}
	c.SetOut(out)
	return nil
}

// embWithInputLength is the Keras 2 / tf.keras output shape.
func embWithInputLength(c *Call, s graph.Shape, outDim int64) (graph.Shape, error) {
	v, _, ok := c.Cfg.Lookup("input_length")
	if !ok {
		return append(s.Clone(), outDim), nil
	}
	lens, err := catalog.ShapeList(v)
	if err != nil {
		return nil, fmt.Errorf("input_length: %v", err)
	}
	if len(lens) != len(s)-1 {
		return nil, fmt.Errorf("input_length is %s, but the input has shape %s", catalog.Repr(v), s)
	}
	out := graph.Shape{s[0]}
	for i, l := range lens {
		d := s[i+1]
		switch {
		case l >= 0 && d >= 0 && l != d:
			return nil, fmt.Errorf("input_length is %s, but the input has shape %s", catalog.Repr(v), s)
		case l < 0:
			l = d
		}
		out = append(out, l)
	}
	return append(out, outDim), nil
}

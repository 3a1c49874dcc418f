package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/graph"
)

// Preprocessing layers: keras/src/layers/preprocessing/**.py (Keras 3) and
// keras/layers/preprocessing/*.py (tf.keras 2.x; also reached as
// keras.layers.experimental.preprocessing.X, same class names). Shapes
// follow each layer's compute_output_shape. None has weights except
// Normalization (normalization.go).

// ppSameShape are image and value preprocessing layers that keep the
// input shape (their compute_output_shape returns input_shape).
var ppSameShape = []string{
	"Rescaling", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
	"RandomContrast", "RandomBrightness", "RandomColorJitter", "RandomElasticTransform",
	"RandomErasing", "RandomGaussianBlur", "RandomGrayscale", "RandomHue", "RandomInvert",
	"RandomPerspective", "RandomPosterization", "RandomSaturation", "RandomSharpness",
	"RandomShear", "AugMix", "AutoContrast", "CutMix", "Equalization", "MixUp",
	"RandAugment", "Solarization", "MaxNumBoundingBoxes",
	"ContrastLimitedAdaptiveHistogramEqualization",
}

func init() {
	for _, c := range ppSameShape {
		Register(&Spec{Class: c, Family: "preprocessing", Infer: same})
	}
	Register(
		&Spec{Class: "RandomColorDegeneration", Family: "preprocessing", Infer: inferColorDegeneration},
		&Spec{Class: "Resizing", Family: "preprocessing", Infer: inferResizeLike},
		&Spec{Class: "CenterCrop", Family: "preprocessing", Infer: inferResizeLike},
		&Spec{Class: "RandomCrop", Family: "preprocessing", Infer: inferResizeLike},
		&Spec{Class: "RandomHeight", Family: "preprocessing", Infer: inferRandomHW(true)},
		&Spec{Class: "RandomWidth", Family: "preprocessing", Infer: inferRandomHW(false)},
		&Spec{Class: "CategoryEncoding", Family: "preprocessing", Infer: inferCategoryEncoding},
		&Spec{Class: "Hashing", Family: "preprocessing", Infer: inferHashing},
		&Spec{Class: "HashedCrossing", Family: "preprocessing", Infer: inferHashedCrossing},
		&Spec{Class: "Discretization", Family: "preprocessing", Infer: inferDiscretization},
		&Spec{Class: "StringLookup", Family: "preprocessing", Infer: inferLookup},
		&Spec{Class: "IntegerLookup", Family: "preprocessing", Infer: inferLookup},
		&Spec{Class: "TextVectorization", Family: "preprocessing", Infer: inferTextVectorization},
	)
}

// ppImage returns the single input, which must be a batch of images
// (rank 4 with the batch dim), and its height and width axes.
func ppImage(c *Call) (graph.Shape, int, int, error) {
	s, err := c.One()
	if err != nil {
		return nil, 0, 0, err
	}
	if len(s) != 4 {
		return nil, 0, 0, fmt.Errorf("expected a batch of images of rank 4 (batch, height, width, channels), got shape %s", s)
	}
	cf, err := channelsFirst(c)
	if err != nil {
		return nil, 0, 0, err
	}
	if cf {
		return s, 2, 3, nil
	}
	return s, 1, 2, nil
}

// inferResizeLike: Resizing, CenterCrop and RandomCrop set height and
// width (crop_to_aspect_ratio and pad_to_aspect_ratio do not change them).
func inferResizeLike(c *Call) error {
	s, h, w, err := ppImage(c)
	if err != nil {
		return err
	}
	height, err := c.Cfg.RequireInt("height")
	if err != nil {
		return err
	}
	width, err := c.Cfg.RequireInt("width")
	if err != nil {
		return err
	}
	if height <= 0 || width <= 0 {
		return fmt.Errorf("height and width must be positive, got %d and %d", height, width)
	}
	out := s.Clone()
	out[h], out[w] = height, width
	c.SetOut(out)
	return nil
}

// inferRandomHW: tf.keras RandomHeight / RandomWidth make that dim unknown.
func inferRandomHW(height bool) func(c *Call) error {
	return func(c *Call) error {
		s, h, w, err := ppImage(c)
		if err != nil {
			return err
		}
		out := s.Clone()
		if height {
			out[h] = -1
		} else {
			out[w] = -1
		}
		c.SetOut(out)
		return nil
	}
}

// inferColorDegeneration keeps the shape of 3-channel images.
func inferColorDegeneration(c *Call) error {
	s, _, _, err := ppImage(c)
	if err != nil {
		return err
	}
	cf, _ := channelsFirst(c)
	ch := s[3]
	if cf {
		ch = s[1]
	}
	if ch >= 0 && ch != 3 {
		return fmt.Errorf("input images must have 3 channels, got %d channels (shape %s)", ch, s)
	}
	c.SetOut(s.Clone())
	return nil
}

// ppOutputMode reads output_mode ("binary" is the old name of "multi_hot").
func ppOutputMode(c *Call, def string, allowed ...string) (string, error) {
	m, err := c.Cfg.String(def, "output_mode")
	if err != nil {
		return "", err
	}
	if m == "binary" {
		m = "multi_hot"
	}
	for _, a := range allowed {
		if m == a {
			return m, nil
		}
	}
	return "", fmt.Errorf("output_mode: unknown value %q", m)
}

// ppEncode is the shape of encoding the last axis into depth values:
// one_hot encodes every element (a trailing 1 is replaced, otherwise depth
// is appended); multi_hot, count and tf_idf encode the last axis as one
// sample. A rank-1 input (batch,) is one value per sample; Keras 3's
// compute_output_shape (dropBatch) then gives (depth,) without a batch dim.
func ppEncode(s graph.Shape, mode string, depth int64, dropBatch bool) graph.Shape {
	if mode == "one_hot" {
		if len(s) > 1 && s[len(s)-1] == 1 {
			return append(s[:len(s)-1].Clone(), depth)
		}
		return append(s.Clone(), depth)
	}
	return ppEncodeLast(s, depth, dropBatch)
}

// ppEncodeLast replaces the last axis by depth.
func ppEncodeLast(s graph.Shape, depth int64, dropBatch bool) graph.Shape {
	if len(s) <= 1 {
		if dropBatch {
			return graph.Shape{depth}
		}
		return graph.Shape{s0(s), depth}
	}
	return append(s[:len(s)-1].Clone(), depth)
}

// inferCategoryEncoding: num_tokens, output_mode multi_hot (default),
// one_hot or count (keras/src/layers/preprocessing/category_encoding.py).
func inferCategoryEncoding(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	n, err := c.Cfg.RequireInt("num_tokens", "max_tokens")
	if err != nil {
		return fmt.Errorf("num_tokens must be set to use CategoryEncoding: %v", err)
	}
	if n < 1 {
		return fmt.Errorf("num_tokens must be >= 1, got %d", n)
	}
	mode, err := ppOutputMode(c, "multi_hot", "multi_hot", "one_hot", "count")
	if err != nil {
		return err
	}
	c.SetOut(ppEncode(s, mode, n, c.Dialect == graph.Keras3))
	return nil
}

// inferHashing: output_mode int (default) keeps the shape; the others
// encode into num_bins (keras/src/layers/preprocessing/hashing.py).
func inferHashing(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	bins, err := c.Cfg.RequireInt("num_bins")
	if err != nil {
		return err
	}
	if bins <= 0 {
		return fmt.Errorf("num_bins must be positive, got %d", bins)
	}
	mode, err := ppOutputMode(c, "int", "int", "one_hot", "multi_hot", "count")
	if err != nil {
		return err
	}
	if mode == "int" {
		c.SetOut(s.Clone())
		return nil
	}
	// hashing.py: every non-int mode encodes the last axis.
	c.SetOut(ppEncodeLast(s, bins, c.Dialect == graph.Keras3))
	return nil
}

// inferHashedCrossing crosses exactly 2 inputs of the same last dim
// (keras/src/layers/preprocessing/hashed_crossing.py).
func inferHashedCrossing(c *Call) error {
	if len(c.In) != 2 {
		return fmt.Errorf("expected a list of 2 inputs, got %d", len(c.In))
	}
	a, b := c.In[0], c.In[1]
	if len(a) == 0 || len(b) == 0 || a[len(a)-1] != b[len(b)-1] {
		return fmt.Errorf("expected the two inputs to have identical shapes, got %s", mergeShapes(c.In))
	}
	bins, err := c.Cfg.RequireInt("num_bins")
	if err != nil {
		return err
	}
	mode, err := ppOutputMode(c, "int", "int", "one_hot")
	if err != nil {
		return err
	}
	if mode == "int" {
		c.SetOut(a.Clone())
		return nil
	}
	if a[len(a)-1] != 1 {
		c.SetOut(append(a.Clone(), bins))
		return nil
	}
	c.SetOut(append(a[:len(a)-1].Clone(), bins))
	return nil
}

// inferDiscretization: output_mode int (default) keeps the shape; the
// others encode into len(bin_boundaries)+1 or num_bins bins. Keras 3.14+
// drops the second dim for multi_hot and count (compute_output_shape:
// (batch,) + shape[2:] + (depth,)); earlier versions and tf.keras encode
// the last axis.
func inferDiscretization(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	mode, err := ppOutputMode(c, "int", "int", "one_hot", "multi_hot", "count")
	if err != nil {
		return err
	}
	if mode == "int" {
		c.SetOut(s.Clone())
		return nil
	}
	var depth int64
	if v, _, ok := c.Cfg.Lookup("bin_boundaries"); ok {
		l, isList := v.([]any)
		if !isList {
			return fmt.Errorf("bin_boundaries: expected a list of numbers")
		}
		depth = int64(len(l)) + 1
	} else {
		if depth, err = c.Cfg.RequireInt("num_bins"); err != nil {
			return fmt.Errorf("Discretization needs bin_boundaries or num_bins: %v", err)
		}
	}
	if c.Dialect == graph.Keras3 && mode != "one_hot" && len(s) >= 2 {
		out := graph.Shape{s[0]}
		out = append(out, s[2:]...)
		c.SetOut(append(out, depth))
		return nil
	}
	c.SetOut(ppEncode(s, mode, depth, c.Dialect == graph.Keras3))
	return nil
}

// ppVocabDepth is the encoded size of a lookup layer in a non-int mode:
// max_tokens when pad_to_max_tokens, else the frozen vocabulary_size Keras 3
// stores in the config, else the length of an inline vocabulary plus the
// OOV indices (IndexLookup.vocabulary_size; the mask token only takes an
// index in int mode).
func ppVocabDepth(c *Call, oovDefault int64) (int64, error) {
	pad, err := c.Cfg.Bool(false, "pad_to_max_tokens")
	if err != nil {
		return 0, err
	}
	if pad {
		n, err := c.Cfg.Int(0, "max_tokens")
		if err != nil {
			return 0, err
		}
		if n > 0 {
			return n, nil
		}
	}
	if c.Cfg.Has("vocabulary_size") {
		return c.Cfg.Int(0, "vocabulary_size")
	}
	if v, _, ok := c.Cfg.Lookup("vocabulary"); ok {
		if l, isList := v.([]any); isList {
			oov, err := c.Cfg.Int(oovDefault, "num_oov_indices")
			if err != nil {
				return 0, err
			}
			return int64(len(l)) + oov, nil
		}
	}
	return 0, &UnknownShapeError{Msg: "the output size depends on the adapted vocabulary, which is not in the layer config (set pad_to_max_tokens with max_tokens, or use --allow-unknown)"}
}

// inferLookup: StringLookup and IntegerLookup
// (keras/src/layers/preprocessing/index_lookup.py compute_output_shape):
// int mode (default) keeps the shape, the others encode into the
// vocabulary size.
func inferLookup(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	mode, err := ppOutputMode(c, "int", "int", "one_hot", "multi_hot", "count", "tf_idf")
	if err != nil {
		return err
	}
	if mode == "int" {
		c.SetOut(s.Clone())
		return nil
	}
	depth, err := ppVocabDepth(c, 1)
	if err != nil {
		return err
	}
	c.SetOut(ppEncode(s, mode, depth, false))
	return nil
}

// inferTextVectorization: int mode (default) gives (batch,
// output_sequence_length) (None when unset); the other modes give
// (batch, vocabulary size).
func inferTextVectorization(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	if len(s) == 0 {
		return fmt.Errorf("expected an input with a batch dim, got shape %s", s)
	}
	mode, err := ppOutputMode(c, "int", "int", "multi_hot", "count", "tf_idf")
	if err != nil {
		return err
	}
	if mode == "int" {
		n, err := c.Cfg.Int(-1, "output_sequence_length")
		if err != nil {
			return err
		}
		c.SetOut(graph.Shape{s[0], n})
		return nil
	}
	depth, err := ppVocabDepth(c, 1)
	if err != nil {
		return err
	}
	c.SetOut(graph.Shape{s[0], depth})
	return nil
}

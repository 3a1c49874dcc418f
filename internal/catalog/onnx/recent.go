package onnx

import (
	"fmt"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Operators of opsets 18 to 28 not covered by the families above, and the
// classic-ML domain (ai.onnx.ml) used by scikit-learn exports.

const mlDomain = "ai.onnx.ml"

func registerRecent() {
	register("elementwise", "", unary, "CumProd")
	register("elementwise", "", swiglu, "SwiGLU")
	register("reshape", "", bitCast, "BitCast")
	register("reshape", "", scatter, "TensorScatter")
	register("image", "", affineGrid, "AffineGrid")
	register("image", "", col2Im, "Col2Im")
	register("image", "", imageDecoder, "ImageDecoder")
	register("text", "", boolUnary, "RegexFullMatch")
	register("text", "", stringConcat, "StringConcat")
	register("text", "", stringSplit, "StringSplit")

	register("ml", mlDomain, mlSame(pb.Float), "Normalizer", "Scaler")
	register("ml", mlDomain, mlSame(0), "Binarizer", "Imputer")
	register("ml", mlDomain, labelEncoder, "LabelEncoder")
	register("ml", mlDomain, categoryMapper, "CategoryMapper")
	register("ml", mlDomain, mlRegressor, "LinearRegressor", "SVMRegressor", "TreeEnsembleRegressor")
	register("ml", mlDomain, mlClassifier, "LinearClassifier", "SVMClassifier", "TreeEnsembleClassifier")
	register("ml", mlDomain, treeEnsemble, "TreeEnsemble")
	register("ml", mlDomain, zipMap, "ZipMap")
	register("ml", mlDomain, arrayFeatureExtractor, "ArrayFeatureExtractor")
	register("ml", mlDomain, oneHotEncoder, "OneHotEncoder")
	register("ml", mlDomain, featureVectorizer, "FeatureVectorizer")
	register("ml", mlDomain, dictVectorizer, "DictVectorizer")
	register("ml", mlDomain, castMap, "CastMap")
}

func swiglu(c *Ctx) error {
	_, err := broadcastOut(c, c.elem(0), 0, 1)
	return err
}

func bitCast(c *Ctx) error {
	to := pb.DataType(c.int("to", 0))
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, to)
		return nil
	}
	from := c.elem(0)
	out := append([]Dim(nil), s...)
	fb, tb := int64(from.Bits()), int64(to.Bits())
	switch {
	case fb == 0 || tb == 0 || fb == tb:
	case fb > tb:
		out = append(out, Known(fb/tb))
	default:
		if len(out) == 0 {
			return fmt.Errorf("cannot cast a scalar to a wider type")
		}
		out = out[:len(out)-1]
	}
	c.setTensor(0, to, out)
	return nil
}

func affineGrid(c *Ctx) error {
	elem := c.elem(0)
	size, ok := c.knownInts(1)
	if !ok {
		if s, ok := c.shape(1); ok && len(s) == 1 && s[0].IsKnown() && s[0].V >= 3 {
			c.setRank(0, elem, int(s[0].V))
		} else {
			c.setElem(0, elem)
		}
		return nil
	}
	if len(size) < 3 {
		return fmt.Errorf("size must have at least 3 values")
	}
	out := []Dim{Known(size[0])}
	for _, v := range size[2:] {
		out = append(out, Known(v))
	}
	out = append(out, Known(int64(len(size)-2)))
	c.setTensor(0, elem, out)
	return nil
}

func col2Im(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	img, ok1 := c.knownInts(1)
	blk, ok2 := c.knownInts(2)
	if !ok || !ok1 || !ok2 {
		if ok1 {
			c.setRank(0, elem, len(img)+2)
		} else {
			c.setElem(0, elem)
		}
		return nil
	}
	if len(s) != 3 || len(img) != len(blk) {
		return fmt.Errorf("input must have rank 3 and image_shape, block_shape one value per spatial dim")
	}
	ch := Unk
	if p := prodDims(knownDims(blk...), 0, len(blk)); s[1].IsKnown() && p.IsKnown() && p.V > 0 {
		ch = Known(s[1].V / p.V)
	}
	out := []Dim{s[0], ch}
	for _, v := range img {
		out = append(out, Known(v))
	}
	c.setTensor(0, elem, out)
	return nil
}

func imageDecoder(c *Ctx) error {
	ch := Known(3)
	if c.str("pixel_format", "RGB") == "Grayscale" {
		ch = Known(1)
	}
	c.setTensor(0, pb.Uint8, []Dim{Unk, Unk, ch})
	return nil
}

func stringConcat(c *Ctx) error {
	_, err := broadcastOut(c, pb.String, 0, 1)
	return err
}

func stringSplit(c *Ctx) error {
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, pb.String)
		c.setElem(1, pb.Int64)
		return nil
	}
	c.setTensor(0, pb.String, append(append([]Dim(nil), s...), Unk))
	c.setTensor(1, pb.Int64, append([]Dim(nil), s...))
	return nil
}

// mlSame keeps the input's shape; elem 0 keeps its type too.
func mlSame(elem pb.DataType) OpFunc {
	return func(c *Ctx) error {
		e := elem
		if e == 0 {
			e = c.elem(0)
		}
		if s, ok := c.shape(0); ok {
			c.setTensor(0, e, append([]Dim(nil), s...))
		} else {
			c.setElem(0, e)
		}
		return nil
	}
}

func labelEncoder(c *Ctx) error {
	elem := pb.Int64
	switch {
	case c.hasAttr("values_strings") || c.hasAttr("default_string"):
		elem = pb.String
	case c.hasAttr("values_floats") || c.hasAttr("default_float"):
		elem = pb.Float
	case c.hasAttr("values_tensor"):
		if a := c.attr("values_tensor"); a.T != nil {
			elem = a.T.DataType
		}
	}
	return mlSame(elem)(c)
}

func categoryMapper(c *Ctx) error {
	elem := pb.String
	if c.elem(0) == pb.String {
		elem = pb.Int64
	}
	return mlSame(elem)(c)
}

func batchDim(c *Ctx) Dim {
	if s, ok := c.shape(0); ok && len(s) > 0 {
		if len(s) == 1 {
			return Known(1)
		}
		return s[0]
	}
	return Unk
}

func mlRegressor(c *Ctx) error {
	n := c.int("targets", c.int("n_targets", 1))
	c.setTensor(0, pb.Float, []Dim{batchDim(c), Known(n)})
	return nil
}

func mlClassifier(c *Ctx) error {
	elem, classes := pb.Int64, int64(0)
	if v, ok := c.ints("classlabels_ints"); ok {
		classes = int64(len(v))
	}
	if v, ok := c.ints("classlabels_int64s"); ok {
		classes = int64(len(v))
	}
	if a := c.attr("classlabels_strings"); a != nil {
		elem, classes = pb.String, int64(len(a.Strings))
	}
	n := batchDim(c)
	c.setTensor(0, elem, []Dim{n})
	scores := Unk
	if classes > 0 {
		scores = Known(classes)
		if classes == 2 && c.Node.OpType == "LinearClassifier" {
			if co, ok := c.floats("coefficients"); ok {
				if s, ok := c.shape(0); ok && len(s) > 0 && s[len(s)-1].IsKnown() && int64(len(co)) == s[len(s)-1].V {
					scores = Known(1)
				}
			}
		}
	}
	c.setTensor(1, pb.Float, []Dim{n, scores})
	return nil
}

func treeEnsemble(c *Ctx) error {
	elem := c.elem(0)
	c.setTensor(0, elem, []Dim{batchDim(c), Known(c.int("n_targets", 1))})
	return nil
}

func zipMap(c *Ctx) error {
	key := pb.Int64
	if c.hasAttr("classlabels_strings") {
		key = pb.String
	}
	c.set(0, seqOf(&Type{Kind: pb.KindMap, Elem: key, Inner: Tensor(pb.Float)}))
	return nil
}

func arrayFeatureExtractor(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	is, ok2 := c.shape(1)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	n := Unk
	if ok2 {
		n = prodDims(is, 0, len(is))
	}
	if len(s) <= 1 {
		c.setTensor(0, elem, []Dim{Known(1), n})
		return nil
	}
	out := append([]Dim(nil), s[:len(s)-1]...)
	c.setTensor(0, elem, append(out, n))
	return nil
}

func oneHotEncoder(c *Ctx) error {
	n := Unk
	if v, ok := c.ints("cats_int64s"); ok {
		n = Known(int64(len(v)))
	} else if a := c.attr("cats_strings"); a != nil {
		n = Known(int64(len(a.Strings)))
	}
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, pb.Float)
		return nil
	}
	c.setTensor(0, pb.Float, append(append([]Dim(nil), s...), n))
	return nil
}

func featureVectorizer(c *Ctx) error {
	dims, _ := c.ints("inputdimensions")
	var total int64
	for _, d := range dims {
		total += d
	}
	c.setTensor(0, pb.Float, []Dim{batchDim(c), Known(total)})
	return nil
}

func dictVectorizer(c *Ctx) error {
	n := Unk
	elem := pb.Float
	if v, ok := c.ints("int64_vocabulary"); ok && len(v) > 0 {
		n = Known(int64(len(v)))
	} else if a := c.attr("string_vocabulary"); a != nil {
		n = Known(int64(len(a.Strings)))
	}
	if t := c.typ(0); t != nil && t.Kind == pb.KindMap && t.Inner != nil && t.Inner.Elem != 0 {
		elem = t.Inner.Elem
	}
	c.setTensor(0, elem, []Dim{Known(1), n})
	return nil
}

func castMap(c *Ctx) error {
	elem := pb.Float
	switch c.str("cast_to", "TO_FLOAT") {
	case "TO_STRING":
		elem = pb.String
	case "TO_INT64":
		elem = pb.Int64
	}
	n := Unk
	if c.str("map_form", "DENSE") == "SPARSE" {
		n = Known(c.int("max_map", 1))
	}
	c.setTensor(0, elem, []Dim{Known(1), n})
	return nil
}

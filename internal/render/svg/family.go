package svg

import "strings"

// Family is the kind of layer a box is coloured by.
type Family string

// Families, in legend order.
const (
	FamInput          Family = "input"
	FamConv           Family = "conv"
	FamDense          Family = "dense"
	FamPooling        Family = "pooling"
	FamNormalization  Family = "normalization"
	FamActivation     Family = "activation"
	FamRecurrent      Family = "recurrent"
	FamAttention      Family = "attention"
	FamEmbedding      Family = "embedding"
	FamMerge          Family = "merge"
	FamReshape        Family = "reshape"
	FamRegularization Family = "regularization"
	FamPreprocessing  Family = "preprocessing"
	FamWrapper        Family = "wrapper"
	FamModel          Family = "model"
	FamOther          Family = "other"
)

var familyOrder = []Family{FamInput, FamConv, FamDense, FamPooling, FamNormalization, FamActivation, FamRecurrent,
	FamAttention, FamEmbedding, FamMerge, FamReshape, FamRegularization, FamPreprocessing, FamWrapper, FamModel, FamOther}

// familyColor is the accent colour of each family (stroke, legend); boxes
// are filled with a light tint of it.
var familyColor = map[Family]string{
	FamInput:          "#6b7a80",
	FamConv:           "#2f6fba",
	FamDense:          "#d9730d",
	FamPooling:        "#2e9446",
	FamNormalization:  "#8e5cc4",
	FamActivation:     "#c0392b",
	FamRecurrent:      "#8d5a3b",
	FamAttention:      "#c2337f",
	FamEmbedding:      "#4f5fb3",
	FamMerge:          "#138d90",
	FamReshape:        "#868a1c",
	FamRegularization: "#5f86b8",
	FamPreprocessing:  "#8a6fae",
	FamWrapper:        "#5d6d7e",
	FamModel:          "#2c3e50",
	FamOther:          "#7f8c8d",
}

// exact maps class names (Keras, PyTorch and ONNX spellings, lower case)
// whose family the substring rules below would get wrong or miss.
var exact = map[string]Family{
	"input": FamInput, "inputlayer": FamInput, "placeholder": FamInput,
	"add": FamMerge, "sub": FamMerge, "mul": FamMerge, "div": FamMerge, "sum": FamMerge, "mean": FamMerge,
	"max": FamMerge, "min": FamMerge, "concat": FamMerge, "dot": FamMerge, "einsum": FamDense,
	"gemm": FamDense, "matmul": FamDense, "linear": FamDense, "bilinear": FamDense, "dense": FamDense,
	"relu": FamActivation, "relu6": FamActivation, "sigmoid": FamActivation, "tanh": FamActivation, "softmax": FamActivation,
	"logsoftmax": FamActivation, "elu": FamActivation, "selu": FamActivation, "gelu": FamActivation, "silu": FamActivation,
	"clip": FamActivation, "hardswish": FamActivation, "hardsigmoid": FamActivation, "softplus": FamActivation,
	"mish": FamActivation, "erf": FamActivation, "activation": FamActivation, "thresholdedrelu": FamActivation,
	"lrn": FamNormalization, "normalization": FamNormalization,
	"bidirectional": FamRecurrent, "timedistributed": FamWrapper, "wrapper": FamWrapper,
	"lambda": FamOther, "tfoplambda": FamOther, "slicingoplambda": FamOther,
}

// rules are substring tests in order: the first that matches decides.
var rules = []struct {
	sub string
	fam Family
}{
	{"attention", FamAttention},
	{"embedding", FamEmbedding},
	{"lstm", FamRecurrent}, {"gru", FamRecurrent}, {"rnn", FamRecurrent}, {"recurrent", FamRecurrent},
	{"conv", FamConv}, {"deconv", FamConv},
	{"pool", FamPooling},
	{"norm", FamNormalization},
	{"dropout", FamRegularization}, {"noise", FamRegularization}, {"regulariz", FamRegularization},
	{"random", FamPreprocessing}, {"rescaling", FamPreprocessing}, {"resizing", FamPreprocessing},
	{"lookup", FamPreprocessing}, {"vectoriz", FamPreprocessing}, {"encoding", FamPreprocessing},
	{"hashing", FamPreprocessing}, {"discretiz", FamPreprocessing}, {"centercrop", FamPreprocessing},
	{"dense", FamDense}, {"linear", FamDense}, {"highway", FamDense}, {"maxout", FamDense},
	{"relu", FamActivation}, {"softmax", FamActivation}, {"activation", FamActivation}, {"sigmoid", FamActivation},
	{"add", FamMerge}, {"concat", FamMerge}, {"multiply", FamMerge}, {"subtract", FamMerge},
	{"average", FamMerge}, {"maximum", FamMerge}, {"minimum", FamMerge}, {"merge", FamMerge},
	{"reshape", FamReshape}, {"flatten", FamReshape}, {"permute", FamReshape}, {"repeat", FamReshape},
	{"squeeze", FamReshape}, {"transpose", FamReshape}, {"crop", FamReshape}, {"padding", FamReshape},
	{"pad", FamReshape}, {"upsampl", FamReshape}, {"resize", FamReshape}, {"slice", FamReshape},
	{"gather", FamReshape}, {"split", FamReshape}, {"tile", FamReshape}, {"expand", FamReshape},
	{"shape", FamReshape}, {"identity", FamReshape}, {"cast", FamReshape},
}

// FamilyOf classifies a layer by its class name: Keras (Conv2D,
// Convolution2D), PyTorch (Conv2d) and ONNX (Conv) spellings alike.
// Nested models are FamModel.
func FamilyOf(class string, nested bool) Family {
	if nested {
		return FamModel
	}
	c := strings.ToLower(class)
	if f, ok := exact[c]; ok {
		return f
	}
	for _, r := range rules {
		if strings.Contains(c, r.sub) {
			return r.fam
		}
	}
	return FamOther
}

// tint mixes colour c (#rrggbb) with white: a is the share of c.
func tint(c string, a float64) string {
	if len(c) != 7 || c[0] != '#' {
		return "#ffffff"
	}
	const hex = "0123456789abcdef"
	out := []byte{'#'}
	for i := 1; i < 7; i += 2 {
		v := strings.IndexByte(hex, c[i])*16 + strings.IndexByte(hex, c[i+1])
		m := int(float64(v)*a + 255*(1-a) + 0.5)
		out = append(out, hex[m/16], hex[m%16])
	}
	return string(out)
}

package explain

import (
	"strings"

	"github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/catalog/torch"
	"github.com/netsum/netsum/internal/graph"
)

// kinds maps a canonical Keras class (keras.Spec.Class) to the kind of
// explanation it gets; each kind has a "does.<kind>" message and, when it
// can have no weights, a "zero.<kind>" message. Classes not listed fall
// back to their catalog family (familyKinds).
var kinds = map[string]string{
	"InputLayer": "input",

	"Dense":                "dense",
	"TimeDistributedDense": "dense",
	"EinsumDense":          "einsum",
	"Highway":              "highway",
	"MaxoutDense":          "maxout",
	"Lambda":               "lambda",
	"TFOpLambda":           "lambda",
	"SlicingOpLambda":      "lambda",

	"Conv1D": "conv", "Conv2D": "conv", "Conv3D": "conv",
	"Conv1DTranspose": "convT", "Conv2DTranspose": "convT", "Conv3DTranspose": "convT",
	"SeparableConv1D": "separable", "SeparableConv2D": "separable",
	"DepthwiseConv1D": "depthwise", "DepthwiseConv2D": "depthwise",
	"LocallyConnected1D": "locally", "LocallyConnected2D": "locally",

	"Dropout":                "dropout",
	"SpatialDropout1D":       "spatialdropout",
	"SpatialDropout2D":       "spatialdropout",
	"SpatialDropout3D":       "spatialdropout",
	"GaussianNoise":          "gaussiannoise",
	"GaussianDropout":        "gaussiandropout",
	"AlphaDropout":           "alphadropout",
	"ActivityRegularization": "activityreg",
	"Masking":                "masking",

	"Activation":         "activation",
	"ReLU":               "activation",
	"LeakyReLU":          "activation",
	"ELU":                "activation",
	"Softmax":            "activation",
	"ThresholdedReLU":    "activation",
	"PReLU":              "prelu",
	"ParametricSoftplus": "prelu",
	"SReLU":              "prelu",

	"MaxPooling1D": "maxpool", "MaxPooling2D": "maxpool", "MaxPooling3D": "maxpool",
	"AveragePooling1D": "avgpool", "AveragePooling2D": "avgpool", "AveragePooling3D": "avgpool",
	"GlobalMaxPooling1D": "globalmax", "GlobalMaxPooling2D": "globalmax", "GlobalMaxPooling3D": "globalmax",
	"GlobalAveragePooling1D": "globalavg", "GlobalAveragePooling2D": "globalavg", "GlobalAveragePooling3D": "globalavg",
	"AdaptiveMaxPooling1D": "adaptivemax", "AdaptiveMaxPooling2D": "adaptivemax", "AdaptiveMaxPooling3D": "adaptivemax",
	"AdaptiveAveragePooling1D": "adaptiveavg", "AdaptiveAveragePooling2D": "adaptiveavg", "AdaptiveAveragePooling3D": "adaptiveavg",

	"Flatten":      "flatten",
	"Reshape":      "reshape",
	"Permute":      "permute",
	"RepeatVector": "repeat",
	"UpSampling1D": "upsampling", "UpSampling2D": "upsampling", "UpSampling3D": "upsampling",
	"ZeroPadding1D": "zeropad", "ZeroPadding2D": "zeropad", "ZeroPadding3D": "zeropad",
	"Cropping1D": "crop", "Cropping2D": "crop", "Cropping3D": "crop",

	"Add":         "merge",
	"Subtract":    "merge",
	"Multiply":    "merge",
	"Average":     "merge",
	"Maximum":     "merge",
	"Minimum":     "merge",
	"Concatenate": "concat",
	"Dot":         "dot",
	"Merge":       "merge",

	"BatchNormalization": "batchnorm",
	"LayerNormalization": "layernorm",
	"GroupNormalization": "groupnorm",
	"RMSNormalization":   "rmsnorm",
	"UnitNormalization":  "unitnorm",

	"Embedding":           "embedding",
	"ReversibleEmbedding": "embedding",

	"SimpleRNN":       "simplernn",
	"SimpleRNNCell":   "simplernn",
	"LSTM":            "lstm",
	"LSTMCell":        "lstm",
	"GRU":             "gru",
	"GRUCell":         "gru",
	"CuDNNLSTM":       "lstm",
	"CuDNNGRU":        "gru",
	"RNN":             "rnn",
	"StackedRNNCells": "rnn",
	"ConvLSTM1D":      "convlstm",
	"ConvLSTM2D":      "convlstm",
	"ConvLSTM3D":      "convlstm",
	"ConvLSTM2DCell":  "convlstm",
	"Bidirectional":   "bidirectional",
	"TimeDistributed": "timedistributed",

	"Attention":          "attention",
	"AdditiveAttention":  "attention",
	"MultiHeadAttention": "mha",

	"Normalization":     "normalization",
	"Rescaling":         "rescaling",
	"Resizing":          "resizing",
	"CenterCrop":        "centercrop",
	"CategoryEncoding":  "encoding",
	"Hashing":           "encoding",
	"HashedCrossing":    "encoding",
	"Discretization":    "encoding",
	"IntegerLookup":     "encoding",
	"StringLookup":      "encoding",
	"TextVectorization": "encoding",
}

// familyKinds is the kind of a class the table above does not list, by
// its catalog family.
var familyKinds = map[string]string{
	"activation":     "activation",
	"attention":      "attention",
	"conv":           "conv",
	"core":           "generic",
	"embedding":      "embedding",
	"input":          "input",
	"merge":          "merge",
	"normalization":  "layernorm",
	"pooling":        "maxpool",
	"preprocessing":  "augment",
	"recurrent":      "rnn",
	"regularization": "dropout",
	"reshape":        "reshape",
	"wrapper":        "timedistributed",
}

// zeroKinds are the kinds that have no weights (or may have none), each
// with a "zero.<kind>" message saying why.
var zeroKinds = []string{
	"input", "lambda", "dropout", "spatialdropout", "gaussiannoise", "gaussiandropout", "alphadropout",
	"activityreg", "masking", "activation", "maxpool", "avgpool", "globalmax", "globalavg",
	"adaptivemax", "adaptiveavg", "flatten", "reshape", "permute", "repeat", "upsampling", "zeropad",
	"crop", "merge", "concat", "dot", "attention", "unitnorm", "rescaling", "resizing", "centercrop",
	"encoding", "augment", "generic", "model", "timedistributed", "normalization",
	"layernorm", "batchnorm", "identity", "instancenorm", "groupnorm", "lrn", "lppool", "loss", "unpool",
}

// torchKinds maps a torch.nn class to its explanation kind.
var torchKinds = map[string]string{
	"Conv1d": "conv", "Conv2d": "conv", "Conv3d": "conv",
	"ConvTranspose1d": "convT", "ConvTranspose2d": "convT", "ConvTranspose3d": "convT",
	"Linear": "dense", "Bilinear": "dense", "Identity": "identity",
	"NonDynamicallyQuantizableLinear": "dense",

	"BatchNorm1d": "batchnorm", "BatchNorm2d": "batchnorm", "BatchNorm3d": "batchnorm", "SyncBatchNorm": "batchnorm",
	"InstanceNorm1d": "instancenorm", "InstanceNorm2d": "instancenorm", "InstanceNorm3d": "instancenorm",
	"LayerNorm": "layernorm", "GroupNorm": "groupnorm", "LocalResponseNorm": "lrn", "CrossMapLRN2d": "lrn",

	"Embedding": "embedding", "EmbeddingBag": "embedding",

	"LSTM": "lstm", "LSTMCell": "lstm", "GRU": "gru", "GRUCell": "gru",
	"RNN": "simplernn", "RNNCell": "simplernn", "RNNBase": "rnn",

	"MultiheadAttention": "mha",

	"Dropout": "dropout", "Dropout1d": "spatialdropout", "Dropout2d": "spatialdropout", "Dropout3d": "spatialdropout",
	"AlphaDropout": "alphadropout", "FeatureAlphaDropout": "alphadropout",

	"PReLU": "prelu",

	"MaxPool1d": "maxpool", "MaxPool2d": "maxpool", "MaxPool3d": "maxpool",
	"AvgPool1d": "avgpool", "AvgPool2d": "avgpool", "AvgPool3d": "avgpool",
	"LPPool1d": "lppool", "LPPool2d": "lppool",
	"MaxUnpool1d": "unpool", "MaxUnpool2d": "unpool", "MaxUnpool3d": "unpool",
	"AdaptiveMaxPool1d": "adaptivemax", "AdaptiveMaxPool2d": "adaptivemax", "AdaptiveMaxPool3d": "adaptivemax",
	"AdaptiveAvgPool1d": "adaptiveavg", "AdaptiveAvgPool2d": "adaptiveavg", "AdaptiveAvgPool3d": "adaptiveavg",

	"Flatten": "flatten", "Unflatten": "reshape", "PixelShuffle": "reshape", "PixelUnshuffle": "reshape",
	"ChannelShuffle": "reshape", "Unfold": "reshape", "Fold": "reshape",
	"Upsample": "upsampling", "UpsamplingNearest2d": "upsampling", "UpsamplingBilinear2d": "upsampling",

	"Sequential": "model", "ModuleList": "model", "ModuleDict": "model",
	"Transformer": "model", "TransformerEncoder": "model", "TransformerDecoder": "model",
	"TransformerEncoderLayer": "model", "TransformerDecoderLayer": "model",
}

// torchFamilyKinds is the kind of a catalogued torch class the table
// above does not list, by its catalog family.
var torchFamilyKinds = map[string]string{
	"activation": "activation",
	"pad":        "zeropad",
	"merge":      "merge",
	"loss":       "loss",
	"dropout":    "dropout",
	"reshape":    "reshape",
	"pool":       "maxpool",
}

// classifyTorch gives the family and kind of a torch.nn class; a class
// torch.nn does not have is a user module, explained as a container.
func classifyTorch(class string) (canonical, family, kind string) {
	spec := torch.Lookup(class)
	if spec != nil {
		family = spec.Family
	}
	if k, ok := torchKinds[class]; ok {
		return class, family, k
	}
	if spec == nil {
		return class, "model", "model"
	}
	if k, ok := torchFamilyKinds[family]; ok {
		return class, family, k
	}
	return class, family, "generic"
}

// classify gives the canonical class, family and kind of a class name in
// a model of dialect d: torch.nn classes for PyTorch, Keras otherwise.
func classify(class string, d graph.Dialect) (canonical, family, kind string) {
	if d == graph.PyTorch {
		return classifyTorch(class)
	}
	spec := keras.Lookup(class)
	if spec == nil {
		switch {
		case class == "Sequential" || class == "Functional" || class == "Model":
			return class, "model", "model"
		case strings.HasPrefix(class, "Random"):
			return class, "preprocessing", "augment"
		}
		return class, "", "unknown"
	}
	canonical, family = spec.Class, spec.Family
	if k, ok := kinds[canonical]; ok {
		return canonical, family, k
	}
	if k, ok := familyKinds[family]; ok {
		return canonical, family, k
	}
	return canonical, family, "generic"
}

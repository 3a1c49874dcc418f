package pytorch

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	ctorch "github.com/netsum/netsum/internal/catalog/torch"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// req marks a required constructor argument.
type reqT struct{}

var req = reqT{}

// layerDef is one torch.nn class made in Go: its constructor arguments
// (name, default) in order and how it normalizes them.
type layerDef struct {
	name string
	args []any // name, default, name, default...
	// tuples lists arguments torch turns into n-tuples (_pair, _triple).
	tuples []string
	dims   int
	base   string // parent class in torch.nn ("" = Module)
}

func d(name string, base string, dims int, tuples []string, args ...any) layerDef {
	return layerDef{name: name, args: args, tuples: tuples, dims: dims, base: base}
}

var convTuples = []string{"kernel_size", "stride", "padding", "dilation", "output_padding"}

// legacyReduction is the constructor of the losses without weights.
var legacyReduction = []any{"size_average", nil, "reduce", nil, "reduction", "mean"}

// lossTensors are the loss arguments torch registers as buffers.
var lossTensors = []string{"weight", "pos_weight"}

var foldTuples = []string{"output_size", "kernel_size", "dilation", "padding", "stride"}

// lazyOf maps each Lazy class to the class it becomes on its first call
// and the argument that call infers from the input (torch's
// cls_to_become; the input's channel dim, or its last dim for Linear).
var lazyOf = map[string][2]string{"LazyLinear": {"Linear", "in_features"}}

func setupLazyLayers() {
	for n := 1; n <= 3; n++ {
		lazyOf[fmt.Sprintf("LazyConv%dd", n)] = [2]string{fmt.Sprintf("Conv%dd", n), "in_channels"}
		lazyOf[fmt.Sprintf("LazyConvTranspose%dd", n)] = [2]string{fmt.Sprintf("ConvTranspose%dd", n), "in_channels"}
		lazyOf[fmt.Sprintf("LazyBatchNorm%dd", n)] = [2]string{fmt.Sprintf("BatchNorm%dd", n), "num_features"}
		lazyOf[fmt.Sprintf("LazyInstanceNorm%dd", n)] = [2]string{fmt.Sprintf("InstanceNorm%dd", n), "num_features"}
	}
}

func layerDefs() []layerDef {
	var defs []layerDef
	for n := 1; n <= 3; n++ {
		defs = append(defs,
			d(fmt.Sprintf("Conv%dd", n), "", n, convTuples, "in_channels", req, "out_channels", req, "kernel_size", req, "stride", int64(1), "padding", int64(0), "dilation", int64(1), "groups", int64(1), "bias", true, "padding_mode", "zeros", "device", nil, "dtype", nil),
			d(fmt.Sprintf("ConvTranspose%dd", n), "", n, convTuples, "in_channels", req, "out_channels", req, "kernel_size", req, "stride", int64(1), "padding", int64(0), "output_padding", int64(0), "groups", int64(1), "bias", true, "dilation", int64(1), "padding_mode", "zeros", "device", nil, "dtype", nil),
			d(fmt.Sprintf("MaxPool%dd", n), "", n, nil, "kernel_size", req, "stride", nil, "padding", int64(0), "dilation", int64(1), "return_indices", false, "ceil_mode", false),
			d(fmt.Sprintf("AvgPool%dd", n), "", n, nil, "kernel_size", req, "stride", nil, "padding", int64(0), "ceil_mode", false, "count_include_pad", true, "divisor_override", nil),
			d(fmt.Sprintf("AdaptiveAvgPool%dd", n), "", n, nil, "output_size", req),
			d(fmt.Sprintf("AdaptiveMaxPool%dd", n), "", n, nil, "output_size", req, "return_indices", false),
			d(fmt.Sprintf("BatchNorm%dd", n), "", n, nil, "num_features", req, "eps", 1e-5, "momentum", 0.1, "affine", true, "track_running_stats", true, "device", nil, "dtype", nil),
			d(fmt.Sprintf("InstanceNorm%dd", n), "", n, nil, "num_features", req, "eps", 1e-5, "momentum", 0.1, "affine", false, "track_running_stats", false, "device", nil, "dtype", nil),
			d(fmt.Sprintf("Dropout%dd", n), "", n, nil, "p", 0.5, "inplace", false),
			d(fmt.Sprintf("MaxUnpool%dd", n), "", n, convTuples, "kernel_size", req, "stride", nil, "padding", int64(0)),
			d(fmt.Sprintf("LazyConv%dd", n), "", n, convTuples, "out_channels", req, "kernel_size", req, "stride", int64(1), "padding", int64(0), "dilation", int64(1), "groups", int64(1), "bias", true, "padding_mode", "zeros", "device", nil, "dtype", nil),
			d(fmt.Sprintf("LazyConvTranspose%dd", n), "", n, convTuples, "out_channels", req, "kernel_size", req, "stride", int64(1), "padding", int64(0), "output_padding", int64(0), "groups", int64(1), "bias", true, "dilation", int64(1), "padding_mode", "zeros", "device", nil, "dtype", nil),
			d(fmt.Sprintf("LazyBatchNorm%dd", n), "", n, nil, "eps", 1e-5, "momentum", 0.1, "affine", true, "track_running_stats", true, "device", nil, "dtype", nil),
			d(fmt.Sprintf("LazyInstanceNorm%dd", n), "", n, nil, "eps", 1e-5, "momentum", 0.1, "affine", false, "track_running_stats", false, "device", nil, "dtype", nil),
		)
	}
	defs = append(defs,
		d("Linear", "", 0, nil, "in_features", req, "out_features", req, "bias", true, "device", nil, "dtype", nil),
		d("Bilinear", "", 0, nil, "in1_features", req, "in2_features", req, "out_features", req, "bias", true, "device", nil, "dtype", nil),
		d("LayerNorm", "", 0, nil, "normalized_shape", req, "eps", 1e-5, "elementwise_affine", true, "device", nil, "dtype", nil),
		d("GroupNorm", "", 0, nil, "num_groups", req, "num_channels", req, "eps", 1e-5, "affine", true, "device", nil, "dtype", nil),
		d("LocalResponseNorm", "", 0, nil, "size", req, "alpha", 1e-4, "beta", 0.75, "k", 1.0),
		d("Embedding", "", 0, nil, "num_embeddings", req, "embedding_dim", req, "padding_idx", nil, "max_norm", nil, "norm_type", 2.0, "scale_grad_by_freq", false, "sparse", false, "_weight", nil, "device", nil, "dtype", nil),
		d("PReLU", "", 0, nil, "num_parameters", int64(1), "init", 0.25, "device", nil, "dtype", nil),
		d("Dropout", "", 0, nil, "p", 0.5, "inplace", false),
		d("AlphaDropout", "", 0, nil, "p", 0.5, "inplace", false),
		d("FeatureAlphaDropout", "", 0, nil, "p", 0.5, "inplace", false),
		d("Identity", "", 0, nil, "*", nil),
		d("Flatten", "", 0, nil, "start_dim", int64(1), "end_dim", int64(-1)),
		d("Unflatten", "", 0, nil, "dim", req, "unflattened_size", req),
		d("ReLU", "", 0, nil, "inplace", false),
		d("ReLU6", "", 0, nil, "inplace", false),
		d("SELU", "", 0, nil, "inplace", false),
		d("SiLU", "", 0, nil, "inplace", false),
		d("Mish", "", 0, nil, "inplace", false),
		d("Hardswish", "", 0, nil, "inplace", false),
		d("Hardsigmoid", "", 0, nil, "inplace", false),
		d("LeakyReLU", "", 0, nil, "negative_slope", 0.01, "inplace", false),
		d("ELU", "", 0, nil, "alpha", 1.0, "inplace", false),
		d("CELU", "", 0, nil, "alpha", 1.0, "inplace", false),
		d("RReLU", "", 0, nil, "lower", 1.0/8, "upper", 1.0/3, "inplace", false),
		d("GELU", "", 0, nil, "approximate", "none"),
		d("Hardtanh", "", 0, nil, "min_val", -1.0, "max_val", 1.0, "inplace", false),
		d("Threshold", "", 0, nil, "threshold", req, "value", req, "inplace", false),
		d("Softplus", "", 0, nil, "beta", 1.0, "threshold", 20.0),
		d("Hardshrink", "", 0, nil, "lambd", 0.5),
		d("Softshrink", "", 0, nil, "lambd", 0.5),
		d("Sigmoid", "", 0, nil),
		d("Tanh", "", 0, nil),
		d("Softsign", "", 0, nil),
		d("Tanhshrink", "", 0, nil),
		d("LogSigmoid", "", 0, nil),
		d("Softmax", "", 0, nil, "dim", nil),
		d("Softmin", "", 0, nil, "dim", nil),
		d("LogSoftmax", "", 0, nil, "dim", nil),
		d("Softmax2d", "", 0, nil),
		d("GLU", "", 0, nil, "dim", int64(-1)),
		d("Upsample", "", 0, nil, "size", nil, "scale_factor", nil, "mode", "nearest", "align_corners", nil, "recompute_scale_factor", nil),
		d("UpsamplingNearest2d", "", 0, nil, "size", nil, "scale_factor", nil),
		d("UpsamplingBilinear2d", "", 0, nil, "size", nil, "scale_factor", nil),
		d("PixelShuffle", "", 0, nil, "upscale_factor", req),
		d("ZeroPad2d", "", 2, nil, "padding", req),
		d("ConstantPad1d", "", 1, nil, "padding", req, "value", req),
		d("ConstantPad2d", "", 2, nil, "padding", req, "value", req),
		d("ConstantPad3d", "", 3, nil, "padding", req, "value", req),
		d("ReflectionPad1d", "", 1, nil, "padding", req),
		d("ReflectionPad2d", "", 2, nil, "padding", req),
		d("ReplicationPad1d", "", 1, nil, "padding", req),
		d("ReplicationPad2d", "", 2, nil, "padding", req),
		d("ReplicationPad3d", "", 3, nil, "padding", req),
		d("LSTM", "", 0, nil, "input_size", req, "hidden_size", req, "num_layers", int64(1), "bias", true, "batch_first", false, "dropout", 0.0, "bidirectional", false, "proj_size", int64(0), "device", nil, "dtype", nil),
		d("GRU", "", 0, nil, "input_size", req, "hidden_size", req, "num_layers", int64(1), "bias", true, "batch_first", false, "dropout", 0.0, "bidirectional", false, "*proj_size", int64(0), "device", nil, "dtype", nil),
		d("RNN", "", 0, nil, "input_size", req, "hidden_size", req, "num_layers", int64(1), "nonlinearity", "tanh", "bias", true, "batch_first", false, "dropout", 0.0, "bidirectional", false, "*proj_size", int64(0), "device", nil, "dtype", nil),
		d("RNNBase", "", 0, nil, "mode", req, "input_size", req, "hidden_size", req, "num_layers", int64(1), "bias", true, "batch_first", false, "dropout", 0.0, "bidirectional", false, "proj_size", int64(0), "device", nil, "dtype", nil),
		d("EmbeddingBag", "", 0, nil, "num_embeddings", req, "embedding_dim", req, "max_norm", nil, "norm_type", 2.0, "scale_grad_by_freq", false, "mode", "mean", "sparse", false, "_weight", nil, "include_last_offset", false, "padding_idx", nil, "device", nil, "dtype", nil),
		d("RNNCell", "", 0, nil, "input_size", req, "hidden_size", req, "bias", true, "nonlinearity", "tanh", "device", nil, "dtype", nil),
		d("LSTMCell", "", 0, nil, "input_size", req, "hidden_size", req, "bias", true, "device", nil, "dtype", nil),
		d("GRUCell", "", 0, nil, "input_size", req, "hidden_size", req, "bias", true, "device", nil, "dtype", nil),
		d("CosineSimilarity", "", 0, nil, "dim", int64(1), "eps", 1e-8),
		d("PairwiseDistance", "", 0, nil, "p", 2.0, "eps", 1e-6, "keepdim", false),
		d("Unfold", "", 2, foldTuples, "kernel_size", req, "dilation", int64(1), "padding", int64(0), "stride", int64(1)),
		d("Fold", "", 2, foldTuples, "output_size", req, "kernel_size", req, "dilation", int64(1), "padding", int64(0), "stride", int64(1)),
		d("LPPool1d", "", 1, nil, "norm_type", req, "kernel_size", req, "stride", nil, "ceil_mode", false),
		d("LPPool2d", "", 2, nil, "norm_type", req, "kernel_size", req, "stride", nil, "ceil_mode", false),
		d("ReflectionPad3d", "", 3, nil, "padding", req),
		d("PixelUnshuffle", "", 0, nil, "downscale_factor", req),
		d("ChannelShuffle", "", 0, nil, "groups", req),
		d("LazyLinear", "", 0, nil, "out_features", req, "bias", true, "device", nil, "dtype", nil),
		d("SyncBatchNorm", "", 0, nil, "num_features", req, "eps", 1e-5, "momentum", 0.1, "affine", true, "track_running_stats", true, "process_group", nil, "device", nil, "dtype", nil),
		d("FractionalMaxPool2d", "", 2, nil, "kernel_size", req, "output_size", nil, "output_ratio", nil, "return_indices", false, "_random_samples", nil),
		d("FractionalMaxPool3d", "", 3, nil, "kernel_size", req, "output_size", nil, "output_ratio", nil, "return_indices", false, "_random_samples", nil),
		d("CrossMapLRN2d", "", 0, nil, "size", req, "alpha", 1e-4, "beta", 0.75, "k", int64(1)),
		d("L1Loss", "", 0, nil, legacyReduction...),
		d("MSELoss", "", 0, nil, legacyReduction...),
		d("NLLLoss", "", 0, nil, "weight", nil, "size_average", nil, "ignore_index", int64(-100), "reduce", nil, "reduction", "mean"),
		d("NLLLoss2d", "", 0, nil, "weight", nil, "size_average", nil, "ignore_index", int64(-100), "reduce", nil, "reduction", "mean"),
		d("CrossEntropyLoss", "", 0, nil, "weight", nil, "size_average", nil, "ignore_index", int64(-100), "reduce", nil, "reduction", "mean", "label_smoothing", 0.0),
		d("BCELoss", "", 0, nil, "weight", nil, "size_average", nil, "reduce", nil, "reduction", "mean"),
		d("BCEWithLogitsLoss", "", 0, nil, "weight", nil, "size_average", nil, "reduce", nil, "reduction", "mean", "pos_weight", nil),
		d("KLDivLoss", "", 0, nil, "size_average", nil, "reduce", nil, "reduction", "mean", "log_target", false),
		d("SmoothL1Loss", "", 0, nil, "size_average", nil, "reduce", nil, "reduction", "mean", "beta", 1.0),
		d("HuberLoss", "", 0, nil, "reduction", "mean", "delta", 1.0),
		d("PoissonNLLLoss", "", 0, nil, "log_input", true, "full", false, "size_average", nil, "eps", 1e-8, "reduce", nil, "reduction", "mean"),
		d("GaussianNLLLoss", "", 0, nil, "*full", false, "*eps", 1e-6, "*reduction", "mean"),
		d("HingeEmbeddingLoss", "", 0, nil, "margin", 1.0, "size_average", nil, "reduce", nil, "reduction", "mean"),
		d("MultiLabelMarginLoss", "", 0, nil, legacyReduction...),
		d("SoftMarginLoss", "", 0, nil, legacyReduction...),
		d("MultiLabelSoftMarginLoss", "", 0, nil, "weight", nil, "size_average", nil, "reduce", nil, "reduction", "mean"),
		d("CosineEmbeddingLoss", "", 0, nil, "margin", 0.0, "size_average", nil, "reduce", nil, "reduction", "mean"),
		d("MarginRankingLoss", "", 0, nil, "margin", 0.0, "size_average", nil, "reduce", nil, "reduction", "mean"),
		d("MultiMarginLoss", "", 0, nil, "p", int64(1), "margin", 1.0, "weight", nil, "size_average", nil, "reduce", nil, "reduction", "mean"),
		d("TripletMarginLoss", "", 0, nil, "margin", 1.0, "p", 2.0, "eps", 1e-6, "swap", false, "size_average", nil, "reduce", nil, "reduction", "mean"),
		d("TripletMarginWithDistanceLoss", "", 0, nil, "*distance_function", nil, "*margin", 1.0, "*swap", false, "*reduction", "mean"),
		d("CTCLoss", "", 0, nil, "blank", int64(0), "reduction", "mean", "zero_infinity", false),
		d("MultiheadAttention", "", 0, nil, "embed_dim", req, "num_heads", req, "dropout", 0.0, "bias", true, "add_bias_kv", false, "add_zero_attn", false, "kdim", nil, "vdim", nil, "batch_first", false, "device", nil, "dtype", nil),
	)
	return defs
}

// toGo converts a Python argument to a config value (a torch.Size as
// its tuple; dicts and other objects become their str()).
func toGo(v eval.Value) any { return eval.ToGo(v, toGoOptions) }

var toGoOptions = eval.ToGoOptions{Other: func(v eval.Value, conv func(eval.Value) any) (any, bool) {
	if s, ok := v.(*Size); ok {
		return conv(s.Tuple), true
	}
	return nil, false
}}

// toPy converts a config value back to Python.
func toPy(v any) eval.Value { return eval.FromGo(v) }

func defaultPy(v any) eval.Value {
	if _, ok := v.(reqT); ok {
		return nil
	}
	return toPy(v)
}

// bindArgs binds constructor arguments to the def's names.
func bindArgs(def layerDef, args eval.Tuple, kwargs []eval.KV) (map[string]eval.Value, error) {
	vals := map[string]eval.Value{}
	var names []string
	npos := 0
	for i := 0; i+1 < len(def.args); i += 2 {
		raw := def.args[i].(string)
		if raw == "*" {
			return vals, nil
		}
		if !strings.HasPrefix(raw, "*") && npos == len(names) {
			npos++
		}
		names = append(names, argName(raw))
	}
	if len(args) > npos {
		return nil, eval.NewError(eval.TypeError, "%s.__init__() takes %d positional arguments but %d were given", def.name, npos+1, len(args)+1)
	}
	for i, a := range args {
		vals[names[i]] = a
	}
	for _, kv := range kwargs {
		found := false
		for _, n := range names {
			if n == kv.Name {
				found = true
			}
		}
		if !found {
			return nil, eval.NewError(eval.TypeError, "%s.__init__() got an unexpected keyword argument '%s'%s", def.name, kv.Name, suggest(kv.Name, names))
		}
		if _, dup := vals[kv.Name]; dup {
			return nil, eval.NewError(eval.TypeError, "%s.__init__() got multiple values for argument '%s'", def.name, kv.Name)
		}
		vals[kv.Name] = kv.Value
	}
	for i := 0; i+1 < len(def.args); i += 2 {
		n := argName(def.args[i])
		if _, ok := vals[n]; ok {
			continue
		}
		if _, isReq := def.args[i+1].(reqT); isReq {
			return nil, eval.NewError(eval.TypeError, "%s.__init__() missing 1 required positional argument: '%s'", def.name, n)
		}
		vals[n] = defaultPy(def.args[i+1])
	}
	return vals, nil
}

// argName is a constructor argument's name ("*name" marks a keyword-only
// argument; a lone "*" takes anything).
func argName(v any) string {
	s := v.(string)
	if len(s) > 1 && s[0] == '*' {
		return s[1:]
	}
	return s
}

func suggest(name string, names []string) string {
	if s := eval.Suggest(name, names); s != "" {
		return " (did you mean '" + s + "'?)"
	}
	return ""
}

func tupleN(v any, n int) ([]int64, bool) {
	switch x := v.(type) {
	case []int64:
		if len(x) == 1 && n > 1 {
			return tupleN(x[0], n)
		}
		return append([]int64(nil), x...), true
	case int64:
		out := make([]int64, n)
		for i := range out {
			out[i] = x
		}
		return out, true
	case []any:
		out := make([]int64, len(x))
		for i, e := range x {
			k, ok := e.(int64)
			if !ok {
				return nil, false
			}
			out[i] = k
		}
		if len(out) == 1 && n > 1 {
			return tupleN(out[0], n)
		}
		return out, true
	}
	return nil, false
}

// initLayer is the Go __init__ of a catalogued class.
func initLayer(th *eval.Thread, def layerDef, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) error {
	vals, err := bindArgs(def, args, kwargs)
	if err != nil {
		return err
	}
	cfg := map[string]any{}
	loss := strings.HasSuffix(def.name, "Loss") || def.name == "NLLLoss2d"
	var lossBufs []string
	for i := 0; i+1 < len(def.args); i += 2 {
		n := argName(def.args[i])
		if n == "*" {
			continue
		}
		if loss && (n == "weight" || n == "pos_weight") {
			switch vals[n].(type) {
			case *Tensor:
				lossBufs = append(lossBufs, n)
			case eval.NoneType:
			default:
				return eval.NewError(eval.TypeError, "cannot assign '%s' object to buffer '%s' (torch Tensor or None required)", vals[n].Type(), n)
			}
			cfg[n] = nil
			continue
		}
		if n == "distance_function" {
			continue
		}
		cfg[n] = toGo(vals[n])
	}
	if loss {
		// torch's legacy_get_string: reduce=False → 'none', size_average=False → 'sum'.
		if cfg["size_average"] != nil || cfg["reduce"] != nil {
			sa, red := cfg["size_average"] != false, cfg["reduce"] != false
			switch {
			case !red:
				cfg["reduction"] = "none"
			case sa:
				cfg["reduction"] = "mean"
			default:
				cfg["reduction"] = "sum"
			}
		}
		r, _ := cfg["reduction"].(string)
		if r != "none" && r != "mean" && r != "sum" && !(def.name == "KLDivLoss" && r == "batchmean") {
			return eval.NewError(eval.ValueError, "%s is not a valid value for reduction", r)
		}
	}
	for _, t := range def.tuples {
		if v, ok := cfg[t]; ok {
			if s, isStr := v.(string); isStr {
				if s != "same" && s != "valid" {
					return eval.NewError(eval.ValueError, "Invalid padding string '%s', should be one of {'same', 'valid'}", s)
				}
				if s == "same" && !allOne(cfg["stride"], def.dims) {
					return eval.NewError(eval.ValueError, "padding='same' is not supported for strided convolutions")
				}
				continue
			}
			if tu, ok := tupleN(v, def.dims); ok {
				if def.dims > 0 && len(tu) != def.dims && !(def.name == "Fold" && t == "output_size") {
					return eval.NewError(eval.RuntimeError, "expected %s to be a single integer value or a list of %d values to match the convolution dimensions, but got %s=%s", t, def.dims, t, shapeList(tu))
				}
				cfg[t] = tu
			} else if v != nil {
				return eval.NewError(eval.TypeError, "%s.__init__(): %s must be an int or a tuple of ints, got %s", def.name, t, toPy(v).Type())
			}
		}
	}
	if def.name == "LayerNorm" {
		if n, ok := cfg["normalized_shape"].(int64); ok {
			cfg["normalized_shape"] = []int64{n}
		} else if tu, ok := tupleN(cfg["normalized_shape"], -1); ok {
			cfg["normalized_shape"] = tu
		}
	}
	if def.name == "GroupNorm" || def.name == "LocalResponseNorm" {
	}
	st.builtin = def.name
	st.cfg = cfg
	cfg["data_format"] = "channels_first"
	for k, v := range cfg {
		if k == "data_format" || k == "device" || k == "dtype" {
			continue
		}
		inst.SetAttrDirect(k, toPy(v))
	}
	if pm, ok := cfg["padding_mode"]; ok && pm != "zeros" && pm != "reflect" && pm != "replicate" && pm != "circular" {
		return eval.NewError(eval.ValueError, "padding_mode must be one of {'circular', 'reflect', 'zeros', 'replicate'}, but got padding_mode='%v'", pm)
	}
	if pm := cfg["padding_mode"]; pm != nil && pm != "zeros" && strings.HasPrefix(def.name, "ConvTranspose") {
		return eval.NewError(eval.ValueError, "Only \"zeros\" padding mode is supported for %s", def.name)
	}
	if p, ok := cfg["p"].(float64); ok && strings.Contains(def.name, "Dropout") && (p < 0 || p > 1) {
		return eval.NewError(eval.ValueError, "dropout probability has to be between 0 and 1, but got %v", pyFloat(p))
	}
	if err := checkRNNArgs(def.name, cfg); err != nil {
		return err
	}
	if def.name == "LayerNorm" || def.name == "Embedding" || def.name == "EmbeddingBag" || def.name == "GroupNorm" {
		if err := checkPositive(def.name, cfg); err != nil {
			return err
		}
	}
	st.forward = layerForward
	for _, n := range lossBufs {
		t := vals[n].(*Tensor)
		st.setBuffer(n, t)
		inst.SetAttrDirect(n, t)
	}
	if loss {
		for _, n := range lossTensors {
			if _, ok := vals[n]; ok && vals[n] == eval.None {
				st.setBuffer(n, nil)
				inst.SetAttrDirect(n, eval.None)
			}
		}
	}
	if def.name == "TripletMarginWithDistanceLoss" {
		inst.SetAttrDirect("distance_function", vals["distance_function"])
	}
	if strings.HasPrefix(def.name, "FractionalMaxPool") && cfg["output_size"] == nil && cfg["output_ratio"] == nil {
		return eval.NewError(eval.ValueError, "%s requires specifying either an output size, or a pooling ratio", def.name)
	}
	if _, lazy := lazyOf[def.name]; lazy {
		// Parameters come with the first call (materialize).
		return nil
	}
	return materialize(th, def.name, inst, st)
}

// checkRNNArgs is RNNBase.__init__'s validation (torch 1.13 messages).
func checkRNNArgs(name string, cfg map[string]any) error {
	switch name {
	case "RNN", "LSTM", "GRU", "RNNBase":
	default:
		return nil
	}
	mode := name
	if name == "RNNBase" {
		mode, _ = cfg["mode"].(string)
		switch mode {
		case "LSTM", "GRU", "RNN_TANH", "RNN_RELU":
		default:
			return eval.NewError(eval.ValueError, "Unrecognized RNN mode: %v", cfg["mode"])
		}
	}
	if name == "RNN" {
		if nl := cfg["nonlinearity"]; nl != "tanh" && nl != "relu" {
			return eval.NewError(eval.ValueError, "Unknown nonlinearity '%v'", nl)
		}
	}
	drop, ok := cfg["dropout"].(float64)
	if i, isInt := cfg["dropout"].(int64); isInt {
		drop, ok = float64(i), true
	}
	if !ok || drop < 0 || drop > 1 {
		return eval.NewError(eval.ValueError, "dropout should be a number in range [0, 1] representing the probability of an element being zeroed")
	}
	proj, _ := cfg["proj_size"].(int64)
	h, _ := cfg["hidden_size"].(int64)
	if proj < 0 {
		return eval.NewError(eval.ValueError, "proj_size should be a positive integer or zero to disable projections")
	}
	if proj >= h {
		return eval.NewError(eval.ValueError, "proj_size has to be smaller than hidden_size")
	}
	if proj != 0 && mode != "LSTM" {
		return eval.NewError(eval.ValueError, "proj_size argument is only supported for LSTM, not RNN or GRU")
	}
	if n, _ := cfg["num_layers"].(int64); n <= 0 {
		return eval.NewError(eval.IndexError, "list index out of range")
	}
	return nil
}

func checkPositive(name string, cfg map[string]any) error {
	if pi, ok := cfg["padding_idx"].(int64); ok {
		n, _ := cfg["num_embeddings"].(int64)
		if pi >= n || pi < -n {
			return eval.NewError(eval.AssertionError, "Padding_idx must be within num_embeddings")
		}
	}
	return nil
}

// materialize registers a catalogued module's parameters and buffers
// from its config, in torch's order.
func materialize(th *eval.Thread, name string, inst *eval.Instance, st *modState) error {
	cfg := st.cfg
	spec := ctorch.Lookup(name)
	if spec != nil && spec.Params != nil {
		ps, err := spec.Params(cfg)
		if err != nil {
			if name == "MultiheadAttention" {
				return eval.NewError(eval.AssertionError, "%s", err.Error())
			}
			return eval.NewError(eval.ValueError, "%s", err.Error())
		}
		for _, p := range ps {
			if anyNeg(p.Shape) {
				var neg int64
				for _, d := range p.Shape {
					if d < 0 {
						neg = d
						break
					}
				}
				return eval.NewError(eval.RuntimeError, "Trying to create tensor with negative dimension %d: %s", neg, shapeList(p.Shape))
			}
			t := newTensor(p.Shape, p.DType)
			t.factors = p.Factors
			if p.Buffer {
				st.setBuffer(p.Name, t)
			} else {
				t.param, t.requiresGrad = true, true
				st.setParam(p.Name, t)
			}
			inst.SetAttrDirect(p.Name, t)
		}
	}
	// Registered-as-None parameters torch keeps (bias=False, affine=False).
	none := func(names ...string) {
		for _, n := range names {
			if _, ok := st.paramMap[n]; !ok {
				st.setParam(n, nil)
				inst.SetAttrDirect(n, eval.None)
			}
		}
	}
	switch {
	case strings.HasPrefix(name, "Conv") || name == "Linear" || name == "Bilinear":
		none("bias")
	case strings.HasSuffix(name, "Cell") || name == "RNN" || name == "LSTM" || name == "GRU":
	case strings.Contains(name, "Norm") && name != "LocalResponseNorm":
		none("weight", "bias")
	case name == "MultiheadAttention":
		if _, ok := st.paramMap["in_proj_weight"]; ok {
			none("q_proj_weight", "k_proj_weight", "v_proj_weight")
		} else {
			none("in_proj_weight")
		}
		none("in_proj_bias")
		inst.SetAttrDirect("_qkv_same_embed_dim", eval.Bool(st.paramMap["in_proj_weight"] != nil))
	}
	if name == "MultiheadAttention" {
		e := cfg["embed_dim"].(int64)
		h, _ := cfg["num_heads"].(int64)
		inst.SetAttrDirect("head_dim", eval.Int(e/h))
		for _, k := range []string{"kdim", "vdim"} {
			if cfg[k] == nil {
				inst.SetAttrDirect(k, eval.Int(e))
			}
		}
		lin, err := th.Call(nnClasses["NonDynamicallyQuantizableLinear"], eval.Tuple{eval.Int(e), eval.Int(e)}, []eval.KV{{Name: "bias", Value: toPy(cfg["bias"])}})
		if err != nil {
			return err
		}
		st.setChild("out_proj", lin)
		inst.SetAttrDirect("out_proj", lin)
		if cfg["add_bias_kv"] != true {
			inst.SetAttrDirect("bias_k", eval.None)
			inst.SetAttrDirect("bias_v", eval.None)
		}
	}
	return nil
}

// materializeLazy is a Lazy module's first call: the inferred argument
// from the input, the parameters, and the class it becomes.
func materializeLazy(th *eval.Thread, inst *eval.Instance, st *modState, x *Tensor) error {
	lz, ok := lazyOf[st.builtin]
	if !ok {
		return nil
	}
	target, key := lz[0], lz[1]
	n := len(x.shape)
	dims := int(classDigit(target))
	var v int64
	switch {
	case target == "Linear":
		if n == 0 {
			return eval.NewError(eval.RuntimeError, "LazyLinear: input must have at least 1 dim")
		}
		v = x.shape[n-1]
	case strings.HasPrefix(target, "BatchNorm"):
		if n < 2 {
			return eval.NewError(eval.ValueError, "expected 2D or 3D input (got %dD input)", n)
		}
		v = x.shape[1]
	default:
		if n != dims+1 && n != dims+2 {
			return eval.NewError(eval.RuntimeError, "%s: expected %dD (unbatched) or %dD (batched) input, but got input of size: %v", st.builtin, dims+1, dims+2, x.shape)
		}
		v = x.shape[n-dims-1]
	}
	st.cfg[key] = v
	inst.SetAttrDirect(key, eval.Int(v))
	st.builtin = target
	if c := nnClasses[target]; c != nil {
		inst.Class = c
	}
	return materialize(th, target, inst, st)
}

// pyFloat prints a float as Python's repr does (1.5, -0.1, 2.0).
func pyFloat(f float64) string {
	s := fmt.Sprint(f)
	if !strings.ContainsAny(s, ".eIN") {
		s += ".0"
	}
	return s
}

func anyNeg(s []int64) bool {
	for _, d := range s {
		if d < 0 {
			return true
		}
	}
	return false
}

func classDigit(name string) int64 {
	if len(name) >= 2 && name[len(name)-1] == 'd' {
		if c := name[len(name)-2]; c >= '1' && c <= '3' {
			return int64(c - '0')
		}
	}
	return 0
}

func allOne(v any, n int) bool {
	t, ok := tupleN(v, n)
	if !ok {
		return v == nil
	}
	for _, x := range t {
		if x != 1 {
			return false
		}
	}
	return true
}

func firstTensor(name string, args eval.Tuple) (*Tensor, error) {
	if len(args) == 0 {
		return nil, eval.NewError(eval.TypeError, "%s.forward() missing 1 required positional argument: 'input'", name)
	}
	t, ok := args[0].(*Tensor)
	if !ok {
		return nil, eval.NewError(eval.TypeError, "%s.forward(): expected a Tensor, got %s", name, args[0].Type())
	}
	return t, nil
}

// layerForward computes a catalogued layer's output.
func layerForward(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	name := st.builtin
	if name == "MultiheadAttention" {
		return mhaForward(th, st, args, kwargs)
	}
	if len(args) > 0 && (name == "LSTM" || name == "GRU" || name == "RNN") {
		if p, ok := packedOf(args[0]); ok {
			return rnnPackedForward(st, p, args, kwargs)
		}
	}
	x, err := firstTensor(name, args)
	if err != nil {
		return nil, err
	}
	if _, lazy := lazyOf[name]; lazy {
		if err := materializeLazy(th, inst, st, x); err != nil {
			return nil, err
		}
		name = st.builtin
	}
	cfg := ctorch.Config(st.cfg)
	switch {
	case name == "RNNBase":
		return nil, eval.NewError(eval.NotImplementedError, "Module [RNNBase] is missing the required \"forward\" function")
	case name == "RNNCell" && cfg["nonlinearity"] != "tanh" && cfg["nonlinearity"] != "relu":
		return nil, eval.NewError(eval.RuntimeError, "Unknown nonlinearity: %v", cfg["nonlinearity"])
	case name == "LSTM" || name == "GRU" || name == "RNN":
		return rnnForward(st, x, args, kwargs)
	case strings.HasSuffix(name, "Cell"):
		out, err := shapeOut(name, cfg, x)
		if err != nil {
			return nil, err
		}
		if err := checkCellState(name, out.(*Tensor).shape, args, kwargs); err != nil {
			return nil, err
		}
		if name == "LSTMCell" {
			return eval.Tuple{out, newTensor(out.(*Tensor).shape, x.dtype)}, nil
		}
		return out, nil
	case strings.HasPrefix(name, "Upsampl"):
		if err := upsampleCheck(name, st.cfg, x); err != nil {
			return nil, err
		}
		return interpolate(x, st.cfg["size"], st.cfg["scale_factor"])
	case name == "Unflatten":
		dim, _ := st.cfg["dim"].(int64)
		sz, _ := tupleN(st.cfg["unflattened_size"], -1)
		dd, err := normDim(dim, int64(len(x.shape)))
		if err != nil {
			return nil, err
		}
		out := append(append(append([]int64(nil), x.shape[:dd]...), sz...), x.shape[dd+1:]...)
		rs, err := reshape(x.shape, out)
		if err != nil {
			return nil, eval.NewError(eval.RuntimeError, "unflatten: Provided sizes %s don't multiply up to the size of dim %d (%d) in the input tensor", shapeList(sz), dd, x.shape[dd])
		}
		return newTensor(rs, x.dtype), nil
	case (strings.HasPrefix(name, "MaxPool") || strings.HasPrefix(name, "AdaptiveMaxPool")) && st.cfg["return_indices"] == true:
		out, err := shapeOut(name, cfg, x)
		if err != nil {
			return nil, err
		}
		return eval.Tuple{out, newTensor(out.(*Tensor).shape, "int64")}, nil
	case strings.HasPrefix(name, "MaxUnpool"):
		var in, idx, size eval.Value = eval.None, eval.None, eval.None
		if err := eval.UnpackArgs(name+".forward", args, kwargs, "input", &in, "indices", &idx, "output_size?", &size); err != nil {
			return nil, err
		}
		if it, ok := idx.(*Tensor); !ok || !sameShape(it.shape, x.shape) {
			return nil, eval.NewError(eval.RuntimeError, "Expected shape of indices to be same as that of the input tensor")
		}
		c := ctorch.Config{}
		for k, v := range st.cfg {
			c[k] = v
		}
		if size != eval.None {
			s, err := intsOf(eval.Tuple{size})
			if err != nil {
				return nil, err
			}
			c["output_size"] = s
		}
		return shapeOut(name, c, x)
	case strings.HasPrefix(name, "ConvTranspose"):
		return convTransposeForward(name, cfg, x, args, kwargs)
	case strings.HasPrefix(name, "FractionalMaxPool"):
		out, err := shapeOut(name, cfg, x)
		if err != nil || st.cfg["return_indices"] != true {
			return out, err
		}
		return eval.Tuple{out, newTensor(out.(*Tensor).shape, "int64")}, nil
	case strings.HasSuffix(name, "Loss") || name == "NLLLoss2d":
		return lossForward(name, cfg, x, args, kwargs)
	case name == "Bilinear":
		y, err := secondTensor(name, args, kwargs, "input2")
		if err != nil {
			return nil, err
		}
		i1, i2 := cfg["in1_features"].(int64), cfg["in2_features"].(int64)
		if len(x.shape) == 0 || len(y.shape) == 0 {
			return nil, eval.NewError(eval.RuntimeError, "bilinear(): input must have at least 1 dimension")
		}
		if got := x.shape[len(x.shape)-1]; got != i1 {
			return nil, eval.NewError(eval.RuntimeError, "bilinear(): input1 size does not match weight size: got %d but expected %d", got, i1)
		}
		if got := y.shape[len(y.shape)-1]; got != i2 {
			return nil, eval.NewError(eval.RuntimeError, "bilinear(): input2 size does not match weight size: got %d but expected %d", got, i2)
		}
		return shapeOut(name, cfg, x)
	case name == "CosineSimilarity" || name == "PairwiseDistance":
		y, err := secondTensor(name, args, kwargs, "x2")
		if err != nil {
			return nil, err
		}
		b, err := broadcast(x.shape, y.shape)
		if err != nil {
			return nil, err
		}
		return shapeOut(name, cfg, newTensor(b, x.dtype))
	case name == "EmbeddingBag":
		var in, offsets, psw eval.Value = eval.None, eval.None, eval.None
		if err := eval.UnpackArgs(name+".forward", args, kwargs, "input", &in, "offsets?", &offsets, "per_sample_weights?", &psw); err != nil {
			return nil, err
		}
		c := ctorch.Config{}
		for k, v := range st.cfg {
			c[k] = v
		}
		if m, _ := c["mode"].(string); m != "sum" && m != "mean" && m != "max" {
			return nil, eval.NewError(eval.ValueError, "mode has to be one of sum, mean or max")
		}
		if o, ok := offsets.(*Tensor); ok {
			if len(x.shape) == 2 {
				return nil, eval.NewError(eval.ValueError, "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type Tensor")
			}
			if len(o.shape) != 1 {
				return nil, eval.NewError(eval.ValueError, "offsets has to be a 1D Tensor but got %dD", len(o.shape))
			}
			c["num_offsets"] = o.shape[0]
		}
		if w, ok := psw.(*Tensor); ok {
			if !sameShape(w.shape, x.shape) {
				return nil, eval.NewError(eval.ValueError, "embedding_bag: If per_sample_weights (%v) is not None, then it must have the same shape as the input (%v)", w.shape, x.shape)
			}
			if c["mode"] != "sum" {
				return nil, eval.NewError(eval.NotImplementedError, "embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='%v'). Please open a feature request on the Pytorch GitHub.", c["mode"])
			}
		}
		out, err := shapeOut(name, c, x)
		if err != nil {
			return nil, err
		}
		out.(*Tensor).dtype = "float32"
		return out, nil
	}
	return shapeOut(name, cfg, x)
}

// convTransposeForward is ConvTransposeNd.forward(input, output_size=None):
// an output_size picks the output padding (torch's _output_padding).
func convTransposeForward(name string, cfg ctorch.Config, x *Tensor, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	dims := int(classDigit(name))
	var size eval.Value = eval.None
	var in eval.Value
	if err := eval.UnpackArgs(name+".forward", args, kwargs, "input", &in, "output_size?", &size); err != nil {
		return nil, err
	}
	c := ctorch.Config{}
	for k, v := range cfg {
		c[k] = v
	}
	k, _ := tupleN(cfg["kernel_size"], dims)
	st, _ := tupleN(cfg["stride"], dims)
	p, _ := tupleN(cfg["padding"], dims)
	d, _ := tupleN(cfg["dilation"], dims)
	op, _ := tupleN(cfg["output_padding"], dims)
	if len(k) != dims || len(st) != dims || len(p) != dims || len(d) != dims || len(op) != dims {
		return nil, eval.NewError(eval.ValueError, "%s: kernel_size, stride, padding, dilation and output_padding need %d values each", name, dims)
	}
	if len(x.shape) != dims+1 && len(x.shape) != dims+2 {
		return nil, eval.NewError(eval.RuntimeError, "%s: expected %dD (unbatched) or %dD (batched) input, but got input of size: %v", name, dims+1, dims+2, x.shape)
	}
	sp := x.shape[len(x.shape)-dims:]
	if size != eval.None {
		os, err := intsOf(eval.Tuple{size})
		if err != nil {
			return nil, err
		}
		if len(os) == len(x.shape) {
			os = os[len(os)-dims:]
		}
		if len(os) != dims {
			return nil, eval.NewError(eval.ValueError, "ConvTranspose%dD: for %dD input, output_size must have %d or %d elements (got %d)", dims, len(x.shape), dims, len(x.shape), len(os))
		}
		op = make([]int64, dims)
		for i := 0; i < dims; i++ {
			lo := (sp[i]-1)*st[i] - 2*p[i] + d[i]*(k[i]-1) + 1
			hi := lo + st[i] - 1
			if os[i] < lo || os[i] > hi {
				return nil, eval.NewError(eval.ValueError, "requested an output size of %s, but valid sizes range from %s to %s (for an input of %s)", shapeList(os), shapeList(minSizes(sp, st, p, d, k, 0)), shapeList(minSizes(sp, st, p, d, k, 1)), shapeList(sp))
			}
			op[i] = os[i] - lo
		}
		c["output_padding"] = op
	}
	for i := 0; i < dims; i++ {
		if op[i] >= st[i] && op[i] >= d[i] {
			return nil, eval.NewError(eval.RuntimeError, "output padding must be smaller than either stride or dilation, but got output_padding %s, stride %s, dilation %s", shapeList(op), shapeList(st), shapeList(d))
		}
	}
	return shapeOut(name, c, x)
}

func minSizes(sp, st, p, d, k []int64, maxSize int) []int64 {
	out := make([]int64, len(sp))
	for i := range sp {
		out[i] = (sp[i]-1)*st[i] - 2*p[i] + d[i]*(k[i]-1) + 1
		if maxSize == 1 {
			out[i] += st[i] - 1
		}
	}
	return out
}

// lossForward checks a loss's inputs (how many, broadcastable) and gives
// its output: a scalar, or per element/sample with reduction='none'.
func lossForward(name string, cfg ctorch.Config, x *Tensor, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	want := 2
	switch name {
	case "CosineEmbeddingLoss", "MarginRankingLoss", "TripletMarginLoss", "TripletMarginWithDistanceLoss", "GaussianNLLLoss":
		want = 3
	case "CTCLoss":
		want = 4
	}
	if len(args)+len(kwargs) < want {
		return nil, eval.NewError(eval.TypeError, "%s.forward() takes %d inputs, got %d", name, want, len(args)+len(kwargs))
	}
	if len(args) > 1 {
		if y, ok := args[1].(*Tensor); ok {
			switch name {
			case "L1Loss", "MSELoss", "SmoothL1Loss", "HuberLoss", "BCELoss", "BCEWithLogitsLoss", "KLDivLoss", "SoftMarginLoss", "PoissonNLLLoss":
				if _, err := broadcast(x.shape, y.shape); err != nil {
					return nil, err
				}
				if (name == "BCELoss" || name == "BCEWithLogitsLoss") && !sameShape(x.shape, y.shape) {
					return nil, eval.NewError(eval.ValueError, "Target size (%s) must be the same as input size (%s)", sizeString(y.shape), sizeString(x.shape))
				}
			}
		}
	}
	return shapeOut(name, cfg, x)
}

// catalogError raises a catalog error as the exception torch raises.
func catalogError(err error) error {
	cls := eval.RuntimeError
	var ke *ctorch.Error
	if errors.As(err, &ke) {
		switch ke.Kind {
		case "ValueError":
			cls = eval.ValueError
		case "IndexError":
			cls = eval.IndexError
		case "AssertionError":
			cls = eval.AssertionError
		case "TypeError":
			cls = eval.TypeError
		}
	}
	return eval.NewError(cls, "%s", err.Error())
}

// sameShape reports whether two shapes are equal.
func sameShape(a, b []int64) bool { return slices.Equal(a, b) }

func secondTensor(name string, args eval.Tuple, kwargs []eval.KV, key string) (*Tensor, error) {
	var v eval.Value
	if len(args) > 1 {
		v = args[1]
	} else if kv, ok := kw(kwargs, key); ok {
		v = kv
	}
	t, ok := v.(*Tensor)
	if !ok {
		return nil, eval.NewError(eval.TypeError, "%s.forward() missing 1 required positional argument: '%s'", name, key)
	}
	return t, nil
}

func shapeOut(name string, cfg ctorch.Config, x *Tensor) (eval.Value, error) {
	spec := ctorch.Lookup(name)
	if spec == nil || spec.Output == nil {
		return newTensor(x.shape, x.dtype), nil
	}
	out, err := spec.Output(cfg, x.shape)
	if err != nil {
		return nil, catalogError(err)
	}
	dt := x.dtype
	if name == "Embedding" {
		dt = "float32"
	}
	return newTensor(out, dt), nil
}

func rnnForward(st *modState, x *Tensor, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	out, err := shapeOut(st.builtin, ctorch.Config(st.cfg), x)
	if err != nil {
		return nil, err
	}
	h := st.cfg["hidden_size"].(int64)
	hOut := h
	if p, _ := st.cfg["proj_size"].(int64); p > 0 {
		hOut = p
	}
	layers := st.cfg["num_layers"].(int64)
	if st.cfg["bidirectional"] == true {
		layers *= 2
	}
	var hs, cs []int64
	switch len(x.shape) {
	case 3:
		n := x.shape[1]
		if st.cfg["batch_first"] == true {
			n = x.shape[0]
		}
		hs, cs = []int64{layers, n, hOut}, []int64{layers, n, h}
	default:
		hs, cs = []int64{layers, hOut}, []int64{layers, h}
	}
	var hx eval.Value = eval.None
	if len(args) > 1 {
		hx = args[1]
	} else if v, ok := kw(kwargs, "hx"); ok {
		hx = v
	}
	if hx != eval.None {
		check := func(v eval.Value, want []int64, what string) error {
			t, ok := v.(*Tensor)
			if !ok {
				return eval.NewError(eval.TypeError, "%s.forward(): hx must be a Tensor%s, got %s", st.builtin, map[bool]string{true: " tuple", false: ""}[st.builtin == "LSTM"], v.Type())
			}
			if !sameShape(t.shape, want) {
				return eval.NewError(eval.RuntimeError, "Expected %s size %s, got %s", what, shapeTuple(want), shapeList(t.shape))
			}
			return nil
		}
		if st.builtin == "LSTM" {
			pair, ok := hx.(eval.Tuple)
			if !ok || len(pair) != 2 {
				return nil, eval.NewError(eval.RuntimeError, "LSTM: hx must be a tuple (h_0, c_0)")
			}
			if err := check(pair[0], hs, "hidden[0]"); err != nil {
				return nil, err
			}
			if err := check(pair[1], cs, "hidden[1]"); err != nil {
				return nil, err
			}
		} else if err := check(hx, hs, "hidden"); err != nil {
			return nil, err
		}
	}
	hn := newTensor(hs, x.dtype)
	if st.builtin == "LSTM" {
		return eval.Tuple{out, eval.Tuple{hn, newTensor(cs, x.dtype)}}, nil
	}
	return eval.Tuple{out, hn}, nil
}

// checkCellState checks a cell's hx (h, or (h, c) for LSTMCell) against
// the output shape (torch 1.13 messages; both LSTMCell states are called
// hidden0 there).
func checkCellState(name string, want []int64, args eval.Tuple, kwargs []eval.KV) error {
	var hx eval.Value = eval.None
	if len(args) > 1 {
		hx = args[1]
	} else if v, ok := kw(kwargs, "hx"); ok {
		hx = v
	}
	if hx == eval.None {
		return nil
	}
	states := []eval.Value{hx}
	if name == "LSTMCell" {
		pair, ok := hx.(eval.Tuple)
		if !ok || len(pair) != 2 {
			return eval.NewError(eval.TypeError, "LSTMCell: hx must be a tuple (h_0, c_0)")
		}
		states = pair
	}
	for _, v := range states {
		t, ok := v.(*Tensor)
		if !ok {
			return eval.NewError(eval.TypeError, "%s: hx must be a Tensor, got %s", name, v.Type())
		}
		if len(t.shape) != len(want) {
			return eval.NewError(eval.RuntimeError, "%s: Expected hidden to be %d-D, got %d-D", name, len(want), len(t.shape))
		}
		n := len(want)
		if t.shape[n-1] != want[n-1] {
			return eval.NewError(eval.RuntimeError, "hidden0 has inconsistent hidden_size: got %d, expected %d", t.shape[n-1], want[n-1])
		}
		if n == 2 && t.shape[0] != want[0] {
			return eval.NewError(eval.RuntimeError, "Input batch size %d doesn't match hidden0 batch size %d", want[0], t.shape[0])
		}
	}
	return nil
}

// rnnPackedForward is a recurrent layer on a PackedSequence: the output
// is packed the same way, the states are (layers·dirs, N, H).
func rnnPackedForward(st *modState, p *packed, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	in := st.cfg["input_size"].(int64)
	d := p.data
	if len(d.shape) != 2 {
		return nil, eval.NewError(eval.RuntimeError, "packed input must have 2 dimensions, got %d", len(d.shape))
	}
	if d.shape[1] != in {
		return nil, eval.NewError(eval.RuntimeError, "input.size(-1) must be equal to input_size. Expected %d, got %d", in, d.shape[1])
	}
	h := st.cfg["hidden_size"].(int64)
	hOut := h
	if pr, _ := st.cfg["proj_size"].(int64); pr > 0 {
		hOut = pr
	}
	layers := st.cfg["num_layers"].(int64)
	dirs := int64(1)
	if st.cfg["bidirectional"] == true {
		dirs = 2
	}
	out := *p
	out.data = newTensor([]int64{d.shape[0], dirs * hOut}, d.dtype)
	hn := newTensor([]int64{layers * dirs, p.n, hOut}, d.dtype)
	var state eval.Value = hn
	if st.builtin == "LSTM" {
		state = eval.Tuple{hn, newTensor([]int64{layers * dirs, p.n, h}, d.dtype)}
	}
	return eval.Tuple{newPacked(&out), state}, nil
}

func shapeTuple(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func shapeList(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// mhaForward is MultiheadAttention.forward: the output has the query's
// shape; the weights are (N, L, S) averaged or (N, heads, L, S) per head
// (no N unbatched), S counting the bias_k/bias_v and zero-attention
// columns.
func mhaForward(th *eval.Thread, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var q, k, v, kpm, attnMask eval.Value = eval.None, eval.None, eval.None, eval.None, eval.None
	needWeights, avg, causal := true, true, false
	if err := eval.UnpackArgs("MultiheadAttention.forward", args, kwargs, "query", &q, "key", &k, "value", &v,
		"key_padding_mask?", &kpm, "need_weights?", &needWeights, "attn_mask?", &attnMask, "average_attn_weights?", &avg, "is_causal?", &causal); err != nil {
		return nil, err
	}
	qt, ok1 := q.(*Tensor)
	kt, ok2 := k.(*Tensor)
	vt, ok3 := v.(*Tensor)
	if !ok1 || !ok2 || !ok3 {
		return nil, eval.NewError(eval.TypeError, "MultiheadAttention.forward(): query, key and value must be Tensors")
	}
	e := st.cfg["embed_dim"].(int64)
	heads := st.cfg["num_heads"].(int64)
	kd, vd := e, e
	if x, ok := st.cfg["kdim"].(int64); ok {
		kd = x
	}
	if x, ok := st.cfg["vdim"].(int64); ok {
		vd = x
	}
	nq := len(qt.shape)
	if nq != 2 && nq != 3 {
		return nil, eval.NewError(eval.AssertionError, "query should be unbatched 2D or batched 3D tensor but received %dD query tensor", nq)
	}
	if len(kt.shape) != nq || len(vt.shape) != nq {
		return nil, eval.NewError(eval.AssertionError, "For %s query, expected key and value to be %dD but found %dD and %dD tensors respectively", map[bool]string{true: "batched (3-D)", false: "unbatched (2-D)"}[nq == 3], nq, len(kt.shape), len(vt.shape))
	}
	if last := qt.shape[nq-1]; last != e {
		return nil, eval.NewError(eval.AssertionError, "was expecting embedding dimension of %d, but got %d", e, last)
	}
	if last := kt.shape[nq-1]; last != kd {
		return nil, eval.NewError(eval.RuntimeError, "mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)", numel(kt.shape[:nq-1]), last, kd, e)
	}
	if last := vt.shape[nq-1]; last != vd {
		return nil, eval.NewError(eval.RuntimeError, "mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)", numel(vt.shape[:nq-1]), last, vd, e)
	}
	if kd == e && vd == e {
		if !sameShape(kt.shape, vt.shape) {
			return nil, eval.NewError(eval.AssertionError, "key shape %s does not match value shape %s", sizeString(kt.shape), sizeString(vt.shape))
		}
	} else if !sameShape(kt.shape[:nq-1], vt.shape[:nq-1]) {
		return nil, eval.NewError(eval.AssertionError, "key's sequence and batch dims %s do not match value's %s", sizeString(kt.shape[:nq-1]), sizeString(vt.shape[:nq-1]))
	}
	l, s := qt.shape[0], kt.shape[0]
	var n int64 = -1
	if nq == 3 {
		n = qt.shape[1]
		if st.cfg["batch_first"] == true {
			n, l, s = qt.shape[0], qt.shape[1], kt.shape[1]
			if kt.shape[0] != n {
				return nil, eval.NewError(eval.AssertionError, "key batch size %d does not match query batch size %d", kt.shape[0], n)
			}
		} else if kt.shape[1] != n {
			return nil, eval.NewError(eval.AssertionError, "key batch size %d does not match query batch size %d", kt.shape[1], n)
		}
	}
	if m, ok := attnMask.(*Tensor); ok {
		switch len(m.shape) {
		case 2:
			if !sameShape(m.shape, []int64{l, s}) {
				return nil, eval.NewError(eval.RuntimeError, "The shape of the 2D attn_mask is %s, but should be %s.", sizeString(m.shape), shapeTuple([]int64{l, s}))
			}
		case 3:
			b := heads
			if n >= 0 {
				b *= n
			}
			if !sameShape(m.shape, []int64{b, l, s}) {
				return nil, eval.NewError(eval.RuntimeError, "The shape of the 3D attn_mask is %s, but should be %s.", sizeString(m.shape), shapeTuple([]int64{b, l, s}))
			}
		default:
			return nil, eval.NewError(eval.RuntimeError, "attn_mask's dimension %d is not supported", len(m.shape))
		}
	}
	if m, ok := kpm.(*Tensor); ok {
		want := []int64{s}
		if n >= 0 {
			want = []int64{n, s}
		}
		if !sameShape(m.shape, want) {
			return nil, eval.NewError(eval.AssertionError, "expecting key_padding_mask shape of %s, but got %s", shapeTuple(want), sizeString(m.shape))
		}
	}
	out := newTensor(qt.shape, qt.dtype)
	if !needWeights {
		return eval.Tuple{out, eval.None}, nil
	}
	if st.cfg["add_bias_kv"] == true {
		s++
	}
	if st.cfg["add_zero_attn"] == true {
		s++
	}
	w := []int64{l, s}
	if !avg {
		w = []int64{heads, l, s}
	}
	if n >= 0 {
		w = append([]int64{n}, w...)
	}
	return eval.Tuple{out, newTensor(w, qt.dtype)}, nil
}

// dhw prints spatial sizes as torch's upsample errors do: (H: 3, W: 3).
func dhw(s []int64) string {
	names := []string{"D", "H", "W"}[3-min(len(s), 3):]
	parts := make([]string, 0, len(s))
	for i, d := range s {
		if i < len(names) {
			parts = append(parts, fmt.Sprintf("%s: %d", names[i], d))
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// upsampleCheck is what F.interpolate checks of an Upsample module's
// mode before computing sizes (torch 1.13 messages).
func upsampleCheck(name string, cfg map[string]any, x *Tensor) error {
	mode := "nearest"
	switch name {
	case "UpsamplingBilinear2d":
		mode = "bilinear"
	case "Upsample":
		if m, ok := cfg["mode"].(string); ok {
			mode = m
		}
	}
	n := len(x.shape)
	if cfg["size"] != nil && cfg["scale_factor"] != nil {
		return eval.NewError(eval.ValueError, "only one of size or scale_factor should be defined")
	}
	interp := mode == "linear" || mode == "bilinear" || mode == "bicubic" || mode == "trilinear"
	if cfg["align_corners"] != nil && !interp {
		return eval.NewError(eval.ValueError, "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear")
	}
	need := map[string]int{"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5}[mode]
	known := interp || mode == "nearest" || mode == "area" || mode == "nearest-exact"
	if !known || n < 3 || n > 5 {
		return eval.NewError(eval.NotImplementedError, "Input Error: Only 3D, 4D and 5D input Tensors supported (got %dD) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got %s)", n, mode)
	}
	if need != 0 && n != need {
		return eval.NewError(eval.NotImplementedError, "Got %dD input, but %s mode needs %dD input", n, mode, need)
	}
	return nil
}

func interpolate(x *Tensor, size, scale any) (eval.Value, error) {
	sp := len(x.shape) - 2
	if sp < 1 {
		return nil, eval.NewError(eval.NotImplementedError, "Input Error: Only 3D, 4D and 5D input Tensors supported (got %dD)", len(x.shape))
	}
	out := append([]int64(nil), x.shape[:2]...)
	check := func(out []int64) (eval.Value, error) {
		for _, d := range out[2:] {
			if d <= 0 {
				return nil, eval.NewError(eval.RuntimeError, "Input and output sizes should be greater than 0, but got input %s output %s", dhw(x.shape[2:]), dhw(out[2:]))
			}
		}
		return newTensor(out, x.dtype), nil
	}
	if size != nil {
		s, ok := tupleN(size, sp)
		if !ok {
			return nil, eval.NewError(eval.TypeError, "interpolate: size must be an int or a tuple of ints, got %v", size)
		}
		if len(s) != sp {
			return nil, eval.NewError(eval.ValueError, "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of %s and output size of %s. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.", shapeList(x.shape[2:]), shapeTuple(s))
		}
		return check(append(out, s...))
	}
	var fs []float64
	switch f := scale.(type) {
	case float64:
		for i := 0; i < sp; i++ {
			fs = append(fs, f)
		}
	case int64:
		for i := 0; i < sp; i++ {
			fs = append(fs, float64(f))
		}
	case []any:
		for _, e := range f {
			switch y := e.(type) {
			case float64:
				fs = append(fs, y)
			case int64:
				fs = append(fs, float64(y))
			default:
				return nil, eval.NewError(eval.TypeError, "interpolate: scale_factor must be numbers, got %v", e)
			}
		}
		if len(fs) != sp {
			return nil, eval.NewError(eval.ValueError, "Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of %s and scale_factor of shape %s. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.", shapeList(x.shape[2:]), shapeTuple(make([]int64, len(fs))))
		}
	default:
		return nil, eval.NewError(eval.ValueError, "either size or scale_factor should be defined")
	}
	for i := 0; i < sp; i++ {
		d := x.shape[2+i]
		if d >= 0 {
			d = int64(math.Floor(float64(d) * fs[i]))
		}
		out = append(out, d)
	}
	return check(out)
}

// padShape is F.pad: pad is (left, right, top, bottom, ...) from the last dim.
func padShape(x *Tensor, pad any, dims int) (eval.Value, error) {
	var p []int64
	switch v := pad.(type) {
	case int64:
		n := 2
		if len(x.shape) >= 3 {
			n = 2 * (len(x.shape) - 2)
		}
		if n > 6 {
			n = 6
		}
		for i := 0; i < n; i++ {
			p = append(p, v)
		}
	default:
		t, ok := tupleN(pad, -1)
		if !ok {
			return nil, eval.NewError(eval.ValueError, "pad: bad padding %v", pad)
		}
		p = t
	}
	out := append([]int64(nil), x.shape...)
	for i := 0; i+1 < len(p); i += 2 {
		dim := len(out) - 1 - i/2
		if dim < 0 {
			return nil, eval.NewError(eval.ValueError, "Padding length too large")
		}
		out[dim] += p[i] + p[i+1]
	}
	return newTensor(out, x.dtype), nil
}

// functionalOf is a torch.nn.functional function that computes what a
// catalogued module computes: F.f(inputs..., ctor args...) is
// nn.Class(ctor args...)(inputs...). inputs names the leading tensors
// (and forward keywords); the other arguments, positional or keyword, are
// the constructor's. The module is made and run without being recorded.
func functionalOf(class string, inputs ...string) eval.BuiltinFunc {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var def layerDef
		for _, d := range layerDefs() {
			if d.name == class {
				def = d
			}
		}
		var names []string
		for i := 0; i+1 < len(def.args); i += 2 {
			names = append(names, argName(def.args[i]))
		}
		n := min(len(args), len(inputs))
		fargs := args[:n]
		var fkw, ckw []eval.KV
		for i, a := range args[n:] {
			if i >= len(names) {
				return nil, eval.NewError(eval.TypeError, "%s() takes at most %d arguments (%d given)", fnName(class), len(inputs)+len(names), len(args))
			}
			ckw = append(ckw, eval.KV{Name: names[i], Value: a})
		}
		for _, kv := range kwargs {
			isIn := false
			for _, in := range inputs {
				if kv.Name == in {
					isIn = true
				}
			}
			if isIn {
				fkw = append(fkw, kv)
			} else {
				ckw = append(ckw, kv)
			}
		}
		m, err := th.Call(nnClasses[class], nil, ckw)
		if err != nil {
			return nil, err
		}
		return th.CallMethod(m, "forward", fargs, fkw)
	}
}

// fnName is the functional name of a class, for errors (PixelShuffle →
// pixel_shuffle).
func fnName(class string) string {
	var b strings.Builder
	for i, r := range class {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// convTransposeFn is F.conv_transposeNd(input, weight, bias, stride,
// padding, output_padding, groups, dilation): the module's arithmetic
// with the channels and kernel read from the weight.
func convTransposeFn(dims int) eval.BuiltinFunc {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var x, w, b eval.Value = eval.None, eval.None, eval.None
		var stride, padding, outPad, dil eval.Value = eval.Int(1), eval.Int(0), eval.Int(0), eval.Int(1)
		var groups int64 = 1
		fn := fmt.Sprintf("conv_transpose%dd", dims)
		if err := eval.UnpackArgs(fn, args, kwargs, "input", &x, "weight", &w, "bias?", &b, "stride?", &stride, "padding?", &padding,
			"output_padding?", &outPad, "groups?", &groups, "dilation?", &dil); err != nil {
			return nil, err
		}
		wt, ok := w.(*Tensor)
		if !ok || len(wt.shape) != dims+2 {
			return nil, eval.NewError(eval.RuntimeError, "%s: weight must be a %dD tensor", fn, dims+2)
		}
		if groups <= 0 {
			return nil, eval.NewError(eval.RuntimeError, "non-positive groups is not supported")
		}
		ks := make(eval.Tuple, dims)
		for i := range ks {
			ks[i] = eval.Int(wt.shape[2+i])
		}
		m, err := th.Call(nnClasses[fmt.Sprintf("ConvTranspose%dd", dims)], eval.Tuple{eval.Int(wt.shape[0]), eval.Int(wt.shape[1] * groups), ks},
			[]eval.KV{{Name: "stride", Value: stride}, {Name: "padding", Value: padding}, {Name: "output_padding", Value: outPad},
				{Name: "groups", Value: eval.Int(groups)}, {Name: "dilation", Value: dil}, {Name: "bias", Value: eval.Bool(b != eval.None)}})
		if err != nil {
			return nil, err
		}
		return th.CallMethod(m, "forward", eval.Tuple{x}, nil)
	}
}

// maxUnpoolFn is F.max_unpoolNd(input, indices, kernel_size, stride,
// padding, output_size).
func maxUnpoolFn(dims int) eval.BuiltinFunc {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var x, idx, k eval.Value = eval.None, eval.None, eval.None
		var s, p, size eval.Value = eval.None, eval.Int(0), eval.None
		if err := eval.UnpackArgs(fmt.Sprintf("max_unpool%dd", dims), args, kwargs, "input", &x, "indices", &idx, "kernel_size", &k,
			"stride?", &s, "padding?", &p, "output_size?", &size); err != nil {
			return nil, err
		}
		m, err := th.Call(nnClasses[fmt.Sprintf("MaxUnpool%dd", dims)], eval.Tuple{k, s, p}, nil)
		if err != nil {
			return nil, err
		}
		return th.CallMethod(m, "forward", eval.Tuple{x, idx, size}, nil)
	}
}

// gridSampleFn is F.grid_sample: (N, C, H_in, W_in) sampled at a grid
// (N, H_out, W_out, 2) gives (N, C, H_out, W_out); 5D likewise.
func gridSampleFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var x, g eval.Value = eval.None, eval.None
	var mode, pm, ac eval.Value = eval.String("bilinear"), eval.String("zeros"), eval.None
	if err := eval.UnpackArgs("grid_sample", args, kwargs, "input", &x, "grid", &g, "mode?", &mode, "padding_mode?", &pm, "align_corners?", &ac); err != nil {
		return nil, err
	}
	xt, ok1 := x.(*Tensor)
	gt, ok2 := g.(*Tensor)
	if !ok1 || !ok2 {
		return nil, eval.NewError(eval.TypeError, "grid_sample(): input and grid must be Tensors")
	}
	n := len(xt.shape)
	if (n != 4 && n != 5) || len(gt.shape) != n {
		return nil, eval.NewError(eval.RuntimeError, "grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got input with sizes %s and grid with sizes %s", shapeList(xt.shape), shapeList(gt.shape))
	}
	if gt.shape[0] != xt.shape[0] || gt.shape[n-1] != int64(n-2) {
		return nil, eval.NewError(eval.RuntimeError, "grid_sampler(): expected grid to have size %d in last dimension and the same batch size as input, but got grid with sizes %s", n-2, shapeList(gt.shape))
	}
	out := append([]int64{xt.shape[0], xt.shape[1]}, gt.shape[1:n-1]...)
	return newTensor(out, xt.dtype), nil
}

// affineGridFn is F.affine_grid(theta, size): (N, H, W, 2) for a 4D size,
// (N, D, H, W, 3) for a 5D one.
func affineGridFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var theta, size, ac eval.Value = eval.None, eval.None, eval.None
	if err := eval.UnpackArgs("affine_grid", args, kwargs, "theta", &theta, "size", &size, "align_corners?", &ac); err != nil {
		return nil, err
	}
	tt, ok := theta.(*Tensor)
	if !ok {
		return nil, eval.NewError(eval.TypeError, "affine_grid(): theta must be a Tensor")
	}
	s, err := intsOf(eval.Tuple{size})
	if err != nil {
		return nil, err
	}
	if len(s) != 4 && len(s) != 5 {
		return nil, eval.NewError(eval.NotImplementedError, "affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size %s.", shapeTuple(s))
	}
	sp := int64(len(s) - 2)
	if len(tt.shape) != 3 || tt.shape[0] != s[0] || tt.shape[1] != sp || tt.shape[2] != sp+1 {
		return nil, eval.NewError(eval.ValueError, "Expected a batch of %dD affine matrices of shape Nx%dx%d for size %s. Got %s.", sp, sp, sp+1, shapeTuple(s), sizeString(tt.shape))
	}
	out := append(append([]int64{s[0]}, s[2:]...), sp)
	return newTensor(out, tt.dtype), nil
}

// oneHotFn is F.one_hot(tensor, num_classes): int64, one more dim.
func oneHotFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var x eval.Value = eval.None
	var n int64 = -1
	if err := eval.UnpackArgs("one_hot", args, kwargs, "tensor", &x, "num_classes?", &n); err != nil {
		return nil, err
	}
	xt, ok := x.(*Tensor)
	if !ok {
		return nil, eval.NewError(eval.TypeError, "one_hot(): argument 'input' must be Tensor, not %s", x.Type())
	}
	if xt.dtype != "int64" {
		return nil, eval.NewError(eval.RuntimeError, "one_hot is only applicable to index tensor.")
	}
	if n < 0 {
		return nil, eval.NewError(eval.ValueError, "one_hot(): netsum needs num_classes (torch takes it from the largest index, a value netsum does not know)")
	}
	return newTensor(append(append([]int64(nil), xt.shape...), n), "int64"), nil
}

// bilinearFn is F.bilinear(input1, input2, weight, bias): weight is
// (out, in1, in2).
func bilinearFn(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var x1, x2, w, b eval.Value = eval.None, eval.None, eval.None, eval.None
	if err := eval.UnpackArgs("bilinear", args, kwargs, "input1", &x1, "input2", &x2, "weight", &w, "bias?", &b); err != nil {
		return nil, err
	}
	a, ok1 := x1.(*Tensor)
	c, ok2 := x2.(*Tensor)
	wt, ok3 := w.(*Tensor)
	if !ok1 || !ok2 || !ok3 || len(wt.shape) != 3 || len(a.shape) == 0 || len(c.shape) == 0 {
		return nil, eval.NewError(eval.RuntimeError, "bilinear(): expected input1, input2 and a 3D weight")
	}
	if a.shape[len(a.shape)-1] != wt.shape[1] || c.shape[len(c.shape)-1] != wt.shape[2] {
		return nil, eval.NewError(eval.RuntimeError, "bilinear(): input1 size does not match weight size: got %d but expected %d", a.shape[len(a.shape)-1], wt.shape[1])
	}
	out := append([]int64(nil), a.shape...)
	out[len(out)-1] = wt.shape[0]
	return newTensor(out, a.dtype), nil
}

// factorsFit reports whether fs names every dim of shape: one list per
// dim, whose product is the dim (a tensor reshaped after creation keeps
// no factors).
func factorsFit(fs [][]graph.Factor, shape []int64) bool {
	if len(fs) == 0 || len(fs) != len(shape) {
		return false
	}
	for i, f := range fs {
		v := int64(1)
		for _, x := range f {
			v *= x.Value
		}
		if v != shape[i] {
			return false
		}
	}
	return true
}

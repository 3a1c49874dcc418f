package pytorch

import (
	"fmt"
	"strings"

	ctorch "github.com/netsum/netsum/internal/catalog/torch"
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
		d("GRU", "", 0, nil, "input_size", req, "hidden_size", req, "num_layers", int64(1), "bias", true, "batch_first", false, "dropout", 0.0, "bidirectional", false, "device", nil, "dtype", nil),
		d("RNN", "", 0, nil, "input_size", req, "hidden_size", req, "num_layers", int64(1), "nonlinearity", "tanh", "bias", true, "batch_first", false, "dropout", 0.0, "bidirectional", false, "device", nil, "dtype", nil),
		d("MultiheadAttention", "", 0, nil, "embed_dim", req, "num_heads", req, "dropout", 0.0, "bias", true, "add_bias_kv", false, "add_zero_attn", false, "kdim", nil, "vdim", nil, "batch_first", false, "device", nil, "dtype", nil),
	)
	return defs
}

// toGo converts a Python argument to a config value.
func toGo(v eval.Value) any {
	switch x := v.(type) {
	case eval.NoneType:
		return nil
	case eval.Bool:
		return bool(x)
	case eval.Int:
		return int64(x)
	case eval.Float:
		return float64(x)
	case eval.String:
		return string(x)
	case eval.Tuple:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toGo(e)
		}
		return out
	case *Size:
		return toGo(x.Tuple)
	case *eval.List:
		return toGo(eval.Tuple(x.Elems()))
	}
	return v.String()
}

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
	for i := 0; i+1 < len(def.args); i += 2 {
		names = append(names, def.args[i].(string))
	}
	if len(names) == 1 && names[0] == "*" {
		return vals, nil
	}
	if len(args) > len(names) {
		return nil, eval.NewError(eval.TypeError, "%s.__init__() takes %d positional arguments but %d were given", def.name, len(names)+1, len(args)+1)
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
		n := def.args[i].(string)
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

func suggest(name string, names []string) string {
	if s := eval.Suggest(name, names); s != "" {
		return " (did you mean '" + s + "'?)"
	}
	return ""
}

func tupleN(v any, n int) ([]int64, bool) {
	switch x := v.(type) {
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
	for i := 0; i+1 < len(def.args); i += 2 {
		n := def.args[i].(string)
		if n == "*" {
			continue
		}
		cfg[n] = toGo(vals[n])
	}
	for _, t := range def.tuples {
		if v, ok := cfg[t]; ok {
			if s, isStr := v.(string); isStr {
				if s != "same" && s != "valid" {
					return eval.NewError(eval.ValueError, "Invalid padding string '%s', should be one of {'valid', 'same'}", s)
				}
				if s == "same" && !allOne(cfg["stride"], def.dims) {
					return eval.NewError(eval.ValueError, "padding='same' is not supported for strided convolutions")
				}
				continue
			}
			if tu, ok := tupleN(v, def.dims); ok {
				cfg[t] = tu
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
	spec := ctorch.Lookup(def.name)
	if spec != nil && spec.Params != nil {
		ps, err := spec.Params(cfg)
		if err != nil {
			return eval.NewError(eval.ValueError, "%s", err.Error())
		}
		for _, p := range ps {
			t := newTensor(p.Shape, p.DType)
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
	switch {
	case strings.HasPrefix(def.name, "Conv") || def.name == "Linear" || def.name == "Bilinear":
		if st.paramMap["bias"] == nil {
			st.setParam("bias", nil)
			inst.SetAttrDirect("bias", eval.None)
		}
	case strings.Contains(def.name, "Norm") && def.name != "LocalResponseNorm":
		if _, ok := st.paramMap["weight"]; !ok {
			st.setParam("weight", nil)
			st.setParam("bias", nil)
			inst.SetAttrDirect("weight", eval.None)
			inst.SetAttrDirect("bias", eval.None)
		}
	}
	if def.name == "MultiheadAttention" {
		e := cfg["embed_dim"].(int64)
		inst.SetAttrDirect("head_dim", eval.Int(e/cfg["num_heads"].(int64)))
		lin, err := th.Call(nnClasses["NonDynamicallyQuantizableLinear"], eval.Tuple{eval.Int(e), eval.Int(e)}, []eval.KV{{Name: "bias", Value: toPy(cfg["bias"])}})
		if err != nil {
			return err
		}
		st.setChild("out_proj", lin)
		inst.SetAttrDirect("out_proj", lin)
	}
	st.forward = layerForward
	return nil
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
	x, err := firstTensor(name, args)
	if err != nil {
		return nil, err
	}
	cfg := ctorch.Config(st.cfg)
	switch {
	case name == "LSTM" || name == "GRU" || name == "RNN":
		return rnnForward(st, x)
	case strings.HasPrefix(name, "Upsample"):
		return interpolate(x, st.cfg["size"], st.cfg["scale_factor"])
	case strings.Contains(name, "Pad"):
		return padShape(x, st.cfg["padding"], 0)
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
			return nil, err
		}
		return newTensor(rs, x.dtype), nil
	case strings.HasPrefix(name, "MaxPool") && st.cfg["return_indices"] == true:
		out, err := shapeOut(name, cfg, x)
		if err != nil {
			return nil, err
		}
		return eval.Tuple{out, newTensor(out.(*Tensor).shape, "int64")}, nil
	case name == "Embedding":
		return shapeOut(name, cfg, x)
	}
	return shapeOut(name, cfg, x)
}

func shapeOut(name string, cfg ctorch.Config, x *Tensor) (eval.Value, error) {
	spec := ctorch.Lookup(name)
	if spec == nil || spec.Output == nil {
		return newTensor(x.shape, x.dtype), nil
	}
	out, err := spec.Output(cfg, x.shape)
	if err != nil {
		return nil, eval.NewError(eval.RuntimeError, "%s", err.Error())
	}
	dt := x.dtype
	if name == "Embedding" {
		dt = "float32"
	}
	return newTensor(out, dt), nil
}

func rnnForward(st *modState, x *Tensor) (eval.Value, error) {
	out, err := shapeOut(st.builtin, ctorch.Config(st.cfg), x)
	if err != nil {
		return nil, err
	}
	h := st.cfg["hidden_size"].(int64)
	layers := st.cfg["num_layers"].(int64)
	if st.cfg["bidirectional"] == true {
		layers *= 2
	}
	var hs []int64
	switch len(x.shape) {
	case 3:
		n := x.shape[1]
		if st.cfg["batch_first"] == true {
			n = x.shape[0]
		}
		hs = []int64{layers, n, h}
	default:
		hs = []int64{layers, h}
	}
	hn := newTensor(hs, x.dtype)
	if st.builtin == "LSTM" {
		return eval.Tuple{out, eval.Tuple{hn, newTensor(hs, x.dtype)}}, nil
	}
	return eval.Tuple{out, hn}, nil
}

func mhaForward(th *eval.Thread, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	var q, k, v, kpm, attnMask eval.Value = eval.None, eval.None, eval.None, eval.None, eval.None
	needWeights, avg := true, true
	if err := eval.UnpackArgs("MultiheadAttention.forward", args, kwargs, "query", &q, "key", &k, "value", &v,
		"key_padding_mask?", &kpm, "need_weights?", &needWeights, "attn_mask?", &attnMask, "average_attn_weights?", &avg); err != nil {
		return nil, err
	}
	qt, ok1 := q.(*Tensor)
	kt, ok2 := k.(*Tensor)
	if !ok1 || !ok2 {
		return nil, eval.NewError(eval.TypeError, "MultiheadAttention expects tensors")
	}
	e := st.cfg["embed_dim"].(int64)
	if last := qt.shape[len(qt.shape)-1]; last != e {
		return nil, eval.NewError(eval.RuntimeError, "was expecting embedding dimension of %d, but got %d", e, last)
	}
	out := newTensor(qt.shape, qt.dtype)
	if !needWeights {
		return eval.Tuple{out, eval.None}, nil
	}
	var w []int64
	if len(qt.shape) == 3 {
		n, l, s := qt.shape[1], qt.shape[0], kt.shape[0]
		if st.cfg["batch_first"] == true {
			n, l, s = qt.shape[0], qt.shape[1], kt.shape[1]
		}
		w = []int64{n, l, s}
		if !avg {
			w = []int64{n, st.cfg["num_heads"].(int64), l, s}
		}
	} else {
		w = []int64{qt.shape[0], kt.shape[0]}
	}
	return eval.Tuple{out, newTensor(w, qt.dtype)}, nil
}

func interpolate(x *Tensor, size, scale any) (eval.Value, error) {
	sp := len(x.shape) - 2
	if sp < 1 {
		return nil, eval.NewError(eval.ValueError, "interpolate: input must be at least 3D, got %v", x.shape)
	}
	out := append([]int64(nil), x.shape[:2]...)
	if size != nil {
		s, ok := tupleN(size, sp)
		if !ok {
			return nil, eval.NewError(eval.ValueError, "interpolate: bad size %v", size)
		}
		return newTensor(append(out, s...), x.dtype), nil
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
			}
		}
	default:
		return nil, eval.NewError(eval.ValueError, "either size or scale_factor should be defined")
	}
	for i := 0; i < sp && i < len(fs); i++ {
		out = append(out, int64(float64(x.shape[2+i])*fs[i]))
	}
	return newTensor(out, x.dtype), nil
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

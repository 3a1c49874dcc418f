package explain_test

import (
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/explain"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// w builds a weight from dims written "kernel_h=5*kernel_w=5" (factors of
// one dim joined by *), or a bare number for a dim without factors.
func w(name string, dims ...string) summary.Weight {
	out := summary.Weight{Name: name, Trainable: true}
	n := int64(1)
	for _, d := range dims {
		var fs []graph.Factor
		size := int64(1)
		for _, part := range strings.Split(d, "*") {
			k, v, ok := strings.Cut(part, "=")
			if !ok {
				k, v = "", part
			}
			x, ok := explain.Eval(v)
			if !ok {
				x = -1
			}
			if k != "" {
				fs = append(fs, graph.Factor{Name: k, Value: x})
			}
			size *= x
		}
		out.Shape = append(out.Shape, size)
		out.Factors = append(out.Factors, fs)
		n *= size
	}
	out.Count = n
	return out
}

func TestLayerExpr(t *testing.T) {
	for _, tc := range []struct {
		name    string
		weights []summary.Weight
		want    string
		words   string
	}{
		{"conv", []summary.Weight{
			w("kernel", "kernel_h=5", "kernel_w=5", "in_channels=32", "filters=64"),
			w("bias", "filters=64"),
		}, "(5·5·32 + 1)·64", "(kernel height · kernel width · input channels + 1) · filters"},
		{"conv without bias", []summary.Weight{
			w("kernel", "kernel_h=3", "kernel_w=3", "in_channels=4", "filters=12"),
		}, "3·3·4·12", "kernel height · kernel width · input channels · filters"},
		{"keras1 th conv", []summary.Weight{
			w("kernel", "filters=64", "in_channels=32", "kernel_h=5", "kernel_w=5"),
			w("bias", "filters=64"),
		}, "(32·5·5 + 1)·64", ""},
		{"transposed conv", []summary.Weight{
			w("kernel", "kernel_h=3", "kernel_w=3", "filters=8", "in_channels=16"),
			w("bias", "filters=8"),
		}, "(3·3·16 + 1)·8", ""},
		{"lstm", []summary.Weight{
			w("kernel", "input_dim=32", "gates=4*units=64"),
			w("recurrent_kernel", "units=64", "gates=4*units=64"),
			w("bias", "gates=4*units=64"),
		}, "(32 + 64 + 1)·4·64", "(input features + units + 1) · gates · units"},
		{"gru reset_after", []summary.Weight{
			w("kernel", "input_dim=8", "gates=3*units=16"),
			w("recurrent_kernel", "units=16", "gates=3*units=16"),
			w("bias", "bias_sets=2", "gates=3*units=16"),
		}, "(8 + 16 + 2)·3·16", ""},
		{"convlstm without bias", []summary.Weight{
			w("kernel", "kernel_h=3", "kernel_w=3", "in_channels=2", "gates=4*filters=3"),
			w("recurrent_kernel", "kernel_h=3", "kernel_w=3", "filters=3", "gates=4*filters=3"),
		}, "(3·3·2 + 3·3·3)·4·3", ""},
		{"batch normalization", []summary.Weight{
			w("gamma", "channels=64"), w("beta", "channels=64"),
			w("moving_mean", "channels=64"), w("moving_variance", "channels=64"),
		}, "64 + 64 + 64 + 64", ""},
		{"separable", []summary.Weight{
			w("depthwise_kernel", "kernel_h=3", "kernel_w=3", "in_channels=32", "depth_multiplier=1"),
			w("pointwise_kernel", "1=1", "1=1", "in_channels=32*depth_multiplier=1", "filters=64"),
			w("bias", "filters=64"),
		}, "3·3·32·1 + (1·1·32·1 + 1)·64", ""},
		{"depthwise", []summary.Weight{
			w("depthwise_kernel", "kernel_h=3", "kernel_w=3", "in_channels=8", "depth_multiplier=2"),
			w("bias", "in_channels=8*depth_multiplier=2"),
		}, "(3·3 + 1)·8·2", ""},
		{"locally connected", []summary.Weight{
			w("kernel", "out_h=10*out_w=10", "kernel_h=3*kernel_w=3*in_channels=3", "filters=4"),
			w("bias", "out_h=10", "out_w=10", "filters=4"),
		}, "(3·3·3 + 1)·10·10·4", ""},
		{"multi-head attention", []summary.Weight{
			w("query/kernel", "query_dim=16", "num_heads=2", "key_dim=8"),
			w("query/bias", "num_heads=2", "key_dim=8"),
			w("key/kernel", "key_in_dim=8", "num_heads=2", "key_dim=8"),
			w("key/bias", "num_heads=2", "key_dim=8"),
			w("attention_output/kernel", "num_heads=2", "value_dim=8", "output_dim=16"),
			w("attention_output/bias", "output_dim=16"),
		}, "(16 + 1)·2·8 + (8 + 1)·2·8 + (2·8 + 1)·16", ""},
		{"bidirectional", []summary.Weight{
			w("forward_lstm/kernel", "input_dim=4", "gates=4*units=8"),
			w("forward_lstm/recurrent_kernel", "units=8", "gates=4*units=8"),
			w("forward_lstm/bias", "gates=4*units=8"),
			w("backward_lstm/kernel", "input_dim=4", "gates=4*units=8"),
			w("backward_lstm/recurrent_kernel", "units=8", "gates=4*units=8"),
			w("backward_lstm/bias", "gates=4*units=8"),
		}, "(4 + 8 + 1)·4·8 + (4 + 8 + 1)·4·8", ""},
		{"normalization with a scalar", []summary.Weight{
			w("mean", "channels=3"), w("variance", "channels=3"), w("count"),
		}, "3 + 3 + 1", ""},
		{"unnamed dims", []summary.Weight{w("kernel", "7", "9")}, "7·9", ""},
		{"unknown dim", []summary.Weight{w("kernel", "units=?", "units=4"), w("bias", "units=4")}, "(? + 1)·4", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := explain.LayerExpr(tc.weights)
			if got := e.String(); got != tc.want {
				t.Errorf("formula %s, want %s", got, tc.want)
			}
			if tc.words != "" {
				r := &summary.Row{Name: "x", Class: "Conv2D", Weights: tc.weights}
				if strings.HasPrefix(tc.name, "lstm") {
					r.Class = "LSTM"
				}
				if got := explain.Explain(r, explain.EN).Words; got != tc.words {
					t.Errorf("words %q, want %q", got, tc.words)
				}
			}
			var total int64
			known := true
			for _, x := range tc.weights {
				if x.Count < 0 {
					known = false
				}
				total += x.Count
			}
			v, ok := e.Value()
			if ok != known || (ok && v != total) {
				t.Errorf("value %d (ok %v), want %d (known %v)", v, ok, total, known)
			}
		})
	}
}

func TestEval(t *testing.T) {
	for s, want := range map[string]int64{
		"5*5*32*64":               51200,
		"(5*5*32+1)*64":           51264,
		"(5·5·32 + 1)·64":         51264,
		"1":                       1,
		"(4+8+1)*4*8+(4+8+1)*4*8": 832,
		"((2))":                   2,
	} {
		if got, ok := explain.Eval(s); !ok || got != want {
			t.Errorf("Eval(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, bad := range []string{"", "?", "5*", "(1+2", "1+2)", "-1", "1/2", "9223372036854775807*2"} {
		if _, ok := explain.Eval(bad); ok {
			t.Errorf("Eval(%q) succeeded", bad)
		}
	}
}

func TestWeightFormulaAndTerms(t *testing.T) {
	x := w("kernel", "input_dim=8", "gates=4*units=8")
	if got := explain.WeightFormula(x.Shape, x.Factors); got != "8*4*8" {
		t.Errorf("formula %s", got)
	}
	terms := explain.Terms(x.Factors)
	var parts []string
	for _, f := range terms {
		parts = append(parts, f.Name)
	}
	if got := strings.Join(parts, ","); got != "input_dim,gates,units" {
		t.Errorf("terms %s", got)
	}
	y := w("recurrent_kernel", "units=8", "gates=4*units=8")
	parts = nil
	for _, f := range explain.Terms(y.Factors) {
		parts = append(parts, f.Name)
	}
	if got := strings.Join(parts, ","); got != "units,gates,units_2" {
		t.Errorf("terms %s", got)
	}
	if got := explain.WeightFormula(nil, nil); got != "1" {
		t.Errorf("scalar formula %s", got)
	}
	if got := explain.WeightFormula([]int64{-1, 3}, nil); got != "?*3" {
		t.Errorf("unknown formula %s", got)
	}
}

func TestPlurals(t *testing.T) {
	for _, tc := range []struct {
		l    explain.Lang
		n    int64
		want string
	}{
		{explain.EN, 1, "1 parameter"}, {explain.EN, 2, "2 parameters"}, {explain.EN, 51264, "51,264 parameters"},
		{explain.RU, 1, "1 параметр"}, {explain.RU, 3, "3 параметра"}, {explain.RU, 11, "11 параметров"},
		{explain.RU, 21, "21 параметр"}, {explain.RU, 64, "64 параметра"}, {explain.RU, 112, "112 параметров"},
		{explain.RU, 51264, "51 264 параметра"},
	} {
		got := tc.l.T("walk.end", "total", tc.n, "trainable", 0, "nontrainable", 0)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s %d: %q lacks %q", tc.l, tc.n, got, tc.want)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]explain.Lang{"en": explain.EN, "RU": explain.RU, "ru_RU.UTF-8": explain.RU, "en-US": explain.EN} {
		if got, err := explain.ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := explain.ParseLang("de"); err == nil {
		t.Error("ParseLang(de) succeeded")
	}
}

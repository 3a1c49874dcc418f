package text

import (
	"bytes"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// The golden files of these tests were written by netsum (-update) after
// the printers were checked against the original Keras print_summary code
// and rich on thousands of random tables.

// nestedModel has a functional model nested two levels deep.
func nestedModel(seqLike bool) *summary.Summary {
	block := row("block", "Sequential", sh(-1, 16), 272)
	block.Nested = true
	block.Sub = []summary.Row{
		row("dense_a", "Dense", sh(-1, 16), 272),
	}
	encoder := row("encoder", "Functional", sh(-1, 16), 12560+272)
	encoder.Nested = true
	encoder.Sub = []summary.Row{
		row("input_2", "InputLayer", sh(-1, 784), 0),
		row("dense", "Dense", sh(-1, 16), 12560, "input_2[0][0]"),
		block,
	}
	head := frozen(row("head", "Dense", sh(-1, 10), 170, "encoder[0][0]"))
	drop := row("dropout", "Dropout", sh(-1, 10), 0, "head[0][0]")
	drop.Frozen = true
	return model("model", seqLike,
		row("input_1", "InputLayer", sh(-1, 784), 0),
		func() summary.Row { r := encoder; r.Connected = []string{"input_1[0][0]"}; return r }(),
		head,
		drop,
	)
}

// oddModel has every special cell: unknown class, unknown counts, a shared
// layer, an uncalled layer, several outputs, 1-D and scalar shapes.
func oddModel() *summary.Summary {
	unknown := row("mystery", "MyLayer", sh(-1, 8), 0, "input_1[0][0]")
	unknown.Unknown = true
	unknownCount := row("lazy", "Dense", sh(-1, 8), 0, "mystery[0][0]")
	unknownCount.ParamsKnown = false
	shared := row("shared", "Dense", sh(-1, 4), 36, "lazy[0][0]", "lazy[0][0]")
	shared.Multiple = true
	uncalled := summary.Row{Name: "spare", Class: "Dense", ParamsKnown: true}
	return model("odd", false,
		row("input_1", "InputLayer", sh(-1, 3), 0),
		unknown,
		unknownCount,
		shared,
		uncalled,
		multi("split", "Split", 0, []string{"shared[1][0]"}, sh(-1, 2), sh(-1, 2)),
		row("flat", "Flatten", sh(-1), 0, "split[0][1]"),
		row("scalar", "Sum", graph.Shape{}, 0, "flat[0][0]"),
	)
}

func TestFeatures(t *testing.T) {
	tests := []struct {
		file string
		s    *summary.Summary
		opt  Options
	}{
		{"tf.keras2.12-nested-graph.txt", nestedModel(false), Options{ExpandNested: true, ShowTrainable: true}},
		{"tf.keras2.12-nested-seq.txt", nestedModel(true), Options{ExpandNested: true}},
		{"tf.keras-nested-graph.txt", nestedModel(false), Options{ExpandNested: true, ShowTrainable: true}},
		{"tf.keras-nested-seq.txt", nestedModel(true), Options{ExpandNested: true, ShowTrainable: true}},
		{"keras3-nested-graph.txt", nestedModel(false), Options{ExpandNested: true, ShowTrainable: true}},
		{"keras3-nested-seq.txt", nestedModel(true), Options{ExpandNested: true}},
		{"keras2-nested-graph.txt", nestedModel(false), Options{ExpandNested: true, ShowTrainable: true}},
		{"keras1-odd.txt", oddModel(), Options{}},
		{"keras1.2-odd.txt", oddModel(), Options{}},
		{"keras2.0.0-odd.txt", oddModel(), Options{}},
		{"keras2-odd.txt", oddModel(), Options{}},
		{"tf.keras2.6-odd.txt", oddModel(), Options{}},
		{"tf.keras2.12-odd.txt", oddModel(), Options{}},
		{"tf.keras-odd.txt", oddModel(), Options{LineLength: 80}},
		{"keras3-odd.txt", oddModel(), Options{}},
		{"keras3.0-odd.txt", oddModel(), Options{ShowTrainable: true}},
		{"keras3-crop.txt", nestedModel(false), Options{LineLength: 108, Columns: 80}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			opt := tc.opt
			opt.Style = style(t, tc.file[:strings.IndexByte(tc.file, '-')])
			golden(t, tc.file, render(t, tc.s, opt))
		})
	}
}

func TestCells(t *testing.T) {
	s := oddModel()
	k2, k3, tf := style(t, "keras2"), style(t, "keras3"), style(t, "tf.keras")
	tests := []struct {
		st   Style
		row  int
		want string
	}{
		{k2, 1, "?"}, {k3, 1, "?"}, // unknown class
		{k2, 3, "multiple"}, {k3, 3, "(None, 4)"}, // shared layer
		{k2, 4, "multiple"}, {tf, 4, "multiple"}, {k3, 4, "?"}, // never called
		{k2, 5, "[(None, 2), (None, 2)]"}, {k3, 5, "[(None, 2), (None, 2)]"},
		{k2, 6, "(None,)"}, {k3, 6, "(None)"},
		{k2, 7, "()"}, {k3, 7, "()"},
		{k2, 0, "(None, 3)"}, {tf, 0, "[(None, 3)]"}, {k3, 0, "(None, 3)"},
	}
	for _, tc := range tests {
		if got := shapeCell(&tc.st, &s.Rows[tc.row]); got != tc.want {
			t.Errorf("%s row %s: shape %q, want %q", tc.st.Name, s.Rows[tc.row].Name, got, tc.want)
		}
	}
	k1 := style(t, "keras1")
	r := frozen(row("bn", "BatchNormalization", sh(-1, 60), 240))
	r.Trainable, r.NonTrainable = 120, 120
	for st, want := range map[*Style]string{&k1: "120", &k2: "240", &k3: "240"} {
		if got := paramCell(st, &r); got != want {
			t.Errorf("%s: params %q, want %q", st.Name, got, want)
		}
	}
	big := row("big", "Dense", sh(-1, 1), 1234567)
	if got := paramCell(&k3, &big); got != "1,234,567" {
		t.Errorf("keras3 params %q", got)
	}
	if got := paramCell(&k2, &s.Rows[2]); got != "?" {
		t.Errorf("unknown count: %q", got)
	}
}

func TestRenderErrors(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, seqTF(), Options{Style: style(t, "keras3"), LineLength: 10}); err == nil {
		t.Error("keras3 at L=10: no error")
	}
	if err := Render(&b, seqTF(), Options{Style: style(t, "tf.keras"), LineLength: 6}); err == nil {
		t.Error("tf.keras at L=6: no error (Keras loops forever)")
	}
	if err := Render(&b, seqTF(), Options{Style: style(t, "keras2"), LineLength: -1}); err == nil {
		t.Error("negative line length: no error")
	}
}

// TestZeroStyle: the zero Style follows the summary's dialect and version.
func TestZeroStyle(t *testing.T) {
	s := seqTF()
	s.Dialect, s.Version = graph.TFKeras, "2.15.0"
	same(t, "zero style", render(t, s, Options{}), readReference(t, "tf.keras-sequential.txt"))
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := RenderCSV(&b, oddModel()); err != nil {
		t.Fatal(err)
	}
	golden(t, "odd.csv", b.String())
}

func TestMarkdown(t *testing.T) {
	var b bytes.Buffer
	s := oddModel()
	s.Rows = append(s.Rows, row("pipe|name", "Dense", sh(-1, 1), 1234567, "flat[0][0]"))
	s.Totals.Optimizer, s.Totals.OptimizerBytes = 4100, 16400
	if err := RenderMarkdown(&b, s); err != nil {
		t.Fatal(err)
	}
	golden(t, "odd.md", b.String())
}

// TestDimNames: an unknown dim with a symbolic name (ONNX dim_param)
// prints the name, in every style and in CSV; unnamed ones stay None.
func TestDimNames(t *testing.T) {
	r := row("/conv1/Conv", "Conv", sh(-1, 32, -1), 832)
	r.OutputDimNames = [][]string{{"batch", "", ""}}
	s := model("torch_jit", false, r)
	for _, c := range []struct {
		style, want string
	}{
		{"keras3", "(batch, 32, None)"},
		{"keras2", "(batch, 32, None)"},
		{"keras1", "(batch, 32, None)"},
	} {
		st, err := ParseStyle(c.style)
		if err != nil {
			t.Fatal(err)
		}
		if got := render(t, s, Options{Style: st}); !strings.Contains(got, c.want) {
			t.Errorf("%s: no %q in\n%s", c.style, c.want, got)
		}
	}
	var b bytes.Buffer
	if err := RenderCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"(batch, 32, None)"`) {
		t.Errorf("csv: %s", b.String())
	}
}

// TestUnbuilt: a layer of a subclassed model that no call built prints
// "0 (unbuilt)" in Keras 3 (summary_utils.get_layer_fields), "0 (unused)"
// in tf.keras 2.5+ (layer_utils.print_summary), 0 before.
func TestUnbuilt(t *testing.T) {
	r := summary.Row{Name: "dense_9", Class: "Dense", Unbuilt: true, ParamsKnown: true}
	for style, want := range map[string]string{"keras3": "0 (unbuilt)", "keras3.0": "0 (unbuilt)", "tf.keras": "0 (unused)",
		"tf.keras2.12": "0 (unused)", "tf.keras2.6": "0 (unused)", "keras2": "0", "keras1": "0"} {
		st, err := ParseStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		if got := paramCell(&st, &r); got != want {
			t.Errorf("%s: %q, want %q", style, got, want)
		}
	}
	st, _ := ParseStyle("keras3")
	s := model("my_model", true, row("dense", "Dense", sh(-1, 4), 20), r)
	if out := render(t, s, Options{Style: st}); !strings.Contains(out, "0 (unbuilt)") {
		t.Errorf("no 0 (unbuilt) in\n%s", out)
	}
}

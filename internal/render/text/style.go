package text

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/graph"
)

// printer is the family of Keras summary code a style reproduces.
type printer int

const (
	// classic is print_row of Keras 1.x, 2.0–2.3 and tf.keras of TF 2.0–2.6:
	// each field is appended and the line cut at the column position.
	classic printer = iota
	// wrapping is print_row of tf.keras 2.7–2.15 and tf-keras: cells wrap
	// onto continuation lines.
	wrapping
	// richTable is Keras 3: a rich.table.Table with box drawing.
	richTable
)

// totalsKind says how the lines after the table read.
type totalsKind int

const (
	totalsPlainTrainable totalsKind = iota // Total params: 54410 (Keras 1.1.1: trainable only)
	totalsCommas                           // Total params: 54,410 / Trainable params: / Non-trainable params:
	totalsBytes                            // Total params: 54410 (212.54 KB) (tf.keras 2.13+)
	totalsRich                             //  Total params: 54,410 (212.54 KB) (Keras 3)
)

// Style is the set of parameters of one Keras version's summary printer.
// Use ParseStyle or DefaultStyle to get one.
type Style struct {
	// Name is the style's name as ParseStyle accepts it.
	Name string
	// Versions describes the framework versions the style reproduces.
	Versions string

	printer printer
	// modelLine prints `Model: "name"` first.
	modelLine bool
	// alwaysGraph uses the 4-column table for every model (Keras 1).
	alwaysGraph bool
	// seqLen, graphLen are the default line lengths; seqPos, graphPos the
	// default column positions as fractions of the line length.
	seqLen, graphLen int
	seqPos, graphPos []float64
	// forcedSpace is Keras 1.1.2+/2.x's `line = line[:-1] + ' '` before each
	// field after the first.
	forcedSpace bool
	// trainableOnly prints each layer's trainable count (Keras 1.1.1
	// count_params).
	trainableOnly bool
	// noConnections leaves Connected to empty (Keras 2.0.0–2.0.3 bug).
	noConnections bool
	// inputAsList prints an InputLayer's shape as a one-element list
	// (tf.keras: [(None, 784)]).
	inputAsList bool
	// cutoff213 is tf.keras 2.13's print_row: one less char for every column
	// but the last, nested level taken from column 0, and the nested padding
	// only on the last column.
	cutoff213 bool
	// showTrainable is supported (tf.keras 2.8+, Keras 3).
	showTrainable bool
	// unbuilt is the Param # of a layer never built: "0 (unused)" in
	// tf.keras 2.5+ (layer_utils.print_summary), "0 (unbuilt)" in Keras 3
	// (summary_utils.get_layer_fields); "" prints 0.
	unbuilt string
	totals  totalsKind
}

var styles = []Style{
	{
		Name: "keras1", Versions: "Keras 1.0.4–1.1.1",
		printer: classic, alwaysGraph: true,
		graphLen: 100, graphPos: []float64{.33, .55, .67, 1.},
		trainableOnly: true, totals: totalsPlainTrainable,
	},
	{
		Name: "keras1.1.2", Versions: "Keras 1.1.2",
		printer: classic, alwaysGraph: true,
		graphLen: 100, graphPos: []float64{.33, .55, .67, 1.},
		forcedSpace: true, trainableOnly: true, totals: totalsPlainTrainable,
	},
	{
		Name: "keras1.2", Versions: "Keras 1.2.0–1.2.2",
		printer: classic, alwaysGraph: true,
		graphLen: 100, graphPos: []float64{.33, .55, .67, 1.},
		forcedSpace: true, totals: totalsCommas,
	},
	{
		Name: "keras2.0.0", Versions: "Keras 2.0.0–2.0.3 (Connected to always empty)",
		printer: classic,
		seqLen:  65, seqPos: []float64{.45, .85, 1.},
		graphLen: 100, graphPos: []float64{.33, .55, .67, 1.},
		forcedSpace: true, noConnections: true, totals: totalsCommas,
	},
	{
		Name: "keras2.0", Versions: "Keras 2.0.4–2.0.8",
		printer: classic,
		seqLen:  65, seqPos: []float64{.45, .85, 1.},
		graphLen: 100, graphPos: []float64{.33, .55, .67, 1.},
		forcedSpace: true, totals: totalsCommas,
	},
	{
		Name: "keras2.1", Versions: "Keras 2.0.9–2.2.4",
		printer: classic,
		seqLen:  65, seqPos: []float64{.45, .85, 1.},
		graphLen: 98, graphPos: []float64{.33, .55, .67, 1.},
		forcedSpace: true, totals: totalsCommas,
	},
	{
		Name: "keras2", Versions: "Keras 2.2.5–2.3.1",
		printer: classic, modelLine: true,
		seqLen: 65, seqPos: []float64{.45, .85, 1.},
		graphLen: 98, graphPos: []float64{.33, .55, .67, 1.},
		forcedSpace: true, totals: totalsCommas,
	},
	{
		Name: "tf.keras2.6", Versions: "tf.keras of TensorFlow 2.0–2.6 (Keras 2.4–2.6)",
		printer: classic, modelLine: true,
		seqLen: 65, seqPos: []float64{.45, .85, 1.},
		graphLen: 98, graphPos: []float64{.33, .55, .67, 1.},
		forcedSpace: true, inputAsList: true, unbuilt: "0 (unused)", totals: totalsCommas,
	},
	{
		Name: "tf.keras2.12", Versions: "tf.keras 2.7–2.12",
		printer: wrapping, modelLine: true,
		seqLen: 65, seqPos: []float64{.45, .85, 1.},
		graphLen: 98, graphPos: []float64{.33, .55, .67, 1.},
		inputAsList: true, showTrainable: true, unbuilt: "0 (unused)", totals: totalsCommas,
	},
	{
		Name: "tf.keras", Versions: "tf.keras 2.13–2.15, tf-keras 2.16+, TensorFlow.js",
		printer: wrapping, modelLine: true,
		seqLen: 65, seqPos: []float64{.45, .85, 1.},
		graphLen: 98, graphPos: []float64{.3, .6, .70, 1.},
		inputAsList: true, cutoff213: true, showTrainable: true, unbuilt: "0 (unused)", totals: totalsBytes,
	},
	{
		Name: "keras3.0", Versions: "Keras 3.0.0–3.0.4",
		printer: richTable, modelLine: true,
		seqLen: 84, seqPos: []float64{.45, .84, 1.},
		graphLen: 108, graphPos: []float64{.3, .56, .70, 1.},
		showTrainable: true, unbuilt: "0 (unbuilt)", totals: totalsRich,
	},
	{
		Name: "keras3", Versions: "Keras 3.0.5 and later",
		printer: richTable, modelLine: true,
		seqLen: 88, seqPos: []float64{.45, .80, 1.},
		graphLen: 108, graphPos: []float64{.3, .56, .74, 1.},
		showTrainable: true, unbuilt: "0 (unbuilt)", totals: totalsRich,
	},
}

// aliases are other names ParseStyle accepts.
var aliases = map[string]string{
	"keras1.1":     "keras1",
	"keras1.1.1":   "keras1",
	"keras2.2":     "keras2",
	"keras2.3":     "keras2",
	"tf.keras2.15": "tf.keras",
	"tf-keras":     "tf.keras",
	"tfkeras":      "tf.keras",
	"tf":           "tf.keras",
	"tfjs":         "tf.keras",
	"keras3.0.5":   "keras3",
}

// StyleNames returns the names ParseStyle accepts (aliases excluded), oldest
// version first.
func StyleNames() []string {
	out := make([]string, len(styles))
	for i, s := range styles {
		out[i] = s.Name
	}
	return out
}

// Styles returns every style, oldest version first.
func Styles() []Style {
	return append([]Style(nil), styles...)
}

// ParseStyle returns the style called name (case-insensitive).
func ParseStyle(name string) (Style, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if a, ok := aliases[n]; ok {
		n = a
	}
	for _, s := range styles {
		if s.Name == n {
			return s, nil
		}
	}
	var b strings.Builder
	for i, s := range styles {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", s.Name, s.Versions)
	}
	return Style{}, fmt.Errorf("unknown style %q; valid styles: %s", name, b.String())
}

func mustStyle(name string) Style {
	s, err := ParseStyle(name)
	if err != nil {
		panic(err)
	}
	return s
}

// DefaultStyle chooses the style of the framework version a model came
// from: d is its dialect and version the version string recorded with it
// ("1.1.1", "2.2.4", "2.2.4-tf", "2.15.0", "3.0.2", "tfjs-layers 4.22.0").
// An empty or unparsable version means the dialect's latest; TensorFlow.js
// models print as the latest tf.keras; with an unknown dialect the version
// alone decides; other frameworks get keras3.
func DefaultStyle(d graph.Dialect, version string) Style {
	v := strings.TrimSpace(version)
	if strings.HasPrefix(strings.ToLower(v), "tfjs") {
		return mustStyle("tf.keras")
	}
	ver, ok := parseVersion(v)
	if !d.IsKeras() && d != graph.DialectUnknown {
		// A PyTorch or ONNX version says nothing about Keras.
		return mustStyle("keras3")
	}
	if d == graph.DialectUnknown {
		if !ok {
			return mustStyle("keras3")
		}
		switch {
		case ver[0] <= 1:
			d = graph.Keras1
		case ver[0] == 2 && strings.Contains(v, "tf"):
			d = graph.TFKeras
		case ver[0] == 2:
			d = graph.Keras2
		default:
			d = graph.Keras3
		}
	}
	switch d {
	case graph.Keras1:
		switch {
		case !ok:
			return mustStyle("keras1.2")
		case less(ver, 1, 1, 2):
			return mustStyle("keras1")
		case less(ver, 1, 2, 0):
			return mustStyle("keras1.1.2")
		}
		return mustStyle("keras1.2")
	case graph.Keras2:
		switch {
		case !ok:
			return mustStyle("keras2")
		case less(ver, 2, 0, 4):
			return mustStyle("keras2.0.0")
		case less(ver, 2, 0, 9):
			return mustStyle("keras2.0")
		case less(ver, 2, 2, 5):
			return mustStyle("keras2.1")
		case less(ver, 2, 4, 0):
			return mustStyle("keras2")
		}
		// Keras 2.4+ is tf.keras under another name.
		return tfKerasStyle(ver)
	case graph.TFKeras:
		if !ok {
			return mustStyle("tf.keras")
		}
		return tfKerasStyle(ver)
	}
	if ok && less(ver, 3, 0, 5) && !less(ver, 3, 0, 0) {
		return mustStyle("keras3.0")
	}
	return mustStyle("keras3")
}

// tfKerasStyle maps a tf.keras version (the keras_version tf.keras records,
// which follows TensorFlow's minor version from 2.4 on) to a style.
func tfKerasStyle(ver [3]int) Style {
	switch {
	case less(ver, 2, 7, 0):
		return mustStyle("tf.keras2.6")
	case less(ver, 2, 13, 0):
		return mustStyle("tf.keras2.12")
	}
	return mustStyle("tf.keras")
}

// parseVersion reads "2.2.4", "2.2.4-tf", "v3.0.5", "2.13.1rc0" into
// [major, minor, patch].
func parseVersion(s string) ([3]int, bool) {
	var v [3]int
	s = strings.TrimPrefix(strings.ToLower(s), "v")
	if s == "" {
		return v, false
	}
	parts := strings.SplitN(s, ".", 3)
	for i, p := range parts {
		end := 0
		for end < len(p) && p[end] >= '0' && p[end] <= '9' {
			end++
		}
		if end == 0 {
			if i == 0 {
				return v, false
			}
			break
		}
		n, err := strconv.Atoi(p[:end])
		if err != nil {
			return v, false
		}
		v[i] = n
		if end < len(p) {
			break
		}
	}
	return v, true
}

// less reports whether v < major.minor.patch.
func less(v [3]int, major, minor, patch int) bool {
	w := [3]int{major, minor, patch}
	for i := range v {
		if v[i] != w[i] {
			return v[i] < w[i]
		}
	}
	return false
}

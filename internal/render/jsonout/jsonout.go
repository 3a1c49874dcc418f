// Package jsonout writes a summary.Summary as JSON in the netsum/v1 schema
// (docs/json-schema.md). Keys come in a fixed order. It imports summary and
// graph only.
package jsonout

import (
	"bytes"
	"encoding/json"
	"github.com/netsum/netsum/internal/explain"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// Schema is the value of the top-level "schema" key.
const Schema = "netsum/v1"

// Options control Render. There are none yet; the struct keeps the
// signature stable.
type Options struct {
	// WeightsCheck, when set, is written as the document's "weights_check"
	// (netsum --weights: internal/weightcheck.Result).
	WeightsCheck any
}

// Document is the top-level JSON object.
type Document struct {
	Schema string  `json:"schema"`
	Model  Model   `json:"model"`
	Layers []Layer `json:"layers"`
	Totals Totals  `json:"totals"`
	// WeightsCheck is Options.WeightsCheck (docs/json-schema.md).
	WeightsCheck any `json:"weights_check,omitempty"`
}

// Model describes where the model came from.
type Model struct {
	Name             string `json:"name"`
	ClassName        string `json:"class_name"`
	SourceFormat     string `json:"source_format"`
	Source           string `json:"source"`
	Framework        string `json:"framework"`
	FrameworkVersion string `json:"framework_version"`
}

// Layer is one row of the summary.
type Layer struct {
	Name      string `json:"name"`
	ClassName string `json:"class_name"`
	// OutputShape is a list of dims (null for unknown) for one output, a
	// list of such lists for several, null when unknown.
	OutputShape any `json:"output_shape"`
	// OutputDimNames mirrors OutputShape with the symbolic name of each
	// unknown dim ("" for the others); only when the input named some
	// (ONNX dim_param).
	OutputDimNames     any      `json:"output_dim_names,omitempty"`
	Params             *int64   `json:"params"`
	TrainableParams    *int64   `json:"trainable_params"`
	NonTrainableParams *int64   `json:"non_trainable_params"`
	Weights            []Weight `json:"weights"`
	Inbound            []string `json:"inbound"`
	ConnectedTo        []string `json:"connected_to"`
	Depth              int      `json:"depth"`
	// Parent names the row this one is nested in (a nested model, a
	// PyTorch parent module); "" at the top level.
	Parent string `json:"parent"`
	// Explanation says in one or two sentences what the layer does and
	// where its parameter count comes from (internal/explain).
	Explanation string `json:"explanation"`
	Unknown     bool   `json:"unknown,omitempty"`
	// Unbuilt: the layer exists but no call built it (no weights yet).
	Unbuilt      bool    `json:"unbuilt,omitempty"`
	Note         string  `json:"note,omitempty"`
	NestedLayers []Layer `json:"nested_layers,omitempty"`
	// Cost fields are present when the cost analysis ran (internal/cost);
	// a figure that cannot be computed is null and its formula says why.
	MACs                   *Count `json:"macs,omitempty"`
	MACsFormula            string `json:"macs_formula,omitempty"`
	FLOPs                  *Count `json:"flops,omitempty"`
	FLOPsFormula           string `json:"flops_formula,omitempty"`
	ActivationBytes        *Count `json:"activation_bytes,omitempty"`
	ActivationBytesFormula string `json:"activation_bytes_formula,omitempty"`
	CostNote               string `json:"cost_note,omitempty"`
}

// Count is an integer that may be unknown (written null).
type Count struct {
	N     int64
	Known bool
}

// MarshalJSON writes the number or null.
func (c Count) MarshalJSON() ([]byte, error) {
	if !c.Known {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatInt(c.N, 10)), nil
}

func count(n int64, known bool) *Count { return &Count{N: n, Known: known} }

// Weight is one variable of a layer.
type Weight struct {
	Name      string   `json:"name"`
	Shape     []*int64 `json:"shape"`
	DType     string   `json:"dtype"`
	Trainable bool     `json:"trainable"`
	Count     *int64   `json:"count"`
	Formula   string   `json:"formula"`
	Terms     Terms    `json:"terms"`
	// Shared is set when an earlier row already counted the weight.
	Shared bool `json:"shared,omitempty"`
}

// Term is one named number of a weight's size.
type Term struct {
	Name  string
	Value int64
}

// Terms is a JSON object whose keys keep their order.
type Terms []Term

// MarshalJSON writes {"name": value, ...} in order.
func (t Terms) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, term := range t {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(term.Name)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(strconv.FormatInt(term.Value, 10))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Totals are the model totals; a weight shared by layers counts once.
type Totals struct {
	Params             int64   `json:"params"`
	TrainableParams    int64   `json:"trainable_params"`
	NonTrainableParams int64   `json:"non_trainable_params"`
	TrainableBytes     float64 `json:"trainable_bytes"`
	NonTrainableBytes  float64 `json:"non_trainable_bytes"`
	OptimizerParams    int64   `json:"optimizer_params,omitempty"`
	OptimizerBytes     float64 `json:"optimizer_bytes,omitempty"`
	// Cost totals are present when the cost analysis ran.
	BatchSize           *int64         `json:"batch_size,omitempty"`
	ActivationDType     string         `json:"activation_dtype,omitempty"`
	CostConvention      string         `json:"cost_convention,omitempty"`
	MACs                *int64         `json:"macs,omitempty"`
	FLOPs               *int64         `json:"flops,omitempty"`
	CostComplete        *bool          `json:"cost_complete,omitempty"`
	UncountedLayers     []string       `json:"uncounted_layers,omitempty"`
	ParamBytesByDType   DTypeBytes     `json:"param_bytes_by_dtype,omitempty"`
	ActivationBytes     *int64         `json:"activation_bytes,omitempty"`
	PeakActivationBytes *int64         `json:"peak_activation_bytes,omitempty"`
	Training            *TrainingBytes `json:"training,omitempty"`
}

// DTypeBytes is {"float32": 619192, ...} in order of first appearance.
type DTypeBytes []summary.DTypeBytes

// MarshalJSON writes dtype → bytes in order.
func (d DTypeBytes) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, x := range d {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(x.DType)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(x.Bytes)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// TrainingBytes is the training-memory estimate of one step.
type TrainingBytes struct {
	Optimizer         string   `json:"optimizer"`
	OptimizerSource   string   `json:"optimizer_source"`
	OptimizerSlots    int      `json:"optimizer_slots"`
	SlotsRule         string   `json:"optimizer_slots_rule"`
	ParamBytes        float64  `json:"param_bytes"`
	GradientBytes     float64  `json:"gradient_bytes"`
	OptimizerBytes    float64  `json:"optimizer_bytes"`
	ActivationBytes   int64    `json:"activation_bytes"`
	TotalBytes        float64  `json:"total_bytes"`
	ParamFormula      string   `json:"param_formula"`
	GradientFormula   string   `json:"gradient_formula"`
	OptimizerFormula  string   `json:"optimizer_formula"`
	ActivationFormula string   `json:"activation_formula"`
	Notes             []string `json:"notes,omitempty"`
}

func costTotals(t *Totals, c *summary.CostTotals) {
	if c == nil {
		return
	}
	complete := c.MACsKnown && c.FLOPsKnown && c.ActivationsKnown
	t.BatchSize = ptr(c.Batch)
	t.ActivationDType = c.ActivationDType
	t.CostConvention = c.Convention
	t.MACs, t.FLOPs = ptr(c.MACs), ptr(c.FLOPs)
	t.CostComplete = &complete
	seen := map[string]bool{}
	for _, n := range append(append([]string{}, c.UnknownMACs...), c.UnknownActivations...) {
		if !seen[n] {
			seen[n] = true
			t.UncountedLayers = append(t.UncountedLayers, n)
		}
	}
	t.ParamBytesByDType = DTypeBytes(c.ParamBytesByDType)
	if t.ParamBytesByDType == nil {
		t.ParamBytesByDType = DTypeBytes{}
	}
	t.ActivationBytes, t.PeakActivationBytes = ptr(c.ActivationBytes), ptr(c.PeakActivationBytes)
	if tr := c.Training; tr != nil {
		t.Training = &TrainingBytes{
			Optimizer: tr.Optimizer, OptimizerSource: tr.Source, OptimizerSlots: tr.Slots, SlotsRule: tr.SlotsRule,
			ParamBytes: tr.ParamBytes, GradientBytes: tr.GradientBytes, OptimizerBytes: tr.OptimizerBytes,
			ActivationBytes: tr.ActivationBytes, TotalBytes: tr.TotalBytes,
			ParamFormula: tr.ParamFormula, GradientFormula: tr.GradientFormula,
			OptimizerFormula: tr.OptimizerFormula, ActivationFormula: tr.ActivationFormula, Notes: tr.Notes,
		}
	}
}

// Build converts s to the JSON document.
func Build(s *summary.Summary) *Document {
	d := &Document{
		Schema: Schema,
		Model: Model{
			Name:             s.ModelName,
			ClassName:        s.ModelClass,
			SourceFormat:     s.SourceFormat,
			Source:           s.Source,
			Framework:        s.Framework,
			FrameworkVersion: s.Version,
		},
		Layers: layers(s.Rows, ""),
		Totals: Totals{
			Params:             s.Totals.Params,
			TrainableParams:    s.Totals.Trainable,
			NonTrainableParams: s.Totals.NonTrainable,
			TrainableBytes:     s.Totals.TrainableBytes,
			NonTrainableBytes:  s.Totals.NonTrainableBytes,
			OptimizerParams:    s.Totals.Optimizer,
			OptimizerBytes:     s.Totals.OptimizerBytes,
		},
	}
	costTotals(&d.Totals, s.Totals.Cost)
	return d
}

// Render writes s as a netsum/v1 document indented by two spaces, arrays of
// numbers (shapes) on one line, followed by a newline.
func Render(w io.Writer, s *summary.Summary, opt Options) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	doc := Build(s)
	doc.WeightsCheck = opt.WeightsCheck
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(compactScalarArrays(b.Bytes()))
	return err
}

// scalarArray matches an indented array of numbers and nulls. JSON strings
// hold no raw newline, so the match never starts inside a string.
var scalarArray = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\[\n *(?:(?:-?[0-9]+|null),\n *)*(?:-?[0-9]+|null)\n *\]`)
})

// compactScalarArrays puts arrays of numbers and nulls (shapes) on one
// line: [null, 26, 26, 32].
func compactScalarArrays(b []byte) []byte {
	return scalarArray().ReplaceAllFunc(b, func(m []byte) []byte {
		fields := strings.FieldsFunc(string(m[1:len(m)-1]), func(r rune) bool { return r == ',' || r == '\n' || r == ' ' })
		return []byte("[" + strings.Join(fields, ", ") + "]")
	})
}

func layers(rows []summary.Row, parent string) []Layer {
	out := make([]Layer, 0, len(rows))
	for i := range rows {
		out = append(out, layer(&rows[i], parent))
	}
	return out
}

func layer(r *summary.Row, parent string) Layer {
	l := Layer{
		Name:           r.Name,
		ClassName:      r.Class,
		OutputShape:    outputShape(r),
		OutputDimNames: outputDimNames(r),
		Weights:        make([]Weight, 0, len(r.Weights)),
		Inbound:        nonNil(r.Inbound),
		ConnectedTo:    nonNil(r.Connected),
		Depth:          r.Depth,
		Unknown:        r.Unknown,
		Note:           r.Note,
		Explanation:    explain.Explanation(r),
	}
	if !r.Unknown && r.ParamsKnown {
		l.Params, l.TrainableParams, l.NonTrainableParams = ptr(r.Params), ptr(r.Trainable), ptr(r.NonTrainable)
	}
	for _, w := range r.Weights {
		l.Weights = append(l.Weights, weight(&w))
	}
	if r.Nested || len(r.Sub) > 0 {
		l.NestedLayers = layers(r.Sub, r.Name)
	}
	if c := r.Cost; c != nil {
		l.MACs, l.MACsFormula = count(c.MACs, c.MACsKnown), c.MACsFormula
		l.FLOPs, l.FLOPsFormula = count(c.FLOPs, c.FLOPsKnown), c.FLOPsFormula
		l.ActivationBytes, l.ActivationBytesFormula = count(c.ActivationBytes, c.ActivationKnown), c.ActivationBytesFormula
		l.CostNote = c.Note
	}
	return l
}

func outputShape(r *summary.Row) any {
	if r.Unknown || len(r.OutputShapes) == 0 {
		return nil
	}
	if len(r.OutputShapes) == 1 {
		return dims(r.OutputShapes[0])
	}
	out := make([][]*int64, len(r.OutputShapes))
	for i, s := range r.OutputShapes {
		out[i] = dims(s)
	}
	return out
}

// outputDimNames is shaped like outputShape's result, or nil when no
// output has a named dim.
func outputDimNames(r *summary.Row) any {
	if r.Unknown || len(r.OutputShapes) == 0 {
		return nil
	}
	named := false
	out := make([][]string, len(r.OutputShapes))
	for i, s := range r.OutputShapes {
		out[i] = make([]string, len(s))
		if i < len(r.OutputDimNames) {
			for j, n := range r.OutputDimNames[i] {
				if j < len(s) && s[j] < 0 && n != "" {
					out[i][j], named = n, true
				}
			}
		}
	}
	switch {
	case !named:
		return nil
	case len(out) == 1:
		return out[0]
	}
	return out
}

// dims is a shape with nil for unknown dims.
func dims(s []int64) []*int64 {
	out := make([]*int64, len(s))
	for i, d := range s {
		if d >= 0 {
			out[i] = ptr(d)
		}
	}
	return out
}

func weight(w *summary.Weight) Weight {
	out := Weight{
		Name:      w.Name,
		Shape:     dims(w.Shape),
		DType:     w.DType,
		Trainable: w.Trainable,
		Formula:   Formula(w.Shape, w.Factors),
		Terms:     TermsOf(w.Factors),
		Shared:    w.Shared,
	}
	if w.Count >= 0 {
		out.Count = ptr(w.Count)
	}
	return out
}

// Formula is the product behind a weight's size: each dim's factor values,
// or the dim itself where it has no factors ("?" if unknown), joined by "*"
// ("5*5*32*64"); "1" for a scalar.
func Formula(shape []int64, factors [][]graph.Factor) string {
	return explain.WeightFormula(shape, factors)
}

// TermsOf names every factor, in order; a name seen before gets the
// suffix _2, _3, ….
func TermsOf(factors [][]graph.Factor) Terms {
	out := Terms{}
	for _, f := range explain.Terms(factors) {
		out = append(out, Term{Name: f.Name, Value: f.Value})
	}
	return out
}

func ptr(n int64) *int64 { return &n }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

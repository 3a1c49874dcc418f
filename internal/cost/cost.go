// Package cost computes what a model costs to run: multiply-accumulates
// (MACs) and floating-point operations (FLOPs) per layer, each with the
// arithmetic behind it, activation memory of one forward pass (the sum of
// layer outputs and the peak under a simple liveness model) and a training
// memory estimate (weights, gradients, optimizer slots, activations kept
// for the backward pass). The conventions are in docs/cost.md.
//
// Rules are keyed by class name (the Keras catalog's canonical class, so
// Keras 1 aliases share them) and by ONNX operator; they read only a
// summary.Row (Config, InputShapes, OutputShapes, Weights) and write
// Row.Cost and Totals.Cost. It imports summary, graph and the catalogs.
package cost

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// Convention chooses how MACs are counted.
type Convention string

// Conventions.
const (
	// Netsum counts the multiply-accumulates of weight and tensor
	// contractions, bias excluded (the convention of the published
	// torchvision GMACs, fvcore and ptflops); see docs/cost.md.
	Netsum Convention = "netsum"
	// Torchinfo is torchinfo 1.8's Mult-Adds rule: for each layer with
	// parameters, parameter count × batch (× output positions for
	// convolutions, × time steps for recurrent layers).
	Torchinfo Convention = "torchinfo"
)

// Options control Annotate.
type Options struct {
	// Batch replaces an unknown batch dim (the first dim of a shape);
	// 0 means 1.
	Batch int64
	// DType is the dtype activations are counted in ("float16",
	// "bfloat16", "float32", "float64"); "" keeps each tensor's own dtype.
	// Integer tensors keep their dtype either way.
	DType string
	// Optimizer names the optimizer of the training estimate ("sgd",
	// "sgd-momentum", "adam", ...); "" takes the model's compile info.
	Optimizer string
	// Convention is Netsum unless set.
	Convention Convention
}

// Annotate computes the cost of every row of s (nested rows included) and
// the totals, and stores them in Row.Cost and Totals.Cost.
func Annotate(s *summary.Summary, opt Options) error {
	if opt.Batch <= 0 {
		opt.Batch = 1
	}
	if opt.Convention == "" {
		opt.Convention = Netsum
	}
	if opt.DType != "" {
		if _, ok := floatBytes[opt.DType]; !ok {
			return fmt.Errorf("dtype %q: expected float16, bfloat16, float32 or float64", opt.DType)
		}
	}
	a := &annotator{opt: opt, onnx: s.Framework == "onnx" || s.Dialect == graph.ONNX, batchName: batchDimName(s.Rows)}
	for i := range s.Rows {
		a.row(&s.Rows[i])
	}
	t := &summary.CostTotals{Batch: opt.Batch, ActivationDType: opt.DType, Convention: string(opt.Convention),
		MACsKnown: true, FLOPsKnown: true, ActivationsKnown: true}
	for i := range s.Rows {
		c := s.Rows[i].Cost
		if c.MACsKnown {
			t.MACs += c.MACs
		} else {
			t.MACsKnown = false
			t.UnknownMACs = append(t.UnknownMACs, s.Rows[i].Name)
		}
		if c.FLOPsKnown {
			t.FLOPs += c.FLOPs
		} else {
			t.FLOPsKnown = false
		}
		if c.ActivationKnown {
			t.ActivationBytes += c.ActivationBytes
		} else {
			t.ActivationsKnown = false
			t.UnknownActivations = append(t.UnknownActivations, s.Rows[i].Name)
		}
	}
	t.PeakActivationBytes, t.PeakActivationAfter = peak(s.Rows)
	t.ParamBytesByDType, t.ParamBytes = paramBytes(s)
	tr, err := training(s, t, opt)
	if err != nil {
		return err
	}
	t.Training = tr
	s.Totals.Cost = t
	return nil
}

type annotator struct {
	opt  Options
	onnx bool
	// batchName is the symbolic name of the batch dim ("batch_size"), if
	// the format names dims.
	batchName string
}

// batchDimName is the name of the first dim of the first named input.
func batchDimName(rows []summary.Row) string {
	for i := range rows {
		for _, ns := range rows[i].InputDimNames {
			if len(ns) > 0 && ns[0] != "" {
				return ns[0]
			}
		}
	}
	return ""
}

// rc is what a rule sees of a row: its config and shapes with the batch
// size in place of an unknown batch dim.
type rc struct {
	r     *summary.Row
	cfg   catalog.Config
	in    []graph.Shape
	out   []graph.Shape
	batch int64
	a     *annotator
}

// result is what a rule computes for one call.
type result struct {
	macs, flops q
	note        string
}

// withBatch puts the batch size in place of an unknown first dim (unless
// it has a name other than the batch's) and of every dim named as the
// batch.
func (a *annotator) withBatch(s graph.Shape, names []string) graph.Shape {
	var out graph.Shape
	for i, d := range s {
		if d >= 0 {
			continue
		}
		name := ""
		if i < len(names) {
			name = names[i]
		}
		// A named batch dim takes the batch wherever it is. In a model that
		// names its batch dim, an unnamed unknown dim was computed from it
		// (batch·heads, batch·tokens after a Reshape) and stays unknown; in
		// one that names nothing, an unknown first dim is the batch.
		if (name != "" && name == a.batchName) || (i == 0 && name == "" && a.batchName == "") {
			if out == nil {
				out = s.Clone()
			}
			out[i] = a.opt.Batch
		}
	}
	if out == nil {
		return s
	}
	return out
}

func (a *annotator) ctx(r *summary.Row) *rc {
	c := &rc{r: r, cfg: catalog.Config(r.Config), a: a, batch: a.opt.Batch}
	for i, s := range r.InputShapes {
		c.in = append(c.in, a.withBatch(s, at(r.InputDimNames, i)))
	}
	for i, s := range r.OutputShapes {
		c.out = append(c.out, a.withBatch(s, at(r.OutputDimNames, i)))
	}
	if len(c.out) > 0 && len(c.out[0]) > 0 {
		c.batch = c.out[0][0]
	} else if len(c.in) > 0 && len(c.in[0]) > 0 && !a.onnx {
		c.batch = c.in[0][0]
	}
	return c
}

func (a *annotator) row(r *summary.Row) {
	for i := range r.Sub {
		a.row(&r.Sub[i])
	}
	c := a.ctx(r)
	var res result
	var rule string
	switch {
	case r.Nested:
		res, rule = nestedCost(r), "nested model"
	case r.Unknown:
		res, rule = result{macs: unknown("unknown class"), flops: unknown("unknown class")}, "unknown"
	case a.onnx:
		res, rule = onnxCost(c)
	default:
		res, rule = kerasCost(c)
	}
	if a.opt.Convention == Torchinfo && !r.Nested && !r.Unknown {
		res.macs = torchinfoMACs(c)
		rule += ", torchinfo rule"
	}
	calls := int64(max(r.Calls, 1))
	if calls > 1 && !r.Nested {
		res.macs = mul(lit(calls), collapse(res.macs))
		res.flops = mul(lit(calls), collapse(res.flops))
		if r.Multiple {
			res.note = joinNote(res.note, "called with different shapes: each call counted at the shape of the last")
		}
	}
	act := activation(c, r)
	r.Cost = &summary.Cost{
		MACs: res.macs.v, MACsKnown: res.macs.ok, MACsFormula: res.macs.formula(),
		FLOPs: res.flops.v, FLOPsKnown: res.flops.ok, FLOPsFormula: res.flops.formula(),
		ActivationBytes: act.v, ActivationKnown: act.ok, ActivationBytesFormula: act.formula(),
		Rule: rule, Note: res.note,
	}
	if !act.ok {
		r.Cost.ActivationBytes = -1
	}
	if !res.macs.ok {
		r.Cost.MACs = -1
	}
	if !res.flops.ok {
		r.Cost.FLOPs = -1
	}
}

func at(names [][]string, i int) []string {
	if i < len(names) {
		return names[i]
	}
	return nil
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "; " + b
}

// nestedCost sums the rows of a nested model.
func nestedCost(r *summary.Row) result {
	var ms, fs []q
	for i := range r.Sub {
		c := r.Sub[i].Cost
		if c == nil {
			continue
		}
		m, f := lit(c.MACs), lit(c.FLOPs)
		if !c.MACsKnown {
			m = unknown("unknown in " + r.Sub[i].Name)
		}
		if !c.FLOPsKnown {
			f = unknown("unknown in " + r.Sub[i].Name)
		}
		ms, fs = append(ms, m), append(fs, f)
	}
	res := result{macs: add(ms...), flops: add(fs...), note: "sum of the nested model's layers"}
	return res
}

// flopsOf is 2·MACs plus labelled elementwise terms.
func flopsOf(macs q, extra ...q) q {
	terms := []q{named(k(2, collapse(macs)), "MACs")}
	terms = append(terms, extra...)
	return add(terms...)
}

// elems is the element count of a shape as a formula, batch written
// first (and left out when it is 1).
func elems(s graph.Shape) q {
	if len(s) == 0 {
		return dims()
	}
	if !s.Known(0) {
		return unknown("unknown dim in " + s.String())
	}
	return mul(dims(s[0]), dims(s[1:]...))
}

func (c *rc) outElems() q {
	if len(c.out) == 0 {
		return unknown("output shape unknown")
	}
	var ts []q
	for _, s := range c.out {
		ts = append(ts, elems(s))
	}
	return add(ts...)
}

func (c *rc) inElems(i int) q {
	if i >= len(c.in) {
		return unknown("input shape unknown")
	}
	return elems(c.in[i])
}

// weight returns the row's first weight whose name ends in suffix (after
// a "/" or at the start), or nil.
func (c *rc) weight(suffix string) *summary.Weight {
	for i := range c.r.Weights {
		n := c.r.Weights[i].Name
		if n == suffix || strings.HasSuffix(n, "/"+suffix) || strings.HasSuffix(n, "_"+suffix) && suffix != "kernel" {
			return &c.r.Weights[i]
		}
	}
	return nil
}

// wq is a weight's size as a formula of its dims.
func wq(w *summary.Weight) q {
	if w == nil {
		return unknown("weight missing")
	}
	return dims(w.Shape...)
}

// batchQ is the batch factor.
func (c *rc) batchQ() q { return dims(c.batch) }

// activation is the bytes of the row's outputs over all its calls.
func activation(c *rc, r *summary.Row) q {
	if r.Nested {
		var ts []q
		for i := range r.Sub {
			sc := r.Sub[i].Cost
			if sc == nil || r.Sub[i].IsInput {
				continue
			}
			if !sc.ActivationKnown {
				return unknown("unknown in " + r.Sub[i].Name)
			}
			ts = append(ts, lit(sc.ActivationBytes))
		}
		return add(ts...)
	}
	if len(c.out) == 0 || r.Unknown {
		return unknown("output shape unknown")
	}
	var ts []q
	for i, s := range c.out {
		dt := ""
		if i < len(r.OutputDTypes) {
			dt = r.OutputDTypes[i]
		}
		b := c.a.elemBytes(dt)
		e := elems(s)
		if !e.ok {
			return e
		}
		ts = append(ts, mul(e, q{v: b, s: fmt.Sprintf("%d B", b), ok: true}))
	}
	x := add(ts...)
	if calls := int64(max(r.Calls, 1)); calls > 1 {
		x = mul(lit(calls), x)
	}
	return x
}

// floatBytes are the float dtypes --dtype accepts, and their sizes.
var floatBytes = map[string]int64{"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}

// elemBytes is the size of one element of a tensor of dtype dt (Keras or
// ONNX spelling) as counted: floats in the chosen activation dtype.
func (a *annotator) elemBytes(dt string) int64 {
	isFloat := dt == "" || strings.HasPrefix(dt, "float") || dt == "double" || dt == "half" || dt == "bfloat16"
	if isFloat && a.opt.DType != "" {
		return floatBytes[a.opt.DType]
	}
	return DTypeBytes(dt)
}

// DTypeBytes is the size in bytes of one element of dt, in Keras or ONNX
// spelling; 4 when unknown.
func DTypeBytes(dt string) int64 {
	switch strings.ToLower(dt) {
	case "float16", "half", "bfloat16", "int16", "uint16":
		return 2
	case "float64", "double", "int64", "uint64", "complex64":
		return 8
	case "complex128":
		return 16
	case "int8", "uint8", "bool", "float8_e4m3fn", "float8_e5m2", "float8e4m3fn", "float8e5m2":
		return 1
	}
	return 4
}

// peak walks rows in execution order: a row's outputs are live from the
// row until the last row that reads them (to the end when none does, as
// for the model's outputs); the peak is the largest sum of live outputs
// while a row runs (its inputs and its outputs). Nested models add their
// own peak on top of what is live around them.
func peak(rows []summary.Row) (int64, string) {
	idx := map[string]int{}
	for i := range rows {
		idx[rows[i].Name] = i
	}
	last := make([]int, len(rows))
	for i := range last {
		last[i] = -1 // never read: live to the end
	}
	for j := range rows {
		for _, n := range rows[j].Inbound {
			if i, ok := idx[n]; ok && i < j {
				last[i] = max(last[i], j)
			}
		}
	}
	size := func(i int) int64 {
		if c := rows[i].Cost; c != nil && c.ActivationKnown {
			return c.ActivationBytes
		}
		return 0
	}
	var live, best int64
	after := ""
	for i := range rows {
		out := size(i)
		during := live + out
		if rows[i].Nested {
			p, _ := peak(rows[i].Sub)
			during = live + max(p, out)
		}
		if during > best {
			best, after = during, rows[i].Name
		}
		live += out
		for p := 0; p <= i; p++ {
			if last[p] == i {
				live -= size(p)
			}
		}
	}
	return best, after
}

// paramBytes sums the weights of s by dtype, each weight once (Keras 3's
// bits/8 rule).
func paramBytes(s *summary.Summary) ([]summary.DTypeBytes, float64) {
	by := map[string]*summary.DTypeBytes{}
	var order []string
	var total float64
	var walk func(rows []summary.Row)
	walk = func(rows []summary.Row) {
		for i := range rows {
			for _, w := range rows[i].Weights {
				if w.Shared || w.Count < 0 || w.Buffer {
					continue
				}
				dt := w.DType
				if dt == "" {
					dt = "float32"
				}
				d := by[dt]
				if d == nil {
					d = &summary.DTypeBytes{DType: dt}
					by[dt] = d
					order = append(order, dt)
				}
				b := float64(w.Count) * float64(bits(dt)) / 8
				d.Params += w.Count
				d.Bytes += b
				total += b
			}
		}
	}
	walk(s.Rows)
	out := make([]summary.DTypeBytes, 0, len(order))
	for _, dt := range order {
		out = append(out, *by[dt])
	}
	return out, total
}

// bits is the size of a dtype in bits: summary.DTypeBits for Keras
// spellings, ONNX spellings mapped onto them.
func bits(dt string) int {
	switch dt {
	case "float":
		return 32
	case "double":
		return 64
	case "float16", "half", "bfloat16":
		return 16
	}
	return summary.DTypeBits(dt)
}

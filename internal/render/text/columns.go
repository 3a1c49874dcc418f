package text

import (
	"fmt"
	"github.com/netsum/netsum/internal/numfmt"
	"math"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// Column is one column of the torchinfo-style table that --columns asks
// for. Each has one title (columnTitles) and one cell function.
type Column int

// Columns, in torchinfo's order where torchinfo has them.
const (
	ColInput Column = iota
	ColOutput
	ColParams
	ColParamsPercent
	ColMACs
	ColFLOPs
	ColActivations
	ColTrainable
)

// columnNames are the names ParseColumns accepts, first the canonical one
// (torchinfo's col_names spelling where it has one).
var columnNames = [...][]string{
	ColInput:         {"input_size", "input", "input_shape"},
	ColOutput:        {"output_size", "output", "output_shape"},
	ColParams:        {"params", "num_params", "param"},
	ColParamsPercent: {"params_percent", "param_percent"},
	ColMACs:          {"macs", "mult_adds", "mult-adds"},
	ColFLOPs:         {"flops"},
	ColActivations:   {"activations", "activation_bytes", "memory"},
	ColTrainable:     {"trainable"},
}

// columnTitles are the header titles (torchinfo's HEADER_TITLES plus ours).
var columnTitles = [...]string{
	ColInput:         "Input Shape",
	ColOutput:        "Output Shape",
	ColParams:        "Param #",
	ColParamsPercent: "Param %",
	ColMACs:          "Mult-Adds",
	ColFLOPs:         "FLOPs",
	ColActivations:   "Activations",
	ColTrainable:     "Trainable",
}

// ColumnNames lists the canonical column names.
func ColumnNames() []string {
	out := make([]string, len(columnNames))
	for i, n := range columnNames {
		out[i] = n[0]
	}
	return out
}

// ParseColumns reads a comma-separated list of column names.
func ParseColumns(s string) ([]Column, error) {
	var out []Column
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		found := false
		for c, names := range columnNames {
			for _, n := range names {
				if n == f {
					out = append(out, Column(c))
					found = true
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown column %q; valid columns: %s", f, strings.Join(ColumnNames(), ", "))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no columns given; valid columns: %s", strings.Join(ColumnNames(), ", "))
	}
	return out, nil
}

// needsCost reports whether a column reads Row.Cost.
func needsCost(cols []Column) bool {
	for _, c := range cols {
		if c == ColMACs || c == ColFLOPs || c == ColActivations {
			return true
		}
	}
	return false
}

// colWidth is torchinfo's default col_width.
const colWidth = 25

// flatRow is one printed row: depth and per-depth index.
type flatRow struct {
	r     *summary.Row
	depth int
	idx   int
}

// renderColumns writes the table in torchinfo's layout (formatting.py of
// torchinfo 1.8): the model as the root row, one row per layer (nested
// models expanded), the columns asked for, then the totals.
func renderColumns(b *strings.Builder, s *summary.Summary, opt Options) error {
	cols := opt.TableColumns
	if needsCost(cols) && s.Totals.Cost == nil {
		return fmt.Errorf("columns %s need the cost analysis (internal/cost.Annotate)", columnNamesOf(cols))
	}
	var rows []flatRow
	counters := map[int]int{}
	var walk func(rs []summary.Row, depth int)
	walk = func(rs []summary.Row, depth int) {
		for i := range rs {
			counters[depth]++
			rows = append(rows, flatRow{r: &rs[i], depth: depth, idx: counters[depth]})
			walk(rs[i].Sub, depth+1)
		}
	}
	walk(s.Rows, 1)
	names := make([]string, len(rows))
	w := 40
	for i, fr := range rows {
		names[i] = fr.r.Class + " (" + fr.r.Name + "): " + strconv.Itoa(fr.depth) + "-" + strconv.Itoa(fr.idx)
		if m := len([]rune(names[i])) + 5*fr.depth + 1; m >= 40 {
			w = max(w, (m+4)/5*5)
		}
	}
	rootName := s.ModelClass + " (" + s.ModelName + ")"
	if s.ModelClass == "" {
		rootName = s.ModelName
	}
	if m := len([]rune(rootName)) + 1; m >= 40 {
		w = max(w, (m+4)/5*5)
	}
	divider := strings.Repeat("=", w+colWidth*len(cols))
	line := func(name string, cells []string) {
		var l strings.Builder
		l.WriteString(padRight(name, w) + " ")
		for _, c := range cells {
			l.WriteString(padRight(c, colWidth) + " ")
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	b.WriteString(divider + "\n")
	headers := make([]string, len(cols))
	for i, c := range cols {
		headers[i] = columnTitles[c]
	}
	line("Layer (type (var_name):depth-idx)", headers)
	b.WriteString(divider + "\n")
	total := s.Totals.Params
	batch := int64(1)
	if s.Totals.Cost != nil {
		batch = s.Totals.Cost.Batch
	}
	rootCells := make([]string, len(cols))
	for i, c := range cols {
		rootCells[i] = "--"
		if c == ColParamsPercent {
			rootCells[i] = "     --"
		}
	}
	line(rootName, rootCells)
	for i, fr := range rows {
		cells := make([]string, len(cols))
		for j, c := range cols {
			cells[j] = columnCell(c, fr.r, total, batch)
		}
		line(treePrefix(fr.depth)+names[i], cells)
	}
	b.WriteString(divider + "\n")
	t := &s.Totals
	b.WriteString("Total params: " + numfmt.Commas(t.Params) + "\n")
	b.WriteString("Trainable params: " + numfmt.Commas(t.Trainable) + "\n")
	b.WriteString("Non-trainable params: " + numfmt.Commas(t.NonTrainable) + "\n")
	if c := t.Cost; c != nil {
		b.WriteString("Total mult-adds " + unitCount(c.MACs, c.MACsKnown, len(c.UnknownMACs)) + "\n")
		b.WriteString("Total FLOPs " + unitCount(c.FLOPs, c.FLOPsKnown, len(c.UnknownMACs)) + "\n")
		b.WriteString(divider + "\n")
		act := "float32 unless the tensor says otherwise"
		if c.ActivationDType != "" {
			act = c.ActivationDType
		}
		fmt.Fprintf(b, "Batch size: %d; activations in %s\n", c.Batch, act)
		fmt.Fprintf(b, "Params size (MB): %s\n", mb(c.ParamBytes))
		lb := ""
		if !c.ActivationsKnown {
			lb = fmt.Sprintf(" (at least; %d layers of unknown size)", len(c.UnknownActivations))
		}
		fmt.Fprintf(b, "Forward pass size (MB): %s%s\n", mb(float64(c.ActivationBytes)), lb)
		fmt.Fprintf(b, "Peak activations (MB): %s\n", mb(float64(c.PeakActivationBytes)))
		fmt.Fprintf(b, "Estimated Total Size (MB): %s\n", mb(c.ParamBytes+float64(c.ActivationBytes)))
	}
	b.WriteString(divider + "\n")
	return nil
}

func columnNamesOf(cols []Column) string {
	var out []string
	for _, c := range cols {
		out = append(out, columnNames[c][0])
	}
	return strings.Join(out, ",")
}

// treePrefix is torchinfo's get_start_str.
func treePrefix(depth int) string {
	switch depth {
	case 0:
		return ""
	case 1:
		return "├─"
	}
	return strings.Repeat("│    ", depth-1) + "└─"
}

func padRight(s string, w int) string {
	n := len([]rune(s))
	if n >= w {
		return s
	}
	return s + strings.Repeat(" ", w-n)
}

// listShape is a shape as torchinfo prints it, str(list): [1, 24, 24, 32];
// an unknown first dim is the batch size, other unknown dims None.
func listShape(s graph.Shape, batch int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		switch {
		case d >= 0:
			parts[i] = strconv.FormatInt(d, 10)
		case i == 0:
			parts[i] = strconv.FormatInt(batch, 10)
		default:
			parts[i] = "None"
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func shapesCell(ss []graph.Shape, batch int64) string {
	switch len(ss) {
	case 0:
		return "--"
	case 1:
		return listShape(ss[0], batch)
	}
	// torchinfo shows the first tensor of a tuple output.
	return listShape(ss[0], batch)
}

func columnCell(c Column, r *summary.Row, total, batch int64) string {
	switch c {
	case ColInput:
		return shapesCell(r.InputShapes, batch)
	case ColOutput:
		if r.Unknown {
			return "?"
		}
		return shapesCell(r.OutputShapes, batch)
	case ColParams:
		switch {
		case r.Unknown || !r.ParamsKnown:
			return "?"
		case r.Params == 0:
			return "--"
		case allShared(r):
			return "(recursive)"
		case r.Trainable == 0:
			return "(" + numfmt.Commas(r.Params) + ")"
		}
		return numfmt.Commas(r.Params)
	case ColParamsPercent:
		if r.Unknown || !r.ParamsKnown || r.Params == 0 || total == 0 {
			return "     --"
		}
		if allShared(r) {
			return "(recursive)"
		}
		return fmt.Sprintf("%6.2f%%", 100*float64(r.Params)/float64(total))
	case ColMACs:
		if r.Cost == nil || !r.Cost.MACsKnown {
			return "?"
		}
		if r.Cost.MACs <= 0 {
			return "--"
		}
		return numfmt.Commas(r.Cost.MACs)
	case ColFLOPs:
		if r.Cost == nil || !r.Cost.FLOPsKnown {
			return "?"
		}
		if r.Cost.FLOPs <= 0 {
			return "--"
		}
		return numfmt.Commas(r.Cost.FLOPs)
	case ColActivations:
		if r.Cost == nil || !r.Cost.ActivationKnown {
			return "?"
		}
		return ReadableSize(float64(r.Cost.ActivationBytes), true)
	case ColTrainable:
		switch {
		case len(r.Weights) == 0:
			return "--"
		case r.Trainable == 0:
			return "False"
		case r.NonTrainable > 0:
			return "Partial"
		}
		return "True"
	}
	return ""
}

func allShared(r *summary.Row) bool {
	if len(r.Weights) == 0 {
		return false
	}
	for _, w := range r.Weights {
		if !w.Shared {
			return false
		}
	}
	return true
}

// unitCount is torchinfo's mult-adds line: "(M): 3.84", "(G): 4.09";
// "(M): ≥ 3.84 (2 layers unknown)" when some layers have no figure.
func unitCount(n int64, known bool, unknownRows int) string {
	unit, div := "M", 1e6
	switch {
	case n >= 1e12:
		unit, div = "T", 1e12
	case n >= 1e9:
		unit, div = "G", 1e9
	}
	v := float64(n) / div
	var num string
	if v == math.Trunc(v) {
		num = numfmt.Commas(int64(v))
	} else {
		num = strconv.FormatFloat(v, 'f', 2, 64)
		if i := strings.IndexByte(num, '.'); i > 3 {
			num = numfmt.Commas(int64(v)) + num[i:]
		}
	}
	if !known {
		return fmt.Sprintf("(%s): ≥ %s (%d layers without a figure)", unit, num, unknownRows)
	}
	return "(" + unit + "): " + num
}

// mb is bytes in torchinfo's MB (1e6 bytes), two decimals.
func mb(b float64) string { return strconv.FormatFloat(b/1e6, 'f', 2, 64) }

// renderMemory writes the compute and training-memory breakdown.
func renderMemory(b *strings.Builder, s *summary.Summary) error {
	c := s.Totals.Cost
	if c == nil {
		return fmt.Errorf("--memory needs the cost analysis (internal/cost.Annotate)")
	}
	act := "their own dtype"
	if c.ActivationDType != "" {
		act = c.ActivationDType
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "Compute (batch %d, %s convention, docs/cost.md):\n", c.Batch, c.Convention)
	macs, flops := numfmt.Commas(c.MACs), numfmt.Commas(c.FLOPs)
	if !c.MACsKnown {
		macs = "≥ " + macs
	}
	if !c.FLOPsKnown {
		flops = "≥ " + flops
	}
	rows := [][3]string{
		{"MACs", macs, humanCount(c.MACs)},
		{"FLOPs", flops, humanCount(c.FLOPs)},
	}
	table(b, rows)
	if len(c.UnknownMACs) > 0 {
		fmt.Fprintf(b, "  not counted: %s\n", strings.Join(c.UnknownMACs, ", "))
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "Memory (batch %d, activations in %s):\n", c.Batch, act)
	var params [][3]string
	for _, d := range c.ParamBytesByDType {
		params = append(params, [3]string{"Parameters (" + d.DType + ")", numfmt.Commas(d.Params) + " × " + strconv.FormatFloat(float64(bitsOf(d.DType))/8, 'f', -1, 64) + " B = " + fbytes(d.Bytes) + " B", ReadableSize(d.Bytes, true)})
	}
	fwd := numfmt.Commas(c.ActivationBytes) + " B"
	if !c.ActivationsKnown {
		fwd = "≥ " + fwd
	}
	params = append(params,
		[3]string{"Activations, forward pass", fwd, ReadableSize(float64(c.ActivationBytes), true)},
		[3]string{"Peak activations", numfmt.Commas(c.PeakActivationBytes) + " B (at " + c.PeakActivationAfter + ")", ReadableSize(float64(c.PeakActivationBytes), true)})
	table(b, params)
	if t := c.Training; t != nil {
		b.WriteString("\n")
		src := map[string]string{"flag": "--optimizer", "compile": "the model's compile info", "none": "none given: --optimizer NAME"}[t.Source]
		fmt.Fprintf(b, "Training step (optimizer %s, from %s; %s):\n", t.Optimizer, src, t.SlotsRule)
		table(b, [][3]string{
			{"Weights", t.ParamFormula, ReadableSize(t.ParamBytes, true)},
			{"Gradients", t.GradientFormula, ReadableSize(t.GradientBytes, true)},
			{"Optimizer state", t.OptimizerFormula, ReadableSize(t.OptimizerBytes, true)},
			{"Activations kept", t.ActivationFormula, ReadableSize(float64(t.ActivationBytes), true)},
			{"Total", fbytes(t.TotalBytes) + " B", ReadableSize(t.TotalBytes, true)},
		})
		for _, n := range t.Notes {
			b.WriteString("  note: " + n + "\n")
		}
	}
	return nil
}

// table writes label, formula and human size in aligned columns.
func table(b *strings.Builder, rows [][3]string) {
	w0, w1 := 0, 0
	for _, r := range rows {
		w0 = max(w0, len([]rune(r[0])))
		w1 = max(w1, len([]rune(r[1])))
	}
	for _, r := range rows {
		b.WriteString(strings.TrimRight("  "+padRight(r[0]+":", w0+1)+"  "+padRight(r[1], w1)+"  "+r[2], " "))
		b.WriteByte('\n')
	}
}

// humanCount is a count in K/M/G/T (powers of 1000).
func humanCount(n int64) string {
	v := float64(n)
	for _, u := range []string{"", "K", "M", "G", "T"} {
		if math.Abs(v) < 1000 || u == "T" {
			if u == "" {
				return strconv.FormatInt(n, 10)
			}
			return strconv.FormatFloat(v, 'f', 2, 64) + " " + u
		}
		v /= 1000
	}
	return ""
}

func fbytes(b float64) string {
	if b == math.Trunc(b) && math.Abs(b) < 1<<62 {
		return numfmt.Commas(int64(b))
	}
	return strconv.FormatFloat(b, 'f', 3, 64)
}

// bitsOf mirrors the bit sizes internal/cost uses (ONNX names included).
func bitsOf(dt string) int {
	switch dt {
	case "float":
		return 32
	case "double":
		return 64
	case "half":
		return 16
	}
	return summary.DTypeBits(dt)
}

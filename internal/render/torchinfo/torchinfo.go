// Package torchinfo prints a summary.Summary as torchinfo's summary()
// table, byte for byte as torchinfo 1.8.0 prints it (formatting.py,
// model_statistics.py, layer_info.py of that tag), and prints checkpoint
// tables (modules, tensors, dtypes, bytes) for models read from weight
// files. The tables import summary and graph only: the folds below
// (leftover parameters, totals, memory lines) are torchinfo's own printing
// arithmetic over the rows; MACs come from the rows' Cost when set.
// RenderStyle (style.go) is the one choice of these styles for the CLI and
// `netsum serve`; it asks internal/cost for torchinfo's Mult-Adds rule.
package torchinfo

import (
	"fmt"
	"github.com/netsum/netsum/internal/numfmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// Column is one of torchinfo's col_names.
type Column int

// Columns, in the order of torchinfo's ColumnSettings.
const (
	KernelSize Column = iota
	InputSize
	OutputSize
	NumParams
	ParamsPercent
	MultAdds
	Trainable
)

var columnNames = [...]string{"kernel_size", "input_size", "output_size", "num_params", "params_percent", "mult_adds", "trainable"}

var columnTitles = [...]string{"Kernel Shape", "Input Shape", "Output Shape", "Param #", "Param %", "Mult-Adds", "Trainable"}

// ColumnNames lists the names ParseColumns accepts (torchinfo's col_names).
func ColumnNames() []string { return append([]string(nil), columnNames[:]...) }

// ParseColumns reads a comma-separated list of torchinfo col_names.
func ParseColumns(s string) ([]Column, error) {
	var out []Column
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		found := false
		for i, n := range columnNames {
			if n == f {
				out = append(out, Column(i))
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown torchinfo column %q (expected %s)", f, strings.Join(columnNames[:], ", "))
		}
	}
	return out, nil
}

// Options are summary()'s formatting arguments.
type Options struct {
	// Columns is col_names; nil means torchinfo's default: output_size and
	// num_params when the summary has inputs, else num_params.
	Columns []Column
	// ColWidth is col_width (0 = 25).
	ColWidth int
	// Depth is depth (0 = 3; use a negative value for depth=0).
	Depth int
	// VarNames adds "var_names" to row_settings; NoDepthIdx drops "depth".
	VarNames, NoDepthIdx bool
	// ASCII is row_settings "ascii_only"; HideRecursive is
	// "hide_recursive_layers".
	ASCII, HideRecursive bool
	// EnumLabels prints the units as Python ≥ 3.11 does with torchinfo
	// 1.7.2–1.8.0: "(Units.GIGABYTES)" instead of "(G)" (TylerYep/torchinfo#350).
	EnumLabels bool
}

// inputOverhead is sys.getsizeof of a tensor's storage beyond its bytes
// (torch 1.13, and recent torch): torchinfo's input size adds it per input.
const inputOverhead = 56

// info is one row of torchinfo's summary_list.
type info struct {
	class, varName   string
	depth, idx       int
	module           int // summary.Row.Module; 0 for the root
	leaf, recursive  bool
	params, train    int64
	paramBytes       int64
	in, out          graph.Shape
	hasIn, hasOut    bool
	outBytes         int64
	macs             int64
	kernel           string
	pos, end         int // descendants are list[pos+1:end]
	leftover, leftTr int64
}

// elementBytes is torch's element size of a dtype (float32 when unknown).
func elementBytes(dt string) int64 {
	switch dt {
	case "float64", "int64", "uint64", "complex64", "double", "long":
		return 8
	case "float16", "bfloat16", "int16", "uint16", "half", "complex32":
		return 2
	case "int8", "uint8", "bool", "qint8", "quint8", "float8_e4m3fn", "float8_e5m2":
		return 1
	case "complex128":
		return 16
	}
	return 4
}

func numel(s graph.Shape) (int64, bool) {
	n := int64(1)
	for _, d := range s {
		if d < 0 {
			return 0, false
		}
		n *= d
	}
	return n, true
}

// list flattens the summary into torchinfo's summary_list: the model as
// the root row, then every row depth-first.
func list(s *summary.Summary) []*info {
	// torchinfo's is_leaf_layer is structural (not any(module.children()));
	// without a module tree, a row with no rows under it stands for a leaf.
	root := &info{class: s.ModelClass, depth: 0, leaf: len(s.Rows) == 0,
		params: s.Totals.Params, train: s.Totals.Trainable}
	if s.ModuleTree {
		root.leaf = s.RootModuleLeaf
	}
	if root.class == "" {
		root.class = s.ModelName
	}
	root.varName = root.class
	if len(s.Inputs) > 0 {
		root.in, root.hasIn = s.Inputs[0].Shape, true
	}
	if len(s.Outputs) > 0 {
		root.out, root.hasOut = s.Outputs[0].Shape, true
	}
	out := []*info{root}
	var walk func(rows []summary.Row, depth int)
	walk = func(rows []summary.Row, depth int) {
		for i := range rows {
			r := &rows[i]
			if s.ModuleTree && r.NotModule {
				// Parameters no module call reached (the root's own, those
				// of modules never called): torchinfo lists no row for
				// them; they are the root's leftover.
				continue
			}
			in := &info{class: r.Class, varName: r.Name, depth: depth, leaf: !r.Nested && len(r.Sub) == 0,
				recursive: r.Recursive, module: r.Module, params: r.Params, train: r.Trainable}
			if s.ModuleTree {
				in.leaf = r.ModuleLeaf
			}
			if in.class == "" {
				in.class = r.Name
			}
			for _, w := range r.Weights {
				if !w.Buffer && w.Count > 0 {
					in.paramBytes += w.Count * elementBytes(w.DType)
				}
			}
			if len(r.InputShapes) > 0 && r.InputShapes[0] != nil {
				in.in, in.hasIn = r.InputShapes[0], true
			}
			if len(r.OutputShapes) > 0 && r.OutputShapes[0] != nil {
				in.out, in.hasOut = r.OutputShapes[0], true
				dt := ""
				if len(r.OutputDTypes) > 0 {
					dt = r.OutputDTypes[0]
				}
				if n, ok := numel(in.out); ok {
					in.outBytes = n * elementBytes(dt)
				}
			}
			if r.Cost != nil && r.Cost.MACsKnown {
				in.macs = r.Cost.MACs
			}
			in.kernel = kernelString(r.Config["kernel_size"])
			out = append(out, in)
			walk(r.Sub, depth+1)
		}
	}
	walk(s.Rows, 1)
	// Descendant ranges, per-depth indices, leftovers (from the end, so a
	// row's descendants are done first).
	counters := map[int]int{}
	for i, in := range out {
		in.pos, in.end = i, len(out)
		for j := i + 1; j < len(out); j++ {
			if out[j].depth <= in.depth {
				in.end = j
				break
			}
		}
		if in.depth > 0 {
			counters[in.depth]++
			in.idx = counters[in.depth]
		}
	}
	for i := len(out) - 1; i >= 0; i-- {
		in := out[i]
		if !in.leaf && in.macs == 0 {
			// torchinfo computes a container's own MACs from all its
			// parameters; here only whether it has any matters, and the
			// leaf descendants stand for it.
			for _, c := range out[i+1 : in.end] {
				if c.leaf {
					in.macs += c.macs
				}
			}
		}
		in.leftover, in.leftTr = in.params, in.train
		// A recursive row listed under a container whose descendants do
		// not list the module before (a module shared with another
		// parent) takes its parameters out of the container's leftover
		// once, with its subtree: they are counted where the module was
		// first listed, as torch counts them and torchinfo master prints
		// them (torchinfo 1.8.0 nests such rows under the wrong parent;
		// cmd/netsum/recursive_test.go).
		seen := map[int]bool{}
		for j := i + 1; j < in.end; {
			c := out[j]
			if c.recursive {
				// (Module 0: identity unknown, counted inside.)
				if c.module != 0 && !seen[c.module] {
					in.leftover -= c.params
					in.leftTr -= c.train
				}
				seen[c.module] = true
				j = c.end
				continue
			}
			seen[c.module] = true
			if c.leaf {
				in.leftover -= c.params
				in.leftTr -= c.train
			} else {
				in.leftover -= c.leftover
				in.leftTr -= c.leftTr
			}
			j++
		}
	}
	return out
}

func kernelString(v any) string {
	switch k := v.(type) {
	case nil:
		return ""
	case int:
		return strconv.Itoa(k)
	case int64:
		return strconv.FormatInt(k, 10)
	case float64:
		return strconv.FormatInt(int64(k), 10)
	case []int64:
		return shapeString(k)
	case []int:
		s := make([]int64, len(k))
		for i, x := range k {
			s[i] = int64(x)
		}
		return shapeString(s)
	case []any:
		s := make([]string, len(k))
		for i, x := range k {
			s[i] = kernelString(x)
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// shapeString prints a shape as str(list) does: [1, 64, 112, 112].
func shapeString(s []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		if d < 0 {
			b.WriteString("None")
		} else {
			b.WriteString(strconv.FormatInt(d, 10))
		}
	}
	b.WriteByte(']')
	return b.String()
}

type printer struct {
	opt       Options
	cols      []Column
	nameWidth int
	colWidth  int
	maxDepth  int
	withInput bool
}

func (p *printer) nameText(in *info) string {
	name := in.class
	if p.opt.VarNames && in.varName != "" {
		name += " (" + in.varName + ")"
	}
	if !p.opt.NoDepthIdx && in.depth > 0 {
		name += ": " + strconv.Itoa(in.depth) + "-" + strconv.Itoa(in.idx)
	}
	return name
}

func (p *printer) startStr(depth int) string {
	switch depth {
	case 0:
		return ""
	case 1:
		if p.opt.ASCII {
			return "+ "
		}
		return "├─"
	}
	if p.opt.ASCII {
		return strings.Repeat("|    ", depth-1) + "+ "
	}
	return strings.Repeat("│    ", depth-1) + "└─"
}

func pad(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func (p *printer) row(name string, cells map[Column]string) string {
	var b strings.Builder
	b.WriteString(pad(name, p.nameWidth))
	b.WriteByte(' ')
	for _, c := range p.cols {
		b.WriteString(pad(cells[c], p.colWidth))
		b.WriteByte(' ')
	}
	return strings.TrimRight(b.String(), " ") + "\n"
}

func dash(s string) string {
	if s == "" {
		return "--"
	}
	return s
}

func (p *printer) cells(in *info, all []*info, total int64) map[Column]string {
	reached := in.depth == p.maxDepth
	c := map[Column]string{}
	if in.hasIn {
		c[InputSize] = shapeString(in.in)
	} else {
		c[InputSize] = "--"
	}
	if in.hasOut {
		c[OutputSize] = shapeString(in.out)
	} else {
		c[OutputSize] = "--"
	}
	c[KernelSize] = dash(in.kernel)
	// Param #
	switch {
	case in.params == 0:
		c[NumParams] = "--"
	case in.recursive:
		c[NumParams] = "(recursive)"
	case reached || in.leaf:
		c[NumParams] = numfmt.Commas(in.params)
		if in.train == 0 {
			c[NumParams] = "(" + c[NumParams] + ")"
		}
	case in.leftover > 0:
		c[NumParams] = numfmt.Commas(in.leftover)
	default:
		c[NumParams] = "--"
	}
	// Param %
	zero := "     --"
	switch {
	case total == 0:
		c[ParamsPercent] = zero
	case in.recursive:
		c[ParamsPercent] = "(recursive)"
	default:
		n := in.leftover
		if reached || in.leaf {
			n = in.params
		}
		if n == 0 {
			c[ParamsPercent] = zero
		} else {
			c[ParamsPercent] = fmt.Sprintf("%7s", strconv.FormatFloat(float64(n)/float64(total)*100, 'f', 2, 64)+"%")
		}
	}
	// Mult-Adds
	switch {
	case in.macs <= 0:
		c[MultAdds] = "--"
	case in.leaf:
		c[MultAdds] = numfmt.Commas(in.macs)
	case reached:
		var sum int64
		for _, d := range all[in.pos+1 : in.end] {
			if d.leaf {
				sum += d.macs
			}
		}
		c[MultAdds] = numfmt.Commas(sum)
	default:
		c[MultAdds] = "--"
	}
	// Trainable
	switch {
	case in.params == 0:
		c[Trainable] = "--"
	case in.train == 0:
		c[Trainable] = "False"
	case in.params == in.train:
		c[Trainable] = "True"
	default:
		c[Trainable] = "Partial"
	}
	return c
}

// Render writes s as torchinfo 1.8.0's summary() prints it, followed by a
// newline (print adds one).
func Render(w io.Writer, s *summary.Summary, opt Options) error {
	p := &printer{opt: opt, colWidth: opt.ColWidth, maxDepth: opt.Depth, withInput: len(s.Inputs) > 0}
	if p.colWidth <= 0 {
		p.colWidth = 25
	}
	switch {
	case p.maxDepth == 0:
		p.maxDepth = 3
	case p.maxDepth < 0:
		p.maxDepth = 0
	}
	p.cols = opt.Columns
	if p.cols == nil {
		if p.withInput {
			p.cols = []Column{OutputSize, NumParams}
		} else {
			p.cols = []Column{NumParams}
		}
	}
	all := list(s)

	// Totals (model_statistics.py __init__).
	var totalParams, trainParams, macs, outBytes, paramBytes int64
	for _, in := range all {
		if in.leaf {
			macs += in.macs
			if in.params > 0 {
				outBytes += 2 * in.outBytes
			}
			if in.recursive {
				continue
			}
			totalParams += max(in.params, 0)
			paramBytes += in.paramBytes
			trainParams += max(in.train, 0)
		} else {
			if in.recursive {
				continue
			}
			totalParams += max(in.leftover, 0)
			trainParams += max(in.leftTr, 0)
		}
	}
	// set_layer_name_width over every row, printed or not.
	p.nameWidth = 40
	m := 0
	for _, in := range all {
		m = max(m, utf8.RuneCountInString(p.nameText(in))+in.depth*5+1)
	}
	if m >= p.nameWidth {
		p.nameWidth = (m + 4) / 5 * 5
	}
	divider := strings.Repeat("=", p.nameWidth+p.colWidth*len(p.cols))

	var b strings.Builder
	b.WriteString(divider + "\n")
	header := "Layer (type"
	if opt.VarNames {
		header += " (var_name)"
	}
	if !opt.NoDepthIdx {
		header += ":depth-idx"
	}
	header += ")"
	titles := map[Column]string{}
	for i, t := range columnTitles {
		titles[Column(i)] = t
	}
	b.WriteString(p.row(header, titles))
	b.WriteString(divider + "\n")
	for _, in := range all {
		if in.depth > p.maxDepth || (opt.HideRecursive && in.recursive) {
			continue
		}
		b.WriteString(p.row(p.startStr(in.depth)+p.nameText(in), p.cells(in, all, totalParams)))
	}
	b.WriteString(divider + "\n")
	fmt.Fprintf(&b, "Total params: %s\n", numfmt.Commas(totalParams))
	fmt.Fprintf(&b, "Trainable params: %s\n", numfmt.Commas(trainParams))
	fmt.Fprintf(&b, "Non-trainable params: %s\n", numfmt.Commas(totalParams-trainParams))
	if p.withInput {
		var inBytes int64
		for _, t := range s.Inputs {
			if n, ok := numel(t.Shape); ok {
				inBytes += n*elementBytes(t.DType) + inputOverhead
			}
		}
		fmt.Fprintf(&b, "Total mult-adds%s\n%s\n", p.macsString(macs), divider)
		fmt.Fprintf(&b, "Input size (MB): %s\n", mb(inBytes))
		fmt.Fprintf(&b, "Forward/backward pass size (MB): %s\n", mb(outBytes))
		fmt.Fprintf(&b, "Params size (MB): %s\n", mb(paramBytes))
		fmt.Fprintf(&b, "Estimated Total Size (MB): %s\n", mb(inBytes+outBytes+paramBytes))
	}
	b.WriteString(divider + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// mb is f"{bytes / 1e6:0.2f}".
func mb(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 2, 64) }

// macsString is format_output_num(total_mult_adds, Units.AUTO).
func (p *printer) macsString(n int64) string {
	unit, label, div := "M", "Units.MEGABYTES", 1e6
	switch {
	case float64(n) >= 1e12:
		unit, label, div = "T", "Units.TERABYTES", 1e12
	case float64(n) >= 1e9:
		unit, label, div = "G", "Units.GIGABYTES", 1e9
	}
	if p.opt.EnumLabels {
		unit = label
	}
	v := float64(n) / div
	if v == math.Trunc(v) {
		return fmt.Sprintf(" (%s): %s", unit, numfmt.Commas(int64(v)))
	}
	return fmt.Sprintf(" (%s): %s", unit, numfmt.CommasFixed(v, 2))
}

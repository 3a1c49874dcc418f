package text

import (
	"github.com/netsum/netsum/internal/numfmt"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/summary"
)

// layout is a table's line length, absolute column positions and headers.
type layout struct {
	length    int
	positions []int
	headers   []string
	graph     bool
}

// classicLayout is the layout of Keras 1/2 and tf.keras ≤2.6 and 2.7+
// (without the Trainable column).
func classicLayout(st *Style, s *summary.Summary, lineLength int) layout {
	graph := st.alwaysGraph || !s.SequentialLike
	l := layout{graph: graph}
	var pos []float64
	if graph {
		l.length, pos = st.graphLen, st.graphPos
		l.headers = []string{"Layer (type)", "Output Shape", "Param #", "Connected to"}
	} else {
		l.length, pos = st.seqLen, st.seqPos
		l.headers = []string{"Layer (type)", "Output Shape", "Param #"}
	}
	if lineLength > 0 {
		l.length = lineLength
	}
	for _, p := range pos {
		// Python: int(line_length * p), truncating toward zero.
		l.positions = append(l.positions, int(float64(l.length)*p))
	}
	return l
}

// renderClassic is print_summary of Keras 1.x, 2.0–2.3 and tf.keras of
// TF 2.0–2.6.
func renderClassic(b *strings.Builder, st *Style, s *summary.Summary, opt Options) {
	l := classicLayout(st, s, opt.LineLength)
	L := l.length
	printRow := func(fields []string) {
		var line []rune
		for i, f := range fields {
			if i > 0 && st.forcedSpace {
				line = append(pySliceTo(line, -1), ' ')
			}
			line = append(line, []rune(f)...)
			line = pySliceTo(line, l.positions[i])
			if pad := l.positions[i] - len(line); pad > 0 {
				line = append(line, []rune(strings.Repeat(" ", pad))...)
			}
		}
		b.WriteString(string(line))
		b.WriteByte('\n')
	}
	rule := func(c string) {
		b.WriteString(strings.Repeat(c, max(L, 0)))
		b.WriteByte('\n')
	}
	if st.modelLine {
		b.WriteString(`Model: "` + s.ModelName + `"` + "\n")
	}
	rule("_")
	printRow(l.headers)
	rule("=")
	for i := range s.Rows {
		r := &s.Rows[i]
		fields := []string{nameCell(r), shapeCell(st, r), paramCell(st, r)}
		var conns []string
		if l.graph {
			if !st.noConnections {
				conns = r.Connected
			}
			first := ""
			if len(conns) > 0 {
				first = conns[0]
			}
			fields = append(fields, first)
		}
		printRow(fields)
		for _, c := range conns[min(1, len(conns)):] {
			printRow([]string{"", "", "", c})
		}
		if i == len(s.Rows)-1 {
			rule("=")
		} else {
			rule("_")
		}
	}
	writeTotals(b, st, s)
	rule("_")
}

// writeTotals writes the totals lines of the classic and wrapping printers.
func writeTotals(b *strings.Builder, st *Style, s *summary.Summary) {
	t := &s.Totals
	switch st.totals {
	case totalsPlainTrainable:
		b.WriteString("Total params: " + strconv.FormatInt(t.Trainable, 10) + "\n")
	case totalsCommas:
		b.WriteString("Total params: " + numfmt.Commas(t.Trainable+t.NonTrainable) + "\n")
		b.WriteString("Trainable params: " + numfmt.Commas(t.Trainable) + "\n")
		b.WriteString("Non-trainable params: " + numfmt.Commas(t.NonTrainable) + "\n")
	case totalsBytes:
		total := t.TrainableBytes + t.NonTrainableBytes
		b.WriteString("Total params: " + strconv.FormatInt(t.Trainable+t.NonTrainable, 10) + " (" + ReadableSize(total, false) + ")\n")
		b.WriteString("Trainable params: " + strconv.FormatInt(t.Trainable, 10) + " (" + ReadableSize(t.TrainableBytes, false) + ")\n")
		b.WriteString("Non-trainable params: " + strconv.FormatInt(t.NonTrainable, 10) + " (" + ReadableSize(t.NonTrainableBytes, false) + ")\n")
	}
}

// pySliceTo is Python's s[:n].
func pySliceTo(s []rune, n int) []rune {
	if n < 0 {
		n += len(s)
		if n < 0 {
			n = 0
		}
	}
	if n > len(s) {
		n = len(s)
	}
	return s[:n:n]
}

// pySliceFrom is Python's s[n:].
func pySliceFrom(s []rune, n int) []rune {
	if n < 0 {
		n += len(s)
		if n < 0 {
			n = 0
		}
	}
	if n > len(s) {
		n = len(s)
	}
	return s[n:]
}

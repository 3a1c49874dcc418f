package text

import (
	"fmt"
	"github.com/netsum/netsum/internal/numfmt"
	"math"
	"strings"
	"unicode"

	"github.com/netsum/netsum/internal/summary"
)

// This file reproduces the parts of rich (Textualize/rich: table.py,
// _ratio.py, _wrap.py, text.py, containers.py, padding.py, box.py) that
// Keras 3's print_summary uses: a Table with fixed column widths, the
// HEAVY_HEAD box, show_lines, padding (0, 1), word wrapping with the
// "ellipsis" overflow, header cells aligned to the bottom.

type justify int

const (
	justifyLeft justify = iota
	justifyRight
	justifyCenter
)

// richColumn is one rich.table.Column.
type richColumn struct {
	header  string
	justify justify
	width   int
}

// richWidths is Table._calculate_column_widths for columns that all have a
// fixed width: each measures width+2 (padding); if the sum is over the
// table's width less its n+1 borders, ratio_reduce takes the excess from
// every column alike. It returns the widths including padding.
func richWidths(cols []richColumn, tableWidth int) []int {
	n := len(cols)
	maxWidth := tableWidth - (n + 1)
	widths := make([]int, n)
	total := 0
	for i, c := range cols {
		w := c.width + 2
		if maxWidth < 1 {
			w = 0
		} else if w > maxWidth {
			w = maxWidth
		}
		widths[i] = w
		total += w
	}
	if total <= maxWidth {
		return widths
	}
	// Column widths are fixed, so _collapse_widths changes nothing; the
	// last resort reduces every column: ratio_reduce(excess, [1]*n,
	// widths, widths).
	ratios := make([]int, n)
	totalRatio := 0
	for i, w := range widths {
		if w != 0 { // ratio if maximum else 0
			ratios[i] = 1
			totalRatio++
		}
	}
	if totalRatio == 0 {
		return widths
	}
	remaining := total - maxWidth
	out := make([]int, n)
	for i, w := range widths {
		if ratios[i] != 0 && totalRatio > 0 {
			d := int(math.RoundToEven(float64(ratios[i]*remaining) / float64(totalRatio)))
			d = min(w, d)
			out[i] = w - d
			remaining -= d
			totalRatio -= ratios[i]
		} else {
			out[i] = w
		}
	}
	// Measured again at the reduced width: the maximum is the reduced width
	// (0 when it is below 1).
	for i, w := range out {
		if w < 1 {
			out[i] = 0
		}
	}
	return out
}

// renderRichTable writes the table lines (each ending in "\n").
func renderRichTable(b *strings.Builder, cols []richColumn, rows [][]string, tableWidth, crop int) {
	widths := richWidths(cols, tableWidth)
	line := func(s string) {
		if crop > 0 {
			s = cropCells(s, crop)
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	edge := func(left, fill, cross, right string) {
		var l strings.Builder
		l.WriteString(left)
		for i, w := range widths {
			l.WriteString(strings.Repeat(fill, max(w, 0)))
			if i < len(widths)-1 {
				l.WriteString(cross)
			}
		}
		l.WriteString(right)
		line(l.String())
	}
	renderRow := func(cells []string, header bool, vertical string) {
		rendered := make([][]string, len(cols))
		height := 1
		for i, c := range cols {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			rendered[i] = paddedCell(text, widths[i], c.justify)
			height = max(height, len(rendered[i]))
		}
		for i := range rendered {
			blank := strings.Repeat(" ", max(widths[i], 0))
			for len(rendered[i]) < height {
				if header {
					// Header cells are aligned to the bottom.
					rendered[i] = append([]string{blank}, rendered[i]...)
				} else {
					rendered[i] = append(rendered[i], blank)
				}
			}
		}
		for ln := 0; ln < height; ln++ {
			var l strings.Builder
			l.WriteString(vertical)
			for i := range rendered {
				l.WriteString(rendered[i][ln])
				l.WriteString(vertical)
			}
			line(l.String())
		}
	}
	edge("┏", "━", "┳", "┓")
	headers := make([]string, len(cols))
	for i, c := range cols {
		headers[i] = c.header
	}
	renderRow(headers, true, "┃")
	edge("┡", "━", "╇", "┩")
	for i, r := range rows {
		renderRow(r, false, "│")
		if i < len(rows)-1 {
			edge("├", "─", "┼", "┤")
		}
	}
	edge("└", "─", "┴", "┘")
}

// paddedCell renders text in a cell of width w (padding included): the
// text is wrapped at w-2 cells and each line gets one space either side.
func paddedCell(text string, w int, j justify) []string {
	inner := w - 2
	if inner < 0 {
		// Padding does not fit: rich crops the padded line to the width.
		return []string{cropCells(strings.Repeat(" ", w), w)}
	}
	lines := wrapText(text, inner, j)
	for i, l := range lines {
		lines[i] = cropCells(" "+l+" ", w)
	}
	return lines
}

// wrapText is rich's Text.wrap(width, justify, overflow="ellipsis") followed
// by the padding of render_lines(pad=True): every line is exactly width
// cells.
func wrapText(text string, width int, j justify) []string {
	rs := []rune(text)
	offsets := divideLine(rs, width, false)
	var pieces [][]rune
	prev := 0
	for _, o := range offsets {
		pieces = append(pieces, rs[prev:o])
		prev = o
	}
	pieces = append(pieces, rs[prev:])
	out := make([]string, 0, len(pieces))
	for _, p := range pieces {
		p = rstripEnd(p, width)
		var s string
		switch j {
		case justifyLeft:
			s = truncateEllipsis(string(p), width)
			s += strings.Repeat(" ", max(width-cellLen(s), 0))
		case justifyRight:
			t := truncateEllipsis(strings.TrimRightFunc(string(p), unicode.IsSpace), width)
			s = strings.Repeat(" ", max(width-cellLen(t), 0)) + t
		case justifyCenter:
			t := truncateEllipsis(strings.TrimRightFunc(string(p), unicode.IsSpace), width)
			left := max(width-cellLen(t), 0) / 2
			t = strings.Repeat(" ", left) + t
			s = t + strings.Repeat(" ", max(width-cellLen(t), 0))
		}
		out = append(out, padCells(s, width))
	}
	return out
}

// word is one match of rich's `\s*\S+\s*`.
type word struct {
	start int
	text  []rune
}

func words(rs []rune) []word {
	var out []word
	i := 0
	for i < len(rs) {
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if j == len(rs) {
			break // no \S left: no match
		}
		for j < len(rs) && !unicode.IsSpace(rs[j]) {
			j++
		}
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		out = append(out, word{start: i, text: rs[i:j]})
		i = j
	}
	return out
}

// divideLine is rich's _wrap.divide_line: the offsets at which to break
// text so each line fits width cells.
func divideLine(rs []rune, width int, fold bool) []int {
	var breaks []int
	offset := 0
	for _, w := range words(rs) {
		wordLen := cellLen(strings.TrimRightFunc(string(w.text), unicode.IsSpace))
		remaining := width - offset
		switch {
		case remaining >= wordLen:
			offset += cellLen(string(w.text))
		case wordLen > width:
			if fold {
				start := w.start
				chunks := chopCells(w.text, width)
				for k, c := range chunks {
					if start > 0 {
						breaks = append(breaks, start)
					}
					if k == len(chunks)-1 {
						offset = cellLen(string(c))
					} else {
						start += len(c)
					}
				}
			} else {
				if w.start > 0 {
					breaks = append(breaks, w.start)
				}
				offset = cellLen(string(w.text))
			}
		case offset > 0 && w.start > 0:
			breaks = append(breaks, w.start)
			offset = cellLen(string(w.text))
		}
	}
	return breaks
}

// chopCells splits rs into pieces of at most width cells (rich's
// chop_cells).
func chopCells(rs []rune, width int) [][]rune {
	var out [][]rune
	var cur []rune
	n := 0
	for _, r := range rs {
		w := runeWidth(r)
		if n+w > width && len(cur) > 0 {
			out = append(out, cur)
			cur, n = nil, 0
		}
		cur = append(cur, r)
		n += w
	}
	if len(cur) > 0 || len(out) == 0 {
		out = append(out, cur)
	}
	return out
}

// rstripEnd is Text.rstrip_end: drop trailing whitespace beyond size chars.
func rstripEnd(rs []rune, size int) []rune {
	if len(rs) <= size {
		return rs
	}
	excess := len(rs) - size
	ws := 0
	for ws < len(rs) && unicode.IsSpace(rs[len(rs)-1-ws]) {
		ws++
	}
	return rs[:len(rs)-min(ws, excess)]
}

// truncateEllipsis is Text.truncate(width, overflow="ellipsis").
func truncateEllipsis(s string, width int) string {
	if cellLen(s) > width {
		return setCellSize(s, width-1) + "…"
	}
	return s
}

// padCells pads or crops s to exactly width cells.
func padCells(s string, width int) string {
	n := cellLen(s)
	if n > width {
		return setCellSize(s, width)
	}
	return s + strings.Repeat(" ", width-n)
}

// setCellSize crops s to width cells, padding with spaces where a wide
// character would straddle the edge.
func setCellSize(s string, width int) string {
	if width <= 0 {
		return ""
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		w := runeWidth(r)
		if n+w > width {
			break
		}
		b.WriteRune(r)
		n += w
	}
	b.WriteString(strings.Repeat(" ", width-n))
	return b.String()
}

// cropCells cuts s after width cells (no padding).
func cropCells(s string, width int) string {
	if cellLen(s) <= width {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		w := runeWidth(r)
		if n+w > width {
			break
		}
		b.WriteRune(r)
		n += w
	}
	return b.String()
}

func cellLen(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth is the number of terminal cells of r: 0 for combining and
// zero-width characters, 2 for East Asian wide and fullwidth ones.
func runeWidth(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), r == 0x200B, r == 0x200C, r == 0x200D, r == 0xFEFF:
		return 0
	case r >= 0x1100 && r <= 0x115F,
		r >= 0x2E80 && r <= 0x303E,
		r >= 0x3041 && r <= 0x33FF,
		r >= 0x3400 && r <= 0x4DBF,
		r >= 0x4E00 && r <= 0x9FFF,
		r >= 0xA000 && r <= 0xA4CF,
		r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x1F300 && r <= 0x1F64F,
		r >= 0x1F900 && r <= 0x1F9FF,
		r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}

// wrapConsole is console.print of a plain line at the console width:
// Text.wrap with the default justify and the "fold" overflow.
func wrapConsole(s string, width int) []string {
	if width <= 0 || cellLen(s) <= width {
		return []string{s}
	}
	rs := []rune(s)
	offsets := divideLine(rs, width, true)
	var out []string
	prev := 0
	for _, o := range append(offsets, len(rs)) {
		p := rstripEnd(rs[prev:o], width)
		out = append(out, cropCells(string(p), width))
		prev = o
	}
	return out
}

// renderRich is Keras 3's print_summary (summary_utils.py).
func renderRich(b *strings.Builder, st *Style, s *summary.Summary, opt Options) error {
	graph := !s.SequentialLike
	var (
		defLen  int
		pos     []float64
		headers []string
		align   []justify
	)
	if graph {
		defLen, pos = st.graphLen, st.graphPos
		headers = []string{"Layer (type)", "Output Shape", "Param #", "Connected to"}
		align = []justify{justifyLeft, justifyLeft, justifyRight, justifyLeft}
	} else {
		defLen, pos = st.seqLen, st.seqPos
		headers = []string{"Layer (type)", "Output Shape", "Param #"}
		align = []justify{justifyLeft, justifyLeft, justifyRight}
	}
	pos = append([]float64(nil), pos...)
	showTrainable := opt.ShowTrainable && st.showTrainable
	if showTrainable {
		defLen += 12
		scale := 0.90
		for i := range pos {
			pos[i] *= scale
		}
		pos = append(pos, 1.0)
		headers = append(headers, "Trainable")
		align = append(align, justifyCenter)
	}
	console := opt.Columns
	if console <= 0 {
		console = 80 // shutil.get_terminal_size() when stdout is not a tty
	}
	defLen = min(defLen, console-4)
	L := defLen
	if opt.LineLength > 0 {
		L = opt.LineLength
	}
	crop := 0
	if opt.Columns > 0 {
		crop = opt.Columns
	} else if L > console {
		// No console width given: assume one wide enough for the table.
		console = L
	}
	cols := make([]richColumn, len(pos))
	current := 0
	for i, p := range pos {
		w := int(p*float64(L)) - current
		if w < 4 {
			return fmt.Errorf("line length %d is too small: Keras 3 raises \"Insufficient console width to print summary.\"", L)
		}
		cols[i] = richColumn{header: headers[i], justify: align[i], width: w}
		current += w
	}

	var rows [][]string
	var addRow func(r *summary.Row, level int)
	addRow = func(r *summary.Row, level int) {
		prefix := ""
		if level > 0 {
			prefix = strings.Repeat("   ", level) + "└ "
		}
		fields := []string{prefix + nameCell(r), shapeCell(st, r), paramCell(st, r)}
		if graph {
			conn := "-"
			// Layers of a nested model have no node in the outer model.
			if level == 0 && len(r.Connected) > 0 {
				conn = strings.Join(r.Connected, ", ")
			}
			fields = append(fields, conn)
		}
		if showTrainable {
			fields = append(fields, trainableCell(st, r))
		}
		rows = append(rows, fields)
		if opt.ExpandNested {
			for i := range r.Sub {
				addRow(&r.Sub[i], level+1)
			}
		}
	}
	for i := range s.Rows {
		addRow(&s.Rows[i], 0)
	}

	plain := func(line string) {
		for _, l := range wrapConsole(line, console) {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	plain(`Model: "` + s.ModelName + `"`)
	renderRichTable(b, cols, rows, L, crop)
	t := &s.Totals
	total := t.Trainable + t.NonTrainable + t.Optimizer
	totalBytes := t.TrainableBytes + t.NonTrainableBytes + t.OptimizerBytes
	plain(" Total params: " + numfmt.Commas(total) + " (" + ReadableSize(totalBytes, true) + ")")
	plain(" Trainable params: " + numfmt.Commas(t.Trainable) + " (" + ReadableSize(t.TrainableBytes, true) + ")")
	plain(" Non-trainable params: " + numfmt.Commas(t.NonTrainable) + " (" + ReadableSize(t.NonTrainableBytes, true) + ")")
	if t.Optimizer > 0 {
		plain(" Optimizer params: " + numfmt.Commas(t.Optimizer) + " (" + ReadableSize(t.OptimizerBytes, true) + ")")
	}
	return nil
}

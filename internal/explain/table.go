package explain

import (
	"strings"
	"unicode/utf8"

	"github.com/netsum/netsum/internal/summary"
)

// AnnotateTable appends a Formula column to a summary table rendered by
// any text style (Keras 1/2 classic, tf.keras wrapping, Keras 3 boxes):
// the header line gets the column title and the first line of each layer's
// row gets the layer's parameter formula, padded to the table's width; all
// other bytes stay as they were. Rows are found in order by the start of
// their "name (Class)" cell; rows of nested models are matched when the
// table lists them (--expand-nested) and skipped otherwise.
func AnnotateTable(table string, s *summary.Summary, l Lang) string {
	if l == "" {
		l = EN
	}
	lines := strings.SplitAfter(table, "\n")
	width := 0
	for _, ln := range lines {
		width = max(width, utf8.RuneCountInString(strings.TrimRight(ln, "\n")))
	}
	extra := map[int]string{}
	header := -1
	for i, ln := range lines {
		if strings.Contains(ln, "Layer (type)") {
			header = i
			extra[i] = l.T("table.header")
			break
		}
	}
	if header < 0 {
		return table
	}
	cursor := header + 1
	eachRowPath(s.Rows, "", func(_ string, r *summary.Row) {
		for i := cursor; i < len(lines); i++ {
			if rowStarts(lines[i], r) {
				if e := RowExpr(r); e != nil {
					extra[i] = e.String()
				}
				cursor = i + 1
				return
			}
		}
	})
	var b strings.Builder
	for i, ln := range lines {
		text, ok := extra[i]
		if !ok {
			b.WriteString(ln)
			continue
		}
		body := strings.TrimSuffix(ln, "\n")
		b.WriteString(body)
		b.WriteString(strings.Repeat(" ", width-utf8.RuneCountInString(body)))
		b.WriteString("  ")
		b.WriteString(text)
		if strings.HasSuffix(ln, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// rowStarts reports whether a table line is the first line of row r: after
// the table's borders and nesting marks, it starts with the row's
// "name (Class)" cell, or with as much of it as the column shows.
func rowStarts(line string, r *summary.Row) bool {
	t := strings.TrimLeft(line, " │┃|└")
	if t == "" {
		return false
	}
	cell := r.Name + " (" + r.Class + ")"
	if strings.HasPrefix(t, cell) {
		return true
	}
	// The cell's first segment: up to two spaces or a border.
	seg := t
	if i := strings.Index(seg, "  "); i >= 0 {
		seg = seg[:i]
	}
	if i := strings.IndexAny(seg, "│┃|"); i >= 0 {
		seg = seg[:i]
	}
	seg = strings.TrimRight(seg, " ")
	if seg == "" {
		return false
	}
	// Wrapped after the name, or cut at the column's width.
	if seg == r.Name || seg == r.Name+" " {
		return true
	}
	n := commonPrefix(t, cell)
	return n >= min(len(cell), 12)
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

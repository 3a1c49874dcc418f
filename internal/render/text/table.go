package text

import (
	"encoding/csv"
	"github.com/netsum/netsum/internal/numfmt"
	"io"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/summary"
)

// tableHeader is the header of the CSV and Markdown tables.
var tableHeader = []string{"name", "class_name", "output_shape", "params", "trainable_params", "non_trainable_params", "connected_to"}

// neutralShape formats output shapes independently of any Keras version:
// (None, 26, 26, 32); several outputs [(None, 3), (None, 4)]; ? unknown.
func neutralShape(r *summary.Row) string {
	if r.Unknown || len(r.OutputShapes) == 0 {
		return "?"
	}
	if len(r.OutputShapes) == 1 {
		return r.OutputShapes[0].NamedString(dimNames(r, 0))
	}
	parts := make([]string, len(r.OutputShapes))
	for i, s := range r.OutputShapes {
		parts[i] = s.NamedString(dimNames(r, i))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// tableRow is one top-level row's fields; count formats a known count.
func tableRow(r *summary.Row, count func(int64) string, unknown string) []string {
	p, t, nt := unknown, unknown, unknown
	if !r.Unknown && r.ParamsKnown {
		p, t, nt = count(r.Params), count(r.Trainable), count(r.NonTrainable)
	}
	return []string{r.Name, r.Class, neutralShape(r), p, t, nt, strings.Join(r.Connected, ", ")}
}

// RenderCSV writes one CSV record per top-level row under the header
// name,class_name,output_shape,params,trainable_params,non_trainable_params,connected_to.
// Counts are plain integers, empty when unknown; connections are joined
// with ", ".
func RenderCSV(w io.Writer, s *summary.Summary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(tableHeader); err != nil {
		return err
	}
	plain := func(n int64) string { return strconv.FormatInt(n, 10) }
	for i := range s.Rows {
		if err := cw.Write(tableRow(&s.Rows[i], plain, "")); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// RenderMarkdown writes a GitHub-flavoured Markdown table with the CSV
// columns (counts with thousands separators, ? when unknown), then a line
// with the totals.
func RenderMarkdown(w io.Writer, s *summary.Summary) error {
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + mdEscape(c) + " |")
		}
		b.WriteString("\n")
	}
	row(tableHeader)
	b.WriteString("|")
	for i := range tableHeader {
		if i >= 3 && i <= 5 {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for i := range s.Rows {
		row(tableRow(&s.Rows[i], numfmt.Commas, "?"))
	}
	t := &s.Totals
	b.WriteString("\n**Total params:** " + numfmt.Commas(t.Trainable+t.NonTrainable) +
		" (" + ReadableSize(t.TrainableBytes+t.NonTrainableBytes, true) + ")" +
		" · **Trainable:** " + numfmt.Commas(t.Trainable) + " (" + ReadableSize(t.TrainableBytes, true) + ")" +
		" · **Non-trainable:** " + numfmt.Commas(t.NonTrainable) + " (" + ReadableSize(t.NonTrainableBytes, true) + ")")
	if t.Optimizer > 0 {
		b.WriteString(" · **Optimizer:** " + numfmt.Commas(t.Optimizer) + " (" + ReadableSize(t.OptimizerBytes, true) + ")")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape keeps a cell on one line and its pipes literal.
func mdEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	return s
}

package explain

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// Options control Render.
type Options struct {
	// Lang is the language of the text (default English).
	Lang Lang
	// Layer, when set, explains only the layer of that name (nested models
	// are searched too).
	Layer string
	// Width is where prose lines wrap (default 80; negative: never).
	Width int
}

// LayerNotFoundError is returned by Render when Options.Layer names no
// layer of the model.
type LayerNotFoundError struct {
	Name  string
	Names []string
	Lang  Lang
}

func (e *LayerNotFoundError) Error() string {
	return e.Lang.T("walk.nolayer", "name", e.Name, "names", strings.Join(e.Names, ", "))
}

// Render writes the per-layer walk of s: for each layer its input and
// output shapes with the length formulas, each weight with its formula,
// the layer's parameter formula, the running total and notes.
func Render(w io.Writer, s *summary.Summary, opt Options) error {
	if opt.Lang == "" {
		opt.Lang = EN
	}
	if opt.Width == 0 {
		opt.Width = 80
	}
	p := &walker{l: opt.Lang, width: opt.Width}
	if opt.Layer != "" {
		path, r := findRow(s.Rows, opt.Layer, "")
		if r == nil {
			var names []string
			eachRowPath(s.Rows, "", func(_ string, r *summary.Row) { names = append(names, r.Name) })
			return &LayerNotFoundError{Name: opt.Layer, Names: names, Lang: opt.Lang}
		}
		p.layer(path, explainIn(r, opt.Lang, s.Dialect), 0, -1)
		_, err := io.WriteString(w, p.b.String())
		return err
	}
	p.line(0, p.l.T("walk.model", "name", s.ModelName, "class", s.ModelClass, "framework", s.Framework, "version", s.Version, "layers", len(s.Rows), "total", s.Totals.Params))
	var running int64
	for i := range s.Rows {
		e := explainIn(&s.Rows[i], opt.Lang, s.Dialect)
		if e.Own > 0 {
			running += e.Own
		}
		p.b.WriteByte('\n')
		p.layer(fmt.Sprint(i+1), e, 0, running)
	}
	t := s.Totals
	p.b.WriteByte('\n')
	p.line(0, p.l.T("walk.end", "total", t.Params, "trainable", t.Trainable, "nontrainable", t.NonTrainable))
	if s.Dialect == graph.Keras1 && t.NonTrainable > 0 {
		p.line(0, p.l.T("walk.end.trainableonly", "version", s.Version, "trainable", t.Trainable))
	}
	_, err := io.WriteString(w, p.b.String())
	return err
}

// findRow finds the row named name, depth first; path is its number (3.1).
func findRow(rows []summary.Row, name, prefix string) (string, *summary.Row) {
	for i := range rows {
		path := fmt.Sprint(i + 1)
		if prefix != "" {
			path = prefix + "." + path
		}
		if rows[i].Name == name {
			return path, &rows[i]
		}
		if p, r := findRow(rows[i].Sub, name, path); r != nil {
			return p, r
		}
	}
	return "", nil
}

func eachRowPath(rows []summary.Row, prefix string, fn func(path string, r *summary.Row)) {
	for i := range rows {
		path := fmt.Sprint(i + 1)
		if prefix != "" {
			path = prefix + "." + path
		}
		fn(path, &rows[i])
		eachRowPath(rows[i].Sub, path, fn)
	}
}

type walker struct {
	l     Lang
	width int
	b     strings.Builder
}

const step = "   "

// line writes text at indent level, wrapping prose.
func (p *walker) line(level int, text string) {
	p.wrapped(strings.Repeat(step, level), strings.Repeat(step, level), text)
}

// item writes a "- " bullet with hanging indent.
func (p *walker) item(level int, text string) {
	in := strings.Repeat(step, level)
	p.wrapped(in+"- ", in+"  ", text)
}

func (p *walker) wrapped(first, rest, text string) {
	for i, l := range wrap(text, p.width-utf8.RuneCountInString(first)) {
		if i == 0 {
			p.b.WriteString(first)
		} else {
			p.b.WriteString(rest)
		}
		p.b.WriteString(l)
		p.b.WriteByte('\n')
	}
}

// layer writes one layer block; running < 0 leaves out the running total
// (nested layers and --layer).
func (p *walker) layer(index string, e *Layer, level int, running int64) {
	l := p.l
	p.line(level, l.T("walk.layer", "index", index, "name", e.Name, "class", e.Class))
	in := level + 1
	if e.Does != "" {
		p.line(in, e.Does)
	}
	switch {
	case len(e.In) == 0 && len(e.Out) > 0:
		p.line(in, l.T("walk.shape.out", "out", shapes(e.Out)))
	case len(e.In) > 0 && len(e.Out) == 1 && len(e.In) == 1 && e.In[0].Equal(e.Out[0]):
		p.line(in, l.T("walk.shape.unchanged", "in", shapes(e.In), "out", shapes(e.Out)))
	case len(e.In) > 0 || len(e.Out) > 0:
		p.line(in, l.T("walk.shape", "in", shapes(e.In), "out", shapes(e.Out)))
	}
	for _, s := range e.Shape {
		p.line(in+1, s)
	}
	if len(e.Weights) > 0 && len(e.Sub) == 0 {
		p.line(in, l.T("walk.weights"))
		for _, w := range e.Weights {
			var s string
			switch {
			case w.Count < 0:
				s = l.T("walk.weight.unknown", "name", w.Name, "shape", graph.Shape(w.Shape).String(), "formula", w.Expr.String())
			case w.Expr.IsLeaf():
				s = l.T("walk.weight.leaf", "name", w.Name, "shape", graph.Shape(w.Shape).String(), "count", w.Count)
			default:
				s = l.T("walk.weight", "name", w.Name, "shape", graph.Shape(w.Shape).String(), "formula", w.Expr.String(), "count", w.Count)
			}
			if !w.Trainable {
				s += ", " + l.T("walk.weight.nontrain")
			}
			if w.Shared {
				s += ", " + l.T("walk.weight.shared")
			}
			p.line(in+1, s)
			if w.Words != "" && w.Words != w.Expr.String() {
				p.line(in+2, w.Words)
			}
		}
	}
	switch {
	case e.Kind == "unknown" && e.Formula == nil:
		p.line(in, l.T("walk.params.unknownclass"))
	case e.Formula == nil:
		p.line(in, l.T("walk.params.zero", "why", e.Zero))
	case e.Params < 0:
		p.line(in, l.T("walk.params.unknown", "formula", e.Formula.String()))
	case e.Formula.IsLeaf():
		p.line(in, l.T("walk.params.leaf", "count", e.Params))
		if e.Words != "" && e.Words != e.Formula.String() {
			p.line(in+1, e.Words)
		}
	default:
		p.line(in, l.T("walk.params", "formula", e.Formula.String(), "count", e.Params))
		if e.Words != "" && e.Words != e.Formula.String() && len(e.Sub) == 0 {
			p.line(in+1, e.Words)
		}
	}
	if running >= 0 {
		p.line(in, l.T("walk.total", "total", running))
	}
	if len(e.Notes) > 0 {
		p.line(in, l.T("walk.notes"))
		for _, n := range e.Notes {
			p.item(in+1, n)
		}
	}
	if len(e.Sub) > 0 {
		p.line(in, l.T("walk.nested", "name", e.Name))
		for i, s := range e.Sub {
			p.layer(index+"."+fmt.Sprint(i+1), s, in+1, -1)
		}
	}
}

// wrap breaks text into lines of at most width runes at spaces, keeping a
// formula's operators (+, −, =, →, ·) with their operands.
func wrap(text string, width int) []string {
	if width <= 0 || utf8.RuneCountInString(text) <= width {
		return []string{text}
	}
	var units []string
	for _, w := range strings.Split(text, " ") {
		if n := len(units); n > 0 && (isOp(w) || isOp(units[n-1]) || w == "") {
			units[n-1] += " " + w
			continue
		}
		units = append(units, w)
	}
	var out []string
	cur := ""
	for _, u := range units {
		switch {
		case cur == "":
			cur = u
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(u) <= width:
			cur += " " + u
		default:
			out = append(out, cur)
			cur = u
		}
	}
	return append(out, cur)
}

func isOp(w string) bool {
	switch w {
	case "+", "−", "-", "=", "→", "·", "≤", "…":
		return true
	}
	return false
}

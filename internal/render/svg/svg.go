// Package svg draws a summary.Summary as an SVG diagram of the model
// graph: one box per layer (name, class, output shape, parameters, coloured
// by family), edges labelled with tensor shapes, nested models drawn inside
// their box when expanded. It lays the graph out itself (layout.go). It
// imports summary and graph only, and never reaches into a graph.Model.
//
// The SVG uses presentation attributes only (no style attributes, no
// <style>, no script), so it reads the same standalone, inlined in an HTML
// page, and under a Content-Security-Policy without 'unsafe-inline'.
// Elements carry classes and data- attributes for pages that add
// interaction: g.node[data-name], g.group (a nested model) with
// g.group-head, g.group-body and g.group-summary (display="none" until a
// page collapses the group) children.
package svg

import (
	"bytes"
	"context"
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

// Options control Render.
type Options struct {
	// ExpandNested draws the layers of nested models inside their box;
	// otherwise a nested model is one box.
	ExpandNested bool
	// IDPrefix starts every element id, so that several diagrams can share
	// a page; "" means "ns".
	IDPrefix string
	// Context cancels the layout of a big graph; nil means never.
	Context context.Context
}

// Font and box metrics. Text is monospace so that widths are known
// without measuring: DejaVu Sans Mono, Menlo and Consolas all advance
// 0.6 em per character.
const (
	fontFamily = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"
	nameSize   = 12
	textSize   = 11
	labelSize  = 10
	charW      = 0.602 // em
	padX       = 10
	barW       = 5 // family colour bar on the left of a box
	lineH      = 14
	boxMinW    = 130
	boxMaxW    = 300
	groupHead  = 26
	groupPad   = 14
	margin     = 16
)

var (
	nodeH     = float64(8 + 4*lineH)
	maxName   = fitChars(boxMaxW-2*padX-barW, nameSize)
	maxDetail = fitChars(boxMaxW-2*padX-barW, textSize)
)

// fitChars is how many characters of the font size fit in width px.
func fitChars(width, size float64) int { return int(width / (size * charW)) }

// Render writes the diagram of s.
func Render(w io.Writer, s *summary.Summary, opt Options) error {
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	d := &drawer{ctx: ctx, prefix: opt.IDPrefix, expand: opt.ExpandNested, used: map[Family]bool{}}
	if d.prefix == "" {
		d.prefix = "ns"
	}
	body, err := d.level(s.Rows, "")
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Model: %q (%s)", s.ModelName, s.ModelClass)
	if s.ModelClass == "" {
		title = fmt.Sprintf("Model: %q", s.ModelName)
	}
	totals := numfmt.Commas(s.Totals.Params) + " params"
	if s.Totals.NonTrainable > 0 {
		totals += " (" + numfmt.Commas(s.Totals.Trainable) + " trainable, " + numfmt.Commas(s.Totals.NonTrainable) + " non-trainable)"
	}
	totals += fmt.Sprintf(" · %d layers", countRows(s.Rows))
	// Header: title, totals, legend.
	var legend bytes.Buffer
	lx := 0.0
	for _, f := range familyOrder {
		if !d.used[f] {
			continue
		}
		fmt.Fprintf(&legend, `<g class="legend-item" data-family="%s"><rect x="%g" y="0" width="10" height="10" rx="2" fill="%s" stroke="%s"/><text x="%g" y="9" font-size="%d" fill="#333">%s</text></g>`,
			f, lx, tint(familyColor[f], 0.25), familyColor[f], lx+14, labelSize, f)
		lx += math.Ceil(14 + float64(len(f))*labelSize*charW + 14)
	}
	headH := 54.0
	width := math.Ceil(max(body.w, lx, float64(utf8.RuneCountInString(title))*13*charW, float64(len(totals))*textSize*charW) + 2*margin)
	height := headH + body.h + 2*margin
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="netsum-diagram" width="%g" height="%g" viewBox="0 0 %g %g" font-family="%s" role="img" aria-label="%s">`+"\n",
		width, height, width, height, fontFamily, esc(title))
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(title+" · "+totals))
	fmt.Fprintf(&b, `<defs><marker id="%s-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="#555"/></marker></defs>`+"\n", d.prefix)
	fmt.Fprintf(&b, `<rect class="background" width="%g" height="%g" fill="#ffffff"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text class="title" x="%d" y="%d" font-size="13" font-weight="bold" fill="#111">%s</text>`+"\n", margin, margin+12, esc(title))
	fmt.Fprintf(&b, `<text class="totals" x="%d" y="%d" font-size="%d" fill="#444">%s</text>`+"\n", margin, margin+28, textSize, esc(totals))
	fmt.Fprintf(&b, `<g class="legend" transform="translate(%d,%d)">%s</g>`+"\n", margin, margin+36, legend.String())
	fmt.Fprintf(&b, `<g class="graph" transform="translate(%g,%g)">`+"\n", math.Round(float64(margin)+(width-2*margin-body.w)/2), float64(margin)+headH)
	b.Write(body.svg.Bytes())
	b.WriteString("</g>\n</svg>\n")
	_, err = w.Write(b.Bytes())
	return err
}

func countRows(rows []summary.Row) int {
	n := len(rows)
	for i := range rows {
		n += countRows(rows[i].Sub)
	}
	return n
}

type drawer struct {
	ctx    context.Context
	prefix string
	expand bool
	used   map[Family]bool
	ids    int
}

// block is a drawn level: its size and its elements, relative to (0, 0).
type block struct {
	w, h float64
	svg  bytes.Buffer
}

// box is a row being drawn.
type box struct {
	row   *summary.Row
	path  string
	fam   Family
	lines []string // name, class, shape, params
	inner *block   // expanded nested model
	node  *lnode
}

// level lays out and draws one model level.
func (d *drawer) level(rows []summary.Row, parent string) (*block, error) {
	if err := d.ctx.Err(); err != nil {
		return nil, err
	}
	boxes := make([]box, len(rows))
	nodes := make([]lnode, len(rows))
	index := map[string]int{}
	for i := range rows {
		r := &rows[i]
		if _, dup := index[r.Name]; !dup {
			index[r.Name] = i
		}
		bx := &boxes[i]
		bx.row = r
		bx.path = r.Name
		if parent != "" {
			bx.path = parent + "/" + r.Name
		}
		bx.fam = FamilyOf(r.Class, r.Nested)
		d.used[bx.fam] = true
		bx.lines = boxLines(r)
		w := float64(runeLen(bx.lines[0]))*nameSize*charW + 2*padX + barW
		for _, l := range bx.lines[1:] {
			w = max(w, float64(runeLen(l))*textSize*charW+2*padX+barW)
		}
		w = math.Ceil(min(max(w, boxMinW), boxMaxW)/20) * 20
		nodes[i] = lnode{w: w, h: nodeH}
		if d.expand && r.Nested && len(r.Sub) > 0 {
			inner, err := d.level(r.Sub, bx.path)
			if err != nil {
				return nil, err
			}
			bx.inner = inner
			headW := math.Ceil(min(float64(runeLen(groupTitle(r, bx.lines)))*textSize*charW+2*padX+24, 2*boxMaxW))
			nodes[i] = lnode{w: max(inner.w+2*groupPad, w, headW), h: inner.h + groupHead + 2*groupPad}
		}
	}
	// Edges: one per distinct inbound tensor (a layer called twice on the
	// same input draws two); a source outside this level (a nested model's
	// input) draws none.
	type key struct{ from, to, node, tensor int }
	seen := map[key]bool{}
	var edges []ledge
	var labels []string
	for i := range rows {
		r := &rows[i]
		links := r.Links
		if len(links) == 0 {
			for _, n := range r.Inbound {
				links = append(links, summary.Link{Layer: n, Tensor: -1})
			}
		}
		for _, l := range links {
			from, ok := index[l.Layer]
			if !ok {
				continue
			}
			k := key{from, i, l.Node, l.Tensor}
			if seen[k] {
				continue
			}
			seen[k] = true
			edges = append(edges, ledge{From: from, To: i})
			label := ""
			if l.Shape != nil {
				label = l.Shape.String()
			}
			labels = append(labels, label)
		}
	}
	width, height, err := layout(d.ctx, nodes, edges)
	if err != nil {
		return nil, err
	}
	blk := &block{w: width, h: height}
	out := &blk.svg
	// Edges under the boxes, labels over the edges.
	out.WriteString(`<g class="edges" fill="none" stroke="#666" stroke-width="1.2">`)
	for i := range edges {
		e := &edges[i]
		fmt.Fprintf(out, `<path class="edge" data-from="%s" data-to="%s" d="%s" marker-end="url(#%s-arrow)"/>`,
			esc(rows[e.From].Name), esc(rows[e.To].Name), pathData(e.pts), d.prefix)
	}
	out.WriteString("</g>\n")
	out.WriteString(`<g class="edge-labels" font-size="10" fill="#555" stroke="#ffffff" stroke-width="3" paint-order="stroke">`)
	placed := map[string]bool{} // labels already drawn under a source
	perSource := map[int]int{}
	for i := range edges {
		e := &edges[i]
		if labels[i] == "" || e.reversed || len(e.pts) < 2 {
			continue
		}
		k := strconv.Itoa(e.From) + " " + labels[i]
		if placed[k] {
			continue
		}
		placed[k] = true
		nth := perSource[e.From]
		perSource[e.From]++
		p := e.pts[0]
		fmt.Fprintf(out, `<text class="edge-label" x="%g" y="%g">%s</text>`, p.X+6, p.Y+13+float64(nth)*12, esc(labels[i]))
		blk.w = max(blk.w, math.Ceil(p.X+6+float64(runeLen(labels[i]))*labelSize*charW))
	}
	out.WriteString("</g>\n")
	for i := range boxes {
		d.drawBox(out, &boxes[i], &nodes[i])
	}
	return blk, nil
}

// groupTitle is the header of an expanded nested model.
func groupTitle(r *summary.Row, lines []string) string {
	return r.Name + " (" + r.Class + ") · " + lines[3]
}

// boxLines are the four text lines of a row's box.
func boxLines(r *summary.Row) []string {
	class := r.Class
	if r.Nested {
		class += fmt.Sprintf(" · %d layers", len(r.Sub))
	}
	shape := "?"
	switch {
	case r.Multiple:
		shape = "multiple"
	case len(r.OutputShapes) > 0 && !r.Unknown:
		parts := make([]string, len(r.OutputShapes))
		for i, s := range r.OutputShapes {
			parts[i] = graph.Shape(s).String()
		}
		shape = strings.Join(parts, " ")
	}
	params := "? params"
	if r.ParamsKnown && !r.Unknown {
		params = numfmt.Commas(r.Params) + " params"
		if r.NonTrainable > 0 && r.Trainable > 0 {
			params += " (" + numfmt.Commas(r.NonTrainable) + " frozen)"
		} else if r.NonTrainable > 0 || (r.Frozen && r.Params > 0) {
			params += " (frozen)"
		}
	}
	return []string{
		clip(r.Name, maxName, true),
		clip(class, maxDetail, false),
		clip(shape, maxDetail, false),
		clip(params, maxDetail, false),
	}
}

func (d *drawer) drawBox(out *bytes.Buffer, bx *box, n *lnode) {
	r := bx.row
	color := familyColor[bx.fam]
	d.ids++
	id := fmt.Sprintf("%s-n%d", d.prefix, d.ids)
	tip := tooltip(r)
	if bx.inner != nil {
		fmt.Fprintf(out, `<g class="group" id="%s" data-name="%s" data-path="%s" data-family="%s">`, id, esc(r.Name), esc(bx.path), bx.fam)
		fmt.Fprintf(out, `<title>%s</title>`, esc(tip))
		fmt.Fprintf(out, `<rect class="group-frame" x="%g" y="%g" width="%g" height="%g" rx="6" fill="%s" stroke="%s" stroke-width="1.5"/>`,
			n.x, n.y, n.w, n.h, tint(color, 0.04), color)
		head := groupTitle(r, bx.lines)
		fmt.Fprintf(out, `<g class="group-head" data-name="%s"><rect x="%g" y="%g" width="%g" height="%d" rx="6" fill="%s"/><text x="%g" y="%g" font-size="%d" font-weight="bold" fill="#ffffff">%s</text><text class="group-toggle" x="%g" y="%g" font-size="14" font-weight="bold" fill="#ffffff">−</text></g>`,
			esc(r.Name), n.x, n.y, n.w, groupHead, color, n.x+padX, n.y+17, textSize,
			esc(clip(head, int((n.w-2*padX-20)/(textSize*charW)), false)), n.x+n.w-20, n.y+18)
		fmt.Fprintf(out, `<g class="group-body" transform="translate(%g,%g)">`, math.Round(n.x+groupPad+(n.w-2*groupPad-bx.inner.w)/2), n.y+groupHead+groupPad)
		out.Write(bx.inner.svg.Bytes())
		out.WriteString("</g>")
		// Shown instead of the body by pages that collapse the group, at
		// the top so that it is seen first.
		cy := n.y + groupHead + min(28, (n.h-groupHead)/2)
		fmt.Fprintf(out, `<g class="group-summary" display="none"><rect x="%g" y="%g" width="%g" height="%g" rx="6" fill="%s"/><text x="%g" y="%g" font-size="%d" text-anchor="middle" fill="#333">%s</text><text x="%g" y="%g" font-size="%d" text-anchor="middle" fill="#333">%s</text></g>`,
			n.x+1, n.y+groupHead, n.w-2, n.h-groupHead-1, tint(color, 0.10),
			n.x+n.w/2, cy-4, textSize, esc(bx.lines[2]), n.x+n.w/2, cy+12, textSize, esc(bx.lines[1]))
		out.WriteString("</g>\n")
		return
	}
	fmt.Fprintf(out, `<g class="node" id="%s" data-name="%s" data-path="%s" data-family="%s">`, id, esc(r.Name), esc(bx.path), bx.fam)
	fmt.Fprintf(out, `<title>%s</title>`, esc(tip))
	stroke := color
	dash := ""
	if r.Unknown {
		dash = ` stroke-dasharray="4 3"`
	}
	fmt.Fprintf(out, `<rect x="%g" y="%g" width="%g" height="%g" rx="4" fill="%s" stroke="%s" stroke-width="1.2"%s/>`,
		n.x, n.y, n.w, n.h, tint(color, 0.10), stroke, dash)
	fmt.Fprintf(out, `<rect x="%g" y="%g" width="%d" height="%g" rx="2" fill="%s"/>`, n.x, n.y, barW, n.h, color)
	tx := n.x + barW + padX
	fmt.Fprintf(out, `<text x="%g" y="%g" font-size="%d" font-weight="bold" fill="#111">%s</text>`, tx, n.y+4+lineH-2, nameSize, esc(bx.lines[0]))
	fmt.Fprintf(out, `<text x="%g" y="%g" font-size="%d" fill="%s">%s</text>`, tx, n.y+4+2*lineH-1, textSize, color, esc(bx.lines[1]))
	fmt.Fprintf(out, `<text x="%g" y="%g" font-size="%d" fill="#222">%s</text>`, tx, n.y+4+3*lineH-1, textSize, esc(bx.lines[2]))
	fmt.Fprintf(out, `<text x="%g" y="%g" font-size="%d" fill="#555">%s</text>`, tx, n.y+4+4*lineH-1, textSize, esc(bx.lines[3]))
	out.WriteString("</g>\n")
}

// tooltip is the full text of a box, shown on hover.
func tooltip(r *summary.Row) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)", r.Name, r.Class)
	lines := boxLines(&summary.Row{Class: r.Class, OutputShapes: r.OutputShapes, Multiple: r.Multiple, Unknown: r.Unknown,
		ParamsKnown: r.ParamsKnown, Params: r.Params, Trainable: r.Trainable, NonTrainable: r.NonTrainable, Frozen: r.Frozen})
	fmt.Fprintf(&b, "\noutput: %s\n%s", fullShape(r), lines[3])
	if len(r.Inbound) > 0 {
		fmt.Fprintf(&b, "\ninputs: %s", strings.Join(r.Inbound, ", "))
	}
	if r.Note != "" {
		fmt.Fprintf(&b, "\n%s", r.Note)
	}
	return b.String()
}

func fullShape(r *summary.Row) string {
	if r.Multiple {
		return "multiple"
	}
	if len(r.OutputShapes) == 0 || r.Unknown {
		return "?"
	}
	parts := make([]string, len(r.OutputShapes))
	for i, s := range r.OutputShapes {
		parts[i] = graph.Shape(s).String()
	}
	return strings.Join(parts, " ")
}

// pathData draws a route as straight vertical runs through layers joined
// by curves with vertical tangents.
func pathData(pts []point) string {
	if len(pts) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "M%s,%s", num(pts[0].X), num(pts[0].Y))
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		if p.X == q.X || p.Y == q.Y {
			fmt.Fprintf(&b, " L%s,%s", num(q.X), num(q.Y))
			continue
		}
		my := (p.Y + q.Y) / 2
		fmt.Fprintf(&b, " C%s,%s %s,%s %s,%s", num(p.X), num(my), num(q.X), num(my), num(q.X), num(q.Y))
	}
	return b.String()
}

// num formats a coordinate to 0.1 px.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// clip shortens s to n characters with an ellipsis: at the start when
// keepEnd (a layer path's last part matters most), else at the end.
func clip(s string, n int, keepEnd bool) string {
	r := []rune(s)
	if len(r) <= n || n < 2 {
		return s
	}
	if keepEnd {
		return "…" + string(r[len(r)-n+1:])
	}
	return string(r[:n-1]) + "…"
}

// esc escapes text for XML, replacing characters XML cannot hold.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '\n':
			b.WriteString("&#10;")
		case r == utf8.RuneError, r < 0x20 && r != '\t', r >= 0xFFFE && r <= 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

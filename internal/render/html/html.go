// Package html writes a summary.Summary as one self-contained HTML page:
// the layer table, the summary as the framework prints it, the SVG
// diagram (package svg) and, when given, an explanation. The page loads
// nothing: its one style sheet and one script are inline, pinned by hash
// in a Content-Security-Policy meta tag that forbids every other source,
// so opening it makes no network request. It imports summary, graph and
// the text and svg renderers.
package html

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"github.com/netsum/netsum/internal/numfmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/render/svg"
	"github.com/netsum/netsum/internal/render/text"
	"github.com/netsum/netsum/internal/summary"
)

// DiagramJS is the diagram viewer script (zoom, collapsible nested models,
// selection): inlined here and served by `netsum serve` as well.
//
//go:embed diagram.js
var DiagramJS string

//go:embed page.css
var pageCSS string

// pageJS wires the page: the diagram viewer, and table rows that select
// their layer in the diagram.
const pageJS = `
(function () {
  const d = document.getElementById("diagram");
  if (!d) return;
  const rows = Array.from(document.querySelectorAll("table.layers tbody tr"));
  NetsumDiagram.attach(d, { onSelect: (path) => {
    for (const r of rows) r.classList.toggle("selected", r.dataset.path === path);
  }});
  for (const r of rows) {
    r.addEventListener("click", () => {
      for (const o of rows) o.classList.toggle("selected", o === r);
      const exp = d.querySelector("[data-expand]");
      if (exp && r.dataset.path.includes("/") && !exp.checked) {
        exp.checked = true;
        NetsumDiagram.showVariant(d, true);
      }
      NetsumDiagram.select(d, r.dataset.path);
    });
  }
})();
`

// Options control Render.
type Options struct {
	// Style is the style of the text table; the zero Style means the one
	// of the version the model came from.
	Style text.Style
	// ExpandNested lists nested models' layers in the table and shows the
	// expanded diagram first.
	ExpandNested bool
	// Explanation, when not empty, is shown as its own section
	// (preformatted text).
	Explanation string
	// Context cancels the diagram layout; nil means never.
	Context context.Context
}

type row struct {
	Name, Class, Path, Shape, Params, Connected string
	Depth                                       int
	Nested                                      bool
}

type page struct {
	Title, Model, Class, Origin, Source string
	Totals                              []string
	Rows                                []row
	Text                                string
	StyleName, StyleVersions            string
	Diagrams                            []template.HTML
	HasNested, Expanded                 bool
	Explanation                         string
	CSS                                 template.CSS
	JS                                  template.JS
	CSP                                 string
}

var tmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="netsum">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<header class="page">
<h1>Model “{{.Model}}”{{if .Class}} <span class="cls">({{.Class}})</span>{{end}}</h1>
{{if .Origin}}<p>{{.Origin}}</p>{{end}}
{{if .Source}}<p>Source: {{.Source}}</p>{{end}}
</header>
<nav class="sections"><a href="#summary">Summary</a><a href="#diagram">Diagram</a>{{if .Explanation}}<a href="#explanation">Explanation</a>{{end}}</nav>
<section id="summary">
<h2>Layers</h2>
<table class="layers">
<thead><tr><th>Layer (type)</th><th>Output shape</th><th class="num">Param #</th><th>Connected to</th></tr></thead>
<tbody>
{{range .Rows}}<tr class="d{{.Depth}}{{if .Nested}} nested{{end}}" data-path="{{.Path}}"><td>{{.Name}} <span class="cls">({{.Class}})</span></td><td>{{.Shape}}</td><td class="num">{{.Params}}</td><td>{{.Connected}}</td></tr>
{{end}}</tbody>
</table>
<p class="totals">{{range .Totals}}{{.}}<br>{{end}}</p>
<details><summary>As {{.StyleVersions}} prints it (style {{.StyleName}})</summary>
<pre class="summary-text">{{.Text}}</pre>
</details>
</section>
<section id="diagram" class="diagram">
<h2>Diagram</h2>
<div class="diagram-toolbar"><button type="button" data-zoom="out" title="Zoom out">−</button><span data-zoom-label>100%</span><button type="button" data-zoom="in" title="Zoom in">+</button><button type="button" data-zoom="fit">Fit width</button><button type="button" data-zoom="1">100%</button>{{if .HasNested}}<label><input type="checkbox" data-expand{{if .Expanded}} checked{{end}}> Expand nested models</label><span class="note">Click a nested model's title bar to fold it.</span>{{end}}</div>
<div class="diagram-view">
{{range .Diagrams}}{{.}}
{{end}}</div>
</section>
{{if .Explanation}}<section id="explanation">
<h2>Explanation</h2>
<pre class="explanation">{{.Explanation}}</pre>
</section>
{{end}}<script>{{.JS}}</script>
</body>
</html>
`))
})

// Render writes the page for s.
func Render(w io.Writer, s *summary.Summary, opt Options) error {
	st := opt.Style
	if st.Name == "" {
		st = text.DefaultStyle(s.Dialect, s.Version)
	}
	var tb bytes.Buffer
	if err := text.Render(&tb, s, text.Options{Style: st, ExpandNested: opt.ExpandNested}); err != nil {
		return err
	}
	p := &page{
		Title:         "netsum: " + s.ModelName,
		Model:         s.ModelName,
		Class:         s.ModelClass,
		Source:        s.Source,
		Text:          tb.String(),
		StyleName:     st.Name,
		StyleVersions: st.Versions,
		Explanation:   opt.Explanation,
		Expanded:      opt.ExpandNested,
	}
	var origin []string
	if s.Framework != "" {
		origin = append(origin, s.Framework)
	}
	if s.Version != "" {
		origin = append(origin, s.Version)
	}
	if s.SourceFormat != "" {
		origin = append(origin, "read as "+s.SourceFormat)
	}
	p.Origin = strings.Join(origin, " · ")
	p.Totals = totals(s)
	p.Rows = rows(s.Rows, "", opt.ExpandNested, nil)
	for i := range s.Rows {
		if s.Rows[i].Nested && len(s.Rows[i].Sub) > 0 {
			p.HasNested = true
		}
	}
	variants := []bool{opt.ExpandNested}
	if p.HasNested {
		variants = []bool{false, true}
	}
	for _, exp := range variants {
		var b bytes.Buffer
		prefix, name := "c", "collapsed"
		if exp {
			prefix, name = "e", "expanded"
		}
		if err := svg.Render(&b, s, svg.Options{ExpandNested: exp, IDPrefix: prefix, Context: opt.Context}); err != nil {
			return err
		}
		out := b.String()
		cls := "netsum-diagram"
		if p.HasNested && exp != opt.ExpandNested {
			cls += " hidden"
		}
		attrs := fmt.Sprintf(`class="%s" data-variant="%s"`, cls, name)
		out = strings.Replace(out, `class="netsum-diagram"`, attrs, 1)
		p.Diagrams = append(p.Diagrams, template.HTML(out))
	}
	js := DiagramJS + pageJS
	p.CSS = template.CSS(pageCSS)
	p.JS = template.JS(js)
	p.CSP = "default-src 'none'; img-src data:; style-src " + hash(pageCSS) + "; script-src " + hash(js) + "; base-uri 'none'; form-action 'none'"
	return tmpl().Execute(w, p)
}

// hash is a CSP source for an inline element's exact text.
func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}

func totals(s *summary.Summary) []string {
	t := s.Totals
	out := []string{
		fmt.Sprintf("Total params: %s (%s)", numfmt.Commas(t.Params), text.ReadableSize(t.TrainableBytes+t.NonTrainableBytes, true)),
		fmt.Sprintf("Trainable params: %s (%s)", numfmt.Commas(t.Trainable), text.ReadableSize(t.TrainableBytes, true)),
		fmt.Sprintf("Non-trainable params: %s (%s)", numfmt.Commas(t.NonTrainable), text.ReadableSize(t.NonTrainableBytes, true)),
	}
	if t.Optimizer > 0 {
		out = append(out, fmt.Sprintf("Optimizer params: %s (%s)", numfmt.Commas(t.Optimizer), text.ReadableSize(t.OptimizerBytes, true)))
	}
	return out
}

func rows(rs []summary.Row, parent string, expand bool, out []row) []row {
	for i := range rs {
		r := &rs[i]
		path := r.Name
		if parent != "" {
			path = parent + "/" + r.Name
		}
		out = append(out, row{
			Name:      r.Name,
			Class:     r.Class,
			Path:      path,
			Shape:     shape(r),
			Params:    params(r),
			Connected: strings.Join(r.Connected, ", "),
			Depth:     min(r.Depth, 4),
			Nested:    r.Depth > 0,
		})
		if expand && len(r.Sub) > 0 {
			out = rows(r.Sub, path, expand, out)
		}
	}
	return out
}

func shape(r *summary.Row) string {
	switch {
	case r.Unknown:
		return "?"
	case r.Multiple:
		return "multiple"
	case len(r.OutputShapes) == 0:
		return "?"
	}
	parts := make([]string, len(r.OutputShapes))
	for i, s := range r.OutputShapes {
		parts[i] = graph.Shape(s).String()
	}
	return strings.Join(parts, ", ")
}

func params(r *summary.Row) string {
	if r.Unknown || !r.ParamsKnown {
		return "?"
	}
	return numfmt.Commas(r.Params)
}

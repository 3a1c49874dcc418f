package kerash5

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/netsum/netsum/internal/graph"
)

// Dump writes what a container front end read, one line per fact: model,
// layers with output shapes, weights with shapes and counts, totals and
// warnings. Tests keep it as golden output; it is also handy when
// debugging a file.
func Dump(w io.Writer, m *graph.Model) {
	dumpModel(w, m, "")
	total, tr, non, _ := graph.Counts(m.Weights())
	fmt.Fprintf(w, "total %d trainable %d non-trainable %d\n", total, tr, non)
	for _, wn := range m.Warnings {
		fmt.Fprintf(w, "%s\n", wn)
	}
}

func dumpModel(w io.Writer, m *graph.Model, indent string) {
	fmt.Fprintf(w, "%smodel %q class=%s framework=%s version=%s dialect=%s format=%s\n", indent, m.Name, m.Class,
		m.Framework, m.Version, m.Dialect, m.SourceFormat)
	if len(m.Compile) > 0 {
		keys := make([]string, 0, len(m.Compile))
		for k := range m.Compile {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, k+"="+m.Compile[k])
		}
		fmt.Fprintf(w, "%scompile %s\n", indent, strings.Join(kv, " "))
	}
	for _, l := range m.Layers {
		out := "?"
		if sh := l.OutputShapes(); sh != nil {
			var parts []string
			for _, s := range sh {
				if s == nil {
					parts = append(parts, "?")
				} else {
					parts = append(parts, s.String())
				}
			}
			out = strings.Join(parts, " ")
		}
		fmt.Fprintf(w, "%slayer %s %s out=%s", indent, l.Name, l.Class, out)
		if l.Note != "" {
			fmt.Fprintf(w, " note=%q", l.Note)
		}
		fmt.Fprintln(w)
		for _, wt := range l.Weights {
			tr := "trainable"
			if !wt.Trainable {
				tr = "non-trainable"
			}
			fmt.Fprintf(w, "%s  weight %s %s %s %s %d\n", indent, wt.Name, graph.Shape(wt.Shape), wt.DType, tr, wt.Count())
		}
		if l.Sub != nil {
			dumpModel(w, l.Sub, indent+"    ")
		}
	}
}

package explain

import (
	"regexp"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/graph"
)

// Factor names come from the catalog (graph.Factor.Name); their words are
// catalog messages "factor.<name>", or "factor.<kind>.<name>" where a
// layer kind reads a name differently (an Embedding's input_dim is its
// vocabulary size, an LSTM's the input features). Names with a number
// (dim2, axis3, output_dim_1) and einsum letters follow patterns.
// The patterns are compiled on first use, not at start-up.
var factorPatterns = sync.OnceValue(func() []factorPattern {
	return []factorPattern{
		{regexp.MustCompile(`^dim([0-9]+)$`), "factor.dimN"},
		{regexp.MustCompile(`^axis([0-9]+)$`), "factor.axisN"},
		{regexp.MustCompile(`^output_dim_([0-9]+)$`), "factor.output_dimN"},
		{regexp.MustCompile(`^([a-z])$`), "factor.einsum"},
	}
})

type factorPattern struct {
	re  *regexp.Regexp
	key string
}

// labelKey finds the catalog message naming factor name in a layer of
// kind; ok is false when there is none.
func labelKey(kind, name string) (key string, args []any, ok bool) {
	if _, ok := messages()["factor."+kind+"."+name]; ok {
		return "factor." + kind + "." + name, nil, true
	}
	if _, ok := messages()["factor."+name]; ok {
		return "factor." + name, nil, true
	}
	for _, p := range factorPatterns() {
		if m := p.re.FindStringSubmatch(name); m != nil {
			return p.key, []any{"n", m[1]}, true
		}
	}
	return "", nil, false
}

// factorLabel is the words for a factor: "kernel height", "input
// channels"; an unnamed factor is its value.
func factorLabel(l Lang, kind string, f graph.Factor) string {
	if f.Name == "" || f.Name == "1" {
		return graph.DimString(f.Value)
	}
	if key, args, ok := labelKey(kind, f.Name); ok {
		return l.T(key, args...)
	}
	return strings.ReplaceAll(f.Name, "_", " ")
}

package explain_test

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/explain"
	"github.com/netsum/netsum/internal/render/jsonout"
	"github.com/netsum/netsum/internal/summary"
)

// TestFormulasAddUp is the property test: every weight formula and every
// layer formula of every fixture evaluates to the count netsum computes;
// the JSON renderer's formula is the same expression; every factor has
// words in the catalog.
func TestFormulasAddUp(t *testing.T) {
	weights, layers := 0, 0
	for _, f := range fixtures(t) {
		s, ok := load(t, f.path)
		if !ok {
			continue
		}
		eachRow(s.Rows, func(r *summary.Row) {
			var total int64
			known := true
			for _, w := range r.Weights {
				ascii := explain.WeightFormula(w.Shape, w.Factors)
				if j := jsonout.Formula(w.Shape, w.Factors); j != ascii {
					t.Errorf("%s: %s/%s: jsonout formula %s, explain %s", f.name, r.Name, w.Name, j, ascii)
				}
				for _, fs := range w.Factors {
					for _, fac := range fs {
						if fac.Name == "" || fac.Name == "1" {
							continue
						}
						_, _, kind := explain.ClassifyFn(r.Class, s.Dialect)
						if _, _, ok := explain.LabelKey(kind, fac.Name); !ok {
							t.Errorf("%s: %s/%s: factor %q has no words in the catalog", f.name, r.Name, w.Name, fac.Name)
						}
					}
				}
				if w.Count < 0 {
					known = false
					continue
				}
				total += w.Count
				got, ok := explain.Eval(ascii)
				if !ok || got != w.Count {
					t.Errorf("%s: %s/%s: formula %s = %d (ok %v), count %d", f.name, r.Name, w.Name, ascii, got, ok, w.Count)
				}
				weights++
			}
			e := explain.RowExpr(r)
			if (e == nil) != (len(r.Weights) == 0) {
				t.Errorf("%s: %s: formula %v for %d weights", f.name, r.Name, e, len(r.Weights))
			}
			if e == nil || !known {
				return
			}
			if !strings.ContainsAny(e.ASCII(), "0123456789") || strings.ContainsAny(e.ASCII(), " ·?") {
				t.Errorf("%s: %s: ASCII formula %q", f.name, r.Name, e.ASCII())
			}
			for _, form := range []string{e.ASCII(), e.String()} {
				got, ok := explain.Eval(form)
				if !ok || got != total || (r.ParamsKnown && got != r.Params) {
					t.Errorf("%s: %s: layer formula %s = %d (ok %v), want %d (row %d)", f.name, r.Name, form, got, ok, total, r.Params)
				}
			}
			layers++
		})
	}
	t.Logf("%d weight formulas, %d layer formulas checked", weights, layers)
}

// TestCoverage checks that the fixtures exercise every family of the Keras
// catalog, and lists the classes no fixture has.
func TestCoverage(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range fixtures(t) {
		s, ok := load(t, f.path)
		if !ok {
			continue
		}
		eachRow(s.Rows, func(r *summary.Row) {
			if spec := keras.Lookup(r.Class); spec != nil {
				seen[spec.Class] = true
			}
			for _, inner := range innerClasses(r) {
				if spec := keras.Lookup(inner); spec != nil {
					seen[spec.Class] = true
				}
			}
		})
	}
	families := map[string]bool{}
	var missing []string
	for _, spec := range keras.Specs() {
		if seen[spec.Class] {
			families[spec.Family] = true
		} else {
			missing = append(missing, spec.Class)
		}
	}
	for _, spec := range keras.Specs() {
		if !families[spec.Family] && spec.Family != "preprocessing" {
			t.Errorf("no fixture has a layer of the %s family", spec.Family)
		}
	}
	sort.Strings(missing)
	t.Logf("%d of %d catalog classes have a fixture; without one: %s", len(keras.Specs())-len(missing), len(keras.Specs()), strings.Join(missing, ", "))
}

// innerClasses lists the classes of layers a row wraps: the "layer" of a
// wrapper, the cells of an RNN.
func innerClasses(r *summary.Row) []string {
	var out []string
	add := func(v any) {
		if m, ok := v.(map[string]any); ok {
			if s, ok := m["class_name"].(string); ok {
				out = append(out, s)
			}
		}
	}
	add(r.Config["layer"])
	add(r.Config["cell"])
	if l, ok := r.Config["cell"].([]any); ok {
		for _, c := range l {
			add(c)
		}
	}
	return out
}

// TestEveryFixtureExplains renders every fixture in every language and
// checks that no message is missing (!key) or left unfilled ({name}), and
// that every row has a JSON explanation.
func TestEveryFixtureExplains(t *testing.T) {
	bad := regexp.MustCompile(`![a-z]+\.[a-z.]+|\{[a-z]+(\|[^}]*)?\}`)
	for _, f := range fixtures(t) {
		s, ok := load(t, f.path)
		if !ok {
			continue
		}
		for _, l := range explain.Langs() {
			var b bytes.Buffer
			if err := explain.Render(&b, s, explain.Options{Lang: l}); err != nil {
				t.Errorf("%s (%s): %v", f.name, l, err)
				continue
			}
			if m := bad.FindString(b.String()); m != "" {
				t.Errorf("%s (%s): %q in the walk", f.name, l, m)
			}
			eachRow(s.Rows, func(r *summary.Row) {
				e := explain.ExplanationIn(r, l)
				if e == "" || bad.MatchString(e) {
					t.Errorf("%s (%s): %s: explanation %q", f.name, l, r.Name, e)
				}
			})
		}
	}
}

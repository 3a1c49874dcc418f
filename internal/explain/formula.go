package explain

import (
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// WeightExpr is the product behind a weight's size: each dim's named
// factors, or the dim itself where it has none (unknown dims stay unknown);
// 1 for a scalar.
func WeightExpr(shape []int64, factors [][]graph.Factor) *Expr {
	var xs []*Expr
	n := max(len(shape), len(factors))
	for i := 0; i < n; i++ {
		if i < len(factors) && len(factors[i]) > 0 {
			for _, f := range factors[i] {
				xs = append(xs, Leaf(f.Name, f.Value))
			}
		} else if i < len(shape) {
			xs = append(xs, Num(shape[i]))
		}
	}
	if len(xs) == 0 {
		return Num(1)
	}
	return Prod(xs...)
}

// WeightFormula is WeightExpr in ASCII: "5*5*32*64", "?" for an unknown
// dim, "1" for a scalar. It is the "formula" of a weight in netsum/v1 JSON.
func WeightFormula(shape []int64, factors [][]graph.Factor) string {
	return WeightExpr(shape, factors).ASCII()
}

// Terms names every factor of a weight in order, for the JSON "terms"
// object; a name seen before gets the suffix _2, _3, … and an unnamed
// factor is called "n".
func Terms(factors [][]graph.Factor) []graph.Factor {
	out := []graph.Factor{}
	seen := map[string]int{}
	used := map[string]bool{}
	for _, fs := range factors {
		for _, f := range fs {
			name := f.Name
			if name == "" {
				name = "n"
			}
			seen[name]++
			key := name
			for n := seen[name]; used[key]; n++ {
				key = name + "_" + strconv.Itoa(n)
				seen[name] = n
			}
			used[key] = true
			out = append(out, graph.Factor{Name: key, Value: f.Value})
		}
	}
	return out
}

// mono is one weight as a flat list of factors.
type mono []graph.Factor

func monoOf(w *summary.Weight) mono {
	return mono(WeightExpr(w.Shape, w.Factors).Leaves())
}

func (m mono) expr() *Expr {
	if len(m) == 0 {
		return Num(1)
	}
	xs := make([]*Expr, len(m))
	for i, f := range m {
		xs[i] = Leaf(f.Name, f.Value)
	}
	return Prod(xs...)
}

// factor is m as a factor of a product: nil when empty.
func (m mono) factor() *Expr {
	if len(m) == 0 {
		return nil
	}
	return m.expr()
}

// scalarOne reports whether m is the scalar 1 (a weight with no dims).
func (m mono) scalarOne() bool {
	return len(m) == 1 && m[0].Name == "" && m[0].Value == 1
}

func (m mono) equal(o mono) bool {
	if len(m) != len(o) {
		return false
	}
	for i := range m {
		if m[i] != o[i] {
			return false
		}
	}
	return true
}

// contains reports whether the multiset o is part of m.
func (m mono) contains(o mono) bool {
	_, ok := m.remove(o)
	return ok
}

// remove takes one occurrence of each factor of o out of m, the last
// occurrence first; ok is false if some factor is missing.
func (m mono) remove(o mono) (mono, bool) {
	rest := append(mono(nil), m...)
	for _, f := range o {
		i := len(rest) - 1
		for i >= 0 && rest[i] != f {
			i--
		}
		if i < 0 {
			return nil, false
		}
		rest = append(rest[:i:i], rest[i+1:]...)
	}
	return rest, true
}

// gcd is the multiset of factors every monomial has, in the order of the
// first.
func gcd(ms []mono) mono {
	common := append(mono(nil), ms[0]...)
	for _, m := range ms[1:] {
		var next mono
		left := append(mono(nil), m...)
		for _, f := range common {
			for i, g := range left {
				if g == f {
					next = append(next, f)
					left = append(left[:i:i], left[i+1:]...)
					break
				}
			}
		}
		common = next
	}
	var out mono
	for _, f := range common {
		if f.Value >= 0 { // an unknown factor cannot be factored out
			out = append(out, f)
		}
	}
	return out
}

// suffix is the common tail of the monomials (known factors only).
func suffix(ms []mono) mono {
	n := 0
	for {
		var f graph.Factor
		for i, m := range ms {
			if len(m) <= n {
				return ms[0][len(ms[0])-n:]
			}
			g := m[len(m)-1-n]
			if i == 0 {
				f = g
			} else if g != f {
				return ms[0][len(ms[0])-n:]
			}
		}
		if f.Value < 0 {
			return ms[0][len(ms[0])-n:]
		}
		n++
	}
}

// factorOut writes monomials that share factors with those factored out,
// or returns nil. The shared tail comes first: a kernel (5·5·32·64) and its
// bias (64) give (5·5·32 + 1)·64, an LSTM's kernel, recurrent kernel and
// bias give (32 + 64 + 1)·4·64. When one weight is then left with nothing
// but factors all the others have (the bias of a locally connected layer,
// of a transposed convolution), those are factored out too:
// (3·3·8 + 1)·6·6·16. Identical monomials are a plain sum (64 + 64).
func factorOut(ms []mono) *Expr {
	same := true
	for _, m := range ms[1:] {
		if !m.equal(ms[0]) {
			same = false
		}
	}
	if same {
		return nil
	}
	tail := suffix(ms)
	rems := make([]mono, len(ms))
	for i, m := range ms {
		rems[i] = m[:len(m)-len(tail)]
	}
	var inner mono
	if g := gcd(rems); len(g) > 0 {
		hasBias := false
		for _, r := range rems {
			if r.equal(g) {
				hasBias = true
			}
		}
		if hasBias {
			inner = g
			for i, r := range rems {
				rems[i], _ = r.remove(g)
			}
		}
	}
	if len(tail) == 0 && len(inner) == 0 {
		return nil
	}
	xs := make([]*Expr, len(rems))
	for i, r := range rems {
		xs[i] = r.expr()
	}
	return Prod(Sum(xs...), inner.factor(), tail.factor())
}

func sumOf(ms []mono) *Expr {
	xs := make([]*Expr, len(ms))
	for i, m := range ms {
		xs[i] = m.expr()
	}
	return Sum(xs...)
}

// weightPrefix is the path of a weight inside its layer: "query" of
// "query/kernel", "forward_lstm" of "forward_lstm/bias", "" for "kernel".
func weightPrefix(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	return ""
}

// LayerExpr is the formula of a layer's parameter count from its weights:
// weights are grouped by their path (query/…, key/…, forward_lstm/…); a
// group whose weights share factors is written with them factored out, as
// (5·5·32 + 1)·64 for a kernel and its bias, or (32 + 64 + 1)·4·64 for an
// LSTM; otherwise a bias joins the nearest earlier weight holding all its
// factors (a pointwise kernel and its bias), and the rest is a sum. A
// layer without weights gives nil.
func LayerExpr(ws []summary.Weight) *Expr {
	if len(ws) == 0 {
		return nil
	}
	var order []string
	groups := map[string][]mono{}
	for i := range ws {
		p := weightPrefix(ws[i].Name)
		if _, ok := groups[p]; !ok {
			order = append(order, p)
		}
		groups[p] = append(groups[p], monoOf(&ws[i]))
	}
	var xs []*Expr
	for _, p := range order {
		xs = append(xs, groupExpr(groups[p]))
	}
	return Sum(xs...)
}

func groupExpr(ms []mono) *Expr {
	if len(ms) == 1 {
		return ms[0].expr()
	}
	if e := factorOut(ms); e != nil {
		return e
	}
	// Attach each weight to the nearest earlier head that holds all its
	// factors: a bias to its kernel.
	var clusters [][]mono
	for _, m := range ms {
		attached := false
		if len(m) > 0 && !m.scalarOne() {
			for c := len(clusters) - 1; c >= 0; c-- {
				if clusters[c][0].contains(m) {
					clusters[c] = append(clusters[c], m)
					attached = true
					break
				}
			}
		}
		if !attached {
			clusters = append(clusters, []mono{m})
		}
	}
	xs := make([]*Expr, len(clusters))
	for i, c := range clusters {
		xs[i] = c[0].expr()
		if len(c) > 1 {
			if e := factorOut(c); e != nil {
				xs[i] = e
			} else {
				xs[i] = sumOf(c)
			}
		}
	}
	return Sum(xs...)
}

// RowExpr is the formula of a summary row's parameter count: LayerExpr of
// its weights, or for a nested model the sum of its layers' counts (each
// weight once). It is nil for a row without weights.
func RowExpr(r *summary.Row) *Expr {
	if r.Nested && len(r.Sub) > 0 {
		var xs []*Expr
		var total int64
		for i := range r.Sub {
			n, ok := ownCount(&r.Sub[i])
			if !ok {
				xs = nil
				break
			}
			if n > 0 {
				xs = append(xs, Num(n))
				total += n
			}
		}
		if len(xs) > 0 && r.ParamsKnown && total == r.Params {
			return Sum(xs...)
		}
	}
	return LayerExpr(r.Weights)
}

// ownCount is what a row adds to a running total: its weights not counted
// on an earlier row.
func ownCount(r *summary.Row) (int64, bool) {
	var n int64
	for _, w := range r.Weights {
		if w.Shared {
			continue
		}
		if w.Count < 0 {
			return 0, false
		}
		n += w.Count
	}
	return n, true
}

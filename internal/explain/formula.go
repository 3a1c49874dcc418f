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
	return torchOrder(mono(WeightExpr(w.Shape, w.Factors).Leaves()))
}

// torchOrder writes a torch weight, whose output dim comes first
// (out_channels · in_channels · kernel_h · kernel_w), in the order of the
// classic formula: kernel, then input, then output (kernel_h · kernel_w ·
// in_channels · out_channels), so that a convolution reads (5·5·1 + 1)·32
// and a Linear (1024 + 1)·100. Other weights are left as they are.
func torchOrder(m mono) mono {
	out := -1
	for i, f := range m {
		if f.Name == "out_channels" || f.Name == "out_features" {
			out = i
			break
		}
	}
	if out < 0 || len(m) < 2 {
		return m
	}
	var kernel, rest mono
	for i, f := range m {
		switch {
		case i == out:
		case strings.HasPrefix(f.Name, "kernel_"):
			kernel = append(kernel, f)
		default:
			rest = append(rest, f)
		}
	}
	return append(append(kernel, rest...), m[out])
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
//
// A torch state_dict name (no '/') is a dotted module path: the weights of
// a submodule (self_attn.out_proj.weight) form their own group, and so do
// the weights of each layer and direction of a recurrent module
// (weight_ih_l1, bias_hh_l0_reverse).
func weightPrefix(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		last := name[i+1:]
		if j := strings.Index(last, "_l"); j >= 0 && rnnLayerSuffix(last[j:]) {
			return name[:i] + "." + last[j:]
		}
		return name[:i]
	}
	if j := strings.Index(name, "_l"); j >= 0 && rnnLayerSuffix(name[j:]) {
		return name[j:]
	}
	return ""
}

// rnnLayerSuffix reports whether s is torch's _l<N> or _l<N>_reverse.
func rnnLayerSuffix(s string) bool {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "_l"), "_reverse")
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// LayerExpr is the formula of a layer's parameter count from its weights:
// weights are grouped by their path (query/…, key/…, forward_lstm/…); a
// group whose weights share factors is written with them factored out, as
// (5·5·32 + 1)·64 for a kernel and its bias, or (32 + 64 + 1)·4·64 for an
// LSTM; otherwise a bias joins the nearest earlier weight holding all its
// factors (a pointwise kernel and its bias), and the rest is a sum. A
// layer without weights gives nil.
//
// PyTorch buffers (BatchNorm's running_mean) are not parameters and are
// left out; a group of identical torch weights (a norm's weight and bias)
// is written as a multiple, 2·64.
func LayerExpr(ws []summary.Weight) *Expr {
	var order []string
	groups := map[string][]mono{}
	dotted := true
	for i := range ws {
		if ws[i].Buffer {
			continue
		}
		if strings.Contains(ws[i].Name, "/") || !strings.Contains(ws[i].Name, ".") {
			dotted = false
		}
		p := weightPrefix(ws[i].Name)
		if _, ok := groups[p]; !ok {
			order = append(order, p)
		}
		groups[p] = append(groups[p], monoOf(&ws[i]))
	}
	if len(order) == 0 {
		return nil
	}
	var xs []*Expr
	for _, p := range order {
		if ms := groups[p]; dotted && len(ms) > 1 {
			if e := torchGroupExpr(ms); e != nil {
				xs = append(xs, e)
				continue
			}
		}
		xs = append(xs, groupExpr(groups[p]))
	}
	return Sum(xs...)
}

// torchGroupExpr writes the weights of one torch module (or one layer
// and direction of a recurrent module), whose output dim comes first,
// with their common leading factors taken out: an LSTM layer's weight_ih,
// weight_hh, bias_ih and bias_hh give (32 + 64 + 1 + 1)·4·64, an
// in_proj_weight and its bias (16 + 1)·3·16; identical vectors (a norm's
// weight and bias) give 2·64. nil means the classic grouping applies.
func torchGroupExpr(ms []mono) *Expr {
	equal := allEqual(ms)
	if equal && (len(ms[0]) <= 1 || ms[0][0].Name != "gates") {
		if ms[0].scalarOne() {
			return nil
		}
		return Prod(Num(int64(len(ms))), ms[0].expr())
	}
	n := 0
	for ; ; n++ {
		ok := n < len(ms[0]) && ms[0][n].Value >= 0
		for _, m := range ms[1:] {
			ok = ok && n < len(m) && m[n] == ms[0][n]
		}
		if !ok {
			break
		}
	}
	if equal {
		n = len(ms[0]) - 1
	}
	if n == 0 {
		// The weights sharing the first one's leading factor (an LSTM's
		// gates·hidden_size) factored, the others (weight_hr) added.
		var with, rest []mono
		for _, m := range ms {
			if len(m) > 0 && len(ms[0]) > 0 && m[0] == ms[0][0] {
				with = append(with, m)
			} else {
				rest = append(rest, m)
			}
		}
		if len(with) < 2 || len(rest) == 0 {
			return nil
		}
		e := torchGroupExpr(with)
		if e == nil {
			return nil
		}
		xs := []*Expr{e}
		for _, m := range rest {
			xs = append(xs, m.expr())
		}
		return Sum(xs...)
	}
	rems := make([]*Expr, len(ms))
	for i, m := range ms {
		rems[i] = m[n:].expr()
	}
	return Prod(Sum(rems...), ms[0][:n].expr())
}

func allEqual(ms []mono) bool {
	for _, m := range ms[1:] {
		if !m.equal(ms[0]) {
			return false
		}
	}
	return true
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
// on an earlier row, and not PyTorch buffers (listed, but not parameters).
func ownCount(r *summary.Row) (int64, bool) {
	var n int64
	for _, w := range r.Weights {
		if w.Shared || w.Buffer {
			continue
		}
		if w.Count < 0 {
			return 0, false
		}
		n += w.Count
	}
	return n, true
}

package explain

import (
	"math"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/graph"
)

// Expr is an arithmetic expression over named integers with only + and ·:
// a leaf (one graph.Factor), a product or a sum. It is what a parameter
// count is made of: 5·5·32·64, (5·5·32 + 1)·64.
type Expr struct {
	op   byte // 0 leaf, '*' product, '+' sum
	leaf graph.Factor
	args []*Expr
}

// Leaf is a named number; Value < 0 is unknown (printed "?").
func Leaf(name string, v int64) *Expr { return &Expr{leaf: graph.Factor{Name: name, Value: v}} }

// Num is an unnamed number.
func Num(v int64) *Expr { return Leaf("", v) }

// Prod multiplies expressions; a product of one is that one.
func Prod(xs ...*Expr) *Expr { return nary('*', xs) }

// Sum adds expressions; a sum of one is that one.
func Sum(xs ...*Expr) *Expr { return nary('+', xs) }

func nary(op byte, xs []*Expr) *Expr {
	var args []*Expr
	for _, x := range xs {
		if x == nil {
			continue
		}
		if x.op == op { // flatten (a·b)·c
			args = append(args, x.args...)
			continue
		}
		args = append(args, x)
	}
	switch len(args) {
	case 0:
		if op == '*' {
			return Num(1)
		}
		return Num(0)
	case 1:
		return args[0]
	}
	return &Expr{op: op, args: args}
}

// IsLeaf reports whether e is a single number.
func (e *Expr) IsLeaf() bool { return e.op == 0 }

// Value evaluates e; ok is false when a leaf is unknown or the value
// overflows int64.
func (e *Expr) Value() (v int64, ok bool) {
	switch e.op {
	case 0:
		return e.leaf.Value, e.leaf.Value >= 0
	case '*':
		v = 1
		for _, a := range e.args {
			x, ok := a.Value()
			if !ok {
				return 0, false
			}
			if x != 0 && v > math.MaxInt64/x {
				return 0, false
			}
			v *= x
		}
		return v, true
	}
	for _, a := range e.args {
		x, ok := a.Value()
		if !ok || v > math.MaxInt64-x {
			return 0, false
		}
		v += x
	}
	return v, true
}

// Leaves lists the named numbers of e in order.
func (e *Expr) Leaves() []graph.Factor {
	if e.op == 0 {
		return []graph.Factor{e.leaf}
	}
	var out []graph.Factor
	for _, a := range e.args {
		out = append(out, a.Leaves()...)
	}
	return out
}

// notation says how to print an expression.
type notation struct {
	mul, add string
	// leaf prints a leaf; nil prints its value ("?" when unknown).
	leaf func(f graph.Factor) string
}

var (
	asciiNotation  = notation{mul: "*", add: "+"}
	prettyNotation = notation{mul: "·", add: " + "}
)

// ASCII prints e with * and + and no spaces: (5*5*32+1)*64. It is the
// form of the JSON "formula" keys and can be evaluated by any calculator.
func (e *Expr) ASCII() string { return e.format(asciiNotation, false) }

// String prints e for people: (5·5·32 + 1)·64.
func (e *Expr) String() string { return e.format(prettyNotation, false) }

// Words prints e with each leaf replaced by label(leaf):
// (kernel height · kernel width · input channels + 1) · filters.
func (e *Expr) Words(label func(graph.Factor) string) string {
	return e.format(notation{mul: " · ", add: " + ", leaf: label}, false)
}

func (e *Expr) format(n notation, inProduct bool) string {
	switch e.op {
	case 0:
		if n.leaf != nil {
			return n.leaf(e.leaf)
		}
		if e.leaf.Value < 0 {
			return "?"
		}
		return strconv.FormatInt(e.leaf.Value, 10)
	case '*':
		parts := make([]string, len(e.args))
		for i, a := range e.args {
			parts[i] = a.format(n, true)
		}
		return strings.Join(parts, n.mul)
	}
	parts := make([]string, len(e.args))
	for i, a := range e.args {
		parts[i] = a.format(n, false)
	}
	s := strings.Join(parts, n.add)
	if inProduct {
		return "(" + s + ")"
	}
	return s
}

// Eval evaluates a formula written with non-negative integers, +, * and
// parentheses (the ASCII form, or the pretty one with · and spaces). It is
// the check that every formula netsum prints adds up.
func Eval(s string) (int64, bool) {
	p := &evalParser{s: strings.NewReplacer("·", "*", " ", "").Replace(s)}
	v, ok := p.sum()
	if !ok || p.i != len(p.s) {
		return 0, false
	}
	return v, true
}

type evalParser struct {
	s string
	i int
}

func (p *evalParser) sum() (int64, bool) {
	v, ok := p.prod()
	for ok && p.i < len(p.s) && p.s[p.i] == '+' {
		p.i++
		var x int64
		if x, ok = p.prod(); ok {
			if v > math.MaxInt64-x {
				return 0, false
			}
			v += x
		}
	}
	return v, ok
}

func (p *evalParser) prod() (int64, bool) {
	v, ok := p.atom()
	for ok && p.i < len(p.s) && p.s[p.i] == '*' {
		p.i++
		var x int64
		if x, ok = p.atom(); ok {
			if x != 0 && v > math.MaxInt64/x {
				return 0, false
			}
			v *= x
		}
	}
	return v, ok
}

func (p *evalParser) atom() (int64, bool) {
	if p.i < len(p.s) && p.s[p.i] == '(' {
		p.i++
		v, ok := p.sum()
		if !ok || p.i >= len(p.s) || p.s[p.i] != ')' {
			return 0, false
		}
		p.i++
		return v, true
	}
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	if start == p.i {
		return 0, false
	}
	v, err := strconv.ParseInt(p.s[start:p.i], 10, 64)
	return v, err == nil
}

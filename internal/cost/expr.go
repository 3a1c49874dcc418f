package cost

import (
	"github.com/netsum/netsum/internal/numfmt"
	"strconv"
	"strings"
)

// q is a count with the arithmetic behind it: "24·24·32 · 5·5·1". ok is
// false when a factor is unknown or the product overflows; why then says
// what is missing.
type q struct {
	v   int64
	s   string
	ok  bool
	why string
	// sum marks an expression whose top level is a sum (it gets
	// parentheses inside a product).
	sum bool
}

// zero is the count 0 with no arithmetic.
var zero = q{v: 0, s: "0", ok: true}

// unknown is a count that cannot be computed, for the reason why.
func unknown(why string) q { return q{v: -1, ok: false, why: why} }

// lit is a plain number, written with thousands separators.
func lit(v int64) q {
	if v < 0 {
		return unknown("unknown size")
	}
	return q{v: v, s: numfmt.Commas(v), ok: true}
}

// dims is the product of dims written "a·b·c" (a single dim alone; "1" for
// none). A negative dim makes it unknown.
func dims(ds ...int64) q {
	if len(ds) == 0 {
		return q{v: 1, s: "1", ok: true}
	}
	parts := make([]string, len(ds))
	v := int64(1)
	for i, d := range ds {
		if d < 0 {
			return unknown("unknown dim")
		}
		parts[i] = strconv.FormatInt(d, 10)
		var ok bool
		if v, ok = mulOK(v, d); !ok {
			return unknown("overflow")
		}
	}
	return q{v: v, s: strings.Join(parts, "·"), ok: true}
}

// mul multiplies counts: "a · b". Factors written "1" are left out of the
// text (but not the batch, see withBatch).
func mul(xs ...q) q {
	out := q{v: 1, ok: true}
	var parts []string
	for _, x := range xs {
		if !x.ok {
			return x
		}
		var ok bool
		if out.v, ok = mulOK(out.v, x.v); !ok {
			return unknown("overflow")
		}
		if x.s == "1" || x.s == "" {
			continue
		}
		s := x.s
		if x.sum {
			s = "(" + s + ")"
		}
		parts = append(parts, s)
	}
	if out.v == 0 {
		return zero
	}
	out.s = strings.Join(parts, " · ")
	if out.s == "" {
		out.s = "1"
	}
	return out
}

// add sums counts: "a + b". Zero terms are left out.
func add(xs ...q) q {
	out := q{ok: true}
	var parts []string
	for _, x := range xs {
		if !x.ok {
			return x
		}
		if x.v == 0 {
			continue
		}
		out.v += x.v
		if out.v < 0 {
			return unknown("overflow")
		}
		parts = append(parts, x.s)
	}
	switch len(parts) {
	case 0:
		return zero
	case 1:
		out.s = parts[0]
		out.sum = strings.Contains(parts[0], " + ")
	default:
		out.s = strings.Join(parts, " + ")
		out.sum = true
	}
	return out
}

// k is a small constant factor written "k·" in front: k(2, x) is "2·x".
func k(c int64, x q) q {
	if !x.ok {
		return x
	}
	if c == 1 {
		return x
	}
	if c == 0 || x.v == 0 {
		return zero
	}
	v, ok := mulOK(c, x.v)
	if !ok {
		return unknown("overflow")
	}
	s := x.s
	if x.sum || strings.Contains(s, " · ") {
		s = "(" + s + ")"
	}
	return q{v: v, s: strconv.FormatInt(c, 10) + "·" + s, ok: true}
}

// named labels a term: "460,800 (bias)". Used for FLOPs terms.
func named(x q, label string) q {
	if !x.ok || x.v == 0 {
		return x
	}
	x.s = x.s + " " + label
	return x
}

// collapse replaces the arithmetic of x by its value: used when x appears
// inside a larger formula (2·MACs).
func collapse(x q) q {
	if !x.ok {
		return x
	}
	return lit(x.v)
}

// formula is the final text: "24·24·32 · 5·5·1 = 460,800"; just the value
// when there is no arithmetic; "?" plus the reason when unknown.
func (x q) formula() string {
	if !x.ok {
		if x.why == "" {
			return "?"
		}
		return "? (" + x.why + ")"
	}
	val := numfmt.Commas(x.v)
	if x.s == "" || x.s == val {
		return val
	}
	return x.s + " = " + val
}

func mulOK(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	if a < 0 || b < 0 || a > (1<<62)/b {
		return -1, false
	}
	return a * b, true
}

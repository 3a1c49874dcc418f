package eval

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/netsum/netsum/internal/python/syntax"
)

const (
	opAdd    = syntax.Add
	opSub    = syntax.Sub
	opBitOr  = syntax.BitOr
	opBitAnd = syntax.BitAnd
	opBitXor = syntax.BitXor

	opMul = syntax.Mul
	opEq  = syntax.Eq
	opNe  = syntax.Ne
	opLt  = syntax.Lt
	opLe  = syntax.Le
	opGt  = syntax.Gt
	opGe  = syntax.Ge

	syntaxNeg      = syntax.Neg
	syntaxFloorDiv = syntax.FloorDiv
	syntaxMod      = syntax.Mod
	syntaxPow      = syntax.Pow
)

// Repr returns repr(v) without calling Python code (user classes with
// __repr__ print in the default form). Use Thread.Repr to honor them.
func Repr(v Value) string {
	s, _ := (*Thread)(nil).reprDepth(v, nil)
	return s
}

// Repr returns repr(v), calling __repr__ methods.
func (th *Thread) Repr(v Value) (string, error) { return th.repr(v) }

// Str returns str(v), calling __str__ methods.
func (th *Thread) Str(v Value) (string, error) { return th.str(v) }

func (th *Thread) repr(v Value) (string, error) { return th.reprDepth(v, nil) }

func (th *Thread) str(v Value) (string, error) {
	switch x := v.(type) {
	case String:
		return string(x), nil
	case Int:
		return x.String(), nil
	case *Instance:
		if th != nil {
			if m, ok := x.Class.Lookup("__str__"); ok {
				if m != objectStr {
					r, err := th.Call(m, Tuple{x}, nil)
					if err != nil {
						return "", err
					}
					s, ok := r.(String)
					if !ok {
						return "", NewError(TypeError, "__str__ returned non-string (type %s)", typeName(r))
					}
					return string(s), nil
				}
			}
		}
		return th.reprDepth(v, nil)
	case Tuple, *List, *Dict, *Set:
		return th.reprDepth(v, nil)
	}
	if v == nil {
		return "None", nil
	}
	return v.String(), nil
}

func (th *Thread) reprDepth(v Value, path []Value) (string, error) {
	if len(path) > maxNesting {
		return "...", nil
	}
	if th != nil {
		if err := th.step(); err != nil {
			return "", err
		}
	}
	switch x := v.(type) {
	case String:
		return quoteString(string(x)), nil
	case Tuple:
		for _, p := range path {
			if t, ok := p.(Tuple); ok && same(t, x) {
				return "(...)", nil
			}
		}
		var b strings.Builder
		b.WriteByte('(')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			s, err := th.reprDepth(e, append(path, v))
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
		if len(x) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
		return b.String(), nil
	case *List:
		for _, p := range path {
			if p == Value(x) {
				return "[...]", nil
			}
		}
		var b strings.Builder
		b.WriteByte('[')
		for i, e := range x.elems {
			if i > 0 {
				b.WriteString(", ")
			}
			s, err := th.reprDepth(e, append(path, v))
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
		b.WriteByte(']')
		return b.String(), nil
	case *Dict:
		for _, p := range path {
			if p == Value(x) {
				return "{...}", nil
			}
		}
		var b strings.Builder
		b.WriteByte('{')
		first := true
		for _, e := range x.ht.entries {
			if e.deleted {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			ks, err := th.reprDepth(e.key, append(path, v))
			if err != nil {
				return "", err
			}
			vs, err := th.reprDepth(e.value, append(path, v))
			if err != nil {
				return "", err
			}
			b.WriteString(ks)
			b.WriteString(": ")
			b.WriteString(vs)
		}
		b.WriteByte('}')
		return b.String(), nil
	case *Set:
		if x.Len() == 0 {
			return x.Type() + "()", nil
		}
		var b strings.Builder
		if x.frozen {
			b.WriteString("frozenset(")
		}
		b.WriteByte('{')
		for i, e := range x.Elems() {
			if i > 0 {
				b.WriteString(", ")
			}
			s, err := th.reprDepth(e, append(path, v))
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
		b.WriteByte('}')
		if x.frozen {
			b.WriteByte(')')
		}
		return b.String(), nil
	case *Instance:
		if th != nil {
			if m, ok := x.Class.Lookup("__repr__"); ok {
				r, err := th.Call(m, Tuple{x}, nil)
				if err != nil {
					return "", err
				}
				s, ok := r.(String)
				if !ok {
					return "", NewError(TypeError, "__repr__ returned non-string (type %s)", typeName(r))
				}
				return string(s), nil
			}
		}
		if x.Class.exc {
			args, _ := x.attrs.Get("args")
			t, _ := args.(Tuple)
			if len(t) == 1 {
				s, _ := th.reprDepth(t[0], path)
				return x.Class.name + "(" + s + ")", nil
			}
			s, _ := th.reprDepth(t, path)
			return x.Class.name + s, nil
		}
		if l, ok := x.Native.(*List); ok {
			return th.reprDepth(l, path)
		}
		if d, ok := x.Native.(*Dict); ok {
			return th.reprDepth(d, path)
		}
		return defaultRepr(x), nil
	case HasRepr:
		return x.Repr(), nil
	case nil:
		return "None", nil
	}
	return v.String(), nil
}

// ---- format() ----

type fmtSpec struct {
	fill      rune
	align     byte
	sign      byte
	alt       bool
	zero      bool
	width     int
	grouping  byte
	precision int
	typ       byte
}

func parseSpec(spec string) (fmtSpec, error) {
	f := fmtSpec{fill: ' ', precision: -1}
	s := spec
	if len(s) >= 2 {
		r, n := utf8.DecodeRuneInString(s)
		if n < len(s) && strings.IndexByte("<>=^", s[n]) >= 0 {
			f.fill, f.align = r, s[n]
			s = s[n+1:]
		} else if strings.IndexByte("<>=^", s[0]) >= 0 {
			f.align = s[0]
			s = s[1:]
		}
	} else if len(s) == 1 && strings.IndexByte("<>=^", s[0]) >= 0 {
		f.align = s[0]
		s = s[1:]
	}
	if s != "" && strings.IndexByte("+- ", s[0]) >= 0 {
		f.sign = s[0]
		s = s[1:]
	}
	if s != "" && s[0] == 'z' {
		s = s[1:]
	}
	if s != "" && s[0] == '#' {
		f.alt = true
		s = s[1:]
	}
	if s != "" && s[0] == '0' {
		f.zero = true
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 {
		w, err := strconv.Atoi(s[:i])
		if err != nil || w > 1<<20 {
			return f, NewError(ValueError, "Too many decimal digits in format string")
		}
		f.width = w
		s = s[i:]
	}
	if s != "" && (s[0] == ',' || s[0] == '_') {
		f.grouping = s[0]
		s = s[1:]
	}
	if s != "" && s[0] == '.' {
		s = s[1:]
		i = 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			return f, NewError(ValueError, "Format specifier missing precision")
		}
		p, err := strconv.Atoi(s[:i])
		if err != nil || p > 1<<10 {
			return f, NewError(ValueError, "Too many decimal digits in format string")
		}
		f.precision = p
		s = s[i:]
	}
	if len(s) == 1 {
		f.typ = s[0]
	} else if len(s) > 1 {
		return f, NewError(ValueError, "Invalid format specifier '%s'", spec)
	}
	return f, nil
}

func (f fmtSpec) pad(s string, numeric bool) string {
	n := utf8.RuneCountInString(s)
	if n >= f.width {
		return s
	}
	align := f.align
	fill := string(f.fill)
	if align == 0 {
		if f.zero && numeric {
			align, fill = '=', "0"
		} else if numeric {
			align = '>'
		} else {
			align = '<'
		}
	}
	k := f.width - n
	switch align {
	case '<':
		return s + strings.Repeat(fill, k)
	case '>':
		return strings.Repeat(fill, k) + s
	case '^':
		return strings.Repeat(fill, k/2) + s + strings.Repeat(fill, k-k/2)
	case '=':
		sign := ""
		if s != "" && (s[0] == '-' || s[0] == '+' || s[0] == ' ') {
			sign, s = s[:1], s[1:]
		}
		prefix := ""
		if len(s) > 1 && s[0] == '0' && strings.IndexByte("xXobB", s[1]) >= 0 {
			prefix, s = s[:2], s[2:]
		}
		return sign + prefix + strings.Repeat(fill, k) + s
	}
	return s
}

func group(digits string, sep byte, every int) string {
	if sep == 0 || len(digits) <= every {
		return digits
	}
	var b strings.Builder
	first := len(digits) % every
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += every {
		if b.Len() > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(digits[i : i+every])
	}
	return b.String()
}

func signed(neg bool, sign byte, s string) string {
	switch {
	case neg:
		return "-" + s
	case sign == '+':
		return "+" + s
	case sign == ' ':
		return " " + s
	}
	return s
}

func formatInt(i int64, spec string) (string, error) {
	f, err := parseSpec(spec)
	if err != nil {
		return "", err
	}
	switch f.typ {
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		return formatFloatSpec(float64(i), f)
	}
	neg := i < 0
	u := uint64(i)
	if neg {
		u = uint64(-i)
	}
	var digits, prefix string
	switch f.typ {
	case 0, 'd', 'n':
		digits = strconv.FormatUint(u, 10)
		digits = group(digits, f.grouping, 3)
	case 'x':
		digits, prefix = strconv.FormatUint(u, 16), "0x"
		digits = group(digits, f.grouping, 4)
	case 'X':
		digits, prefix = strings.ToUpper(strconv.FormatUint(u, 16)), "0X"
		digits = group(digits, f.grouping, 4)
	case 'o':
		digits, prefix = strconv.FormatUint(u, 8), "0o"
	case 'b':
		digits, prefix = strconv.FormatUint(u, 2), "0b"
		digits = group(digits, f.grouping, 4)
	case 'c':
		return f.pad(string(rune(i)), false), nil
	case 's':
		return "", NewError(ValueError, "Unknown format code 's' for object of type 'int'")
	default:
		return "", NewError(ValueError, "Unknown format code '%c' for object of type 'int'", f.typ)
	}
	if !f.alt {
		prefix = ""
	}
	return f.pad(signed(neg, f.sign, prefix+digits), true), nil
}

func formatFloat(x float64, spec string) (string, error) {
	f, err := parseSpec(spec)
	if err != nil {
		return "", err
	}
	switch f.typ {
	case 'd', 'x', 'X', 'o', 'b', 'c':
		return "", NewError(ValueError, "Unknown format code '%c' for object of type 'float'", f.typ)
	}
	return formatFloatSpec(x, f)
}

func formatFloatSpec(x float64, f fmtSpec) (string, error) {
	neg := math.Signbit(x) && !math.IsNaN(x)
	a := math.Abs(x)
	var s string
	prec := f.precision
	switch f.typ {
	case 'f', 'F':
		if prec < 0 {
			prec = 6
		}
		s = strconv.FormatFloat(a, 'f', prec, 64)
	case 'e', 'E':
		if prec < 0 {
			prec = 6
		}
		s = pyExp(strconv.FormatFloat(a, 'e', prec, 64))
	case '%':
		if prec < 0 {
			prec = 6
		}
		s = strconv.FormatFloat(a*100, 'f', prec, 64) + "%"
	case 'g', 'G', 'n':
		if prec < 0 {
			prec = 6
		}
		if prec == 0 {
			prec = 1
		}
		s = pyG(a, prec, f.alt)
	case 0:
		if prec < 0 {
			s = formatFloatRepr(a)
		} else {
			if prec == 0 {
				prec = 1
			}
			s = pyG(a, prec, f.alt)
			if !strings.ContainsAny(s, ".e") && !math.IsInf(a, 0) && !math.IsNaN(a) {
				// Python's '' type with precision keeps at least one digit after the point for
				// values shown in fixed notation only when needed; mimic str().
				_ = s
			}
		}
	default:
		return "", NewError(ValueError, "Unknown format code '%c' for object of type 'float'", f.typ)
	}
	if math.IsInf(a, 0) {
		s = "inf"
	} else if math.IsNaN(a) {
		s = "nan"
	}
	if f.typ == 'F' || f.typ == 'E' || f.typ == 'G' {
		s = strings.ToUpper(s)
	}
	if f.grouping != 0 {
		intPart, rest := s, ""
		if i := strings.IndexAny(s, ".e%"); i >= 0 {
			intPart, rest = s[:i], s[i:]
		}
		s = group(intPart, f.grouping, 3) + rest
	}
	return f.pad(signed(neg, f.sign, s), true), nil
}

// pyExp converts Go's exponent form (1e+06) to Python's (1e+06 is the same,
// but Go writes e+6 for 'g'); ensure two exponent digits.
func pyExp(s string) string {
	i := strings.IndexByte(s, 'e')
	if i < 0 {
		return s
	}
	mant, exp := s[:i], s[i+1:]
	sign := "+"
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		sign, exp = exp[:1], exp[1:]
	}
	for len(exp) < 2 {
		exp = "0" + exp
	}
	return mant + "e" + sign + exp
}

func pyG(a float64, prec int, alt bool) string {
	if a == 0 {
		if alt {
			return "0." + strings.Repeat("0", prec-1)
		}
		return "0"
	}
	exp := int(math.Floor(math.Log10(a)))
	// rounding may bump the exponent
	r := strconv.FormatFloat(a, 'e', prec-1, 64)
	if i := strings.IndexByte(r, 'e'); i >= 0 {
		if e, err := strconv.Atoi(r[i+1:]); err == nil {
			exp = e
		}
	}
	var s string
	if exp < -4 || exp >= prec {
		s = pyExp(r)
		if !alt {
			mant, rest, _ := strings.Cut(s, "e")
			if strings.Contains(mant, ".") {
				mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
			}
			s = mant + "e" + rest
		}
		return s
	}
	s = strconv.FormatFloat(a, 'f', max(prec-1-exp, 0), 64)
	if !alt && strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func formatString(s, spec string) (string, error) {
	if spec == "" {
		return s, nil
	}
	f, err := parseSpec(spec)
	if err != nil {
		return "", err
	}
	if f.typ != 0 && f.typ != 's' {
		return "", NewError(ValueError, "Unknown format code '%c' for object of type 'str'", f.typ)
	}
	if f.precision >= 0 && utf8.RuneCountInString(s) > f.precision {
		s = string([]rune(s)[:f.precision])
	}
	return f.pad(s, false), nil
}

// format implements format(v, spec).
func (th *Thread) format(v Value, spec string) (string, error) {
	switch x := v.(type) {
	case Int:
		return formatInt(int64(x), spec)
	case Bool:
		if spec == "" {
			return x.String(), nil
		}
		return formatInt(int64(boolToInt(x)), spec)
	case Float:
		return formatFloat(float64(x), spec)
	case String:
		return formatString(string(x), spec)
	case *Instance:
		if m, ok := x.Class.Lookup("__format__"); ok {
			if m != objectFormat {
				r, err := th.Call(m, Tuple{x, String(spec)}, nil)
				if err != nil {
					return "", err
				}
				return th.str(r)
			}
		}
	case *Opaque:
		return "<unknown>", nil
	}
	s, err := th.str(v)
	if err != nil {
		return "", err
	}
	return formatString(s, spec)
}

// ---- % formatting ----

func (th *Thread) percentFormat(format string, arg Value) (string, error) {
	var args Tuple
	var mapping Value
	switch a := arg.(type) {
	case Tuple:
		args = a
	case *Dict:
		mapping = a
		args = Tuple{a}
	default:
		if _, ok := asDict(arg); ok {
			mapping = arg
		}
		args = Tuple{arg}
	}
	var b strings.Builder
	argi := 0
	next := func() (Value, error) {
		if argi >= len(args) {
			return nil, NewError(TypeError, "not enough arguments for format string")
		}
		v := args[argi]
		argi++
		return v, nil
	}
	usedMapping := false
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			return "", NewError(ValueError, "incomplete format")
		}
		var val Value
		if format[i] == '(' {
			j := strings.IndexByte(format[i:], ')')
			if j < 0 {
				return "", NewError(ValueError, "incomplete format key")
			}
			key := format[i+1 : i+j]
			i += j + 1
			if mapping == nil {
				return "", NewError(TypeError, "format requires a mapping")
			}
			v, err := th.GetItem(mapping, String(key))
			if err != nil {
				return "", err
			}
			val = v
			usedMapping = true
		}
		f := fmtSpec{fill: ' ', precision: -1}
		for ; i < len(format) && strings.IndexByte("-+ #0", format[i]) >= 0; i++ {
			switch format[i] {
			case '-':
				f.align = '<'
			case '+':
				f.sign = '+'
			case ' ':
				if f.sign == 0 {
					f.sign = ' '
				}
			case '#':
				f.alt = true
			case '0':
				f.zero = true
			}
		}
		readNum := func() (int, error) {
			if i < len(format) && format[i] == '*' {
				i++
				v, err := next()
				if err != nil {
					return 0, err
				}
				n, err := AsInt(v)
				return int(n), err
			}
			start := i
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
			if start == i {
				return -1, nil
			}
			n, err := strconv.Atoi(format[start:i])
			if err != nil || n > 1<<20 {
				return 0, NewError(ValueError, "width too big")
			}
			return n, nil
		}
		w, err := readNum()
		if err != nil {
			return "", err
		}
		if w >= 0 {
			f.width = w
		}
		if i < len(format) && format[i] == '.' {
			i++
			p, err := readNum()
			if err != nil {
				return "", err
			}
			if p < 0 {
				p = 0
			}
			f.precision = p
		}
		for i < len(format) && (format[i] == 'l' || format[i] == 'h' || format[i] == 'L') {
			i++
		}
		if i >= len(format) {
			return "", NewError(ValueError, "incomplete format")
		}
		conv := format[i]
		if conv == '%' {
			b.WriteByte('%')
			continue
		}
		if val == nil {
			v, err := next()
			if err != nil {
				return "", err
			}
			val = v
		}
		if f.align == '<' {
			f.zero = false
		}
		var s string
		switch conv {
		case 's', 'r', 'a':
			if conv == 's' {
				s, err = th.str(val)
			} else {
				s, err = th.repr(val)
			}
			if err != nil {
				return "", err
			}
			if f.precision >= 0 && utf8.RuneCountInString(s) > f.precision {
				s = string([]rune(s)[:f.precision])
			}
			f.zero = false
			s = f.pad(s, false)
		case 'd', 'i', 'u', 'x', 'X', 'o', 'c':
			var n int64
			if fl, ok := val.(Float); ok && conv != 'c' {
				n = int64(fl)
			} else if sv, ok := val.(String); ok && conv == 'c' {
				s = f.pad(string(sv), false)
				break
			} else {
				n, err = AsInt(val)
				if err != nil {
					return "", NewError(TypeError, "%%%c format: a number is required, not %s", conv, typeName(val))
				}
			}
			t := conv
			if t == 'i' || t == 'u' {
				t = 'd'
			}
			spec := fmtSpec{fill: ' ', sign: f.sign, alt: f.alt, zero: f.zero, width: f.width, precision: -1, align: f.align, typ: t}
			s, err = formatInt(n, specString(spec))
			if err != nil {
				return "", err
			}
			if f.precision > 0 && conv != 'c' {
				neg := strings.HasPrefix(s, "-")
				digits := strings.TrimLeft(strings.TrimSpace(s), "-+")
				for len(digits) < f.precision {
					digits = "0" + digits
				}
				s = f.pad(signed(neg, f.sign, digits), true)
			}
		case 'f', 'F', 'e', 'E', 'g', 'G':
			x, err := AsFloat(val)
			if err != nil {
				return "", NewError(TypeError, "must be real number, not %s", typeName(val))
			}
			f.typ = conv
			if f.align == 0 {
				f.align = '>'
				if f.zero {
					f.align = '='
					f.fill = '0'
				}
			}
			s, err = formatFloatSpec(x, f)
			if err != nil {
				return "", err
			}
		default:
			return "", NewError(ValueError, "unsupported format character '%c' (0x%x)", conv, conv)
		}
		b.WriteString(s)
		if b.Len() > 1<<16 {
			if err := th.allocBytes(int64(b.Len())); err != nil {
				return "", err
			}
		}
	}
	if argi < len(args) && !usedMapping && mapping == nil {
		return "", NewError(TypeError, "not all arguments converted during string formatting")
	}
	if err := th.allocBytes(int64(b.Len())); err != nil {
		return "", err
	}
	return b.String(), nil
}

func specString(f fmtSpec) string {
	var b strings.Builder
	if f.align != 0 {
		b.WriteRune(f.fill)
		b.WriteByte(f.align)
	}
	if f.sign != 0 {
		b.WriteByte(f.sign)
	}
	if f.alt {
		b.WriteByte('#')
	}
	if f.zero && f.align == 0 {
		b.WriteByte('0')
	}
	if f.width > 0 {
		b.WriteString(strconv.Itoa(f.width))
	}
	if f.typ != 0 {
		b.WriteByte(f.typ)
	}
	return b.String()
}

// ---- str.format ----

func (th *Thread) strFormat(format string, args Tuple, kwargs []KV, mapping Value) (string, error) {
	var b strings.Builder
	auto := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == '}' {
			if i+1 < len(format) && format[i+1] == '}' {
				i++
			}
			b.WriteByte('}')
			continue
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		// find the matching close brace
		depth, j := 1, i+1
		for ; j < len(format) && depth > 0; j++ {
			switch format[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
		}
		if depth != 0 {
			return "", NewError(ValueError, "Single '{' encountered in format string")
		}
		field := format[i+1 : j-1]
		i = j - 1
		spec := ""
		conv := byte(0)
		if k := strings.IndexByte(field, ':'); k >= 0 {
			field, spec = field[:k], field[k+1:]
		}
		if k := strings.IndexByte(field, '!'); k >= 0 {
			if k+1 < len(field) {
				conv = field[k+1]
			}
			field = field[:k]
		}
		if strings.Contains(spec, "{") {
			var err error
			spec, err = th.strFormat(spec, args, kwargs, mapping)
			if err != nil {
				return "", err
			}
		}
		// first component: index or name
		name := field
		rest := ""
		if k := strings.IndexAny(field, ".["); k >= 0 {
			name, rest = field[:k], field[k:]
		}
		var v Value
		if name == "" {
			if auto >= len(args) {
				return "", NewError(IndexError, "Replacement index %d out of range for positional args tuple", auto)
			}
			v = args[auto]
			auto++
		} else if n, err := strconv.Atoi(name); err == nil {
			if n < 0 || n >= len(args) {
				return "", NewError(IndexError, "Replacement index %d out of range for positional args tuple", n)
			}
			v = args[n]
		} else {
			found := false
			for _, kv := range kwargs {
				if kv.Name == name {
					v, found = kv.Value, true
				}
			}
			if !found && mapping != nil {
				x, err := th.GetItem(mapping, String(name))
				if err != nil {
					return "", err
				}
				v, found = x, true
			}
			if !found {
				return "", &nativeError{cls: KeyError, msg: quoteString(name), args: Tuple{String(name)}}
			}
		}
		for rest != "" {
			if rest[0] == '.' {
				k := strings.IndexAny(rest[1:], ".[")
				attr := rest[1:]
				if k >= 0 {
					attr, rest = rest[1:k+1], rest[k+1:]
				} else {
					rest = ""
				}
				x, err := th.GetAttr(v, attr)
				if err != nil {
					return "", err
				}
				v = x
			} else {
				k := strings.IndexByte(rest, ']')
				if k < 0 {
					return "", NewError(ValueError, "Missing ']' in format string")
				}
				key := rest[1:k]
				rest = rest[k+1:]
				var kv Value = String(key)
				if n, err := strconv.Atoi(key); err == nil {
					kv = Int(n)
				}
				x, err := th.GetItem(v, kv)
				if err != nil {
					return "", err
				}
				v = x
			}
		}
		switch conv {
		case 'r', 'a':
			s, err := th.repr(v)
			if err != nil {
				return "", err
			}
			v = String(s)
		case 's':
			s, err := th.str(v)
			if err != nil {
				return "", err
			}
			v = String(s)
		}
		s, err := th.format(v, spec)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
		if err := th.allocBytes(int64(len(s))); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

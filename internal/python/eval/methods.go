package eval

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

func descrError(cls, name string, got Value) error {
	if got == nil {
		return NewError(TypeError, "unbound method %s.%s() needs an argument", cls, name)
	}
	return NewError(TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", name, cls, typeName(got))
}

// str methods receive the string as args[0].
func strMethod(name string, fn func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error)) {
	StrClass.Set(name, NewMethod(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 0 {
			return nil, descrError("str", name, nil)
		}
		s, ok := args[0].(String)
		if !ok {
			return nil, descrError("str", name, args[0])
		}
		return fn(th, string(s), args[1:], kwargs)
	}))
}

func optStr(v Value, def string) (string, bool, error) {
	if v == nil || v == None {
		return def, false, nil
	}
	s, err := AsString(v)
	return s, true, err
}

func setupStrMethods() {
	simple := map[string]func(string) string{
		"upper": strings.ToUpper, "lower": strings.ToLower, "casefold": strings.ToLower,
		"swapcase": func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsUpper(r) {
					return unicode.ToLower(r)
				}
				return unicode.ToUpper(r)
			}, s)
		},
		"capitalize": func(s string) string {
			if s == "" {
				return s
			}
			r, n := utf8.DecodeRuneInString(s)
			return string(unicode.ToUpper(r)) + strings.ToLower(s[n:])
		},
		"title": func(s string) string {
			var b strings.Builder
			prev := false
			for _, r := range s {
				if unicode.IsLetter(r) {
					if prev {
						b.WriteRune(unicode.ToLower(r))
					} else {
						b.WriteRune(unicode.ToUpper(r))
					}
					prev = true
				} else {
					b.WriteRune(r)
					prev = false
				}
			}
			return b.String()
		},
	}
	for name, f := range simple {
		f := f
		strMethod(name, func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
			if err := UnpackArgs(name, args, kwargs); err != nil {
				return nil, err
			}
			return String(f(s)), nil
		})
	}
	preds := map[string]func(rune) bool{
		"isalpha": unicode.IsLetter, "isdigit": unicode.IsDigit, "isnumeric": unicode.IsNumber,
		"isdecimal": unicode.IsDigit, "isspace": unicode.IsSpace,
		"isalnum": func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) },
	}
	for name, p := range preds {
		p := p
		strMethod(name, func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
			if s == "" {
				return False, nil
			}
			for _, r := range s {
				if !p(r) {
					return False, nil
				}
			}
			return True, nil
		})
	}
	strMethod("islower", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		return Bool(strings.ToLower(s) == s && strings.ToUpper(s) != s), nil
	})
	strMethod("isupper", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		return Bool(strings.ToUpper(s) == s && strings.ToLower(s) != s), nil
	})
	strMethod("isidentifier", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		if s == "" {
			return False, nil
		}
		for i, r := range s {
			if !(unicode.IsLetter(r) || r == '_' || i > 0 && unicode.IsDigit(r)) {
				return False, nil
			}
		}
		return True, nil
	})
	strMethod("istitle", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		return Bool(s != "" && simple["title"](s) == s), nil
	})
	for _, name := range []string{"strip", "lstrip", "rstrip"} {
		name := name
		strMethod(name, func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
			var chars Value
			if err := UnpackArgs(name, args, kwargs, "chars?", &chars); err != nil {
				return nil, err
			}
			cs, given, err := optStr(chars, "")
			if err != nil {
				return nil, err
			}
			switch name {
			case "strip":
				if !given {
					return String(strings.TrimSpace(s)), nil
				}
				return String(strings.Trim(s, cs)), nil
			case "lstrip":
				if !given {
					return String(strings.TrimLeftFunc(s, unicode.IsSpace)), nil
				}
				return String(strings.TrimLeft(s, cs)), nil
			}
			if !given {
				return String(strings.TrimRightFunc(s, unicode.IsSpace)), nil
			}
			return String(strings.TrimRight(s, cs)), nil
		})
	}
	for _, name := range []string{"startswith", "endswith"} {
		name := name
		strMethod(name, func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
			var x, start, end Value
			if err := UnpackArgs(name, args, kwargs, "prefix", &x, "start?", &start, "end?", &end); err != nil {
				return nil, err
			}
			s = substr(s, start, end)
			test := func(p Value) (bool, error) {
				ps, err := AsString(p)
				if err != nil {
					return false, NewError(TypeError, "%s first arg must be str or a tuple of str, not %s", name, typeName(p))
				}
				if name == "startswith" {
					return strings.HasPrefix(s, ps), nil
				}
				return strings.HasSuffix(s, ps), nil
			}
			if t, ok := x.(Tuple); ok {
				for _, p := range t {
					if ok, err := test(p); ok || err != nil {
						return Bool(ok), err
					}
				}
				return False, nil
			}
			ok, err := test(x)
			return Bool(ok), err
		})
	}
	for _, name := range []string{"find", "rfind", "index", "rindex", "count"} {
		name := name
		strMethod(name, func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
			var x, start, end Value
			if err := UnpackArgs(name, args, kwargs, "sub", &x, "start?", &start, "end?", &end); err != nil {
				return nil, err
			}
			sub, err := AsString(x)
			if err != nil {
				return nil, err
			}
			rs := []rune(s)
			lo, hi := runeRange(len(rs), start, end)
			if lo > hi {
				if name == "count" {
					return Int(0), nil
				}
				if name == "index" || name == "rindex" {
					return nil, NewError(ValueError, "substring not found")
				}
				return Int(-1), nil
			}
			seg := string(rs[lo:hi])
			var i int
			switch name {
			case "count":
				if sub == "" {
					return Int(utf8.RuneCountInString(seg) + 1), nil
				}
				return Int(strings.Count(seg, sub)), nil
			case "find", "index":
				i = strings.Index(seg, sub)
			default:
				i = strings.LastIndex(seg, sub)
			}
			if i < 0 {
				if name == "index" || name == "rindex" {
					return nil, NewError(ValueError, "substring not found")
				}
				return Int(-1), nil
			}
			return Int(lo + utf8.RuneCountInString(seg[:i])), nil
		})
	}
	strMethod("replace", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		var old, nw string
		count := -1
		if err := UnpackArgs("replace", args, kwargs, "old", &old, "new", &nw, "count?", &count); err != nil {
			return nil, err
		}
		if n := strings.Count(s, old); n > 0 && len(nw) > len(old) {
			if err := th.allocBytes(int64(len(s) + n*(len(nw)-len(old)))); err != nil {
				return nil, err
			}
		}
		return String(strings.Replace(s, old, nw, count)), nil
	})
	strMethod("split", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		return th.strSplit(s, args, kwargs, false)
	})
	strMethod("rsplit", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		return th.strSplit(s, args, kwargs, true)
	})
	strMethod("splitlines", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		keep := false
		if err := UnpackArgs("splitlines", args, kwargs, "keepends?", &keep); err != nil {
			return nil, err
		}
		var out []Value
		for s != "" {
			i := strings.IndexAny(s, "\n\r")
			if i < 0 {
				out = append(out, String(s))
				break
			}
			j := i + 1
			if s[i] == '\r' && j < len(s) && s[j] == '\n' {
				j++
			}
			if keep {
				out = append(out, String(s[:j]))
			} else {
				out = append(out, String(s[:i]))
			}
			s = s[j:]
		}
		return NewList(out), th.alloc(int64(len(out)))
	})
	strMethod("join", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		var x Value
		if err := UnpackArgs("join", args, kwargs, "iterable", &x); err != nil {
			return nil, err
		}
		items, err := th.collect(x, -1)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		for i, it := range items {
			if i > 0 {
				b.WriteString(s)
			}
			str, ok := it.(String)
			if !ok {
				if o, ok := it.(*Opaque); ok {
					return nil, o.useError("as a string")
				}
				return nil, NewError(TypeError, "sequence item %d: expected str instance, %s found", i, typeName(it))
			}
			b.WriteString(string(str))
			if b.Len() > 1<<20 {
				if err := th.allocBytes(int64(b.Len())); err != nil {
					return nil, err
				}
			}
		}
		if err := th.allocBytes(int64(b.Len())); err != nil {
			return nil, err
		}
		return String(b.String()), nil
	})
	strMethod("format", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		r, err := th.strFormat(s, args, kwargs, nil)
		return String(r), err
	})
	strMethod("format_map", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "format_map() takes exactly one argument")
		}
		r, err := th.strFormat(s, nil, nil, args[0])
		return String(r), err
	})
	for _, name := range []string{"ljust", "rjust", "center"} {
		name := name
		strMethod(name, func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
			var width int
			fill := " "
			if err := UnpackArgs(name, args, kwargs, "width", &width, "fillchar?", &fill); err != nil {
				return nil, err
			}
			if utf8.RuneCountInString(fill) != 1 {
				return nil, NewError(TypeError, "The fill character must be exactly one character long")
			}
			if err := th.allocBytes(int64(width)); err != nil {
				return nil, err
			}
			n := width - utf8.RuneCountInString(s)
			if n <= 0 {
				return String(s), nil
			}
			switch name {
			case "ljust":
				return String(s + strings.Repeat(fill, n)), nil
			case "rjust":
				return String(strings.Repeat(fill, n) + s), nil
			}
			left := n / 2
			if n%2 == 1 && width%2 == 1 {
				left++
			}
			return String(strings.Repeat(fill, left) + s + strings.Repeat(fill, n-left)), nil
		})
	}
	strMethod("zfill", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		var width int
		if err := UnpackArgs("zfill", args, kwargs, "width", &width); err != nil {
			return nil, err
		}
		if err := th.allocBytes(int64(width)); err != nil {
			return nil, err
		}
		n := width - utf8.RuneCountInString(s)
		if n <= 0 {
			return String(s), nil
		}
		sign := ""
		if s != "" && (s[0] == '-' || s[0] == '+') {
			sign, s = s[:1], s[1:]
		}
		return String(sign + strings.Repeat("0", n) + s), nil
	})
	for _, name := range []string{"partition", "rpartition"} {
		name := name
		strMethod(name, func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
			var sep string
			if err := UnpackArgs(name, args, kwargs, "sep", &sep); err != nil {
				return nil, err
			}
			if sep == "" {
				return nil, NewError(ValueError, "empty separator")
			}
			var i int
			if name == "partition" {
				i = strings.Index(s, sep)
				if i < 0 {
					return Tuple{String(s), String(""), String("")}, nil
				}
			} else {
				i = strings.LastIndex(s, sep)
				if i < 0 {
					return Tuple{String(""), String(""), String(s)}, nil
				}
			}
			return Tuple{String(s[:i]), String(sep), String(s[i+len(sep):])}, nil
		})
	}
	strMethod("removeprefix", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		var p string
		if err := UnpackArgs("removeprefix", args, kwargs, "prefix", &p); err != nil {
			return nil, err
		}
		return String(strings.TrimPrefix(s, p)), nil
	})
	strMethod("removesuffix", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		var p string
		if err := UnpackArgs("removesuffix", args, kwargs, "suffix", &p); err != nil {
			return nil, err
		}
		return String(strings.TrimSuffix(s, p)), nil
	})
	strMethod("encode", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		return Bytes(s), nil
	})
	strMethod("decode", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		return String(s), nil // Python 2 str.decode
	})
	strMethod("expandtabs", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		size := 8
		if err := UnpackArgs("expandtabs", args, kwargs, "tabsize?", &size); err != nil {
			return nil, err
		}
		if size < 0 {
			size = 0
		}
		return String(strings.ReplaceAll(s, "\t", strings.Repeat(" ", size))), nil
	})
	strMethod("__len__", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		n, err := th.Len(String(s))
		return Int(n), err
	})
	strMethod("__getitem__", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__getitem__ expected 1 argument")
		}
		return th.GetItem(String(s), args[0])
	})
	strMethod("__contains__", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__contains__ expected 1 argument")
		}
		r, err := th.contains(String(s), args[0])
		return Bool(r), err
	})
	strMethod("__mod__", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__mod__ expected 1 argument")
		}
		r, err := th.percentFormat(s, args[0])
		return String(r), err
	})
	strMethod("__add__", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__add__ expected 1 argument")
		}
		return th.Binary(opAdd, String(s), args[0])
	})
	StrClass.Set("maketrans", &StaticMethod{fn: NewBuiltin("maketrans", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		d := NewDict()
		if len(args) >= 2 {
			a, _ := AsString(args[0])
			b, _ := AsString(args[1])
			ra, rb := []rune(a), []rune(b)
			for i := range ra {
				if i < len(rb) {
					_ = d.Set(th, Int(ra[i]), Int(rb[i]))
				}
			}
			if len(args) == 3 {
				c, _ := AsString(args[2])
				for _, r := range c {
					_ = d.Set(th, Int(r), None)
				}
			}
		} else if len(args) == 1 {
			if m, ok := args[0].(*Dict); ok {
				for _, kv := range m.Items() {
					k := kv[0]
					if s, ok := k.(String); ok {
						r, _ := utf8.DecodeRuneInString(string(s))
						k = Int(r)
					}
					_ = d.Set(th, k, kv[1])
				}
			}
		}
		return d, nil
	})})
	strMethod("translate", func(th *Thread, s string, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "translate() takes exactly one argument")
		}
		var b strings.Builder
		for _, r := range s {
			v, err := th.GetItem(args[0], Int(r))
			if err != nil {
				b.WriteRune(r)
				continue
			}
			switch v := v.(type) {
			case NoneType:
			case Int:
				b.WriteRune(rune(v))
			case String:
				b.WriteString(string(v))
			}
		}
		return String(b.String()), nil
	})
}

func substr(s string, start, end Value) string {
	if (start == nil || start == None) && (end == nil || end == None) {
		return s
	}
	rs := []rune(s)
	lo, hi := runeRange(len(rs), start, end)
	if lo > hi {
		return ""
	}
	return string(rs[lo:hi])
}

func runeRange(n int, start, end Value) (int, int) {
	lo, hi := 0, n
	if start != nil && start != None {
		if i, err := AsInt(start); err == nil {
			lo = clampIndex(i, n)
		}
	}
	if end != nil && end != None {
		if i, err := AsInt(end); err == nil {
			hi = clampIndex(i, n)
		}
	}
	return lo, hi
}

func clampIndex(i int64, n int) int {
	if i < 0 {
		i += int64(n)
		if i < 0 {
			i = 0
		}
	}
	if i > int64(n) {
		i = int64(n)
	}
	return int(i)
}

func (th *Thread) strSplit(s string, args Tuple, kwargs []KV, right bool) (Value, error) {
	var sepv Value
	maxsplit := -1
	if err := UnpackArgs("split", args, kwargs, "sep?", &sepv, "maxsplit?", &maxsplit); err != nil {
		return nil, err
	}
	sep, given, err := optStr(sepv, "")
	if err != nil {
		return nil, err
	}
	var parts []string
	if !given {
		fields := strings.Fields(s)
		if maxsplit >= 0 && len(fields) > maxsplit+1 {
			if right {
				// keep the leftmost part whole
				rest := fields[len(fields)-maxsplit:]
				head := strings.TrimRightFunc(s, unicode.IsSpace)
				for i := len(rest) - 1; i >= 0; i-- {
					head = strings.TrimRightFunc(strings.TrimSuffix(head, rest[i]), unicode.IsSpace)
				}
				parts = append([]string{strings.TrimSpace(head)}, rest...)
			} else {
				parts = fields[:maxsplit]
				tail := strings.TrimLeftFunc(s, unicode.IsSpace)
				for _, f := range parts {
					tail = strings.TrimLeftFunc(strings.TrimPrefix(tail, f), unicode.IsSpace)
				}
				parts = append(parts, tail)
			}
		} else {
			parts = fields
		}
	} else {
		if sep == "" {
			return nil, NewError(ValueError, "empty separator")
		}
		if right && maxsplit >= 0 {
			all := strings.Split(s, sep)
			if len(all) > maxsplit+1 {
				head := strings.Join(all[:len(all)-maxsplit], sep)
				parts = append([]string{head}, all[len(all)-maxsplit:]...)
			} else {
				parts = all
			}
		} else {
			parts = strings.SplitN(s, sep, maxsplit+boolInt(maxsplit >= 0))
			if maxsplit < 0 {
				parts = strings.Split(s, sep)
			}
		}
	}
	if err := th.alloc(int64(len(parts))); err != nil {
		return nil, err
	}
	out := make([]Value, len(parts))
	for i, p := range parts {
		out[i] = String(p)
	}
	return NewList(out), nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ---- list ----

// asList returns the list behind v (a list, or an instance of a list
// subclass).
func asList(v Value) (*List, bool) {
	switch x := v.(type) {
	case *List:
		return x, true
	case *Instance:
		l, ok := x.Native.(*List)
		return l, ok && l != nil
	}
	return nil, false
}

func listMethod(name string, fn func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error)) {
	ListClass.Set(name, NewMethod(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 0 {
			return nil, descrError("list", name, nil)
		}
		l, ok := asList(args[0])
		if !ok {
			return nil, descrError("list", name, args[0])
		}
		return fn(th, l, args[1:], kwargs)
	}))
}

func setupListMethods() {
	listMethod("append", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 || len(kwargs) > 0 {
			return nil, NewError(TypeError, "list.append() takes exactly one argument (%d given)", len(args))
		}
		if err := th.alloc(1); err != nil {
			return nil, err
		}
		l.elems = append(l.elems, args[0])
		return None, nil
	})
	listMethod("extend", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "list.extend() takes exactly one argument (%d given)", len(args))
		}
		items, err := th.collect(args[0], -1)
		if err != nil {
			return nil, err
		}
		if err := th.alloc(int64(len(items))); err != nil {
			return nil, err
		}
		l.elems = append(l.elems, items...)
		return None, nil
	})
	listMethod("insert", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		var i int64
		var x Value
		if err := UnpackArgs("insert", args, kwargs, "index", &i, "object", &x); err != nil {
			return nil, err
		}
		n := int64(len(l.elems))
		if i < 0 {
			i += n
			if i < 0 {
				i = 0
			}
		}
		if i > n {
			i = n
		}
		if err := th.alloc(1); err != nil {
			return nil, err
		}
		l.elems = append(l.elems, nil)
		copy(l.elems[i+1:], l.elems[i:])
		l.elems[i] = x
		return None, nil
	})
	listMethod("pop", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		i := int64(-1)
		if err := UnpackArgs("pop", args, kwargs, "index?", &i); err != nil {
			return nil, err
		}
		if len(l.elems) == 0 {
			return nil, NewError(IndexError, "pop from empty list")
		}
		j, ok := normIndex(i, len(l.elems))
		if !ok {
			return nil, NewError(IndexError, "pop index out of range")
		}
		v := l.elems[j]
		l.elems = append(l.elems[:j], l.elems[j+1:]...)
		return v, nil
	})
	listMethod("remove", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "list.remove() takes exactly one argument")
		}
		for i, e := range l.elems {
			if eq, err := th.equal(e, args[0], 0); err != nil {
				return nil, err
			} else if eq {
				l.elems = append(l.elems[:i], l.elems[i+1:]...)
				return None, nil
			}
		}
		return nil, NewError(ValueError, "list.remove(x): x not in list")
	})
	listMethod("index", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		return th.seqIndex(l.elems, args, "list")
	})
	listMethod("count", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		return th.seqCount(l.elems, args)
	})
	listMethod("clear", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		l.elems = nil
		return None, nil
	})
	listMethod("copy", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if err := th.alloc(int64(len(l.elems))); err != nil {
			return nil, err
		}
		return NewList(append([]Value(nil), l.elems...)), nil
	})
	listMethod("reverse", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		for i, j := 0, len(l.elems)-1; i < j; i, j = i+1, j-1 {
			l.elems[i], l.elems[j] = l.elems[j], l.elems[i]
		}
		return None, nil
	})
	listMethod("sort", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		var key Value = None
		reverse := false
		if err := UnpackArgs("sort", args, kwargs, "key?", &key, "reverse?", &reverse); err != nil {
			return nil, err
		}
		sorted, err := th.sortValues(l.elems, key, reverse)
		if err != nil {
			return nil, err
		}
		copy(l.elems, sorted)
		return None, nil
	})
	listMethod("__init__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		l.elems = nil
		if len(args) > 0 {
			items, err := th.collect(args[0], -1)
			if err != nil {
				return nil, err
			}
			l.elems = append(l.elems, items...)
		}
		return None, nil
	})
	listMethod("__len__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		return Int(len(l.elems)), nil
	})
	listMethod("__getitem__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__getitem__ expected 1 argument")
		}
		return th.GetItem(l, args[0])
	})
	listMethod("__setitem__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "__setitem__ expected 2 arguments")
		}
		return None, th.SetItem(l, args[0], args[1])
	})
	listMethod("__delitem__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__delitem__ expected 1 argument")
		}
		return None, th.DelItem(l, args[0])
	})
	listMethod("__iter__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		return &iterValue{it: &listIter{l: l}}, nil
	})
	listMethod("__contains__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__contains__ expected 1 argument")
		}
		r, err := th.seqContains(l.elems, args[0])
		return Bool(r), err
	})
	listMethod("__repr__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		s, err := th.repr(l)
		return String(s), err
	})
	listMethod("__add__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__add__ expected 1 argument")
		}
		other := args[0]
		if o, ok := asList(other); ok {
			other = o
		}
		return th.Binary(opAdd, l, other)
	})
	listMethod("__iadd__", func(th *Thread, l *List, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__iadd__ expected 1 argument")
		}
		items, err := th.collect(args[0], -1)
		if err != nil {
			return nil, err
		}
		l.elems = append(l.elems, items...)
		return l, nil
	})
}

func (th *Thread) seqIndex(elems []Value, args Tuple, what string) (Value, error) {
	if len(args) < 1 || len(args) > 3 {
		return nil, NewError(TypeError, "index expected 1 to 3 arguments")
	}
	lo, hi := 0, len(elems)
	if len(args) > 1 {
		i, err := AsInt(args[1])
		if err != nil {
			return nil, err
		}
		lo = clampIndex(i, len(elems))
	}
	if len(args) > 2 {
		i, err := AsInt(args[2])
		if err != nil {
			return nil, err
		}
		hi = clampIndex(i, len(elems))
	}
	for i := lo; i < hi; i++ {
		if eq, err := th.equal(elems[i], args[0], 0); err != nil {
			return nil, err
		} else if eq {
			return Int(i), nil
		}
	}
	return nil, NewError(ValueError, "%s is not in %s", shortRepr(args[0]), what)
}

func (th *Thread) seqCount(elems []Value, args Tuple) (Value, error) {
	if len(args) != 1 {
		return nil, NewError(TypeError, "count() takes exactly one argument")
	}
	n := 0
	for _, e := range elems {
		if eq, err := th.equal(e, args[0], 0); err != nil {
			return nil, err
		} else if eq {
			n++
		}
	}
	return Int(n), nil
}

// sortValues returns a sorted copy of elems.
func (th *Thread) sortValues(elems []Value, key Value, reverse bool) ([]Value, error) {
	n := len(elems)
	keys := elems
	if key != nil && key != None {
		keys = make([]Value, n)
		for i, e := range elems {
			k, err := th.Call(key, Tuple{e}, nil)
			if err != nil {
				return nil, err
			}
			keys[i] = k
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	var sortErr error
	if err := th.charge(int64(n) * int64(math.Log2(float64(n+1))+1)); err != nil {
		return nil, err
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if sortErr != nil {
			return false
		}
		x, y := keys[idx[a]], keys[idx[b]]
		if reverse {
			x, y = y, x
		}
		lt, err := th.less(x, y)
		if err != nil {
			sortErr = err
		}
		return lt
	})
	if sortErr != nil {
		return nil, sortErr
	}
	out := make([]Value, n)
	for i, j := range idx {
		out[i] = elems[j]
	}
	return out, nil
}

// ---- dict ----

func asDict(v Value) (*Dict, bool) {
	switch x := v.(type) {
	case *Dict:
		return x, true
	case *Instance:
		d, ok := x.Native.(*Dict)
		return d, ok && d != nil
	}
	return nil, false
}

func dictMethod(name string, fn func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error)) {
	DictClass.Set(name, NewMethod(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 0 {
			return nil, descrError("dict", name, nil)
		}
		d, ok := asDict(args[0])
		if !ok {
			return nil, descrError("dict", name, args[0])
		}
		return fn(th, d, args[1:], kwargs)
	}))
}

func (th *Thread) dictInit(d *Dict, args Tuple, kwargs []KV) error {
	if len(args) > 1 {
		return NewError(TypeError, "dict expected at most 1 argument, got %d", len(args))
	}
	if len(args) == 1 {
		if err := th.dictUpdate(d, args[0]); err != nil {
			return err
		}
	}
	for _, kv := range kwargs {
		if err := d.Set(th, String(kv.Name), kv.Value); err != nil {
			return err
		}
	}
	return nil
}

// dictUpdate adds the items of a mapping or an iterable of pairs to d.
func (th *Thread) dictUpdate(d *Dict, src Value) error {
	if m, ok := asDict(src); ok {
		for _, e := range m.ht.entries {
			if !e.deleted {
				if err := d.Set(th, e.key, e.value); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if o, ok := src.(*Opaque); ok {
		_ = o
		return nil
	}
	if _, ok := src.(*Instance); ok {
		if keysFn, err := th.GetAttr(src, "keys"); err == nil {
			ks, err := th.Call(keysFn, nil, nil)
			if err != nil {
				return err
			}
			keys, err := th.collect(ks, -1)
			if err != nil {
				return err
			}
			for _, k := range keys {
				v, err := th.GetItem(src, k)
				if err != nil {
					return err
				}
				if err := d.Set(th, k, v); err != nil {
					return err
				}
			}
			return nil
		}
	}
	items, err := th.collect(src, -1)
	if err != nil {
		return NewError(TypeError, "'%s' object is not iterable", typeName(src))
	}
	for i, it := range items {
		pair, err := th.collect(it, 3)
		if err != nil {
			return NewError(TypeError, "cannot convert dictionary update sequence element #%d to a sequence", i)
		}
		if len(pair) != 2 {
			return NewError(ValueError, "dictionary update sequence element #%d has length %d; 2 is required", i, len(pair))
		}
		if err := d.Set(th, pair[0], pair[1]); err != nil {
			return err
		}
	}
	return nil
}

func setupDictMethods() {
	keys := func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if err := th.alloc(int64(d.Len())); err != nil {
			return nil, err
		}
		return NewList(d.Keys()), nil
	}
	values := func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if err := th.alloc(int64(d.Len())); err != nil {
			return nil, err
		}
		return NewList(d.values()), nil
	}
	items := func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if err := th.alloc(int64(3 * d.Len())); err != nil {
			return nil, err
		}
		its := d.Items()
		out := make([]Value, len(its))
		for i, t := range its {
			out[i] = t
		}
		return NewList(out), nil
	}
	dictMethod("keys", keys)
	dictMethod("iterkeys", keys)
	dictMethod("viewkeys", keys)
	dictMethod("values", values)
	dictMethod("itervalues", values)
	dictMethod("viewvalues", values)
	dictMethod("items", items)
	dictMethod("iteritems", items)
	dictMethod("viewitems", items)
	dictMethod("__iter__", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		return &iterValue{it: &dictIter{d: d, n: d.ht.live}}, nil
	})
	dictMethod("get", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		var k Value
		var def Value = None
		if err := UnpackArgs("get", args, kwargs, "key", &k, "default?", &def); err != nil {
			return nil, err
		}
		v, ok, err := d.Get(th, k)
		if err != nil {
			return nil, err
		}
		if !ok {
			return def, nil
		}
		return v, nil
	})
	dictMethod("has_key", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "has_key() takes exactly one argument")
		}
		_, ok, err := d.Get(th, args[0])
		return Bool(ok), err
	})
	dictMethod("setdefault", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		var k Value
		var def Value = None
		if err := UnpackArgs("setdefault", args, kwargs, "key", &k, "default?", &def); err != nil {
			return nil, err
		}
		v, ok, err := d.Get(th, k)
		if err != nil {
			return nil, err
		}
		if ok {
			return v, nil
		}
		return def, d.Set(th, k, def)
	})
	dictMethod("pop", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, NewError(TypeError, "pop expected 1 or 2 arguments, got %d", len(args))
		}
		v, ok, err := d.Get(th, args[0])
		if err != nil {
			return nil, err
		}
		if !ok {
			if len(args) == 2 {
				return args[1], nil
			}
			return nil, th.keyError(args[0])
		}
		_, err = d.Delete(th, args[0])
		return v, err
	})
	dictMethod("popitem", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		for i := len(d.ht.entries) - 1; i >= 0; i-- {
			e := d.ht.entries[i]
			if !e.deleted {
				if d.frozen != "" {
					return nil, NewError(TypeError, "%s", d.frozen)
				}
				d.ht.remove(i)
				return Tuple{e.key, e.value}, nil
			}
		}
		return nil, NewError(KeyError, "popitem(): dictionary is empty")
	})
	dictMethod("update", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if d.frozen != "" {
			return nil, NewError(TypeError, "%s", d.frozen)
		}
		return None, th.dictInit(d, args, kwargs)
	})
	dictMethod("clear", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if d.frozen != "" {
			return nil, NewError(TypeError, "%s", d.frozen)
		}
		d.ht.clear()
		return None, nil
	})
	dictMethod("copy", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		out := NewDict()
		return out, th.dictUpdate(out, d)
	})
	dictMethod("__init__", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		return None, th.dictInit(d, args, kwargs)
	})
	dictMethod("__getitem__", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__getitem__ expected 1 argument")
		}
		return th.GetItem(d, args[0])
	})
	dictMethod("__setitem__", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "__setitem__ expected 2 arguments")
		}
		return None, d.Set(th, args[0], args[1])
	})
	dictMethod("__delitem__", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__delitem__ expected 1 argument")
		}
		return None, th.DelItem(d, args[0])
	})
	dictMethod("__contains__", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__contains__ expected 1 argument")
		}
		_, ok, err := d.Get(th, args[0])
		return Bool(ok), err
	})
	dictMethod("__len__", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		return Int(d.Len()), nil
	})
	dictMethod("__repr__", func(th *Thread, d *Dict, args Tuple, kwargs []KV) (Value, error) {
		s, err := th.repr(d)
		return String(s), err
	})
	DictClass.Set("fromkeys", &ClassMethod{fn: NewBuiltin("fromkeys", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 2 || len(args) > 3 {
			return nil, NewError(TypeError, "fromkeys expected 1 or 2 arguments")
		}
		var v Value = None
		if len(args) == 3 {
			v = args[2]
		}
		keys, err := th.collect(args[1], -1)
		if err != nil {
			return nil, err
		}
		d := NewDict()
		for _, k := range keys {
			if err := d.Set(th, k, v); err != nil {
				return nil, err
			}
		}
		return d, nil
	})})
}

// ---- set ----

func setMethod(name string, fn func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error)) {
	m := NewMethod(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 0 {
			return nil, descrError("set", name, nil)
		}
		s, ok := args[0].(*Set)
		if !ok {
			return nil, descrError("set", name, args[0])
		}
		return fn(th, s, args[1:], kwargs)
	})
	SetClass.Set(name, m)
	switch name {
	case "add", "update", "remove", "discard", "pop", "clear", "difference_update", "intersection_update":
	default:
		FrozenSetClass.Set(name, m)
	}
}

func (th *Thread) toSet(v Value) (*Set, error) {
	if s, ok := v.(*Set); ok {
		return s, nil
	}
	items, err := th.collect(v, -1)
	if err != nil {
		return nil, err
	}
	s := NewSet()
	for _, it := range items {
		if err := s.Add(th, it); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func setupSetMethods() {
	mut := func(s *Set) error {
		if s.frozen {
			return NewError(AttributeError, "'frozenset' object is immutable")
		}
		return nil
	}
	setMethod("add", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "set.add() takes exactly one argument")
		}
		if err := mut(s); err != nil {
			return nil, err
		}
		return None, s.Add(th, args[0])
	})
	setMethod("update", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
		for _, a := range args {
			items, err := th.collect(a, -1)
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				if err := s.Add(th, it); err != nil {
					return nil, err
				}
			}
		}
		return None, nil
	})
	for _, name := range []string{"remove", "discard"} {
		name := name
		setMethod(name, func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 1 {
				return nil, NewError(TypeError, "set.%s() takes exactly one argument", name)
			}
			i, _, err := s.ht.lookup(th, args[0])
			if err != nil {
				return nil, err
			}
			if i < 0 {
				if name == "remove" {
					return nil, th.keyError(args[0])
				}
				return None, nil
			}
			s.ht.remove(i)
			return None, nil
		})
	}
	setMethod("pop", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
		for i, e := range s.ht.entries {
			if !e.deleted {
				s.ht.remove(i)
				return e.key, nil
			}
		}
		return nil, NewError(KeyError, "pop from an empty set")
	})
	setMethod("clear", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
		s.ht.clear()
		return None, nil
	})
	setMethod("copy", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
		out, err := th.toSet(NewList(s.Elems()))
		if err == nil {
			out.frozen = s.frozen
		}
		return out, err
	})
	ops := map[string]Op{"union": opBitOr, "intersection": opBitAnd, "difference": opSub, "symmetric_difference": opBitXor}
	for name, op := range ops {
		op := op
		setMethod(name, func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
			var r Value = s
			if len(args) == 0 {
				return th.setOp(opBitOr, s, NewSet())
			}
			for _, a := range args {
				o, err := th.toSet(a)
				if err != nil {
					return nil, err
				}
				r, err = th.setOp(op, r.(*Set), o)
				if err != nil {
					return nil, err
				}
			}
			return r, nil
		})
	}
	for _, name := range []string{"difference_update", "intersection_update"} {
		op := opSub
		if name == "intersection_update" {
			op = opBitAnd
		}
		setMethod(name, func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
			for _, a := range args {
				o, err := th.toSet(a)
				if err != nil {
					return nil, err
				}
				r, err := th.setOp(op, s, o)
				if err != nil {
					return nil, err
				}
				s.ht = r.(*Set).ht
			}
			return None, nil
		})
	}
	setMethod("issubset", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "issubset() takes exactly one argument")
		}
		o, err := th.toSet(args[0])
		if err != nil {
			return nil, err
		}
		for _, e := range s.Elems() {
			if h, err := o.Has(th, e); err != nil || !h {
				return False, err
			}
		}
		return True, nil
	})
	setMethod("issuperset", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "issuperset() takes exactly one argument")
		}
		o, err := th.toSet(args[0])
		if err != nil {
			return nil, err
		}
		for _, e := range o.Elems() {
			if h, err := s.Has(th, e); err != nil || !h {
				return False, err
			}
		}
		return True, nil
	})
	setMethod("isdisjoint", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "isdisjoint() takes exactly one argument")
		}
		o, err := th.toSet(args[0])
		if err != nil {
			return nil, err
		}
		for _, e := range o.Elems() {
			if h, err := s.Has(th, e); err != nil || h {
				return False, err
			}
		}
		return True, nil
	})
	setMethod("__len__", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) { return Int(s.Len()), nil })
	setMethod("__contains__", func(th *Thread, s *Set, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "__contains__ expected 1 argument")
		}
		h, err := s.Has(th, args[0])
		return Bool(h), err
	})
}

// ---- tuple, bytes, numbers ----

func setupMiscMethods() {
	TupleClass.SetMethod("index", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		t, ok := args[0].(Tuple)
		if !ok {
			return nil, descrError("tuple", "index", args[0])
		}
		return th.seqIndex(t, args[1:], "tuple")
	})
	TupleClass.SetMethod("count", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		t, ok := args[0].(Tuple)
		if !ok {
			return nil, descrError("tuple", "count", args[0])
		}
		return th.seqCount(t, args[1:])
	})
	TupleClass.SetMethod("__len__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		n, err := th.Len(args[0])
		return Int(n), err
	})
	TupleClass.SetMethod("__getitem__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "__getitem__ expected 1 argument")
		}
		return th.GetItem(args[0], args[1])
	})
	BytesClass.SetMethod("decode", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		b, ok := args[0].(Bytes)
		if !ok {
			return nil, descrError("bytes", "decode", args[0])
		}
		return String(b), nil
	})
	for _, name := range []string{"startswith", "endswith"} {
		name := name
		BytesClass.SetMethod(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 2 {
				return nil, NewError(TypeError, "%s expected 1 argument", name)
			}
			b, ok1 := args[0].(Bytes)
			p, ok2 := args[1].(Bytes)
			if !ok1 || !ok2 {
				return nil, NewError(TypeError, "%s: a bytes-like object is required", name)
			}
			if name == "startswith" {
				return Bool(strings.HasPrefix(string(b), string(p))), nil
			}
			return Bool(strings.HasSuffix(string(b), string(p))), nil
		})
	}
	IntClass.SetMethod("bit_length", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		i, err := AsInt(args[0])
		if err != nil {
			return nil, err
		}
		if i < 0 {
			i = -i
		}
		n := 0
		for ; i > 0; i >>= 1 {
			n++
		}
		return Int(n), nil
	})
	IntClass.SetMethod("is_integer", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return True, nil })
	IntClass.SetMethod("__index__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		i, err := AsInt(args[0])
		return Int(i), err
	})
	FloatClass.SetMethod("is_integer", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		f, err := AsFloat(args[0])
		return Bool(f == math.Trunc(f) && !math.IsInf(f, 0)), err
	})
	GeneratorClass.SetMethod("send", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		g, ok := args[0].(*Generator)
		if !ok || len(args) != 2 {
			return nil, NewError(TypeError, "send() takes exactly one argument")
		}
		return g.send(th, args[1])
	})
	GeneratorClass.SetMethod("close", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if g, ok := args[0].(*Generator); ok {
			g.close()
		}
		return None, nil
	})
	GeneratorClass.SetMethod("__next__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		g, ok := args[0].(*Generator)
		if !ok {
			return nil, descrError("generator", "__next__", args[0])
		}
		v, ok, err := g.Next(th)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, NewError(StopIteration, "")
		}
		return v, nil
	})
}

package explain

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Lang is a language of the message catalog: "en" or "ru".
type Lang string

// Languages of the catalog.
const (
	EN Lang = "en"
	RU Lang = "ru"
)

// Langs lists the catalog's languages.
func Langs() []Lang { return []Lang{EN, RU} }

// ParseLang accepts "en" and "ru" (any case, "ru_RU.UTF-8" style too).
func ParseLang(s string) (Lang, error) {
	l := strings.ToLower(s)
	if i := strings.IndexAny(l, "_-."); i > 0 {
		l = l[:i]
	}
	for _, x := range Langs() {
		if string(x) == l {
			return x, nil
		}
	}
	names := make([]string, len(Langs()))
	for i, x := range Langs() {
		names[i] = string(x)
	}
	return "", fmt.Errorf("unknown language %q (expected %s)", s, strings.Join(names, " or "))
}

// message is one entry of the catalog, in every language.
type message struct {
	en, ru string
}

func (m message) in(l Lang) string {
	if l == RU {
		return m.ru
	}
	return m.en
}

// T looks up key in l and fills its placeholders from args, given as
// name, value pairs. {name} is the value (integers get the language's
// thousands separator); {name|one|other} (en) or {name|one|few|many} (ru)
// is the word form for the number name. A missing key prints as !key, which
// the catalog tests catch.
func (l Lang) T(key string, args ...any) string {
	m, ok := messages()[key]
	if !ok {
		return "!" + key
	}
	vals := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		vals[fmt.Sprint(args[i])] = args[i+1]
	}
	return l.fill(m.in(l), vals)
}

func (l Lang) fill(tmpl string, vals map[string]any) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		ph := tmpl[i+1 : i+j]
		tmpl = tmpl[i+j+1:]
		parts := strings.Split(ph, "|")
		v, ok := vals[parts[0]]
		if !ok {
			b.WriteString("{" + ph + "}")
			continue
		}
		if len(parts) > 1 {
			n, _ := asInt64(v)
			b.WriteString(parts[1:][l.pluralIndex(n, len(parts)-1)])
			continue
		}
		b.WriteString(l.value(v))
	}
}

// pluralIndex picks the word form for n among k forms: English one/other,
// Russian one/few/many.
func (l Lang) pluralIndex(n int64, k int) int {
	if n < 0 {
		n = -n
	}
	i := 1
	switch l {
	case RU:
		switch {
		case n%10 == 1 && n%100 != 11:
			i = 0
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			i = 1
		default:
			i = 2
		}
	default:
		if n == 1 {
			i = 0
		}
	}
	return min(i, k-1)
}

func asInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	}
	return 0, false
}

func (l Lang) value(v any) string {
	if n, ok := asInt64(v); ok {
		if n < 0 {
			return strconv.FormatInt(n, 10)
		}
		return l.Num(n)
	}
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// Num formats n with the language's thousands separator: 51,264 (en),
// 51 264 (ru). Unknown (negative) counts print as "?".
func (l Lang) Num(n int64) string {
	if n < 0 {
		return "?"
	}
	s := strconv.FormatInt(n, 10)
	sep := l.T("num.sep")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// placeholders lists the placeholder names of a template, sorted, once each.
func placeholders(tmpl string) []string {
	seen := map[string]bool{}
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		name, _, _ := strings.Cut(tmpl[i+1:i+j], "|")
		seen[name] = true
		tmpl = tmpl[i+j+1:]
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

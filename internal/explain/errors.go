package explain

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Catalog errors are plain messages today; Hint recognizes the ones whose
// cause is a parameter or shape formula and restates them in the words of
// explain. (A typed catalog error carrying the numbers, e.g. a window
// error with input length, kernel, stride, dilation and padding, would let
// this drop the patterns.)
// The patterns are compiled on first use, not at start-up.
var errPatterns = sync.OnceValues(func() (window, channels *regexp.Regexp) {
	return regexp.MustCompile(`(kernel|pool size) ([0-9x]+) larger than input ([0-9x]+) with padding="valid"`),
		regexp.MustCompile(`channel dimension of the input must be known`)
})

// Hint explains a model-reading error in language l, or returns "".
func Hint(err error, l Lang) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	windowErr, channelsErr := errPatterns()
	if m := windowErr.FindStringSubmatch(msg); m != nil {
		what := l.T("err.kernel")
		if m[1] == "pool size" {
			what = l.T("err.poolsize")
		}
		k := strings.Split(m[2], "x")
		in := strings.Split(m[3], "x")
		if len(k) != len(in) {
			return ""
		}
		var lines []string
		for i := range k {
			kv, err1 := strconv.ParseInt(k[i], 10, 64)
			iv, err2 := strconv.ParseInt(in[i], 10, 64)
			if err1 != nil || err2 != nil || kv <= iv {
				continue
			}
			axis := l.T(axisNames(len(k))[i], "n", i+1)
			f := k[i]
			lines = append(lines, l.T("err.window", "axis", axis, "formula", in[i]+" − "+f+" + 1", "out", strconv.FormatInt(iv-kv+1, 10), "what", what, "k", f, "in", in[i]))
		}
		if len(lines) == 0 {
			return ""
		}
		return l.T("err.hint", "text", strings.Join(lines, "; "))
	}
	if channelsErr.MatchString(msg) {
		return l.T("err.hint", "text", l.T("err.channels"))
	}
	return ""
}

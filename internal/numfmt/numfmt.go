// Package numfmt formats numbers the way the frameworks' summaries do.
package numfmt

import "strconv"

// Commas is Python's "{:,}" for an integer: 51264 → "51,264",
// -1234 → "-1,234".
func Commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	start := 0
	if n < 0 {
		start = 1
	}
	digits := len(s) - start
	if digits <= 3 {
		return s
	}
	b := make([]byte, 0, len(s)+(digits-1)/3)
	b = append(b, s[:start]...)
	for i := start; i < len(s); i++ {
		if i > start && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}

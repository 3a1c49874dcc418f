package text

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/summary"
)

// renderWrapping is print_summary of tf.keras 2.7–2.12 and, with
// cutoff213, of tf.keras 2.13–2.15 and tf-keras.
func renderWrapping(b *strings.Builder, st *Style, s *summary.Summary, opt Options) error {
	l := classicLayout(st, s, opt.LineLength)
	L := l.length
	positions := l.positions
	headers := l.headers
	showTrainable := opt.ShowTrainable && st.showTrainable
	if showTrainable {
		L += 11
		positions = append(positions, L)
		headers = append(headers, "Trainable")
	}
	last := len(positions) - 1

	printRow := func(fields []string, nested int) error {
		left := make([][]rune, len(fields))
		for i, f := range fields {
			left[i] = []rune(f)
		}
		for anyLeft(left) {
			before := leftLen(left)
			var line []rune
			for col := range left {
				start := 0
				if col > 0 {
					start = positions[col-1]
				}
				space := 0
				if col != last {
					space = 2
				}
				cutoff := positions[col] - start - space
				if st.cutoff213 {
					if col != last {
						cutoff--
					}
					if col == 0 {
						cutoff -= nested
					}
				}
				fit := pySliceTo(left[col], cutoff)
				best := -1
				for _, x := range []string{"),", "},", "],", "',"} {
					if i := strings.Index(string(fit), x); i >= 0 {
						c := len([]rune(string(fit)[:i])) + len(x)
						if best < 0 || c < best {
							best = c
						}
					}
				}
				if best >= 0 {
					cutoff = best
					fit = fit[:cutoff]
				}
				if col == 0 {
					line = append(line, []rune(strings.Repeat("|", nested)+" ")...)
				}
				line = append(line, fit...)
				line = append(line, []rune(strings.Repeat(" ", space))...)
				left[col] = pySliceFrom(left[col], cutoff)
				pad := positions[col] - len(line)
				if nested > 0 && (!st.cutoff213 || col == last) {
					pad -= nested
				}
				if pad > 0 {
					line = append(line, []rune(strings.Repeat(" ", pad))...)
				}
			}
			if leftLen(left) == before {
				// Keras loops forever here: a column too narrow to take
				// a character.
				return fmt.Errorf("line length %d is too small to print the summary (Keras would loop forever)", l.length)
			}
			b.WriteString(string(line))
			b.WriteString(strings.Repeat("|", nested))
			b.WriteByte('\n')
		}
		return nil
	}
	bar := func(nested int, fill string, n int) {
		b.WriteString(strings.Repeat("|", nested))
		b.WriteString(strings.Repeat(fill, max(n, 0)))
		b.WriteString(strings.Repeat("|", nested))
		b.WriteByte('\n')
	}

	var printLayer func(r *summary.Row, nested int, isNestedLast bool) error
	printLayer = func(r *summary.Row, nested int, isNestedLast bool) error {
		fields := []string{nameCell(r), shapeCell(st, r), paramCell(st, r)}
		if l.graph {
			// Rows of an expanded nested model: their nodes are not in the
			// outer model, so Keras lists no connection for them.
			var conns []string
			if nested == 0 {
				conns = r.Connected
			}
			fields = append(fields, pyList(conns))
		}
		if showTrainable {
			fields = append(fields, trainableCell(st, r))
		}
		if err := printRow(fields, nested); err != nil {
			return err
		}
		if opt.ExpandNested && len(r.Sub) > 0 {
			bar(nested+1, "¯", L-2*nested-2)
			// Keras reuses is_nested_last for the loop, so after an
			// expanded model it is true and no blank line follows.
			isNestedLast = false
			for i := range r.Sub {
				isNestedLast = i == len(r.Sub)-1
				if err := printLayer(&r.Sub[i], nested+1, isNestedLast); err != nil {
					return err
				}
			}
			bar(nested, "¯", L-2*nested)
		}
		if !isNestedLast {
			bar(nested, " ", L-2*nested)
		}
		return nil
	}

	if st.modelLine {
		b.WriteString(`Model: "` + s.ModelName + `"` + "\n")
	}
	b.WriteString(strings.Repeat("_", max(L, 0)) + "\n")
	if err := printRow(headers, 0); err != nil {
		return err
	}
	b.WriteString(strings.Repeat("=", max(L, 0)) + "\n")
	for i := range s.Rows {
		if err := printLayer(&s.Rows[i], 0, false); err != nil {
			return err
		}
	}
	b.WriteString(strings.Repeat("=", max(L, 0)) + "\n")
	writeTotals(b, st, s)
	b.WriteString(strings.Repeat("_", max(L, 0)) + "\n")
	return nil
}

func leftLen(left [][]rune) int {
	n := 0
	for _, l := range left {
		n += len(l)
	}
	return n
}

func anyLeft(left [][]rune) bool {
	for _, l := range left {
		if len(l) > 0 {
			return true
		}
	}
	return false
}

package pycode

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// The keras-io guides (shared/corpora/keras-io-guides) are Keras 3 code
// with the tables real Keras printed after each summary() call. This test
// runs each guide's code up to every summary() call and compares netsum's
// rows (names, classes, shapes, counts, connections) and totals with them.

const guidesRoot = "../../../../shared/corpora/keras-io-guides/guides/md"

var (
	// codeBlockRE finds the cells the guide ran: keras-io's generator puts
	// two blank lines before them, while illustrative code quoted in the
	// text (never run) follows a paragraph and one blank line.
	codeBlockRE = regexp.MustCompile("(?s)\n\n\n```python\n(.*?)```")
	preRE       = regexp.MustCompile(`(?s)<pre[^>]*>(.*?)</pre>`)
	plainRE     = regexp.MustCompile("(?s)<div class=\"k-default-codeblock\">\n```\n(.*?)```")
	tagRE       = regexp.MustCompile(`<[^>]+>`)
	summaryRE   = regexp.MustCompile(`(?m)^[^#\n]*\.summary\(`)
	// downloadRE finds code that needs packages netsum does not provide
	// (keras_cv, keras_nlp, keras_tuner) or files it cannot have. Data from
	// tensorflow_datasets is not needed for a summary, and
	// keras.applications models come from keras_applications.
	downloadRE = regexp.MustCompile(`get_file\(|_from_directory\(|from_preset\(|keras_cv|keras_nlp|keras_hub|keras_tuner|pd\.read_csv|load_img\(|urllib|wget`)
)

// guideTable is one summary as the guide printed it.
type guideTable struct {
	model            string
	rows             []guideRow
	total, trainable string
	nonTrainable     string
	// classic is set for tables printed by tf.keras (the guide's output
	// predates its Keras 3 code): cells are compared without spaces.
	classic bool
}

type guideRow struct {
	name, shape, params, connected string
}

// guideCase is one summary() call of a guide: the code up to it and the
// table it printed.
type guideCase struct {
	guide string
	index int    // summary() calls before it in the guide
	code  string // the guide's code up to and including the call's block
	want  *guideTable
	path  string // search path for imports
}

// parseGuide splits a guide into code blocks and the summary tables that
// follow them.
func parseGuide(text string) (cases []guideCase) {
	blocks := codeBlockRE.FindAllStringSubmatchIndex(text, -1)
	var code strings.Builder
	n := 0
	for i, b := range blocks {
		src := text[b[2]:b[3]]
		// Blocks run like notebook cells: one that fails (an illustrative
		// block the guide never ran, or a netsum gap) does not stop the
		// next ones.
		code.WriteString("try:\n")
		for _, l := range strings.Split(strings.TrimRight(src, "\n"), "\n") {
			code.WriteString("    " + l + "\n")
		}
		code.WriteString("    pass\nexcept Exception:\n    pass\n")
		calls := len(summaryRE.FindAllString(src, -1))
		if calls == 0 {
			continue
		}
		end := len(text)
		if i+1 < len(blocks) {
			end = blocks[i+1][0]
		}
		tables := parseTables(text[b[1]:end])
		for j := 0; j < calls; j++ {
			c := guideCase{index: n, code: code.String()}
			if j < len(tables) {
				c.want = tables[j]
			}
			cases = append(cases, c)
			n++
		}
	}
	return cases
}

// parseTables reads the tables in the output after a code block: rich
// tables (Keras 3) in <pre> blocks, classic ones (tf.keras) in plain
// blocks.
func parseTables(out string) []*guideTable {
	var lines []string
	for _, m := range preRE.FindAllStringSubmatch(out, -1) {
		t := html.UnescapeString(tagRE.ReplaceAllString(m[1], ""))
		lines = append(lines, strings.Split(t, "\n")...)
	}
	tables := parseRich(lines)
	for _, m := range plainRE.FindAllStringSubmatch(out, -1) {
		tables = append(tables, parseClassic(strings.Split(m[1], "\n"))...)
	}
	return tables
}

func parseRich(lines []string) []*guideTable {
	var tables []*guideTable
	var cur *guideTable
	var rowLines [][]string
	connCol := -1
	flush := func() {
		if cur == nil || len(rowLines) == 0 {
			rowLines = nil
			return
		}
		ncol := len(rowLines[0])
		cells := make([]string, ncol)
		for _, rl := range rowLines {
			for c := 0; c < ncol && c < len(rl); c++ {
				if s := strings.TrimSpace(rl[c]); s != "" {
					if cells[c] != "" {
						cells[c] += " "
					}
					cells[c] += s
				}
			}
		}
		r := guideRow{name: cells[0], shape: cells[1], params: cells[2]}
		if connCol > 0 && connCol < ncol {
			r.connected = cells[connCol]
		}
		cur.rows = append(cur.rows, r)
		rowLines = nil
	}
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "┃"):
			// Header: find the Connected to column (a Trainable column may
			// follow it or stand in its place).
			connCol = -1
			for i, h := range strings.Split(strings.Trim(l, "┃"), "┃") {
				if h := strings.TrimSpace(h); h != "" && strings.HasPrefix("Connected to", strings.TrimSuffix(h, "…")) {
					connCol = i
				}
			}
		case strings.HasPrefix(l, "Model: \""):
			flush()
			cur = &guideTable{model: strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(l), "Model: \""), "\"")}
			tables = append(tables, cur)
		case cur == nil:
		case strings.HasPrefix(l, "│"):
			parts := strings.Split(strings.Trim(l, "│"), "│")
			rowLines = append(rowLines, parts)
		case strings.HasPrefix(l, "├"), strings.HasPrefix(l, "└"):
			flush()
		default:
			readTotals(cur, l)
		}
	}
	flush()
	return tables
}

func readTotals(t *guideTable, l string) {
	for _, p := range []struct {
		prefix string
		dst    *string
	}{{"Total params: ", &t.total}, {"Trainable params: ", &t.trainable}, {"Non-trainable params: ", &t.nonTrainable}} {
		if rest, ok := strings.CutPrefix(strings.TrimLeft(l, " "), p.prefix); ok {
			*p.dst = strings.ReplaceAll(strings.Fields(rest)[0], ",", "")
		}
	}
}

// parseClassic reads tf.keras tables: columns start where the header's
// titles do; a row is the lines up to the next blank or rule line.
func parseClassic(lines []string) []*guideTable {
	var tables []*guideTable
	var cur *guideTable
	var starts []int
	var group []string
	inBody := false
	flush := func() {
		if cur == nil || len(group) == 0 {
			group = nil
			return
		}
		cells := make([]string, len(starts))
		for _, l := range group {
			for c := range starts {
				lo := starts[c]
				hi := len(l)
				if c+1 < len(starts) && starts[c+1] < hi {
					hi = starts[c+1]
				}
				if lo < len(l) && lo < hi {
					cells[c] += strings.ReplaceAll(l[lo:hi], " ", "")
				}
			}
		}
		r := guideRow{name: cells[0], shape: cells[1], params: cells[2]}
		if len(cells) > 3 {
			r.connected = cells[3]
		}
		cur.rows = append(cur.rows, r)
		group = nil
	}
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "Model: \""):
			cur = &guideTable{classic: true, model: strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(l), "Model: \""), "\"")}
			tables = append(tables, cur)
			inBody = false
		case cur == nil:
		case strings.Contains(l, "Layer (type)"):
			starts = []int{0}
			for _, title := range []string{"Output Shape", "Param #", "Connected to"} {
				if i := strings.Index(l, title); i >= 0 {
					starts = append(starts, i)
				}
			}
		case strings.HasPrefix(l, "====="):
			flush()
			inBody = !inBody && len(cur.rows) == 0
		case strings.HasPrefix(l, "_____"):
			flush()
		case inBody && strings.TrimSpace(l) == "":
			flush()
		case inBody:
			group = append(group, l)
		default:
			readTotals(cur, l)
		}
	}
	return tables
}

// matches compares a guide cell with netsum's text word by word: rich
// cuts an overlong word to its cell width with "…", so such a word
// matches a prefix.
func matches(want, got string) bool {
	ww, gw := strings.Fields(want), strings.Fields(got)
	if len(ww) != len(gw) {
		return false
	}
	for i, w := range ww {
		if p, ok := strings.CutSuffix(w, "…"); ok {
			if !strings.HasPrefix(gw[i], p) {
				return false
			}
		} else if w != gw[i] {
			return false
		}
	}
	return true
}

func k3Shape(shapes []graph.Shape) string {
	if len(shapes) == 0 {
		return "?"
	}
	parts := make([]string, len(shapes))
	for i, s := range shapes {
		dims := make([]string, len(s))
		for j, d := range s {
			dims[j] = graph.DimString(d)
		}
		parts[i] = "(" + strings.Join(dims, ", ") + ")"
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func commas(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// compareGuide lists the differences between netsum's summary and the
// guide's table.
func compareGuide(m *graph.Model, want *guideTable) []string {
	var diffs []string
	s := summary.Build(m)
	if m.Name != want.model {
		diffs = append(diffs, fmt.Sprintf("model name %q, guide %q", m.Name, want.model))
	}
	if len(s.Rows) != len(want.rows) {
		diffs = append(diffs, fmt.Sprintf("%d rows, guide %d", len(s.Rows), len(want.rows)))
	}
	for i := 0; i < len(s.Rows) && i < len(want.rows); i++ {
		r, w := s.Rows[i], want.rows[i]
		name := r.Name + " (" + r.Class + ")"
		shape := k3Shape(r.OutputShapes)
		if r.Multiple && len(r.OutputShapes) > 0 {
			shape = k3Shape(r.OutputShapes)
		}
		params := commas(r.Params)
		conn := strings.Join(r.Connected, ", ")
		if conn == "" {
			conn = "-"
		}
		if want.classic {
			name = strings.ReplaceAll(name, " ", "")
			shape = strings.ReplaceAll(shape, " ", "")
			params = fmt.Sprint(r.Params)
			if r.IsInput {
				shape = "[" + shape + "]"
			}
			var quoted []string
			for _, c := range r.Connected {
				quoted = append(quoted, "'"+c+"'")
			}
			conn = "[" + strings.Join(quoted, ",") + "]"
		}
		if !matches(w.name, name) {
			diffs = append(diffs, fmt.Sprintf("row %d name %q, guide %q", i, name, w.name))
		}
		if !matches(w.shape, shape) {
			diffs = append(diffs, fmt.Sprintf("row %d (%s) shape %s, guide %s", i, r.Name, shape, w.shape))
		}
		if !matches(w.params, params) && !(w.params == "0 (unbuilt)" && r.Params == 0) {
			diffs = append(diffs, fmt.Sprintf("row %d (%s) params %s, guide %s", i, r.Name, params, w.params))
		}
		if w.connected != "" && !matches(w.connected, conn) {
			diffs = append(diffs, fmt.Sprintf("row %d (%s) connected %q, guide %q", i, r.Name, conn, w.connected))
		}
	}
	opt := s.Totals.Optimizer
	if opt == 0 {
		// netsum records a built Keras 3 optimizer's variables in
		// Compile["optimizer_params"]; summary does not read them yet.
		fmt.Sscan(m.Compile["optimizer_params"], &opt)
	}
	total := s.Totals.Params + opt
	if want.total != fmt.Sprint(total) {
		diffs = append(diffs, fmt.Sprintf("total %d, guide %s", total, want.total))
	}
	if want.trainable != fmt.Sprint(s.Totals.Trainable) {
		diffs = append(diffs, fmt.Sprintf("trainable %d, guide %s", s.Totals.Trainable, want.trainable))
	}
	if want.nonTrainable != fmt.Sprint(s.Totals.NonTrainable) {
		diffs = append(diffs, fmt.Sprintf("non-trainable %d, guide %s", s.Totals.NonTrainable, want.nonTrainable))
	}
	return diffs
}

// guidePassFloor is the number of guide summaries that must match; raise
// it as netsum improves.
const guidePassFloor = 19

func TestKerasIOGuides(t *testing.T) {
	var files []string
	err := filepath.WalkDir(guidesRoot, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Skipf("keras-io guides not available: %v", err)
	}
	var pass, fail, skip int
	var report []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(guidesRoot, f)
		for _, c := range parseGuide(string(b)) {
			id := fmt.Sprintf("%s#%d", rel, c.index)
			switch {
			case c.want == nil:
				skip++
				report = append(report, id+": SKIP (no table printed)")
				continue
			case downloadRE.MatchString(c.code):
				skip++
				report = append(report, id+": SKIP (needs downloads or packages: "+downloadRE.FindString(c.code)+")")
				continue
			case strings.Contains(c.code, "keras.applications") && !haveApplications():
				skip++
				report = append(report, id+": SKIP (needs keras_applications)")
				continue
			}
			if strings.Contains(c.code, "keras.applications") {
				c.path = applicationsPath(t)
			}
			models, err := runGuideCase(c)
			if c.want.classic {
				id += " (tf.keras output)"
			}
			if err != nil {
				fail++
				report = append(report, fmt.Sprintf("%s: FAIL %s: %v", id, c.want.model, firstLine(err.Error())))
				continue
			}
			if c.index >= len(models) {
				fail++
				report = append(report, fmt.Sprintf("%s: FAIL %s: only %d summaries", id, c.want.model, len(models)))
				continue
			}
			if diffs := compareGuide(models[c.index], c.want); len(diffs) > 0 {
				fail++
				if len(diffs) > 4 {
					diffs = append(diffs[:4], fmt.Sprintf("(%d more)", len(diffs)-4))
				}
				report = append(report, fmt.Sprintf("%s: FAIL %s: %s", id, c.want.model, strings.Join(diffs, "; ")))
				continue
			}
			pass++
			report = append(report, fmt.Sprintf("%s: ok %s", id, c.want.model))
		}
	}
	for _, r := range report {
		t.Log(r)
	}
	t.Logf("keras-io guides: %d of %d summaries match (%d skipped)", pass, pass+fail, skip)
	if pass < guidePassFloor {
		t.Errorf("only %d guide summaries match, want at least %d", pass, guidePassFloor)
	}
}

// runGuideCase runs the code of a case and returns its summaries.
func runGuideCase(c guideCase) ([]*graph.Model, error) {
	opt := Options{}
	if c.path != "" {
		opt.SearchPaths = []string{c.path}
	}
	if c.want.classic {
		opt.Dialect = graph.TFKeras
	}
	return Open("guide.py", []byte(c.code), opt)
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func haveApplications() bool {
	_, err := os.Stat(installedApplications + "/__init__.py")
	return err == nil
}

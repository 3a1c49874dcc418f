package conformance

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/render/text"
	"github.com/netsum/netsum/internal/summary"
)

// tableRow is what a tfjs summary line and a Keras 2 summary line have in
// common: the start of the "name (Class)" cell and the Param # cell.
type tableRow struct{ name, params string }

// rowsOf splits a printed table into rows, given the width of the name cell
// to keep and the start of the Param # column for each line width.
func rowsOf(out string, nameWidth int, paramAt func(lineLen int) (int, int)) []tableRow {
	var rows []tableRow
	header := true
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "=") {
			header = false
			continue
		}
		if header || line == "" || strings.HasPrefix(line, "_") || strings.HasPrefix(line, " ") || strings.Contains(line, "params:") || strings.HasPrefix(line, "Model:") {
			continue
		}
		from, to := paramAt(len(line))
		if to > len(line) {
			to = len(line)
		}
		name := line
		if len(name) > nameWidth {
			name = name[:nameWidth]
		}
		rows = append(rows, tableRow{name: strings.TrimSpace(name), params: strings.TrimSpace(line[from:to])})
	}
	return rows
}

// totalsOf returns the numbers of the three totals lines, commas removed.
func totalsOf(out string) []string {
	var t []string
	for _, line := range strings.Split(out, "\n") {
		for _, p := range []string{"Total params: ", "Trainable params: ", "Non-trainable params: "} {
			if strings.HasPrefix(line, p) {
				t = append(t, strings.ReplaceAll(strings.Fields(strings.TrimPrefix(line, p))[0], ",", ""))
			}
		}
	}
	return t
}

// TestTFJSText checks that netsum's keras2 text equals what tfjs printed
// wherever the two layouts coincide: the start of each row's name cell, the
// Param # cell of every row (both print plain integers), and the three
// totals (tfjs prints no thousands separator; Keras 2 does).
func TestTFJSText(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(*tfjsDir, "*.expected.json"))
	if len(files) == 0 {
		t.Skip("no tfjs fixtures")
	}
	style, err := text.ParseStyle("keras2")
	if err != nil {
		t.Fatal(err)
	}
	devs := readDeviations(t)
	compared := 0
	for _, exp := range files {
		name := strings.TrimSuffix(filepath.Base(exp), ".expected.json")
		if _, dev := devs[name]; dev {
			continue
		}
		var want tfjsExpected
		b, _ := os.ReadFile(exp)
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		src, _ := os.ReadFile(filepath.Join(*tfjsDir, name+".json"))
		m, err := kerasjson.Parse(src, kerasjson.Options{File: name})
		if err != nil {
			continue // TestTFJS reports it
		}
		var buf bytes.Buffer
		if err := text.Render(&buf, summary.Build(m), text.Options{Style: style}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// tfjs: 90 wide (param at 80..90) or 115 wide (80..92); name cell 27.
		tf := rowsOf(want.Summary, 26, func(n int) (int, int) {
			if n > 100 {
				return 80, 92
			}
			return 80, 90
		})
		// Keras 2.2.5+: 65 wide (param 55..65) or 98 wide (53..65).
		k2 := rowsOf(buf.String(), 26, func(n int) (int, int) {
			if n > 70 {
				return 53, 65
			}
			return 55, 65
		})
		if m.Class == "Sequential" && len(tf) == len(k2)+1 {
			tf = tf[1:] // tfjs lists an explicit InputLayer of a Sequential
		}
		if len(tf) != len(k2) {
			t.Errorf("%s: %d rows printed, tfjs printed %d", name, len(k2), len(tf))
			continue
		}
		for i := range tf {
			if tf[i] != k2[i] {
				t.Errorf("%s row %d: netsum %q, tfjs %q", name, i, k2[i], tf[i])
			}
		}
		if a, b := strings.Join(totalsOf(buf.String()), " "), strings.Join(totalsOf(want.Summary), " "); a != b {
			t.Errorf("%s: totals %s, tfjs %s", name, a, b)
		}
		compared++
	}
	if compared < len(files)/2 {
		t.Errorf("only %d of %d tables compared", compared, len(files))
	}
	t.Logf("%d printed tables compared", compared)
}

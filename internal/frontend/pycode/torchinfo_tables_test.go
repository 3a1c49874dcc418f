package pycode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/cost"
	"github.com/netsum/netsum/internal/render/torchinfo"
	"github.com/netsum/netsum/internal/summary"
)

// torchinfoTableSizes are the input sizes of
// tools/oracle/torch/torchinfo_tables.py (default 1x3x224x224; the
// scripts' INPUT_SIZE and INPUT_DTYPE).
var torchinfoTableSizes = map[string][][]int64{
	"uncalled":    {{2, 8}},
	"rootparams":  {{2, 8}},
	"transformer": {{10, 1, 32}},
	"twoinputs":   {{1, 3, 16, 16}, {1, 10}},
	"embedding":   {{2, 12}},
}

var torchinfoTableDTypes = map[string][]string{"embedding": {"int64"}}

// TestTorchinfoTables compares whole tables with those real torchinfo
// 1.8.0 printed for the same code (testdata/pytorch/torchinfo/X.txt,
// written by tools/oracle/torch/torchinfo_tables.py): the default columns,
// then output_size, num_params, mult_adds at depth 4. Debian's Python is
// 3.11+, so the units print as "(Units.MEGABYTES)" (Options.EnumLabels).
func TestTorchinfoTables(t *testing.T) {
	const tv = "/usr/lib/python3/dist-packages"
	dir := filepath.Join("..", "..", "..", "testdata", "pytorch", "torchinfo")
	files, err := filepath.Glob(filepath.Join(dir, "*.py"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", dir, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".py")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(src, []byte("torchvision")) {
				if _, err := os.Stat(tv + "/torchvision/models/resnet.py"); err != nil {
					t.Skip("python3-torchvision is not installed")
				}
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".py") + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			size := torchinfoTableSizes[name]
			if size == nil {
				size = [][]int64{{1, 3, 224, 224}}
			}
			ms, err := Open(filepath.Base(f), src, Options{SearchPaths: []string{tv}, InputSize: size, InputDType: torchinfoTableDTypes[name]})
			if err != nil {
				t.Fatal(err)
			}
			s := summary.Build(ms[0])
			checkHooks(t, strings.TrimSuffix(f, ".py")+".expected.json", s)
			if err := cost.Annotate(s, cost.Options{Batch: 1, Convention: cost.Torchinfo}); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := torchinfo.Render(&b, s, torchinfo.Options{EnumLabels: true}); err != nil {
				t.Fatal(err)
			}
			err = torchinfo.Render(&b, s, torchinfo.Options{Depth: 4, EnumLabels: true,
				Columns: []torchinfo.Column{torchinfo.OutputSize, torchinfo.NumParams, torchinfo.MultAdds}})
			if err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := 0; i < max(len(gl), len(wl)); i++ {
					var g, w string
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					if g != w {
						t.Errorf("line %d:\n got  %q\n want %q", i+1, g, w)
					}
				}
			}
		})
	}
}

// checkHooks compares the module calls with those torch's forward hooks
// recorded (tools/oracle/torch/hooks.py), when X.expected.json exists.
func checkHooks(t *testing.T, file string, s *summary.Summary) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		return
	}
	var want struct {
		Params int64 `json:"params"`
		Output []int64
		Calls  []struct {
			Name, Class   string
			Input, Output []int64
		}
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	var got []summary.Row
	var walk func([]summary.Row)
	walk = func(rs []summary.Row) {
		for _, r := range rs {
			if !r.NotModule {
				got = append(got, r)
			}
			walk(r.Sub)
		}
	}
	walk(s.Rows)
	if s.Totals.Params != want.Params || len(s.Outputs) == 0 || fmt.Sprint([]int64(s.Outputs[0].Shape)) != fmt.Sprint(want.Output) {
		t.Errorf("params %d output %v; torch: %d %v", s.Totals.Params, s.Outputs, want.Params, want.Output)
	}
	if len(got) != len(want.Calls) {
		t.Fatalf("%d module calls, torch %d", len(got), len(want.Calls))
	}
	for i, c := range want.Calls {
		r := got[i]
		var in, out []int64
		if len(r.InputShapes) > 0 {
			in = r.InputShapes[0]
		}
		if len(r.OutputShapes) > 0 {
			out = r.OutputShapes[0]
		}
		if r.Name != c.Name || r.Class != c.Class || fmt.Sprint(in) != fmt.Sprint(c.Input) || fmt.Sprint(out) != fmt.Sprint(c.Output) {
			t.Errorf("call %d: %s %s %v -> %v; torch: %s %s %v -> %v", i, r.Name, r.Class, in, out, c.Name, c.Class, c.Input, c.Output)
		}
	}
}

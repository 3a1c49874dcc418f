package pycode

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/render/text"
	"github.com/netsum/netsum/internal/summary"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/python")

const testdataDir = "../../../testdata/python"

// render prints the models as the CLI does: warnings, then each summary in
// the style of its version.
func render(t testing.TB, models []*graph.Model, err error) string {
	var b bytes.Buffer
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
		return b.String()
	}
	for i, m := range models {
		if i == 0 {
			for _, w := range m.Warnings {
				fmt.Fprintf(&b, "%s\n", w)
			}
		}
		st := text.DefaultStyle(m.Dialect, m.Version)
		if err := text.Render(&b, summary.Build(m), text.Options{Style: st}); err != nil {
			t.Fatalf("render %s: %v", m.Name, err)
		}
	}
	return b.String()
}

// argsOf reads the options a test script asks for on its first lines:
// "# netsum: --keras-version 2 --define input_shape=(28,28,1) --model m".
func argsOf(t *testing.T, src []byte) Options {
	opt := Options{Defines: map[string]string{}}
	for _, line := range strings.Split(string(src), "\n") {
		rest, ok := strings.CutPrefix(line, "# netsum:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		for i := 0; i < len(f); i++ {
			switch f[i] {
			case "--keras-version":
				i++
				switch f[i] {
				case "1":
					opt.Dialect = graph.Keras1
				case "2":
					opt.Dialect = graph.Keras2
				case "tf":
					opt.Dialect = graph.TFKeras
				case "3":
					opt.Dialect = graph.Keras3
				}
			case "--define":
				i++
				k, v, _ := strings.Cut(f[i], "=")
				opt.Defines[k] = v
			case "--model":
				i++
				opt.ModelName = f[i]
			case "--allow-unknown":
				opt.AllowUnknown = true
			default:
				t.Fatalf("unknown test option %q", f[i])
			}
		}
	}
	return opt
}

func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
}

// TestGolden runs every testdata/python/*.py and compares what netsum
// prints with its .golden file: the tables of the Keras version the code
// is read as, or the error.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdataDir, "*.py"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test scripts in %s", testdataDir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			opt := argsOf(t, src)
			name := filepath.Base(f)
			models, err := Open(name, src, opt)
			checkGolden(t, strings.TrimSuffix(f, ".py")+".golden", render(t, models, err))
		})
	}
}

// TestSeed runs the seed's snippet byte for byte as its author pasted it
// (no imports, Python 2, input_shape undefined), with --define.
func TestSeed(t *testing.T) {
	path := "../../../../shared/seed/seed_snippet.py"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed not available: %v", err)
	}
	models, err := Open("seed_snippet.py", src, Options{Defines: map[string]string{"input_shape": "(28,28,1)"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(models) != 1 {
		t.Fatalf("got %d models, want 1", len(models))
	}
	m := models[0]
	if m.Dialect != graph.Keras1 || m.Version != "1.1.1" {
		t.Errorf("dialect %v %s, want Keras 1.1.1", m.Dialect, m.Version)
	}
	s := summary.Build(m)
	want := []struct {
		name      string
		params    int64
		connected string
	}{
		{"convolution2d_1", 832, "convolution2d_input_1[0][0]"},
		{"activation_1", 0, "convolution2d_1[0][0]"},
		{"maxpooling2d_1", 0, "activation_1[0][0]"},
		{"convolution2d_2", 51264, "maxpooling2d_1[0][0]"},
		{"activation_2", 0, "convolution2d_2[0][0]"},
		{"maxpooling2d_2", 0, "activation_2[0][0]"},
		{"dropout_1", 0, "maxpooling2d_2[0][0]"},
		{"flatten_1", 0, "dropout_1[0][0]"},
		{"dense_1", 102500, "flatten_1[0][0]"},
		{"activation_3", 0, "dense_1[0][0]"},
		{"dropout_2", 0, "activation_3[0][0]"},
		{"dense_2", 202, "dropout_2[0][0]"},
		{"activation_4", 0, "dense_2[0][0]"},
	}
	if len(s.Rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(s.Rows), len(want))
	}
	for i, w := range want {
		r := s.Rows[i]
		if r.Name != w.name || r.Params != w.params || len(r.Connected) != 1 || r.Connected[0] != w.connected {
			t.Errorf("row %d: got %s %d %v, want %s %d %s", i, r.Name, r.Params, r.Connected, w.name, w.params, w.connected)
		}
	}
	if s.Totals.Params != 154798 {
		t.Errorf("total %d, want 154798", s.Totals.Params)
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0].Msg, "Sequential, Convolution2D, Activation, MaxPooling2D, Dropout, Flatten, Dense, SGD are not imported; netsum resolves them as Keras names") {
		t.Errorf("warnings: %v", m.Warnings)
	}
	if m.Compile["optimizer"] != "SGD" || m.Compile["momentum"] != "0.9" || m.Compile["loss"] != "categorical_crossentropy" {
		t.Errorf("compile: %v", m.Compile)
	}
	checkGolden(t, filepath.Join(testdataDir, "seed_snippet.golden"), render(t, models, nil))

	// Without --define the error names the missing value and how to give it.
	_, err = Open("seed_snippet.py", src, Options{})
	wantErr := `seed_snippet.py:3:47: NameError: name 'input_shape' is not defined: the code uses it without defining it; give it a value with --define 'input_shape=(28,28,1)'`
	if err == nil || err.Error() != wantErr {
		t.Errorf("error:\n got %v\nwant %s", err, wantErr)
	}
}

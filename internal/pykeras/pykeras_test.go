package pykeras

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

func posAt(file string, line, col int32) syntax.Pos {
	return syntax.Pos{File: file, Line: line, Col: col}
}

// run executes src in a fresh session of dialect d.
func run(t testing.TB, d graph.Dialect, file, src string) (*Session, error) {
	t.Helper()
	s := NewSession(Config{Dialect: d})
	s.AddSource(file, []byte(src))
	th := eval.NewThread(eval.Options{MaxSteps: 10_000_000})
	s.Install(th)
	_, err := th.ExecFile(file, []byte(src))
	return s, err
}

var (
	wantErrRE = regexp.MustCompile(`### "(.*)"\s*$`)
	dialectRE = regexp.MustCompile(`(?m)^# dialect: (\S+)`)
)

func parseDialect(s string) graph.Dialect {
	switch s {
	case "1":
		return graph.Keras1
	case "2":
		return graph.Keras2
	case "tf":
		return graph.TFKeras
	}
	return graph.Keras3
}

// TestScripts runs testdata/*.py: chunks separated by "---" lines, each in
// a fresh session of the file's "# dialect: 1|2|tf|3"; assert statements
// check values, and a line ending in ### "regexp" must raise an error
// matching regexp there.
func TestScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.py")
	if len(files) == 0 {
		t.Fatal("no testdata/*.py")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := graph.Keras3
		if m := dialectRE.FindSubmatch(b); m != nil {
			d = parseDialect(string(m[1]))
		}
		lines := strings.Split(string(b), "\n")
		start := 0
		for i := 0; i <= len(lines); i++ {
			if i < len(lines) && strings.TrimSpace(lines[i]) != "---" {
				continue
			}
			// The chunk keeps its line numbers: earlier lines are blank.
			chunk := strings.Repeat("\n", start) + strings.Join(lines[start:i], "\n") + "\n"
			wantLine, wantMsg := 0, ""
			for j := start; j < i; j++ {
				if m := wantErrRE.FindStringSubmatch(lines[j]); m != nil {
					wantLine, wantMsg = j+1, m[1]
				}
			}
			d := d
			if m := dialectRE.FindStringSubmatch(chunk); m != nil {
				d = parseDialect(m[1])
			}
			name := fmt.Sprintf("%s:%d", filepath.Base(f), start+1)
			t.Run(name, func(t *testing.T) {
				_, err := run(t, d, filepath.Base(f), chunk)
				switch {
				case wantLine == 0 && err != nil:
					if ee, ok := err.(*eval.EvalError); ok {
						t.Fatalf("%s", ee.Backtrace())
					}
					t.Fatal(err)
				case wantLine > 0 && err == nil:
					t.Fatalf("line %d: no error, want %q", wantLine, wantMsg)
				case wantLine > 0:
					ee, ok := err.(*eval.EvalError)
					if !ok {
						t.Fatalf("line %d: %v", wantLine, err)
					}
					if got := int(ee.Pos.Line); got != wantLine {
						t.Errorf("error at line %d, want line %d: %v", got, wantLine, err)
					}
					if !regexp.MustCompile(wantMsg).MatchString(err.Error()) {
						t.Errorf("error %q does not match %q", err, wantMsg)
					}
				}
			})
			start = i + 1
		}
	}
}

// TestCalleeStart checks that errors point at the start of the callee of
// the call in progress.
func TestCalleeStart(t *testing.T) {
	src := "model.add(Conv2D(1, 3))\ny = Dense(10)(x)\nz = a.b(c).d(e)\nw = Dense (3)\n"
	s := NewSession(Config{})
	s.AddSource("f.py", []byte(src))
	tests := []struct {
		line, col, want int32
	}{
		{1, 17, 11}, // Conv2D(
		{1, 10, 1},  // model.add(
		{2, 14, 5},  // Dense(10)(x)
		{3, 13, 5},  // a.b(c).d(
		{4, 11, 5},  // Dense (3)
	}
	for _, tt := range tests {
		p := s.calleeStart(posAt("f.py", tt.line, tt.col))
		if p.Col != tt.want {
			t.Errorf("%d:%d: start col %d, want %d", tt.line, tt.col, p.Col, tt.want)
		}
	}
}

// TestSummarySnapshot checks that summary() records the model as it is at
// the call, and trainability as resolved then.
func TestSummarySnapshot(t *testing.T) {
	src := `import keras
from keras import layers
base = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)], name="base")
m = keras.Sequential([keras.Input(shape=(4,)), base, layers.Dense(2)], name="top")
m.summary()
base.trainable = False
m.summary()
m.add(layers.Dense(1))
m.summary()
`
	s, err := run(t, graph.Keras3, "s.py", src)
	if err != nil {
		t.Fatal(err)
	}
	sums := s.Summaries()
	if len(sums) != 3 {
		t.Fatalf("%d summaries, want 3", len(sums))
	}
	counts := func(m *graph.Model) (int64, int64, int) {
		total, trainable, _, _ := graph.Counts(m.Weights())
		return total, trainable, len(m.Layers)
	}
	for i, want := range [][3]int64{{23, 23, 2}, {23, 8, 2}, {26, 11, 3}} {
		total, trainable, n := counts(sums[i].Model)
		if total != want[0] || trainable != want[1] || int64(n) != want[2] {
			t.Errorf("summary %d: total %d trainable %d layers %d, want %v", i, total, trainable, n, want)
		}
	}
}

package eval_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/netsum/netsum/internal/python/eval"
)

func TestToGo(t *testing.T) {
	th := eval.NewThread(eval.Options{})
	mod, err := th.ExecFile("t.py", []byte(`
deep = 1
for _ in range(40):
    deep = (deep,)
loop = []
loop.append(loop)
v = (None, True, 3, 2.5, "s", [1, (2,)], {"a": 1, 2: "b"}, len, deep, loop)
`))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := mod.Get("v")
	items := v.(eval.Tuple)
	got := eval.ToGo(eval.Tuple(items[:7]), eval.ToGoOptions{Dicts: true})
	want := []any{nil, true, int64(3), 2.5, "s", []any{int64(1), []any{int64(2)}}, map[string]any{"a": int64(1), "2": "b"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ToGo = %#v, want %#v", got, want)
	}
	if got := eval.ToGo(items[6], eval.ToGoOptions{}); got != items[6].String() {
		t.Errorf("dict without Dicts = %#v, want its str()", got)
	}
	if got := eval.ToGo(items[7], eval.ToGoOptions{}); got != items[7].String() {
		t.Errorf("builtin = %#v, want its str()", got)
	}
	other := eval.ToGoOptions{Other: func(v eval.Value, conv func(eval.Value) any) (any, bool) {
		if _, ok := v.(*eval.Builtin); ok {
			return conv(eval.Tuple{eval.String("fn")}), true
		}
		return nil, false
	}}
	if got := eval.ToGo(items[7], other); !reflect.DeepEqual(got, []any{"fn"}) {
		t.Errorf("Other = %#v", got)
	}
	// Nesting deeper than ToGoMaxDepth (and a list holding itself) ends in nil.
	for _, x := range []eval.Value{items[8], items[9]} {
		g := eval.ToGo(x, eval.ToGoOptions{})
		depth := 0
		for g != nil {
			g = g.([]any)[0]
			depth++
		}
		if depth != eval.ToGoMaxDepth+1 {
			t.Errorf("%s: nil at depth %d, want %d", x.Type(), depth, eval.ToGoMaxDepth+1)
		}
	}
	if got := eval.ToGo(nil, eval.ToGoOptions{}); got != nil {
		t.Errorf("ToGo(nil) = %#v", got)
	}
}

func TestRangeBounds(t *testing.T) {
	for _, c := range []struct {
		in                []float64
		start, stop, step float64
		ok                bool
	}{
		{nil, 0, 0, 1, false},
		{[]float64{5}, 0, 5, 1, true},
		{[]float64{2, 5}, 2, 5, 1, true},
		{[]float64{2, 5, 0.5}, 2, 5, 0.5, true},
		{[]float64{1, 2, 3, 4}, 0, 0, 1, false},
	} {
		a, b, s, ok := eval.RangeBounds(c.in)
		if a != c.start || b != c.stop || s != c.step || ok != c.ok {
			t.Errorf("RangeBounds(%v) = %v, %v, %v, %v", c.in, a, b, s, ok)
		}
	}
	if a, b, s, ok := eval.RangeBounds([]int64{-3}); a != 0 || b != -3 || s != 1 || !ok {
		t.Errorf("RangeBounds([-3]) = %v, %v, %v, %v", a, b, s, ok)
	}
}

func TestNewScriptThread(t *testing.T) {
	dir := t.TempDir()
	extra := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "near.py"), []byte("A = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(extra, "far.py"), []byte("B = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "main.py")
	var seen []string
	th, cancel := eval.NewScriptThread(script, eval.ScriptOptions{
		SearchPaths: []string{extra},
		OnSource:    func(path string, _ []byte) { seen = append(seen, filepath.Base(path)) },
		Thread:      eval.Options{Predeclared: map[string]eval.Value{"C": eval.Int(3)}},
	})
	defer cancel()
	mod, err := th.ExecFile(script, []byte("import sys\nimport near, far\nv = (near.A, far.B, C, sys.argv[0])\n"))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := mod.Get("v")
	if want := (eval.Tuple{eval.Int(1), eval.Int(2), eval.Int(3), eval.String(script)}); v.String() != want.String() {
		t.Errorf("v = %s, want %s", v, want)
	}
	if !reflect.DeepEqual(seen, []string{"near.py", "far.py"}) {
		t.Errorf("OnSource saw %v", seen)
	}

	// stdin: no script directory; ReadFile replaces os.ReadFile.
	th, cancel = eval.NewScriptThread("<stdin>", eval.ScriptOptions{
		SearchPaths: []string{dir},
		ReadFile:    func(string) ([]byte, error) { return nil, errors.New("no files") },
	})
	defer cancel()
	if _, err := th.ExecFile("<stdin>", []byte("import near\n")); err == nil {
		t.Error("import with a failing ReadFile: no error")
	}

	// The timeout cancels the run.
	th, cancel = eval.NewScriptThread("<stdin>", eval.ScriptOptions{Timeout: 20 * time.Millisecond, Thread: eval.Options{MaxSteps: -1}})
	defer cancel()
	if _, err := th.ExecFile("<stdin>", []byte("while True:\n    pass\n")); err == nil {
		t.Error("endless loop: no error after the timeout")
	}
}

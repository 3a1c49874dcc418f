package eval_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsum/netsum/internal/python/eval"
)

// FuzzEval parses and runs arbitrary input with small budgets: it must
// never panic or hang.
func FuzzEval(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.py")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, chunk := range strings.Split(string(data), "\n---\n") {
			f.Add(chunk)
		}
	}
	for _, s := range []string{
		"x = [i for i in range(10)]\nprint(x[::-1])",
		"class A:\n  def f(self): return super().f()\nA().f()",
		"def g():\n  yield 1\n  yield from g()\nlist(g())",
		"print `1`, 2L\nexec 'x'",
		"f'{x!r:{y}}'",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		eval.SetPanicHookForTest(func(r any) { t.Fatalf("internal error (panic): %v\nsource:\n%s", r, src) })
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		th := eval.NewThread(eval.Options{
			Context:  ctx,
			MaxSteps: 20_000,
			MaxDepth: 50,
			MaxAlloc: 1 << 20,
		})
		start := time.Now()
		_, err := th.ExecFile("fuzz.py", []byte(src))
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("took %v (err %v)", d, err)
		}
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("internal error: %v", err)
		}
	})
}

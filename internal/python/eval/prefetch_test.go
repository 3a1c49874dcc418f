package eval_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/netsum/netsum/internal/python/eval"
)

// TestImportPrefetch imports a package whose __init__ imports its
// submodules (as keras_applications does): the files read ahead are read
// once, through Options.ReadFile, and the modules run as without it.
func TestImportPrefetch(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"pkg/__init__.py": "from . import a\nfrom . import b\nfrom .c import value\nimport pkg.d\nimport missing_module\n",
		"pkg/a.py":        "from . import b\nA = b.B + 1\n",
		"pkg/b.py":        "B = 1\n",
		"pkg/c.py":        "value = 'c'\n",
		"pkg/d.py":        "D = [x for x in range(3)]\n",
		"pkg/unused.py":   "raise ValueError('never imported')\n",
	}
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	reads := map[string]int{}
	th := eval.NewThread(eval.Options{
		SearchPath: []string{dir},
		ReadFile: func(path string) ([]byte, error) {
			mu.Lock()
			reads[filepath.ToSlash(path[len(dir)+1:])]++
			mu.Unlock()
			return os.ReadFile(path)
		},
	})
	mod, err := th.ExecFile("main.py", []byte("import pkg\nresult = (pkg.a.A, pkg.b.B, pkg.value, pkg.d.D)\n"))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := mod.Get("result")
	if got, want := eval.Repr(v), "(2, 1, 'c', [0, 1, 2])"; got != want {
		t.Errorf("result %s, want %s", got, want)
	}
	for _, name := range []string{"pkg/__init__.py", "pkg/a.py", "pkg/b.py", "pkg/c.py", "pkg/d.py"} {
		if reads[name] != 1 {
			t.Errorf("%s read %d times, want 1", name, reads[name])
		}
	}
	if reads["pkg/unused.py"] != 0 {
		t.Errorf("pkg/unused.py read although nothing imports it")
	}
}

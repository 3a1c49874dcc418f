// Package tfjs holds the start-up checks behind bench/tfjs/run.sh: netsum
// is compared with TensorFlow.js as a fresh process per model, so what a
// process does before reading its input counts as much as the reading.
//
//	go test ./bench/tfjs -run Startup -bench Startup
package tfjs

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// netsum builds cmd/netsum once per test process.
func netsum(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "netsum-startup")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "netsum")
		out, err := exec.Command("go", "build", "-o", binPath, "../../cmd/netsum").CombinedOutput()
		if err != nil {
			buildErr = &buildError{err, out}
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

const fixture = "../../testdata/tfjs/conv1d_basic.json"

// initAllocBudget is how many allocations the init of these packages may
// make: they build their tables on first use (pykeras and eval's modules
// and methods when Python code runs, explain's messages when a model is
// explained), not in every process.
var initAllocBudget = map[string]int{
	"github.com/netsum/netsum/internal/pykeras":       64,
	"github.com/netsum/netsum/internal/python/eval":   400,
	"github.com/netsum/netsum/internal/python/syntax": 32,
	"github.com/netsum/netsum/internal/explain":       64,
	"github.com/netsum/netsum/internal/catalog/keras": 500,
}

// TestStartupInitAllocs reads the runtime's init trace of netsum on a
// model JSON and holds the packages above to their budgets (allocation
// counts do not depend on the machine's load, times do).
func TestStartupInitAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds netsum")
	}
	cmd := exec.Command(netsum(t), "-q", fixture)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init PKG @T ms, D ms clock, B bytes, A allocs
		f := strings.Fields(sc.Text())
		if len(f) < 11 || f[0] != "init" || f[10] != "allocs" {
			continue
		}
		allocs, _ := strconv.Atoi(f[9])
		if strings.HasPrefix(f[1], "github.com/netsum/") {
			t.Logf("%-55s %5d allocs %s ms", f[1], allocs, f[4])
		}
		if budget, ok := initAllocBudget[f[1]]; ok {
			seen[f[1]] = true
			if allocs > budget {
				t.Errorf("init of %s makes %d allocations, budget %d: build tables on first use (sync.Once, eval.RegisterLazy)", f[1], allocs, budget)
			}
		}
	}
	for pkg := range initAllocBudget {
		if !seen[pkg] {
			t.Errorf("no init trace for %s", pkg)
		}
	}
}

// BenchmarkStartupJSON is one netsum process on a small model JSON: what
// bench/tfjs/run.sh measures per model.
func BenchmarkStartupJSON(b *testing.B) {
	bin := netsum(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if out, err := exec.Command(bin, "-q", fixture).CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
}

// BenchmarkStartupApplications is one netsum process on code importing
// Debian's keras_applications (ResNet50): a cold parse of the whole
// library, since its __init__ imports every model module.
func BenchmarkStartupApplications(b *testing.B) {
	const installed = "/usr/lib/python3/dist-packages/keras_applications"
	if _, err := os.Stat(installed + "/__init__.py"); err != nil {
		b.Skip("keras_applications is not installed (apt-get install python3-keras-applications)")
	}
	bin := netsum(b)
	dir := b.TempDir()
	if err := os.Symlink(installed, filepath.Join(dir, "keras_applications")); err != nil {
		b.Skip(err)
	}
	script := filepath.Join(dir, "resnet50.py")
	src := "import keras\nfrom keras_applications import resnet50\n" +
		"model = resnet50.ResNet50(weights=None, backend=keras.backend, layers=keras.layers, models=keras.models, utils=keras.utils)\n" +
		"model.summary()\n"
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if out, err := exec.Command(bin, "-q", "--path", dir, script).CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
}

package frontend

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// ckptDir holds the fixtures written by tools/oracle/torch/make_ckpt.py.
const ckptDir = "../../testdata/torch"

// expectedCkpt is FILE.json beside each fixture: what torch says.
type expectedCkpt struct {
	Format  string `json:"format"`
	Tensors []struct {
		Name   string  `json:"name"`
		Shape  []int64 `json:"shape"`
		DType  string  `json:"dtype"`
		Numel  int64   `json:"numel"`
		Buffer bool    `json:"buffer"`
		Bytes  int64   `json:"bytes"`
	} `json:"tensors"`
	Params  int64 `json:"params"`
	Buffers int64 `json:"buffers"`
	Bytes   int64 `json:"bytes"`
	ByDType map[string]struct {
		Numel int64 `json:"numel"`
		Bytes int64 `json:"bytes"`
	} `json:"by_dtype"`
	Tied   [][2]string `json:"tied"`
	Picked string      `json:"picked"`
	Others []string    `json:"others"`
}

type flatWeight struct {
	name string
	w    *graph.Weight
}

// flatten lists a checkpoint model's weights with their full names.
func flatten(m *graph.Model) []flatWeight {
	var out []flatWeight
	var walk func(ls []*graph.Layer, prefix string)
	walk = func(ls []*graph.Layer, prefix string) {
		for _, l := range ls {
			p := prefix + l.Name
			for _, w := range l.Weights {
				if l.Name == "" {
					out = append(out, flatWeight{prefix + w.Name, w})
				} else {
					out = append(out, flatWeight{p + "." + w.Name, w})
				}
			}
			if l.Sub != nil {
				walk(l.Sub.Layers, p+".")
			}
		}
	}
	walk(m.Layers, "")
	return out
}

// TestCheckpointOracle opens every fixture through format detection and
// compares tensors and totals with what torch reported.
func TestCheckpointOracle(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(ckptDir, "*.json"))
	if len(files) == 0 {
		t.Fatal("no fixtures in " + ckptDir)
	}
	for _, jf := range files {
		checkCkpt(t, strings.TrimSuffix(jf, ".json"), jf)
	}
}

func checkCkpt(t *testing.T, path, jsonPath string) {
	t.Run(filepath.Base(path), func(t *testing.T) {
		b, err := os.ReadFile(jsonPath)
		if err != nil {
			t.Fatal(err)
		}
		var exp expectedCkpt
		if err := json.Unmarshal(b, &exp); err != nil {
			t.Fatal(err)
		}
		in, err := ReadInput(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := Open(in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := ms[0]
		if m.SourceFormat != exp.Format {
			t.Errorf("format %q, want %q", m.SourceFormat, exp.Format)
		}
		got := flatten(m)
		if len(got) != len(exp.Tensors) {
			t.Fatalf("%d tensors, want %d", len(got), len(exp.Tensors))
		}
		byName := map[string]*graph.Weight{}
		for i, e := range exp.Tensors {
			g := got[i]
			byName[g.name] = g.w
			if g.name != e.Name || !slices.Equal(g.w.Shape, e.Shape) || g.w.DType != e.DType || g.w.Count() != e.Numel || g.w.Buffer != e.Buffer {
				t.Errorf("tensor %d: got %s %v %s n=%d buffer=%v, want %s %v %s n=%d buffer=%v", i,
					g.name, g.w.Shape, g.w.DType, g.w.Count(), g.w.Buffer, e.Name, e.Shape, e.DType, e.Numel, e.Buffer)
			}
			if e.Bytes != 0 && g.w.Bytes != e.Bytes {
				t.Errorf("tensor %s: %d bytes, want %d", e.Name, g.w.Bytes, e.Bytes)
			}
		}
		for _, pair := range exp.Tied {
			if w := byName[pair[1]]; w == nil || w.Alias != byName[pair[0]] {
				t.Errorf("%s should be tied to %s", pair[1], pair[0])
			}
		}
		s := summary.Build(m)
		if s.Totals.Params != exp.Params || s.Totals.Buffers != exp.Buffers {
			t.Errorf("params %d buffers %d, want %d and %d (torch)", s.Totals.Params, s.Totals.Buffers, exp.Params, exp.Buffers)
		}
		var bytes int64
		for _, d := range s.Totals.ByDType {
			bytes += d.Bytes
			e, ok := exp.ByDType[d.DType]
			if !ok || e.Numel != d.Count || e.Bytes != d.Bytes {
				t.Errorf("dtype %s: %d elements, %d bytes; want %+v", d.DType, d.Count, d.Bytes, e)
			}
		}
		if len(s.Totals.ByDType) != len(exp.ByDType) || bytes != exp.Bytes {
			t.Errorf("by dtype %+v (%d bytes), want %+v (%d bytes)", s.Totals.ByDType, bytes, exp.ByDType, exp.Bytes)
		}
		notes := strings.Join(m.Notes, "\n")
		if exp.Picked != "" && !strings.Contains(notes, fmt.Sprintf("%q entry", exp.Picked)) {
			t.Errorf("notes do not say the model came from %q:\n%s", exp.Picked, notes)
		}
		for _, o := range exp.Others {
			if !strings.Contains(notes, "also in the checkpoint: "+o+":") {
				t.Errorf("notes do not mention %q:\n%s", o, notes)
			}
		}
	})
}

// TestResNet18Oracle writes resnet18 state_dicts with torch (45 MB each,
// not committed) and checks them; it skips where torch is not installed.
func TestResNet18Oracle(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import torch, torchvision").Run(); err != nil {
		t.Skip("python3-torch and python3-torchvision are not installed")
	}
	dir := t.TempDir()
	cmd := exec.Command(py, "../../tools/oracle/torch/make_ckpt.py", "--resnet18", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make_ckpt.py: %v\n%s", err, out)
	}
	for _, name := range []string{"resnet18.pt", "resnet18_legacy.pt"} {
		p := filepath.Join(dir, name)
		checkCkpt(t, p, p+".json")
	}
}

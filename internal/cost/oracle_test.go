package cost

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/frontend/onnxfile"
	"github.com/netsum/netsum/internal/summary"
)

// fixtures is testdata/cost/fixtures.json (tools/oracle/cost/gen.py).
type fixtures struct {
	Published map[string]struct {
		GMACs float64 `json:"gmacs"`
		Hooks int64   `json:"hooks"`
		ONNX  string  `json:"onnx"`
	} `json:"published"`
	Torchinfo map[string]struct {
		ONNX    string `json:"onnx"`
		Input   []int64
		Modules map[string]struct {
			Class  string `json:"class"`
			Params int64  `json:"params"`
			MACs   int64  `json:"macs"`
		} `json:"modules"`
		TotalMACs int64 `json:"total_macs"`
		Hooks     int64 `json:"hooks"`
	} `json:"torchinfo"`
}

const root = "../.."

func loadFixtures(t *testing.T) *fixtures {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "testdata/cost/fixtures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f fixtures
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

// open reads a model file through the front ends and summarizes it.
func open(t *testing.T, path string) *summary.Summary {
	t.Helper()
	in, err := frontend.ReadInput(filepath.Join(root, path), nil)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := frontend.Open(in, frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return summary.Build(ms[0])
}

// TestPublishedGMACs reproduces the GMACs torchvision publishes for its
// classification models from ONNX exports, within 2 %, and the exact
// count of the oracle's forward hooks (conv and linear, bias excluded).
func TestPublishedGMACs(t *testing.T) {
	f := loadFixtures(t)
	names := make([]string, 0, len(f.Published))
	for n := range f.Published {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		p := f.Published[name]
		t.Run(name, func(t *testing.T) {
			s := open(t, p.ONNX)
			if err := Annotate(s, Options{}); err != nil {
				t.Fatal(err)
			}
			c := s.Totals.Cost
			if !c.MACsKnown {
				t.Fatalf("MACs unknown for %v", c.UnknownMACs)
			}
			g := float64(c.MACs) / 1e9
			errPct := 100 * math.Abs(g-p.GMACs) / p.GMACs
			t.Logf("%s: %.4f GMACs, published %.2f, error %.2f %%", name, g, p.GMACs, errPct)
			if errPct > 2 {
				t.Errorf("%s: %.4f GMACs, published %.2f: %.2f %% off", name, g, p.GMACs, errPct)
			}
			if c.MACs != p.Hooks {
				t.Errorf("%s: %d MACs, torch forward hooks count %d", name, c.MACs, p.Hooks)
			}
		})
	}
}

// TestTorchinfoRule reproduces torchinfo 1.8's Mult-Adds per module and in
// total on ONNX exports of small torch models (convolutions with groups,
// dilation and transpose, BatchNorm, Linear, Embedding, LSTM, GRU, RNN).
func TestTorchinfoRule(t *testing.T) {
	f := loadFixtures(t)
	for name, fx := range f.Torchinfo {
		t.Run(name, func(t *testing.T) {
			s := open(t, fx.ONNX)
			if err := Annotate(s, Options{Convention: Torchinfo}); err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			for _, r := range s.Rows {
				if !r.Cost.MACsKnown {
					t.Fatalf("%s: MACs unknown: %s", r.Name, r.Cost.MACsFormula)
				}
				if r.Cost.MACs == 0 {
					continue
				}
				scope := onnxfile.ModuleScope(r.Name)
				mod := ""
				if len(scope) > 0 {
					mod = scope[len(scope)-1]
				}
				got[mod] += r.Cost.MACs
			}
			for mod, want := range fx.Modules {
				if want.MACs != got[mod] {
					t.Errorf("module %s (%s): netsum %d, torchinfo %d", mod, want.Class, got[mod], want.MACs)
				}
				delete(got, mod)
			}
			for mod, n := range got {
				t.Errorf("module %s: netsum %d MACs, torchinfo has no such module", mod, n)
			}
			if s.Totals.Cost.MACs != fx.TotalMACs {
				t.Errorf("total: netsum %d, torchinfo %d", s.Totals.Cost.MACs, fx.TotalMACs)
			}
			t.Logf("%s: torchinfo total %d reproduced", name, fx.TotalMACs)
			// Without recurrent layers or lookups, netsum's own convention
			// is the hooks' conv and linear count, bias excluded.
			for _, m := range fx.Modules {
				switch m.Class {
				case "LSTM", "GRU", "RNN", "Embedding":
					return
				}
			}
			s = open(t, fx.ONNX)
			if err := Annotate(s, Options{}); err != nil {
				t.Fatal(err)
			}
			if s.Totals.Cost.MACs != fx.Hooks {
				t.Errorf("netsum convention: %d MACs, hooks %d", s.Totals.Cost.MACs, fx.Hooks)
			}
		})
	}
}

// TestNamedDims: a transformer encoder exported with dynamic axes
// ("batch", "tokens") has no MACs until the sequence length is given;
// with the dims set before inference (--dim) every figure is known,
// linear layers scale with tokens, attention scores with tokens², and
// everything with the batch.
func TestNamedDims(t *testing.T) {
	macs := func(dims map[string]int64) (int64, bool) {
		in, err := frontend.ReadInput(filepath.Join(root, "testdata/onnx/models/encoder.onnx"), nil)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := frontend.Open(in, frontend.Options{Dims: dims})
		if err != nil {
			t.Fatal(err)
		}
		s := summary.Build(ms[0])
		if err := Annotate(s, Options{Batch: 1}); err != nil {
			t.Fatal(err)
		}
		return s.Totals.Cost.MACs, len(s.Totals.Cost.UnknownMACs) == 0
	}
	if _, known := macs(nil); known {
		t.Errorf("MACs known without a value for tokens")
	}
	// batch·heads after a Reshape is not the batch: unknown, not batch=1.
	if _, known := macs(map[string]int64{"tokens": 16}); known {
		t.Errorf("MACs known with the batch dim unset")
	}
	m16, known16 := macs(map[string]int64{"tokens": 16, "batch": 1})
	m32, known32 := macs(map[string]int64{"tokens": 32, "batch": 1})
	if !known16 || !known32 || m16 <= 0 {
		t.Fatalf("tokens=16: %d %v; tokens=32: %d %v", m16, known16, m32, known32)
	}
	if m32 <= 2*m16 {
		t.Errorf("MACs at 32 tokens %d <= 2 × %d at 16 (attention is quadratic)", m32, m16)
	}
	if m2, _ := macs(map[string]int64{"tokens": 16, "batch": 2}); m2 != 2*m16 {
		t.Errorf("batch=2: %d, want %d", m2, 2*m16)
	}
}

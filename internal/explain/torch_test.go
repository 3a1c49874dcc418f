package explain_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/explain"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/pytorch"
	"github.com/netsum/netsum/internal/render/jsonout"
	"github.com/netsum/netsum/internal/summary"
)

// tvDir is Debian's torchvision (python3-torchvision).
const tvDir = "/usr/lib/python3/dist-packages"

// torchModule runs a script of tools/oracle/torch/modules/ through
// internal/pytorch as internal/pytorch's TestModules does, with the class
// and input size its fixture (testdata/pytorch/modules) records.
func torchModule(t *testing.T, name string) *summary.Summary {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "pytorch", "modules", name+".expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Model     string  `json:"model"`
		Class     string  `json:"class"`
		InputSize []int64 `json:"input_size"`
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join("..", "..", "tools", "oracle", "torch", "modules", want.Model+".py")
	src, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := pytorch.Open(script, src, pytorch.Options{ModelName: want.Class, InputSize: want.InputSize})
	if err != nil {
		t.Fatal(err)
	}
	return summary.Build(ms[0])
}

func torchSeed(t *testing.T) *summary.Summary {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "pytorch", "seed.py")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := pytorch.Open(path, src, pytorch.Options{InputSize: []int64{1, 1, 28, 28}})
	if err != nil {
		t.Fatal(err)
	}
	return summary.Build(ms[0])
}

// checkTorchFormulas is the property test for a PyTorch model: every
// weight formula (parameters and buffers) evaluates to its count, every
// layer formula to the row's parameters (buffers left out), every factor
// has words, and the explanation of every row says something of its own
// for a catalogued class.
func checkTorchFormulas(t *testing.T, name string, s *summary.Summary) (weights, layers int) {
	t.Helper()
	if s.Dialect != graph.PyTorch {
		t.Fatalf("%s: dialect %v", name, s.Dialect)
	}
	eachRow(s.Rows, func(r *summary.Row) {
		_, _, kind := explain.ClassifyFn(r.Class, s.Dialect)
		var total int64
		known := true
		for _, w := range r.Weights {
			ascii := explain.WeightFormula(w.Shape, w.Factors)
			if j := jsonout.Formula(w.Shape, w.Factors); j != ascii {
				t.Errorf("%s: %s/%s: jsonout formula %s, explain %s", name, r.Name, w.Name, j, ascii)
			}
			for _, fs := range w.Factors {
				for _, fac := range fs {
					if _, _, ok := explain.LabelKey(kind, fac.Name); !ok {
						t.Errorf("%s: %s/%s: factor %q has no words in the catalog", name, r.Name, w.Name, fac.Name)
					}
				}
			}
			if w.Count < 0 {
				known = false
				continue
			}
			got, ok := explain.Eval(ascii)
			if !ok || got != w.Count {
				t.Errorf("%s: %s/%s: formula %s = %d (ok %v), count %d", name, r.Name, w.Name, ascii, got, ok, w.Count)
			}
			weights++
			if !w.Buffer {
				total += w.Count
			}
		}
		e := explain.RowExpr(r)
		if e == nil || !known {
			return
		}
		for _, form := range []string{e.ASCII(), e.String()} {
			got, ok := explain.Eval(form)
			if !ok || got != total || (r.ParamsKnown && got != r.Params) {
				t.Errorf("%s: %s (%s): layer formula %s = %d (ok %v), want %d (row %d)", name, r.Name, r.Class, form, got, ok, total, r.Params)
			}
		}
		layers++
	})
	// The explanation itself renders in every language.
	for _, l := range explain.Langs() {
		var b bytes.Buffer
		if err := explain.Render(&b, s, explain.Options{Lang: l}); err != nil {
			t.Errorf("%s: %s: %v", name, l, err)
		}
	}
	return weights, layers
}

// TestTorchFormulasAddUp extends TestFormulasAddUp to every PyTorch
// module fixture (testdata/pytorch/modules) and the torch seed.
func TestTorchFormulasAddUp(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "pytorch", "modules", "*.expected.json"))
	if err != nil || len(files) == 0 {
		t.Skip("no PyTorch module fixtures")
	}
	sort.Strings(files)
	weights, layers := checkTorchFormulas(t, "seed", torchSeed(t))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".expected.json")
		t.Run(name, func(t *testing.T) {
			w, l := checkTorchFormulas(t, name, torchModule(t, name))
			weights += w
			layers += l
		})
	}
	t.Logf("%d weight formulas, %d layer formulas checked", weights, layers)
}

// TestTorchvisionFormulasAddUp runs a few torchvision models from Debian's
// python3-torchvision through the property test (skipped when absent).
func TestTorchvisionFormulasAddUp(t *testing.T) {
	if _, err := os.Stat(filepath.Join(tvDir, "torchvision/models/resnet.py")); err != nil {
		t.Skip("python3-torchvision is not installed")
	}
	for _, name := range []string{"resnet18", "mobilenet_v2", "shufflenet_v2_x0_5", "vit_b_32", "squeezenet1_0"} {
		t.Run(name, func(t *testing.T) {
			src := fmt.Sprintf("import torchvision\nmodel = torchvision.models.%s(weights=None)\n", name)
			ms, err := pytorch.Open("model.py", []byte(src), pytorch.Options{SearchPaths: []string{tvDir}, InputSize: []int64{1, 3, 224, 224}})
			if err != nil {
				t.Fatal(err)
			}
			checkTorchFormulas(t, name, summary.Build(ms[0]))
		})
	}
}

// torchGolden are the PyTorch explanations kept as golden files: the seed
// and module scripts of tools/oracle/torch/modules/.
var torchGolden = []string{"conv2d", "conv_extras", "linear", "batchnorm", "norms", "rnn", "rnncell", "attention", "embedding", "pooling2d"}

func TestGoldenTorchExplain(t *testing.T) {
	models := map[string]*summary.Summary{"torch_seed": torchSeed(t)}
	names := []string{"torch_seed"}
	for _, m := range torchGolden {
		if _, err := os.Stat(filepath.Join("..", "..", "testdata", "pytorch", "modules", m+".expected.json")); err != nil {
			continue
		}
		models["torch_"+m] = torchModule(t, m)
		names = append(names, "torch_"+m)
	}
	for _, name := range names {
		for _, l := range explain.Langs() {
			t.Run(name+"/"+string(l), func(t *testing.T) {
				var b bytes.Buffer
				if err := explain.Render(&b, models[name], explain.Options{Lang: l}); err != nil {
					t.Fatal(err)
				}
				golden(t, name+"."+string(l)+".txt", b.Bytes())
			})
		}
	}
}

// TestTorchSeedAnswers checks the torch seed's formulas in words.
func TestTorchSeedAnswers(t *testing.T) {
	var b bytes.Buffer
	if err := explain.Render(&b, torchSeed(t), explain.Options{Lang: explain.EN, Width: -1}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Parameters: (5·5·1 + 1)·32 = 832",
		"(kernel height · kernel width · input channels + 1) · output channels",
		"Parameters: (5·5·32 + 1)·64 = 51,264",
		"Parameters: (1024 + 1)·100 = 102,500",
		"height: (28 − 5)/1 + 1 = 24",
		"features.0.weight (32, 1, 5, 5): 32·1·5·5 = 800",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

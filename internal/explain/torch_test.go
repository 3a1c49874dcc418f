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
var torchGolden = []string{"conv2d", "conv_extras", "linear", "batchnorm", "norms", "rnn", "rnncell", "attention", "embedding", "pooling1d", "pooling2d", "pooling3d", "dropout"}

func TestGoldenTorchExplain(t *testing.T) {
	models := map[string]*summary.Summary{"torch_seed": torchSeed(t), "torch_fixes": torchFixes(t)}
	names := []string{"torch_seed", "torch_fixes"}
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

// fixesScript has the cases the first torch walks got wrong: dropout with
// p=0, ids without a batch axis, a transposed convolution called with
// output_size, adaptive pooling of an unbatched input, and norms without
// affine parameters or running statistics.
const fixesScript = `import torch
import torch.nn as nn


class Fixes(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop0 = nn.Dropout(0.0)
        self.drop2 = nn.Dropout2d(p=0)
        self.drop = nn.Dropout()
        self.emb = nn.Embedding(10, 3)
        self.up = nn.ConvTranspose1d(2, 2, 3, stride=3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d((3, None))
        self.ln = nn.LayerNorm(5, elementwise_affine=False)
        self.bn = nn.BatchNorm1d(2, track_running_stats=False)
        self.gn = nn.GroupNorm(1, 2, affine=False)
        self.inorm = nn.InstanceNorm1d(2, track_running_stats=True)

    def forward(self, x):
        x = self.drop(self.drop2(self.drop0(x)))
        e = self.emb((x[0, 0] * 9).long())
        u = self.up(x, output_size=[14])
        p = self.pool(x)
        n = self.inorm(self.gn(self.bn(self.ln(x))))
        return e.sum() + u.sum() + p.sum() + n.sum()
`

func torchFixes(t *testing.T) *summary.Summary {
	t.Helper()
	ms, err := pytorch.Open("fixes.py", []byte(fixesScript), pytorch.Options{ModelName: "Fixes", InputSize: []int64{1, 2, 5}})
	if err != nil {
		t.Fatal(err)
	}
	return summary.Build(ms[0])
}

// TestTorchExplainLines pins the lines of the torch walks that used to be
// wrong or said too little, in English.
func TestTorchExplainLines(t *testing.T) {
	walk := func(s *summary.Summary) string {
		var b bytes.Buffer
		if err := explain.Render(&b, s, explain.Options{Lang: explain.EN, Width: -1}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		s    func(*testing.T) *summary.Summary
		want []string
		not  []string
	}{
		{"fixes", torchFixes, []string{
			// 3: dropout with p=0 does nothing; eval mode never drops.
			"p=0: drops nothing, in training or at inference; values pass through unchanged.",
			"runs forward in eval mode (model.eval()), where dropout never drops",
			"During training, sets a random 50% of its input values to 0",
			// 2: ids without a batch axis.
			"by its learned vector of 3 numbers: 5 ids → 5x3, one vector per id",
			// 5: output_size implies output_padding 1.
			"length: (5 − 1)·3 − 2·1 + 3 + 1 = 14 (called with output_size: torch adds the output_padding 1 that makes the length 14)",
			// 1: adaptive pooling of an unbatched-looking input.
			// torch reads (1, 2, 5) as one unbatched 1x2x5 image.
			"height: 2 → 3: window i is the slice ⌊i·2/3⌋:⌈(i + 1)·2/3⌉ (end excluded): 0:1, 0:2, 1:2",
			"width: 5, output_size None keeps the input length",
			"output_size=(3, None) fixes the output size whatever the input size",
			// 4: the first sentence follows affine and track_running_stats.
			"Normalizes each sample over its last axes (5,) (mean 0, variance 1); elementwise_affine=False: nothing scales or shifts the result.",
			"Parameters: 0. elementwise_affine=False: no weight or bias to learn.",
			"with the mean and variance of the batch it is given, at inference too (track_running_stats=False: no running averages), then scales by weight and shifts by bias, one value per channel.",
			"track_running_stats=False: no running_mean, running_var or num_batches_tracked buffers",
			"Running total: 48\n   Notes:\n      - running_mean",
			"Normalizes each sample within 1 group of channels (2 channels); affine=False: nothing scales or shifts the result.",
			"track_running_stats=True keeps running averages, which inference uses instead; affine=False",
			// the 1-D kernel in the weight note.
			"a 3-wide window through the input's 2 channels (3·2 = 6)",
		}, []string{"a random 0%", "5 → 14", "1 → 3", "3-wide·"}},
		{"pooling1d", func(t *testing.T) *summary.Summary { return torchModule(t, "pooling1d") }, []string{
			"length: 17 → 5: window i is the slice ⌊i·17/5⌋:⌈(i + 1)·17/5⌉ (end excluded): 0:4, 3:7, 6:11, 10:14, 13:17",
			"length: 17 → 4: window i is the slice ⌊i·17/4⌋:⌈(i + 1)·17/4⌉ (end excluded): 0:5, 4:9, 8:13, 12:17",
		}, nil},
		{"pooling2d", func(t *testing.T) *summary.Summary { return torchModule(t, "pooling2d") }, []string{
			"height: 15 → 5: window i is the slice ⌊i·15/5⌋:⌈(i + 1)·15/5⌉ (end excluded): 5 windows of 3, side by side",
			"width: 12, output_size None keeps the input length",
			"height: 15 → 1: one window over the whole axis",
		}, nil},
		{"embedding", func(t *testing.T) *summary.Summary { return torchModule(t, "embedding") }, []string{
			"5 ids → 5x3, one vector per id",
			"2x5 ids → 2x5x4, one vector per id",
			"reduces each bag of ids to one vector: 10 ids → 3x6.",
		}, []string{"1 → 3", "1 → 6"}},
		{"batchnorm", func(t *testing.T) *summary.Summary { return torchModule(t, "batchnorm") }, []string{
			"(running averages at inference); affine=False: nothing scales or shifts the result.",
		}, nil},
		{"conv_extras", func(t *testing.T) *summary.Summary { return torchModule(t, "conv_extras") }, []string{
			"height: (5 − 1)·2 − 2·1 + 3 + 1 = 10 (called with output_size: torch adds the output_padding 1 that makes the length 10)",
			"height: (5 − 1)·2 − 2·1 + 3 = 9",
		}, []string{"height: 5 → 10"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := walk(tc.s(t))
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out, w) {
					t.Errorf("still says %q", w)
				}
			}
			if t.Failed() {
				t.Logf("walk:\n%s", out)
			}
		})
	}
}

// TestNestedSumNotation pins how a nested model's sum prints, in Keras
// and PyTorch alike: the formula is notation, the same in every language
// and without thousands separators (a Russian "51 264" inside a sum would
// read as two numbers), and only the result uses the language's
// separator, as every formula of the walk does ((1024 + 1)·100 = 102,500).
func TestNestedSumNotation(t *testing.T) {
	for _, tc := range []struct {
		s      *summary.Summary
		en, ru string
	}{
		{torchSeed(t), "Parameters: 832 + 51264 = 52,096", "Параметры: 832 + 51264 = 52 096"},
		{mustLoad(t, "nested_shared_submodel"), "Parameters: 80 + 43296 = 43,376", "Параметры: 80 + 43296 = 43 376"},
	} {
		for l, want := range map[explain.Lang]string{explain.EN: tc.en, explain.RU: tc.ru} {
			var b bytes.Buffer
			if err := explain.Render(&b, tc.s, explain.Options{Lang: l, Width: -1}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s: missing %q", l, want)
			}
		}
	}
}

// TestDropoutRateZero: a Keras Dropout(rate=0) drops nothing, like torch's
// p=0; it is not "a random 0%".
func TestDropoutRateZero(t *testing.T) {
	for rate, want := range map[float64]string{
		0:    "rate=0: drops nothing, in training or at inference; values pass through unchanged.",
		0.25: "During training, sets a random 25% of its input values to 0",
	} {
		r := &summary.Row{Name: "d", Class: "Dropout", Config: map[string]any{"rate": rate}}
		if got := explain.Explain(r, explain.EN).Does; !strings.HasPrefix(got, want) {
			t.Errorf("rate %v: %q, want %q", rate, got, want)
		}
	}
}

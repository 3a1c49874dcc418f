package kerash5

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

// corpus is the shared directory of real saved files (not in the repo).
var corpus = filepath.Join("..", "..", "..", "..", "shared", "corpora", "keras-files")

func openFile(t *testing.T, path string, opt Options) (*graph.Model, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	if opt.File == "" {
		opt.File = filepath.Base(path)
	}
	return Open(f, st.Size(), opt)
}

// expected is the ground truth format of the shared corpus.
type expected struct {
	Layers []struct {
		Name    string `json:"name"`
		Class   string `json:"class_name"`
		Params  int64  `json:"params"`
		Weights []struct {
			Name  string  `json:"name"`
			Shape []int64 `json:"shape"`
		} `json:"weights"`
	} `json:"layers"`
	Totals struct {
		Params int64 `json:"params"`
	} `json:"totals"`
}

// CheckExpected compares a model with a corpus expected/<id>.json: per
// top-level layer parameter counts and the total.
func CheckExpected(t *testing.T, m *graph.Model, expPath string) {
	t.Helper()
	b, err := os.ReadFile(expPath)
	if err != nil {
		t.Fatal(err)
	}
	var e expected
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	total, _, _, _ := graph.Counts(m.Weights())
	if total != e.Totals.Params {
		t.Errorf("total params = %d, want %d", total, e.Totals.Params)
	}
	for _, el := range e.Layers {
		l := m.Layer(el.Name)
		if l == nil {
			t.Errorf("layer %s missing", el.Name)
			continue
		}
		n, _, _, _ := graph.Counts(l.AllWeights())
		if n != el.Params {
			t.Errorf("layer %s: %d params, want %d", el.Name, n, el.Params)
		}
		if l.Class != el.Class && !(el.Class == "Model" && l.Class == "Functional") {
			t.Errorf("layer %s: class %s, want %s", el.Name, l.Class, el.Class)
		}
	}
}

func TestCorpusH5(t *testing.T) {
	path := filepath.Join(corpus, "files", "full_k2_gan_nested.h5")
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared corpus not present")
	}
	m, err := openFile(t, path, Options{AllowUnknown: true})
	if err != nil {
		t.Fatal(err)
	}
	CheckExpected(t, m, filepath.Join(corpus, "expected", "full_k2_gan_nested.json"))
	if m.Version != "2.2.4" || m.SourceFormat != "keras-h5" {
		t.Errorf("version %q format %q", m.Version, m.SourceFormat)
	}
	if m.Compile["optimizer"] != "Adam" || m.Compile["loss"] != "binary_crossentropy" {
		t.Errorf("compile = %v", m.Compile)
	}
	for _, w := range m.Warnings {
		t.Logf("warning: %s", w)
	}
}

func seedFile(name string) string { return filepath.Join("..", "..", "..", "testdata", "h5", name) }

const seedTotal = 154798

func TestSeedFull(t *testing.T) {
	for _, name := range []string{"seed_tfkeras_full.h5", "seed_tfkeras_full_latest.h5", "seed_keras2_full.h5",
		"seed_keras1_full.h5", "seed_tfkeras_userblock.h5"} {
		t.Run(name, func(t *testing.T) {
			m, err := openFile(t, seedFile(name), Options{AllowUnknown: true})
			if err != nil {
				t.Fatal(err)
			}
			total, _, _, _ := graph.Counts(m.Weights())
			if total != seedTotal {
				t.Errorf("total = %d, want %d", total, seedTotal)
			}
			for _, w := range m.Warnings {
				t.Errorf("unexpected warning: %s", w)
			}
			if m.Compile["optimizer"] != "Adam" || m.Compile["loss"] != "categorical_crossentropy" {
				t.Errorf("compile = %v", m.Compile)
			}
		})
	}
}

func TestSeedWeightsOnly(t *testing.T) {
	for _, name := range []string{"seed_tfkeras_weights.h5", "seed_tfkeras_weights_latest.h5", "seed_keras3.weights.h5"} {
		t.Run(name, func(t *testing.T) {
			m, err := openFile(t, seedFile(name), Options{})
			if err != nil {
				t.Fatal(err)
			}
			total, _, _, _ := graph.Counts(m.Weights())
			if total != seedTotal {
				t.Errorf("total = %d, want %d", total, seedTotal)
			}
			for _, l := range m.Layers {
				if l.Class == "?" {
					t.Errorf("layer %s: class not guessed", l.Name)
				}
				if l.OutputShapes() != nil {
					t.Errorf("layer %s: output shapes should be unknown", l.Name)
				}
			}
			if len(m.Warnings) == 0 || !strings.Contains(m.Warnings[0].Msg, "weights-only") {
				t.Errorf("want a weights-only warning, got %v", m.Warnings)
			}
		})
	}
}

func TestChunkedLayerNames(t *testing.T) {
	m, err := openFile(t, seedFile("chunked_layer_names.h5"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Layers) != 100 {
		t.Errorf("%d layers, want 100 (layer_names0 + layer_names1)", len(m.Layers))
	}
	total, _, _, _ := graph.Counts(m.Weights())
	if total != 150 {
		t.Errorf("total = %d, want 150", total)
	}
}

func TestNotKeras(t *testing.T) {
	_, err := openFile(t, seedFile("hdf5_layouts_earliest.h5"), Options{})
	if err == nil || !strings.Contains(err.Error(), "not a Keras model") || !strings.Contains(err.Error(), "members a, bytes") {
		t.Errorf("err = %v", err)
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{"Conv2D": "conv2d", "BatchNormalization": "batch_normalization",
		"ReLU": "re_lu", "GlobalAveragePooling1D": "global_average_pooling1d", "LSTM": "lstm",
		"PReLU": "p_re_lu", "MultiHeadAttention": "multi_head_attention", "Conv2DTranspose": "conv2d_transpose"} {
		if got := SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{"conv2d_3": "Conv2D", "convolution2d_1": "Convolution2D",
		"batch_normalization": "BatchNormalization", "my_layer": "?", "dense": "Dense", "re_lu_2": "ReLU"} {
		if got := GuessClass(in); got != want {
			t.Errorf("GuessClass(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestCompileFromTraining: the optimizer arguments that decide its state
// (internal/cost.Slots) come through from training_config.
func TestCompileFromTraining(t *testing.T) {
	for _, c := range []struct {
		tc   string
		want map[string]string
	}{
		{`{"optimizer_config": {"class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.01, "momentum": 0.9, "nesterov": false}}, "loss": "mse"}`,
			map[string]string{"optimizer": "SGD", "learning_rate": "0.01", "momentum": "0.9", "nesterov": "False", "loss": "mse"}},
		{`{"optimizer_config": {"class_name": "RMSprop", "config": {"rho": 0.9, "centered": true}}}`,
			map[string]string{"optimizer": "RMSprop", "rho": "0.9", "centered": "True"}},
		{`{"loss": {"class_name": "CategoricalCrossentropy", "config": {"name": "cce"}}}`, map[string]string{"loss": "cce"}},
		{`not json`, nil},
	} {
		got := CompileFromTraining([]byte(c.tc))
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.tc, got, c.want)
		}
	}
}

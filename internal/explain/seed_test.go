package explain_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/explain"
	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/summary"
)

// TestSeedQuestions checks that explain answers the three questions the
// project began from (../../../shared/seed): where the 51,264 parameters
// of the second convolution come from, why Dropout adds none, and whether
// the 64 filters share one bias.
func TestSeedQuestions(t *testing.T) {
	for _, model := range []string{"seed_keras1", "seed_keras2", "seed_tfkeras", "seed_keras3"} {
		s := mustLoad(t, model)
		for _, tc := range []struct {
			lang  explain.Lang
			wants []string
		}{
			{explain.EN, []string{
				"Parameters: (5·5·32 + 1)·64 = 51,264",
				"(kernel height · kernel width · input channels + 1) · filters",
				"64 filters: (5·5·32 + 1)·64 = 51,264",
				"Parameters: 0. It drops activations, not weights, and only while training",
				"64 biases, one per filter",
				"Biases are not shared between filters",
			}},
			{explain.RU, []string{
				"Параметры: (5·5·32 + 1)·64 = 51 264",
				"(высота ядра · ширина ядра · входные каналы + 1) · фильтры",
				"Фильтров 64: (5·5·32 + 1)·64 = 51 264",
				"Параметры: 0. Он отбрасывает активации, а не веса, и только при обучении",
				"64 смещения, по одному на фильтр",
				"Между фильтрами смещения не разделяются",
			}},
		} {
			var b bytes.Buffer
			if err := explain.Render(&b, s, explain.Options{Lang: tc.lang, Width: -1}); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.wants {
				if !strings.Contains(b.String(), w) {
					t.Errorf("%s (%s): the walk lacks %q", model, tc.lang, w)
				}
			}
		}
	}
}

// TestSentence checks the JSON "explanation" of a layer.
func TestSentence(t *testing.T) {
	s := mustLoad(t, "seed_keras3")
	byName := map[string]*summary.Row{}
	eachRow(s.Rows, func(r *summary.Row) { byName[r.Name] = r })
	for name, want := range map[string]string{
		"conv2d_1": "Slides 64 filters of size 5x5 over the input; each filter covers the full depth of the input: 32 channels. " +
			"Parameters: (5·5·32 + 1)·64 = 51,264, that is (kernel height · kernel width · input channels + 1) · filters.",
		"dropout": "During training, sets a random 25% of its input values to 0 and scales the rest up to keep the sum; at inference it passes values through unchanged. " +
			"It drops activations, not weights, and only while training: nothing is learned, so it adds no parameters.",
		"max_pooling2d_1": "Each 2x2 window keeps its maximum: 8x8x64 → 4x4x64. Taking a maximum is a fixed operation: nothing to learn.",
	} {
		if got := explain.Explanation(byName[name]); got != want {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	if got := explain.ExplanationIn(byName["conv2d_1"], explain.RU); !strings.Contains(got, "Параметры: (5·5·32 + 1)·64 = 51 264, то есть (высота ядра · ширина ядра · входные каналы + 1) · фильтры.") {
		t.Errorf("ru: %q", got)
	}
}

func TestLayerOption(t *testing.T) {
	s := mustLoad(t, "nested_seq_in_functional")
	var b bytes.Buffer
	if err := explain.Render(&b, s, explain.Options{Layer: "dense_Dense2"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "2.2. dense_Dense2 (Dense)\n") || !strings.Contains(b.String(), "Parameters: (16 + 1)·4 = 68") {
		t.Errorf("--layer output:\n%s", b.String())
	}
	err := explain.Render(&b, s, explain.Options{Layer: "nope", Lang: explain.RU})
	if err == nil || !strings.Contains(err.Error(), "нет слоя с именем nope") || !strings.Contains(err.Error(), "dense_Dense2") {
		t.Errorf("unknown layer: %v", err)
	}
}

// TestHint checks that a shape error is restated with its formula.
func TestHint(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "tfjs", "pool1d_variants.json"))
	if err != nil {
		t.Skip(err)
	}
	_, err = kerasjson.Parse(src, kerasjson.Options{File: "pool1d_variants.json"})
	if err == nil {
		t.Fatal("pool1d_variants parses; expected Keras' error")
	}
	for l, want := range map[explain.Lang]string{
		explain.EN: `Explanation: length: 1 − 2 + 1 = 0 ≤ 0: the pool size (2) is larger than the input (1) with padding "valid"`,
		explain.RU: `Пояснение: длина: 1 − 2 + 1 = 0 ≤ 0: окно пулинга (2) больше входа (1) при padding "valid"`,
	} {
		if got := explain.Hint(err, l); got != want {
			t.Errorf("%s: %q, want %q", l, got, want)
		}
	}
	if got := explain.Hint(os.ErrNotExist, explain.EN); got != "" {
		t.Errorf("unrelated error: %q", got)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/render/text"
	"github.com/netsum/netsum/internal/summary"
)

var seed = filepath.Join("..", "..", "testdata", "keras", "seed_keras1.json")

func runExplain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"explain"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExplainCommand(t *testing.T) {
	t.Setenv("NETSUM_LANG", "")
	code, out, errs := runExplain(t, seed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"4. convolution2d_2 (Convolution2D)",
		"Parameters: (5·5·32 + 1)·64 = 51,264",
		"(kernel height · kernel width · input channels + 1) · filters",
		"64 biases, one per filter",
		"7. dropout_1 (Dropout)",
		"Total: 154,798 parameters",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}

	code, out, _ = runExplain(t, "--lang", "ru", "--layer", "dropout_1", seed)
	if code != 0 || !strings.HasPrefix(out, "7. dropout_1 (Dropout)\n") || !strings.Contains(out, "Параметры: 0.") {
		t.Errorf("--lang ru --layer: exit %d\n%s", code, out)
	}

	t.Setenv("NETSUM_LANG", "ru_RU.UTF-8")
	if code, out, _ = runExplain(t, "--layer", "dense_2", seed); code != 0 || !strings.Contains(out, "Параметры: (100 + 1)·2 = 202") {
		t.Errorf("NETSUM_LANG: exit %d\n%s", code, out)
	}
	if code, out, _ = runExplain(t, "--lang", "en", "--layer", "dense_2", seed); code != 0 || !strings.Contains(out, "Parameters: (100 + 1)·2 = 202") {
		t.Errorf("--lang overrides NETSUM_LANG: exit %d\n%s", code, out)
	}
}

func TestExplainErrors(t *testing.T) {
	t.Setenv("NETSUM_LANG", "")
	if code, out, errs := runExplain(t, "--lang", "de", seed); code != 2 || out != "" || !strings.Contains(errs, "unknown language") {
		t.Errorf("--lang de: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, errs := runExplain(t, "--layer", "nope", seed); code != 2 || !strings.Contains(errs, "no layer named nope") {
		t.Errorf("--layer nope: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runExplain(t); code != 2 {
		t.Errorf("no path: exit %d", code)
	}
	bad := filepath.Join("..", "..", "testdata", "tfjs", "pool1d_variants.json")
	code, out, errs := runExplain(t, bad)
	if code != 1 || out != "" || !strings.Contains(errs, "pool size 2 larger than input 1") || !strings.Contains(errs, "Explanation: length: 1 − 2 + 1 = 0 ≤ 0") {
		t.Errorf("bad model: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestExplainFlags(t *testing.T) {
	var got *explainOptions
	c := newExplainCmd(nil, nil, nil, func(o *explainOptions) error { got = o; return nil })
	c.SetArgs([]string{"--layer", "x", "--lang", "ru", "-D", "input_shape=(28,28,1)", "--keras-version", "1", "a.py"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.layer != "x" || got.lang != "ru" || len(got.paths) != 1 || got.read.kerasVersion != "1" || len(got.read.defines) != 1 {
		t.Errorf("options %+v", got)
	}
}

// TestRenderTextFormulas checks the helper behind summary --explain.
func TestRenderTextFormulas(t *testing.T) {
	src, err := readFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	m, err := kerasjson.Parse(src, kerasjson.Options{File: "seed_keras1.json"})
	if err != nil {
		t.Fatal(err)
	}
	s := summary.Build(m)
	var plain, with bytes.Buffer
	if err := renderText(&plain, s, text.Options{}, false); err != nil {
		t.Fatal(err)
	}
	if err := renderText(&with, s, text.Options{}, true); err != nil {
		t.Fatal(err)
	}
	a, b := strings.Split(plain.String(), "\n"), strings.Split(with.String(), "\n")
	if len(a) != len(b) {
		t.Fatalf("%d lines, want %d", len(b), len(a))
	}
	for i := range a {
		if !strings.HasPrefix(b[i], a[i]) {
			t.Errorf("line %d changed: %q", i+1, b[i])
		}
	}
	if !strings.Contains(with.String(), "Formula") || !strings.Contains(with.String(), "(5·5·32 + 1)·64") {
		t.Errorf("no formula column:\n%s", with.String())
	}
}

func readFile(p string) ([]byte, error) { return os.ReadFile(p) }

// TestHTMLExplanation checks the hook serve.go and --format html use.
func TestHTMLExplanation(t *testing.T) {
	t.Setenv("NETSUM_LANG", "")
	src, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	m, err := kerasjson.Parse(src, kerasjson.Options{File: "seed_keras1.json"})
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	got := explanation(summary.Build(m), &errb)
	if !strings.Contains(got, "Parameters: (5·5·32 + 1)·64 = 51,264") || errb.Len() > 0 {
		t.Errorf("explanation: %q, stderr %q", got, errb.String())
	}
}

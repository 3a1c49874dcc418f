package main

import (
	"encoding/json"
	"fmt"
	"github.com/netsum/netsum/internal/numfmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const weightsDir = "../../testdata/torch/weights/"

// weightsCase is one entry of testdata/torch/weights/expected.json, written
// by tools/oracle/torch/make_weights.py with real torch.
type weightsCase struct {
	File        string  `json:"file"`
	Code        string  `json:"code"`
	InputSize   []int   `json:"input_size"`
	Note        string  `json:"note"`
	Entry       *string `json:"entry"`
	StripPrefix *string `json:"strip_prefix"`
	Error       *string `json:"error"`
	RawError    *string `json:"raw_error"`
	Tensors     int     `json:"tensors"`
	Params      int64   `json:"params"`
}

func weightsCases(t *testing.T) []weightsCase {
	t.Helper()
	b, err := os.ReadFile(weightsDir + "expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var cs []weightsCase
	if err := json.Unmarshal(b, &cs); err != nil {
		t.Fatal(err)
	}
	if len(cs) < 10 {
		t.Fatalf("only %d cases", len(cs))
	}
	return cs
}

func (c weightsCase) args(extra ...string) []string {
	size := make([]string, len(c.InputSize))
	for i, d := range c.InputSize {
		size[i] = fmt.Sprint(d)
	}
	return append([]string{"--input-size", strings.Join(size, ","), "--weights", weightsDir + c.File, filepath.Join("../..", c.Code)}, extra...)
}

// TestWeightsAgainstTorch checks every fixture as torch's
// load_state_dict(strict=True) did: the same verdict, torch's error message
// line for line, the tensor and parameter counts; the summary still
// prints on stdout.
func TestWeightsAgainstTorch(t *testing.T) {
	for _, c := range weightsCases(t) {
		t.Run(c.File, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", c.args()...)
			if !strings.Contains(out, "Total params") && !strings.Contains(out, "Total params:") {
				t.Errorf("no summary on stdout:\n%s", out)
			}
			if c.Error == nil {
				want := fmt.Sprintf("weights: %s matches the model", weightsDir+c.File)
				tail := fmt.Sprintf(": %d tensors, %s parameters\n", c.Tensors, numfmt.Commas(c.Params))
				if code != 0 || !strings.Contains(errOut, want) || !strings.Contains(errOut, tail) {
					t.Errorf("exit %d, stderr:\n%s\nwant %q ... %q", code, errOut, want, tail)
				}
			} else {
				if code != 1 {
					t.Errorf("exit %d, want 1", code)
				}
				got := torchLines(errOut)
				want := strings.Split(*c.Error, "\n")
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("torch says:\n%s\nnetsum says:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
				}
			}
			if c.StripPrefix != nil {
				if c.RawError == nil || !strings.Contains(errOut, `every key starts with "module."`) {
					t.Errorf("no note on the prefix: %s", errOut)
				}
			}
			if c.Entry != nil && !strings.Contains(errOut, fmt.Sprintf("the checkpoint's %q entry", *c.Entry)) {
				t.Errorf("no note on the entry: %s", errOut)
			}

			// The same in JSON.
			code2, out, errOut := runCLI(t, "", c.args("-f", "json")...)
			if code2 != code {
				t.Errorf("json: exit %d, text exit %d", code2, code)
			}
			var doc struct {
				Schema string `json:"schema"`
				Check  *struct {
					File       string   `json:"file"`
					Class      string   `json:"model_class"`
					OK         bool     `json:"ok"`
					Matched    int      `json:"matched"`
					Params     int64    `json:"matched_params"`
					Entries    int      `json:"model_entries"`
					Missing    []string `json:"missing"`
					Unexpected []string `json:"unexpected"`
					Mismatched []struct {
						Name            string  `json:"name"`
						CheckpointShape []int64 `json:"checkpoint_shape"`
						ModelShape      []int64 `json:"model_shape"`
					} `json:"mismatched"`
					Errors   []string `json:"errors"`
					Entry    string   `json:"state_dict_entry"`
					Stripped string   `json:"stripped_prefix"`
					Notes    []string `json:"notes"`
				} `json:"weights_check"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			ck := doc.Check
			if doc.Schema != "netsum/v1" || ck == nil {
				t.Fatalf("no weights_check: %s", out)
			}
			if ck.OK != (c.Error == nil) || ck.Entries != c.Tensors || ck.Class == "" || ck.File != weightsDir+c.File {
				t.Errorf("weights_check %+v", ck)
			}
			if c.Error == nil && (ck.Matched != c.Tensors || ck.Params != c.Params) {
				t.Errorf("matched %d (%d params), torch: %d (%d)", ck.Matched, ck.Params, c.Tensors, c.Params)
			}
			if c.Error != nil {
				want := strings.Split(*c.Error, "\n\t")[1:]
				if strings.Join(ck.Errors, "\n") != strings.Join(want, "\n") {
					t.Errorf("errors %q, torch %q", ck.Errors, want)
				}
				n := len(ck.Mismatched)
				if len(ck.Missing) > 0 {
					n++
				}
				if len(ck.Unexpected) > 0 {
					n++
				}
				if n != len(want) {
					t.Errorf("missing %v unexpected %v mismatched %v do not add up to torch's %d lines", ck.Missing, ck.Unexpected, ck.Mismatched, len(want))
				}
			}
			if (c.Entry != nil) != (ck.Entry != "") || (c.StripPrefix != nil) != (ck.Stripped != "") {
				t.Errorf("entry %q stripped %q", ck.Entry, ck.Stripped)
			}
			if !strings.HasSuffix(out, "}\n") {
				t.Errorf("JSON does not end with a newline")
			}
			_ = errOut
		})
	}
}

// torchLines returns the RuntimeError message netsum prints on stderr:
// from "RuntimeError: " to the end, without that prefix.
func torchLines(stderr string) []string {
	_, msg, ok := strings.Cut(stderr, "RuntimeError: ")
	if !ok {
		return nil
	}
	return strings.Split(strings.TrimSuffix(msg, "\n"), "\n")
}

func TestWeightsShapesInJSON(t *testing.T) {
	c := weightsCase{File: "seed_wrong_fc.pt", Code: "testdata/pytorch/seed.py", InputSize: []int{1, 1, 28, 28}}
	code, out, _ := runCLI(t, "", c.args("-f", "json")...)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		`"weights_check": {`,
		`"name": "classifier.3.weight",`,
		`"checkpoint_shape": [10, 100],`,
		`"model_shape": [2, 100]`,
		`"model_class": "SeedCNN",`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %q:\n%s", want, out)
		}
	}
}

func TestWeightsErrors(t *testing.T) {
	seed := "../../testdata/pytorch/seed.py"
	ok := weightsDir + "seed_ok.pt"
	for _, c := range []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"keras h5", []string{"--weights", ok, "../../testdata/h5/seed_tfkeras_full.h5"}, 2, "--weights checks a checkpoint against PyTorch model code"},
		{"checkpoint as model", []string{"--weights", ok, ok}, 2, "is a weights file"},
		{"keras json", []string{"--weights", ok, seedK1}, 2, "--weights checks a checkpoint against PyTorch model code"},
		{"two paths", []string{"--input-size", "1,1,28,28", "--weights", ok, seed, seed}, 2, "give one PATH"},
		{"gguf", []string{"--input-size", "1,1,28,28", "--weights", torchDir + "tiny.gguf", seed}, 1, "a GGUF file"},
		{"no such file", []string{"--input-size", "1,1,28,28", "--weights", weightsDir + "nope.pt", seed}, 1, "nope.pt"},
		{"not a checkpoint", []string{"--input-size", "1,1,28,28", "--weights", seed, seed}, 1, "not a checkpoint"},
		{"hostile", []string{"--input-size", "1,1,28,28", "--weights", torchDir + "hostile/os_system_zip.pt", seed}, 1, "refusing to load"},
		{"stdin", []string{"--input-size", "1,1,28,28", "--weights", "-", seed}, 2, "as a file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", c.args...)
			if code != c.code || !strings.Contains(errOut, c.err) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, c.code, errOut, c.err)
			}
			if out != "" {
				t.Errorf("stdout not empty:\n%s", out)
			}
		})
	}
}

func TestWeightsQuiet(t *testing.T) {
	c := weightsCase{File: "seed_half.pt", Code: "testdata/pytorch/seed.py", InputSize: []int{1, 1, 28, 28}}
	_, _, errOut := runCLI(t, "", c.args()...)
	if !strings.Contains(errOut, "float16 in the checkpoint, float32 in the model") {
		t.Errorf("no dtype note: %s", errOut)
	}
	code, _, errOut := runCLI(t, "", c.args("-q")...)
	if code != 0 || strings.Contains(errOut, "note:") || !strings.Contains(errOut, "matches the model") {
		t.Errorf("quiet: exit %d, %s", code, errOut)
	}
}

// TestWeightsSharded: --weights takes a sharded checkpoint (its index or
// its folder), safetensors and torch.save shards alike.
func TestWeightsSharded(t *testing.T) {
	code := filepath.Join(t.TempDir(), "seedcnn.py")
	src := `import torch
from torch import nn
import torch.nn.functional as F


class SeedCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5)
        self.conv2 = nn.Conv2d(32, 64, 5)
        self.fc1 = nn.Linear(1024, 100)
        self.fc2 = nn.Linear(100, 2)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


model = SeedCNN()
`
	if err := os.WriteFile(code, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"../../testdata/torch/sharded", "../../testdata/torch/sharded/model.safetensors.index.json",
		"../../testdata/torch/sharded_bin/pytorch_model.bin.index.json"} {
		code, _, errs := runCLI(t, "", "-q", "--input-size", "1,1,28,28", "--weights", w, code)
		if code != 0 || !strings.Contains(errs, "matches the model: 8 tensors, 154,798 parameters") {
			t.Errorf("%s: exit %d\n%s", w, code, errs)
		}
	}
	// A shard's tensor missing from the model's code is reported as torch would.
	code2, _, errs := runCLI(t, "", "-q", "--input-size", "1,1,28,28", "--weights", "../../testdata/torch/sharded", "../../testdata/pytorch/seed.py")
	if code2 != 1 || !strings.Contains(errs, "Missing key(s) in state_dict") {
		t.Errorf("mismatch: exit %d\n%s", code2, errs)
	}
}

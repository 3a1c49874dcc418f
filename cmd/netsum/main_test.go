package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const seedK1 = "../../testdata/keras/seed_keras1.json"

func TestCLI(t *testing.T) {
	seed, err := os.ReadFile(seedK1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		out, err string // substrings
		noOut    bool
	}{
		{name: "default command", args: []string{seedK1}, out: "convolution2d_2 (Convolution2D)  (None, 8, 8, 64)      51264"},
		{name: "summary subcommand", args: []string{"summary", seedK1}, out: "Total params: 154798"},
		{name: "style override", args: []string{"--style", "keras3", seedK1}, out: "│ convolution2d_2 (Convolution2D) │ (None, 8, 8, 64)       │        51,264 │"},
		{name: "stdin", stdin: string(seed), args: []string{"-"}, out: "Total params: 154798"},
		{name: "two paths", args: []string{seedK1, "../../testdata/keras/seed_keras3.json"}, out: "==> ../../testdata/keras/seed_keras3.json <=="},
		{name: "json", args: []string{"-f", "json", seedK1}, out: `"schema": "netsum/v1"`},
		{name: "csv", args: []string{"-f", "csv", seedK1}, out: "convolution2d_2"},
		{name: "bad format", args: []string{"-f", "xml", seedK1}, code: 2, err: "--format", noOut: true},
		{name: "bad style", args: []string{"-s", "keras9", seedK1}, code: 2, err: "--style", noOut: true},
		{name: "bad flag", args: []string{"--nope", seedK1}, code: 2, err: "unknown flag", noOut: true},
		{name: "missing file", args: []string{"nope.json"}, code: 1, err: "nope.json", noOut: true},
		{name: "bad model", stdin: `{"class_name":"Sequential","config":[{"class_name":"Conv2D","config":{"name":"c","filters":2,"kernel_size":5,"batch_input_shape":[null,3,3,1]}}]}`,
			args: []string{"-"}, code: 1, err: `<stdin>:1:38 (config[0]): c (Conv2D): kernel 5x5 larger than input 3x3 with padding="valid"`, noOut: true},
		{name: "no partial output", stdin: `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"c","units":2}}]}`,
			args: []string{seedK1, "-"}, code: 1, err: "no input shape", noOut: true},
		{name: "unknown layer", stdin: `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"a","units":2,"batch_input_shape":[null,3]}},{"class_name":"Fancy","config":{"name":"f"}},{"class_name":"Dense","config":{"name":"b","units":2}}]}`,
			args: []string{"-"}, code: 1, err: `unknown layer class "Fancy"`, noOut: true},
		{name: "allow unknown", stdin: `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"a","units":2,"batch_input_shape":[null,3]}},{"class_name":"Fancy","config":{"name":"f"}},{"class_name":"Dense","config":{"name":"b","units":2}}]}`,
			args: []string{"--allow-unknown", "-"}, out: "?"},
		{name: "version", args: []string{"--version"}, out: version},
		{name: "help", args: []string{"--help"}, out: "Exit codes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, errs)
			}
			if tt.out != "" && !strings.Contains(out, tt.out) {
				t.Errorf("stdout lacks %q:\n%s", tt.out, out)
			}
			if tt.err != "" && !strings.Contains(errs, tt.err) {
				t.Errorf("stderr lacks %q:\n%s", tt.err, errs)
			}
			if tt.noOut && out != "" {
				t.Errorf("stdout not empty on error:\n%s", out)
			}
		})
	}
}

func TestJSONIsValid(t *testing.T) {
	_, out, _ := runCLI(t, "", "-f", "json", seedK1)
	var v struct {
		Schema string `json:"schema"`
		Totals struct {
			Params int64 `json:"params"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Schema != "netsum/v1" || v.Totals.Params != 154798 {
		t.Errorf("got %+v", v)
	}
}

// TestReadFlags: the model-reading flags work the same in summary and
// explain: --dim for ONNX named dims, --input-size for PyTorch code.
func TestReadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"--dim", "batch=2,tokens=7", "../../testdata/onnx/models/encoder.onnx"}, 0, "(2, 5)"},
		{[]string{"--dim", "batch=2", "--dim", "tokens=7", "-f", "json", "../../testdata/onnx/models/encoder.onnx"}, 0, `"output_shape": [2, 5]`},
		{[]string{"--dim", "seq=7", "../../testdata/onnx/models/encoder.onnx"}, 1, ""},
		{[]string{"--dim", "tokens", "../../testdata/onnx/models/encoder.onnx"}, 2, ""},
		{[]string{"explain", "--input-size", "1,1,28,28", "../../testdata/pytorch/seed.py"}, 0, "(5·5·1 + 1)·32 = 832"},
		{[]string{"explain", "--dim", "batch=1,tokens=4", "--layer", "/head/Gemm", "../../testdata/onnx/models/encoder.onnx"}, 0, "(1, 5)"},
		{[]string{"explain", "--input-size", "1,x", "../../testdata/pytorch/seed.py"}, 2, ""},
	} {
		code, out, errs := runCLI(t, "", c.args...)
		if code != c.code || !strings.Contains(out, c.out) {
			t.Errorf("%q: exit %d (want %d)\n%s\n%s", c.args, code, c.code, out, errs)
		}
	}
}

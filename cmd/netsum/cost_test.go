package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCostFlags covers --columns, --batch-size, --dtype, --memory and
// --optimizer.
func TestCostFlags(t *testing.T) {
	seed3 := "../../testdata/keras/seed_keras3.json"
	tests := []struct {
		name string
		args []string
		code int
		out  []string // lines (or line prefixes) expected in stdout
		err  string
	}{
		{name: "memory sgd momentum", args: []string{"--memory", "--optimizer", "sgd-momentum", seedK1}, out: []string{
			"Total params: 154798",
			"  MACs:   3,840,200  3.84 M",
			"  Parameters (float32):       154,798 × 4 B = 619,192 B    604.68 KB",
			"Training step (optimizer sgd-momentum, from --optimizer; SGD with momentum: 1 (velocity)):",
			"  Weights:           154,798 × 4 B (float32) = 619,192 B     604.68 KB",
			"  Gradients:         154,798 trainable × 4 B = 619,192 B     604.68 KB",
			"  Optimizer state:   1 × 619,192 B = 619,192 B               604.68 KB",
			"  Activations kept:  Σ layer outputs at batch 1 = 212,160 B  207.19 KB",
			"  Total:             2,069,736 B                             1.97 MB",
		}},
		{name: "columns", args: []string{"--columns", "params,macs,flops,activations", seed3}, out: []string{
			"Layer (type (var_name):depth-idx)             Param #                   Mult-Adds                 FLOPs                     Activations",
			"├─Conv2D (conv2d): 1-1                        832                       460,800                   940,032                   72.00 KB",
			"├─Conv2D (conv2d_1): 1-4                      51,264                    3,276,800                 6,557,696                 16.00 KB",
			"├─Dense (dense): 1-9                          102,500                   102,400                   204,900                   400.00 B",
			"├─Dense (dense_1): 1-12                       202                       200                       402                       8.00 B",
			"Total mult-adds (M): 3.84",
		}},
		{name: "batch size", args: []string{"--columns", "macs", "--batch-size", "4", seed3}, out: []string{"├─Conv2D (conv2d): 1-1                        1,843,200"}},
		{name: "bad columns", args: []string{"--columns", "params,nope", seedK1}, code: 2, err: "--columns"},
		{name: "bad dtype", args: []string{"--dtype", "int4", seedK1}, code: 2, err: "--dtype"},
		{name: "bad optimizer", args: []string{"--optimizer", "sophia", seedK1}, code: 2, err: "--optimizer"},
		{name: "bad batch", args: []string{"--batch-size", "0", seedK1}, code: 2, err: "--batch-size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.code, errs)
			}
			for _, l := range tc.out {
				if !strings.Contains(out, l) {
					t.Errorf("missing %q in\n%s", l, out)
				}
			}
			if tc.err != "" && !strings.Contains(errs, tc.err) {
				t.Errorf("stderr %q lacks %q", errs, tc.err)
			}
		})
	}
}

// TestCostJSON: JSON carries per-layer MACs, FLOPs and activation bytes
// with formulas, and the totals.
func TestCostJSON(t *testing.T) {
	code, out, errs := runCLI(t, "", "-f", "json", "--optimizer", "sgd-momentum", seedK1)
	if code != 0 {
		t.Fatal(errs)
	}
	var d struct {
		Layers []map[string]any `json:"layers"`
		Totals map[string]any   `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	l := d.Layers[0]
	if l["macs"] != 460800.0 || l["macs_formula"] != "24·24·32 · 5·5·1 = 460,800" || l["flops"] != 940032.0 || l["activation_bytes"] != 73728.0 {
		t.Errorf("layer 0: %v", l)
	}
	tt := d.Totals
	if tt["macs"] != 3840200.0 || tt["peak_activation_bytes"] != 147456.0 {
		t.Errorf("totals %v", tt)
	}
	if pb := tt["param_bytes_by_dtype"].(map[string]any); pb["float32"] != 619192.0 {
		t.Errorf("param bytes %v", pb)
	}
	if tr := tt["training"].(map[string]any); tr["total_bytes"] != 2069736.0 || tr["optimizer_slots"] != 1.0 {
		t.Errorf("training %v", tr)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/netsum/netsum/internal/numfmt"
	"os"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/cost"
	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/render/torchinfo"
	"github.com/netsum/netsum/internal/summary"
)

const recursiveDir = "testdata/recursive/"

// torchinfoOf summarizes PyTorch code as --style torchinfo does, with
// renderer options the CLI does not expose (columns, hidden rows).
func torchinfoOf(t *testing.T, file string, size []int64, opts ...torchinfo.Options) string {
	t.Helper()
	in, err := frontend.ReadInput(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := frontend.Open(in, frontend.Options{InputSize: [][]int64{size}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, o := range opts {
		s := summary.Build(ms[0])
		if err := cost.Annotate(s, cost.Options{Batch: 1, Convention: cost.Torchinfo}); err != nil {
			t.Fatal(err)
		}
		if err := torchinfo.Render(&b, s, o); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

type torchCount struct {
	InputSize []int64 `json:"input_size"`
	Params    int64   `json:"params"`
}

func readTorchCount(t *testing.T, name string) torchCount {
	t.Helper()
	b, err := os.ReadFile(recursiveDir + name + ".torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var c torchCount
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// recursiveOpts are the two summaries tools/oracle/torch/torchinfo_recursive.py
// records: Param % shown, then recursive rows hidden.
var recursiveOpts = []torchinfo.Options{
	{Columns: []torchinfo.Column{torchinfo.OutputSize, torchinfo.NumParams, torchinfo.ParamsPercent}, EnumLabels: true},
	{HideRecursive: true, EnumLabels: true},
}

// TestRecursiveReuse: one Linear and one ReLU called three times in
// forward. torchinfo 1.8.0 (its own output, recorded) marks every later
// call (recursive): "(recursive)" in Param # for the Linear, "--" there but
// "(recursive)" in Param % for the parameter-free ReLU; hide_recursive_layers
// hides both. Byte for byte, and Total params is torch's count.
func TestRecursiveReuse(t *testing.T) {
	c := readTorchCount(t, "reuse")
	got := torchinfoOf(t, recursiveDir+"reuse.py", c.InputSize, recursiveOpts...)
	want, err := os.ReadFile(recursiveDir + "reuse.torchinfo-1.8.0.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("netsum:\n%s\ntorchinfo 1.8.0:\n%s", got, want)
	}
	if !strings.Contains(got, fmt.Sprintf("Total params: %s\n", numfmt.Commas(c.Params))) {
		t.Errorf("Total params is not torch's %d", c.Params)
	}
}

// TestRecursiveShared: one Linear registered in two parents. The rule
// (a module already listed anywhere is recursive) marks it under the second
// parent, and its parameters count once, as torch counts them (243).
// torchinfo master prints exactly these rows; torchinfo 1.8.0 registers the
// shared module's hooks with its last parent only and so nests the rows
// wrongly, inserting the two Blocks again, with Total params 459 (its
// recorded output, shared.torchinfo-1.8.0.txt): netsum departs from it here.
func TestRecursiveShared(t *testing.T) {
	c := readTorchCount(t, "shared")
	got := torchinfoOf(t, recursiveDir+"shared.py", c.InputSize, recursiveOpts...)
	want, err := os.ReadFile(recursiveDir + "shared.torchinfo-master.txt")
	if err != nil {
		t.Fatal(err)
	}
	// master prints the memory lines and mult-adds in other units.
	rowsOnly := func(s string) string {
		var keep []string
		for _, l := range strings.Split(s, "\n") {
			switch {
			case strings.HasPrefix(l, "="), strings.HasPrefix(l, "Total mult-adds"), strings.HasPrefix(l, "Input size"),
				strings.HasPrefix(l, "Forward/backward"), strings.HasPrefix(l, "Params size"), strings.HasPrefix(l, "Estimated"), l == "":
				continue
			}
			keep = append(keep, l)
		}
		return strings.Join(keep, "\n")
	}
	if rowsOnly(got) != rowsOnly(string(want)) {
		t.Errorf("netsum:\n%s\ntorchinfo master:\n%s", rowsOnly(got), rowsOnly(string(want)))
	}
	if !strings.Contains(got, "│    └─Linear: 2-3                       [1, 8]                    (recursive)               (recursive)\n") {
		t.Errorf("the shared Linear is not recursive under the second parent:\n%s", got)
	}
	if !strings.Contains(got, fmt.Sprintf("Total params: %d\n", c.Params)) {
		t.Errorf("Total params is not torch's %d:\n%s", c.Params, got)
	}
	old, err := os.ReadFile(recursiveDir + "shared.torchinfo-1.8.0.txt")
	if err != nil || !strings.Contains(string(old), "Total params: 459\n") {
		t.Errorf("the recorded torchinfo 1.8.0 output changed (%v): update the comment above and docs", err)
	}
	// The JSON and Keras-style totals count it once too.
	_, out, _ := runCLI(t, "", "-f", "json", "--input-size", "1,8", recursiveDir+"shared.py")
	var doc struct {
		Totals struct {
			Params int64 `json:"params"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Totals.Params != c.Params {
		t.Errorf("JSON totals.params %d, torch %d (%v)", doc.Totals.Params, c.Params, err)
	}
}

// TestDepthFlag: --depth is torchinfo's depth (default 3): the seed model
// at depth 0, 1 and 2 as torchinfo 1.8.0 printed it (recorded by
// tools/oracle/torch/torchinfo_rows.py; the CLI labels mult-adds "(M)").
func TestDepthFlag(t *testing.T) {
	seed := "../../testdata/pytorch/seed.py"
	args := []string{"--style", "torchinfo", "--input-size", "1,1,28,28", seed}
	_, def, _ := runCLI(t, "", args...)
	code, three, errOut := runCLI(t, "", append([]string{"--depth", "3"}, args...)...)
	if code != 0 || def != three {
		t.Errorf("--depth 3 is not the default (exit %d, %s)", code, errOut)
	}
	for _, d := range []int{0, 1, 2} {
		want, err := os.ReadFile(fmt.Sprintf("testdata/depth/seed.depth%d.torchinfo-1.8.0.txt", d))
		if err != nil {
			t.Fatal(err)
		}
		w := strings.Replace(string(want), "(Units.MEGABYTES)", "(M)", 1)
		code, got, errOut := runCLI(t, "", append([]string{"--depth", fmt.Sprint(d)}, args...)...)
		if code != 0 || got != w {
			t.Errorf("--depth %d: exit %d %s\nnetsum:\n%s\ntorchinfo 1.8.0:\n%s", d, code, errOut, got, w)
		}
	}
	code, out, errOut := runCLI(t, "", append([]string{"--depth", "-1"}, args...)...)
	if code != 2 || out != "" || !strings.Contains(errOut, "--depth") {
		t.Errorf("--depth -1: exit %d, %q", code, errOut)
	}
	code, out, errOut = runCLI(t, "", "--depth", "1", "--input-size", "1,1,28,28", seed)
	if code != 2 || out != "" || !strings.Contains(errOut, "--style torchinfo") {
		t.Errorf("--depth without --style torchinfo: exit %d, %q", code, errOut)
	}
}

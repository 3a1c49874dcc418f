package torchinfo

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// The golden files are the torchinfo 1.8.0 outputs cited in
// shared/reference/torch-summary.md §1.7, copied verbatim (the all-columns
// table is the cited header and rows framed by its 215-wide dividers and
// the footer the reference says is identical; the no-input table is built
// from the reference's description). They are never regenerated from
// netsum's output.

// mod describes one module call for the test models.
type mod struct {
	class, name string
	in, out     []int64
	params      int64
	frozen      bool
	kernel      []int64
	macs        int64
	recursive   bool
	module      int     // summary.Row.Module (0: not set)
	buffers     []int64 // buffer sizes (BatchNorm running stats)
	sub         []mod
}

func (m mod) row(depth int) summary.Row {
	r := summary.Row{Name: m.name, Class: m.class, Depth: depth, Recursive: m.recursive, Module: m.module, Called: true, ParamsKnown: true}
	if m.in != nil {
		r.InputShapes = []graph.Shape{m.in}
	}
	if m.out != nil {
		r.OutputShapes = []graph.Shape{m.out}
	}
	if m.kernel != nil {
		r.Config = map[string]any{"kernel_size": m.kernel}
	}
	if m.macs > 0 {
		r.Cost = &summary.Cost{MACs: m.macs, MACsKnown: true}
	}
	if len(m.sub) > 0 {
		r.Nested = true
		for _, s := range m.sub {
			sr := s.row(depth + 1)
			r.Sub = append(r.Sub, sr)
			r.Params += sr.Params
			r.Trainable += sr.Trainable
			r.Weights = append(r.Weights, sr.Weights...)
		}
	}
	if m.params > 0 {
		r.Weights = append(r.Weights, summary.Weight{Name: "weight", DType: "float32", Count: m.params, Trainable: !m.frozen})
		r.Params += m.params
		if !m.frozen {
			r.Trainable += m.params
		}
	}
	for _, b := range m.buffers {
		r.Weights = append(r.Weights, summary.Weight{Name: "running_mean", DType: "float32", Count: b, Buffer: true})
		r.Buffers += b
	}
	return r
}

func model(class string, in, out []int64, mods ...mod) *summary.Summary {
	s := &summary.Summary{ModelName: class, ModelClass: class}
	if in != nil {
		s.Inputs = []summary.Input{{Shape: in, DType: "float32"}}
	}
	if out != nil {
		s.Outputs = []summary.Input{{Shape: out, DType: "float32"}}
	}
	for _, m := range mods {
		r := m.row(0)
		s.Rows = append(s.Rows, r)
		s.Totals.Params += r.Params
		s.Totals.Trainable += r.Trainable
	}
	s.Totals.NonTrainable = s.Totals.Params - s.Totals.Trainable
	return s
}

func shape(d ...int64) []int64 { return d }

func tiny(withInput bool) *summary.Summary {
	in, out := shape(1, 3, 32, 32), shape(1, 10)
	if !withInput {
		in, out = nil, nil
	}
	return model("Tiny", in, out,
		mod{class: "Conv2d", name: "conv", in: shape(1, 3, 32, 32), out: shape(1, 8, 30, 30), params: 224, kernel: shape(3, 3), macs: 201600},
		mod{class: "ReLU", name: "relu", in: shape(1, 8, 30, 30), out: shape(1, 8, 30, 30)},
		mod{class: "Linear", name: "fc", in: shape(1, 7200), out: shape(1, 10), params: 72010, macs: 72010},
	)
}

// net is §1.7's containers/frozen/depth example at input (2, 3, 8, 8).
func net() *summary.Summary {
	o := shape(2, 4, 8, 8)
	return model("Net", shape(2, 3, 8, 8), shape(2, 5),
		mod{class: "Sequential", name: "seq", out: o, sub: []mod{
			{class: "Block", name: "0", out: o, params: 4, sub: []mod{
				{class: "Conv2d", name: "conv", out: o, params: 108, kernel: shape(3, 3), macs: 13824},
				{class: "BatchNorm2d", name: "bn", out: o, params: 8, macs: 16, buffers: []int64{4, 4, 1}},
			}},
			{class: "ReLU", name: "1", out: o},
		}},
		mod{class: "Linear", name: "fc", out: shape(2, 5), params: 1285, frozen: true, macs: 2570},
	)
}

func resnet18() *summary.Summary {
	conv := func(name string, in, out, k, hw int64) mod {
		p := in * out * k * k
		return mod{class: "Conv2d", name: name, out: shape(1, out, hw, hw), params: p, kernel: shape(k, k), macs: p * hw * hw}
	}
	bn := func(name string, c, hw int64) mod {
		return mod{class: "BatchNorm2d", name: name, out: shape(1, c, hw, hw), params: 2 * c, macs: 2 * c, buffers: []int64{c, c, 1}}
	}
	relu := func(c, hw int64, rec bool) mod {
		return mod{class: "ReLU", name: "relu", out: shape(1, c, hw, hw), recursive: rec}
	}
	block := func(name string, in, out, hw int64, down bool) mod {
		b := mod{class: "BasicBlock", name: name, out: shape(1, out, hw, hw), sub: []mod{
			conv("conv1", in, out, 3, hw), bn("bn1", out, hw), relu(out, hw, false),
			conv("conv2", out, out, 3, hw), bn("bn2", out, hw),
		}}
		if down {
			b.sub = append(b.sub, mod{class: "Sequential", name: "downsample", out: shape(1, out, hw, hw), sub: []mod{
				conv("0", in, out, 1, hw), bn("1", out, hw)}})
		}
		b.sub = append(b.sub, relu(out, hw, true))
		return b
	}
	layer := func(name string, in, out, hw int64) mod {
		return mod{class: "Sequential", name: name, out: shape(1, out, hw, hw), sub: []mod{
			block("0", in, out, hw, in != out), block("1", out, out, hw, false)}}
	}
	return model("ResNet", shape(1, 3, 224, 224), shape(1, 1000),
		conv("conv1", 3, 64, 7, 112), bn("bn1", 64, 112), relu(64, 112, false),
		mod{class: "MaxPool2d", name: "maxpool", out: shape(1, 64, 56, 56)},
		layer("layer1", 64, 64, 56), layer("layer2", 64, 128, 28), layer("layer3", 128, 256, 14), layer("layer4", 256, 512, 7),
		mod{class: "AdaptiveAvgPool2d", name: "avgpool", out: shape(1, 512, 1, 1)},
		mod{class: "Linear", name: "fc", out: shape(1, 1000), params: 513000, macs: 513000},
	)
}

func render(t *testing.T, s *summary.Summary, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, s, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func compare(t *testing.T, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("line %d differs:\n got %q\nwant %q", i+1, g, w)
			break
		}
	}
	t.Logf("got:\n%s", got)
}

func TestGolden(t *testing.T) {
	all := []Column{InputSize, OutputSize, NumParams, ParamsPercent, KernelSize, MultAdds, Trainable}
	for _, c := range []struct {
		golden string
		s      *summary.Summary
		opt    Options
	}{
		{"tiny.golden", tiny(true), Options{}},
		{"tiny_all_columns.golden", tiny(true), Options{Columns: all}},
		{"tiny_no_input.golden", tiny(false), Options{}},
		{"resnet18.golden", resnet18(), Options{}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			compare(t, render(t, c.s, c.opt), golden(t, c.golden))
		})
	}
}

// TestNetRows checks the rows of §1.7's container example (the reference
// cites the rows only) and its depth=1 variant.
func TestNetRows(t *testing.T) {
	cols := []Column{OutputSize, NumParams, MultAdds, Trainable}
	out := render(t, net(), Options{Columns: cols})
	lines := strings.Split(out, "\n")
	if lines[0] != strings.Repeat("=", 140) {
		t.Errorf("divider is %d wide, want 140", len(lines[0]))
	}
	var rows []string
	for _, l := range lines[3:] {
		if strings.HasPrefix(l, "=") {
			break
		}
		rows = append(rows, l)
	}
	compare(t, strings.Join(rows, "\n")+"\n", golden(t, "net_rows.golden"))
	if !strings.Contains(out, "Total params: 1,405\nTrainable params: 120\nNon-trainable params: 1,285\n") {
		t.Errorf("totals:\n%s", out)
	}

	d1 := render(t, net(), Options{Columns: cols, Depth: 1})
	want := "├─Sequential: 1-1                        [2, 4, 8, 8]              120                       13,840                    True\n"
	if !strings.Contains(d1, want) {
		t.Errorf("depth=1: no row %q in\n%s", want, d1)
	}
}

func TestUnitsLabel(t *testing.T) {
	out := render(t, resnet18(), Options{EnumLabels: true})
	if !strings.Contains(out, "Total mult-adds (Units.GIGABYTES): 1.81\n") {
		t.Errorf("Python 3.11 label missing:\n%s", out)
	}
	p := &printer{}
	for n, want := range map[int64]string{0: " (M): 0", 3_000_000: " (M): 3", 20: " (M): 0.00", 999_999_999: " (M): 1,000.00", 1_814_073_344: " (G): 1.81", 2e12: " (T): 2"} {
		if got := p.macsString(n); got != want {
			t.Errorf("macsString(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestRecursiveAndASCII(t *testing.T) {
	lin := mod{class: "Linear", name: "fc", out: shape(1, 4), params: 20, macs: 20}
	rec := lin
	rec.recursive = true
	relu := mod{class: "ReLU", name: "act", out: shape(1, 4)}
	relu2 := relu
	relu2.recursive = true
	s := model("Loop", shape(1, 4), shape(1, 4), lin, relu, rec, relu2)
	s.Totals.Params, s.Totals.Trainable = 20, 20
	out := render(t, s, Options{ASCII: true, VarNames: true})
	for _, want := range []string{
		"Layer (type (var_name):depth-idx)        Output Shape              Param #\n",
		"Loop (Loop)                              [1, 4]                    --\n",
		"+ Linear (fc): 1-1                       [1, 4]                    20\n",
		"+ Linear (fc): 1-3                       [1, 4]                    (recursive)\n",
		"+ ReLU (act): 1-4                        [1, 4]                    --\n",
		"Total params: 20\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// TestSharedModule: a Linear registered in two Blocks is recursive under
// the second; its parameters leave that Block's leftover and count once in
// the totals (torch: 243), as torchinfo master prints it (torchinfo 1.8.0
// misplaces the rows: cmd/netsum/recursive_test.go). A module called twice
// in one parent is unchanged: counted at its first row.
func TestSharedModule(t *testing.T) {
	lin := mod{class: "Linear", name: "a.shared", in: shape(1, 8), out: shape(1, 8), params: 72, module: 2}
	again := lin
	again.recursive = true
	s := model("Shared", shape(1, 8), shape(1, 3),
		mod{class: "Block", name: "a", in: shape(1, 8), out: shape(1, 8), module: 1, sub: []mod{
			lin,
			{class: "Linear", name: "a.own", in: shape(1, 8), out: shape(1, 8), params: 72, module: 3}}},
		mod{class: "Block", name: "b", in: shape(1, 8), out: shape(1, 8), module: 4, sub: []mod{
			again,
			{class: "Linear", name: "b.own", in: shape(1, 8), out: shape(1, 8), params: 72, module: 5}}},
		mod{class: "Linear", name: "head", in: shape(1, 8), out: shape(1, 3), params: 27, module: 6})
	s.Totals.Params, s.Totals.Trainable = 243, 243
	got := render(t, s, Options{Columns: []Column{OutputSize, NumParams, ParamsPercent}})
	for _, want := range []string{
		"├─Block: 1-2                             [1, 8]                    --                             --\n",
		"│    └─Linear: 2-3                       [1, 8]                    (recursive)               (recursive)\n",
		"│    └─Linear: 2-4                       [1, 8]                    72                         29.63%\n",
		"Total params: 243\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
}

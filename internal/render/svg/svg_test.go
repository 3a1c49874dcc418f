package svg

import (
	"bytes"
	"context"
	"fmt"
	"github.com/netsum/netsum/internal/render/svg/svgtest"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

func load(t testing.TB, path, model string) *summary.Summary {
	t.Helper()
	in, err := frontend.ReadInput(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := frontend.Open(in, frontend.Options{ModelName: model})
	if err != nil {
		t.Fatal(err)
	}
	return summary.Build(ms[0])
}

// resnet builds the summary of a residual network with blocks of k layers
// and a skip connection around each, n layers in all; every fifth block
// has two branches (inception-like).
func resnet(n int) *summary.Summary {
	s := &summary.Summary{ModelName: "synthetic", ModelClass: "Functional"}
	shape := graph.Shape{-1, 56, 56, 64}
	add := func(name, class string, in ...string) {
		r := summary.Row{Name: name, Class: class, Called: true, ParamsKnown: true, OutputShapes: []graph.Shape{shape}, Inbound: in}
		for _, i := range in {
			r.Links = append(r.Links, summary.Link{Layer: i, Shape: shape})
		}
		s.Rows = append(s.Rows, r)
	}
	add("input", "InputLayer")
	prev := "input"
	for b := 0; len(s.Rows) < n; b++ {
		start := prev
		for k := 0; k < 3; k++ {
			name := fmt.Sprintf("block%d_conv%d", b, k)
			add(name, "Conv2D", prev)
			prev = name
			add(name+"_bn", "BatchNormalization", prev)
			prev = name + "_bn"
		}
		if b%5 == 4 {
			add(fmt.Sprintf("block%d_side", b), "Conv2D", start)
			add(fmt.Sprintf("block%d_add", b), "Add", prev, start, fmt.Sprintf("block%d_side", b))
		} else {
			add(fmt.Sprintf("block%d_add", b), "Add", prev, start)
		}
		prev = fmt.Sprintf("block%d_add", b)
	}
	return s
}

type rect = svgtest.Box

// parse reads back the boxes of a rendered diagram (svgtest.Parse).
func parse(t *testing.T, b []byte) (map[string]rect, int) {
	t.Helper()
	nodes, edges, err := svgtest.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return nodes, edges
}

// checkNoOverlap fails if two boxes that are not nested overlap.
func checkNoOverlap(t *testing.T, nodes map[string]rect) {
	t.Helper()
	if o := svgtest.Overlap(nodes); o != "" {
		t.Errorf("boxes overlap: %s", o)
	}
}

func render(t *testing.T, s *summary.Summary, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, s, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSeed(t *testing.T) {
	s := load(t, "../../../testdata/keras/seed_keras1.json", "")
	out := render(t, s, Options{})
	nodes, edges := parse(t, out)
	if len(nodes) != len(s.Rows) || edges != len(s.Rows)-1 {
		t.Errorf("%d boxes, %d edges; want %d, %d", len(nodes), edges, len(s.Rows), len(s.Rows)-1)
	}
	checkNoOverlap(t, nodes)
	for _, want := range []string{"convolution2d_2", "Convolution2D", "(None, 8, 8, 64)", "51,264 params", "154,798 params", `class="edge-label"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("diagram lacks %q", want)
		}
	}
	// A chain is drawn straight down.
	x := nodes[s.Rows[0].Name].X + nodes[s.Rows[0].Name].W/2
	for _, r := range s.Rows {
		n := nodes[r.Name]
		if c := n.X + n.W/2; c != x {
			t.Errorf("%s centred at %g, want %g (a straight chain)", r.Name, c, x)
		}
	}
	if !bytes.Equal(out, render(t, s, Options{})) {
		t.Error("two renderings differ")
	}
	for _, bad := range []string{"style=", "<style", "<script", "href=\"http"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("diagram contains %q (it must work under a strict CSP)", bad)
		}
	}
	writeArtifact(t, "seed.svg", out)
}

func TestNested(t *testing.T) {
	for _, f := range []string{"nested_three_levels", "nested_shared_submodel", "nested_multi_input_submodel", "nested_multi_output_submodel"} {
		t.Run(f, func(t *testing.T) {
			s := load(t, "../../../testdata/tfjs/"+f+".json", "")
			flat, _ := parse(t, render(t, s, Options{}))
			if len(flat) != len(s.Rows) {
				t.Errorf("collapsed: %d boxes for %d rows", len(flat), len(s.Rows))
			}
			out := render(t, s, Options{ExpandNested: true, IDPrefix: "x"})
			nodes, _ := parse(t, out)
			if len(nodes) != countRows(s.Rows) {
				t.Errorf("expanded: %d boxes for %d rows", len(nodes), countRows(s.Rows))
			}
			checkNoOverlap(t, nodes)
			// Nested boxes lie inside their group.
			for name, r := range nodes {
				i := strings.LastIndex(name, "/")
				if i < 0 {
					continue
				}
				p := nodes[name[:i]]
				if r.X < p.X || r.Y < p.Y || r.X+r.W > p.X+p.W || r.Y+r.H > p.Y+p.H {
					t.Errorf("%s %v lies outside its group %v", name, r, p)
				}
			}
			if !bytes.Contains(out, []byte(`class="group"`)) || !bytes.Contains(out, []byte(`marker-end="url(#x-arrow)"`)) {
				t.Error("no group or id prefix")
			}
			writeArtifact(t, f+".svg", out)
		})
	}
}

func TestONNXModules(t *testing.T) {
	s := load(t, "../../../testdata/onnx/models/resnet18.onnx", "modules")
	out := render(t, s, Options{ExpandNested: true})
	nodes, _ := parse(t, out)
	checkNoOverlap(t, nodes)
	if len(nodes) != countRows(s.Rows) {
		t.Errorf("%d boxes for %d rows", len(nodes), countRows(s.Rows))
	}
	writeArtifact(t, "resnet18_modules.svg", out)
}

func TestBig(t *testing.T) {
	for _, n := range []int{500, 2000} {
		s := resnet(n)
		start := time.Now()
		out := render(t, s, Options{})
		el := time.Since(start)
		t.Logf("%d layers: %v, %d KB", len(s.Rows), el, len(out)>>10)
		nodes, edges := parse(t, out)
		if len(nodes) != len(s.Rows) || edges == 0 {
			t.Errorf("%d boxes for %d rows, %d edges", len(nodes), len(s.Rows), edges)
		}
		if n <= 500 {
			checkNoOverlap(t, nodes)
			writeArtifact(t, "synthetic_500.svg", out)
		}
		if el > 5*time.Second {
			t.Errorf("%d layers took %v", n, el)
		}
	}
}

func TestRandomDAGs(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for it := 0; it < 30; it++ {
		n := 2 + rng.Intn(60)
		s := &summary.Summary{ModelName: "random"}
		for i := 0; i < n; i++ {
			r := summary.Row{Name: fmt.Sprintf("l%d", i), Class: []string{"Dense", "Conv2D", "Add", "ReLU"}[rng.Intn(4)], ParamsKnown: true}
			for k := rng.Intn(3); k > 0 && i > 0; k-- {
				r.Inbound = append(r.Inbound, fmt.Sprintf("l%d", rng.Intn(n))) // may point forward: cycles
			}
			s.Rows = append(s.Rows, r)
		}
		nodes, _ := parse(t, render(t, s, Options{}))
		if len(nodes) != n {
			t.Fatalf("%d boxes for %d rows", len(nodes), n)
		}
		checkNoOverlap(t, nodes)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Render(io.Discard, resnet(100), Options{Context: ctx}); err == nil {
		t.Error("no error from a cancelled context")
	}
}

func TestEscaping(t *testing.T) {
	s := &summary.Summary{ModelName: `<script>"&'`, Rows: []summary.Row{
		{Name: "a<b>&\"c'\x00\x1b", Class: "</text><script>alert(1)</script>", ParamsKnown: true},
		{Name: "x", Class: "Dense", Inbound: []string{"a<b>&\"c'\x00\x1b"}, ParamsKnown: true},
	}}
	out := render(t, s, Options{})
	nodes, edges := parse(t, out) // well-formed XML
	if len(nodes) != 2 || edges != 1 || bytes.Contains(out, []byte("<script")) {
		t.Errorf("escaping: %d nodes, %d edges\n%s", len(nodes), edges, out)
	}
}

func TestFamily(t *testing.T) {
	for class, want := range map[string]Family{
		"Conv2D": FamConv, "Convolution2D": FamConv, "Conv": FamConv, "ConvLSTM2D": FamRecurrent, "Conv2d": FamConv,
		"Dense": FamDense, "Gemm": FamDense, "Linear": FamDense, "MaxPooling2D": FamPooling, "GlobalAveragePool": FamPooling,
		"BatchNormalization": FamNormalization, "Relu": FamActivation, "Activation": FamActivation, "LeakyReLU": FamActivation,
		"Add": FamMerge, "Concatenate": FamMerge, "Flatten": FamReshape, "Dropout": FamRegularization, "LSTM": FamRecurrent,
		"Bidirectional": FamRecurrent, "Embedding": FamEmbedding, "MultiHeadAttention": FamAttention, "InputLayer": FamInput,
		"Rescaling": FamPreprocessing, "Frobnicate": FamOther,
	} {
		if got := FamilyOf(class, false); got != want {
			t.Errorf("FamilyOf(%q) = %s, want %s", class, got, want)
		}
	}
}

// writeArtifact keeps a rendering in $NETSUM_ARTIFACTS when set.
func writeArtifact(t *testing.T, name string, b []byte) {
	dir := os.Getenv("NETSUM_ARTIFACTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

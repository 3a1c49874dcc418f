package pytorch

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	_ "github.com/netsum/netsum/internal/pykeras" // numpy, linked into the CLI too (maxvit uses np.linspace)
	"github.com/netsum/netsum/internal/summary"
)

// tvDir is Debian's torchvision (python3-torchvision); the model sources
// are read from there, never copied.
const tvDir = "/usr/lib/python3/dist-packages"

type expected struct {
	Params    int64   `json:"params"`
	Buffers   int64   `json:"buffers"`
	InputSize []int64 `json:"input_size"`
	Output    []int64 `json:"output"`
	Calls     []call  `json:"calls"`
}

// call is one module call as the hooks saw it.
type call struct {
	Name   string  `json:"name"`
	Class  string  `json:"class"`
	Depth  int     `json:"depth"`
	Output []int64 `json:"output"`
}

type flatRow struct {
	name, class string
	depth       int
	out         graph.Shape
}

func flatten(rows []summary.Row, depth int, out *[]flatRow) {
	for _, r := range rows {
		d := depth
		if r.Called {
			var s graph.Shape
			if len(r.OutputShapes) > 0 {
				s = r.OutputShapes[0]
			}
			*out = append(*out, flatRow{r.Name, r.Class, depth, s})
			d++
		}
		// a container forward never calls (a ModuleList) is no level of
		// torch's hook stack
		flatten(r.Sub, d, out)
	}
}

// compareCalls compares the called rows of s, in order, with the module
// calls the hooks recorded (name, class, depth, output shape); it stops at
// the first difference and returns how many rows matched.
func compareCalls(t *testing.T, s *summary.Summary, want []call) int {
	t.Helper()
	var rows []flatRow
	flatten(s.Rows, 1, &rows)
	if len(rows) != len(want) {
		t.Errorf("%d calls, torch %d", len(rows), len(want))
	}
	for i := 0; i < len(rows) && i < len(want); i++ {
		w, g := want[i], rows[i]
		if g.name != w.Name || g.class != w.Class || g.depth != w.Depth || !g.out.Equal(w.Output) {
			t.Errorf("call %d: %s %s depth %d %v; torch: %s %s depth %d %v", i, g.name, g.class, g.depth, g.out, w.Name, w.Class, w.Depth, w.Output)
			return i
		}
	}
	return min(len(rows), len(want))
}

// TestTorchvision runs torchvision's own model code and compares with
// what torch reports (tools/oracle/torch/hooks.py): parameter and buffer
// totals, and every module call's name, class, depth and output shape.
func TestTorchvision(t *testing.T) {
	if _, err := os.Stat(filepath.Join(tvDir, "torchvision/models/resnet.py")); err != nil {
		t.Skip("python3-torchvision is not installed")
	}
	for _, name := range []string{"resnet18", "resnet50", "vgg16", "alexnet", "squeezenet1_0", "densenet121", "mobilenet_v2",
		"mobilenet_v3_small", "efficientnet_b0", "shufflenet_v2_x1_0", "mnasnet0_5", "googlenet", "convnext_tiny", "vit_b_16",
		"regnet_y_400mf", "regnet_x_400mf", "regnet_y_800mf", "resnext50_32x4d", "wide_resnet50_2", "resnet34", "vgg11_bn",
		"mobilenet_v3_large", "efficientnet_b1", "efficientnet_v2_s", "shufflenet_v2_x0_5", "mnasnet1_0", "densenet161",
		"squeezenet1_1", "inception_v3", "swin_t", "maxvit_t", "vit_b_32", "convnext_small",
		"swin_v2_t", "swin_s", "swin_v2_s", "regnet_x_800mf", "regnet_y_1_6gf", "regnet_x_1_6gf", "regnet_y_3_2gf", "regnet_x_3_2gf",
		"regnet_y_8gf", "resnet101", "resnet152", "vgg13_bn", "vgg19", "densenet169", "densenet201", "efficientnet_b3",
		"efficientnet_v2_m", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0", "mnasnet0_75", "mnasnet1_3", "convnext_base",
		"resnext101_64x4d", "resnext101_32x8d", "wide_resnet101_2", "efficientnet_b2", "efficientnet_b7", "efficientnet_v2_l",
		"regnet_y_16gf", "regnet_x_8gf", "regnet_x_16gf", "regnet_y_32gf", "regnet_x_32gf", "swin_b", "swin_v2_b", "vit_l_32",
		"vgg11", "vgg13", "vgg16_bn", "vgg19_bn"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("../../testdata/pytorch", name+".expected.json"))
			if err != nil {
				t.Fatal(err)
			}
			var want expected
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			src := fmt.Sprintf("import torchvision\nmodel = torchvision.models.%s(weights=None)\n", name)
			ms, err := Open("model.py", []byte(src), Options{SearchPaths: []string{tvDir}, InputSize: want.InputSize})
			if err != nil {
				t.Fatal(err)
			}
			s := summary.Build(ms[0])
			if s.Totals.Params != want.Params || s.Totals.Buffers != want.Buffers {
				t.Errorf("params %d buffers %d, torch: %d %d", s.Totals.Params, s.Totals.Buffers, want.Params, want.Buffers)
			}
			if got := s.Outputs[0].Shape; !got.Equal(want.Output) {
				t.Errorf("output %v, torch %v", got, want.Output)
			}
			compareCalls(t, s, want.Calls)
		})
	}
}

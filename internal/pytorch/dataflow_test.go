package pytorch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/netsum/netsum/internal/render/svg/svgtest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/render/svg"
	"github.com/netsum/netsum/internal/summary"
)

// dfRow is one row of a summary with its dataflow, by path.
type dfRow struct {
	connected, inbound []string
}

func dfRows(rows []summary.Row, prefix string, out map[string]dfRow) {
	for _, r := range rows {
		p := r.Name
		if prefix != "" {
			p = prefix + "/" + r.Name
		}
		for i := 2; ; i++ {
			if _, dup := out[p]; !dup {
				break
			}
			p = fmt.Sprintf("%s#%d", strings.TrimSuffix(p, fmt.Sprintf("#%d", i-1)), i)
		}
		out[p] = dfRow{r.Connected, r.Inbound}
		dfRows(r.Sub, p, out)
	}
}

func openScript(t *testing.T, src string, input ...int64) *summary.Summary {
	t.Helper()
	ms, err := Open("model.py", []byte(src), Options{InputSize: input})
	if err != nil {
		t.Fatal(err)
	}
	return summary.Build(ms[0])
}

// TestDataflow checks the edges of small modules: rows are named by their
// path through nested models ("blk/conv1"; a second row of the same name
// gets "#2"), each with its Connected entries.
func TestDataflow(t *testing.T) {
	head := "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
	for _, tc := range []struct {
		name, src string
		want      map[string][]string
	}{
		{"chain", `
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 8)
        self.b = nn.ReLU()
        self.c = nn.Linear(8, 2)
    def forward(self, x):
        return self.c(self.b(self.a(x)))
model = Net()
`, map[string][]string{"a": nil, "b": {"a[0][0]"}, "c": {"b[0][0]"}}},
		{"residual", `
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 3, 3, padding=1)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(3, 3, 3, padding=1)
    def forward(self, x):
        out = self.conv2(self.relu(self.conv1(x))) + x
        return out
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 3, 1)
        self.blk = Block()
        self.head = nn.ReLU()
    def forward(self, x):
        y = self.stem(x)
        z = self.blk(y)
        return self.head(z + y)
model = Net()
`, map[string][]string{"stem": nil, "blk": {"stem[0][0]"}, "blk/blk.conv1": nil, "blk/blk.relu": {"blk.conv1[0][0]"},
			"blk/blk.conv2": {"blk.relu[0][0]"}, "head": {"blk[0][0]", "stem[0][0]"}}},
		{"cat", `
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 1)
        self.b = nn.Conv2d(3, 5, 1)
        self.c = nn.Conv2d(9, 2, 1)
    def forward(self, x):
        y = torch.cat([self.a(x), F.relu(self.b(x))], dim=1)
        return self.c(y.view(1, 9, 8, 8))
model = Net()
`, map[string][]string{"a": nil, "b": nil, "c": {"a[0][0]", "b[0][0]"}}},
		{"reused", `
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.act = nn.Tanh()
    def forward(self, x):
        x = self.fc(x)
        x = self.act(x)
        x = self.fc(x)
        return self.act(x)
model = Net()
`, map[string][]string{"fc": nil, "act": {"fc[0][0]"}, "fc#2": {"act[0][0]"}, "act#2": {"fc[0][0]"}}},
		{"nested", `
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Sequential(nn.Conv2d(4, 4, 3), nn.ReLU()))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4, 2)
    def forward(self, x):
        x = self.pool(self.features(x))
        return self.fc(torch.flatten(x, 1))
model = Net()
`, map[string][]string{"features": nil, "features/features.0": nil, "features/features.1": {"features.0[0][0]"},
			"features/features.2": {"features.1[0][0]"}, "features/features.2/features.2.0": nil,
			"features/features.2/features.2.1": {"features.2.0[0][0]"}, "pool": {"features[0][0]"}, "fc": {"pool[0][0]"}}},
		{"modulelist", `
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Linear(4, 4)
        self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])
        self.head = nn.Linear(4, 2)
    def forward(self, x):
        x = self.stem(x)
        for b in self.blocks:
            x = b(x)
        return self.head(x)
model = Net()
`, map[string][]string{"stem": nil, "blocks": nil, "blocks/blocks.0": nil, "blocks/blocks.1": {"blocks.0[0][0]"},
			"head": {"blocks[0][0]"}}},
		{"inplace", `
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 3, 1)
        self.b = nn.Conv2d(3, 3, 1)
        self.relu = nn.ReLU(inplace=True)
    def forward(self, x):
        out = self.a(x)
        out += self.b(x)
        out[:, 0] = 0
        return self.relu(out)
model = Net()
`, map[string][]string{"a": nil, "b": nil, "relu": {"a[0][0]", "b[0][0]"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			input := []int64{1, 4}
			if strings.Contains(tc.src, "Conv2d") {
				input = []int64{1, 3, 8, 8}
			}
			s := openScript(t, head+tc.src, input...)
			got := map[string]dfRow{}
			dfRows(s.Rows, "", got)
			for p, want := range tc.want {
				g, ok := got[p]
				if !ok {
					t.Errorf("no row %s (rows: %v)", p, keys(got))
					continue
				}
				if !slices.Equal(g.connected, want) {
					t.Errorf("%s: connected to %q, want %q", p, g.connected, want)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("rows %v, want %d", keys(got), len(tc.want))
			}
		})
	}
}

func keys(m map[string]dfRow) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestDataflowTruncated checks the bound on producers per tensor.
func TestDataflowTruncated(t *testing.T) {
	var ts []*Tensor
	for i := 0; i < 20; i++ {
		x := newTensor([]int64{1}, "")
		dfExit(&callNode{}, x)
		ts = append(ts, x)
	}
	u := union(ts)
	if len(u.p) != maxProducers || !u.trunc {
		t.Errorf("%d producers, truncated %v", len(u.p), u.trunc)
	}
	if u.p[0].call != ts[0].from.p[0].call {
		t.Error("not the first producers kept")
	}
	if v := union(ts[:1]); v != ts[0].from || v.trunc {
		t.Error("one producer: not shared")
	}
	ms, err := Open("model.py", []byte(`import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.branches = nn.ModuleList([nn.Linear(4, 4) for _ in range(20)])
        self.head = nn.Linear(4, 2)
    def forward(self, x):
        y = self.branches[0](x)
        for b in self.branches[1:]:
            y = y + b(x)
        return self.head(y)
model = Net()
`), Options{InputSize: []int64{1, 4}})
	if err != nil {
		t.Fatal(err)
	}
	s := summary.Build(ms[0])
	head := s.Rows[len(s.Rows)-1]
	if head.Name != "head" || len(head.Connected) != 1 || head.Connected[0] != "branches[0][0]" {
		t.Errorf("%s connected to %q", head.Name, head.Connected)
	}
	var sub []string
	for _, r := range s.Rows[0].Sub {
		sub = append(sub, r.Name)
	}
	if len(sub) != 20 {
		t.Errorf("branches: %q", sub)
	}
	if len(ms[0].Warnings) != 1 || !strings.Contains(ms[0].Warnings[0].Msg, "more than 16") {
		t.Errorf("warnings %v", ms[0].Warnings)
	}
}

// dfFixture is what tools/oracle/torch/dataflow.py records.
type dfFixture struct {
	Model     string  `json:"model"`
	InputSize []int64 `json:"input_size"`
	Via       string  `json:"via"`
	Calls     []struct {
		Name   string     `json:"name"`
		Class  string     `json:"class"`
		Parent int        `json:"parent"`
		Inputs [][][2]int `json:"inputs"`
	} `json:"calls"`
}

// calledRows lists the rows that are module calls, in call order (the
// order torch's hooks see them), and the row each row is nested in.
func calledRows(rows []summary.Row, parent *summary.Row, out *[]*summary.Row, parents map[*summary.Row]*summary.Row) {
	for i := range rows {
		r := &rows[i]
		parents[r] = parent
		if r.Called {
			*out = append(*out, r)
		}
		calledRows(r.Sub, r, out, parents)
	}
}

// TestDataflowTorchvision compares the edges with the dataflow torch
// itself has (tools/oracle/torch/dataflow.py, torch.fx or real execution):
// each producer call's row is lifted to the consumer's level (the row
// beside the consumer's that contains it, a container forward never
// calls included; none when the producer is outside, a nested model's
// input), and each row's inbound rows must be those, in the same order.
// The rows and their nesting are the ones TestTorchvision checks against
// torch's hooks.
func TestDataflowTorchvision(t *testing.T) {
	if _, err := os.Stat(filepath.Join(tvDir, "torchvision/models/resnet.py")); err != nil {
		t.Skip("python3-torchvision is not installed")
	}
	files, err := filepath.Glob("../../testdata/pytorch/dataflow/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var want dfFixture
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		t.Run(want.Model, func(t *testing.T) {
			src := fmt.Sprintf("import torchvision\nmodel = torchvision.models.%s(weights=None)\n", want.Model)
			ms, err := Open("model.py", []byte(src), Options{SearchPaths: []string{tvDir}, InputSize: want.InputSize})
			if err != nil {
				t.Fatal(err)
			}
			s := summary.Build(ms[0])
			var rows []*summary.Row
			parents := map[*summary.Row]*summary.Row{}
			calledRows(s.Rows, nil, &rows, parents)
			if len(rows) != len(want.Calls) {
				t.Fatalf("%d calls, torch %d", len(rows), len(want.Calls))
			}
			edges, bad := 0, 0
			for i, c := range want.Calls {
				r := rows[i]
				if r.Name != c.Name {
					t.Fatalf("call %d: %s, torch %s", i, r.Name, c.Name)
				}
				var inbound []string
				for _, arg := range c.Inputs {
					for _, p := range arg {
						from := rows[p[0]]
						for from != nil && parents[from] != parents[r] {
							from = parents[from]
						}
						if from == nil || from == r {
							continue
						}
						if !slices.Contains(inbound, from.Name) {
							inbound = append(inbound, from.Name)
						}
					}
				}
				edges += len(inbound)
				if !slices.Equal(r.Inbound, inbound) {
					bad++
					if bad <= 5 {
						t.Errorf("call %d %s: inbound %q, torch %q", i, c.Name, r.Inbound, inbound)
					}
				}
			}
			t.Logf("%s: %d calls, %d inbound edges compared (%s), %d differ", want.Model, len(rows), edges, want.Via, bad)
		})
	}
}

// TestDataflowSVG draws resnet18: its boxes are connected, and none
// overlap.
func TestDataflowSVG(t *testing.T) {
	if _, err := os.Stat(filepath.Join(tvDir, "torchvision/models/resnet.py")); err != nil {
		t.Skip("python3-torchvision is not installed")
	}
	ms, err := Open("model.py", []byte("import torchvision\nmodel = torchvision.models.resnet18(weights=None)\n"),
		Options{SearchPaths: []string{tvDir}, InputSize: []int64{1, 3, 224, 224}})
	if err != nil {
		t.Fatal(err)
	}
	s := summary.Build(ms[0])
	for _, expand := range []bool{false, true} {
		var b bytes.Buffer
		if err := svg.Render(&b, s, svg.Options{ExpandNested: expand}); err != nil {
			t.Fatal(err)
		}
		boxes, edges, err := svgtest.Parse(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		// top level: conv1 → bn1 → relu → maxpool → layer1..4 → avgpool →
		// fc, 9 edges; expanded, each of the 8 BasicBlocks has conv1 → bn1
		// → relu → conv2 → bn2 → relu (5 edges, relu twice: bn2 and the
		// shortcut are one relu row's inputs), 3 blocks have a downsample
		// (its edge into relu, and its conv → bn inside), and each layer
		// chains its 2 blocks.
		want := 9
		if expand {
			want += 8*5 + 3*2 + 4*1
		}
		if edges != want {
			t.Errorf("expand %v: %d edges, want %d", expand, edges, want)
		}
		checkBoxes(t, boxes)
	}
}

// checkBoxes fails if two boxes that are not nested overlap, or if the
// boxes of a level are all in one row.
func checkBoxes(t *testing.T, nodes map[string]svgtest.Box) {
	t.Helper()
	ys := map[float64]bool{}
	for n, r := range nodes {
		if !strings.Contains(n, "/") {
			ys[r.Y] = true
		}
	}
	if len(ys) < 2 {
		t.Errorf("the top-level boxes are all in one row")
	}
	if o := svgtest.Overlap(nodes); o != "" {
		t.Errorf("boxes overlap: %s", o)
	}
}

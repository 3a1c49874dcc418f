package weightcheck

import (
	"reflect"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func w(shape ...int64) *graph.Weight {
	return &graph.Weight{Shape: shape, DType: "float32", Trainable: true}
}

func buf(dtype string, shape ...int64) *graph.Weight {
	return &graph.Weight{Shape: shape, DType: dtype, Buffer: true}
}

func mod(class string, state []graph.StateEntry, children ...graph.TorchChild) *graph.TorchModule {
	return &graph.TorchModule{Class: class, State: state, Children: children}
}

func linear(in, out int64) *graph.TorchModule {
	return mod("Linear", []graph.StateEntry{{Name: "weight", Weight: w(out, in)}, {Name: "bias", Weight: w(out)}})
}

func bn(n int64) *graph.TorchModule {
	return mod("BatchNorm1d", []graph.StateEntry{{Name: "weight", Weight: w(n)}, {Name: "bias", Weight: w(n)},
		{Name: "running_mean", Weight: buf("float32", n)}, {Name: "running_var", Weight: buf("float32", n)},
		{Name: "num_batches_tracked", Weight: buf("int64")}})
}

// net: fc1 Linear(4, 8), bn BatchNorm1d(8), act ReLU, fc Linear(8, 2).
func net() *graph.TorchModule {
	return mod("Net", nil,
		graph.TorchChild{Name: "fc1", Module: linear(4, 8)},
		graph.TorchChild{Name: "bn", Module: bn(8)},
		graph.TorchChild{Name: "act", Module: mod("ReLU", nil)},
		graph.TorchChild{Name: "fc", Module: linear(8, 2)})
}

func ts(specs ...any) []Tensor {
	var out []Tensor
	for i := 0; i < len(specs); i += 2 {
		dt := "float32"
		name := specs[i].(string)
		if n, d, ok := strings.Cut(name, ":"); ok {
			name, dt = n, d
		}
		out = append(out, Tensor{Name: name, Shape: specs[i+1].([]int64), DType: dt})
	}
	return out
}

func s(d ...int64) []int64 {
	if d == nil {
		return []int64{}
	}
	return d
}

func good() []Tensor {
	return ts("fc1.weight", s(8, 4), "fc1.bias", s(8), "bn.weight", s(8), "bn.bias", s(8),
		"bn.running_mean", s(8), "bn.running_var", s(8), "bn.num_batches_tracked:int64", s(),
		"fc.weight", s(2, 8), "fc.bias", s(2))
}

func without(t []Tensor, name string) []Tensor {
	var out []Tensor
	for _, x := range t {
		if x.Name != name {
			out = append(out, x)
		}
	}
	return out
}

func prefixed(t []Tensor, p string) []Tensor {
	out := make([]Tensor, len(t))
	for i, x := range t {
		x.Name = p + x.Name
		out[i] = x
	}
	return out
}

func TestCheck(t *testing.T) {
	v2 := map[string]int64{"": 1, "fc1": 1, "bn": 2, "act": 1, "fc": 1}
	v1 := map[string]int64{"": 1, "fc1": 1, "bn": 1, "act": 1, "fc": 1}
	shared := linear(3, 3)
	tied := w(5, 3)
	for _, c := range []struct {
		name       string
		model      *graph.TorchModule
		ck         Checkpoint
		errors     []string
		matched    int
		params     int64
		mismatched []Mismatch
		notes      []string // substrings, in order
		stripped   string
	}{
		{name: "exact", model: net(), ck: Checkpoint{Tensors: good()}, matched: 9, params: 40 + 16 + 18},
		{name: "wrong fc", model: net(), ck: Checkpoint{Tensors: append(without(without(good(), "fc.weight"), "fc.bias"),
			ts("fc.weight", s(10, 8), "fc.bias", s(10))...)}, matched: 7, params: 40 + 16,
			errors: []string{
				"size mismatch for fc.weight: copying a param with shape torch.Size([10, 8]) from checkpoint, the shape in current model is torch.Size([2, 8]).",
				"size mismatch for fc.bias: copying a param with shape torch.Size([10]) from checkpoint, the shape in current model is torch.Size([2]).",
			},
			mismatched: []Mismatch{{"fc.weight", s(10, 8), s(2, 8)}, {"fc.bias", s(10), s(2)}}},
		{name: "missing and unexpected first", model: net(),
			ck:      Checkpoint{Tensors: append(without(without(good(), "fc1.bias"), "fc.weight"), ts("fc.weight", s(3, 8), "extra", s(1), "fc.extra", s(1), "act.weight", s(2), "fc1.weight.x", s(1))...)},
			matched: 7, params: 50,
			errors: []string{
				`Missing key(s) in state_dict: "fc1.bias". `,
				// root first (its keys in file order), then act, then fc.
				`Unexpected key(s) in state_dict: "extra", "act.weight", "fc.extra". `,
				"size mismatch for fc.weight: copying a param with shape torch.Size([3, 8]) from checkpoint, the shape in current model is torch.Size([2, 8]).",
			}},
		{name: "dtype is a note", model: net(), ck: Checkpoint{Tensors: func() []Tensor {
			g := good()
			g[0].DType, g[7].DType = "float16", "float16"
			return g
		}()}, matched: 9, params: 74, notes: []string{"2 tensors are float16 in the checkpoint, float32 in the model (torch converts when it copies): fc1.weight, fc.weight"}},
		{name: "num_batches_tracked filled without metadata", model: net(), ck: Checkpoint{Tensors: without(good(), "bn.num_batches_tracked")},
			matched: 9, params: 74, notes: []string{"filled with 0 by torch since the checkpoint has no version metadata: bn.num_batches_tracked"}},
		{name: "num_batches_tracked filled for version 1", model: net(), ck: Checkpoint{Tensors: without(good(), "bn.num_batches_tracked"), Metadata: true, Versions: v1},
			matched: 9, params: 74, notes: []string{"older than 2"}},
		{name: "num_batches_tracked missing for version 2", model: net(), ck: Checkpoint{Tensors: without(good(), "bn.num_batches_tracked"), Metadata: true, Versions: v2},
			matched: 8, params: 74, errors: []string{`Missing key(s) in state_dict: "bn.num_batches_tracked". `}},
		{name: "DataParallel prefix", model: net(), ck: Checkpoint{Tensors: prefixed(without(good(), "bn.num_batches_tracked"), "module."), Metadata: true,
			Versions: map[string]int64{"": 1, "module": 1, "module.bn": 2}},
			matched: 8, params: 74, stripped: "module.", errors: []string{`Missing key(s) in state_dict: "bn.num_batches_tracked". `},
			notes: []string{`every key starts with "module."`}},
		{name: "model named module keeps prefix", model: mod("Wrapper", nil, graph.TorchChild{Name: "module", Module: linear(2, 2)}),
			ck: Checkpoint{Tensors: ts("module.weight", s(2, 2), "module.bias", s(2))}, matched: 2, params: 6},
		{name: "entry note", model: linear(2, 2), ck: Checkpoint{Entry: "model", Tensors: ts("weight", s(2, 2), "bias", s(2))}, matched: 2, params: 6,
			notes: []string{`the checkpoint's "model" entry`}},
		{name: "shared module needs both keys", model: mod("Net", nil, graph.TorchChild{Name: "a", Module: shared}, graph.TorchChild{Name: "b", Module: shared}),
			ck:      Checkpoint{Tensors: ts("a.weight", s(3, 3), "a.bias", s(3))},
			matched: 2, params: 12, errors: []string{`Missing key(s) in state_dict: "b.weight", "b.bias". `}},
		{name: "tied weights counted once", model: mod("LM", nil,
			graph.TorchChild{Name: "emb", Module: mod("Embedding", []graph.StateEntry{{Name: "weight", Weight: tied}})},
			graph.TorchChild{Name: "head", Module: mod("Linear", []graph.StateEntry{{Name: "weight", Weight: tied}})}),
			ck: Checkpoint{Tensors: ts("emb.weight", s(5, 3), "head.weight", s(5, 3))}, matched: 2, params: 15},
		{name: "extra state unexpected first", model: linear(2, 2),
			ck: Checkpoint{Tensors: ts("zzz", s(1), "weight", s(2, 2), "bias", s(2), "_extra_state", s(1))}, matched: 2, params: 6,
			errors: []string{`Unexpected key(s) in state_dict: "_extra_state", "zzz". `}},
		{name: "bias=False conv", model: mod("Conv2d", []graph.StateEntry{{Name: "weight", Weight: w(4, 3, 1, 1)}}),
			ck: Checkpoint{Tensors: ts("weight", s(4, 3, 1, 1), "bias", s(4))}, matched: 1, params: 12,
			errors: []string{`Unexpected key(s) in state_dict: "bias". `}},
		{name: "scalar from one element", model: mod("M", []graph.StateEntry{{Name: "scale", Weight: w()}}),
			ck: Checkpoint{Tensors: ts("scale", s(1))}, matched: 1, params: 1, notes: []string{"one-element tensors copied into scalars"}},
		{name: "frozen bn drops num_batches_tracked", model: mod("FrozenBatchNorm2d", []graph.StateEntry{{Name: "weight", Weight: buf("float32", 2)}}),
			ck: Checkpoint{Tensors: ts("weight", s(2), "num_batches_tracked:int64", s())}, matched: 1},
		{name: "all missing", model: linear(2, 2), ck: Checkpoint{}, errors: []string{`Missing key(s) in state_dict: "weight", "bias". `}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.ck.File = "w.pt"
			r, err := Check(c.model, c.ck)
			if err != nil {
				t.Fatal(err)
			}
			if c.errors == nil {
				c.errors = []string{}
			}
			if !reflect.DeepEqual(r.Errors, c.errors) {
				t.Errorf("errors:\n%q\nwant\n%q", r.Errors, c.errors)
			}
			if r.OK != (len(c.errors) == 0) {
				t.Errorf("OK %v", r.OK)
			}
			if r.Matched != c.matched || r.MatchedParams != c.params {
				t.Errorf("matched %d (%d params), want %d (%d)", r.Matched, r.MatchedParams, c.matched, c.params)
			}
			if c.mismatched != nil && !reflect.DeepEqual(r.Mismatched, c.mismatched) {
				t.Errorf("mismatched %v, want %v", r.Mismatched, c.mismatched)
			}
			if r.StrippedPrefix != c.stripped {
				t.Errorf("stripped %q", r.StrippedPrefix)
			}
			all := strings.Join(r.Notes, "\n")
			for _, n := range c.notes {
				if !strings.Contains(all, n) {
					t.Errorf("notes lack %q:\n%s", n, all)
				}
			}
			if len(c.notes) == 0 && len(r.Notes) > 0 {
				t.Errorf("unexpected notes: %q", r.Notes)
			}
		})
	}
}

func TestTorchError(t *testing.T) {
	r, err := Check(linear(2, 2), Checkpoint{Tensors: ts("weight", s(3, 2))})
	if err != nil {
		t.Fatal(err)
	}
	want := "Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: \"bias\". \n\t" +
		"size mismatch for weight: copying a param with shape torch.Size([3, 2]) from checkpoint, the shape in current model is torch.Size([2, 2])."
	if got := r.TorchError(); got != want {
		t.Errorf("got %q", got)
	}
	if len(r.Missing) != 1 || len(r.Mismatched) != 1 || r.ModelEntries != 2 || r.CheckpointCount != 1 {
		t.Errorf("%+v", r)
	}
}

func TestCycleAndDuplicates(t *testing.T) {
	m := mod("Loop", nil)
	m.Children = []graph.TorchChild{{Name: "self", Module: m}}
	if _, err := Check(m, Checkpoint{}); err == nil || !strings.Contains(err.Error(), "deep") {
		t.Errorf("cycle: %v", err)
	}
	// 2^30 paths through 30 levels of a module shared twice.
	deep := linear(1, 1)
	for i := 0; i < 30; i++ {
		deep = mod("Pair", nil, graph.TorchChild{Name: "x", Module: deep}, graph.TorchChild{Name: "y", Module: deep})
	}
	if _, err := Check(deep, Checkpoint{}); err == nil || !strings.Contains(err.Error(), "module paths") {
		t.Errorf("shared chain: %v", err)
	}
	if _, err := Check(linear(1, 1), Checkpoint{File: "d.pt", Tensors: ts("weight", s(1, 1), "weight", s(1, 1))}); err == nil {
		t.Error("duplicate key accepted")
	}
	if _, err := Check(nil, Checkpoint{}); err == nil {
		t.Error("nil model accepted")
	}
}

func TestFromModel(t *testing.T) {
	m := &graph.Model{Layers: []*graph.Layer{
		{Name: "", Weights: []*graph.Weight{{Name: "scale", Shape: []int64{1}}}},
		{Name: "features", Sub: &graph.Model{Layers: []*graph.Layer{{Name: "0", Weights: []*graph.Weight{{Name: "weight", Shape: []int64{2, 1}}}}}}},
	}}
	got := FromModel(m)
	if len(got) != 2 || got[0].Name != "scale" || got[1].Name != "features.0.weight" {
		t.Errorf("%+v", got)
	}
}

package pytorch

import (
	"fmt"
	"strings"
	"time"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

const localKey = "netsum/pytorch"

// run is the Go state of one PyTorch run.
type run struct {
	seq     int
	created []*eval.Instance
	stack   []*callNode
	roots   []*callNode
}

func runOf(th *eval.Thread) *run {
	if r, ok := th.Local(localKey).(*run); ok {
		return r
	}
	r := &run{}
	th.SetLocal(localKey, r)
	return r
}

// Options configure Open.
type Options struct {
	// SearchPaths are extra import roots (the script's directory first).
	SearchPaths []string
	// ReadFile reads imported modules (default os.ReadFile).
	ReadFile func(string) ([]byte, error)
	// ModelName picks the nn.Module subclass to instantiate.
	ModelName string
	// InputSize is the shape of the tensor forward runs on (batch
	// included); InputSizes, when set, replaces it: one tensor per shape,
	// forward's positional arguments in order (torchinfo's input_size
	// list). One of them is required.
	InputSize  []int64
	InputSizes [][]int64
	// InputDTypes are the inputs' dtypes (netsum's names: "int64" for
	// torch.long): one for every input, or one per input; nil = float32
	// (torchinfo's dtypes=).
	InputDTypes []string
	// Predeclared are globals set before the code runs (--define).
	Predeclared map[string]eval.Value
	Timeout     time.Duration
	// OnSource is told of every file the run reads.
	OnSource func(path string, src []byte)
}

// Uses reports whether Python source looks like PyTorch model code.
func Uses(src []byte) bool {
	s := string(src)
	return strings.Contains(s, "import torch") || strings.Contains(s, "from torch")
}

// Open runs PyTorch model code: the script runs, the model (the last
// nn.Module instance bound at top level, or an instance of class
// ModelName) is put in eval mode, and its forward runs on a symbolic
// tensor of Options.InputSize. The module calls make the graph.Model.
func Open(name string, src []byte, opt Options) ([]*graph.Model, error) {
	setup()
	th, cancel := eval.NewScriptThread(name, eval.ScriptOptions{
		SearchPaths: opt.SearchPaths,
		ReadFile:    opt.ReadFile,
		OnSource:    opt.OnSource,
		Timeout:     opt.Timeout,
		Thread:      eval.Options{Predeclared: opt.Predeclared, Modules: Modules(), Files: standIns},
	})
	defer cancel()
	r := runOf(th)
	mod, err := th.ExecFile(name, src)
	if err != nil {
		return nil, err
	}
	model, err := pickModel(th, mod, r, opt.ModelName, name)
	if err != nil {
		return nil, err
	}
	sizes := opt.InputSizes
	if len(sizes) == 0 && len(opt.InputSize) > 0 {
		sizes = [][]int64{opt.InputSize}
	}
	if len(opt.InputDTypes) > 1 && len(opt.InputDTypes) != len(sizes) {
		return nil, fmt.Errorf("%d input dtypes for %d inputs (give one for all, or one per input)", len(opt.InputDTypes), len(sizes))
	}
	if len(sizes) == 0 {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: fmt.Sprintf("PyTorch model %s: give the input shape its forward runs on, e.g. --input-size 1,3,224,224", className(model))}
	}
	if _, err := th.CallMethod(model, "eval", nil, nil); err != nil {
		return nil, err
	}
	r.stack, r.roots = nil, nil
	var xs []*Tensor
	var args eval.Tuple
	for i, size := range sizes {
		dt := "float32"
		switch {
		case len(opt.InputDTypes) == 1:
			dt = opt.InputDTypes[0]
		case len(opt.InputDTypes) > 1:
			dt = opt.InputDTypes[i]
		}
		x := newTensor(size, dt)
		xs = append(xs, x)
		args = append(args, x)
	}
	out, err := th.Call(model, args, nil)
	if err != nil {
		return nil, err
	}
	if len(r.roots) == 0 {
		return nil, fmt.Errorf("%s: the model's forward was not recorded", name)
	}
	g := build(model, r.roots[len(r.roots)-1], xs, out)
	g.Warnings = append(g.Warnings, th.Warnings()...)
	g.Source = name
	return []*graph.Model{g}, nil
}

// pickModel finds the model to run.
func pickModel(th *eval.Thread, mod *eval.Module, r *run, want, file string) (*eval.Instance, error) {
	if want != "" {
		v, ok := mod.Get(want)
		if !ok {
			return nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("no class or module named %q in %s", want, file)}
		}
		if inst, ok := v.(*eval.Instance); ok && isModule(inst) {
			return inst, nil
		}
		c, ok := v.(*eval.Class)
		if !ok || !c.IsSubclass(moduleClass) {
			return nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("%s is not an nn.Module subclass", want)}
		}
		inst, err := th.Call(c, nil, nil)
		if err != nil {
			return nil, err
		}
		return inst.(*eval.Instance), nil
	}
	var best *eval.Instance
	for _, n := range mod.Names() {
		v, _ := mod.Get(n)
		if inst, ok := v.(*eval.Instance); ok && isModule(inst) {
			if best == nil || stateOf(inst).seq > stateOf(best).seq {
				best = inst
			}
		}
	}
	if best == nil {
		var classes []string
		for _, n := range mod.Names() {
			v, _ := mod.Get(n)
			if c, ok := v.(*eval.Class); ok && c.IsSubclass(moduleClass) && c.Module() != "torch.nn" {
				classes = append(classes, n)
			}
		}
		if len(classes) > 0 {
			last := classes[len(classes)-1]
			inst, err := th.Call(mustGet(mod, last), nil, nil)
			if err != nil {
				return nil, fmt.Errorf("%w (the code creates no model; netsum tried %s(); choose a class with --model)", err, last)
			}
			return inst.(*eval.Instance), nil
		}
		return nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: "the code creates no nn.Module (assign one at top level, e.g. model = Net(), or name a class with --model)"}
	}
	return best, nil
}

func mustGet(m *eval.Module, n string) eval.Value {
	v, _ := m.Get(n)
	return v
}

// builder turns the recorded calls into graph models.
type builder struct {
	paths   map[*eval.Instance]string
	layers  map[*eval.Instance]*graph.Layer
	weights map[*Tensor]*graph.Weight
	// containers inserted for never-called parents, per graph model.
	inserted map[*graph.Model]map[*eval.Instance]*graph.Layer
	called   map[*eval.Instance]bool
}

func build(root *eval.Instance, call *callNode, xs []*Tensor, out eval.Value) *graph.Model {
	b := &builder{paths: map[*eval.Instance]string{}, layers: map[*eval.Instance]*graph.Layer{}, weights: map[*Tensor]*graph.Weight{},
		inserted: map[*graph.Model]map[*eval.Instance]*graph.Layer{}, called: map[*eval.Instance]bool{}}
	var mods []namedMod
	namedModules(root, "", map[*eval.Instance]bool{}, &mods)
	for _, m := range mods {
		b.paths[m.inst] = m.name
	}
	g := &graph.Model{Name: className(root), Class: className(root), Framework: "pytorch", Version: "1.13", Dialect: graph.PyTorch}
	for _, x := range xs {
		g.Inputs = append(g.Inputs, &graph.Tensor{Shape: graph.Shape(x.shape), DType: x.dtype})
	}
	if t, ok := firstShape(out); ok {
		g.Outputs = []*graph.Tensor{{Shape: graph.Shape(t.shape), DType: t.dtype}}
	}
	b.markCalled(call)
	b.fill(g, root, call)
	linkDataflow(g, call)
	g.Module = b.torchModule(root, map[*eval.Instance]*graph.TorchModule{}, 0)
	// Parameters no row holds: the root's own, and those of modules never
	// called (torch counts them). They get a row of their own, "(not
	// called)", which is no module of g.Module: the Keras-style tables and
	// JSON list it, while the torchinfo table, which lists module calls
	// only, leaves it out and shows them as the root's leftover parameters
	// (summary.Row.NotModule).
	var rest []*graph.Weight
	seen := map[*graph.Weight]bool{}
	for _, w := range g.Weights() {
		seen[w] = true
	}
	for _, p := range append(namedParams(root, false, true), namedParams(root, true, true)...) {
		w := b.weight(p.name, p.t)
		if !seen[w] {
			rest = append(rest, w)
		}
	}
	if len(rest) > 0 {
		g.Layers = append(g.Layers, &graph.Layer{Name: "(not called)", Class: className(root), Weights: rest, Trainable: true,
			Note: "parameters of the model itself and of modules forward never calls"})
	}
	return g
}

func (b *builder) markCalled(c *callNode) {
	b.called[c.mod] = true
	for _, k := range c.children {
		b.markCalled(k)
	}
}

func (b *builder) weight(name string, t *Tensor) *graph.Weight {
	if w, ok := b.weights[t]; ok {
		return w
	}
	w := &graph.Weight{Name: name, Shape: append([]int64{}, t.shape...), DType: t.dtype, Trainable: t.requiresGrad && !!t.param, Buffer: !t.param}
	if factorsFit(t.factors, t.shape) {
		w.Factors = t.factors
	}
	b.weights[t] = w
	return w
}

func (b *builder) layer(inst *eval.Instance) *graph.Layer {
	if l, ok := b.layers[inst]; ok {
		return l
	}
	st := stateOf(inst)
	l := &graph.Layer{Name: b.paths[inst], Class: className(inst), Trainable: true}
	if st.cfg != nil {
		l.Config = map[string]any{}
		for k, v := range st.cfg {
			l.Config[k] = v
		}
	} else {
		l.Config = map[string]any{"data_format": "channels_first"}
	}
	prefix := b.paths[inst]
	for _, p := range append(namedParams(inst, false, true), namedParams(inst, true, true)...) {
		full := p.name
		if prefix != "" {
			full = prefix + "." + p.name
		}
		l.Weights = append(l.Weights, b.weight(full, p.t))
	}
	b.layers[inst] = l
	return l
}

func (b *builder) fill(g *graph.Model, parent *eval.Instance, call *callNode) {
	ppath := b.paths[parent]
	for _, c := range call.children {
		target := g
		cpath, known := b.paths[c.mod]
		if known && parent != nil {
			rel := cpath
			if ppath != "" {
				if strings.HasPrefix(cpath, ppath+".") {
					rel = cpath[len(ppath)+1:]
				} else {
					rel = ""
				}
			}
			parts := strings.Split(rel, ".")
			cur := ppath
			for i := 0; rel != "" && i < len(parts)-1; i++ {
				if cur == "" {
					cur = parts[i]
				} else {
					cur += "." + parts[i]
				}
				mid := b.instAt(cur)
				if mid == nil || b.called[mid] {
					continue
				}
				target = b.container(target, mid)
			}
		}
		l := b.layer(c.mod)
		if calledIn(l, target) {
			// A module called again (a ReLU reused in a block, a shared
			// layer): its own row per call, with that call's shapes, as
			// torchinfo prints it; the weights are the same objects, so
			// totals count them once.
			l = &graph.Layer{Name: l.Name, Class: l.Class, Config: l.Config, Trainable: true, Weights: l.Weights}
		}
		n := &graph.Node{Layer: l, Index: len(l.Nodes), Model: target}
		if c.inOK {
			n.Inputs = []*graph.Tensor{{Shape: graph.Shape(c.in), DType: "float32"}}
		}
		if c.outOK {
			n.Outputs = []*graph.Tensor{{Shape: graph.Shape(c.out), DType: c.outDType}}
		}
		l.Nodes = append(l.Nodes, n)
		c.df.setNode(n)
		target.Layers = append(target.Layers, l)
		if len(c.children) > 0 {
			if l.Sub == nil {
				l.Sub = &graph.Model{Name: l.Name, Class: l.Class, Framework: "pytorch", Dialect: graph.PyTorch}
			}
			b.fill(l.Sub, c.mod, c)
		}
	}
}

func (b *builder) instAt(path string) *eval.Instance {
	for inst, p := range b.paths {
		if p == path {
			return inst
		}
	}
	return nil
}

// container returns the Sub model of a never-called container listed in
// g (inserted once, before its first child, as torchinfo does).
func (b *builder) container(g *graph.Model, inst *eval.Instance) *graph.Model {
	m := b.inserted[g]
	if m == nil {
		m = map[*eval.Instance]*graph.Layer{}
		b.inserted[g] = m
	}
	if l, ok := m[inst]; ok {
		return l.Sub
	}
	l := b.layer(inst)
	if l.Sub == nil {
		l.Sub = &graph.Model{Name: l.Name, Class: l.Class, Framework: "pytorch", Dialect: graph.PyTorch}
	}
	m[inst] = l
	g.Layers = append(g.Layers, l)
	return l.Sub
}

func calledIn(l *graph.Layer, m *graph.Model) bool {
	for _, n := range l.Nodes {
		if n.Model == m {
			return true
		}
	}
	return false
}

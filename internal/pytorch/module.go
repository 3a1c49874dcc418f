package pytorch

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// modState is the Go side of an nn.Module instance: what torch keeps in
// _modules, _parameters and _buffers, in registration order.
type modState struct {
	seq      int
	children []string
	childMap map[string]eval.Value // *eval.Instance or None
	params   []string
	paramMap map[string]*Tensor // nil: registered as None
	buffers  []string
	bufMap   map[string]*Tensor
	// transient names buffers registered with persistent=False (not in
	// state_dict).
	transient map[string]bool
	// Go-defined layers: the class name, its normalized config and its
	// forward.
	builtin string
	cfg     map[string]any
	forward func(th *eval.Thread, self *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error)
	// Sequential-like containers whose forward chains the children.
	layer *graph.Layer
}

func stateOf(v eval.Value) *modState {
	inst, ok := v.(*eval.Instance)
	if !ok {
		return nil
	}
	st, _ := inst.Native.(*modState)
	return st
}

func (st *modState) setChild(name string, v eval.Value) {
	if _, ok := st.childMap[name]; !ok {
		st.children = append(st.children, name)
	}
	st.childMap[name] = v
}

func (st *modState) setParam(name string, t *Tensor) {
	if _, ok := st.paramMap[name]; !ok {
		st.params = append(st.params, name)
	}
	st.paramMap[name] = t
}

func (st *modState) setBuffer(name string, t *Tensor) {
	if _, ok := st.bufMap[name]; !ok {
		st.buffers = append(st.buffers, name)
	}
	st.bufMap[name] = t
}

func remove(list []string, name string) []string {
	for i, n := range list {
		if n == name {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

func (st *modState) unregister(name string) {
	if _, ok := st.childMap[name]; ok {
		delete(st.childMap, name)
		st.children = remove(st.children, name)
	}
	if _, ok := st.paramMap[name]; ok {
		delete(st.paramMap, name)
		st.params = remove(st.params, name)
	}
	if _, ok := st.bufMap[name]; ok {
		delete(st.bufMap, name)
		st.buffers = remove(st.buffers, name)
		delete(st.transient, name)
	}
}

// childList returns the registered child modules, in order (None skipped).
func (st *modState) childList() []*eval.Instance {
	var out []*eval.Instance
	for _, n := range st.children {
		if c, ok := st.childMap[n].(*eval.Instance); ok {
			out = append(out, c)
		}
	}
	return out
}

type namedMod struct {
	name string
	inst *eval.Instance
}

// namedModules is torch's named_modules(): pre-order, each module once.
func namedModules(root *eval.Instance, prefix string, seen map[*eval.Instance]bool, out *[]namedMod) {
	if seen[root] {
		return
	}
	seen[root] = true
	*out = append(*out, namedMod{prefix, root})
	st := stateOf(root)
	if st == nil {
		return
	}
	for _, n := range st.children {
		c, ok := st.childMap[n].(*eval.Instance)
		if !ok {
			continue
		}
		p := n
		if prefix != "" {
			p = prefix + "." + n
		}
		namedModules(c, p, seen, out)
	}
}

type namedTensor struct {
	name string
	t    *Tensor
	mod  *eval.Instance
}

// namedParams is named_parameters() (or named_buffers()), each tensor once.
func namedParams(root *eval.Instance, buffers bool, recurse bool) []namedTensor {
	var mods []namedMod
	if recurse {
		namedModules(root, "", map[*eval.Instance]bool{}, &mods)
	} else {
		mods = []namedMod{{"", root}}
	}
	seen := map[*Tensor]bool{}
	var out []namedTensor
	for _, m := range mods {
		st := stateOf(m.inst)
		names, get := st.params, func(n string) *Tensor { return st.paramMap[n] }
		if buffers {
			names, get = st.buffers, func(n string) *Tensor { return st.bufMap[n] }
		}
		for _, n := range names {
			t := get(n)
			if t == nil || seen[t] {
				continue
			}
			seen[t] = true
			full := n
			if m.name != "" {
				full = m.name + "." + n
			}
			out = append(out, namedTensor{full, t, m.inst})
		}
	}
	return out
}

func isModule(v eval.Value) bool { return stateOf(v) != nil }

func self(args eval.Tuple) (*eval.Instance, *modState, error) {
	if len(args) == 0 {
		return nil, nil, eval.NewError(eval.TypeError, "method needs self")
	}
	inst, ok := args[0].(*eval.Instance)
	if !ok || stateOf(inst) == nil {
		return nil, nil, eval.NewError(eval.TypeError, "expected an nn.Module, got %s", args[0].Type())
	}
	return inst, stateOf(inst), nil
}

// className is the class name torch prints for a module.
func className(inst *eval.Instance) string { return inst.Class.Name() }

func method(c *eval.Class, name string, fn func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error)) {
	c.SetMethod(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		inst, st, err := self(args)
		if err != nil {
			return nil, err
		}
		return fn(th, inst, st, args[1:], kwargs)
	})
}

func returnSelf(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	return inst, nil
}

func tensorPairs(items []namedTensor, named bool) eval.Value {
	var out []eval.Value
	for _, it := range items {
		if named {
			out = append(out, eval.Tuple{eval.String(it.name), it.t})
		} else {
			out = append(out, it.t)
		}
	}
	return eval.NewList(out)
}

// newModuleClass makes torch.nn.Module.
func newModuleClass() *eval.Class {
	c := eval.NewClass("Module").SetModule("torch.nn.modules.module")
	c.OnNew = func(th *eval.Thread, inst *eval.Instance) error {
		r := runOf(th)
		r.seq++
		inst.Native = &modState{seq: r.seq, childMap: map[string]eval.Value{}, paramMap: map[string]*Tensor{}, bufMap: map[string]*Tensor{}}
		inst.SetAttrDirect("training", eval.True)
		r.created = append(r.created, inst)
		return nil
	}
	c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.None, nil
	})
	method(c, "__setattr__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 2 {
			return nil, eval.NewError(eval.TypeError, "__setattr__ expects 2 arguments")
		}
		name, err := eval.AsString(args[0])
		if err != nil {
			return nil, err
		}
		v := args[1]
		switch x := v.(type) {
		case *eval.Instance:
			if isModule(x) {
				st.unregister(name)
				st.setChild(name, x)
			} else {
				st.unregister(name)
			}
		case *Tensor:
			if x.param {
				st.unregister(name)
				st.setParam(name, x)
			} else if _, ok := st.bufMap[name]; ok {
				st.bufMap[name] = x
			} else if _, ok := st.paramMap[name]; ok {
				return nil, eval.NewError(eval.TypeError, "cannot assign 'torch.FloatTensor' as parameter '%s' (torch.nn.Parameter or None expected)", name)
			} else {
				st.unregister(name)
			}
		case eval.NoneType:
			switch {
			case st.paramMap[name] != nil || hasKey(st.paramMap, name):
				st.paramMap[name] = nil
			case hasKey(st.bufMap, name):
				st.bufMap[name] = nil
			case hasKey(st.childMap, name):
				st.childMap[name] = eval.None
			}
		default:
			st.unregister(name)
		}
		inst.SetAttrDirect(name, v)
		return eval.None, nil
	})
	method(c, "__delattr__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		name, _ := eval.AsString(args[0])
		st.unregister(name)
		inst.DeleteAttr(name)
		return eval.None, nil
	})
	method(c, "__call__", callModule)
	method(c, "forward", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if st.forward != nil {
			return st.forward(th, inst, st, args, kwargs)
		}
		return nil, eval.NewError(eval.NotImplementedError, "Module [%s] is missing the required \"forward\" function", className(inst))
	})
	method(c, "register_buffer", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var name string
		var t, persistent eval.Value = eval.None, eval.True
		if err := eval.UnpackArgs("register_buffer", args, kwargs, "name", &name, "tensor", &t, "persistent?", &persistent); err != nil {
			return nil, err
		}
		tt, _ := t.(*Tensor)
		if err := checkRegister(inst, st, "buffer", name, t); err != nil {
			return nil, err
		}
		st.unregister(name)
		st.setBuffer(name, tt)
		if keep, err := th.Truth(persistent); err == nil && !keep {
			if st.transient == nil {
				st.transient = map[string]bool{}
			}
			st.transient[name] = true
		}
		inst.SetAttrDirect(name, t)
		return eval.None, nil
	})
	method(c, "register_parameter", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var name string
		var t eval.Value = eval.None
		if err := eval.UnpackArgs("register_parameter", args, kwargs, "name", &name, "param", &t); err != nil {
			return nil, err
		}
		tt, _ := t.(*Tensor)
		if err := checkRegister(inst, st, "parameter", name, t); err != nil {
			return nil, err
		}
		if tt != nil && !tt.param {
			return nil, eval.NewError(eval.TypeError, "cannot assign 'torch.%sTensor' object to parameter '%s' (torch.nn.Parameter or None required)", dtypeTitle(tt.dtype), name)
		}
		st.unregister(name)
		st.setParam(name, tt)
		inst.SetAttrDirect(name, t)
		return eval.None, nil
	})
	addModule := func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var name string
		var m eval.Value = eval.None
		if err := eval.UnpackArgs("add_module", args, kwargs, "name", &name, "module", &m); err != nil {
			return nil, err
		}
		if m != eval.None && !isModule(m) {
			return nil, eval.NewError(eval.TypeError, "%s is not a Module subclass", m.Type())
		}
		st.unregister(name)
		st.setChild(name, m)
		inst.SetAttrDirect(name, m)
		return eval.None, nil
	}
	method(c, "add_module", addModule)
	method(c, "register_module", addModule)
	method(c, "children", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var out []eval.Value
		for _, c := range st.childList() {
			out = append(out, c)
		}
		return eval.NewList(out), nil
	})
	method(c, "named_children", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var out []eval.Value
		for _, n := range st.children {
			if c, ok := st.childMap[n].(*eval.Instance); ok {
				out = append(out, eval.Tuple{eval.String(n), c})
			}
		}
		return eval.NewList(out), nil
	})
	modulesFn := func(named bool) func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			var mods []namedMod
			namedModules(inst, "", map[*eval.Instance]bool{}, &mods)
			var out []eval.Value
			for _, m := range mods {
				if named {
					out = append(out, eval.Tuple{eval.String(m.name), m.inst})
				} else {
					out = append(out, m.inst)
				}
			}
			return eval.NewList(out), nil
		}
	}
	method(c, "modules", modulesFn(false))
	method(c, "named_modules", modulesFn(true))
	paramsFn := func(buffers, named bool) func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			recurse := true
			for _, kv := range kwargs {
				if kv.Name == "recurse" {
					b, _ := th.Truth(kv.Value)
					recurse = b
				}
			}
			if named && len(args) > 1 {
				b, _ := th.Truth(args[1])
				recurse = b
			} else if !named && len(args) > 0 {
				b, _ := th.Truth(args[0])
				recurse = b
			}
			return tensorPairs(namedParams(inst, buffers, recurse), named), nil
		}
	}
	method(c, "parameters", paramsFn(false, false))
	method(c, "named_parameters", paramsFn(false, true))
	method(c, "buffers", paramsFn(true, false))
	method(c, "named_buffers", paramsFn(true, true))
	method(c, "state_dict", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		d := eval.NewDict()
		for _, p := range namedParams(inst, false, true) {
			d.SetString(p.name, p.t)
		}
		for _, p := range namedParams(inst, true, true) {
			d.SetString(p.name, p.t)
		}
		return d, nil
	})
	method(c, "train", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		mode := eval.Value(eval.True)
		if len(args) > 0 {
			mode = args[0]
		}
		var mods []namedMod
		namedModules(inst, "", map[*eval.Instance]bool{}, &mods)
		for _, m := range mods {
			m.inst.SetAttrDirect("training", mode)
		}
		return inst, nil
	})
	method(c, "eval", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var mods []namedMod
		namedModules(inst, "", map[*eval.Instance]bool{}, &mods)
		for _, m := range mods {
			m.inst.SetAttrDirect("training", eval.False)
		}
		return inst, nil
	})
	method(c, "apply", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "apply() takes one function")
		}
		var walk func(m *eval.Instance) error
		walk = func(m *eval.Instance) error {
			for _, c := range stateOf(m).childList() {
				if err := walk(c); err != nil {
					return err
				}
			}
			_, err := th.Call(args[0], eval.Tuple{m}, nil)
			return err
		}
		return inst, walk(inst)
	})
	for _, n := range []string{"to", "float", "double", "half", "bfloat16", "type"} {
		method(c, n, castModule(n))
	}
	for _, n := range []string{"cuda", "cpu", "share_memory", "requires_grad_", "to_empty"} {
		method(c, n, returnSelf)
	}
	for _, n := range []string{"zero_grad", "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook", "register_backward_hook", "load_state_dict", "_initialize_weights", "reset_parameters"} {
		n := n
		method(c, n, func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return eval.NewOpaque(th, "torch", className(inst)+"."+n+"()"), nil
		})
	}
	method(c, "__deepcopy__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return deepCopyModule(th, inst, map[any]eval.Value{})
	})
	method(c, "extra_repr", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.String(""), nil
	})
	method(c, "get_submodule", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		target, _ := eval.AsString(args[0])
		cur := inst
		if target == "" {
			return cur, nil
		}
		for _, part := range strings.Split(target, ".") {
			c, ok := stateOf(cur).childMap[part].(*eval.Instance)
			if !ok {
				return nil, eval.NewError(eval.AttributeError, "%s has no attribute `%s`", className(cur), part)
			}
			cur = c
		}
		return cur, nil
	})
	return c
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// callNode is one module call recorded during a forward.
type callNode struct {
	mod      *eval.Instance
	in, out  []int64
	inOK     bool
	outOK    bool
	outDType string
	children []*callNode
	df       *dfCall // dataflow.go
}

// checkRegister is what register_buffer and register_parameter check
// (torch 1.13 messages; torch prints a KeyError's message quoted).
func checkRegister(inst *eval.Instance, st *modState, kind, name string, v eval.Value) error {
	switch {
	case strings.Contains(name, "."):
		return eval.NewError(eval.KeyError, `'%s name can\'t contain "."'`, kind)
	case name == "":
		return eval.NewError(eval.KeyError, `'%s name can\'t be empty string ""'`, kind)
	}
	own := hasKey(st.bufMap, name)
	if kind == "parameter" {
		own = hasKey(st.paramMap, name)
	}
	if _, exists := inst.Attr(name); exists && !own {
		return eval.NewError(eval.KeyError, `"attribute '%s' already exists"`, name)
	}
	if _, isT := v.(*Tensor); !isT && v != eval.None {
		req := "torch Tensor or None required"
		if kind == "parameter" {
			req = "torch.nn.Parameter or None required"
		}
		return eval.NewError(eval.TypeError, "cannot assign '%s' object to %s '%s' (%s)", v.Type(), kind, name, req)
	}
	return nil
}

// castModule is Module.to/float/double/half/bfloat16/type: floating
// point parameters and buffers take the dtype (the same tensor objects, as
// torch's param.data = ... keeps them); integer buffers such as
// num_batches_tracked keep theirs.
func castModule(name string) func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	return func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		dt := map[string]string{"float": "float32", "double": "float64", "half": "float16", "bfloat16": "bfloat16"}[name]
		if name == "to" || name == "type" {
			dt = toDType(args, kwargs, dt, false)
			if name == "type" {
				if v, ok := kw(kwargs, "dst_type"); ok && v != eval.None {
					dt = dtypeName(v)
				}
			}
			if dt == "" {
				return inst, nil
			}
			if !isFloat(dt) && !strings.HasPrefix(dt, "complex") && name == "to" {
				return nil, eval.NewError(eval.TypeError, "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.%s", dt)
			}
		}
		for _, buffers := range []bool{false, true} {
			for _, p := range namedParams(inst, buffers, true) {
				if name == "type" || isFloat(p.t.dtype) && isFloat(dt) {
					p.t.dtype = dt
				}
			}
		}
		return inst, nil
	}
}

// toDType is the dtype a .to() or .type() call asks for: a dtype or a
// tensor (its dtype) among the arguments, then dtype=; dt when none (a
// device-only .to()). With typeNames, string arguments name tensor types
// (x.type("torch.LongTensor")).
func toDType(args eval.Tuple, kwargs []eval.KV, dt string, typeNames bool) string {
	for _, a := range args {
		switch d := a.(type) {
		case dtype:
			dt = string(d)
		case *Tensor:
			dt = d.dtype
		case eval.String:
			if typeNames {
				dt = typeStringDtype(string(d), dt)
			}
		}
	}
	if v, ok := kw(kwargs, "dtype"); ok && v != eval.None {
		dt = dtypeName(v)
	}
	return dt
}

// deepCopyModule is copy.deepcopy of a module (what torch's _get_clones
// does): a new module tree with new parameters and buffers; sharing inside
// the tree is kept.
func deepCopyModule(th *eval.Thread, inst *eval.Instance, memo map[any]eval.Value) (eval.Value, error) {
	if c, ok := memo[inst]; ok {
		return c, nil
	}
	st := stateOf(inst)
	r := runOf(th)
	r.seq++
	ns := &modState{seq: r.seq, childMap: map[string]eval.Value{}, paramMap: map[string]*Tensor{}, bufMap: map[string]*Tensor{},
		builtin: st.builtin, forward: st.forward}
	for n := range st.transient {
		if ns.transient == nil {
			ns.transient = map[string]bool{}
		}
		ns.transient[n] = true
	}
	if st.cfg != nil {
		ns.cfg = map[string]any{}
		for k, v := range st.cfg {
			ns.cfg[k] = v
		}
	}
	out := &eval.Instance{Class: inst.Class, Native: ns}
	memo[inst] = out
	r.created = append(r.created, out)
	var cp func(v eval.Value) (eval.Value, error)
	cp = func(v eval.Value) (eval.Value, error) {
		switch x := v.(type) {
		case *Tensor:
			if c, ok := memo[x]; ok {
				return c, nil
			}
			c := *x
			c.shape = append([]int64{}, x.shape...)
			memo[x] = &c
			return &c, nil
		case *eval.Instance:
			if isModule(x) {
				return deepCopyModule(th, x, memo)
			}
		case *eval.List:
			var elems []eval.Value
			for _, e := range x.Elems() {
				c, err := cp(e)
				if err != nil {
					return nil, err
				}
				elems = append(elems, c)
			}
			return eval.NewList(elems), nil
		}
		return v, nil
	}
	for _, n := range st.children {
		c, err := cp(st.childMap[n])
		if err != nil {
			return nil, err
		}
		ns.setChild(n, c)
	}
	for _, n := range st.params {
		var t *Tensor
		if p := st.paramMap[n]; p != nil {
			c, _ := cp(p)
			t = c.(*Tensor)
		}
		ns.setParam(n, t)
	}
	for _, n := range st.buffers {
		var t *Tensor
		if b := st.bufMap[n]; b != nil {
			c, _ := cp(b)
			t = c.(*Tensor)
		}
		ns.setBuffer(n, t)
	}
	for _, n := range inst.AttrNames() {
		v, _ := inst.Attr(n)
		c, err := cp(v)
		if err != nil {
			return nil, err
		}
		out.SetAttrDirect(n, c)
	}
	return out, nil
}

const treeKey = "netsum/pytorch/tree"

// moduleTree is the set of modules reachable from the model being run.
type moduleTree struct {
	root *eval.Instance
	in   map[*eval.Instance]bool
}

// inTree reports whether inst is a module of the model's tree as it was
// when the model's call began (named_modules then): torch's hooks and
// torchinfo see only those, registered before forward runs, so a module
// built on the fly (a Sequential slice, a module made in forward, even one
// assigned to an attribute there) is not a row; its children that were in
// the tree are.
func inTree(th *eval.Thread, inst *eval.Instance) bool {
	t, _ := th.Local(treeKey).(*moduleTree)
	return t == nil || t.in[inst]
}

// snapshotTree records root's modules at the start of its call.
func snapshotTree(th *eval.Thread, root *eval.Instance) {
	var mods []namedMod
	namedModules(root, "", map[*eval.Instance]bool{}, &mods)
	t := &moduleTree{root: root, in: map[*eval.Instance]bool{}}
	for _, m := range mods {
		t.in[m.inst] = true
	}
	th.SetLocal(treeKey, t)
}

// callModule is Module.__call__: it runs forward and records the call.
func callModule(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	r := runOf(th)
	if len(r.stack) == 0 {
		snapshotTree(th, inst)
	} else if !inTree(th, inst) {
		return dfPass(args, kwargs)(th.CallMethod(inst, "forward", args, kwargs))
	}
	n := &callNode{mod: inst}
	if s, ok := firstShape(args); ok {
		n.in, n.inOK = s.shape, true
	} else {
		for _, kv := range kwargs {
			if s, ok := firstShape(eval.Tuple{kv.Value}); ok {
				n.in, n.inOK = s.shape, true
				break
			}
		}
	}
	if len(r.stack) > 0 {
		p := r.stack[len(r.stack)-1]
		p.children = append(p.children, n)
	} else {
		r.roots = append(r.roots, n)
	}
	r.stack = append(r.stack, n)
	n.df = dfEnter(args, kwargs)
	out, err := th.CallMethod(inst, "forward", args, kwargs)
	r.stack = r.stack[:len(r.stack)-1]
	if err != nil {
		return nil, err
	}
	if s, ok := firstShape(eval.Tuple{out}); ok {
		n.out, n.outOK, n.outDType = s.shape, true, s.dtype
	}
	dfExit(n, out)
	return out, nil
}

// firstShape is torchinfo's rule: the first tensor, depth first; dicts
// give their last value.
func firstShape(v eval.Value) (*Tensor, bool) {
	switch x := v.(type) {
	case *Tensor:
		return x, true
	case eval.Tuple:
		for _, e := range x {
			if t, ok := firstShape(e); ok {
				return t, true
			}
		}
	case *eval.List:
		for _, e := range x.Elems() {
			if t, ok := firstShape(e); ok {
				return t, true
			}
		}
	case *eval.Dict:
		items := x.Items()
		if len(items) > 0 {
			return firstShape(items[len(items)-1][1])
		}
	case *eval.Instance:
		// namedtuple-like outputs (GoogLeNetOutputs)
		if t, ok := x.Attr("logits"); ok {
			return firstShape(t)
		}
		for _, n := range x.AttrNames() {
			v, _ := x.Attr(n)
			if t, ok := firstShape(v); ok {
				return t, true
			}
		}
	}
	return nil, false
}

func errorf(format string, args ...any) error {
	return eval.NewError(eval.ValueError, format, args...)
}

var _ = fmt.Sprint

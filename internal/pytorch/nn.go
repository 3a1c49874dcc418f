package pytorch

import (
	"strconv"

	"github.com/netsum/netsum/internal/python/eval"
)

// Classes shared by all threads (Python code cannot modify Go classes).
var (
	moduleClass    *eval.Class
	tensorClass    = eval.NewClass("Tensor").SetModule("torch")
	parameterClass = eval.NewClass("Parameter", tensorClass).SetModule("torch.nn.parameter")
	nnClasses      = map[string]*eval.Class{}
	nnOrder        []string
)

func init() {
	moduleClass = newModuleClass()
	for _, def := range layerDefs() {
		def := def
		c := eval.NewClass(def.name, moduleClass).SetModule("torch.nn")
		c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			inst, st, err := self(args)
			if err != nil {
				return nil, err
			}
			return eval.None, initLayer(th, def, inst, st, args[1:], kwargs)
		})
		addClass(def.name, c)
	}
	lin := nnClasses["Linear"]
	addClass("NonDynamicallyQuantizableLinear", eval.NewClass("NonDynamicallyQuantizableLinear", lin).SetModule("torch.nn.modules.linear"))
	addClass("Sequential", sequentialClass())
	addClass("ModuleList", moduleListClass())
	addClass("ModuleDict", moduleDictClass())
}

func addClass(name string, c *eval.Class) {
	nnClasses[name] = c
	nnOrder = append(nnOrder, name)
}

func childAt(th *eval.Thread, st *modState, key eval.Value) (eval.Value, error) {
	kids := st.childList()
	i, err := eval.AsInt(key)
	if err != nil {
		return nil, eval.NewError(eval.TypeError, "index must be an int, got %s", key.Type())
	}
	n := int64(len(kids))
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return nil, eval.NewError(eval.IndexError, "index %d is out of range", i)
	}
	return kids[i], nil
}

func sliceKids(th *eval.Thread, st *modState, s *eval.Slice) ([]eval.Value, error) {
	kids := st.childList()
	vals := make([]eval.Value, len(kids))
	for i, k := range kids {
		vals[i] = k
	}
	v, err := th.GetItem(eval.NewList(vals), s)
	if err != nil {
		return nil, err
	}
	return v.(*eval.List).Elems(), nil
}

func appendChild(inst *eval.Instance, st *modState, m eval.Value) error {
	if !isModule(m) {
		return eval.NewError(eval.TypeError, "%s is not a Module subclass", m.Type())
	}
	name := strconv.Itoa(len(st.children))
	st.setChild(name, m)
	inst.SetAttrDirect(name, m)
	return nil
}

func kidsList(st *modState) eval.Value {
	var out []eval.Value
	for _, k := range st.childList() {
		out = append(out, k)
	}
	return eval.NewList(out)
}

func containerCommon(c *eval.Class, sliceClass string) {
	method(c, "__len__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.Int(len(st.childList())), nil
	})
	method(c, "__iter__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return kidsList(st), nil
	})
	method(c, "__getitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if s, ok := args[0].(*eval.Slice); ok {
			kids, err := sliceKids(th, st, s)
			if err != nil {
				return nil, err
			}
			return th.Call(nnClasses[sliceClass], eval.Tuple{eval.NewList(kids)}, nil)
		}
		return childAt(th, st, args[0])
	})
	method(c, "__setitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		i, err := eval.AsInt(args[0])
		if err != nil {
			return nil, err
		}
		if i < 0 {
			i += int64(len(st.children))
		}
		name := st.children[i]
		st.childMap[name] = args[1]
		inst.SetAttrDirect(name, args[1])
		return eval.None, nil
	})
	method(c, "append", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return inst, appendChild(inst, st, args[0])
	})
	method(c, "extend", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		ms, err := th.Collect(args[0])
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if err := appendChild(inst, st, m); err != nil {
				return nil, err
			}
		}
		return inst, nil
	})
	method(c, "insert", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		i, err := eval.AsInt(args[0])
		if err != nil {
			return nil, err
		}
		kids := st.childList()
		if i < 0 {
			i += int64(len(kids))
		}
		i = max(0, min(i, int64(len(kids))))
		var all []eval.Value
		for j, k := range kids {
			if int64(j) == i {
				all = append(all, args[1])
			}
			all = append(all, k)
		}
		if i == int64(len(kids)) {
			all = append(all, args[1])
		}
		for _, n := range st.children {
			inst.DeleteAttr(n)
		}
		st.children, st.childMap = nil, map[string]eval.Value{}
		for _, m := range all {
			if err := appendChild(inst, st, m); err != nil {
				return nil, err
			}
		}
		return eval.None, nil
	})
}

func sequentialClass() *eval.Class {
	c := eval.NewClass("Sequential", moduleClass).SetModule("torch.nn")
	method(c, "__init__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 1 {
			if d, ok := args[0].(*eval.Dict); ok {
				for _, kv := range d.Items() {
					name, _ := eval.AsString(kv[0])
					if !isModule(kv[1]) {
						return nil, eval.NewError(eval.TypeError, "%s is not a Module subclass", kv[1].Type())
					}
					st.setChild(name, kv[1])
					inst.SetAttrDirect(name, kv[1])
				}
				return eval.None, nil
			}
			if l, ok := args[0].(*eval.List); ok && st.forward == nil && len(l.Elems()) > 0 && isModule(l.Elems()[0]) {
				// internal: slicing builds Sequential(list)
				args = eval.Tuple(l.Elems())
			}
		}
		for _, a := range args {
			if err := appendChild(inst, st, a); err != nil {
				return nil, err
			}
		}
		return eval.None, nil
	})
	containerCommon(c, "Sequential")
	method(c, "forward", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "Sequential.forward() takes 1 input, got %d", len(args))
		}
		x := args[0]
		for _, k := range st.childList() {
			var err error
			if x, err = th.Call(k, eval.Tuple{x}, nil); err != nil {
				return nil, err
			}
		}
		return x, nil
	})
	return c
}

func moduleListClass() *eval.Class {
	c := eval.NewClass("ModuleList", moduleClass).SetModule("torch.nn")
	method(c, "__init__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var mods eval.Value = eval.None
		if err := eval.UnpackArgs("ModuleList", args, kwargs, "modules?", &mods); err != nil {
			return nil, err
		}
		if mods == eval.None {
			return eval.None, nil
		}
		ms, err := th.Collect(mods)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if err := appendChild(inst, st, m); err != nil {
				return nil, err
			}
		}
		return eval.None, nil
	})
	containerCommon(c, "ModuleList")
	return c
}

func moduleDictClass() *eval.Class {
	c := eval.NewClass("ModuleDict", moduleClass).SetModule("torch.nn")
	update := func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 || args[0] == eval.None {
			return eval.None, nil
		}
		var pairs []eval.Tuple
		if d, ok := args[0].(*eval.Dict); ok {
			pairs = d.Items()
		} else {
			items, err := th.Collect(args[0])
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				kv, err := th.Collect(it)
				if err != nil || len(kv) != 2 {
					return nil, eval.NewError(eval.TypeError, "ModuleDict update sequence element should be a pair")
				}
				pairs = append(pairs, eval.Tuple{kv[0], kv[1]})
			}
		}
		for _, kv := range pairs {
			name, _ := eval.AsString(kv[0])
			st.unregister(name)
			st.setChild(name, kv[1])
			inst.SetAttrDirect(name, kv[1])
		}
		return eval.None, nil
	}
	method(c, "__init__", update)
	method(c, "update", update)
	method(c, "__getitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		name, _ := eval.AsString(args[0])
		v, ok := st.childMap[name]
		if !ok {
			return nil, eval.NewError(eval.KeyError, "'%s'", name)
		}
		return v, nil
	})
	method(c, "__setitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		name, _ := eval.AsString(args[0])
		st.unregister(name)
		st.setChild(name, args[1])
		inst.SetAttrDirect(name, args[1])
		return eval.None, nil
	})
	method(c, "__len__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.Int(len(st.children)), nil
	})
	method(c, "__contains__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		name, _ := eval.AsString(args[0])
		return eval.Bool(hasKey(st.childMap, name)), nil
	})
	keys := func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var out []eval.Value
		for _, n := range st.children {
			out = append(out, eval.String(n))
		}
		return eval.NewList(out), nil
	}
	method(c, "keys", keys)
	method(c, "__iter__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return keys(th, inst, st, args, kwargs)
	})
	method(c, "values", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var out []eval.Value
		for _, n := range st.children {
			out = append(out, st.childMap[n])
		}
		return eval.NewList(out), nil
	})
	method(c, "items", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var out []eval.Value
		for _, n := range st.children {
			out = append(out, eval.Tuple{eval.String(n), st.childMap[n]})
		}
		return eval.NewList(out), nil
	})
	return c
}

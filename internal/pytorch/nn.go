package pytorch

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/python/eval"
)

// transformerPy is torch.nn.modules.transformer for the interpreter
// (Python code on the Go layers, run like any imported module).
//
//go:embed transformer.py
var transformerPy []byte

// adaptivePy is torch.nn.modules.adaptive (AdaptiveLogSoftmaxWithLoss).
//
//go:embed adaptive.py
var adaptivePy []byte

// transformerClasses are the torch.nn names transformerPy defines.
var transformerClasses = map[string]bool{"Transformer": true, "TransformerEncoder": true, "TransformerDecoder": true,
	"TransformerEncoderLayer": true, "TransformerDecoderLayer": true}

// Classes shared by all threads (Python code cannot modify Go classes).
var (
	moduleClass    *eval.Class
	tensorClass    *eval.Class
	parameterClass *eval.Class
	nnClasses      = map[string]*eval.Class{}
	nnOrder        []string
)

// nnBases are torch's private base classes (torch.nn.modules.conv._ConvNd,
// batchnorm._BatchNorm, ...), so that isinstance checks in model code
// (weight init loops) work.
var nnBases = map[string]*eval.Class{}

// baseOf is the torch 1.13 parent class of a catalogued class: another
// catalogued class, a private base (made here), or "" for Module.
func baseOf(name string) string {
	dims := strings.TrimRight(strings.TrimRight(name, "d"), "0123456789")
	switch {
	case strings.HasPrefix(name, "LazyConvTranspose"):
		return strings.TrimPrefix(name, "Lazy")
	case strings.HasPrefix(name, "Lazy"):
		return strings.TrimPrefix(name, "Lazy")
	case strings.HasPrefix(name, "ConvTranspose"):
		return "_ConvTransposeNd"
	case strings.HasPrefix(name, "Conv") && strings.HasSuffix(name, "d"):
		return "_ConvNd"
	case strings.HasPrefix(name, "BatchNorm") || name == "SyncBatchNorm":
		return "_BatchNorm"
	case strings.HasPrefix(name, "InstanceNorm"):
		return "_InstanceNorm"
	case name == "ZeroPad2d":
		return "ConstantPad2d"
	case name == "UpsamplingNearest2d" || name == "UpsamplingBilinear2d":
		return "Upsample"
	case name == "RNN" || name == "LSTM" || name == "GRU":
		return "RNNBase"
	case strings.HasSuffix(name, "Cell"):
		return "RNNCellBase"
	case name == "Dropout" || strings.HasPrefix(name, "Dropout") || strings.HasSuffix(name, "AlphaDropout"):
		return "_DropoutNd"
	case name == "NLLLoss2d":
		return "NLLLoss"
	case strings.HasSuffix(name, "Loss"):
		switch name {
		case "NLLLoss", "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss", "MultiLabelSoftMarginLoss", "MultiMarginLoss":
			return "_WeightedLoss"
		}
		return "_Loss"
	}
	for _, p := range []string{"MaxPool", "AvgPool", "AdaptiveAvgPool", "AdaptiveMaxPool", "MaxUnpool", "LPPool", "ConstantPad", "ReflectionPad", "ReplicationPad"} {
		if strings.HasPrefix(name, p) && dims == p {
			return "_" + p + "Nd"
		}
	}
	return ""
}

// privateBases lists each private base's own parent and module.
var privateBases = map[string][2]string{
	"_ConvNd": {"", "conv"}, "_ConvTransposeNd": {"_ConvNd", "conv"}, "_NormBase": {"", "batchnorm"},
	"_BatchNorm": {"_NormBase", "batchnorm"}, "_InstanceNorm": {"_NormBase", "instancenorm"},
	"RNNCellBase": {"", "rnn"}, "_DropoutNd": {"", "dropout"}, "_Loss": {"", "loss"}, "_WeightedLoss": {"_Loss", "loss"},
	"_MaxPoolNd": {"", "pooling"}, "_AvgPoolNd": {"", "pooling"}, "_AdaptiveAvgPoolNd": {"", "pooling"},
	"_AdaptiveMaxPoolNd": {"", "pooling"}, "_MaxUnpoolNd": {"", "pooling"}, "_LPPoolNd": {"", "pooling"},
	"_ConstantPadNd": {"", "padding"}, "_ReflectionPadNd": {"", "padding"}, "_ReplicationPadNd": {"", "padding"},
}

// setup makes the torch classes, once, when the first model code runs: a
// process that reads a model JSON never builds them.
func setup() { setupOnce.Do(setupClasses) }

var setupOnce sync.Once

func setupClasses() {
	tensorClass = eval.NewClass("Tensor").SetModule("torch")
	parameterClass = eval.NewClass("Parameter", tensorClass).SetModule("torch.nn.parameter")
	noGradClass = newNoGradClass()
	setupLazyLayers()
	setupTensorNumbers()
	setupNN()
}

func setupNN() {
	moduleClass = newModuleClass()
	defs := map[string]layerDef{}
	var order []string
	for _, def := range layerDefs() {
		defs[def.name] = def
		order = append(order, def.name)
	}
	var classOf func(name string) *eval.Class
	classOf = func(name string) *eval.Class {
		if name == "" {
			return moduleClass
		}
		if c, ok := nnClasses[name]; ok {
			return c
		}
		if c, ok := nnBases[name]; ok {
			return c
		}
		if pb, ok := privateBases[name]; ok {
			c := eval.NewClass(name, classOf(pb[0])).SetModule("torch.nn.modules." + pb[1])
			nnBases[name] = c
			return c
		}
		def := defs[name]
		c := eval.NewClass(def.name, classOf(baseOf(def.name))).SetModule("torch.nn")
		c.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			inst, st, err := self(args)
			if err != nil {
				return nil, err
			}
			return eval.None, initLayer(th, def, inst, st, args[1:], kwargs)
		})
		addClass(def.name, c)
		return c
	}
	for _, n := range order {
		classOf(n)
	}
	for _, n := range []string{"Embedding", "EmbeddingBag"} {
		c := nnClasses[n]
		c.Set("from_pretrained", fromPretrained(c))
	}
	lin := nnClasses["Linear"]
	addClass("NonDynamicallyQuantizableLinear", eval.NewClass("NonDynamicallyQuantizableLinear", lin).SetModule("torch.nn.modules.linear"))
	addClass("Sequential", sequentialClass())
	addClass("ModuleList", moduleListClass())
	addClass("ModuleDict", moduleDictClass())
	addClass("DataParallel", dataParallelClass())
	addClass("ParameterList", parameterListClass())
	addClass("ParameterDict", parameterDictClass())
	standIns["torch/nn/modules/transformer.py"] = transformerPy
	standIns["torch/nn/modules/adaptive.py"] = adaptivePy
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
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "append() takes exactly one argument (%d given)", len(args))
		}
		return inst, appendChild(inst, st, args[0])
	})
	// del m[i], m.pop(i): torch 1.13 renumbers the children left ("0",
	// "1", ...; a Sequential built from an OrderedDict too).
	del := func(th *eval.Thread, inst *eval.Instance, st *modState, key eval.Value) ([]eval.Value, error) {
		var names []string
		if sl, ok := key.(*eval.Slice); ok {
			all := make([]eval.Value, len(st.children))
			for i, n := range st.children {
				all[i] = eval.String(n)
			}
			v, err := th.GetItem(eval.NewList(all), sl)
			if err != nil {
				return nil, err
			}
			for _, e := range v.(*eval.List).Elems() {
				names = append(names, string(e.(eval.String)))
			}
		} else {
			i, err := eval.AsInt(key)
			if err != nil {
				return nil, eval.NewError(eval.TypeError, "%s indices must be integers or slices, not %s", c.Name(), key.Type())
			}
			n := int64(len(st.children))
			if i < 0 {
				i += n
			}
			if i < 0 || i >= n {
				return nil, eval.NewError(eval.IndexError, "index %d is out of range", i)
			}
			names = []string{st.children[i]}
		}
		var removed []eval.Value
		for _, n := range names {
			removed = append(removed, st.childMap[n])
			st.unregister(n)
			inst.DeleteAttr(n)
		}
		kids := make([]eval.Value, 0, len(st.children))
		for _, n := range st.children {
			kids = append(kids, st.childMap[n])
			inst.DeleteAttr(n)
		}
		st.children, st.childMap = nil, map[string]eval.Value{}
		for _, k := range kids {
			name := strconv.Itoa(len(st.children))
			st.setChild(name, k)
			inst.SetAttrDirect(name, k)
		}
		return removed, nil
	}
	method(c, "__delitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "__delitem__ expects one index")
		}
		_, err := del(th, inst, st, args[0])
		return eval.None, err
	})
	method(c, "pop", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "pop() takes exactly one argument (%d given)", len(args))
		}
		removed, err := del(th, inst, st, args[0])
		if err != nil {
			return nil, err
		}
		if _, ok := args[0].(*eval.Slice); ok {
			return eval.NewList(removed), nil
		}
		return removed[0], nil
	})
	method(c, "__add__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 || stateOf(args[0]) == nil {
			return nil, eval.NewError(eval.TypeError, "can only concatenate %s (not \"%s\") to %s", c.Name(), args[0].Type(), c.Name())
		}
		var all []eval.Value
		for _, k := range st.childList() {
			all = append(all, k)
		}
		for _, k := range stateOf(args[0]).childList() {
			all = append(all, k)
		}
		out, err := th.Call(c, nil, nil)
		if err != nil {
			return nil, err
		}
		ost := stateOf(out)
		for _, k := range all {
			if err := appendChild(out.(*eval.Instance), ost, k); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
	// extend and += append every module of an iterable (torch:
	// ModuleList.__iadd__ is self.extend(modules)).
	extend := func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
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
	}
	method(c, "__iadd__", extend)
	method(c, "extend", extend)
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
	// list += [modules] extends; list + list is a new ModuleList.
	method(c, "__iadd__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
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
	method(c, "__add__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		ms, err := th.Collect(args[0])
		if err != nil {
			return nil, err
		}
		all := append(kidsList(st).(*eval.List).Elems(), ms...)
		return th.Call(nnClasses["ModuleList"], eval.Tuple{eval.NewList(all)}, nil)
	})
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
	pop := func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "expected one key, got %d arguments", len(args))
		}
		name, _ := eval.AsString(args[0])
		v, ok := st.childMap[name]
		if !ok {
			return nil, eval.NewError(eval.KeyError, "'%s'", name)
		}
		st.unregister(name)
		inst.DeleteAttr(name)
		return v, nil
	}
	method(c, "pop", pop)
	method(c, "__delitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		_, err := pop(th, inst, st, args, kwargs)
		return eval.None, err
	})
	method(c, "clear", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		for _, n := range append([]string(nil), st.children...) {
			st.unregister(n)
			inst.DeleteAttr(n)
		}
		return eval.None, nil
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

// asParameter is what ParameterList and ParameterDict store: a Parameter
// as is, a plain tensor made a Parameter (torch 1.13 wraps it).
func asParameter(v eval.Value) (*Tensor, error) {
	t, ok := v.(*Tensor)
	if !ok {
		return nil, eval.NewError(eval.TypeError, "cannot assign '%s' object to parameter (torch.nn.Parameter or None required)", v.Type())
	}
	if !t.param {
		c := *t
		c.shape = append([]int64{}, t.shape...)
		c.param, c.requiresGrad = true, true
		t = &c
	}
	return t, nil
}

func paramValues(st *modState) []eval.Value {
	var out []eval.Value
	for _, n := range st.params {
		if t := st.paramMap[n]; t != nil {
			out = append(out, t)
		} else {
			out = append(out, eval.None)
		}
	}
	return out
}

// parameterListClass is nn.ParameterList: parameters named "0", "1", ...
func parameterListClass() *eval.Class {
	c := eval.NewClass("ParameterList", moduleClass).SetModule("torch.nn")
	add := func(inst *eval.Instance, st *modState, v eval.Value) error {
		t, err := asParameter(v)
		if err != nil {
			return err
		}
		name := strconv.Itoa(len(st.params))
		st.setParam(name, t)
		inst.SetAttrDirect(name, t)
		return nil
	}
	extend := func(th *eval.Thread, inst *eval.Instance, st *modState, v eval.Value) error {
		vals, err := th.Collect(v)
		if err != nil {
			return err
		}
		for _, x := range vals {
			if err := add(inst, st, x); err != nil {
				return err
			}
		}
		return nil
	}
	method(c, "__init__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var vals eval.Value = eval.None
		if err := eval.UnpackArgs("ParameterList", args, kwargs, "values?", &vals); err != nil {
			return nil, err
		}
		if vals == eval.None {
			return eval.None, nil
		}
		return eval.None, extend(th, inst, st, vals)
	})
	method(c, "append", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "append() takes exactly one argument (%d given)", len(args))
		}
		return inst, add(inst, st, args[0])
	})
	method(c, "extend", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "extend() takes exactly one argument (%d given)", len(args))
		}
		return inst, extend(th, inst, st, args[0])
	})
	method(c, "__len__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.Int(len(st.params)), nil
	})
	method(c, "__iter__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.NewList(paramValues(st)), nil
	})
	method(c, "__getitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "__getitem__ expects one index")
		}
		vals := paramValues(st)
		if s, ok := args[0].(*eval.Slice); ok {
			v, err := th.GetItem(eval.NewList(vals), s)
			if err != nil {
				return nil, err
			}
			return th.Call(c, eval.Tuple{v}, nil)
		}
		i, err := eval.AsInt(args[0])
		if err != nil {
			return nil, eval.NewError(eval.TypeError, "ParameterList indices must be integers, not %s", args[0].Type())
		}
		n := int64(len(vals))
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return nil, eval.NewError(eval.IndexError, "index %d is out of range", i)
		}
		return vals[i], nil
	})
	method(c, "__setitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 2 {
			return nil, eval.NewError(eval.TypeError, "__setitem__ expects an index and a value")
		}
		i, err := eval.AsInt(args[0])
		if err != nil {
			return nil, err
		}
		n := int64(len(st.params))
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return nil, eval.NewError(eval.IndexError, "index %d is out of range", i)
		}
		t, err := asParameter(args[1])
		if err != nil {
			return nil, err
		}
		name := st.params[i]
		st.paramMap[name] = t
		inst.SetAttrDirect(name, t)
		return eval.None, nil
	})
	return c
}

// parameterDictClass is nn.ParameterDict: parameters named by their keys.
func parameterDictClass() *eval.Class {
	c := eval.NewClass("ParameterDict", moduleClass).SetModule("torch.nn")
	set := func(inst *eval.Instance, st *modState, k, v eval.Value) error {
		name, err := eval.AsString(k)
		if err != nil {
			return eval.NewError(eval.TypeError, "ParameterDict keys must be strings, got %s", k.Type())
		}
		t, err := asParameter(v)
		if err != nil {
			return err
		}
		st.unregister(name)
		st.setParam(name, t)
		inst.SetAttrDirect(name, t)
		return nil
	}
	update := func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 || args[0] == eval.None {
			return eval.None, nil
		}
		if d, ok := args[0].(*eval.Dict); ok {
			for _, kv := range d.Items() {
				if err := set(inst, st, kv[0], kv[1]); err != nil {
					return nil, err
				}
			}
			return eval.None, nil
		}
		if other := stateOf(args[0]); other != nil {
			for _, n := range other.params {
				if err := set(inst, st, eval.String(n), other.paramMap[n]); err != nil {
					return nil, err
				}
			}
			return eval.None, nil
		}
		items, err := th.Collect(args[0])
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			kv, err := th.Collect(it)
			if err != nil || len(kv) != 2 {
				return nil, eval.NewError(eval.ValueError, "ParameterDict update sequence element has length %d; 2 is required", len(kv))
			}
			if err := set(inst, st, kv[0], kv[1]); err != nil {
				return nil, err
			}
		}
		return eval.None, nil
	}
	method(c, "__init__", update)
	method(c, "update", update)
	get := func(st *modState, k eval.Value) (eval.Value, error) {
		name, _ := eval.AsString(k)
		t, ok := st.paramMap[name]
		if !ok {
			return nil, eval.NewError(eval.KeyError, "'%s'", name)
		}
		if t == nil {
			return eval.None, nil
		}
		return t, nil
	}
	method(c, "__getitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 1 {
			return nil, eval.NewError(eval.TypeError, "__getitem__ expects one key")
		}
		return get(st, args[0])
	})
	method(c, "get", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 {
			return nil, eval.NewError(eval.TypeError, "get expected at least 1 argument, got 0")
		}
		if v, err := get(st, args[0]); err == nil {
			return v, nil
		}
		if len(args) > 1 {
			return args[1], nil
		}
		return eval.None, nil
	})
	method(c, "__setitem__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) != 2 {
			return nil, eval.NewError(eval.TypeError, "__setitem__ expects a key and a value")
		}
		return eval.None, set(inst, st, args[0], args[1])
	})
	method(c, "__len__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.Int(len(st.params)), nil
	})
	method(c, "__contains__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		name, _ := eval.AsString(args[0])
		return eval.Bool(hasKey(st.paramMap, name)), nil
	})
	keys := func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var out []eval.Value
		for _, n := range st.params {
			out = append(out, eval.String(n))
		}
		return eval.NewList(out), nil
	}
	method(c, "keys", keys)
	method(c, "__iter__", keys)
	method(c, "values", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.NewList(paramValues(st)), nil
	})
	method(c, "items", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var out []eval.Value
		vals := paramValues(st)
		for i, n := range st.params {
			out = append(out, eval.Tuple{eval.String(n), vals[i]})
		}
		return eval.NewList(out), nil
	})
	return c
}

// fromPretrained is Embedding.from_pretrained / EmbeddingBag.from_pretrained:
// the weight takes the given tensor's shape, frozen unless freeze=False.
func fromPretrained(c *eval.Class) *eval.Builtin {
	return eval.NewBuiltin("from_pretrained", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 0 {
			if v, ok := kw(kwargs, "embeddings"); ok {
				args = eval.Tuple{v}
			} else {
				return nil, eval.NewError(eval.TypeError, "from_pretrained() missing 1 required positional argument: 'embeddings'")
			}
		}
		if len(args) > 2 {
			return nil, eval.NewError(eval.TypeError, "from_pretrained() takes the embeddings and freeze positionally, got %d arguments", len(args))
		}
		w, ok := args[0].(*Tensor)
		if !ok {
			return nil, eval.NewError(eval.TypeError, "from_pretrained(): embeddings must be a Tensor, got %s", args[0].Type())
		}
		if len(w.shape) != 2 {
			return nil, eval.NewError(eval.AssertionError, "Embeddings parameter is expected to be 2-dimensional")
		}
		freeze := eval.Value(eval.True)
		if len(args) > 1 {
			freeze = args[1]
		}
		var rest []eval.KV
		for _, kv := range kwargs {
			switch kv.Name {
			case "embeddings":
			case "freeze":
				freeze = kv.Value
			default:
				rest = append(rest, kv)
			}
		}
		m, err := th.Call(c, eval.Tuple{eval.Int(w.shape[0]), eval.Int(w.shape[1])}, rest)
		if err != nil {
			return nil, err
		}
		fr, err := th.Truth(freeze)
		if err != nil {
			return nil, err
		}
		if st := stateOf(m); st != nil {
			if p := st.paramMap["weight"]; p != nil {
				p.requiresGrad = !fr
			}
		}
		return m, nil
	})
}

// dataParallelClass is nn.DataParallel on a CPU: its module is the child
// "module", and forward calls it.
func dataParallelClass() *eval.Class {
	c := eval.NewClass("DataParallel", moduleClass).SetModule("torch.nn")
	method(c, "__init__", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var m, ids, out eval.Value = eval.None, eval.None, eval.None
		dim := eval.Value(eval.Int(0))
		if err := eval.UnpackArgs("DataParallel", args, kwargs, "module", &m, "device_ids?", &ids, "output_device?", &out, "dim?", &dim); err != nil {
			return nil, err
		}
		if !isModule(m) {
			return nil, eval.NewError(eval.TypeError, "DataParallel(): module must be an nn.Module, got %s", m.Type())
		}
		st.setChild("module", m)
		inst.SetAttrDirect("module", m)
		inst.SetAttrDirect("device_ids", eval.NewList(nil))
		inst.SetAttrDirect("output_device", out)
		inst.SetAttrDirect("dim", dim)
		return eval.None, nil
	})
	method(c, "forward", func(th *eval.Thread, inst *eval.Instance, st *modState, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return th.Call(st.childMap["module"], args, kwargs)
	})
	return c
}

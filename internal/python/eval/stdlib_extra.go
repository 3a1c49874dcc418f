package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/python/syntax"
)

func setupStdlibExtra() {
	stdlib["operator"] = operatorModule
	stdlib["argparse"] = argparseModule
	stdlib["dataclasses"] = dataclassesModule
	stdlib["json"] = jsonModule
	stdlib["enum"] = enumModule
}

var (
	enumClass          *Class
	objectInitSubclass Value
)

func setupExtraClasses() {
	objectInitSubclass, _ = ObjectClass.Own("__init_subclass__")
	enumClass = NewClass("Enum").SetModule("enum")
	enumClass.Set("__init_subclass__", &ClassMethod{fn: NewBuiltin("__init_subclass__", enumInitSubclass)})
	enumClass.Set("__new__", &StaticMethod{fn: NewBuiltin("__new__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "enum lookup takes exactly one value")
		}
		cls := args[0].(*Class)
		members, _ := cls.Lookup("_member_list_")
		if t, ok := members.(Tuple); ok {
			for _, m := range t {
				v, _ := m.(*Instance).attrs.Get("value")
				if eq, _ := th.equal(v, args[1], 0); eq {
					return m, nil
				}
			}
		}
		return nil, NewError(ValueError, "%s is not a valid %s", Repr(args[1]), cls.name)
	})})
	enumClass.Set("__class_getitem__", &ClassMethod{fn: NewBuiltin("__class_getitem__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		cls := args[0].(*Class)
		name, ok := args[1].(String)
		if !ok {
			return cls, nil
		}
		if v, ok := cls.dict.Get(string(name)); ok {
			return v, nil
		}
		return nil, th.keyError(args[1])
	})})
	enumClass.SetMethod("__repr__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		n, _ := inst.attrs.Get("name")
		v, _ := inst.attrs.Get("value")
		r, err := th.repr(v)
		return String(fmt.Sprintf("<%s.%s: %s>", inst.Class.name, n, r)), err
	})
	enumClass.SetMethod("__str__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		n, _ := inst.attrs.Get("name")
		return String(fmt.Sprintf("%s.%s", inst.Class.name, n)), nil
	})
	enumClass.SetMethod("__hash__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		h, _ := Hash(nil, args[0])
		return Int(int64(h >> 1)), nil
	})
}

type enumAuto struct{}

func (enumAuto) String() string { return "auto()" }
func (enumAuto) Type() string   { return "auto" }

func enumInitSubclass(th *Thread, args Tuple, kwargs []KV) (Value, error) {
	cls := args[0].(*Class)
	var members Tuple
	next := int64(1)
	for _, name := range append([]string(nil), cls.dict.Keys()...) {
		if strings.HasPrefix(name, "_") {
			continue
		}
		v, _ := cls.dict.Get(name)
		switch v.(type) {
		case *Function, *Builtin, *Property, *ClassMethod, *StaticMethod, *Class:
			continue
		case enumAuto:
			v = Int(next)
		}
		if i, ok := v.(Int); ok {
			next = int64(i) + 1
		}
		m := &Instance{Class: cls}
		m.attrs.Set("name", String(name))
		m.attrs.Set("value", v)
		m.attrs.Set("_name_", String(name))
		m.attrs.Set("_value_", v)
		cls.dict.Set(name, m)
		members = append(members, m)
	}
	if len(members) > 0 {
		cls.dict.Set("_member_list_", members)
		d := NewDict()
		for _, m := range members {
			n, _ := m.(*Instance).attrs.Get("name")
			_ = d.Set(th, n, m)
		}
		cls.dict.Set("__members__", d)
		classVersion.Add(1)
	}
	return None, nil
}

func enumModule(th *Thread) (*Module, error) {
	m := NewModule("enum")
	m.Set("Enum", enumClass)
	m.Set("IntEnum", enumClass)
	m.Set("StrEnum", enumClass)
	m.Set("Flag", enumClass)
	m.Set("IntFlag", enumClass)
	m.SetFunc("auto", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return enumAuto{}, nil })
	m.Set("unique", identityDecorator("unique"))
	return m, nil
}

// ---- dataclasses ----

type dcField struct {
	name     string
	def      Value
	factory  Value
	init     bool
	annotate Value
}

func (f *dcField) String() string { return "Field(name=" + quoteString(f.name) + ")" }
func (f *dcField) Type() string   { return "Field" }
func (f *dcField) Attr(th *Thread, name string) (Value, error) {
	switch name {
	case "name":
		return String(f.name), nil
	case "default":
		if f.def == nil {
			return None, nil
		}
		return f.def, nil
	case "type":
		if f.annotate == nil {
			return None, nil
		}
		return f.annotate, nil
	}
	return nil, nil
}
func (f *dcField) AttrNames() []string { return []string{"default", "name", "type"} }

func dataclassesModule(th *Thread) (*Module, error) {
	m := NewModule("dataclasses")
	var dataclass *Builtin
	dataclass = NewBuiltin("dataclass", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 1 {
			if c, ok := args[0].(*Class); ok {
				return makeDataclass(th, c)
			}
		}
		return dataclass, nil
	})
	m.Set("dataclass", dataclass)
	m.SetFunc("field", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		f := &dcField{init: true}
		var def, factory, repr, hash, compare, metadata, kwOnly Value
		if err := UnpackArgs("field", args, kwargs, "default?", &def, "default_factory?", &factory, "init?", &f.init,
			"repr?", &repr, "hash?", &hash, "compare?", &compare, "metadata?", &metadata, "kw_only?", &kwOnly); err != nil {
			return nil, err
		}
		f.def, f.factory = def, factory
		if def == None {
			f.def = None
		}
		return f, nil
	})
	m.SetFunc("fields", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "fields() takes exactly one argument")
		}
		fs, err := dcFields(args[0])
		if err != nil {
			return nil, err
		}
		out := make(Tuple, len(fs))
		for i, f := range fs {
			out[i] = f
		}
		return out, nil
	})
	m.SetFunc("asdict", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "asdict() takes exactly one argument")
		}
		return dcAsDict(th, args[0], 0)
	})
	m.SetFunc("is_dataclass", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		_, err := dcFields(args[0])
		return Bool(err == nil), nil
	})
	m.SetFunc("replace", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "replace() takes exactly one positional argument")
		}
		inst, ok := args[0].(*Instance)
		if !ok {
			return nil, NewError(TypeError, "replace() should be called on dataclass instances")
		}
		fs, err := dcFields(inst)
		if err != nil {
			return nil, err
		}
		var kw []KV
		for _, f := range fs {
			v, _ := inst.attrs.Get(f.name)
			for _, k := range kwargs {
				if k.Name == f.name {
					v = k.Value
				}
			}
			if f.init {
				kw = append(kw, KV{f.name, v})
			}
		}
		return th.Call(inst.Class, nil, kw)
	})
	m.Set("MISSING", NewOpaque(nil, "dataclasses", "dataclasses.MISSING"))
	return m, nil
}

func dcFields(v Value) ([]*dcField, error) {
	var cls *Class
	switch x := v.(type) {
	case *Class:
		cls = x
	case *Instance:
		cls = x.Class
	default:
		return nil, NewError(TypeError, "must be called with a dataclass type or instance")
	}
	fv, ok := cls.Lookup("__dataclass_fields__")
	fs, ok2 := fv.(*dcFieldList)
	if !ok || !ok2 {
		return nil, NewError(TypeError, "must be called with a dataclass type or instance")
	}
	return fs.fields, nil
}

type dcFieldList struct{ fields []*dcField }

func (*dcFieldList) String() string { return "<dataclass fields>" }
func (*dcFieldList) Type() string   { return "dict" }

func dcAsDict(th *Thread, v Value, depth int) (Value, error) {
	if depth > maxNesting {
		return nil, NewError(RecursionError, "maximum recursion depth exceeded in asdict")
	}
	switch x := v.(type) {
	case *Instance:
		fs, err := dcFields(x)
		if err != nil {
			return x, nil
		}
		d := NewDict()
		for _, f := range fs {
			fv, _ := x.attrs.Get(f.name)
			if fv == nil {
				fv = None
			}
			c, err := dcAsDict(th, fv, depth+1)
			if err != nil {
				return nil, err
			}
			d.SetString(f.name, c)
		}
		return d, nil
	case *List:
		out := make([]Value, len(x.elems))
		for i, e := range x.elems {
			c, err := dcAsDict(th, e, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return NewList(out), nil
	}
	return v, nil
}

// makeDataclass adds __init__, __repr__ and __eq__ built from the class
// annotations, as @dataclass does.
func makeDataclass(th *Thread, cls *Class) (Value, error) {
	var fields []*dcField
	// inherited fields first
	for i := len(cls.mro) - 1; i >= 1; i-- {
		if fv, ok := cls.mro[i].dict.Get("__dataclass_fields__"); ok {
			if fl, ok := fv.(*dcFieldList); ok {
				for _, f := range fl.fields {
					fields = replaceField(fields, f)
				}
			}
		}
	}
	if av, ok := cls.dict.Get("__annotations__"); ok {
		if ann, ok := av.(*Dict); ok {
			for _, kv := range ann.Items() {
				name := string(kv[0].(String))
				if tf, ok := kv[1].(*typingForm); ok && strings.HasPrefix(tf.name, "ClassVar") {
					continue
				}
				f := &dcField{name: name, init: true, annotate: kv[1]}
				if v, ok := cls.dict.Get(name); ok {
					if df, ok := v.(*dcField); ok {
						df.name, df.annotate = name, kv[1]
						f = df
						if f.def != nil {
							cls.dict.Set(name, f.def)
						} else {
							cls.dict.Delete(name)
						}
					} else {
						f.def = v
					}
				}
				fields = replaceField(fields, f)
			}
		}
	}
	cls.dict.Set("__dataclass_fields__", &dcFieldList{fields: fields})
	name := cls.name
	if _, own := cls.dict.Get("__init__"); !own {
		cls.dict.Set("__init__", NewMethod("__init__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			inst, ok := args[0].(*Instance)
			if !ok {
				return nil, NewError(TypeError, "__init__ needs an instance")
			}
			var initFields []*dcField
			for _, f := range fields {
				if f.init {
					initFields = append(initFields, f)
				}
			}
			pos := args[1:]
			if len(pos) > len(initFields) {
				return nil, NewError(TypeError, "%s.__init__() takes %d positional arguments but %d were given", name, len(initFields)+1, len(pos)+1)
			}
			vals := make([]Value, len(initFields))
			copy(vals, pos)
			for _, kv := range kwargs {
				found := false
				for i, f := range initFields {
					if f.name == kv.Name {
						if vals[i] != nil {
							return nil, NewError(TypeError, "%s.__init__() got multiple values for argument '%s'", name, kv.Name)
						}
						vals[i], found = kv.Value, true
					}
				}
				if !found {
					names := make([]string, len(initFields))
					for i, f := range initFields {
						names[i] = f.name
					}
					return nil, NewError(TypeError, "%s.__init__() got an unexpected keyword argument '%s'%s", name, kv.Name, didYouMean(kv.Name, names))
				}
			}
			for i, f := range initFields {
				if vals[i] == nil {
					switch {
					case f.factory != nil && f.factory != None:
						v, err := th.Call(f.factory, nil, nil)
						if err != nil {
							return nil, err
						}
						vals[i] = v
					case f.def != nil:
						vals[i] = f.def
					default:
						return nil, NewError(TypeError, "%s.__init__() missing 1 required positional argument: '%s'", name, f.name)
					}
				}
				inst.attrs.Set(f.name, vals[i])
			}
			for _, f := range fields {
				if !f.init {
					if f.factory != nil && f.factory != None {
						v, err := th.Call(f.factory, nil, nil)
						if err != nil {
							return nil, err
						}
						inst.attrs.Set(f.name, v)
					} else if f.def != nil {
						inst.attrs.Set(f.name, f.def)
					}
				}
			}
			if post, ok := inst.Class.Lookup("__post_init__"); ok {
				if _, err := th.Call(post, Tuple{inst}, nil); err != nil {
					return nil, err
				}
			}
			return None, nil
		}))
	}
	if _, own := cls.dict.Get("__repr__"); !own {
		cls.dict.Set("__repr__", NewMethod("__repr__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			inst := args[0].(*Instance)
			var b strings.Builder
			b.WriteString(inst.Class.name + "(")
			for i, f := range fields {
				if i > 0 {
					b.WriteString(", ")
				}
				v, _ := inst.attrs.Get(f.name)
				if v == nil {
					v = None
				}
				s, err := th.repr(v)
				if err != nil {
					return nil, err
				}
				b.WriteString(f.name + "=" + s)
			}
			b.WriteString(")")
			return String(b.String()), nil
		}))
	}
	if _, own := cls.dict.Get("__eq__"); !own {
		cls.dict.Set("__eq__", NewMethod("__eq__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			a, ok1 := args[0].(*Instance)
			b, ok2 := args[1].(*Instance)
			if !ok1 || !ok2 || a.Class != b.Class {
				return NotImplemented, nil
			}
			for _, f := range fields {
				x, _ := a.attrs.Get(f.name)
				y, _ := b.attrs.Get(f.name)
				if x == nil || y == nil {
					if x != y {
						return False, nil
					}
					continue
				}
				eq, err := th.equal(x, y, 0)
				if err != nil || !eq {
					return False, err
				}
			}
			return True, nil
		}))
		cls.dict.Set("__hash__", None)
	}
	classVersion.Add(1)
	return cls, nil
}

func replaceField(fields []*dcField, f *dcField) []*dcField {
	for i, g := range fields {
		if g.name == f.name {
			fields[i] = f
			return fields
		}
	}
	return append(fields, f)
}

// ---- argparse ----

type argAction struct {
	dest       string
	options    []string // empty for positionals
	action     string
	def        Value
	typ        Value
	nargs      Value
	constV     Value
	required   bool
	choices    Value
	positional bool
}

type argParser struct {
	actions  []*argAction
	defaults []KV
}

func argparseModule(th *Thread) (*Module, error) {
	m := NewModule("argparse")
	ns := NewClass("Namespace").SetModule("argparse")
	ns.SetMethod("__init__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		for _, kv := range kwargs {
			inst.attrs.Set(kv.Name, kv.Value)
		}
		return None, nil
	})
	ns.SetMethod("__repr__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		var parts []string
		for _, k := range inst.AttrNames() {
			v, _ := inst.Attr(k)
			s, err := th.repr(v)
			if err != nil {
				return nil, err
			}
			parts = append(parts, k+"="+s)
		}
		return String("Namespace(" + strings.Join(parts, ", ") + ")"), nil
	})
	ns.SetMethod("__contains__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		name, _ := args[1].(String)
		_, ok := args[0].(*Instance).Attr(string(name))
		return Bool(ok), nil
	})
	m.Set("Namespace", ns)
	parser := NewClass("ArgumentParser").SetModule("argparse")
	parser.OnNew = func(th *Thread, inst *Instance) error {
		inst.Native = &argParser{}
		return nil
	}
	self := func(args Tuple) (*argParser, error) {
		if len(args) > 0 {
			if inst, ok := args[0].(*Instance); ok {
				if p, ok := inst.Native.(*argParser); ok {
					return p, nil
				}
			}
		}
		return nil, NewError(TypeError, "ArgumentParser method needs a parser")
	}
	parser.SetMethod("__init__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return None, nil })
	parser.SetMethod("add_argument", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		p, err := self(args)
		if err != nil {
			return nil, err
		}
		a := &argAction{action: "store"}
		for _, n := range args[1:] {
			s, err := AsString(n)
			if err != nil {
				return nil, err
			}
			if strings.HasPrefix(s, "-") {
				a.options = append(a.options, s)
			} else {
				a.dest = s
				a.positional = true
			}
		}
		for _, kv := range kwargs {
			switch kv.Name {
			case "dest":
				a.dest, _ = AsString(kv.Value)
			case "action":
				if s, ok := kv.Value.(String); ok {
					a.action = string(s)
				}
			case "default":
				a.def = kv.Value
			case "type":
				a.typ = kv.Value
			case "nargs":
				a.nargs = kv.Value
			case "const":
				a.constV = kv.Value
			case "required":
				a.required, _ = th.truth(kv.Value)
			case "choices":
				a.choices = kv.Value
			}
		}
		if a.dest == "" {
			for _, o := range a.options {
				if strings.HasPrefix(o, "--") {
					a.dest = strings.ReplaceAll(strings.TrimPrefix(o, "--"), "-", "_")
					break
				}
			}
			if a.dest == "" && len(a.options) > 0 {
				a.dest = strings.ReplaceAll(strings.TrimLeft(a.options[0], "-"), "-", "_")
			}
		}
		if a.def == nil {
			switch a.action {
			case "store_true":
				a.def = False
			case "store_false":
				a.def = True
			default:
				a.def = None
			}
		} else if s, ok := a.def.(String); ok && a.typ != nil && a.typ != None {
			v, err := th.Call(a.typ, Tuple{s}, nil)
			if err != nil {
				return nil, err
			}
			a.def = v
		}
		if a.dest != "help" {
			p.actions = append(p.actions, a)
		}
		return None, nil
	})
	returnSelf := func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return args[0], nil }
	parser.SetMethod("add_argument_group", returnSelf)
	parser.SetMethod("add_mutually_exclusive_group", returnSelf)
	parser.SetMethod("add_subparsers", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		parent := args[0]
		sub := &builtinAttrs{Builtin: NewBuiltin("subparsers", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return None, nil })}
		sub.attrs.Set("add_parser", NewBuiltin("add_parser", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return parent, nil }))
		return sub, nil
	})
	noop := func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return None, nil }
	parser.SetMethod("print_help", noop)
	parser.SetMethod("print_usage", noop)
	parser.SetMethod("format_help", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return String(""), nil })
	parser.SetMethod("error", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		msg := ""
		if len(args) > 1 {
			msg = args[1].String()
		}
		return nil, &nativeError{cls: SystemExit, msg: "argparse error: " + msg}
	})
	parser.SetMethod("set_defaults", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		p, err := self(args)
		if err != nil {
			return nil, err
		}
		p.defaults = append(p.defaults, kwargs...)
		return None, nil
	})
	parse := func(th *Thread, args Tuple, kwargs []KV) (*Instance, Tuple, error) {
		p, err := self(args)
		if err != nil {
			return nil, nil, err
		}
		var argv []string
		var argvV Value = None
		if len(args) > 1 {
			argvV = args[1]
		}
		for _, kv := range kwargs {
			if kv.Name == "args" {
				argvV = kv.Value
			}
		}
		if argvV == None {
			if len(th.opts.Argv) > 1 {
				argv = th.opts.Argv[1:]
			}
		} else {
			items, err := th.collect(argvV, -1)
			if err != nil {
				return nil, nil, err
			}
			for _, it := range items {
				s, err := AsString(it)
				if err != nil {
					return nil, nil, err
				}
				argv = append(argv, s)
			}
		}
		inst, err := th.Call(ns, nil, nil)
		if err != nil {
			return nil, nil, err
		}
		res := inst.(*Instance)
		for _, a := range p.actions {
			res.attrs.Set(a.dest, a.def)
		}
		for _, kv := range p.defaults {
			res.attrs.Set(kv.Name, kv.Value)
		}
		extra, err := th.parseArgv(p, res, argv)
		if err != nil {
			return nil, nil, err
		}
		for _, a := range p.actions {
			if v, _ := res.attrs.Get(a.dest); (a.positional || a.required) && v == None {
				th.Warn("argparse:"+a.dest, fmt.Sprintf("argparse: required argument '%s' has no value; using None", a.dest))
			}
		}
		return res, extra, nil
	}
	parser.SetMethod("parse_args", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		res, extra, err := parse(th, args, kwargs)
		if err != nil {
			return nil, err
		}
		if len(extra) > 0 {
			return nil, &nativeError{cls: SystemExit, msg: "argparse: unrecognized arguments: " + Repr(extra)}
		}
		return res, nil
	})
	parser.SetMethod("parse_known_args", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		res, extra, err := parse(th, args, kwargs)
		if err != nil {
			return nil, err
		}
		return Tuple{res, NewList(extra)}, nil
	})
	m.Set("ArgumentParser", parser)
	for _, n := range []string{"HelpFormatter", "RawTextHelpFormatter", "RawDescriptionHelpFormatter", "ArgumentDefaultsHelpFormatter"} {
		m.Set(n, NewOpaque(nil, "argparse", "argparse."+n))
	}
	m.Set("SUPPRESS", String("==SUPPRESS=="))
	m.SetFunc("FileType", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return nil, sandboxError("argparse.FileType()")
	})
	return m, nil
}

// parseArgv applies command-line arguments (Options.Argv) to the namespace.
func (th *Thread) parseArgv(p *argParser, res *Instance, argv []string) (Tuple, error) {
	var extra Tuple
	var positionals []*argAction
	for _, a := range p.actions {
		if a.positional {
			positionals = append(positionals, a)
		}
	}
	conv := func(a *argAction, s string) (Value, error) {
		if a.typ != nil && a.typ != None {
			return th.Call(a.typ, Tuple{String(s)}, nil)
		}
		return String(s), nil
	}
	for i := 0; i < len(argv); i++ {
		arg := argv[i]
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			if len(positionals) == 0 {
				extra = append(extra, String(arg))
				continue
			}
			a := positionals[0]
			positionals = positionals[1:]
			v, err := conv(a, arg)
			if err != nil {
				return nil, err
			}
			res.attrs.Set(a.dest, v)
			continue
		}
		name, val, hasVal := strings.Cut(arg, "=")
		var act *argAction
		for _, a := range p.actions {
			for _, o := range a.options {
				if o == name {
					act = a
				}
			}
		}
		if act == nil {
			extra = append(extra, String(arg))
			continue
		}
		switch act.action {
		case "store_true":
			res.attrs.Set(act.dest, True)
		case "store_false":
			res.attrs.Set(act.dest, False)
		case "store_const":
			res.attrs.Set(act.dest, act.constV)
		case "count":
			old, _ := res.attrs.Get(act.dest)
			n, _ := AsInt(old)
			res.attrs.Set(act.dest, Int(n+1))
		default:
			var vals []string
			if hasVal {
				vals = []string{val}
			} else if ns, ok := act.nargs.(String); ok && (ns == "+" || ns == "*") || act.nargs != nil && act.nargs != None && !ok {
				for i+1 < len(argv) && !strings.HasPrefix(argv[i+1], "-") {
					i++
					vals = append(vals, argv[i])
				}
			} else if i+1 < len(argv) {
				i++
				vals = []string{argv[i]}
			} else {
				return nil, &nativeError{cls: SystemExit, msg: "argparse: argument " + name + ": expected one argument"}
			}
			var v Value
			if act.nargs != nil && act.nargs != None {
				l := make([]Value, len(vals))
				for j, s := range vals {
					x, err := conv(act, s)
					if err != nil {
						return nil, err
					}
					l[j] = x
				}
				v = NewList(l)
			} else {
				x, err := conv(act, vals[0])
				if err != nil {
					return nil, err
				}
				v = x
			}
			if act.action == "append" {
				old, _ := res.attrs.Get(act.dest)
				l, ok := old.(*List)
				if !ok {
					l = NewList(nil)
				}
				l.Append(v)
				v = l
			}
			res.attrs.Set(act.dest, v)
		}
	}
	return extra, nil
}

// ---- json ----

func jsonModule(th *Thread) (*Module, error) {
	m := NewModule("json")
	loads := func(th *Thread, s string) (Value, error) {
		if err := th.allocBytes(int64(len(s)) * 4); err != nil {
			return nil, err
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		v, err := jsonValue(dec)
		if err != nil {
			return nil, NewError(ValueError, "Expecting value: %v", err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, NewError(ValueError, "Extra data")
		}
		return v, nil
	}
	m.SetFunc("loads", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 1 {
			return nil, NewError(TypeError, "loads() missing required argument 's'")
		}
		switch s := args[0].(type) {
		case String:
			return loads(th, string(s))
		case Bytes:
			return loads(th, string(s))
		case *Opaque:
			return s.derive(th, " parsed"), nil
		}
		return nil, NewError(TypeError, "the JSON object must be str, not %s", typeName(args[0]))
	})
	m.SetFunc("load", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) > 0 {
			if o, ok := args[0].(*Opaque); ok {
				return o.derive(th, " parsed"), nil
			}
		}
		return nil, sandboxError("json.load() from a file")
	})
	m.SetFunc("dumps", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var obj, indent Value
		sortKeys := false
		var rest []KV
		if err := UnpackArgs("dumps", args, kwargs, "obj", &obj, "indent?", &indent, "sort_keys?", &sortKeys, "**kwargs", &rest); err != nil {
			return nil, err
		}
		ind := ""
		if n, ok := indent.(Int); ok {
			ind = strings.Repeat(" ", int(n))
		} else if s, ok := indent.(String); ok {
			ind = string(s)
		}
		var b bytes.Buffer
		if err := th.jsonWrite(&b, obj, ind, "", sortKeys, 0); err != nil {
			return nil, err
		}
		return String(b.String()), nil
	})
	m.SetFunc("dump", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return None, nil // writing to a file: nothing to do in the sandbox
	})
	m.Set("JSONDecodeError", ValueError)
	return m, nil
}

func jsonValue(dec *json.Decoder) (Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			d := NewDict()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := jsonValue(dec)
				if err != nil {
					return nil, err
				}
				d.SetString(k, v)
			}
			_, err := dec.Token()
			return d, err
		case '[':
			var elems []Value
			for dec.More() {
				v, err := jsonValue(dec)
				if err != nil {
					return nil, err
				}
				elems = append(elems, v)
			}
			_, err := dec.Token()
			return NewList(elems), err
		}
	case string:
		return String(t), nil
	case json.Number:
		if i, err := strconv.ParseInt(string(t), 10, 64); err == nil {
			return Int(i), nil
		}
		f, err := strconv.ParseFloat(string(t), 64)
		return Float(f), err
	case bool:
		return Bool(t), nil
	case nil:
		return None, nil
	}
	return nil, fmt.Errorf("unexpected %v", tok)
}

func (th *Thread) jsonWrite(b *bytes.Buffer, v Value, indent, cur string, sortKeys bool, depth int) error {
	if depth > maxNesting {
		return NewError(ValueError, "Circular reference detected")
	}
	if err := th.step(); err != nil {
		return err
	}
	if b.Len() > 1<<16 {
		if err := th.allocBytes(int64(b.Len())); err != nil {
			return err
		}
	}
	nl := func(level string) {
		if indent != "" {
			b.WriteByte('\n')
			b.WriteString(level)
		}
	}
	sep := ", "
	if indent != "" {
		sep = ","
	}
	switch x := v.(type) {
	case NoneType:
		b.WriteString("null")
	case Bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Int:
		b.WriteString(x.String())
	case Float:
		b.WriteString(x.String())
	case String:
		enc, _ := json.Marshal(string(x))
		b.Write(enc)
	case Tuple, *List:
		var elems []Value
		if t, ok := x.(Tuple); ok {
			elems = t
		} else {
			elems = x.(*List).elems
		}
		b.WriteByte('[')
		for i, e := range elems {
			if i > 0 {
				b.WriteString(sep)
			}
			nl(cur + indent)
			if err := th.jsonWrite(b, e, indent, cur+indent, sortKeys, depth+1); err != nil {
				return err
			}
		}
		if len(elems) > 0 {
			nl(cur)
		}
		b.WriteByte(']')
	case *Dict:
		items := x.Items()
		if sortKeys {
			sort.SliceStable(items, func(i, j int) bool { return items[i][0].String() < items[j][0].String() })
		}
		b.WriteByte('{')
		for i, kv := range items {
			if i > 0 {
				b.WriteString(sep)
			}
			nl(cur + indent)
			k, err := th.str(kv[0])
			if err != nil {
				return err
			}
			enc, _ := json.Marshal(k)
			b.Write(enc)
			b.WriteString(": ")
			if err := th.jsonWrite(b, kv[1], indent, cur+indent, sortKeys, depth+1); err != nil {
				return err
			}
		}
		if len(items) > 0 {
			nl(cur)
		}
		b.WriteByte('}')
	default:
		return NewError(TypeError, "Object of type %s is not JSON serializable", typeName(v))
	}
	return nil
}

func operatorModule(th *Thread) (*Module, error) {
	m := NewModule("operator")
	bin := map[string]Op{"add": opAdd, "sub": opSub, "mul": opMul, "truediv": syntax.Div, "floordiv": syntax.FloorDiv,
		"mod": syntax.Mod, "pow": syntax.Pow, "matmul": syntax.MatMul, "and_": opBitAnd, "or_": opBitOr, "xor": opBitXor,
		"lshift": syntax.LShift, "rshift": syntax.RShift, "concat": opAdd}
	for name, op := range bin {
		op := op
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 2 {
				return nil, NewError(TypeError, "expected 2 arguments, got %d", len(args))
			}
			return th.Binary(op, args[0], args[1])
		})
	}
	cmp := map[string]Op{"eq": opEq, "ne": opNe, "lt": opLt, "le": opLe, "gt": opGt, "ge": opGe, "contains": syntax.In, "is_": syntax.Is, "is_not": syntax.IsNot}
	for name, op := range cmp {
		op, name := op, name
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 2 {
				return nil, NewError(TypeError, "expected 2 arguments, got %d", len(args))
			}
			if name == "contains" {
				return th.Compare(op, args[1], args[0])
			}
			return th.Compare(op, args[0], args[1])
		})
	}
	m.SetFunc("neg", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "expected 1 argument")
		}
		return th.Unary(syntax.Neg, args[0])
	})
	m.SetFunc("not_", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "expected 1 argument")
		}
		t, err := th.truth(args[0])
		return Bool(!t), err
	})
	m.SetFunc("getitem", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "expected 2 arguments")
		}
		return th.GetItem(args[0], args[1])
	})
	m.SetFunc("index", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "expected 1 argument")
		}
		i, err := AsInt(args[0])
		return Int(i), err
	})
	m.SetFunc("itemgetter", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		keys := append(Tuple(nil), args...)
		return NewBuiltin("itemgetter", func(th *Thread, a Tuple, kw []KV) (Value, error) {
			if len(a) != 1 {
				return nil, NewError(TypeError, "itemgetter expected 1 argument")
			}
			if len(keys) == 1 {
				return th.GetItem(a[0], keys[0])
			}
			out := make(Tuple, len(keys))
			for i, k := range keys {
				v, err := th.GetItem(a[0], k)
				if err != nil {
					return nil, err
				}
				out[i] = v
			}
			return out, nil
		}), nil
	})
	m.SetFunc("attrgetter", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		names := make([]string, len(args))
		for i, a := range args {
			s, err := AsString(a)
			if err != nil {
				return nil, err
			}
			names[i] = s
		}
		get := func(th *Thread, v Value, path string) (Value, error) {
			for _, p := range strings.Split(path, ".") {
				x, err := th.GetAttr(v, p)
				if err != nil {
					return nil, err
				}
				v = x
			}
			return v, nil
		}
		return NewBuiltin("attrgetter", func(th *Thread, a Tuple, kw []KV) (Value, error) {
			if len(a) != 1 {
				return nil, NewError(TypeError, "attrgetter expected 1 argument")
			}
			if len(names) == 1 {
				return get(th, a[0], names[0])
			}
			out := make(Tuple, len(names))
			for i, n := range names {
				v, err := get(th, a[0], n)
				if err != nil {
					return nil, err
				}
				out[i] = v
			}
			return out, nil
		}), nil
	})
	return m, nil
}

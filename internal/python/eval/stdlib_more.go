package eval

import (
	"math"
	"math/rand/v2"
	"strings"
)

func setupStdlibMore() {
	stdlib["functools"] = functoolsModule
	stdlib["itertools"] = itertoolsModule
	stdlib["collections"] = collectionsModule
	stdlib["collections.abc"] = collectionsAbcModule
	stdlib["copy"] = copyModule
	stdlib["random"] = randomModule
	stdlib["string"] = stringModule
	for _, q := range []string{"time", "datetime", "warnings", "logging", "re", "numbers", "weakref", "contextlib", "operator", "textwrap", "uuid", "hashlib", "struct", "base64", "csv", "locale", "atexit", "errno", "stat", "queue", "heapq", "bisect", "array", "decimal", "fractions", "statistics", "unittest", "doctest", "types", "six", "distutils", "pkg_resources", "packaging", "setuptools", "yaml", "absl", "gin", "hydra", "omegaconf", "easydict", "munch", "attr", "attrs", "pydantic", "click", "fire", "dotenv", "psutil", "GPUtil", "pynvml", "shlex", "getopt", "configparser", "ast", "dis", "keyword", "token", "tokenize", "zlib", "binascii", "codecs", "unicodedata", "difflib", "calendar", "zoneinfo", "sched", "selectors", "concurrent", "email", "html", "xml", "json5", "toml", "tomllib", "ujson", "msgpack", "h5py"} {
		if _, ok := stdlib[q]; !ok && !forbiddenModules[q] {
			quietModules[q] = true
		}
	}
	quietModules["h5py"] = false
	delete(quietModules, "h5py")
	for _, q := range []string{"operator", "six", "yaml", "types", "contextlib", "heapq", "bisect", "numbers", "weakref", "struct", "decimal", "fractions", "statistics", "hashlib", "base64", "csv", "codecs", "uuid"} {
		// visible in warnings: these can change what a script computes
		delete(quietModules, q)
	}
}

// ---- functools ----

type partial struct {
	fn     Value
	args   Tuple
	kwargs []KV
}

func (p *partial) String() string { return "functools.partial(" + Repr(p.fn) + ", ...)" }
func (p *partial) Type() string   { return "functools.partial" }
func (p *partial) Name() string   { return callableName(p.fn) }
func (p *partial) Call(th *Thread, args Tuple, kwargs []KV) (Value, error) {
	all := append(append(Tuple(nil), p.args...), args...)
	kw := append([]KV(nil), p.kwargs...)
	for _, k := range kwargs {
		replaced := false
		for i := range kw {
			if kw[i].Name == k.Name {
				kw[i].Value = k.Value
				replaced = true
			}
		}
		if !replaced {
			kw = append(kw, k)
		}
	}
	return th.Call(p.fn, all, kw)
}
func (p *partial) Attr(th *Thread, name string) (Value, error) {
	switch name {
	case "func":
		return p.fn, nil
	case "args":
		return p.args, nil
	case "keywords":
		d := NewDict()
		for _, k := range p.kwargs {
			d.SetString(k.Name, k.Value)
		}
		return d, nil
	case "__name__":
		return th.GetAttr(p.fn, "__name__")
	}
	return nil, nil
}
func (p *partial) AttrNames() []string { return []string{"args", "func", "keywords"} }

func identityDecorator(name string) *Builtin {
	var self *Builtin
	self = NewBuiltin(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 1 && len(kwargs) == 0 {
			switch args[0].(type) {
			case *Function, *Builtin, *BoundMethod, *Class, *partial:
				return args[0], nil
			}
		}
		// called with options: return the decorator
		return self, nil
	})
	return self
}

func functoolsModule(th *Thread) (*Module, error) {
	m := NewModule("functools")
	m.SetFunc("partial", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 0 {
			return nil, NewError(TypeError, "partial() needs a callable")
		}
		return &partial{fn: args[0], args: append(Tuple(nil), args[1:]...), kwargs: kwargs}, nil
	})
	m.SetFunc("reduce", reduceFn)
	m.Set("lru_cache", identityDecorator("lru_cache"))
	m.Set("cache", identityDecorator("cache"))
	m.Set("total_ordering", identityDecorator("total_ordering"))
	m.Set("singledispatch", identityDecorator("singledispatch"))
	m.SetFunc("cached_property", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "cached_property() takes exactly one argument")
		}
		return &Property{name: callableName(args[0]), fget: args[0]}, nil
	})
	m.SetFunc("wraps", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 1 {
			return nil, NewError(TypeError, "wraps() needs the wrapped function")
		}
		wrapped := args[0]
		return NewBuiltin("wraps_decorator", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 1 {
				return nil, NewError(TypeError, "decorator takes exactly one argument")
			}
			if f, ok := args[0].(*Function); ok {
				if n, err := th.GetAttr(wrapped, "__name__"); err == nil {
					f.attrs.Set("__name__", n)
				}
				f.attrs.Set("__wrapped__", wrapped)
			}
			return args[0], nil
		}), nil
	})
	m.SetFunc("update_wrapper", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 1 {
			return nil, NewError(TypeError, "update_wrapper() needs a wrapper")
		}
		return args[0], nil
	})
	return m, nil
}

// ---- itertools ----

func itertoolsModule(th *Thread) (*Module, error) {
	m := NewModule("itertools")
	iterOf := func(th *Thread, v Value) (Iterator, error) { return th.Iterate(v) }
	chain := func(th *Thread, args Tuple) (Value, error) {
		i := 0
		var cur Iterator
		return &iterValue{name: "chain", it: funcIter(func(th *Thread) (Value, bool, error) {
			for {
				if cur == nil {
					if i >= len(args) {
						return nil, false, nil
					}
					it, err := iterOf(th, args[i])
					if err != nil {
						return nil, false, err
					}
					cur = it
					i++
				}
				v, ok, err := cur.Next(th)
				if err != nil || ok {
					return v, ok, err
				}
				cur = nil
			}
		})}, nil
	}
	chainFn := &builtinAttrs{Builtin: NewBuiltin("chain", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return chain(th, args) })}
	chainFn.attrs.Set("from_iterable", NewBuiltin("from_iterable", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "from_iterable() takes exactly one argument")
		}
		items, err := th.collect(args[0], -1)
		if err != nil {
			return nil, err
		}
		return chain(th, items)
	}))
	m.Set("chain", chainFn)
	m.SetFunc("count", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var start, step Value = Int(0), Int(1)
		if err := UnpackArgs("count", args, kwargs, "start?", &start, "step?", &step); err != nil {
			return nil, err
		}
		cur := start
		return &iterValue{name: "count", it: funcIter(func(th *Thread) (Value, bool, error) {
			v := cur
			next, err := th.Binary(opAdd, cur, step)
			if err != nil {
				return nil, false, err
			}
			cur = next
			return v, true, nil
		})}, nil
	})
	m.SetFunc("repeat", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var x Value
		times := int64(-1)
		if err := UnpackArgs("repeat", args, kwargs, "object", &x, "times?", &times); err != nil {
			return nil, err
		}
		n := int64(0)
		return &iterValue{name: "repeat", it: funcIter(func(th *Thread) (Value, bool, error) {
			if times >= 0 && n >= times {
				return nil, false, nil
			}
			n++
			return x, true, nil
		})}, nil
	})
	m.SetFunc("cycle", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "cycle expected 1 argument")
		}
		items, err := th.collect(args[0], -1)
		if err != nil {
			return nil, err
		}
		i := 0
		return &iterValue{name: "cycle", it: funcIter(func(th *Thread) (Value, bool, error) {
			if len(items) == 0 {
				return nil, false, nil
			}
			v := items[i%len(items)]
			i++
			return v, true, nil
		})}, nil
	})
	m.SetFunc("islice", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 2 || len(args) > 4 {
			return nil, NewError(TypeError, "islice expected 2 to 4 arguments")
		}
		it, err := th.Iterate(args[0])
		if err != nil {
			return nil, err
		}
		start, stop, step := int64(0), int64(-1), int64(1)
		get := func(v Value, def int64) (int64, error) {
			if v == None {
				return def, nil
			}
			return AsInt(v)
		}
		if len(args) == 2 {
			if stop, err = get(args[1], -1); err != nil {
				return nil, err
			}
		} else {
			if start, err = get(args[1], 0); err != nil {
				return nil, err
			}
			if stop, err = get(args[2], -1); err != nil {
				return nil, err
			}
			if len(args) == 4 {
				if step, err = get(args[3], 1); err != nil {
					return nil, err
				}
			}
		}
		if step < 1 {
			return nil, NewError(ValueError, "step for islice() must be a positive integer")
		}
		pos := int64(0)
		next := start
		return &iterValue{name: "islice", it: funcIter(func(th *Thread) (Value, bool, error) {
			for {
				if stop >= 0 && next >= stop {
					return nil, false, nil
				}
				v, ok, err := it.Next(th)
				if err != nil || !ok {
					return nil, false, err
				}
				p := pos
				pos++
				if p == next {
					next += step
					return v, true, nil
				}
			}
		})}, nil
	})
	m.SetFunc("product", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		repeat := 1
		if err := UnpackArgs("product", nil, kwargs, "repeat?", &repeat); err != nil {
			return nil, err
		}
		var pools [][]Value
		for r := 0; r < repeat; r++ {
			for _, a := range args {
				items, err := th.collect(a, -1)
				if err != nil {
					return nil, err
				}
				pools = append(pools, items)
			}
		}
		result := []Tuple{{}}
		for _, pool := range pools {
			var next []Tuple
			for _, r := range result {
				for _, x := range pool {
					t := append(append(Tuple(nil), r...), x)
					next = append(next, t)
				}
			}
			if err := th.alloc(int64(len(next) * (len(pools) + 1))); err != nil {
				return nil, err
			}
			result = next
		}
		out := make([]Value, len(result))
		for i, r := range result {
			out[i] = r
		}
		return &iterValue{name: "product", it: &sliceIter{elems: out}}, nil
	})
	combos := func(name string, perm, repl bool) {
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			var it, rv Value
			if err := UnpackArgs(name, args, kwargs, "iterable", &it, "r?", &rv); err != nil {
				return nil, err
			}
			pool, err := th.collect(it, -1)
			if err != nil {
				return nil, err
			}
			r := len(pool)
			if rv != nil && rv != None {
				n, err := AsInt(rv)
				if err != nil {
					return nil, err
				}
				r = int(n)
			}
			var out []Value
			var cur []int
			used := make([]bool, len(pool))
			var rec func(start int) error
			rec = func(start int) error {
				if err := th.step(); err != nil {
					return err
				}
				if len(cur) == r {
					t := make(Tuple, r)
					for i, j := range cur {
						t[i] = pool[j]
					}
					if err := th.alloc(int64(r + 1)); err != nil {
						return err
					}
					out = append(out, t)
					return nil
				}
				for j := 0; j < len(pool); j++ {
					if perm {
						if used[j] {
							continue
						}
						used[j] = true
					} else if j < start || (!repl && j == start-1) {
						continue
					}
					cur = append(cur, j)
					next := j + 1
					if repl {
						next = j
					}
					err := rec(next)
					cur = cur[:len(cur)-1]
					if perm {
						used[j] = false
					}
					if err != nil {
						return err
					}
				}
				return nil
			}
			if r <= len(pool) || repl {
				if err := rec(0); err != nil {
					return nil, err
				}
			}
			return &iterValue{name: name, it: &sliceIter{elems: out}}, nil
		})
	}
	combos("permutations", true, false)
	combos("combinations", false, false)
	combos("combinations_with_replacement", false, true)
	zipLongest := func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var fill Value = None
		if err := UnpackArgs("zip_longest", nil, kwargs, "fillvalue?", &fill); err != nil {
			return nil, err
		}
		its := make([]Iterator, len(args))
		for i, a := range args {
			it, err := th.Iterate(a)
			if err != nil {
				return nil, err
			}
			its[i] = it
		}
		done := make([]bool, len(its))
		return &iterValue{name: "zip_longest", it: funcIter(func(th *Thread) (Value, bool, error) {
			t := make(Tuple, len(its))
			live := false
			for i, it := range its {
				if done[i] {
					t[i] = fill
					continue
				}
				v, ok, err := it.Next(th)
				if err != nil {
					return nil, false, err
				}
				if !ok {
					done[i] = true
					t[i] = fill
					continue
				}
				live = true
				t[i] = v
			}
			return t, live, nil
		})}, nil
	}
	m.SetFunc("zip_longest", zipLongest)
	m.SetFunc("izip_longest", zipLongest)
	m.Set("izip", builtinValue("zip"))
	m.Set("imap", builtinValue("map"))
	m.Set("ifilter", builtinValue("filter"))
	m.SetFunc("accumulate", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var it, fn, initial Value
		if err := UnpackArgs("accumulate", args, kwargs, "iterable", &it, "func?", &fn, "initial?", &initial); err != nil {
			return nil, err
		}
		items, err := th.collect(it, -1)
		if err != nil {
			return nil, err
		}
		var out []Value
		var acc Value
		if initial != nil && initial != None {
			acc = initial
			out = append(out, acc)
		}
		for _, x := range items {
			if acc == nil {
				acc = x
			} else if fn != nil && fn != None {
				if acc, err = th.Call(fn, Tuple{acc, x}, nil); err != nil {
					return nil, err
				}
			} else if acc, err = th.Binary(opAdd, acc, x); err != nil {
				return nil, err
			}
			out = append(out, acc)
		}
		return &iterValue{name: "accumulate", it: &sliceIter{elems: out}}, nil
	})
	m.SetFunc("starmap", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "starmap expected 2 arguments")
		}
		it, err := th.Iterate(args[1])
		if err != nil {
			return nil, err
		}
		fn := args[0]
		return &iterValue{name: "starmap", it: funcIter(func(th *Thread) (Value, bool, error) {
			v, ok, err := it.Next(th)
			if err != nil || !ok {
				return nil, false, err
			}
			a, err := th.collect(v, -1)
			if err != nil {
				return nil, false, err
			}
			r, err := th.Call(fn, a, nil)
			return r, err == nil, err
		})}, nil
	})
	for _, name := range []string{"takewhile", "dropwhile"} {
		name := name
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 2 {
				return nil, NewError(TypeError, "%s expected 2 arguments", name)
			}
			items, err := th.collect(args[1], -1)
			if err != nil {
				return nil, err
			}
			var out []Value
			dropping := true
			for _, x := range items {
				r, err := th.Call(args[0], Tuple{x}, nil)
				if err != nil {
					return nil, err
				}
				t, err := th.truth(r)
				if err != nil {
					return nil, err
				}
				if name == "takewhile" {
					if !t {
						break
					}
					out = append(out, x)
				} else {
					if dropping && t {
						continue
					}
					dropping = false
					out = append(out, x)
				}
			}
			return &iterValue{name: name, it: &sliceIter{elems: out}}, nil
		})
	}
	m.SetFunc("groupby", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var it, key Value
		if err := UnpackArgs("groupby", args, kwargs, "iterable", &it, "key?", &key); err != nil {
			return nil, err
		}
		items, err := th.collect(it, -1)
		if err != nil {
			return nil, err
		}
		var out []Value
		var curKey Value
		var group []Value
		flush := func() {
			if group != nil {
				out = append(out, Tuple{curKey, &iterValue{it: &sliceIter{elems: group}}})
			}
		}
		for _, x := range items {
			k := x
			if key != nil && key != None {
				if k, err = th.Call(key, Tuple{x}, nil); err != nil {
					return nil, err
				}
			}
			if group != nil {
				eq, err := th.equal(k, curKey, 0)
				if err != nil {
					return nil, err
				}
				if !eq {
					flush()
					group = nil
				}
			}
			if group == nil {
				curKey = k
				group = []Value{}
			}
			group = append(group, x)
		}
		flush()
		return &iterValue{name: "groupby", it: &sliceIter{elems: out}}, nil
	})
	m.SetFunc("tee", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 1 {
			return nil, NewError(TypeError, "tee expected at least 1 argument")
		}
		n := int64(2)
		if len(args) > 1 {
			var err error
			if n, err = AsInt(args[1]); err != nil {
				return nil, err
			}
		}
		items, err := th.collect(args[0], -1)
		if err != nil {
			return nil, err
		}
		out := make(Tuple, n)
		for i := range out {
			out[i] = &iterValue{it: &sliceIter{elems: items}}
		}
		return out, nil
	})
	return m, nil
}

// builtinAttrs is a Go function with attributes (itertools.chain.from_iterable).
type builtinAttrs struct {
	*Builtin
	attrs StrDict
}

func (b *builtinAttrs) Attr(th *Thread, name string) (Value, error) {
	v, _ := b.attrs.Get(name)
	return v, nil
}
func (b *builtinAttrs) AttrNames() []string { return b.attrs.Keys() }

func builtinValue(name string) Value {
	v, _ := builtins.Get(name)
	return v
}

// ---- collections ----

func collectionsModule(th *Thread) (*Module, error) {
	m := NewModule("collections")
	m.Set("OrderedDict", DictClass)
	m.Set("defaultdict", defaultdictClass)
	m.Set("Counter", counterClass)
	m.Set("deque", dequeClass)
	m.SetFunc("namedtuple", namedtuple)
	abc, err := collectionsAbcModule(th)
	if err != nil {
		return nil, err
	}
	m.Set("abc", abc)
	for _, n := range abc.Names() {
		if n != "__name__" {
			v, _ := abc.Get(n)
			m.Set(n, v)
		}
	}
	return m, nil
}

func collectionsAbcModule(th *Thread) (*Module, error) {
	m := NewModule("collections.abc")
	m.Set("Mapping", DictClass)
	m.Set("MutableMapping", DictClass)
	m.Set("Sequence", &typingForm{name: "Sequence"})
	m.Set("Iterable", &typingForm{name: "Iterable"})
	m.Set("Callable", &typingForm{name: "Callable"})
	m.Set("Iterator", &typingForm{name: "Iterator"})
	return m, nil
}

var defaultdictClass, counterClass, dequeClass *Class

func setupCollections() {
	defaultdictClass = NewClass("defaultdict", DictClass).SetModule("collections")
	defaultdictClass.SetMethod("__init__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		var factory Value = None
		rest := args[1:]
		if len(rest) > 0 {
			factory, rest = rest[0], rest[1:]
		}
		inst.attrs.Set("default_factory", factory)
		d := inst.Native.(*Dict)
		return None, th.dictInit(d, rest, kwargs)
	})
	defaultdictClass.SetMethod("__getitem__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		d := inst.Native.(*Dict)
		v, ok, err := d.Get(th, args[1])
		if err != nil || ok {
			return v, err
		}
		f, _ := inst.attrs.Get("default_factory")
		if f == nil || f == None {
			return nil, th.keyError(args[1])
		}
		v, err = th.Call(f, nil, nil)
		if err != nil {
			return nil, err
		}
		return v, d.Set(th, args[1], v)
	})
	counterClass = NewClass("Counter", DictClass).SetModule("collections")
	counterAdd := func(th *Thread, d *Dict, src Value, sign int64) error {
		if m, ok := asDict(src); ok {
			for _, kv := range m.Items() {
				old, _, _ := d.Get(th, kv[0])
				if old == nil {
					old = Int(0)
				}
				n, err := th.Binary(opMul, kv[1], Int(sign))
				if err != nil {
					return err
				}
				s, err := th.Binary(opAdd, old, n)
				if err != nil {
					return err
				}
				if err := d.Set(th, kv[0], s); err != nil {
					return err
				}
			}
			return nil
		}
		items, err := th.collect(src, -1)
		if err != nil {
			return err
		}
		for _, x := range items {
			old, _, err := d.Get(th, x)
			if err != nil {
				return err
			}
			n := int64(0)
			if old != nil {
				n, _ = AsInt(old)
			}
			if err := d.Set(th, x, Int(n+sign)); err != nil {
				return err
			}
		}
		return nil
	}
	counterClass.SetMethod("__init__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		d := args[0].(*Instance).Native.(*Dict)
		if len(args) > 1 {
			if err := counterAdd(th, d, args[1], 1); err != nil {
				return nil, err
			}
		}
		for _, kv := range kwargs {
			if err := d.Set(th, String(kv.Name), kv.Value); err != nil {
				return nil, err
			}
		}
		return None, nil
	})
	counterClass.SetMethod("update", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		d := args[0].(*Instance).Native.(*Dict)
		if len(args) > 1 {
			return None, counterAdd(th, d, args[1], 1)
		}
		return None, nil
	})
	counterClass.SetMethod("subtract", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		d := args[0].(*Instance).Native.(*Dict)
		if len(args) > 1 {
			return None, counterAdd(th, d, args[1], -1)
		}
		return None, nil
	})
	counterClass.SetMethod("__getitem__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		d := args[0].(*Instance).Native.(*Dict)
		v, ok, err := d.Get(th, args[1])
		if err != nil || ok {
			return v, err
		}
		return Int(0), nil
	})
	counterClass.SetMethod("most_common", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		d := args[0].(*Instance).Native.(*Dict)
		items := d.Items()
		vals := make([]Value, len(items))
		for i, it := range items {
			vals[i] = it
		}
		sorted, err := th.sortValues(vals, NewBuiltin("count", func(th *Thread, a Tuple, kw []KV) (Value, error) {
			return a[0].(Tuple)[1], nil
		}), true)
		if err != nil {
			return nil, err
		}
		if len(args) > 1 && args[1] != None {
			n, err := AsInt(args[1])
			if err != nil {
				return nil, err
			}
			if int(n) < len(sorted) {
				sorted = sorted[:n]
			}
		}
		return NewList(sorted), nil
	})
	dequeClass = NewClass("deque", ListClass).SetModule("collections")
	dequeClass.SetMethod("__init__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		var it, maxlen Value = Tuple{}, None
		if err := UnpackArgs("deque", args[1:], kwargs, "iterable?", &it, "maxlen?", &maxlen); err != nil {
			return nil, err
		}
		items, err := th.collect(it, -1)
		if err != nil {
			return nil, err
		}
		l := inst.Native.(*List)
		l.elems = append([]Value(nil), items...)
		inst.attrs.Set("maxlen", maxlen)
		return None, nil
	})
	dequeClass.SetMethod("appendleft", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		l := args[0].(*Instance).Native.(*List)
		l.elems = append([]Value{args[1]}, l.elems...)
		return None, nil
	})
	dequeClass.SetMethod("popleft", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		l := args[0].(*Instance).Native.(*List)
		if len(l.elems) == 0 {
			return nil, NewError(IndexError, "pop from an empty deque")
		}
		v := l.elems[0]
		l.elems = l.elems[1:]
		return v, nil
	})
}

func namedtuple(th *Thread, args Tuple, kwargs []KV) (Value, error) {
	var name string
	var fieldsV Value
	var defaults Value = None
	var rename bool
	var module Value
	if err := UnpackArgs("namedtuple", args, kwargs, "typename", &name, "field_names", &fieldsV, "rename?", &rename, "defaults?", &defaults, "module?", &module); err != nil {
		return nil, err
	}
	var fields []string
	if s, ok := fieldsV.(String); ok {
		fields = strings.Fields(strings.ReplaceAll(string(s), ",", " "))
	} else {
		items, err := th.collect(fieldsV, -1)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			s, err := AsString(it)
			if err != nil {
				return nil, err
			}
			fields = append(fields, s)
		}
	}
	var defs []Value
	if defaults != None {
		items, err := th.collect(defaults, -1)
		if err != nil {
			return nil, err
		}
		defs = items
	}
	return makeRecordClass(th, name, fields, defs, true)
}

// makeRecordClass builds a namedtuple-like class (tuple=true) or a plain
// record class with an __init__ over fields.
func makeRecordClass(th *Thread, name string, fields []string, defaults []Value, tuple bool) (*Class, error) {
	cls, err := newClassChecked(name, []*Class{ObjectClass})
	if err != nil {
		return nil, err
	}
	if f := th.topFrame(); f != nil {
		cls.module = f.module.name
	}
	nf := len(fields)
	fieldVals := make(Tuple, nf)
	for i, f := range fields {
		fieldVals[i] = String(f)
	}
	cls.dict.Set("_fields", fieldVals)
	cls.dict.Set("__init__", NewMethod("__init__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		vals := make(Tuple, nf)
		pos := args[1:]
		if len(pos) > nf {
			return nil, NewError(TypeError, "%s() takes %d positional arguments but %d were given", name, nf, len(pos))
		}
		copy(vals, pos)
		for _, kv := range kwargs {
			i := indexOf(fields, kv.Name)
			if i < 0 {
				return nil, NewError(TypeError, "%s() got an unexpected keyword argument '%s'%s", name, kv.Name, didYouMean(kv.Name, fields))
			}
			if vals[i] != nil {
				return nil, NewError(TypeError, "%s() got multiple values for argument '%s'", name, kv.Name)
			}
			vals[i] = kv.Value
		}
		for i := range vals {
			if vals[i] == nil {
				if j := i - (nf - len(defaults)); j >= 0 {
					vals[i] = defaults[j]
					continue
				}
				return nil, NewError(TypeError, "%s() missing required argument '%s'", name, fields[i])
			}
		}
		for i, f := range fields {
			inst.attrs.Set(f, vals[i])
		}
		if tuple {
			inst.Native = vals
		}
		return None, nil
	}))
	fieldsOf := func(inst *Instance) Tuple {
		out := make(Tuple, nf)
		for i, f := range fields {
			out[i], _ = inst.attrs.Get(f)
			if out[i] == nil {
				out[i] = None
			}
		}
		return out
	}
	cls.dict.Set("__repr__", NewMethod("__repr__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		var b strings.Builder
		b.WriteString(name + "(")
		for i, v := range fieldsOf(inst) {
			if i > 0 {
				b.WriteString(", ")
			}
			s, err := th.repr(v)
			if err != nil {
				return nil, err
			}
			b.WriteString(fields[i] + "=" + s)
		}
		b.WriteString(")")
		return String(b.String()), nil
	}))
	cls.dict.Set("__eq__", NewMethod("__eq__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		a := args[0].(*Instance)
		switch b := args[1].(type) {
		case *Instance:
			if b.Class != a.Class {
				return NotImplemented, nil
			}
			eq, err := th.equal(fieldsOf(a), fieldsOf(b), 0)
			return Bool(eq), err
		case Tuple:
			if !tuple {
				return NotImplemented, nil
			}
			eq, err := th.equal(fieldsOf(a), b, 0)
			return Bool(eq), err
		}
		return NotImplemented, nil
	}))
	cls.dict.Set("_asdict", NewMethod("_asdict", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		d := NewDict()
		for i, v := range fieldsOf(inst) {
			d.SetString(fields[i], v)
		}
		return d, nil
	}))
	cls.dict.Set("_replace", NewMethod("_replace", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst := args[0].(*Instance)
		vals := fieldsOf(inst)
		var kw []KV
		for i, v := range vals {
			kw = append(kw, KV{fields[i], v})
		}
		for _, k := range kwargs {
			i := indexOf(fields, k.Name)
			if i < 0 {
				return nil, NewError(ValueError, "got unexpected field name '%s'", k.Name)
			}
			kw[i].Value = k.Value
		}
		return th.Call(inst.Class, nil, kw)
	}))
	if tuple {
		cls.dict.Set("__iter__", NewMethod("__iter__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			return &iterValue{it: &sliceIter{elems: fieldsOf(args[0].(*Instance))}}, nil
		}))
		cls.dict.Set("__len__", NewMethod("__len__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			return Int(nf), nil
		}))
		cls.dict.Set("__getitem__", NewMethod("__getitem__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			return th.GetItem(fieldsOf(args[0].(*Instance)), args[1])
		}))
		cls.dict.Set("__hash__", NewMethod("__hash__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			h, err := Hash(th, fieldsOf(args[0].(*Instance)))
			return Int(int64(h >> 1)), err
		}))
		cls.dict.Set("__add__", NewMethod("__add__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			other := args[1]
			if i, ok := other.(*Instance); ok {
				if t, ok := i.Native.(Tuple); ok {
					other = t
				}
			}
			return th.Binary(opAdd, fieldsOf(args[0].(*Instance)), other)
		}))
	}
	classVersion.Add(1)
	return cls, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// ---- copy ----

func copyModule(th *Thread) (*Module, error) {
	m := NewModule("copy")
	m.SetFunc("copy", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "copy() takes exactly one argument")
		}
		return th.copyValue(args[0], nil, 0)
	})
	m.SetFunc("deepcopy", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 1 {
			return nil, NewError(TypeError, "deepcopy() takes at least one argument")
		}
		return th.copyValue(args[0], map[any]Value{}, 0)
	})
	return m, nil
}

// copyValue copies v: shallow when memo is nil, deep otherwise.
func (th *Thread) copyValue(v Value, memo map[any]Value, depth int) (Value, error) {
	if depth > maxNesting {
		return nil, NewError(RecursionError, "maximum recursion depth exceeded in deepcopy")
	}
	if err := th.step(); err != nil {
		return nil, err
	}
	if memo != nil {
		switch v.(type) {
		case *List, *Dict, *Set, *Instance:
			if c, ok := memo[v]; ok {
				return c, nil
			}
		}
	}
	elem := func(x Value) (Value, error) {
		if memo == nil {
			return x, nil
		}
		return th.copyValue(x, memo, depth+1)
	}
	switch x := v.(type) {
	case *List:
		out := NewList(make([]Value, len(x.elems)))
		if memo != nil {
			memo[v] = out
		}
		if err := th.alloc(int64(len(x.elems))); err != nil {
			return nil, err
		}
		for i, e := range x.elems {
			c, err := elem(e)
			if err != nil {
				return nil, err
			}
			out.elems[i] = c
		}
		return out, nil
	case Tuple:
		if memo == nil {
			return x, nil
		}
		out := make(Tuple, len(x))
		for i, e := range x {
			c, err := elem(e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case *Dict:
		out := NewDict()
		if memo != nil {
			memo[v] = out
		}
		for _, kv := range x.Items() {
			c, err := elem(kv[1])
			if err != nil {
				return nil, err
			}
			if err := out.Set(th, kv[0], c); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *Set:
		out := NewSet()
		for _, e := range x.Elems() {
			if err := out.Add(th, e); err != nil {
				return nil, err
			}
		}
		out.frozen = x.frozen
		return out, nil
	case *Instance:
		if m, ok := x.Class.Lookup("__deepcopy__"); ok && memo != nil {
			return th.Call(m, Tuple{x, NewDict()}, nil)
		}
		if m, ok := x.Class.Lookup("__copy__"); ok && memo == nil {
			return th.Call(m, Tuple{x}, nil)
		}
		if x.Class.goDefined() && x.Native != nil {
			if _, ok := x.Native.(*List); !ok {
				if _, ok := x.Native.(*Dict); !ok {
					return x, nil // Go state we cannot copy: share it
				}
			}
		}
		out := &Instance{Class: x.Class, Native: x.Native}
		if memo != nil {
			memo[v] = out
		}
		switch n := x.Native.(type) {
		case *List:
			c, err := th.copyValue(n, memo, depth+1)
			if err != nil {
				return nil, err
			}
			if memo == nil {
				c = NewList(append([]Value(nil), n.elems...))
			}
			out.Native = c
		case *Dict:
			c, err := th.copyValue(n, memo, depth+1)
			if err != nil {
				return nil, err
			}
			out.Native = c
		}
		for i, k := range x.attrs.keys {
			c, err := elem(x.attrs.vals[i])
			if err != nil {
				return nil, err
			}
			out.attrs.Set(k, c)
		}
		return out, nil
	}
	return v, nil
}

// ---- random (deterministic) ----

func randomModule(th *Thread) (*Module, error) {
	m := NewModule("random")
	rng := rand.New(rand.NewPCG(0, 0))
	m.SetFunc("seed", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var s uint64
		if len(args) > 0 {
			h, err := Hash(th, args[0])
			if err == nil {
				s = h
			}
		}
		rng = rand.New(rand.NewPCG(s, 0))
		return None, nil
	})
	m.SetFunc("random", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return Float(rng.Float64()), nil })
	m.SetFunc("uniform", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var a, b float64
		if err := UnpackArgs("uniform", args, kwargs, "a", &a, "b", &b); err != nil {
			return nil, err
		}
		return Float(a + (b-a)*rng.Float64()), nil
	})
	m.SetFunc("gauss", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		mu, sigma := 0.0, 1.0
		if err := UnpackArgs("gauss", args, kwargs, "mu?", &mu, "sigma?", &sigma); err != nil {
			return nil, err
		}
		return Float(mu + sigma*rng.NormFloat64()), nil
	})
	m.Set("normalvariate", m.members.vals[len(m.members.vals)-1])
	m.SetFunc("randint", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var a, b int64
		if err := UnpackArgs("randint", args, kwargs, "a", &a, "b", &b); err != nil {
			return nil, err
		}
		if b < a {
			return nil, NewError(ValueError, "empty range for randint()")
		}
		return Int(a + rng.Int64N(b-a+1)), nil
	})
	m.SetFunc("randrange", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		r, err := makeRange(args, kwargs, "randrange")
		if err != nil {
			return nil, err
		}
		rr := r.(*Range)
		n := rr.len64()
		if n == 0 {
			return nil, NewError(ValueError, "empty range for randrange()")
		}
		return rr.at(rng.Int64N(n)), nil
	})
	m.SetFunc("choice", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "choice() takes exactly one argument")
		}
		n, err := th.Len(args[0])
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, NewError(IndexError, "Cannot choose from an empty sequence")
		}
		return th.GetItem(args[0], Int(rng.IntN(n)))
	})
	m.SetFunc("shuffle", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 1 {
			return nil, NewError(TypeError, "shuffle() takes exactly one argument")
		}
		l, ok := asList(args[0])
		if !ok {
			return None, nil
		}
		rng.Shuffle(len(l.elems), func(i, j int) { l.elems[i], l.elems[j] = l.elems[j], l.elems[i] })
		return None, nil
	})
	m.SetFunc("sample", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var pop Value
		var k int
		if err := UnpackArgs("sample", args, kwargs, "population", &pop, "k", &k); err != nil {
			return nil, err
		}
		items, err := th.collect(pop, -1)
		if err != nil {
			return nil, err
		}
		if k < 0 || k > len(items) {
			return nil, NewError(ValueError, "Sample larger than population or is negative")
		}
		perm := rng.Perm(len(items))
		out := make([]Value, k)
		for i := 0; i < k; i++ {
			out[i] = items[perm[i]]
		}
		return NewList(out), nil
	})
	return m, nil
}

func stringModule(th *Thread) (*Module, error) {
	m := NewModule("string")
	m.Set("ascii_lowercase", String("abcdefghijklmnopqrstuvwxyz"))
	m.Set("ascii_uppercase", String("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
	m.Set("ascii_letters", String("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
	m.Set("letters", String("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
	m.Set("digits", String("0123456789"))
	m.Set("hexdigits", String("0123456789abcdefABCDEF"))
	m.Set("octdigits", String("01234567"))
	m.Set("punctuation", String("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"))
	m.Set("whitespace", String(" \t\n\r\x0b\x0c"))
	m.Set("printable", String("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"))
	return m, nil
}

var _ = math.Pi

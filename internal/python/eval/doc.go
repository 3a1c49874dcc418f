// Package eval runs the Python code people write to build models, in a
// sandbox, without Python. It executes the AST of package syntax (which
// parses Python 3 and the Python 2 forms still found in old Keras code)
// with Python 3 semantics, and gives native Go modules (keras, torch.nn,
// ...) the hooks they need to record what the code builds.
//
// It imports package syntax and package diag only.
//
// # Running code
//
//	th := eval.NewThread(eval.Options{
//		Context:    ctx,                  // timeouts
//		SearchPath: []string{scriptDir},  // where "import mymodels" looks for mymodels.py
//		Files:      uploaded,             // or module sources in memory: "utils.py" -> bytes
//		Argv:       []string{"model.py", "--units", "64"}, // sys.argv; argparse reads it
//		Print:      func(th *eval.Thread, line string) { ... },
//	})
//	mod, err := th.ExecFile("model.py", src) // runs as __main__
//	v, _ := mod.Get("model")                 // the script's globals
//	for _, w := range th.Warnings() { ... }  // diag.Warning: unknown modules, ...
//
// Other Thread methods work on values the way Python would: Call,
// CallMethod, GetAttr, SetAttr, HasAttr, GetItem, SetItem, Binary,
// Compare, Unary, Truth, Equal, Len, Iterate, Collect, Str, Repr, Import.
// Thread.Pos and Thread.CallStack tell native code where the Python code
// is (to record a layer's source position); SetLocal/Local keep per-run
// Go state; Warn records a warning once.
//
// err is a diag.ErrorList of syntax errors, or an *EvalError: Error()
// gives "model.py:12:5: ValueError: ..." and Backtrace() a Python-like
// traceback with file:line:col per frame. An EvalError from a Go error
// (returned by a native function) unwraps to that error, so errors.As
// works on it; budget stops unwrap to ErrSteps, ErrAlloc, ErrRecursion or
// ErrCanceled. Native code that calls back into Python (th.Call) should
// return the EvalErrors it gets unchanged, so that Python tracebacks and
// exception classes survive.
//
// # Values
//
// A Value has String() (str) and Type() (type name). The built-in types
// are None, Bool, Int (int64; overflow is an OverflowError), Float,
// String, Bytes, Tuple, *List, *Dict (insertion-ordered), *Set, *Range,
// *Slice, *Function (Python), *Builtin (Go), *BoundMethod, *Class,
// *Instance, *Module and *Opaque (unknown values). Go values of other
// types take part through optional interfaces:
//
//	HasAttrs    x.name             Attr(th, name) (Value, error); (nil, nil) = no such attribute
//	HasSetAttr  x.name = v
//	Callable    x(...)             Name(), Call(th, args, kwargs)
//	HasBinary   x + y, x @ y, x < y  Binary(th, op, other, right) — (nil, nil) = not implemented
//	HasUnary    -x, ~x
//	HasGetItem  x[key]             key may be Int, *Slice, Tuple (x[:, 0]), Ellipsis, None
//	HasSetItem  x[key] = v
//	HasLen      len(x)
//	Iterable    for v in x
//	HasTruth    if x               (return an error for values with no truth, like tensors)
//	HasHash     dict keys / sets   (otherwise pointers hash by identity)
//	HasRepr     repr(x)
//	HasClass    type(x), isinstance(x, C)
//
// A symbolic tensor, for instance, implements HasAttrs (.shape, .dtype),
// HasBinary (+, *, @ record graph nodes) and HasGetItem.
//
// # Native modules
//
// Register modules once, at init time; the ModuleFunc runs once per
// Thread on first import, so classes and state made inside it belong to
// that run:
//
//	func init() {
//		eval.RegisterModule("keras.layers", func(th *eval.Thread) (*eval.Module, error) {
//			m := eval.NewModule("keras.layers")
//			m.Set("Dense", denseClass(th))
//			m.SetFunc("add", addFn)
//			return m, nil
//		})
//	}
//
// Dotted submodules link themselves: once "keras.layers" is loaded, the
// keras module gets a "layers" attribute, and "from keras import layers"
// and "keras.layers.Dense" both work. RegisterAlias("tensorflow.keras",
// "keras") maps a name and its submodules onto another. Options.Modules overrides the
// registry per thread. Module.Missing can supply attributes a module does
// not implement (for example an Opaque value with a warning).
//
// Start-up matters (netsum runs as a fresh process per model, most of them
// not Python): a package with many modules registers them from a function
// passed to RegisterLazy in its init, which runs on the first lookup, and
// builds its classes and tables there too, not in package variables. The
// interpreter itself makes only its class objects at init; their methods,
// the builtins and the standard library are built by the first NewThread.
//
// When a module starts running, the files its top-level imports will load
// from Options.SearchPath are read and parsed on the other cores
// (prefetch.go); syntax.Parse shares a parse under way and caches trees.
//
// Go functions are NewBuiltin(name, fn) with fn(th, args, kwargs). Use
// UnpackArgs for arguments: it handles positional and keyword forms,
// defaults ("name?"), historical aliases ("filters|nb_filter"), extra
// arguments ("*args", "**kwargs") and reports unknown keywords with "did
// you mean". Return NewError(ValueError, "...") for a Python exception of
// a given class; any other Go error becomes a Python Exception that
// Python code can catch and that unwraps to your error.
//
// # Classes that Python code subclasses
//
// NewClass makes a class in Go. Methods made with Class.SetMethod (or
// NewMethod) bind like Python methods and receive the instance as
// args[0]. A Python class may derive from it:
//
//	class MyLayer(keras.layers.Layer):
//	    def __init__(self, units, **kwargs):
//	        super().__init__(**kwargs)
//	        self.units = units
//	    def call(self, x):
//	        return x * 2
//
// Instances of such classes are *Instance values whose Class is the Python
// subclass; Instance.Native is free for Go state (set it in Class.OnNew,
// which runs for subclasses too, before __init__). Go code reads and calls
// the Python side through the Thread:
//
//	inst := args[0].(*eval.Instance)
//	units, _ := th.GetAttr(inst, "units")                // attributes, properties
//	out, err := th.CallMethod(inst, "call", eval.Tuple{x}, nil) // Python methods, overrides first
//	names := inst.AttrNames()                             // attributes in assignment order
//
// Attribute assignment on instances goes through __setattr__ when a class
// in the MRO defines one (Go classes may, to track sublayers as torch does);
// Instance.SetAttrDirect bypasses it. Go classes are shared by all threads
// when made at init time, so Python code cannot modify them.
//
// # Unknown modules
//
// Importing a module that is neither native, nor a Python file on the
// search path, nor forbidden gives an *Opaque value and one warning per
// module ("module "cv2" is not available; its values are treated as
// unknown"). Opaque values absorb attributes, calls, indexing and
// arithmetic and iterate as empty; using one as a condition, an int, a
// string or a length is a TypeError naming where it came from. IsOpaque
// tells them apart; NewOpaque makes one.
//
// # Sandbox and budgets
//
// Code never touches files, the network, processes or the environment.
// open, input, eval, exec, compile and __import__ raise PermissionError
// ("open() is not available in netsum's sandbox", unwrapping to
// ErrSandbox); modules such as subprocess, socket, shutil and pickle
// import, but calling anything in them raises the same error. os is a
// harmless subset: os.path string functions, os.path.exists and friends
// (always False), os.environ as an initially empty dict private to the run
// (so os.environ.get(k, default) returns default, and assignments work),
// os.getenv, and os.makedirs as a no-op; any other os function is a
// sandbox error. sys.argv is [script name], sys.version_info is (3, 11, 0,
// 'final', 0). globals() and locals() return read-only snapshots.
//
// Budgets (Options): MaxSteps (DefaultMaxSteps = 50 million: statements,
// calls, loop iterations, elements processed by builtins), MaxDepth
// (DefaultMaxDepth = 200 nested Python calls), MaxAlloc (DefaultMaxAlloc =
// 512 MiB, estimated and summed over the run: 16 bytes per list or tuple
// element, 64 per dict or set entry, 128 per object, 1 per string byte;
// [0] * 10**12 and 'a' * 10**10 fail before allocating) and Context /
// Thread.Cancel. Hitting one ends the run with an EvalError that Python
// code cannot catch (not even by except BaseException or finally).
// Native code charges its own big allocations with Thread.Alloc.
//
// # Semantics notes
//
// The standard library is partly provided: sys, os and os.path (above),
// math, typing, abc, functools, itertools, collections, copy, random
// (deterministic), string, json, argparse (defaults and Options.Argv),
// dataclasses, enum, importlib. Other common modules (time, logging,
// warnings, re, datetime, tqdm, matplotlib, ...) are unknown values
// without a warning; any other unknown module warns.
//
// Python 3 semantics apply to Python 2 code too: / on ints is true
// division, print statements are accepted, xrange, unicode, long,
// basestring, raw_input (a sandbox error), dict.iteritems/has_key and
// "except E, e" work. Ints are 64-bit. Generator functions are lazy
// (coroutines); generator expressions are evaluated eagerly. Sets and
// dicts iterate in insertion order.
package eval

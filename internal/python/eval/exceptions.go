package eval

// Built-in exception classes. Go code raises them with NewError, e.g.
// NewError(ValueError, "units must be positive, got %d", n).
var (
	BaseException       *Class
	SystemExit          *Class
	KeyboardInterrupt   *Class
	GeneratorExit       *Class
	Exception           *Class
	StopIteration       *Class
	ArithmeticError     *Class
	OverflowError       *Class
	ZeroDivisionError   *Class
	AssertionError      *Class
	AttributeError      *Class
	LookupError         *Class
	IndexError          *Class
	KeyError            *Class
	NameError           *Class
	UnboundLocalError   *Class
	OSError             *Class
	FileNotFoundError   *Class
	PermissionError     *Class
	RuntimeError        *Class
	NotImplementedError *Class
	RecursionError      *Class
	SyntaxError         *Class
	SystemError         *Class
	TypeError           *Class
	ValueError          *Class
	UnicodeError        *Class
	ImportError         *Class
	ModuleNotFoundError *Class
	MemoryError         *Class
	EOFError            *Class
	Warning             *Class
	UserWarning         *Class
	DeprecationWarning  *Class
	FutureWarning       *Class
	RuntimeWarning      *Class
)

var baseExcStr *Builtin

// newException makes an exception instance without running Python code.
func newException(cls *Class, args Tuple) *Instance {
	if args == nil {
		args = Tuple{}
	}
	inst := &Instance{Class: cls}
	inst.attrs.Set("args", args)
	return inst
}

func excClass(name string, base *Class) *Class {
	c := NewClass(name, base)
	c.exc = true
	return c
}

func setupExceptions() {
	BaseException = NewClass("BaseException")
	BaseException.exc = true
	BaseException.SetMethod("__init__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst, ok := args[0].(*Instance)
		if !ok {
			return None, nil
		}
		inst.attrs.Set("args", append(Tuple(nil), args[1:]...))
		return None, nil
	})
	baseExcStr = NewMethod("__str__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst, ok := args[0].(*Instance)
		if !ok {
			return String(""), nil
		}
		a, _ := inst.attrs.Get("args")
		t, _ := a.(Tuple)
		switch len(t) {
		case 0:
			return String(""), nil
		case 1:
			s, err := th.str(t[0])
			return String(s), err
		}
		s, err := th.repr(t)
		return String(s), err
	})
	BaseException.Set("__str__", baseExcStr)
	BaseException.SetMethod("__repr__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst, ok := args[0].(*Instance)
		if !ok {
			return String(""), nil
		}
		a, _ := inst.attrs.Get("args")
		t, _ := a.(Tuple)
		if len(t) == 1 {
			s, err := th.repr(t[0])
			return String(inst.Class.name + "(" + s + ")"), err
		}
		s, err := th.repr(t)
		return String(inst.Class.name + s), err
	})
	BaseException.SetProperty("message", func(th *Thread, self Value) (Value, error) {
		// Python 2's e.message
		inst := self.(*Instance)
		a, _ := inst.attrs.Get("args")
		if t, ok := a.(Tuple); ok && len(t) == 1 {
			return t[0], nil
		}
		return String(""), nil
	}, nil)
	BaseException.SetMethod("with_traceback", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return args[0], nil
	})
	SystemExit = excClass("SystemExit", BaseException)
	KeyboardInterrupt = excClass("KeyboardInterrupt", BaseException)
	GeneratorExit = excClass("GeneratorExit", BaseException)
	Exception = excClass("Exception", BaseException)
	StopIteration = excClass("StopIteration", Exception)
	ArithmeticError = excClass("ArithmeticError", Exception)
	OverflowError = excClass("OverflowError", ArithmeticError)
	ZeroDivisionError = excClass("ZeroDivisionError", ArithmeticError)
	AssertionError = excClass("AssertionError", Exception)
	AttributeError = excClass("AttributeError", Exception)
	LookupError = excClass("LookupError", Exception)
	IndexError = excClass("IndexError", LookupError)
	KeyError = excClass("KeyError", LookupError)
	KeyError.SetMethod("__str__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		inst, ok := args[0].(*Instance)
		if !ok {
			return String(""), nil
		}
		a, _ := inst.attrs.Get("args")
		t, _ := a.(Tuple)
		if len(t) == 1 {
			s, err := th.repr(t[0])
			return String(s), err
		}
		return th.Call(baseExcStr, args, nil)
	})
	NameError = excClass("NameError", Exception)
	UnboundLocalError = excClass("UnboundLocalError", NameError)
	OSError = excClass("OSError", Exception)
	FileNotFoundError = excClass("FileNotFoundError", OSError)
	PermissionError = excClass("PermissionError", OSError)
	RuntimeError = excClass("RuntimeError", Exception)
	NotImplementedError = excClass("NotImplementedError", RuntimeError)
	RecursionError = excClass("RecursionError", RuntimeError)
	SyntaxError = excClass("SyntaxError", Exception)
	SystemError = excClass("SystemError", Exception)
	TypeError = excClass("TypeError", Exception)
	ValueError = excClass("ValueError", Exception)
	UnicodeError = excClass("UnicodeError", ValueError)
	ImportError = excClass("ImportError", Exception)
	ModuleNotFoundError = excClass("ModuleNotFoundError", ImportError)
	MemoryError = excClass("MemoryError", Exception)
	EOFError = excClass("EOFError", Exception)
	Warning = excClass("Warning", Exception)
	UserWarning = excClass("UserWarning", Warning)
	DeprecationWarning = excClass("DeprecationWarning", Warning)
	FutureWarning = excClass("FutureWarning", Warning)
	RuntimeWarning = excClass("RuntimeWarning", Warning)
}

func exceptionClasses() []*Class {
	return []*Class{BaseException, SystemExit, KeyboardInterrupt, GeneratorExit, Exception,
		StopIteration, ArithmeticError, OverflowError, ZeroDivisionError, AssertionError,
		AttributeError, LookupError, IndexError, KeyError, NameError, UnboundLocalError,
		OSError, FileNotFoundError, PermissionError, RuntimeError, NotImplementedError,
		RecursionError, SyntaxError, SystemError, TypeError, ValueError, UnicodeError,
		ImportError, ModuleNotFoundError, MemoryError, EOFError, Warning, UserWarning,
		DeprecationWarning, FutureWarning, RuntimeWarning}
}

package eval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/python/syntax"
)

// Default budgets.
const (
	DefaultMaxSteps = 50_000_000
	DefaultMaxDepth = 200
	DefaultMaxAlloc = 512 << 20
)

// Options configure a Thread. The zero value is usable.
type Options struct {
	// Context cancels the run when done (for timeouts).
	Context context.Context
	// MaxSteps bounds the work: one step per statement, call, loop
	// iteration and element processed by a builtin. 0 means
	// DefaultMaxSteps; negative means unlimited.
	MaxSteps int64
	// MaxDepth bounds the Python call depth (0: DefaultMaxDepth).
	MaxDepth int
	// MaxAlloc bounds allocation, in estimated bytes summed over the run:
	// 16 per list or tuple element, 64 per dict or set entry, 128 per
	// object, 1 per string byte (0: DefaultMaxAlloc = 512 MiB; negative:
	// unlimited). Big requests fail before anything is allocated.
	MaxAlloc int64
	// Print receives the output of print() and print statements, one call
	// per printed line (without the newline). Nil discards it.
	Print func(th *Thread, msg string)
	// Modules adds or overrides native modules for this thread; names not
	// found here come from RegisterModule's registry.
	Modules map[string]ModuleFunc
	// Files holds module sources in memory, by slash-separated path
	// relative to a virtual root ("utils.py", "models/__init__.py"); import
	// statements look here before SearchPath (for uploads, tests).
	Files map[string][]byte
	// SearchPath lists directories searched for Python modules (name.py or
	// name/__init__.py) by import statements. Empty: no files are read.
	SearchPath []string
	// ReadFile reads module files found on SearchPath (default os.ReadFile).
	ReadFile func(path string) ([]byte, error)
	// Stat reports whether a path exists and is a directory (default
	// os.Stat).
	Stat func(path string) (exists, isDir bool)
	// Argv is sys.argv; by default it is [filename] of ExecFile.
	Argv []string
	// Predeclared names are visible as globals of the main module (and may
	// be reassigned by it).
	Predeclared map[string]Value
}

// Thread is one run of the interpreter: its budgets, call stack, loaded
// modules, warnings and Go-side state. A Thread is not safe for concurrent
// use, except Cancel.
type Thread struct {
	// Name is a label for the run (optional).
	Name string

	opts      Options
	ctx       context.Context
	maxSteps  int64
	maxAlloc  int64
	maxDepth  int
	steps     int64
	checkAt   int64
	allocated int64
	depth     int
	cancelled atomic.Pointer[string]

	stack      []*frame
	modules    map[string]Value
	loading    map[string]bool
	prefetched map[string][]byte // module files read ahead (prefetch.go)
	warned     map[string]bool
	warnings   []diag.Warning
	locals     map[string]any
	excStack   []*EvalError
	generators []*Generator
	mainFile   string
	mainDir    string
	environ    *Dict
	pending    string // partial print line (sys.stdout.write, print(end=""))
}

// NewThread returns a thread with the given options.
func NewThread(opts Options) *Thread {
	setupRuntime()
	th := &Thread{opts: opts}
	th.ctx = opts.Context
	th.maxSteps = opts.MaxSteps
	if th.maxSteps == 0 {
		th.maxSteps = DefaultMaxSteps
	} else if th.maxSteps < 0 {
		th.maxSteps = 1<<63 - 1
	}
	th.maxAlloc = opts.MaxAlloc
	if th.maxAlloc == 0 {
		th.maxAlloc = DefaultMaxAlloc
	} else if th.maxAlloc < 0 {
		th.maxAlloc = 1<<63 - 1
	}
	th.maxDepth = opts.MaxDepth
	if th.maxDepth <= 0 {
		th.maxDepth = DefaultMaxDepth
	}
	th.checkAt = 0
	th.modules = map[string]Value{}
	th.loading = map[string]bool{}
	return th
}

// Cancel stops the thread at its next step with the given reason; safe to
// call from any goroutine.
func (th *Thread) Cancel(reason string) {
	if reason == "" {
		reason = "canceled"
	}
	th.cancelled.Store(&reason)
}

// Steps returns the number of steps executed so far.
func (th *Thread) Steps() int64 { return th.steps }

// Allocated returns the estimated bytes allocated so far.
func (th *Thread) Allocated() int64 { return th.allocated }

// Warnings returns the warnings collected so far (unknown modules, ...).
func (th *Thread) Warnings() []diag.Warning { return th.warnings }

// Warn records a warning at the current position, once per distinct key
// (key "" means the message itself).
func (th *Thread) Warn(key, msg string) {
	th.WarnAt(th.Pos(), key, msg)
}

// WarnAt records a warning at pos, once per distinct key.
func (th *Thread) WarnAt(pos syntax.Pos, key, msg string) {
	if key == "" {
		key = msg
	}
	if th.warned == nil {
		th.warned = map[string]bool{}
	}
	if th.warned[key] {
		return
	}
	th.warned[key] = true
	th.warnings = append(th.warnings, diag.Warning{Pos: pos.Diag(), Msg: msg})
}

// SetLocal stores Go-side state for the run (for native modules).
func (th *Thread) SetLocal(key string, v any) {
	if th.locals == nil {
		th.locals = map[string]any{}
	}
	th.locals[key] = v
}

// Local returns state stored with SetLocal.
func (th *Thread) Local(key string) any { return th.locals[key] }

// Pos returns the position being executed in the innermost Python frame:
// the call or statement in progress.
func (th *Thread) Pos() syntax.Pos {
	if n := len(th.stack); n > 0 {
		return th.stack[n-1].pos
	}
	return syntax.Pos{}
}

// CallStack returns the Python call stack, outermost first.
func (th *Thread) CallStack() []Frame {
	out := make([]Frame, len(th.stack))
	for i, fr := range th.stack {
		out[i] = Frame{Name: fr.name, Pos: fr.pos}
	}
	return out
}

// ---- budgets ----

// Errors that end a run; EvalError.Unwrap returns them. Python code cannot
// catch them.
var (
	ErrSteps     = errors.New("too many steps")
	ErrAlloc     = errors.New("too much memory")
	ErrRecursion = errors.New("maximum recursion depth exceeded")
	ErrCanceled  = errors.New("canceled")
	// ErrSandbox is wrapped by the errors for operations the sandbox
	// forbids (open, os.system, ...); Python code can catch those as
	// PermissionError.
	ErrSandbox = errors.New("not available in netsum's sandbox")
)

// step charges one step.
func (th *Thread) step() error {
	th.steps++
	if th.steps >= th.checkAt {
		return th.checkBudget()
	}
	return nil
}

// charge charges n steps (work done by builtins).
func (th *Thread) charge(n int64) error {
	th.steps += n
	if th.steps >= th.checkAt {
		return th.checkBudget()
	}
	return nil
}

const checkEvery = 1024

func (th *Thread) checkBudget() error {
	if th.steps >= th.maxSteps {
		return &EvalError{Msg: fmt.Sprintf("execution stopped after %d steps (the step budget; is there an endless loop?)", th.maxSteps), cause: ErrSteps}
	}
	if r := th.cancelled.Load(); r != nil {
		return &EvalError{Msg: "execution canceled: " + *r, cause: ErrCanceled}
	}
	if th.ctx != nil {
		select {
		case <-th.ctx.Done():
			return &EvalError{Msg: "execution canceled: " + th.ctx.Err().Error(), cause: fmt.Errorf("%w: %w", ErrCanceled, th.ctx.Err())}
		default:
		}
	}
	next := th.steps + checkEvery
	if next > th.maxSteps || next < 0 {
		next = th.maxSteps
	}
	th.checkAt = next
	return nil
}

// alloc charges n values (16 bytes each) before they are built.
func (th *Thread) alloc(n int64) error {
	if n < 0 || n > 1<<58 {
		return th.allocBytes(-1)
	}
	return th.allocBytes(n * 16)
}

// allocBytes charges n bytes before they are allocated.
func (th *Thread) allocBytes(n int64) error {
	if th == nil {
		return nil
	}
	if n < 0 || th.allocated+n > th.maxAlloc || th.allocated+n < 0 {
		return &EvalError{Msg: fmt.Sprintf("MemoryError: allocating %s exceeds the memory budget (%s)", fmtBytes(n), fmtBytes(th.maxAlloc)), cause: ErrAlloc}
	}
	th.allocated += n
	return nil
}

// Alloc charges about n bytes to the run's memory budget; native code calls
// it before building big values.
func (th *Thread) Alloc(n int64) error { return th.allocBytes(n) }

func fmtBytes(n int64) string {
	switch {
	case n < 0:
		return "an unbounded amount"
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ---- frames ----

type frame struct {
	fn     *Function
	name   string
	pos    syntax.Pos
	locals []Value
	free   []*Cell
	module *Module
	ns     *StrDict // class body namespace
	cls    *Cell    // class body: the class being defined (for super)
	gen    *Generator
	yield  func(Value) bool
	ret    Value
}

// Frame is one entry of a call stack.
type Frame struct {
	Name string
	Pos  syntax.Pos
}

// EvalError is a run-time error: an uncaught Python exception, an error
// from native code, or a budget or sandbox stop. Pos is where it happened;
// CallStack holds the Python frames, outermost first.
type EvalError struct {
	Msg       string
	Pos       syntax.Pos
	CallStack []Frame
	// Exception is the Python exception object; nil for budget errors and
	// cancellation, which Python code cannot catch.
	Exception *Instance
	cause     error
}

func (e *EvalError) Error() string {
	if e.Pos.IsValid() {
		return e.Pos.String() + ": " + e.Msg
	}
	return e.Msg
}

// Unwrap returns the Go error behind the exception (from native code), or
// one of ErrSteps, ErrAlloc, ErrRecursion, ErrCanceled.
func (e *EvalError) Unwrap() error { return e.cause }

// Backtrace returns a Python-like traceback followed by the error.
func (e *EvalError) Backtrace() string {
	var b strings.Builder
	b.WriteString("Traceback (most recent call last):\n")
	repeat := 0
	for i, fr := range e.CallStack {
		if i > 0 && fr == e.CallStack[i-1] {
			repeat++
			if repeat >= 3 {
				continue
			}
		} else if repeat >= 3 {
			fmt.Fprintf(&b, "  [Previous line repeated %d more times]\n", repeat-2)
			repeat = 0
		} else {
			repeat = 0
		}
		fmt.Fprintf(&b, "  %s: in %s\n", fr.Pos, fr.Name)
	}
	if repeat >= 3 {
		fmt.Fprintf(&b, "  [Previous line repeated %d more times]\n", repeat-2)
	}
	b.WriteString(e.Error())
	return b.String()
}

// TypeName returns the exception class name, or "" for budget errors.
func (e *EvalError) TypeName() string {
	if e.Exception == nil {
		return ""
	}
	return e.Exception.Class.name
}

// errorAt turns err into an *EvalError located at pos (EvalErrors that
// already have a position pass through).
func (th *Thread) errorAt(pos syntax.Pos, err error) error {
	var ee *EvalError
	if errors.As(err, &ee) {
		if !ee.Pos.IsValid() {
			ee.Pos = pos
			ee.CallStack = th.snapshot(pos)
		}
		return ee
	}
	return th.newEvalError(pos, err)
}

func (th *Thread) snapshot(pos syntax.Pos) []Frame {
	out := make([]Frame, len(th.stack))
	for i, fr := range th.stack {
		out[i] = Frame{Name: fr.name, Pos: fr.pos}
	}
	if len(out) > 0 && pos.IsValid() {
		out[len(out)-1].Pos = pos
	}
	return out
}

// newEvalError wraps a Go error (from native code or the interpreter) as a
// Python exception.
func (th *Thread) newEvalError(pos syntax.Pos, err error) *EvalError {
	cls := Exception
	msg := err.Error()
	var cause error = err
	var ne *nativeError
	var ce interface{ Exception() *Class }
	switch {
	case errors.As(err, &ne):
		cls, msg = ne.cls, ne.msg
		if ne.cause != nil {
			cause = ne.cause
		}
	case errors.As(err, &ce):
		cls = ce.Exception()
	}
	exc := &Instance{Class: cls}
	if ne != nil && ne.args != nil {
		exc.attrs.Set("args", ne.args)
	} else {
		exc.attrs.Set("args", Tuple{String(msg)})
	}
	ee := &EvalError{Pos: pos, CallStack: th.snapshot(pos), Exception: exc, cause: cause}
	if ne != nil || cls != Exception {
		ee.Msg = cls.name + ": " + msg
	} else {
		ee.Msg = msg // plain Go error: its text says enough
	}
	exc.Native = ee
	return ee
}

// nativeError is an error with a Python exception class, made by NewError.
type nativeError struct {
	cls   *Class
	msg   string
	args  Tuple // exception args, when not (msg,)
	cause error
}

func (e *nativeError) Error() string { return e.cls.name + ": " + e.msg }
func (e *nativeError) Unwrap() error { return e.cause }

// NewError returns an error that Python code sees as an exception of class
// cls (ValueError, TypeError, ...). A %w verb keeps the wrapped error for
// errors.Is/As on the final *EvalError.
func NewError(cls *Class, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &nativeError{cls: cls, msg: err.Error(), cause: errors.Unwrap(err)}
}

// sandboxError reports an operation that the sandbox forbids.
func sandboxError(what string) error {
	return &nativeError{cls: PermissionError, msg: what + " is not available in netsum's sandbox", cause: ErrSandbox}
}

// ---- running files ----

// ExecFile parses and runs a Python file as the main module (__name__ ==
// "__main__"). It returns the module, whose members are the file's
// globals, even when the run fails part way. Errors are a diag.ErrorList
// of syntax errors or an *EvalError.
func (th *Thread) ExecFile(filename string, src []byte) (mod *Module, err error) {
	defer th.finish(&err)
	f, err := syntax.Parse(filename, src)
	if err != nil {
		return nil, err
	}
	if th.mainFile == "" {
		th.mainFile = filename
		th.mainDir = filepath.Dir(filename)
	}
	mod = NewModule("__main__")
	mod.file = filename
	mod.members.Set("__name__", String("__main__"))
	mod.members.Set("__file__", String(filename))
	mod.members.Set("__doc__", None)
	mod.members.Set("__package__", None)
	for k, v := range th.opts.Predeclared {
		mod.members.Set(k, v)
	}
	th.modules["__main__"] = mod
	err = th.execModule(f, mod)
	return mod, err
}

// finish closes generators left open and turns panics into errors.
func (th *Thread) finish(errp *error) {
	if r := recover(); r != nil {
		if rp, ok := r.(runtimePanic); ok {
			*errp = rp.err
		} else {
			*errp = &EvalError{Msg: fmt.Sprintf("internal error: %v", r), Pos: th.Pos(), CallStack: th.CallStack()}
			panicHook(r)
		}
		th.stack = th.stack[:0]
		th.depth = 0
	}
	gens := th.generators
	th.generators = nil
	for _, g := range gens {
		g.close()
	}
	th.FlushOutput()
}

// runtimePanic carries an error through a panic (not used for control
// flow in normal runs).
type runtimePanic struct{ err error }

// panicHook is replaced by tests to surface internal errors.
var panicHook = func(any) {}

func (th *Thread) execModule(f *syntax.File, mod *Module) error {
	fr := &frame{name: "<module>", module: mod}
	fr.locals = make([]Value, len(f.Locals))
	if len(th.stack) >= th.maxDepth+50 {
		return th.errorAt(syntax.Pos{}, &EvalError{Msg: "RecursionError: imports nested too deeply", cause: ErrRecursion})
	}
	th.stack = append(th.stack, fr)
	defer func() { th.stack = th.stack[:len(th.stack)-1] }()
	th.prefetchImports(f, mod)
	_, err := th.execBlock(fr, f.Body)
	if err != nil {
		var ee *EvalError
		if errors.As(err, &ee) && ee.Exception != nil && ee.Exception.Class == SystemExit {
			// sys.exit(): the run ends here.
			return ee
		}
	}
	return err
}

// defaultReadFile reads module files for SearchPath.
func defaultReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

func defaultStat(path string) (bool, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, false
	}
	return true, fi.IsDir()
}

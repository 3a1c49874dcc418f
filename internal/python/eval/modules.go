package eval

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/netsum/netsum/internal/python/syntax"
)

// Module is a module: a native module made in Go, or a Python file.
type Module struct {
	name    string
	file    string
	members StrDict
	native  bool
	pkg     string // package for relative imports
	isPkg   bool
	// Missing, if set, supplies attributes the module does not have (for
	// instance an opaque value with a warning, for a layer that the Go
	// module does not implement).
	Missing func(th *Thread, m *Module, name string) (Value, error)
}

// NewModule returns an empty module.
func NewModule(name string) *Module {
	m := &Module{name: name}
	m.members.Set("__name__", String(name))
	return m
}

func (m *Module) String() string {
	if m.file != "" {
		return fmt.Sprintf("<module '%s' from '%s'>", m.name, m.file)
	}
	return fmt.Sprintf("<module '%s'>", m.name)
}

// Type returns "module".
func (*Module) Type() string { return "module" }

// Name returns the module's dotted name.
func (m *Module) Name() string { return m.name }

// File returns the source file of a Python module, or "".
func (m *Module) File() string { return m.file }

// Set sets a member.
func (m *Module) Set(name string, v Value) *Module { m.members.Set(name, v); return m }

// SetFunc adds a Go function member.
func (m *Module) SetFunc(name string, fn BuiltinFunc) *Module {
	return m.Set(name, NewBuiltin(name, fn))
}

// Get returns a member.
func (m *Module) Get(name string) (Value, bool) { return m.members.Get(name) }

// Names lists the members in definition order.
func (m *Module) Names() []string { return m.members.Keys() }

// ModuleFunc builds a native module for one thread. It runs at most once
// per thread, on first import; classes and state created inside it belong
// to that thread.
type ModuleFunc func(th *Thread) (*Module, error)

var (
	registryMu sync.RWMutex
	registry   = map[string]ModuleFunc{}
)

// RegisterModule makes a native module importable by every thread under
// the given dotted name (e.g. "keras.layers"). Submodule attributes are
// linked automatically: after "keras.layers" loads, keras.layers resolves
// even if the keras module does not set it. Registering a name again
// replaces it.
func RegisterModule(name string, fn ModuleFunc) {
	registryMu.Lock()
	registry[name] = fn
	registryMu.Unlock()
}

var (
	lazyMu      sync.Mutex
	lazy        []func()
	lazyPending atomic.Bool
)

// RegisterLazy defers module registrations: fn, which calls
// RegisterModule (and RegisterAlias), runs once, before the registry is
// first read (a thread importing a module, RegisteredModules). A package
// that provides many modules registers them this way from its init, so a
// process that never runs Python code does not build them at start-up.
// fn must not import modules or make threads.
func RegisterLazy(fn func()) {
	lazyMu.Lock()
	lazy = append(lazy, fn)
	lazyPending.Store(true)
	lazyMu.Unlock()
}

// loadLazy runs the pending RegisterLazy functions.
func loadLazy() {
	if !lazyPending.Load() {
		return
	}
	lazyMu.Lock()
	defer lazyMu.Unlock()
	for len(lazy) > 0 {
		fns := lazy
		lazy = nil
		for _, fn := range fns {
			fn()
		}
	}
	lazyPending.Store(false)
}

var aliases = map[string]string{}

// RegisterAlias makes imports of alias (and of its submodules) resolve to
// target: RegisterAlias("tensorflow.keras", "keras") makes
// "from tensorflow.keras.layers import Dense" import keras.layers. Both
// names then refer to the same module objects.
func RegisterAlias(alias, target string) {
	registryMu.Lock()
	aliases[alias] = target
	registryMu.Unlock()
}

// resolveAlias maps name through the longest matching alias.
func resolveAlias(name string) (string, bool) {
	loadLazy()
	registryMu.RLock()
	defer registryMu.RUnlock()
	if len(aliases) == 0 {
		return name, false
	}
	for prefix := name; prefix != ""; {
		if t, ok := aliases[prefix]; ok {
			return t + name[len(prefix):], true
		}
		i := strings.LastIndexByte(prefix, '.')
		if i < 0 {
			break
		}
		prefix = prefix[:i]
	}
	return name, false
}

// RegisteredModules lists the registered module names, sorted.
func RegisteredModules() []string {
	loadLazy()
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (th *Thread) moduleFunc(name string) ModuleFunc {
	if fn, ok := th.opts.Modules[name]; ok {
		return fn
	}
	loadLazy()
	registryMu.RLock()
	fn := registry[name]
	registryMu.RUnlock()
	if fn == nil {
		fn = stdlib[name]
	}
	return fn
}

// forbiddenModules can be imported, but using anything in them is a
// sandbox error.
var forbiddenModules = map[string]bool{
	"subprocess": true, "socket": true, "shutil": true, "ctypes": true, "multiprocessing": true,
	"signal": true, "urllib": true, "urllib2": true, "urllib3": true, "http": true, "requests": true,
	"ftplib": true, "smtplib": true, "telnetlib": true, "pty": true, "fcntl": true, "resource": true,
	"pickle": true, "cPickle": true, "marshal": true, "shelve": true, "tempfile": true, "glob": true,
	"io": true, "builtins": true, "__builtin__": true, "threading": true, "asyncio": true,
	"webbrowser": true, "ssl": true, "select": true, "mmap": true, "sqlite3": true, "zipfile": true,
	"tarfile": true, "gzip": true, "bz2": true, "lzma": true, "pathlib": true, "fileinput": true,
	"code": true, "pdb": true, "runpy": true, "posix": true, "nt": true, "wget": true, "h5py": false,
}

// Import imports a module by its absolute dotted name and returns it: a
// *Module, or an opaque value for a module that is not available.
func (th *Thread) Import(name string) (Value, error) {
	if v, ok := th.modules[name]; ok {
		return v, nil
	}
	if target, ok := resolveAlias(name); ok && target != name {
		v, err := th.Import(target)
		if err != nil {
			return nil, err
		}
		th.modules[name] = v
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			if p, err := th.Import(name[:i]); err == nil {
				if pm, ok := p.(*Module); ok {
					if _, has := pm.members.Get(name[i+1:]); !has {
						pm.members.Set(name[i+1:], v)
					}
				}
			}
		}
		return v, nil
	}
	var parent Value
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		p, err := th.Import(name[:i])
		if err != nil {
			return nil, err
		}
		parent = p
		if v, ok := th.modules[name]; ok {
			return v, nil
		}
		switch p := p.(type) {
		case *Opaque:
			if _, isAlias := resolveAlias(name); !isAlias && th.moduleFunc(name) == nil {
				o := p.derive(th, name[i:])
				o.path = name
				th.modules[name] = o
				return o, nil
			}
		case *sandboxModule:
			s := &sandboxModule{name: name}
			th.modules[name] = s
			return s, nil
		}
	}
	v, err := th.loadModule(name)
	if err != nil {
		return nil, err
	}
	th.modules[name] = v
	if pm, ok := parent.(*Module); ok {
		last := name[strings.LastIndexByte(name, '.')+1:]
		if _, has := pm.members.Get(last); !has {
			pm.members.Set(last, v)
		}
	}
	return v, nil
}

func (th *Thread) loadModule(name string) (Value, error) {
	if th.loading[name] {
		return nil, NewError(ImportError, "circular import of native module %s", name)
	}
	if fn := th.moduleFunc(name); fn != nil {
		th.loading[name] = true
		m, err := fn(th)
		delete(th.loading, name)
		if err != nil {
			return nil, err
		}
		if m == nil {
			return nil, NewError(ImportError, "module %s failed to load", name)
		}
		if m.name == "" {
			m.name = name
		}
		m.native = true
		return m, nil
	}
	if m, found, err := th.importFile(name); found || err != nil {
		if err != nil {
			return nil, err
		}
		return m, nil
	}
	root, _, _ := strings.Cut(name, ".")
	if forbiddenModules[root] {
		return &sandboxModule{name: name}, nil
	}
	if quietModules[root] {
		return &Opaque{module: root, expr: name, quiet: true, path: name}, nil
	}
	th.Warn("module:"+root, fmt.Sprintf("module %q is not available; its values are treated as unknown", name))
	return &Opaque{module: root, expr: name, pos: th.Pos(), path: name}, nil
}

// quietModules are stand-ins whose values are unknown without a warning
// (they never matter for a model's structure).
var quietModules = map[string]bool{
	"tqdm": true, "matplotlib": true, "seaborn": true, "IPython": true, "pylab": true,
	"wandb": true, "tensorboard": true, "tensorboardX": true, "mlflow": true, "comet_ml": true,
	"rich": true, "colorama": true, "termcolor": true, "pprint": true, "traceback": true,
	"gc": true, "inspect": true, "platform": true, "getpass": true, "socketserver": false,
}

// importFile finds name on the search path and runs it.
func (th *Thread) importFile(name string) (Value, bool, error) {
	if len(th.opts.Files) > 0 {
		rel := strings.ReplaceAll(name, ".", "/")
		if src, ok := th.opts.Files[rel+".py"]; ok {
			m, err := th.runModuleFile(name, rel+".py", src, false)
			return m, true, err
		}
		if src, ok := th.opts.Files[rel+"/__init__.py"]; ok {
			m, err := th.runModuleFile(name, rel+"/__init__.py", src, true)
			return m, true, err
		}
		for k := range th.opts.Files {
			if strings.HasPrefix(k, rel+"/") {
				m := NewModule(name) // namespace package
				m.isPkg, m.pkg = true, name
				return m, true, nil
			}
		}
	}
	if len(th.opts.SearchPath) == 0 {
		return nil, false, nil
	}
	stat := th.opts.Stat
	if stat == nil {
		stat = defaultStat
	}
	rel := filepath.FromSlash(strings.ReplaceAll(name, ".", "/"))
	for _, dir := range th.opts.SearchPath {
		base := filepath.Join(dir, rel)
		for _, cand := range []struct {
			path  string
			isPkg bool
		}{{base + ".py", false}, {filepath.Join(base, "__init__.py"), true}} {
			if ok, isDir := stat(cand.path); !ok || isDir {
				continue
			}
			src, err := th.readModule(cand.path)
			if err != nil {
				return nil, true, NewError(ImportError, "cannot read module %s: %v", name, err)
			}
			m, err := th.runModuleFile(name, cand.path, src, cand.isPkg)
			return m, true, err
		}
		if ok, isDir := stat(base); ok && isDir {
			// namespace package
			m := NewModule(name)
			m.file = base
			m.isPkg = true
			m.pkg = name
			return m, true, nil
		}
	}
	return nil, false, nil
}

func (th *Thread) runModuleFile(name, path string, src []byte, isPkg bool) (*Module, error) {
	f, err := syntax.Parse(path, src)
	if err != nil {
		return nil, err
	}
	m := NewModule(name)
	m.file = path
	m.isPkg = isPkg
	if isPkg {
		m.pkg = name
	} else if i := strings.LastIndexByte(name, '.'); i >= 0 {
		m.pkg = name[:i]
	}
	m.members.Set("__file__", String(path))
	m.members.Set("__package__", String(m.pkg))
	m.members.Set("__doc__", None)
	th.modules[name] = m
	if err := th.execModule(f, m); err != nil {
		delete(th.modules, name)
		return nil, err
	}
	return m, nil
}

// resolveRelative turns a relative import into an absolute name.
func (th *Thread) resolveRelative(fr *frame, level int, module string) (string, error) {
	if level == 0 {
		return module, nil
	}
	pkg := fr.module.pkg
	if pkg == "" {
		// a script run directly: treat its directory as the top level
		if level > 1 {
			return "", NewError(ImportError, "attempted relative import beyond top-level package")
		}
		return module, nil
	}
	parts := strings.Split(pkg, ".")
	if level-1 > len(parts) {
		return "", NewError(ImportError, "attempted relative import beyond top-level package")
	}
	parts = parts[:len(parts)-(level-1)]
	base := strings.Join(parts, ".")
	if module == "" {
		return base, nil
	}
	if base == "" {
		return module, nil
	}
	return base + "." + module, nil
}

func (th *Thread) execImport(fr *frame, s *syntax.ImportStmt) error {
	for _, n := range s.Names {
		fr.pos = n.Pos
		v, err := th.Import(n.Module)
		if err != nil {
			return th.errorAt(n.Pos, err)
		}
		if n.Alias == "" {
			first, _, _ := strings.Cut(n.Module, ".")
			if v, err = th.Import(first); err != nil {
				return th.errorAt(n.Pos, err)
			}
		}
		if err := th.setName(fr, n.Bind, v); err != nil {
			return err
		}
	}
	return nil
}

func (th *Thread) execFromImport(fr *frame, s *syntax.FromImportStmt) error {
	full, err := th.resolveRelative(fr, s.Level, s.Module)
	if err != nil {
		return th.errorAt(s.FromPos, err)
	}
	var mod Value
	if full == "" {
		mod = nil
	} else if mod, err = th.Import(full); err != nil {
		return th.errorAt(s.FromPos, err)
	}
	if s.Star {
		m, ok := mod.(*Module)
		if !ok {
			return nil
		}
		var names []string
		if all, ok := m.members.Get("__all__"); ok {
			items, err := th.collect(all, -1)
			if err != nil {
				return th.errorAt(s.FromPos, err)
			}
			for _, it := range items {
				if s, ok := it.(String); ok {
					names = append(names, string(s))
				}
			}
		} else {
			for _, k := range m.members.Keys() {
				if !strings.HasPrefix(k, "_") {
					names = append(names, k)
				}
			}
		}
		for _, k := range names {
			v, err := th.moduleAttr(m, k)
			if err != nil {
				return th.errorAt(s.FromPos, err)
			}
			fr.module.members.Set(k, v)
		}
		return nil
	}
	for _, n := range s.Names {
		var v Value
		var err error
		if mod != nil {
			v, err = th.fromImportName(mod, full, n.Name)
		} else {
			v, err = th.Import(n.Name)
		}
		if err != nil {
			return th.errorAt(n.Pos, err)
		}
		if err := th.setName(fr, n.Bind, v); err != nil {
			return err
		}
	}
	return nil
}

func (th *Thread) fromImportName(mod Value, full, name string) (Value, error) {
	if m, ok := mod.(*Module); ok {
		if v, ok := m.members.Get(name); ok {
			return v, nil
		}
		// a submodule?
		sub := full + "." + name
		if th.moduleFunc(sub) != nil || !m.native {
			if v, err := th.Import(sub); err == nil {
				if _, opaque := v.(*Opaque); !opaque || m.native {
					return v, nil
				}
			} else if m.file != "" && m.isPkg {
				return nil, err
			}
		}
		if m.Missing != nil {
			return m.Missing(th, m, name)
		}
		return nil, NewError(ImportError, "cannot import name '%s' from '%s'%s", name, full, didYouMean(name, m.members.Keys()))
	}
	return th.GetAttr(mod, name)
}

func (th *Thread) moduleAttr(m *Module, name string) (Value, error) {
	if v, ok := m.members.Get(name); ok {
		return v, nil
	}
	sub := m.name + "." + name
	if v, ok := th.modules[sub]; ok {
		return v, nil
	}
	if th.moduleFunc(sub) != nil {
		return th.Import(sub)
	}
	switch name {
	case "__dict__":
		return m.members.toDict(), nil
	case "__file__":
		if m.file == "" {
			return nil, NewError(AttributeError, "module '%s' has no attribute '__file__'", m.name)
		}
		return String(m.file), nil
	case "__path__":
		return NewList(nil), nil
	}
	if m.Missing != nil {
		return m.Missing(th, m, name)
	}
	return nil, NewError(AttributeError, "module '%s' has no attribute '%s'%s", m.name, name, didYouMean(name, m.members.Keys()))
}

// sandboxModule stands for a module whose functions the sandbox forbids.
type sandboxModule struct{ name string }

func (s *sandboxModule) String() string { return "<module '" + s.name + "' (sandboxed)>" }
func (s *sandboxModule) Type() string   { return "module" }
func (s *sandboxModule) Attr(th *Thread, name string) (Value, error) {
	full := s.name + "." + name
	return NewBuiltin(full, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return nil, sandboxError(full + "()")
	}), nil
}
func (s *sandboxModule) AttrNames() []string { return nil }

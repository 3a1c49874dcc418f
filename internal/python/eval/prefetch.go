package eval

import (
	"path/filepath"
	"runtime"
	"strings"

	"github.com/netsum/netsum/internal/python/syntax"
)

// Imported module files are parsed ahead: when a module starts running,
// the files its top-level import statements will load are read (on the
// thread, through Options.ReadFile, as the import would) and parsed on
// other cores while the module runs, so that importing a library such as
// keras_applications, whose __init__ imports every model module, does not
// parse its files one after the other. The import itself finds the tree
// in syntax's parse cache (or waits for the parse under way); it resolves
// the module as always, so a file read ahead and then not imported (the
// module failed first, sys.path changed) costs time and nothing else.

// prefetchSlots bounds the parses running ahead to the number of cores
// (the thread itself mostly waits for them at its imports).
var prefetchSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

type prefetchJob struct {
	path string
	src  []byte
}

// prefetchImports starts parsing the files f's top-level imports load.
// mod is the module f runs as.
func (th *Thread) prefetchImports(f *syntax.File, mod *Module) {
	if len(th.opts.SearchPath) == 0 || len(th.opts.Files) > 0 || runtime.GOMAXPROCS(0) < 2 {
		return
	}
	var names []string
	add := func(name string) {
		// a.b.c imports a, a.b, then a.b.c
		for i, c := range name {
			if c == '.' {
				names = append(names, name[:i])
			}
		}
		names = append(names, name)
	}
	for _, st := range f.Body {
		switch s := st.(type) {
		case *syntax.ImportStmt:
			for _, n := range s.Names {
				add(n.Module)
			}
		case *syntax.FromImportStmt:
			full, ok := relativeName(mod.pkg, s.Level, s.Module)
			if !ok {
				continue
			}
			if full != "" {
				add(full)
			}
			if s.Star {
				continue
			}
			for _, n := range s.Names {
				if full == "" {
					add(n.Name)
				} else {
					add(full + "." + n.Name) // a submodule, if there is such a file
				}
			}
		}
	}
	var jobs []prefetchJob
	for _, name := range names {
		if _, ok := th.modules[name]; ok || th.loading[name] {
			continue
		}
		if target, ok := resolveAlias(name); ok && target != name {
			continue
		}
		if th.moduleFunc(name) != nil {
			continue
		}
		path := th.moduleFile(name)
		if path == "" {
			continue
		}
		if _, ok := th.prefetched[path]; ok {
			continue
		}
		src, err := th.readModule(path)
		if err != nil {
			continue
		}
		if th.prefetched == nil {
			th.prefetched = map[string][]byte{}
		}
		th.prefetched[path] = src
		jobs = append(jobs, prefetchJob{path, src})
	}
	if len(jobs) == 0 {
		return
	}
	// Jobs start in import order, as many at once as there are slots.
	go func() {
		for _, j := range jobs {
			prefetchSlots <- struct{}{}
			go func() {
				defer func() {
					<-prefetchSlots
					recover() // the import parses again and reports it
				}()
				syntax.Parse(j.path, j.src)
			}()
		}
	}()
}

// moduleFile returns the file importFile would load for name from the
// search path, or "" (none, or a namespace package).
func (th *Thread) moduleFile(name string) string {
	stat := th.opts.Stat
	if stat == nil {
		stat = defaultStat
	}
	rel := filepath.FromSlash(strings.ReplaceAll(name, ".", "/"))
	for _, dir := range th.opts.SearchPath {
		base := filepath.Join(dir, rel)
		for _, cand := range []string{base + ".py", filepath.Join(base, "__init__.py")} {
			if ok, isDir := stat(cand); ok && !isDir {
				return cand
			}
		}
		if ok, isDir := stat(base); ok && isDir {
			return ""
		}
	}
	return ""
}

// readModule reads a module file: the copy read ahead by prefetchImports,
// else through Options.ReadFile.
func (th *Thread) readModule(path string) ([]byte, error) {
	if src, ok := th.prefetched[path]; ok {
		delete(th.prefetched, path)
		return src, nil
	}
	read := th.opts.ReadFile
	if read == nil {
		read = defaultReadFile
	}
	return read(path)
}

// relativeName is resolveRelative for a module of package pkg; ok is false
// for an import beyond the top-level package.
func relativeName(pkg string, level int, module string) (string, bool) {
	if level == 0 {
		return module, true
	}
	if pkg == "" {
		return module, level == 1
	}
	parts := strings.Split(pkg, ".")
	if level-1 > len(parts) {
		return "", false
	}
	base := strings.Join(parts[:len(parts)-(level-1)], ".")
	switch {
	case module == "":
		return base, true
	case base == "":
		return module, true
	}
	return base + "." + module, true
}

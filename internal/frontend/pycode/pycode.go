// Package pycode is the Python front end: it runs model-building code in
// netsum's sandboxed interpreter (internal/python/eval) with netsum's own
// keras, tensorflow and numpy modules (internal/pykeras) and returns the
// models the code summarizes. The Keras dialect is decided from the code
// before it runs (docs/python.md).
//
// It imports syntax, eval, pykeras, graph and diag.
package pycode

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/pykeras"
	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
	"github.com/netsum/netsum/internal/pytorch"
)

// Options configure a run.
type Options struct {
	// Dialect forces the Keras dialect (0: decided from the code).
	Dialect graph.Dialect
	// Defines are NAME=Python literal pairs set before the code runs.
	Defines map[string]string
	// SearchPaths are extra directories imports look in (the script's own
	// directory comes first).
	SearchPaths []string
	// ModelName picks one model by name.
	ModelName    string
	AllowUnknown bool
	// Timeout bounds the run (0: one minute).
	Timeout time.Duration
	// ReadFile reads imported modules (default os.ReadFile).
	ReadFile func(string) ([]byte, error)
	// InputSize are the input shapes a PyTorch model's forward runs on
	// (one tensor per shape, in order); InputDType their dtypes (one for
	// all, or one per input; nil = float32).
	InputSize  [][]int64
	InputDType []string
}

var pyMarkers = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^\s*(import \w|from [\w.]+ import |def \w+\(|class \w+[(:]|print[ (]|\w+ = \w+[.\w]*\(|model\.add\(|#)`)
})

// Match reports whether an input looks like Python: a .py name, or text
// with Python statements (not JSON).
func Match(name string, header []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".py", ".pyw", ".ipy":
		return true
	case ".json", ".h5", ".hdf5", ".keras", ".onnx", ".pb":
		return false
	}
	t := bytes.TrimLeft(header, " \t\r\n\ufeff")
	if len(t) == 0 || t[0] == '{' || t[0] == '[' || bytes.IndexByte(header, 0) >= 0 {
		return false
	}
	return pyMarkers().Match(header)
}

// Open runs the code in src (file name name) and returns the models it
// summarizes: every model.summary() call in order, or the last model
// built when there is none.
func Open(name string, src []byte, opt Options) ([]*graph.Model, error) {
	f, err := syntax.Parse(name, src)
	var magic []int
	if err != nil {
		// Code copied from a notebook may hold shell and magic lines
		// (!pip install, %matplotlib inline): they become pass.
		if src2, lines := stripMagics(src); len(lines) > 0 {
			if f2, err2 := syntax.Parse(name, src2); err2 == nil {
				f, src, err, magic = f2, src2, nil, lines
			}
		}
	}
	if err != nil {
		return nil, syntaxErrors(err)
	}
	facts := analyze(f, src)
	if pytorch.Uses(src) && !bytes.Contains(src, []byte("keras")) {
		return openTorch(name, src, opt, facts)
	}
	reason := detect(facts)
	d := opt.Dialect
	if d == graph.DialectUnknown {
		d = reason.Dialect
	}
	sess := pykeras.NewSession(pykeras.Config{Dialect: d, AllowUnknown: opt.AllowUnknown})
	sess.AddSource(name, src)

	predeclared := map[string]eval.Value{}
	defines, err := evalDefines(opt.Defines)
	if err != nil {
		return nil, err
	}
	for k, v := range defines {
		predeclared[k] = v
	}
	th, cancel := eval.NewScriptThread(name, eval.ScriptOptions{
		SearchPaths: opt.SearchPaths,
		ReadFile:    opt.ReadFile,
		OnSource:    sess.AddSource,
		Timeout:     opt.Timeout,
		Thread:      eval.Options{Predeclared: predeclared},
	})
	defer cancel()
	sess.Install(th)

	// Names the code uses without importing them: Keras names resolve to
	// Keras (the seed's snippet has no imports), others stay undefined.
	var resolved []string
	var firstPos syntax.Pos
	free := facts.free()
	for _, n := range free {
		if _, ok := predeclared[n]; ok {
			continue
		}
		if v, ok := sess.ResolveName(th, n); ok {
			predeclared[n] = v
			resolved = append(resolved, n)
			if !firstPos.IsValid() {
				firstPos = facts.uses[n]
			}
		}
	}
	var warnings []diag.Warning
	if len(magic) > 0 {
		warnings = append(warnings, diag.Warning{Pos: diag.Pos{File: name, Line: magic[0], Col: 1},
			Msg: fmt.Sprintf("%d notebook shell or magic line(s) (!..., %%...) are not Python; netsum skips them", len(magic))})
	}
	if len(resolved) > 0 {
		verb := "are"
		if len(resolved) == 1 {
			verb = "is"
		}
		warnings = append(warnings, diag.Warning{Pos: firstPos.Diag(),
			Msg: fmt.Sprintf("%s %s not imported; netsum resolves %s as Keras names (Keras %s)", strings.Join(resolved, ", "), verb, them(len(resolved)), sess.Version)})
	}

	_, runErr := th.ExecFile(name, src)
	warnings = append(warnings, th.Warnings()...)
	if runErr != nil {
		return nil, runError(runErr, facts, defines)
	}

	var models []*graph.Model
	if sums := sess.Summaries(); len(sums) > 0 {
		for _, s := range sums {
			models = append(models, s.Model)
		}
	} else if m := sess.LastModel(); m != nil {
		models = append(models, m)
	}
	all := sess.Models()
	if len(models) == 0 && len(all) == 0 {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: "the code builds no Keras model (nothing calls Sequential(), Model() or keras.Input())"}
	}
	if opt.ModelName != "" {
		var picked *graph.Model
		for _, m := range append(models, all...) {
			if m.Name == opt.ModelName {
				picked = m
				break
			}
		}
		if picked == nil {
			var names []string
			for _, m := range all {
				names = append(names, m.Name)
			}
			return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: fmt.Sprintf("no model named %q; the code builds %s", opt.ModelName, listOrNone(names))}
		}
		models = []*graph.Model{picked}
	}
	if len(models) == 0 {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: "the code builds no built model: its Sequential models have no input shape (give the first layer input_shape=, or call build())"}
	}
	for _, m := range models {
		m.SourceFormat = "python"
		m.Source = name
		m.Warnings = append(append([]diag.Warning(nil), warnings...), m.Warnings...)
	}
	return models, nil
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "no model"
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// evalDefines evaluates --define NAME=VALUE literals.
func evalDefines(defs map[string]string) (map[string]eval.Value, error) {
	out := map[string]eval.Value{}
	keys := make([]string, 0, len(defs))
	for k := range defs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !isIdent(k) {
			return nil, fmt.Errorf("--define %s=%s: %q is not a Python name", k, defs[k], k)
		}
		th := eval.NewThread(eval.Options{MaxSteps: 100000})
		mod, err := th.ExecFile("<define>", []byte("__v = ("+defs[k]+"\n)\n"))
		if err != nil {
			return nil, fmt.Errorf("--define %s=%s: not a Python value: %v", k, defs[k], stripPos(err))
		}
		v, _ := mod.Get("__v")
		out[k] = v
	}
	return out, nil
}

func stripPos(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "<define>") {
		return s[i+2:]
	}
	return s
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// syntaxErrors passes parse errors on as a diag.ErrorList.
func syntaxErrors(err error) error {
	var list diag.ErrorList
	if errors.As(err, &list) {
		return list
	}
	return err
}

var nameErrRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`name '(\w+)' is not defined`) })

// shapeHints are example values for names model code commonly leaves to
// its caller.
var shapeHints = map[string]string{
	"input_shape": "(28,28,1)", "img_shape": "(28,28,1)", "image_shape": "(224,224,3)", "input_dim": "784",
	"img_rows": "28", "img_cols": "28", "img_width": "28", "img_height": "28", "channels": "1",
	"num_classes": "10", "nb_classes": "10", "n_classes": "10", "classes": "10", "maxlen": "100",
	"max_features": "20000", "vocab_size": "20000", "embedding_dim": "128", "timesteps": "10", "batch_size": "32",
	"seq_length": "100", "sequence_length": "100", "n_features": "10", "num_features": "10", "latent_dim": "2",
}

// runError turns a run failure into "file:line:col: message", with the
// Python traceback when the failure is inside a function or module.
func runError(err error, facts *facts, defines map[string]eval.Value) error {
	var list diag.ErrorList
	if errors.As(err, &list) {
		return list
	}
	var ee *eval.EvalError
	if !errors.As(err, &ee) {
		return err
	}
	pos := ee.Pos.Diag()
	msg := ee.Msg
	var ke *pykeras.Error
	if errors.As(err, &ke) {
		if ke.Pos.IsValid() {
			pos = ke.Pos
		}
		msg = ke.Msg
	}
	if ee.TypeName() == "NameError" {
		if m := nameErrRE().FindStringSubmatch(msg); m != nil {
			n := m[1]
			if _, used := facts.uses[n]; used && !facts.bound[n] {
				hint, ok := shapeHints[n]
				if !ok {
					hint = "VALUE"
					if strings.Contains(n, "shape") {
						hint = "(28,28,1)"
					}
				}
				msg = fmt.Sprintf("NameError: name '%s' is not defined: the code uses it without defining it; give it a value with --define '%s=%s'", n, n, hint)
			}
		}
	}
	if len(ee.CallStack) > 1 {
		var b strings.Builder
		b.WriteString(msg)
		b.WriteString("\nTraceback (most recent call last):")
		for _, fr := range ee.CallStack {
			fmt.Fprintf(&b, "\n  %s: in %s", fr.Pos, fr.Name)
		}
		msg = b.String()
	}
	return &diag.Error{Pos: pos, Msg: msg}
}

// stripMagics replaces lines starting with ! or % (IPython shell commands
// and magics) by pass, keeping line numbers; it returns their line numbers.
func stripMagics(src []byte) ([]byte, []int) {
	lines := bytes.Split(src, []byte("\n"))
	var found []int
	for i, l := range lines {
		t := bytes.TrimLeft(l, " \t")
		if len(t) > 0 && (t[0] == '!' || t[0] == '%') {
			indent := l[:len(l)-len(t)]
			lines[i] = append(append([]byte(nil), indent...), "pass"...)
			found = append(found, i+1)
		}
	}
	return bytes.Join(lines, []byte("\n")), found
}

// openTorch runs PyTorch model code (internal/pytorch).
func openTorch(name string, src []byte, opt Options, facts *facts) ([]*graph.Model, error) {
	defines, err := evalDefines(opt.Defines)
	if err != nil {
		return nil, err
	}
	ms, err := pytorch.Open(name, src, pytorch.Options{SearchPaths: opt.SearchPaths, ReadFile: opt.ReadFile, ModelName: opt.ModelName,
		InputSizes: opt.InputSize, InputDTypes: opt.InputDType, Predeclared: defines, Timeout: opt.Timeout})
	if err != nil {
		return nil, runError(err, facts, defines)
	}
	for _, m := range ms {
		m.SourceFormat = "python"
		m.Source = name
	}
	return ms, nil
}

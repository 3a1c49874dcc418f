package pycode

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/syntax"
)

// facts are what the code shows before it runs: the modules it imports,
// the names and keywords it uses, the names it binds at module level.
type facts struct {
	imports []string        // dotted modules (from-imports as module.name too)
	names   map[string]bool // identifiers and attribute names used
	kwargs  map[string]bool // keyword argument names in calls
	// callKwargs are the keyword names per callee (the last part of its name).
	callKwargs map[string]map[string]bool
	calls      map[string]bool // called names (the last part of the callee)
	tfKeras    bool            // tf.keras used as an attribute
	py2Print   bool            // a Python 2 print statement
	future     bool            // from __future__ import (Python 2 compatible code)
	// bound are the names bound at module level; uses are the global
	// names used anywhere, with their first position.
	bound map[string]bool
	uses  map[string]syntax.Pos
	order []string
}

var futureRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^[ \t]*from[ \t]+__future__[ \t]+import`) })

func analyze(f *syntax.File, src []byte) *facts {
	a := &facts{future: futureRE().Match(src), names: map[string]bool{}, kwargs: map[string]bool{}, calls: map[string]bool{}, callKwargs: map[string]map[string]bool{},
		bound: map[string]bool{}, uses: map[string]syntax.Pos{}}
	a.stmts(f.Body, true)
	return a
}

func (a *facts) bind(e syntax.Expr) {
	switch x := e.(type) {
	case *syntax.Ident:
		a.bound[x.Name] = true
	case *syntax.TupleExpr:
		for _, el := range x.Elts {
			a.bind(el)
		}
	case *syntax.ListExpr:
		for _, el := range x.Elts {
			a.bind(el)
		}
	case *syntax.Starred:
		a.bind(x.X)
	}
}

func (a *facts) use(id *syntax.Ident) {
	a.names[id.Name] = true
	if id.Scope != syntax.Global && id.Scope != syntax.ClassNS && id.Scope != syntax.Unresolved {
		return
	}
	if _, ok := a.uses[id.Name]; !ok {
		a.uses[id.Name] = id.NamePos
		a.order = append(a.order, id.Name)
	}
}

func (a *facts) stmts(body []syntax.Stmt, top bool) {
	for _, s := range body {
		a.stmt(s, top)
	}
}

func (a *facts) stmt(s syntax.Stmt, top bool) {
	switch s := s.(type) {
	case *syntax.ExprStmt:
		a.expr(s.X)
	case *syntax.AssignStmt:
		a.expr(s.Value)
		for _, t := range s.Targets {
			if top {
				a.bind(t)
			}
			a.target(t)
		}
	case *syntax.AugAssignStmt:
		a.expr(s.Value)
		a.expr(s.Target)
		if top {
			a.bind(s.Target)
		}
	case *syntax.AnnAssignStmt:
		if s.Value != nil {
			a.expr(s.Value)
		}
		if top {
			a.bind(s.Target)
		}
	case *syntax.PrintStmt:
		a.py2Print = true
		if s.Dest != nil {
			a.expr(s.Dest)
		}
		for _, x := range s.Args {
			a.expr(x)
		}
	case *syntax.ReturnStmt:
		if s.X != nil {
			a.expr(s.X)
		}
	case *syntax.RaiseStmt:
		for _, x := range []syntax.Expr{s.Exc, s.Cause, s.Msg} {
			if x != nil {
				a.expr(x)
			}
		}
	case *syntax.GlobalStmt:
		if !s.Nonlocal {
			for _, id := range s.Names {
				a.bound[id.Name] = true
			}
		}
	case *syntax.AssertStmt:
		a.expr(s.Cond)
		if s.Msg != nil {
			a.expr(s.Msg)
		}
	case *syntax.DelStmt:
		for _, t := range s.Targets {
			a.expr(t)
		}
	case *syntax.ImportStmt:
		for _, n := range s.Names {
			a.imports = append(a.imports, n.Module)
			if top && n.Bind != nil {
				a.bound[n.Bind.Name] = true
			}
		}
	case *syntax.FromImportStmt:
		a.imports = append(a.imports, s.Module)
		for _, n := range s.Names {
			a.imports = append(a.imports, s.Module+"."+n.Name)
			a.names[n.Name] = true
			if top && n.Bind != nil {
				a.bound[n.Bind.Name] = true
			}
		}
	case *syntax.IfStmt:
		a.expr(s.Cond)
		a.stmts(s.Body, top)
		a.stmts(s.Else, top)
	case *syntax.ForStmt:
		a.expr(s.Iter)
		if top {
			a.bind(s.Target)
		}
		a.target(s.Target)
		a.stmts(s.Body, top)
		a.stmts(s.Else, top)
	case *syntax.WhileStmt:
		a.expr(s.Cond)
		a.stmts(s.Body, top)
		a.stmts(s.Else, top)
	case *syntax.TryStmt:
		a.stmts(s.Body, top)
		for _, h := range s.Handlers {
			if h.Type != nil {
				a.expr(h.Type)
			}
			if top && h.Name != nil {
				a.bound[h.Name.Name] = true
			}
			a.stmts(h.Body, top)
		}
		a.stmts(s.Else, top)
		a.stmts(s.Finally, top)
	case *syntax.WithStmt:
		for _, it := range s.Items {
			a.expr(it.Ctx)
			if it.Target != nil {
				if top {
					a.bind(it.Target)
				}
				a.target(it.Target)
			}
		}
		a.stmts(s.Body, top)
	case *syntax.DefStmt:
		if top {
			a.bound[s.Bind.Name] = true
		}
		a.names[s.Func.Name] = true
		a.function(s.Func)
	case *syntax.ClassStmt:
		if top {
			a.bound[s.Bind.Name] = true
		}
		for _, d := range s.Decorators {
			a.expr(d)
		}
		for _, b := range s.Bases {
			a.expr(b.Value)
		}
		a.stmts(s.Body, false)
	}
}

func (a *facts) function(f *syntax.Function) {
	for _, d := range f.Decorators {
		a.expr(d)
	}
	for _, p := range f.Params {
		if p.Default != nil {
			a.expr(p.Default)
		}
	}
	a.stmts(f.Body, false)
}

// target walks the expressions inside an assignment target (x[i] = ...,
// a.b = ...).
func (a *facts) target(e syntax.Expr) {
	switch x := e.(type) {
	case *syntax.Ident:
	case *syntax.TupleExpr:
		for _, el := range x.Elts {
			a.target(el)
		}
	case *syntax.ListExpr:
		for _, el := range x.Elts {
			a.target(el)
		}
	case *syntax.Starred:
		a.target(x.X)
	default:
		a.expr(e)
	}
}

func (a *facts) expr(e syntax.Expr) {
	switch x := e.(type) {
	case nil:
	case *syntax.Ident:
		a.use(x)
	case *syntax.Literal:
	case *syntax.FString:
		a.fparts(x.Parts)
	case *syntax.TupleExpr:
		for _, el := range x.Elts {
			a.expr(el)
		}
	case *syntax.ListExpr:
		for _, el := range x.Elts {
			a.expr(el)
		}
	case *syntax.SetExpr:
		for _, el := range x.Elts {
			a.expr(el)
		}
	case *syntax.DictExpr:
		for _, it := range x.Items {
			a.expr(it.Key)
			a.expr(it.Value)
		}
	case *syntax.Starred:
		a.expr(x.X)
	case *syntax.AttrExpr:
		id, _ := x.X.(*syntax.Ident)
		if id == nil || !tensorLibs[id.Name] {
			// K.concatenate is not the layer function concatenate.
			a.names[x.Name] = true
		}
		if id != nil && id.Name == "tf" && x.Name == "keras" {
			a.tfKeras = true
		}
		a.expr(x.X)
	case *syntax.IndexExpr:
		a.expr(x.X)
		a.expr(x.Key)
	case *syntax.SliceExpr:
		a.expr(x.Lo)
		a.expr(x.Hi)
		a.expr(x.Step)
	case *syntax.CallExpr:
		a.expr(x.Fn)
		callee := ""
		switch f := x.Fn.(type) {
		case *syntax.Ident:
			callee = f.Name
		case *syntax.AttrExpr:
			callee = f.Name
		}
		a.calls[callee] = true
		for _, arg := range x.Args {
			if arg.Name != "" {
				a.kwargs[arg.Name] = true
				if a.callKwargs[callee] == nil {
					a.callKwargs[callee] = map[string]bool{}
				}
				a.callKwargs[callee][arg.Name] = true
			}
			a.expr(arg.Value)
		}
	case *syntax.UnaryExpr:
		a.expr(x.X)
	case *syntax.BinaryExpr:
		a.expr(x.X)
		a.expr(x.Y)
	case *syntax.BoolExpr:
		a.expr(x.X)
		a.expr(x.Y)
	case *syntax.CompareExpr:
		for _, o := range x.Operands {
			a.expr(o)
		}
	case *syntax.CondExpr:
		a.expr(x.Cond)
		a.expr(x.True)
		a.expr(x.False)
	case *syntax.LambdaExpr:
		a.function(x.Func)
	case *syntax.Comprehension:
		a.expr(x.Key)
		a.expr(x.Body)
		for _, c := range x.Clauses {
			a.expr(c.Iter)
			a.expr(c.Cond)
		}
	case *syntax.YieldExpr:
		a.expr(x.X)
	case *syntax.NamedExpr:
		a.bound[x.Name.Name] = true
		a.expr(x.Value)
	case *syntax.ReprExpr:
		a.expr(x.X)
	}
}

func (a *facts) fparts(parts []syntax.FPart) {
	for _, p := range parts {
		if p.Expr != nil {
			a.expr(p.Expr)
		}
		a.fparts(p.Spec)
	}
}

// free lists the global names used but never bound at module level, in
// order of first use.
func (a *facts) free() []string {
	var out []string
	for _, n := range a.order {
		if !a.bound[n] {
			out = append(out, n)
		}
	}
	return out
}

// tensorLibs are the usual names of tensor libraries; their attributes
// say nothing about the Keras version.
var tensorLibs = map[string]bool{"K": true, "backend": true, "tf": true, "np": true, "numpy": true, "ops": true, "T": true, "th": true}

// ---- dialect ----

// keras1Signals are names and keywords only Keras 1 code uses.
var keras1Signals = map[string]bool{
	"Convolution1D": true, "Convolution2D": true, "Convolution3D": true, "AtrousConvolution1D": true,
	"AtrousConvolution2D": true, "Deconvolution2D": true, "SeparableConvolution2D": true, "Merge": true,
	"TimeDistributedDense": true, "MaxoutDense": true, "np_utils": true,
	"get_output_shape_for": true, "visualize_util": true, "initializations": true, "objectives": true,
}

var keras1Kwargs = map[string]bool{
	"nb_filter": true, "nb_row": true, "nb_col": true, "border_mode": true, "subsample": true,
	"subsample_length": true, "init": true, "nb_epoch": true, "dim_ordering": true,
	"W_regularizer": true, "b_regularizer": true, "W_constraint": true, "b_constraint": true,
	"dropout_W": true, "dropout_U": true, "inner_init": true, "inner_activation": true, "pool_length": true,
	"nb_val_samples": true, "samples_per_epoch": true, "input_dtype": true, "concat_axis": true, "nb_worker": true,
}

// modernSignals are names that exist only from Keras 2 on.
var modernSignals = map[string]bool{
	"Conv1D": true, "Conv2D": true, "Conv3D": true, "Conv2DTranspose": true, "SeparableConv2D": true,
	"DepthwiseConv2D": true, "MaxPool2D": true, "Concatenate": true, "concatenate": true, "Add": true,
	"Multiply": true, "Subtract": true, "GlobalAvgPool2D": true, "CuDNNLSTM": true, "CuDNNGRU": true,
}

var modernKwargs = map[string]bool{
	"filters": true, "kernel_size": true, "padding": true, "strides": true, "units": true, "epochs": true,
	"kernel_initializer": true, "kernel_regularizer": true, "data_format": true, "dilation_rate": true,
	"steps_per_epoch": true, "validation_steps": true, "recurrent_dropout": true, "inputs": true, "outputs": true,
}

// keras2Modules are module paths that only Keras 1 and 2 have (Keras 3
// dropped them); with modern names they mean Keras 2.
var keras2Modules = []string{"keras.engine", "keras.legacy", "keras.layers.merge", "keras.layers.core",
	"keras.layers.convolutional", "keras.layers.pooling", "keras.layers.normalization", "keras.layers.recurrent",
	"keras.layers.embeddings", "keras.layers.advanced_activations", "keras.layers.wrappers", "keras.layers.noise",
	"keras.wrappers", "keras.utils.np_utils", "keras.backend.tensorflow_backend", "keras.layers.cudnn_recurrent"}

// keras3Modules mean Keras 3.
var keras3Modules = []string{"keras.ops", "keras_core", "keras.random", "keras.config", "keras.src", "keras.saving", "keras.export"}

// Reason explains a dialect decision.
type Reason struct {
	Dialect graph.Dialect
	Why     string
}

// DetectDialect decides the Keras dialect of code from what it imports and
// calls (docs/python.md, "Which Keras").
func DetectDialect(f *syntax.File, src []byte) Reason {
	return detect(analyze(f, src))
}

func hasModule(imports []string, prefixes ...string) string {
	for _, m := range imports {
		for _, p := range prefixes {
			if m == p || strings.HasPrefix(m, p+".") {
				return m
			}
		}
	}
	return ""
}

func detect(a *facts) Reason {
	if m := hasModule(a.imports, "tensorflow.keras", "tensorflow.python.keras", "tf_keras"); m != "" {
		return Reason{graph.TFKeras, "imports " + m}
	}
	if a.tfKeras {
		return Reason{graph.TFKeras, "uses tf.keras"}
	}
	var k1 []string
	for n := range keras1Signals {
		if a.names[n] {
			k1 = append(k1, n)
		}
	}
	for n := range keras1Kwargs {
		if a.kwargs[n] {
			k1 = append(k1, n+"=")
		}
	}
	// output_dim is Embedding's argument in every version; elsewhere it is
	// Keras 1's name for units.
	for _, c := range []string{"Dense", "LSTM", "GRU", "SimpleRNN", "TimeDistributedDense", "MaxoutDense", "Highway"} {
		if a.callKwargs[c]["output_dim"] {
			k1 = append(k1, c+"(output_dim=)")
			break
		}
	}
	if a.calls["merge"] && (a.kwargs["mode"] || a.names["merge"]) {
		k1 = append(k1, "merge()")
	}
	if a.calls["Model"] && (a.kwargs["input"] || a.kwargs["output"]) {
		k1 = append(k1, "Model(input=, output=)")
	}
	var modern []string
	for n := range modernSignals {
		if a.names[n] {
			modern = append(modern, n)
		}
	}
	for n := range modernKwargs {
		if a.kwargs[n] {
			modern = append(modern, n+"=")
		}
	}
	sort.Strings(k1)
	sort.Strings(modern)
	if a.py2Print && len(modern) == 0 && len(k1) == 0 {
		for _, n := range []string{"Sequential", "Dense", "Activation", "Dropout", "Flatten", "Model", "Embedding", "LSTM", "MaxPooling2D"} {
			if a.names[n] {
				k1 = append(k1, "Python 2 print statement with "+n)
				break
			}
		}
	}
	m2 := hasModule(a.imports, keras2Modules...)
	switch {
	case len(k1) > 0 && len(modern) == 0:
		return Reason{graph.Keras1, "Keras 1 API: " + strings.Join(k1, ", ")}
	case len(k1) > 0:
		return Reason{graph.Keras2, "Keras 1 API (" + strings.Join(k1, ", ") + ") mixed with Keras 2 API (" + strings.Join(modern, ", ") + ")"}
	case m2 != "":
		return Reason{graph.Keras2, "imports " + m2}
	case a.future && hasModule(a.imports, "keras") != "":
		return Reason{graph.Keras2, "Python 2 compatible code (from __future__ import) using keras"}
	}
	if m := hasModule(a.imports, keras3Modules...); m != "" {
		return Reason{graph.Keras3, "imports " + m}
	}
	return Reason{graph.Keras3, "modern Keras code"}
}

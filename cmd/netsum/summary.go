package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/netsum/netsum/internal/cost"
	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/render/html"
	"github.com/netsum/netsum/internal/render/jsonout"
	"github.com/netsum/netsum/internal/render/svg"
	"github.com/netsum/netsum/internal/render/text"
	"github.com/netsum/netsum/internal/summary"
	"github.com/netsum/netsum/internal/weightcheck"
)

// summaryOptions are the flags of the summary command.
type summaryOptions struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	paths         []string
	format        string
	style         string
	lineLength    int
	expandNested  bool
	showTrainable bool
	explain       bool
	readOptions
	// weights is --weights: a checkpoint checked against PyTorch code as
	// load_state_dict(strict=True) would (weights.go); check its result.
	weights string
	check   *weightcheck.Result
	// depth is --depth, torchinfo's depth (torchstyle.go); depthSet
	// records that it was given.
	depth    int
	depthSet bool

	// Cost (internal/cost): --columns, --batch-size, --dtype, --memory,
	// --optimizer.
	columns   string
	batchSize int64
	dtype     string
	memory    bool
	optimizer string
}

func addSummaryFlags(c *cobra.Command, o *summaryOptions) {
	f := c.Flags()
	f.StringVarP(&o.format, "format", "f", "text", "output format: text, json, csv, markdown, svg (diagram), html (one self-contained page)")
	f.StringVarP(&o.style, "style", "s", "", "text style (default: the version the model came from): "+strings.Join(append(text.StyleNames(), torchStyles...), ", "))
	f.IntVar(&o.lineLength, "line-length", 0, "table width (default: the style's)")
	f.BoolVar(&o.expandNested, "expand-nested", false, "list the layers of nested models under their row")
	f.BoolVar(&o.showTrainable, "show-trainable", false, "add a Trainable column (tf.keras 2.8+, Keras 3 styles)")
	addReadFlags(c, &o.readOptions, "print")
	f.BoolVar(&o.explain, "explain", false, "add a Formula column with each layer's parameter formula")
	f.StringVar(&o.columns, "columns", "", "print a torchinfo-style table with these columns: "+strings.Join(text.ColumnNames(), ","))
	f.Int64Var(&o.batchSize, "batch-size", 1, "batch size for MACs, FLOPs and activation memory (replaces an unknown batch dim)")
	f.StringVar(&o.dtype, "dtype", "", "dtype of activations for memory figures: float16, bfloat16, float32 (default: each tensor's own)")
	f.BoolVar(&o.memory, "memory", false, "print compute and training-memory totals (weights, gradients, optimizer state, activations)")
	f.StringVar(&o.weights, "weights", "", "check a checkpoint (torch.save .pt/.pth, .safetensors) against PyTorch model code as load_state_dict(strict=True) would; exit 1 if it does not match")
	f.IntVar(&o.depth, "depth", 3, "torchinfo style: nesting depth of the rows shown (torchinfo's depth)")
	f.StringVar(&o.optimizer, "optimizer", "", "optimizer of the training-memory estimate (default: the model's compile info): "+strings.Join(cost.OptimizerNames(), ", "))
}

// costOptions checks the cost flags.
func (o *summaryOptions) costOptions() (cost.Options, []text.Column, error) {
	opt := cost.Options{Batch: o.batchSize, DType: o.dtype, Optimizer: o.optimizer}
	if o.batchSize <= 0 {
		return opt, nil, fmt.Errorf("--batch-size %d: expected a positive integer", o.batchSize)
	}
	switch o.dtype {
	case "", "float16", "bfloat16", "float32", "float64":
	default:
		return opt, nil, fmt.Errorf("--dtype %q: expected float16, bfloat16 or float32", o.dtype)
	}
	if o.optimizer != "" {
		if _, _, _, err := cost.Slots(o.optimizer, nil); err != nil {
			return opt, nil, fmt.Errorf("--optimizer: %v", err)
		}
	}
	var cols []text.Column
	if o.columns != "" {
		var err error
		if cols, err = text.ParseColumns(o.columns); err != nil {
			return opt, nil, fmt.Errorf("--columns: %v", err)
		}
	}
	return opt, cols, nil
}

func parseDialect(s string) (graph.Dialect, error) {
	switch strings.ToLower(s) {
	case "":
		return graph.DialectUnknown, nil
	case "1", "keras1":
		return graph.Keras1, nil
	case "2", "keras2":
		return graph.Keras2, nil
	case "tf", "tf.keras", "tfkeras":
		return graph.TFKeras, nil
	case "3", "keras3":
		return graph.Keras3, nil
	}
	return 0, fmt.Errorf("--keras-version %q: expected 1, 2, tf or 3", s)
}

// readOptions are the flags that say how to read a model, common to
// summary and explain.
type readOptions struct {
	allowUnknown bool
	kerasVersion string
	defines      []string
	searchPaths  []string
	modelName    string
	inputSize    []string
	inputDType   string
	dims         []string
	quiet        bool
}

// addReadFlags adds the model-reading flags; verb is what the command
// does with a model ("print", "explain").
func addReadFlags(c *cobra.Command, o *readOptions, verb string) {
	f := c.Flags()
	f.BoolVar(&o.allowUnknown, "allow-unknown", false, verb+" models with unknown layer classes, with ? for what depends on them")
	f.StringVar(&o.kerasVersion, "keras-version", "", "force the Keras dialect: 1, 2, tf or 3")
	f.StringArrayVarP(&o.defines, "define", "D", nil, "NAME=VALUE: set a Python literal before running model code (repeatable)")
	f.StringArrayVar(&o.searchPaths, "path", nil, "directory to import Python modules from (repeatable)")
	f.StringVar(&o.modelName, "model", "", verb+" only the model with this name")
	f.StringArrayVar(&o.inputSize, "input-size", nil, "input shape a PyTorch model's forward runs on, batch included: 1,3,224,224 (repeatable: one per forward argument)")
	f.StringVar(&o.inputDType, "input-dtype", "", "dtype of the PyTorch inputs (torchinfo's dtypes): float32 (default), long, int32, float16, bool; comma-separated for one per input")
	f.StringArrayVar(&o.dims, "dim", nil, "NAME=N: the size of a named dim of an ONNX model (dim_param), set before shape inference (repeatable, or comma-separated)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "do not print warnings")
}

func (o *readOptions) frontendOptions() (frontend.Options, error) {
	d, err := parseDialect(o.kerasVersion)
	if err != nil {
		return frontend.Options{}, err
	}
	defs, err := frontend.ParseDefines(o.defines)
	if err != nil {
		return frontend.Options{}, fmt.Errorf("--%v", err)
	}
	size, err := frontend.ParseInputSize(o.inputSize...)
	if err != nil {
		return frontend.Options{}, fmt.Errorf("--%v", err)
	}
	dtypes, err := frontend.ParseInputDType(o.inputDType)
	if err != nil {
		return frontend.Options{}, fmt.Errorf("--%v", err)
	}
	dims, err := frontend.ParseDims(o.dims)
	if err != nil {
		return frontend.Options{}, fmt.Errorf("--%v", err)
	}
	return frontend.Options{AllowUnknown: o.allowUnknown, Dialect: d, Defines: defs, SearchPaths: o.searchPaths, ModelName: o.modelName, InputSize: size, InputDType: dtypes, Dims: dims}, nil
}

func summaryRun(o *summaryOptions) error {
	switch o.format {
	case "text", "json", "csv", "markdown", "md", "svg", "html":
	default:
		return usageErr("--format %q: expected text, json, csv, markdown, svg or html", o.format)
	}
	if (o.format == "svg" || o.format == "html") && len(o.paths) > 1 {
		return usageErr("--format %s writes one document: give one PATH", o.format)
	}
	var style *text.Style
	if o.style != "" && !isTorchStyle(o.style) {
		s, err := text.ParseStyle(o.style)
		if err != nil {
			return usageErr("--style: %v", err)
		}
		style = &s
	}
	fopt, err := o.frontendOptions()
	if err != nil {
		return usageErr("%v", err)
	}
	if _, _, err := o.costOptions(); err != nil {
		return usageErr("%v", err)
	}
	if o.weights != "" && len(o.paths) != 1 {
		return usageErr("--weights checks one model: give one PATH (the PyTorch model code)")
	}
	if o.depth < 0 {
		return usageErr("--depth %d: expected 0 or more", o.depth)
	}
	if o.depthSet && !strings.EqualFold(o.style, "torchinfo") {
		return usageErr("--depth is torchinfo's depth: use it with --style torchinfo")
	}
	// Read and build everything first: nothing is printed for a bad model.
	type result struct {
		path   string
		models []*graph.Model
	}
	var results []result
	for _, p := range o.paths {
		in, err := frontend.ReadInput(p, o.stdin)
		if err != nil {
			return &exitError{code: 1, err: err}
		}
		ms, err := frontend.Open(in, fopt)
		if err != nil {
			return &exitError{code: 1, err: err}
		}
		results = append(results, result{path: p, models: ms})
		if o.weights != "" {
			if o.check, err = o.checkWeights(p, ms); err != nil {
				return err
			}
		}
	}
	multi := len(o.paths) > 1
	for i, r := range results {
		if multi && o.format != "json" && o.format != "svg" && o.format != "html" {
			if i > 0 {
				fmt.Fprintln(o.stdout)
			}
			fmt.Fprintf(o.stdout, "==> %s <==\n", r.path)
		}
		models := r.models
		if (o.format == "svg" || o.format == "html") && len(models) > 1 {
			fmt.Fprintf(o.stderr, "netsum: %s holds %d models; showing %q (choose with --model)\n", r.path, len(models), models[0].Name)
			models = models[:1]
		}
		for _, m := range models {
			if !o.quiet {
				for _, w := range m.Warnings {
					fmt.Fprintln(o.stderr, w.String())
				}
			}
			if err := o.render(m, style); err != nil {
				return &exitError{code: 1, err: err}
			}
		}
	}
	if o.check != nil {
		return o.reportWeights(o.check)
	}
	return nil
}

func (o *summaryOptions) render(m *graph.Model, style *text.Style) error {
	s := summary.Build(m)
	copt, cols, err := o.costOptions()
	if err != nil {
		return err
	}
	if o.format == "json" || o.memory || len(cols) > 0 {
		if err := cost.Annotate(s, copt); err != nil {
			return err
		}
	}
	switch o.format {
	case "json":
		var check *weightcheck.Result
		if m.Module != nil {
			check = o.check
		}
		jopt := jsonout.Options{}
		if check != nil {
			jopt.WeightsCheck = check
		}
		return jsonout.Render(o.stdout, s, jopt)
	case "csv":
		return text.RenderCSV(o.stdout, s)
	case "markdown", "md":
		return text.RenderMarkdown(o.stdout, s)
	case "svg":
		return svg.Render(o.stdout, s, svg.Options{ExpandNested: o.expandNested})
	case "html":
		hopt := html.Options{ExpandNested: o.expandNested}
		if style != nil {
			hopt.Style = *style
		}
		hopt.Explanation = explanation(s, o.stderr)
		return html.Render(o.stdout, s, hopt)
	}
	if done, err := o.renderTorch(s, len(cols) > 0); done {
		return err
	}
	st := text.DefaultStyle(m.Dialect, m.Version)
	if style != nil {
		st = *style
	}
	return renderText(o.stdout, s, text.Options{Style: st, LineLength: o.lineLength, ExpandNested: o.expandNested, ShowTrainable: o.showTrainable,
		TableColumns: cols, Memory: o.memory}, o.explain)
}

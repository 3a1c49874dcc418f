package keras

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Recurrent layers: SimpleRNN, LSTM, GRU (and their cells), the generic RNN
// layer over one cell or a stack of cells, the CuDNN variants of Keras
// 2.1.3–2.3.1 / tf.compat.v1, and ConvLSTM1D/2D/3D.
//
// Every layer is an RNN loop over a cell: the cell sees one time step,
// (batch,) + shape[2:], and gives its output and its state shapes. The layer
// then returns (batch, time) + output[1:] (return_sequences) or the last
// output, followed by the states when return_state is set
// (keras@2.3.1:keras/layers/recurrent.py RNN.compute_output_shape;
// keras@HEAD:keras/src/layers/rnn/rnn.py RNN.compute_output_shape).
// Extra inputs (initial_state, constants) do not change any shape.
func init() {
	Register(
		&Spec{Class: "SimpleRNN", Family: "recurrent", Infer: rnnLayer(simpleRNNCell)},
		&Spec{Class: "LSTM", Family: "recurrent", Infer: rnnLayer(lstmCell)},
		&Spec{Class: "GRU", Family: "recurrent", Infer: rnnLayer(gruCell)},
		&Spec{Class: "CuDNNLSTM", Family: "recurrent", Infer: rnnLayer(cudnnLSTMCell)},
		&Spec{Class: "CuDNNGRU", Family: "recurrent", Infer: rnnLayer(cudnnGRUCell)},
		&Spec{Class: "RNN", Family: "recurrent", Infer: inferRNN},
		&Spec{Class: "SimpleRNNCell", Family: "recurrent", Infer: cellLayer(simpleRNNCell, 2)},
		&Spec{Class: "LSTMCell", Family: "recurrent", Infer: cellLayer(lstmCell, 2)},
		&Spec{Class: "GRUCell", Family: "recurrent", Infer: cellLayer(gruCell, 2)},
		&Spec{Class: "StackedRNNCells", Family: "recurrent", Infer: cellLayer(stackedCells, -1)},
		&Spec{Class: "ConvLSTM1D", Family: "recurrent", Infer: rnnLayer(convLSTMCell(1))},
		&Spec{Class: "ConvLSTM2D", Family: "recurrent", Infer: rnnLayer(convLSTMCell(2))},
		&Spec{Class: "ConvLSTM3D", Family: "recurrent", Infer: rnnLayer(convLSTMCell(3))},
		&Spec{Class: "ConvLSTM2DCell", Family: "recurrent", Infer: cellLayer(convLSTMCell(2), 4)},
	)
	cellFuncs = map[string]cellFunc{
		"SimpleRNNCell":   simpleRNNCell,
		"LSTMCell":        lstmCell,
		"GRUCell":         gruCell,
		"StackedRNNCells": stackedCells,
		"ConvLSTM1DCell":  convLSTMCell(1),
		"ConvLSTM2DCell":  convLSTMCell(2),
		"ConvLSTM3DCell":  convLSTMCell(3),
	}
}

// cellStep is what one step of a cell produces, batch dim included.
type cellStep struct {
	out    graph.Shape
	states []graph.Shape
}

// cellEnv is where a cell reads its config and puts its weights: the
// weights go to the layer of c, named prefix+name, trainable only if the
// cell is.
type cellEnv struct {
	c         *Call
	cfg       catalog.Config
	prefix    string
	trainable bool
}

func (e cellEnv) add(name string, dims ...D) {
	e.c.AddWeight(e.prefix+name, e.trainable, dims...)
}

// helper returns a Call over the cell's config, for the config helpers of
// common.go and conv.go (it has no layer and builds nothing).
func (e cellEnv) helper() *Call {
	return &Call{Cfg: e.cfg, Dialect: e.c.Dialect}
}

// cellFunc computes a cell's step output and states from the step input
// shape (batch,)+shape[2:] and adds its weights.
type cellFunc func(e cellEnv, step graph.Shape) (cellStep, error)

// cellFuncs maps cell class names to their functions (set in init: the
// stacked cell refers back to the map).
var cellFuncs map[string]cellFunc

// rnnUnits reads units (Keras 2/3) or output_dim (Keras 1).
func rnnUnits(cfg catalog.Config) (int64, error) {
	u, err := cfg.RequireInt("units", "output_dim")
	if err != nil {
		return 0, err
	}
	if u <= 0 {
		return 0, fmt.Errorf("units must be positive, got %d", u)
	}
	return u, nil
}

// denseStep checks a dense cell's step input (batch, features) and returns
// the feature count.
func denseStep(step graph.Shape) (int64, error) {
	if len(step) != 2 {
		return 0, fmt.Errorf("expected input of rank 3 (batch, timesteps, features), got a time step of shape %s", step)
	}
	return lastDim(step, "features")
}

func cellBias(e cellEnv) (bool, error) { return e.cfg.Bool(true, "use_bias", "bias") }

// gatedCell adds the fused weights of a cell with g gates:
// kernel (in, g·u), recurrent_kernel (u, g·u), bias (g·u). Keras 1 stores
// per-gate W_i, U_i, b_i, ... (keras@1.1.1:keras/layers/recurrent.py
// LSTM.build, GRU.build) with the same total, so one fused form serves all.
func gatedCell(e cellEnv, step graph.Shape, gates int64, states int) (cellStep, error) {
	in, err := denseStep(step)
	if err != nil {
		return cellStep{}, err
	}
	u, err := rnnUnits(e.cfg)
	if err != nil {
		return cellStep{}, err
	}
	bias, err := cellBias(e)
	if err != nil {
		return cellStep{}, err
	}
	gu := P(F("gates", gates), F("units", u))
	if gates == 1 {
		gu = F("units", u)
	}
	e.add("kernel", F("input_dim", in), gu)
	e.add("recurrent_kernel", F("units", u), gu)
	if bias {
		e.add("bias", gu)
	}
	return unitsStep(step[0], u, states), nil
}

func unitsStep(batch, u int64, states int) cellStep {
	st := cellStep{out: graph.Shape{batch, u}}
	for i := 0; i < states; i++ {
		st.states = append(st.states, graph.Shape{batch, u})
	}
	return st
}

// simpleRNNCell: u·in + u·u + u, one state.
func simpleRNNCell(e cellEnv, step graph.Shape) (cellStep, error) {
	return gatedCell(e, step, 1, 1)
}

// lstmCell: 4(u·in + u·u + u), states [h, c].
func lstmCell(e cellEnv, step graph.Shape) (cellStep, error) {
	return gatedCell(e, step, 4, 2)
}

// gruCell: reset_after=False gives 3(u·in + u·u + u) with bias (3u,);
// reset_after=True gives separate input and recurrent biases, bias shape
// (2, 3u) (keras@2.1.5:keras/layers/recurrent.py GRUCell.build, where the
// option appeared; keras@HEAD:keras/src/layers/rnn/gru.py). When the key is
// absent the default is the dialect's: False in Keras 1 (no option) and
// Keras 2.0–2.3.1, True in tf.keras 2.x (recurrent_v2.GRU) and Keras 3.
func gruCell(e cellEnv, step graph.Shape) (cellStep, error) {
	resetAfter, err := e.cfg.Bool(gruResetAfterDefault(e.c.Dialect), "reset_after")
	if err != nil {
		return cellStep{}, err
	}
	if !resetAfter {
		return gatedCell(e, step, 3, 1)
	}
	in, err := denseStep(step)
	if err != nil {
		return cellStep{}, err
	}
	u, err := rnnUnits(e.cfg)
	if err != nil {
		return cellStep{}, err
	}
	bias, err := cellBias(e)
	if err != nil {
		return cellStep{}, err
	}
	gu := P(F("gates", 3), F("units", u))
	e.add("kernel", F("input_dim", in), gu)
	e.add("recurrent_kernel", F("units", u), gu)
	if bias {
		e.add("bias", F("bias_sets", 2), gu)
	}
	return unitsStep(step[0], u, 1), nil
}

func gruResetAfterDefault(d graph.Dialect) bool {
	switch d {
	case graph.Keras1, graph.Keras2:
		return false
	}
	return true
}

// cudnnLSTMCell: CuDNNLSTM (keras@2.3.1:keras/layers/cudnn_recurrent.py
// CuDNNLSTM.build) keeps separate input and recurrent biases in one vector:
// kernel (in, 4u), recurrent_kernel (u, 4u), bias (8u,). Always biased.
func cudnnLSTMCell(e cellEnv, step graph.Shape) (cellStep, error) {
	return cudnnCell(e, step, 4, 2)
}

// cudnnGRUCell: CuDNNGRU (same file, CuDNNGRU.build): bias (6u,).
func cudnnGRUCell(e cellEnv, step graph.Shape) (cellStep, error) {
	return cudnnCell(e, step, 3, 1)
}

func cudnnCell(e cellEnv, step graph.Shape, gates int64, states int) (cellStep, error) {
	in, err := denseStep(step)
	if err != nil {
		return cellStep{}, err
	}
	u, err := rnnUnits(e.cfg)
	if err != nil {
		return cellStep{}, err
	}
	gu := P(F("gates", gates), F("units", u))
	e.add("kernel", F("input_dim", in), gu)
	e.add("recurrent_kernel", F("units", u), gu)
	e.add("bias", P(F("bias_sets", 2), F("gates", gates), F("units", u)))
	return unitsStep(step[0], u, states), nil
}

// convLSTMCell is the cell of ConvLSTMnD: kernel (k..., cin, 4f),
// recurrent_kernel (k..., f, 4f), bias (4f,) — 4f·(k·(cin+f) + 1). The
// input convolution uses the layer's strides, padding and dilation; the
// recurrent one is "same" with stride 1, so the state has the output's
// shape (keras@HEAD:keras/src/layers/rnn/conv_lstm.py ConvLSTMCell.build and
// compute_output_shape; keras@2.3.1:keras/layers/convolutional_recurrent.py
// ConvLSTM2DCell; keras@1.2.2:keras/layers/convolutional_recurrent.py
// ConvLSTM2D.build, per-gate W_i (k, cin, f), U_i (k, f, f), b_i (f,) with
// the same total; Keras 1 spells nb_filter, nb_row, nb_col, subsample,
// border_mode, dim_ordering).
func convLSTMCell(n int) cellFunc {
	return func(e cellEnv, step graph.Shape) (cellStep, error) {
		if len(step) != n+2 {
			return cellStep{}, fmt.Errorf("expected input of rank %d (batch, time, %d spatial dims, channels), got a time step of shape %s", n+3, n, step)
		}
		h := e.helper()
		filters, err := e.cfg.RequireInt("filters", "nb_filter")
		if err != nil {
			return cellStep{}, err
		}
		if filters <= 0 {
			return cellStep{}, fmt.Errorf("filters must be positive, got %d", filters)
		}
		g, err := readConvGeom(h, n)
		if err != nil {
			return cellStep{}, err
		}
		if g.padding != "valid" && g.padding != "same" {
			return cellStep{}, fmt.Errorf("padding: expected \"valid\" or \"same\", got %q", g.padding)
		}
		dims, cin := spatial(step, n, g.cf)
		if cin < 0 {
			return cellStep{}, fmt.Errorf("the channel dimension of the input must be known, got a time step of shape %s", step)
		}
		if e.c.Dialect == graph.Keras3 {
			for _, d := range dims {
				if d < 0 {
					// keras@HEAD:keras/src/layers/rnn/conv_lstm.py ConvLSTMCell.build
					return cellStep{}, fmt.Errorf("ConvLSTM layers only support static input shapes for the spatial dimensions, got a time step of shape %s", step)
				}
			}
		}
		out, err := g.outDims(dims)
		if err != nil {
			return cellStep{}, err
		}
		bias, err := useBias(h)
		if err != nil {
			return cellStep{}, err
		}
		gf := P(F("gates", 4), F("filters", filters))
		var kd, rd []D
		for i, name := range kernelNames(n) {
			kd = append(kd, F(name, g.kernel[i]))
			rd = append(rd, F(name, g.kernel[i]))
		}
		e.add("kernel", append(kd, F("in_channels", cin), gf)...)
		e.add("recurrent_kernel", append(rd, F("filters", filters), gf)...)
		if bias {
			e.add("bias", gf)
		}
		s := assemble(step[0], out, filters, g.cf)
		return cellStep{out: s, states: []graph.Shape{s.Clone(), s.Clone()}}, nil
	}
}

// stackedCells runs StackedRNNCells: each cell's output is the next cell's
// input; the output is the last cell's and the states are all the cells'
// states in order (keras@HEAD:keras/src/layers/rnn/stacked_rnn_cells.py;
// keras@2.3.1:keras/layers/recurrent.py StackedRNNCells).
func stackedCells(e cellEnv, step graph.Shape) (cellStep, error) {
	v, ok := e.cfg["cells"]
	if !ok || v == nil {
		return cellStep{}, fmt.Errorf("StackedRNNCells needs a list of cells")
	}
	list, ok := v.([]any)
	if !ok {
		return cellStep{}, fmt.Errorf("cells: expected a list of cell configs, got %s", catalog.Repr(v))
	}
	return runCellStack(e, list, step)
}

func runCellStack(e cellEnv, list []any, step graph.Shape) (cellStep, error) {
	if len(list) == 0 {
		return cellStep{}, fmt.Errorf("an RNN needs at least one cell, got an empty list")
	}
	var res cellStep
	var groups [][]graph.Shape
	used := map[string]int{}
	for i, cv := range list {
		class, cfg, name, trainable, err := parseCell(cv)
		if err != nil {
			return cellStep{}, fmt.Errorf("cell %d: %v", i, err)
		}
		if name == "" {
			name = layerSnakeName(class)
		}
		if n := used[name]; n > 0 {
			name = fmt.Sprintf("%s_%d", name, n)
		}
		used[name]++
		sub := cellEnv{c: e.c, cfg: cfg, prefix: e.prefix + name + "/", trainable: e.trainable && trainable}
		st, err := runCell(sub, class, step)
		if err != nil {
			return cellStep{}, fmt.Errorf("cell %d (%s): %v", i, class, err)
		}
		res.out = st.out
		groups = append(groups, st.states)
		step = st.out
	}
	// Keras 2.0–2.1 and tfjs-layers list the states of stacked cells last
	// cell first (Keras 2.2's reverse_state_order=True keeps that order).
	reverse, _ := e.c.Cfg.Bool(false, "reverse_state_order")
	for i := range groups {
		g := groups[i]
		if reverse {
			g = groups[len(groups)-1-i]
		}
		res.states = append(res.states, g...)
	}
	return res, nil
}

// parseCell reads a nested {"class_name", "config"} cell.
func parseCell(v any) (class string, cfg catalog.Config, name string, trainable bool, err error) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", nil, "", false, fmt.Errorf("expected a cell config object, got %s", catalog.Repr(v))
	}
	class, _ = m["class_name"].(string)
	if class == "" {
		return "", nil, "", false, fmt.Errorf("cell config has no class_name")
	}
	c, _ := m["config"].(map[string]any)
	if c == nil {
		c = map[string]any{}
	}
	name, _ = c["name"].(string)
	trainable = true
	if b, ok := c["trainable"].(bool); ok {
		trainable = b
	}
	return class, catalog.Config(c), name, trainable, nil
}

func runCell(e cellEnv, class string, step graph.Shape) (cellStep, error) {
	f := cellFuncs[class]
	if f == nil {
		return cellStep{}, fmt.Errorf("unknown RNN cell class %q (known: SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells, ConvLSTM2DCell)", class)
	}
	return f(e, step)
}

// rnnOpts are the options every RNN layer shares.
type rnnOpts struct {
	returnSequences, returnState, timeMajor bool
}

func readRNNOpts(cfg catalog.Config) (rnnOpts, error) {
	var o rnnOpts
	var err error
	if o.returnSequences, err = cfg.Bool(false, "return_sequences"); err != nil {
		return o, err
	}
	if o.returnState, err = cfg.Bool(false, "return_state"); err != nil {
		return o, err
	}
	if o.timeMajor, err = cfg.Bool(false, "time_major"); err != nil {
		return o, err
	}
	return o, nil
}

// runRNN is the RNN loop: it checks the sequence input, runs the cell on
// one time step and sets the layer's outputs.
func runRNN(c *Call, cell func(step graph.Shape) (cellStep, error)) error {
	if len(c.In) == 0 {
		return fmt.Errorf("expects a sequence input, got none")
	}
	// Further inputs are initial states or constants.
	s := c.In[0]
	if len(s) < 3 {
		return fmt.Errorf("expected input of rank >= 3 (batch, timesteps, features), got shape %s", s)
	}
	o, err := readRNNOpts(c.Cfg)
	if err != nil {
		return err
	}
	batch, steps := s[0], s[1]
	if o.timeMajor {
		batch, steps = steps, batch
	}
	unroll, err := c.Cfg.Bool(false, "unroll")
	if err != nil {
		return err
	}
	if unroll && steps < 0 {
		// keras@2.3.1 RNN.call, tf.keras, keras@HEAD RNN.call all refuse.
		return fmt.Errorf("cannot unroll an RNN whose time dimension is undefined (input shape %s)", s)
	}
	step := append(graph.Shape{batch}, s[2:]...)
	st, err := cell(step)
	if err != nil {
		return err
	}
	var out graph.Shape
	switch {
	case !o.returnSequences:
		out = st.out.Clone()
	case o.timeMajor:
		out = append(graph.Shape{steps, batch}, st.out[1:]...)
	default:
		out = append(graph.Shape{batch, steps}, st.out[1:]...)
	}
	outs := []graph.Shape{out}
	if o.returnState {
		for _, sh := range st.states {
			outs = append(outs, sh.Clone())
		}
	}
	c.SetOut(outs...)
	return nil
}

// rnnLayer makes the Infer of a layer whose own config is its cell's
// (SimpleRNN, LSTM, GRU, CuDNN*, ConvLSTM*).
func rnnLayer(f cellFunc) func(c *Call) error {
	return func(c *Call) error {
		e := cellEnv{c: c, cfg: c.Cfg, trainable: true}
		return runRNN(c, func(step graph.Shape) (cellStep, error) { return f(e, step) })
	}
}

// inferRNN is the generic RNN layer: cell is one cell config or a list of
// them (stacked; keras@HEAD RNN.__init__ wraps a list in StackedRNNCells).
// A single cell's weights keep their plain names (kernel, ...); stacked
// cells' are prefixed with the cell's name (lstm_cell/kernel,
// lstm_cell_1/kernel).
func inferRNN(c *Call) error {
	v, ok := c.Cfg["cell"]
	if !ok || v == nil {
		return fmt.Errorf("RNN needs a cell")
	}
	e := cellEnv{c: c, cfg: c.Cfg, trainable: true}
	return runRNN(c, func(step graph.Shape) (cellStep, error) {
		if list, ok := v.([]any); ok {
			return runCellStack(e, list, step)
		}
		class, cfg, _, trainable, err := parseCell(v)
		if err != nil {
			return cellStep{}, fmt.Errorf("cell: %v", err)
		}
		st, err := runCell(cellEnv{c: c, cfg: cfg, trainable: trainable}, class, step)
		if err != nil {
			return cellStep{}, fmt.Errorf("cell %s: %v", class, err)
		}
		return st, nil
	})
}

// cellLayer makes the Infer of a cell used as a layer: cell(x, states)
// returns (output, new_states), here flattened to [output, states...].
// rank is the expected input rank (-1: any).
func cellLayer(f cellFunc, rank int) func(c *Call) error {
	return func(c *Call) error {
		if len(c.In) == 0 {
			return fmt.Errorf("expects an input, got none")
		}
		x := c.In[0]
		if rank > 0 && len(x) != rank {
			return fmt.Errorf("expected input of rank %d (batch included), got shape %s", rank, x)
		}
		if len(x) < 2 {
			return fmt.Errorf("expected input of rank >= 2 (batch included), got shape %s", x)
		}
		st, err := f(cellEnv{c: c, cfg: c.Cfg, trainable: true}, x)
		if err != nil {
			return err
		}
		outs := []graph.Shape{st.out}
		outs = append(outs, st.states...)
		c.SetOut(outs...)
		return nil
	}
}

// snakeRes are compiled on first use, not at start-up.
var snakeRes = sync.OnceValues(func() (*regexp.Regexp, *regexp.Regexp) {
	return regexp.MustCompile(`(.)([A-Z][a-z0-9]+)`), regexp.MustCompile(`([a-z])([A-Z])`)
})

// layerSnakeName is Keras 2's to_snake_case of a class name (LSTMCell →
// lstm_cell), used to name nested layers whose config has no name.
func layerSnakeName(class string) string {
	snakeRe1, snakeRe2 := snakeRes()
	s := snakeRe1.ReplaceAllString(class, "${1}_${2}")
	return strings.ToLower(snakeRe2.ReplaceAllString(s, "${1}_${2}"))
}

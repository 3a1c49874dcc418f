package keras

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// EinsumDense (keras/src/layers/core/einsum_dense.py, tf.keras
// keras/layers/core/einsum_dense.py, earlier
// keras.layers.experimental.EinsumDense): the kernel and bias shapes and
// the output shape come from the equation, following
// _analyze_einsum_string / _analyze_split_string.

func init() {
	Register(&Spec{Class: "EinsumDense", Family: "core", Infer: inferEinsumDense})
}

// einsumForms are the three equation forms Keras accepts, after "..." is
// replaced by "0"; like Python's re.match they are anchored at the start
// only.
// They are compiled on first use, not at start-up.
var einsumForms = sync.OnceValue(func() []einsumForm {
	return []einsumForm{
		{regexp.MustCompile(`^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)`), false},
		{regexp.MustCompile(`^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)`), true},
		{regexp.MustCompile(`^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0`), false},
	}
})

type einsumForm struct {
	re   *regexp.Regexp
	left bool
}

// einsumPlan is what the equation says about one input shape.
type einsumPlan struct {
	kernel []D
	bias   []D // nil: no bias
	out    graph.Shape
}

// einsumAnalyze mirrors _analyze_einsum_string. keras3 selects Keras 3's
// output shape (compute_output_shape, which keeps a None of the partial
// output_shape at a dim shared with the input and lists left-elided dims
// in reverse); otherwise the shape is the one the einsum op really
// produces, which tf.keras reports.
func einsumAnalyze(equation, biasAxes string, hasBias bool, in graph.Shape, partial []int64, keras3 bool) (*einsumPlan, error) {
	eq := strings.ReplaceAll(equation, "...", "0")
	var m []string
	left := false
	form := -1
	for i, f := range einsumForms() {
		if m = f.re.FindStringSubmatch(eq); m != nil {
			left, form = f.left, i
			break
		}
	}
	if m == nil {
		return nil, fmt.Errorf("invalid einsum equation %q: equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...", equation)
	}
	inSpec, wSpec, outSpec := m[1], m[2], m[3]
	elided := len(in) - len(inSpec)
	if elided < 0 || (form == 0 && elided != 0) || (left && elided == 0) {
		want := fmt.Sprint(len(inSpec))
		switch form {
		case 1:
			want = fmt.Sprintf(">= %d", len(inSpec)+1)
		case 2:
			want = fmt.Sprintf(">= %d", len(inSpec))
		}
		return nil, fmt.Errorf("equation %q expects an input of rank %s (batch included), got shape %s", equation, want, in)
	}

	// Keras' full output shape.
	out := append(graph.Shape{in[0]}, partial...)
	if elided > 0 && left {
		for i := 1; i < elided; i++ {
			out = append(out[:1], append(graph.Shape{in[i]}, out[1:]...)...)
		}
	} else if elided > 0 {
		out = append(out, in[len(in)-elided:]...)
	}
	inMap := map[byte]int{}
	outMap := map[byte]int{}
	for i := 0; i < len(inSpec); i++ {
		if left {
			inMap[inSpec[i]] = i + elided // (i + elided) - len(input_shape), from the end
		} else {
			inMap[inSpec[i]] = i
		}
	}
	outOffset := 0
	if left {
		outOffset = elided
	}
	for i := 0; i < len(outSpec); i++ {
		outMap[outSpec[i]] = i + outOffset
	}
	want := len(outSpec) - 1
	if left {
		want = len(outSpec)
	}
	if len(partial) != want {
		return nil, fmt.Errorf("output_shape %s does not fit equation %q: it needs %d sizes for the output spec %q (batch dim and elided dims excluded)",
			catalog.Repr(einsumShapeAny(partial)), equation, want, outSpec)
	}
	for i := 0; i < len(inSpec); i++ {
		ch := inSpec[i]
		if j, ok := outMap[ch]; ok {
			if o, iv := out[j], in[inMap[ch]]; o >= 0 && o != iv {
				return nil, fmt.Errorf("input shape and output shape do not match at shared dimension '%c': input shape is %s, output shape is %s",
					ch, graph.DimString(iv), graph.DimString(o))
			}
		}
	}
	for i := 0; i < len(outSpec); i++ {
		ch := outSpec[i]
		if !strings.ContainsRune(inSpec, rune(ch)) && !strings.ContainsRune(wSpec, rune(ch)) {
			return nil, fmt.Errorf("dimension '%c' was specified in the output %q but has no corresponding dim in the input spec %q or weight spec %q", ch, outSpec, inSpec, wSpec)
		}
	}

	p := &einsumPlan{}
	for i := 0; i < len(wSpec); i++ {
		ch := wSpec[i]
		jo, inOut := outMap[ch]
		ji, inIn := inMap[ch]
		var v int64
		switch {
		case inOut && (keras3 || !inIn):
			v = out[jo]
		case inIn:
			v = in[ji]
		default:
			return nil, fmt.Errorf("weight dimension '%c' did not have a match in either the input spec %q or the output spec %q; for this layer, the weight must be fully specified", ch, inSpec, outSpec)
		}
		if v < 0 {
			return nil, fmt.Errorf("kernel dimension '%c' is unknown (None); it must be known from the input shape %s or output_shape %s", ch, in, graph.Shape(partial))
		}
		p.kernel = append(p.kernel, F(string(ch), v))
	}

	if hasBias {
		first := -1
		for i := 0; i < len(biasAxes); i++ {
			k := strings.IndexByte(outSpec, biasAxes[i])
			if k < 0 {
				return nil, fmt.Errorf("bias dimension '%c' was requested, but is not part of the output spec %q", biasAxes[i], outSpec)
			}
			if first < 0 || k < first {
				first = k
			}
		}
		if first >= 0 {
			for k := first; k < len(outSpec); k++ {
				ch := outSpec[k]
				if strings.IndexByte(biasAxes, ch) < 0 {
					p.bias = append(p.bias, F("broadcast", 1))
					continue
				}
				v := out[k+outOffset]
				if v < 0 {
					return nil, fmt.Errorf("bias dimension '%c' is unknown (None)", ch)
				}
				p.bias = append(p.bias, F(string(ch), v))
			}
			if !left {
				for k := 0; k < elided; k++ {
					p.bias = append(p.bias, F("broadcast", 1))
				}
			}
		} else {
			// bias_axes="" gives a scalar bias in Keras (min of an empty
			// list raises there); treat it as no bias.
			p.bias = nil
		}
	}

	if keras3 {
		p.out = out
		return p, nil
	}
	// The shape the einsum op produces: input sizes for letters of the
	// input, elided dims in order.
	real := graph.Shape{}
	if left {
		real = append(real, in[:elided]...)
	}
	for i := 0; i < len(outSpec); i++ {
		ch := outSpec[i]
		if j, ok := inMap[ch]; ok {
			real = append(real, in[j])
		} else {
			real = append(real, out[i+outOffset])
		}
	}
	if !left && elided > 0 {
		real = append(real, in[len(in)-elided:]...)
	}
	p.out = real
	return p, nil
}

// inferEinsumDense: kernel from the weight term of the equation, bias from
// bias_axes; Keras 3 lora_rank freezes the kernel and adds lora_kernel_a
// (kernel[:-1] + (rank,)) and lora_kernel_b (rank, kernel[-1]).
func inferEinsumDense(c *Call) error {
	s, err := c.One()
	if err != nil {
		return err
	}
	if len(s) == 0 {
		return fmt.Errorf("expected an input with a batch dim, got shape %s", s)
	}
	eq, err := c.Cfg.String("", "equation")
	if err != nil {
		return err
	}
	if eq == "" {
		return fmt.Errorf("missing required argument equation")
	}
	if !c.Cfg.Has("output_shape") {
		return fmt.Errorf("missing required argument output_shape")
	}
	partial, _, err := c.Cfg.Shape("output_shape")
	if err != nil {
		return err
	}
	biasAxes, err := c.Cfg.String("", "bias_axes")
	if err != nil {
		return err
	}
	p, err := einsumAnalyze(eq, biasAxes, c.Cfg.Has("bias_axes"), s, partial, c.Dialect == graph.Keras3)
	if err != nil {
		return err
	}
	lora, err := c.Cfg.Int(0, "lora_rank")
	if err != nil {
		return err
	}
	c.AddWeight("kernel", lora <= 0, p.kernel...)
	if p.bias != nil {
		c.AddWeight("bias", true, p.bias...)
	}
	if lora > 0 && len(p.kernel) > 0 {
		a := append(append([]D(nil), p.kernel[:len(p.kernel)-1]...), F("lora_rank", lora))
		c.AddWeight("lora_kernel_a", true, a...)
		c.AddWeight("lora_kernel_b", true, F("lora_rank", lora), p.kernel[len(p.kernel)-1])
	}
	c.SetOut(p.out)
	return nil
}

// einsumShapeAny turns sizes back into a JSON-like list for messages.
func einsumShapeAny(s []int64) []any {
	out := make([]any, len(s))
	for i, d := range s {
		if d < 0 {
			out[i] = nil
		} else {
			out[i] = d
		}
	}
	return out
}

package explain

import (
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/graph"
)

// Shapes, numbers and the length formulas of windows (convolution,
// pooling, transposed convolution).

// shapes formats a list of shapes: (None, 8) or [(None, 8), (None, 4)].
func shapes(ss []graph.Shape) string {
	if len(ss) == 0 {
		return "?"
	}
	if len(ss) == 1 {
		if ss[0] == nil {
			return "?"
		}
		return ss[0].String()
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		if s == nil {
			parts[i] = "?"
		} else {
			parts[i] = s.String()
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// sample formats the dims of one sample (batch left out): 28x28x1.
func sample(s graph.Shape) string {
	if len(s) <= 1 {
		return "1"
	}
	return dimsX(s[1:])
}

// dimsX joins dims with x: 5x5.
func dimsX(d []int64) string {
	parts := make([]string, len(d))
	for i, x := range d {
		parts[i] = graph.DimString(x)
	}
	return strings.Join(parts, "x")
}

// dimsDot joins dims with ·, as factors of a formula: 5·5 (a 1-D kernel
// is its length, not the "3-wide" of the prose).
func dimsDot(d []int64) string {
	parts := make([]string, len(d))
	for i, x := range d {
		parts[i] = graph.DimString(x)
	}
	return strings.Join(parts, "·")
}

// dimsTuple formats ints like a Python tuple: (2, 2).
func dimsTuple(d []int64) string { return graph.Shape(d).String() }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// percent formats a rate 0.25 as 25%.
func percent(f float64) string {
	return strconv.FormatFloat(f*100, 'g', 4, 64) + "%"
}

// spatial splits a shape into spatial dims and channels.
func spatial(s graph.Shape, n int, cf bool) ([]int64, int64) {
	if len(s) < n+2 {
		return nil, -1
	}
	if cf {
		return s[2 : 2+n], s[1]
	}
	return s[1 : 1+n], s[1+n]
}

// axisNames are the message keys of n spatial axes.
func axisNames(n int) []string {
	switch n {
	case 1:
		return []string{"axis.length"}
	case 2:
		return []string{"axis.height", "axis.width"}
	case 3:
		return []string{"axis.depth", "axis.height", "axis.width"}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = "axis.n"
	}
	return out
}

func (c *ctx) axis(n, i int) string {
	return c.l.T(axisNames(n)[i], "n", i+1)
}

// window names a window: 5x5, or for one axis 5-wide.
func (c *ctx) window(k []int64) string {
	if len(k) == 1 {
		return c.l.T("win.1d", "k", itoa(k[0]))
	}
	return dimsX(k)
}

// kernelSize takes the window from the kernel's factors (every dialect
// names them the same), else from kernel_size.
func (c *ctx) kernelSize(n int) []int64 {
	names := map[int][]string{1: {"kernel_len"}, 2: {"kernel_h", "kernel_w"}, 3: {"kernel_d", "kernel_h", "kernel_w"}}[n]
	out := make([]int64, 0, n)
	for _, name := range names {
		v, ok := c.factor("", name)
		if !ok {
			break
		}
		out = append(out, v)
	}
	if len(out) == n {
		return out
	}
	if k, err := c.cfg.Ints(n, nil, "kernel_size"); err == nil && len(k) == n {
		return k
	}
	return onesN(n)
}

func onesN(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

func prodKnown(d []int64) int64 {
	n := int64(1)
	for _, x := range d {
		if x < 0 {
			return -1
		}
		n *= x
	}
	return n
}

// windowParams is the line naming window, strides, padding and dilation.
func (c *ctx) windowParams(win string, strides, dilation []int64, pad string) string {
	line := c.l.T("len.window", "win", win, "strides", dimsX(strides), "padding", pad)
	if prodKnown(dilation) > 1 {
		line += c.l.T("len.window.dilation", "dilation", dimsX(dilation))
	}
	return line
}

// windowLines explains each spatial output length of a convolution or
// pooling window (Keras conv_output_length), checking every formula
// against the shape netsum computed.
func (c *ctx) windowLines(n int, in, out, kernel, strides, dilation []int64, pad string) {
	if len(in) != n || len(out) != n {
		return
	}
	for i := 0; i < n; i++ {
		axis := c.axis(n, i)
		L, O, k, s, d := in[i], out[i], kernel[i], strides[i], dilation[i]
		if L < 0 {
			c.shape(c.l.T("len.unknown", "axis", axis))
			continue
		}
		keff := k + (k-1)*(d-1)
		var f string
		var v int64
		switch pad {
		case "valid":
			num := L - keff
			if num < 0 {
				break
			}
			f = "(" + itoa(L) + " − " + itoa(keff) + ")/" + itoa(s)
			if num%s != 0 {
				f = "⌊" + f + "⌋"
			}
			f += " + 1"
			v = num/s + 1
		case "same", "causal":
			if s == 1 {
				c.shape(c.l.T("len.same1", "axis", axis, "in", itoa(L), "padding", pad))
				continue
			}
			f = itoa(L) + "/" + itoa(s)
			if L%s != 0 {
				f = "⌈" + f + "⌉"
			}
			v = (L + s - 1) / s
		case "full":
			f = "⌈(" + itoa(L) + " + " + itoa(keff) + " − 1)/" + itoa(s) + "⌉"
			v = (L + keff - 1 + s - 1) / s
		}
		if f == "" || v != O {
			c.shape(c.l.T("len.plain", "axis", axis, "in", graph.DimString(L), "out", graph.DimString(O)))
			continue
		}
		line := c.l.T("len.formula", "axis", axis, "formula", f, "out", itoa(O))
		if d > 1 {
			line += c.l.T("len.dilated", "k", itoa(k), "d", itoa(d), "keff", itoa(keff))
		}
		c.shape(line)
	}
}

// transposedLines explains the output lengths of a transposed
// convolution (Keras deconv_output_length).
func (c *ctx) transposedLines(n int, in, out, kernel, strides, dilation []int64, pad string) {
	if len(in) != n || len(out) != n {
		return
	}
	outPad, _ := c.cfg.Ints(n, nil, "output_padding")
	for i := 0; i < n; i++ {
		axis := c.axis(n, i)
		L, O, k, s, d := in[i], out[i], kernel[i], strides[i], dilation[i]
		if L < 0 {
			c.shape(c.l.T("len.unknown", "axis", axis))
			continue
		}
		keff := k + (k-1)*(d-1)
		var f string
		var v int64
		if len(outPad) == n {
			p := map[string]int64{"same": keff / 2, "valid": 0, "full": keff - 1}[pad]
			f = "(" + itoa(L) + " − 1)·" + itoa(s) + " + " + itoa(keff) + " − 2·" + itoa(p) + " + " + itoa(outPad[i])
			v = (L-1)*s + keff - 2*p + outPad[i]
		} else {
			switch pad {
			case "valid":
				f = "(" + itoa(L) + " − 1)·" + itoa(s) + " + max(" + itoa(keff) + ", " + itoa(s) + ")"
				v = (L-1)*s + max(keff, s)
			case "same":
				f = itoa(L) + "·" + itoa(s)
				v = L * s
			case "full":
				f = itoa(L) + "·" + itoa(s) + " − (" + itoa(s) + " + " + itoa(keff) + " − 2)"
				v = L*s - (s + keff - 2)
			}
		}
		if f == "" || v != O {
			c.shape(c.l.T("len.plain", "axis", axis, "in", graph.DimString(L), "out", graph.DimString(O)))
			continue
		}
		c.shape(c.l.T("len.formula", "axis", axis, "formula", f, "out", itoa(O)))
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

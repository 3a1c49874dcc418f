package onnx

import (
	"fmt"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Control flow (If, Loop, Scan) and recurrent layers (RNN, GRU, LSTM).

func registerControl() {
	register("control", "", ifOp, "If")
	register("control", "", loop, "Loop")
	register("control", "", scan, "Scan")
	register("recurrent", "", recurrent(1), "RNN")
	register("recurrent", "", recurrent(3), "GRU")
	register("recurrent", "", recurrent(4), "LSTM")
}

// union is onnx's UnionTypeInfo: what two types have in common.
func union(a, b *Type) *Type {
	if a == nil || b == nil {
		return nil
	}
	if a.Kind != b.Kind {
		return nil
	}
	out := a.Clone()
	if a.Elem != b.Elem {
		out.Elem = 0
	}
	if a.Kind == pb.KindTensor || a.Kind == pb.KindSparseTensor {
		if !a.HasShape || !b.HasShape || len(a.Shape) != len(b.Shape) {
			out.HasShape, out.Shape = false, nil
		} else {
			for i := range out.Shape {
				if !a.Shape[i].Same(b.Shape[i]) {
					out.Shape[i] = Unk
				}
			}
		}
	}
	if a.Inner != nil || b.Inner != nil {
		out.Inner = union(a.Inner, b.Inner)
	}
	return out
}

func ifOp(c *Ctx) error {
	then, els := c.attr("then_branch"), c.attr("else_branch")
	if then == nil || then.G == nil || els == nil || els.G == nil {
		return fmt.Errorf("then_branch and else_branch graphs are required")
	}
	tr := c.subgraph("then_branch", then.G, nil)
	er := c.subgraph("else_branch", els.G, nil)
	tt, et := tr.outputTypes(c.sc), er.outputTypes(c.sc)
	if len(tt) != len(et) {
		return fmt.Errorf("then_branch has %d outputs, else_branch %d", len(tt), len(et))
	}
	if len(tt) != c.nOut() {
		return fmt.Errorf("node has %d outputs, branches %d", c.nOut(), len(tt))
	}
	// A known condition picks its branch.
	cond := -1
	if v, ok := c.knownInts(0); ok && len(v) == 1 {
		cond = int(b2i(v[0] != 0))
	}
	for i := range tt {
		switch cond {
		case 1:
			c.set(i, tt[i].Clone())
		case 0:
			c.set(i, et[i].Clone())
		default:
			c.set(i, union(tt[i], et[i]))
		}
	}
	return nil
}

// clearShape drops the dims of a type (keeping kinds and element types).
func clearShape(t *Type) *Type {
	if t == nil {
		return nil
	}
	out := t.Clone()
	out.HasShape, out.Shape = false, nil
	if out.Inner != nil {
		out.Inner = clearShape(out.Inner)
	}
	return out
}

func loop(c *Ctx) error {
	body := c.attr("body")
	if body == nil || body.G == nil {
		return fmt.Errorf("body graph is required")
	}
	nState := len(c.In) - 2
	if nState < 0 {
		return fmt.Errorf("Loop needs inputs M and cond")
	}
	in := make([]*Type, 0, len(c.In))
	in = append(in, TensorNoShape(pb.Int64))
	in = append(in, c.typ(1))
	for i := 2; i < len(c.In); i++ {
		in = append(in, c.typ(i).Clone())
	}
	// First try the loop-carried shapes as given: if the body gives them
	// back unchanged, they hold in every iteration. Else infer as onnx
	// does, with those shapes cleared.
	// Nested loops try only once each (else the work doubles per level).
	try := c.e.depth < 8
	if !try {
		for i := 2; i < len(in); i++ {
			in[i] = clearShape(in[i])
		}
	}
	r := c.subgraph("body", body.G, in)
	out := r.outputTypes(r.scope(c.sc))
	fixed := try && len(out) == c.nOut()+1
	for i := 0; fixed && i < nState; i++ {
		if out[i+1] == nil || !out[i+1].Equal(in[i+2]) || in[i+2] == nil {
			fixed = false
		}
	}
	if try && !fixed {
		for i := 2; i < len(in); i++ {
			in[i] = clearShape(in[i])
		}
		r = c.subgraph("body", body.G, in)
		out = r.outputTypes(r.scope(c.sc))
	}
	if len(out) != c.nOut()+1 {
		return fmt.Errorf("body has %d outputs, want %d", len(out), c.nOut()+1)
	}
	trip := Unk
	if v, ok := c.knownInts(0); ok && len(v) == 1 && !c.has(1) {
		trip = Known(v[0])
	}
	for i := 0; i < c.nOut(); i++ {
		st := out[i+1]
		if i < nState {
			switch {
			case st == nil:
				if t := c.typ(i + 2); t != nil {
					c.set(i, clearShape(t))
				}
			case fixed:
				c.set(i, st.Clone())
			case c.typ(i+2) != nil && c.typ(i+2).Kind == pb.KindSequence:
				// onnx keeps the declared sequence type of the input.
				c.set(i, c.typ(i+2).Clone())
			default:
				t := clearShape(st)
				if t.Elem == 0 {
					t.Elem = c.elem(i + 2)
				}
				c.set(i, t)
			}
			continue
		}
		if st == nil {
			continue
		}
		if st.Kind != pb.KindTensor {
			return fmt.Errorf("scan output %d of the body is not a tensor", i)
		}
		if !st.HasShape {
			c.setElem(i, st.Elem)
			continue
		}
		c.setTensor(i, st.Elem, append([]Dim{trip}, st.Shape...))
	}
	return nil
}

func (r *GraphResult) scope(parent *scope) *scope {
	return &scope{parent: parent, values: r.Values}
}

func scan(c *Ctx) error {
	body := c.attr("body")
	if body == nil || body.G == nil {
		return fmt.Errorf("body graph is required")
	}
	nScan := int(c.int("num_scan_inputs", 0))
	first := 0
	batch := false
	if c.Opset < 9 && c.Domain == "" {
		// Scan-8: sequence_lens first, and a batch dim before each axis.
		first, batch = 1, true
	}
	nIn := len(c.In) - first
	nState := nIn - nScan
	if nScan <= 0 || nState < 0 {
		return fmt.Errorf("num_scan_inputs %d does not fit %d inputs", nScan, nIn)
	}
	nScanOut := c.nOut() - nState
	if nScanOut < 0 {
		return fmt.Errorf("%d outputs for %d loop state variables", c.nOut(), nState)
	}
	axes := make([]int64, nScan)
	if v, has := c.ints("scan_input_axes"); has {
		if len(v) != nScan {
			return fmt.Errorf("scan_input_axes has %d values for %d scan inputs", len(v), nScan)
		}
		axes = v
	}
	outAxes := make([]int64, nScanOut)
	if v, has := c.ints("scan_output_axes"); has {
		if len(v) != nScanOut {
			return fmt.Errorf("scan_output_axes has %d values for %d scan outputs", len(v), nScanOut)
		}
		outAxes = v
	}
	seqLen := Unk
	batchDim := Unk
	in := make([]*Type, 0, nIn)
	for i := 0; i < nIn; i++ {
		t := c.typ(first + i)
		if t != nil && t.Kind != pb.KindTensor {
			return fmt.Errorf("input %d is not a tensor", first+i)
		}
		if batch && t != nil && t.HasShape && len(t.Shape) > 0 {
			m, err := mergeDim(t.Shape[0], batchDim)
			if err == nil {
				batchDim = m
			}
			t = &Type{Kind: t.Kind, Elem: t.Elem, HasShape: true, Shape: append([]Dim(nil), t.Shape[1:]...)}
		}
		if i < nState {
			in = append(in, t.Clone())
			continue
		}
		if t == nil || !t.HasShape {
			in = append(in, t.Clone())
			continue
		}
		ax := axes[i-nState]
		if batch {
			ax = 0
		}
		a, err := normAxis(ax, len(t.Shape))
		if err != nil {
			return err
		}
		m, err := mergeDim(t.Shape[a], seqLen)
		if err != nil {
			return fmt.Errorf("scan inputs differ in length: %v", err)
		}
		seqLen = m
		sh := append(append([]Dim(nil), t.Shape[:a]...), t.Shape[a+1:]...)
		in = append(in, &Type{Kind: pb.KindTensor, Elem: t.Elem, HasShape: true, Shape: sh})
	}
	r := c.subgraph("body", body.G, in)
	out := r.outputTypes(r.scope(c.sc))
	if len(out) != c.nOut() {
		return fmt.Errorf("body has %d outputs, node %d", len(out), c.nOut())
	}
	for i := 0; i < c.nOut(); i++ {
		st := out[i]
		if i < nState {
			t := c.typ(first + i).Clone()
			if t == nil {
				t = st.Clone()
			} else if st != nil {
				if batch && st.HasShape {
					st = &Type{Kind: st.Kind, Elem: st.Elem, HasShape: true, Shape: append([]Dim{batchDim}, st.Shape...)}
				}
				t = mergeInto(st, t)
			}
			c.set(i, t)
			continue
		}
		if st == nil {
			continue
		}
		if !st.HasShape {
			c.setElem(i, st.Elem)
			continue
		}
		var sh []Dim
		if batch {
			sh = append([]Dim{batchDim, seqLen}, st.Shape...)
		} else {
			a, err := normAxis(outAxes[i-nState], len(st.Shape)+1)
			if err != nil {
				return err
			}
			sh = append(append(append([]Dim(nil), st.Shape[:a]...), seqLen), st.Shape[a:]...)
		}
		c.setTensor(i, st.Elem, sh)
	}
	return nil
}

// recurrent infers RNN (1 gate), GRU (3) and LSTM (4).
func recurrent(gates int64) OpFunc {
	return func(c *Ctx) error {
		elem := c.elem(0)
		dirs := int64(1)
		if c.str("direction", "forward") == "bidirectional" {
			dirs = 2
		}
		layout := c.int("layout", 0)
		seq, batch := Unk, Unk
		if s, ok := c.shape(0); ok {
			if len(s) != 3 {
				return fmt.Errorf("X must have rank 3, has %d", len(s))
			}
			seq, batch = s[0], s[1]
			if layout != 0 {
				seq, batch = s[1], s[0]
			}
		}
		hidden := Unk
		if h := c.int("hidden_size", 0); h > 0 {
			hidden = Known(h)
		} else if r, ok := c.shape(2); ok && len(r) == 3 {
			hidden = r[2]
		} else if w, ok := c.shape(1); ok && len(w) == 3 && w[1].IsKnown() {
			hidden = Known(w[1].V / gates)
		}
		nd := Known(dirs)
		if layout == 0 {
			c.setTensor(0, elem, []Dim{seq, nd, batch, hidden})
			for i := 1; i < c.nOut(); i++ {
				c.setTensor(i, elem, []Dim{nd, batch, hidden})
			}
		} else {
			c.setTensor(0, elem, []Dim{batch, seq, nd, hidden})
			for i := 1; i < c.nOut(); i++ {
				c.setTensor(i, elem, []Dim{batch, nd, hidden})
			}
		}
		return nil
	}
}

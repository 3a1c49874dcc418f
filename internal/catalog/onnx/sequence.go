package onnx

import (
	"fmt"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Sequences and optionals.

func registerSequence() {
	register("sequence", "", seqEmpty, "SequenceEmpty")
	register("sequence", "", seqConstruct, "SequenceConstruct")
	register("sequence", "", seqInsert, "SequenceInsert")
	register("sequence", "", seqAt, "SequenceAt")
	register("sequence", "", seqErase, "SequenceErase")
	register("sequence", "", seqLength, "SequenceLength")
	register("sequence", "", splitToSequence, "SplitToSequence")
	register("sequence", "", concatFromSequence, "ConcatFromSequence")
	register("sequence", "", seqMap, "SequenceMap")
	register("sequence", "", optional, "Optional")
	register("sequence", "", optionalHas, "OptionalHasElement")
	register("sequence", "", optionalGet, "OptionalGetElement")
}

func seqOf(t *Type) *Type { return &Type{Kind: pb.KindSequence, Inner: t} }

func seqEmpty(c *Ctx) error {
	c.set(0, seqOf(TensorNoShape(pb.DataType(c.int("dtype", int64(pb.Float))))))
	return nil
}

func seqConstruct(c *Ctx) error {
	var elem *Type
	for i := range c.In {
		t := c.typ(i)
		if t == nil {
			return fmt.Errorf("input %d has no type", i)
		}
		if i == 0 {
			elem = t.Clone()
		} else {
			if t.Elem != elem.Elem {
				return fmt.Errorf("inputs differ in element type")
			}
			elem = union(elem, t)
		}
	}
	c.set(0, seqOf(elem))
	return nil
}

func seqInsert(c *Ctx) error {
	s, t := c.typ(0), c.typ(1)
	if s == nil || s.Kind != pb.KindSequence {
		if t != nil {
			c.set(0, seqOf(TensorNoShape(t.Elem)))
		}
		return nil
	}
	if s.Inner == nil || t == nil {
		c.set(0, s.Clone())
		return nil
	}
	if s.Inner.Elem != 0 && t.Elem != 0 && s.Inner.Elem != t.Elem {
		return fmt.Errorf("tensor type %s differs from the sequence's %s", t.Elem, s.Inner.Elem)
	}
	c.set(0, seqOf(union(s.Inner, t)))
	return nil
}

func seqAt(c *Ctx) error {
	if s := c.typ(0); s != nil && s.Kind == pb.KindSequence && s.Inner != nil {
		c.set(0, s.Inner.Clone())
	}
	return nil
}

func seqErase(c *Ctx) error {
	c.sameAs(0, 0)
	return nil
}

func seqLength(c *Ctx) error {
	c.setTensor(0, pb.Int64, nil)
	return nil
}

func splitToSequence(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.set(0, seqOf(TensorNoShape(elem)))
		return nil
	}
	ax, err := normAxis(c.int("axis", 0), len(s))
	if err != nil {
		return err
	}
	out := append([]Dim(nil), s...)
	switch {
	case !c.has(1):
		if c.int("keepdims", 1) != 0 {
			out[ax] = Known(1)
		} else {
			out = append(out[:ax], out[ax+1:]...)
		}
	case c.rank(1) == 0:
		v, ok := c.knownInts(1)
		if ok && len(v) == 1 && s[ax].IsKnown() && v[0] > 0 && s[ax].V%v[0] == 0 {
			out[ax] = Known(v[0])
		} else {
			out[ax] = Unk
		}
	default:
		v, ok := c.knownInts(1)
		out[ax] = Unk
		if ok && len(v) > 0 {
			same := true
			for _, x := range v {
				same = same && x == v[0]
			}
			if same {
				out[ax] = Known(v[0])
			}
		}
	}
	c.set(0, seqOf(Tensor(elem, out...)))
	return nil
}

func concatFromSequence(c *Ctx) error {
	s := c.typ(0)
	if s == nil || s.Kind != pb.KindSequence || s.Inner == nil {
		return nil
	}
	elem := s.Inner.Elem
	if !s.Inner.HasShape {
		c.setElem(0, elem)
		return nil
	}
	newAxis := c.int("new_axis", 0) != 0
	r := len(s.Inner.Shape)
	outRank := r
	if newAxis {
		outRank++
	}
	ax, err := normAxis(c.int("axis", 0), outRank)
	if err != nil {
		return err
	}
	out := make([]Dim, 0, outRank)
	for i, d := range s.Inner.Shape {
		if newAxis && i == ax {
			out = append(out, Unk)
		}
		if !newAxis && i == ax {
			out = append(out, Unk)
			continue
		}
		out = append(out, d)
	}
	if newAxis && ax == r {
		out = append(out, Unk)
	}
	c.setTensor(0, elem, out)
	return nil
}

func seqMap(c *Ctx) error {
	body := c.attr("body")
	if body == nil || body.G == nil {
		return fmt.Errorf("body graph is required")
	}
	in := make([]*Type, len(c.In))
	for i := range c.In {
		t := c.typ(i)
		if t != nil && t.Kind == pb.KindSequence {
			in[i] = t.Inner.Clone()
		} else {
			in[i] = t.Clone()
		}
	}
	r := c.subgraph("body", body.G, in)
	for i, t := range r.outputTypes(r.scope(c.sc)) {
		if t != nil {
			c.set(i, seqOf(t.Clone()))
		}
	}
	return nil
}

func optional(c *Ctx) error {
	if t := c.typ(0); t != nil {
		c.set(0, &Type{Kind: pb.KindOptional, Inner: t.Clone()})
		return nil
	}
	if a := c.attr("type"); a != nil && a.TP != nil {
		c.set(0, &Type{Kind: pb.KindOptional, Inner: FromProto(a.TP, nil)})
		return nil
	}
	return fmt.Errorf("neither an input nor a type attribute")
}

func optionalHas(c *Ctx) error {
	c.setTensor(0, pb.Bool, nil)
	return nil
}

func optionalGet(c *Ctx) error {
	t := c.typ(0)
	if t == nil {
		return nil
	}
	if t.Kind == pb.KindOptional {
		c.set(0, t.Inner.Clone())
		return nil
	}
	c.set(0, t.Clone())
	return nil
}

package onnx

import (
	"fmt"
	"sort"
	"strings"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Matrix products and normalization: Gemm, MatMul (and the integer and
// quantized forms), Einsum, Det; BatchNormalization, InstanceNormalization,
// LayerNormalization, GroupNormalization, RMSNormalization.

func registerLinalg() {
	register("dense", "", gemm, "Gemm")
	register("dense", "", matmulOp(0), "MatMul")
	register("dense", "", matmulOp(pb.Int32), "MatMulInteger")
	register("dense", "", matmulOp(-7), "QLinearMatMul")
	register("dense", "", einsum, "Einsum")
	register("dense", "", det, "Det")
	register("normalization", "", batchNorm, "BatchNormalization")
	register("normalization", "", instanceNorm, "InstanceNormalization", "GroupNormalization")
	register("normalization", "", layerNorm, "LayerNormalization", "RMSNormalization")
}

func gemm(c *Ctx) error {
	elem := c.elem(0)
	a, ok1 := c.shape(0)
	b, ok2 := c.shape(1)
	if !ok1 || !ok2 {
		c.setElem(0, elem)
		return nil
	}
	if len(a) != 2 || len(b) != 2 {
		return fmt.Errorf("A and B must be matrices, have ranks %d and %d", len(a), len(b))
	}
	ta, tb := c.int("transA", 0) != 0, c.int("transB", 0) != 0
	m, ka := a[0], a[1]
	if ta {
		m, ka = a[1], a[0]
	}
	kb, n := b[0], b[1]
	if tb {
		kb, n = b[1], b[0]
	}
	if ka.IsKnown() && kb.IsKnown() && ka.V != kb.V {
		return fmt.Errorf("inner dims differ: A %s, B %s", Tensor(0, a...).String()[1:], Tensor(0, b...).String()[1:])
	}
	c.setTensor(0, elem, []Dim{m, n})
	return nil
}

func matmulOp(elem pb.DataType) OpFunc {
	return func(c *Ctx) error {
		ai, bi := 0, 1
		if elem < 0 {
			ai, bi = 0, 3
		}
		et := elem
		switch {
		case elem == 0:
			et = c.elem(0)
		case elem < 0:
			et = c.elem(int(-elem))
		}
		a, ok1 := c.shape(ai)
		b, ok2 := c.shape(bi)
		if !ok1 || !ok2 {
			c.setElem(0, et)
			return nil
		}
		out, err := matmulShape(a, b)
		if err != nil {
			return err
		}
		c.setTensor(0, et, out)
		return nil
	}
}

// matmulShape is numpy.matmul's output shape.
func matmulShape(a, b []Dim) ([]Dim, error) {
	if len(a) == 0 || len(b) == 0 {
		return nil, fmt.Errorf("inputs must not be scalars")
	}
	l, r := a, b
	if len(l) == 1 {
		l = []Dim{Known(1), l[0]}
	}
	if len(r) == 1 {
		r = []Dim{r[0], Known(1)}
	}
	k1, k2 := l[len(l)-1], r[len(r)-2]
	if k1.IsKnown() && k2.IsKnown() && k1.V != k2.V {
		return nil, fmt.Errorf("inner dims differ: %d vs %d", k1.V, k2.V)
	}
	batch, err := broadcast(l[:len(l)-2], r[:len(r)-2])
	if err != nil {
		return nil, err
	}
	out := batch
	if len(a) > 1 {
		out = append(out, l[len(l)-2])
	}
	if len(b) > 1 {
		out = append(out, r[len(r)-1])
	}
	return out, nil
}

func einsum(c *Ctx) error {
	elem := c.elem(0)
	eq := strings.ReplaceAll(c.str("equation", ""), " ", "")
	lhs, rhs, explicit := strings.Cut(eq, "->")
	terms := strings.Split(lhs, ",")
	if len(terms) != len(c.In) {
		return fmt.Errorf("equation %q has %d operands, node %d inputs", eq, len(terms), len(c.In))
	}
	letters := map[rune]Dim{}
	count := map[rune]int{}
	var ellipsis []Dim
	ellRank := -1
	for i, t := range terms {
		s, ok := c.shape(i)
		if !ok {
			if explicit && !strings.Contains(rhs, "...") {
				c.setRank(0, elem, len(rhs))
			} else {
				c.setElem(0, elem)
			}
			return nil
		}
		nl := strings.Count(t, "...")
		named := len([]rune(strings.ReplaceAll(t, "...", "")))
		er := len(s) - named
		if nl == 0 && er != 0 || er < 0 {
			return fmt.Errorf("term %q does not fit the rank %d of input %d", t, len(s), i)
		}
		pos := 0
		for _, part := range []rune(t) {
			_ = part
		}
		rs := []rune(t)
		for k := 0; k < len(rs); k++ {
			if rs[k] == '.' {
				if k+2 < len(rs) && rs[k+1] == '.' && rs[k+2] == '.' {
					sub := s[pos : pos+er]
					if ellRank < 0 {
						ellipsis = append([]Dim(nil), sub...)
						ellRank = er
					} else {
						b, err := broadcast(ellipsis, sub)
						if err != nil {
							return err
						}
						ellipsis, ellRank = b, len(b)
					}
					pos += er
					k += 2
					continue
				}
				return fmt.Errorf("bad equation %q", eq)
			}
			d := s[pos]
			pos++
			count[rs[k]]++
			if old, ok := letters[rs[k]]; ok {
				if old.IsKnown() && d.IsKnown() && old.V != d.V && old.V != 1 && d.V != 1 {
					return fmt.Errorf("label %c has sizes %d and %d", rs[k], old.V, d.V)
				}
				if !old.IsKnown() || (old.IsKnown() && old.V == 1) {
					letters[rs[k]] = d
				}
			} else {
				letters[rs[k]] = d
			}
		}
	}
	var out []Dim
	if explicit {
		rs := []rune(rhs)
		for k := 0; k < len(rs); k++ {
			if rs[k] == '.' {
				if k+2 < len(rs) && rs[k+1] == '.' && rs[k+2] == '.' {
					out = append(out, ellipsis...)
					k += 2
					continue
				}
				return fmt.Errorf("bad equation %q", eq)
			}
			d, ok := letters[rs[k]]
			if !ok {
				return fmt.Errorf("output label %c is not in the inputs", rs[k])
			}
			out = append(out, d)
		}
	} else {
		out = append(out, ellipsis...)
		var once []rune
		for l, n := range count {
			if n == 1 {
				once = append(once, l)
			}
		}
		sort.Slice(once, func(i, j int) bool { return once[i] < once[j] })
		for _, l := range once {
			out = append(out, letters[l])
		}
	}
	c.setTensor(0, elem, out)
	return nil
}

func det(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	if len(s) < 2 {
		return fmt.Errorf("input must have rank >= 2")
	}
	c.setTensor(0, elem, append([]Dim(nil), s[:len(s)-2]...))
	return nil
}

func batchNorm(c *Ctx) error {
	c.sameAs(0, 0)
	if c.nOut() <= 1 {
		return nil
	}
	ch := Unk
	if s, ok := c.shape(0); ok {
		if len(s) > 1 {
			ch = s[1]
		} else {
			ch = Known(1)
		}
	}
	for i := 1; i <= 4; i++ {
		if s, ok := c.shape(i); ok && len(s) == 1 {
			m, err := mergeDim(s[0], ch)
			if err != nil {
				return fmt.Errorf("input %d: %v", i, err)
			}
			ch = m
		}
	}
	if c.Opset >= 14 || c.Domain != "" {
		if c.int("training_mode", 0) != 0 {
			c.setTensor(1, c.elem(3), []Dim{ch})
			c.setTensor(2, c.elem(4), []Dim{ch})
		}
		return nil
	}
	// Before opset 14: mean, var, saved_mean, saved_var outputs.
	for i := 1; i < c.nOut(); i++ {
		c.setTensor(i, c.elem(0), []Dim{ch})
	}
	return nil
}

func instanceNorm(c *Ctx) error {
	c.sameAs(0, 0)
	return nil
}

func layerNorm(c *Ctx) error {
	c.sameAs(0, 0)
	stash := pb.DataType(c.int("stash_type", int64(pb.Float)))
	if c.Node.OpType == "RMSNormalization" {
		return nil
	}
	for i := 1; i < 3; i++ {
		c.setElem(i, stash)
	}
	s, ok := c.shape(0)
	if !ok {
		return nil
	}
	axis := c.int("axis", -1)
	if axis < 0 {
		axis += int64(len(s))
	}
	if axis < 0 || axis > int64(len(s)) {
		return fmt.Errorf("axis %d out of range for rank %d", c.int("axis", -1), len(s))
	}
	ms := append([]Dim(nil), s...)
	for d := axis; d < int64(len(s)); d++ {
		ms[d] = Known(1)
	}
	for i := 1; i < 3; i++ {
		c.setTensor(i, stash, append([]Dim(nil), ms...))
	}
	return nil
}

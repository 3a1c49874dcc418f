package onnx

import (
	"fmt"
	"math"
	"sort"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Shape-changing operators: Reshape, Flatten, Transpose, Squeeze,
// Unsqueeze, Concat, Split, Slice, Gather*, Expand, Tile, Pad, Resize and
// friends, plus Shape and Size, whose outputs are tracked as data.

func registerReshape() {
	register("reshape", "", shapeOp, "Shape")
	register("reshape", "", sizeOp, "Size")
	register("reshape", "", reshape, "Reshape")
	register("reshape", "", flatten, "Flatten")
	register("reshape", "", transpose, "Transpose")
	register("reshape", "", squeeze, "Squeeze")
	register("reshape", "", unsqueeze, "Unsqueeze")
	register("reshape", "", concat, "Concat")
	register("reshape", "", split, "Split")
	register("reshape", "", slice, "Slice")
	register("reshape", "", gather, "Gather")
	register("reshape", "", gatherElements, "GatherElements")
	register("reshape", "", gatherND, "GatherND")
	register("reshape", "", expand, "Expand")
	register("reshape", "", tile, "Tile")
	register("reshape", "", pad, "Pad")
	register("reshape", "", resize, "Resize")
	register("reshape", "", upsample, "Upsample")
	register("reshape", "", depthToSpace, "DepthToSpace")
	register("reshape", "", spaceToDepth, "SpaceToDepth")
	register("reshape", "", compress, "Compress")
	register("reshape", "", oneHot, "OneHot")
	register("reshape", "", scatter, "Scatter", "ScatterElements", "ScatterND")
	register("reshape", "", nonZero, "NonZero")
	register("reshape", "", unique, "Unique")
	register("reshape", "", centerCropPad, "CenterCropPad")
}

func shapeOp(c *Ctx) error {
	s, ok := c.shape(0)
	if !ok {
		c.setRank(0, pb.Int64, 1)
		return nil
	}
	r := int64(len(s))
	start, end := int64(0), r
	if c.Opset >= 15 {
		start, end = c.int("start", 0), c.int("end", r)
		clampAxis := func(v int64) int64 {
			if v < 0 {
				v += r
			}
			return min(max(v, 0), r)
		}
		start, end = clampAxis(start), clampAxis(end)
		if end < start {
			end = start
		}
	}
	c.setTensor(0, pb.Int64, knownDims(end-start))
	if end-start <= pb.MaxValues {
		d := &Data{Dims: []int64{end - start}}
		for _, dim := range s[start:end] {
			d.Ints = append(d.Ints, EltOf(dim))
		}
		c.setData(0, d)
	}
	return nil
}

func sizeOp(c *Ctx) error {
	c.setTensor(0, pb.Int64, nil)
	if s, ok := c.shape(0); ok {
		p := prodDims(s, 0, len(s))
		d := &Data{Dims: []int64{}, Ints: []Elt{EltOf(p)}}
		c.setData(0, d)
	}
	return nil
}

// shapeInput returns the contents of a shape-like integer input (or
// attribute before the given opset) as elements; ok is false when
// unknown.
func (c *Ctx) shapeInput(i int) ([]Elt, bool) {
	d := c.data(i)
	if d == nil || d.Float {
		return nil, false
	}
	return d.Ints, true
}

func reshape(c *Ctx) error {
	elem := c.elem(0)
	var target []Elt
	if c.Opset < 5 && c.Domain == "" {
		v, ok := c.ints("shape")
		if !ok {
			c.setElem(0, elem)
			return nil
		}
		for _, x := range v {
			target = append(target, KV(x))
		}
	} else {
		t, ok := c.shapeInput(1)
		if !ok {
			if s, ok := c.shape(1); ok && len(s) == 1 && s[0].IsKnown() {
				c.setRank(0, elem, int(s[0].V))
			} else {
				c.setElem(0, elem)
			}
			return nil
		}
		target = t
	}
	in, hasIn := c.shape(0)
	allowZero := c.int("allowzero", 0) != 0
	out := make([]Dim, len(target))
	neg := -1
	outProd, outValid := int64(1), true
	unresolved := make([]bool, len(target))
	for i, t := range target {
		if !t.K {
			out[i] = Sym(t.S)
			outValid = false
			if t.S == "" {
				out[i] = Unk
			}
			continue
		}
		switch {
		case t.V == -1:
			if neg >= 0 {
				return fmt.Errorf("target shape has more than one -1")
			}
			neg = i
			out[i] = Unk
		case t.V == 0 && !allowZero:
			unresolved[i] = true
			out[i] = Unk
			if hasIn {
				if i >= len(in) {
					return fmt.Errorf("target shape has 0 at position %d, past the input's rank %d", i, len(in))
				}
				out[i] = in[i]
				if in[i].IsKnown() {
					unresolved[i] = false
					var ok bool
					if outProd, ok = mulInt(outProd, in[i].V); !ok {
						outValid = false
					}
				}
			}
		case t.V >= 0:
			out[i] = Known(t.V)
			var ok bool
			if outProd, ok = mulInt(outProd, t.V); !ok {
				outValid = false
			}
		default:
			return fmt.Errorf("invalid target dim %d", t.V)
		}
	}
	if neg >= 0 && outValid {
		if outProd == 0 {
			return fmt.Errorf("target shape has a 0 together with -1")
		}
		if hasIn {
			inProd, ok := int64(1), true
			for i, d := range in {
				if d.IsKnown() {
					var mok bool
					if inProd, mok = mulInt(inProd, d.V); !mok {
						ok = false
						break
					}
				} else if i >= len(unresolved) || !unresolved[i] {
					ok = false
					break
				}
			}
			if ok {
				if inProd%outProd != 0 {
					return fmt.Errorf("cannot reshape %d elements into %s", inProd, Tensor(0, out...).String()[1:])
				}
				out[neg] = Known(inProd / outProd)
			}
		}
	}
	if neg >= 0 && !out[neg].IsKnown() && hasIn {
		// Beyond onnx: -1 next to symbolic dims that match the input's
		// (batch, seq) resolves when the rest divides out.
		out[neg] = resolveNeg(in, out, neg)
	}
	c.setTensor(0, elem, out)
	if d := c.data(0); d != nil && shapeKnown(out) {
		c.setData(0, withDims(d, dimsOf(out)))
	}
	return nil
}

// resolveNeg cancels the input's dims against the known/symbolic output
// dims and returns what is left for the -1 position.
func resolveNeg(in, out []Dim, neg int) Dim {
	left := append([]Dim(nil), in...)
	prod := int64(1)
	for i, d := range out {
		if i == neg {
			continue
		}
		if d.IsKnown() {
			var ok bool
			if prod, ok = mulInt(prod, d.V); !ok {
				return Unk
			}
			continue
		}
		if d.S == "" {
			return Unk
		}
		found := false
		for j, l := range left {
			if !l.IsKnown() && l.S == d.S {
				left = append(left[:j], left[j+1:]...)
				found = true
				break
			}
		}
		if !found {
			return Unk
		}
	}
	rest := int64(1)
	var sym Dim
	nsym := 0
	for _, l := range left {
		if l.IsKnown() {
			var ok bool
			if rest, ok = mulInt(rest, l.V); !ok {
				return Unk
			}
		} else {
			sym = l
			nsym++
		}
	}
	if prod == 0 {
		return Unk
	}
	switch {
	case nsym == 0 && rest%prod == 0:
		return Known(rest / prod)
	case nsym == 1 && rest == prod && sym.S != "":
		return sym
	}
	return Unk
}

func shapeKnown(dims []Dim) bool {
	for _, d := range dims {
		if !d.IsKnown() {
			return false
		}
	}
	return true
}

func dimsOf(dims []Dim) []int64 {
	out := make([]int64, len(dims))
	for i, d := range dims {
		out[i] = d.V
	}
	return out
}

// withDims is d with new dims (same elements in the same order), or nil
// when the counts disagree.
func withDims(d *Data, dims []int64) *Data {
	if pb.NumElements(dims) != int64(d.N()) {
		return nil
	}
	out := *d
	out.Dims = dims
	return &out
}

func flatten(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setRank(0, elem, 2)
		return nil
	}
	axis := c.int("axis", 1)
	r := int64(len(s))
	if axis < 0 {
		axis += r
	}
	if axis < 0 || axis > r {
		return fmt.Errorf("axis %d out of range for rank %d", c.int("axis", 1), r)
	}
	out := []Dim{prodDims(s, 0, int(axis)), prodDims(s, int(axis), len(s))}
	c.setTensor(0, elem, out)
	if d := c.data(0); d != nil && shapeKnown(out) {
		c.setData(0, withDims(d, dimsOf(out)))
	}
	return nil
}

func transpose(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		if perm, ok := c.ints("perm"); ok {
			c.setRank(0, elem, len(perm))
		} else {
			c.setElem(0, elem)
		}
		return nil
	}
	perm, has := c.ints("perm")
	if !has {
		for i := len(s) - 1; i >= 0; i-- {
			perm = append(perm, int64(i))
		}
	}
	seen := make([]bool, len(s))
	out := make([]Dim, len(perm))
	for i, p := range perm {
		if p < 0 || p >= int64(len(s)) {
			return fmt.Errorf("perm %v does not fit rank %d", perm, len(s))
		}
		if seen[p] {
			return fmt.Errorf("perm %v repeats %d", perm, p)
		}
		seen[p] = true
		out[i] = s[p]
	}
	c.setTensor(0, elem, out)
	return nil
}

// axesInput returns the axes of Squeeze/Unsqueeze/Reduce*: from the
// attribute before version attrUntil, from input idx after. given is
// false when no axes were specified; ok false when they are unknown.
func (c *Ctx) axesInput(idx int, attrUntil int64) (axes []int64, given, ok bool) {
	if c.Opset < attrUntil && c.Domain == "" {
		a, has := c.ints("axes")
		return a, has, true
	}
	if !c.has(idx) {
		return nil, false, true
	}
	v, known := c.knownInts(idx)
	return v, true, known
}

func squeeze(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	axes, given, known := c.axesInput(1, 13)
	if !ok || !known {
		if ok && known {
			return nil
		}
		if !known && ok && c.has(1) {
			if as, ok2 := c.shape(1); ok2 && len(as) == 1 && as[0].IsKnown() {
				c.setRank(0, elem, len(s)-int(as[0].V))
				return nil
			}
		}
		c.setElem(0, elem)
		return nil
	}
	drop := make([]bool, len(s))
	if !given {
		for i, d := range s {
			if !d.IsKnown() {
				c.setElem(0, elem)
				return nil
			}
			drop[i] = d.V == 1
		}
	} else {
		for _, a := range axes {
			i, err := normAxis(a, len(s))
			if err != nil {
				return err
			}
			if s[i].IsKnown() && s[i].V != 1 {
				return fmt.Errorf("cannot squeeze axis %d of size %d", a, s[i].V)
			}
			drop[i] = true
		}
	}
	var out []Dim
	for i, d := range s {
		if !drop[i] {
			out = append(out, d)
		}
	}
	c.setTensor(0, elem, out)
	if d := c.data(0); d != nil {
		c.setData(0, withDims(d, dimsOf(out)))
	}
	return nil
}

func unsqueeze(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	axes, _, known := c.axesInput(1, 13)
	if !known || !ok {
		if ok && c.has(1) {
			if as, ok2 := c.shape(1); ok2 && len(as) == 1 && as[0].IsKnown() {
				c.setRank(0, elem, len(s)+int(as[0].V))
				return nil
			}
		}
		if ok && !(c.Opset >= 13 || c.Domain != "") {
			c.setRank(0, elem, len(s)+len(axes))
			return nil
		}
		c.setElem(0, elem)
		return nil
	}
	outRank := len(s) + len(axes)
	ins := make([]bool, outRank)
	for _, a := range axes {
		i, err := normAxis(a, outRank)
		if err != nil {
			return err
		}
		if ins[i] {
			return fmt.Errorf("axes %v repeat %d", axes, a)
		}
		ins[i] = true
	}
	out := make([]Dim, 0, outRank)
	j := 0
	for i := 0; i < outRank; i++ {
		if ins[i] {
			out = append(out, Known(1))
		} else {
			out = append(out, s[j])
			j++
		}
	}
	c.setTensor(0, elem, out)
	if d := c.data(0); d != nil {
		c.setData(0, withDims(d, dimsOf(out)))
	}
	return nil
}

func concat(c *Ctx) error {
	elem := pb.DataType(0)
	var shapes [][]Dim
	all := true
	for i := range c.In {
		if !c.has(i) {
			continue
		}
		if elem == 0 {
			elem = c.elem(i)
		}
		s, ok := c.shape(i)
		if !ok {
			all = false
			continue
		}
		shapes = append(shapes, s)
	}
	if !all || len(shapes) == 0 {
		if len(shapes) > 0 {
			c.setRank(0, elem, len(shapes[0]))
		} else {
			c.setElem(0, elem)
		}
		return nil
	}
	rank := len(shapes[0])
	def := int64(0)
	if c.Opset < 4 && c.Domain == "" {
		def = 1
	} else if !c.hasAttr("axis") {
		return fmt.Errorf("required attribute axis is missing")
	}
	axis, err := normAxis(c.int("axis", def), rank)
	if err != nil {
		return err
	}
	out := make([]Dim, rank)
	for i := range out {
		out[i] = Unk
	}
	total, known := int64(0), true
	for k, s := range shapes {
		if len(s) != rank {
			return fmt.Errorf("input %d has rank %d, input 0 rank %d", k, len(s), rank)
		}
		for j, d := range s {
			if j == axis {
				if d.IsKnown() {
					total += d.V
				} else {
					known = false
				}
				continue
			}
			if k == 0 {
				out[j] = d
				continue
			}
			m, err := mergeDim(d, out[j])
			if err != nil {
				return fmt.Errorf("dim %d: %v", j, err)
			}
			out[j] = m
		}
	}
	if known {
		out[axis] = Known(total)
	}
	if len(shapes) == 1 {
		out = append([]Dim(nil), shapes[0]...)
	}
	c.setTensor(0, elem, out)
	if axis == 0 {
		d := &Data{}
		for i := range c.In {
			if !c.has(i) {
				continue
			}
			in := c.data(i)
			if in == nil || (d.N() > 0 && in.Float != d.Float) {
				return nil
			}
			d.Float = in.Float
			d.Ints = append(d.Ints, in.Ints...)
			d.Floats = append(d.Floats, in.Floats...)
		}
		if shapeKnown(out) && int64(d.N()) == pb.NumElements(dimsOf(out)) {
			d.Dims = dimsOf(out)
			c.setData(0, d)
		}
	}
	return nil
}

// mergeDim merges source into target as onnx's mergeInDimensionInfo.
func mergeDim(source, target Dim) (Dim, error) {
	switch {
	case source.IsKnown():
		if target.IsKnown() && target.V != source.V {
			return target, fmt.Errorf("sizes differ: %d vs %d", source.V, target.V)
		}
		return source, nil
	case target.IsKnown(), target.S != "":
		return target, nil
	}
	return source, nil
}

func split(c *Ctx) error {
	elem := c.elem(0)
	n := c.nOut()
	for i := 0; i < n; i++ {
		c.setElem(i, elem)
	}
	s, ok := c.shape(0)
	if !ok {
		return nil
	}
	axis, err := normAxis(c.int("axis", 0), len(s))
	if err != nil {
		return err
	}
	var parts []int64
	haveParts := false
	switch {
	case c.Domain == "" && c.Opset >= 2 && c.Opset < 13:
		parts, haveParts = c.ints("split")
	default:
		if c.has(1) {
			p, known := c.knownInts(1)
			if !known {
				for i := 0; i < n; i++ {
					c.setRank(i, elem, len(s))
				}
				return nil
			}
			parts, haveParts = p, true
		} else if c.Opset < 2 {
			parts, haveParts = c.ints("split")
		}
	}
	dim := s[axis]
	if haveParts && len(parts) > 0 {
		if len(parts) != n {
			return fmt.Errorf("split has %d parts for %d outputs", len(parts), n)
		}
		var sum int64
		for _, p := range parts {
			if p < 0 {
				return fmt.Errorf("negative split %d", p)
			}
			sum += p
		}
		if dim.IsKnown() && sum != dim.V {
			return fmt.Errorf("split %v does not add up to dim %d", parts, dim.V)
		}
	} else {
		if !dim.IsKnown() {
			for i := 0; i < n; i++ {
				out := append([]Dim(nil), s...)
				out[axis] = Unk
				c.setTensor(i, elem, out)
			}
			return nil
		}
		if c.Opset >= 18 && c.hasAttr("num_outputs") {
			k := c.int("num_outputs", int64(n))
			if k <= 0 {
				return fmt.Errorf("num_outputs %d", k)
			}
			chunk := (dim.V + k - 1) / k
			parts = make([]int64, n)
			rest := dim.V
			for i := range parts {
				parts[i] = min(chunk, rest)
				rest -= parts[i]
			}
		} else {
			if n == 0 || dim.V%int64(n) != 0 {
				return fmt.Errorf("dim %d does not split into %d equal parts", dim.V, n)
			}
			parts = make([]int64, n)
			for i := range parts {
				parts[i] = dim.V / int64(n)
			}
		}
	}
	for i := 0; i < n; i++ {
		out := append([]Dim(nil), s...)
		out[axis] = Known(parts[i])
		c.setTensor(i, elem, out)
	}
	return nil
}

// sliceLen is the length of data[start:end:step] over a dim of size n,
// clamped as onnx does.
func sliceLen(n, start, end, step int64) int64 {
	clamp := func(v, lo, hi int64) int64 { return min(max(v, lo), hi) }
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	if step < 0 {
		start = clamp(start, 0, n-1)
		end = clamp(end, -1, n-1)
	} else {
		start = clamp(start, 0, n)
		end = clamp(end, 0, n)
	}
	l := int64(math.Ceil(float64(end-start) / float64(step)))
	return max(l, 0)
}

func slice(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	var starts, ends, axes, steps []int64
	if c.Opset < 10 && c.Domain == "" {
		var ok1, ok2 bool
		starts, ok1 = c.ints("starts")
		ends, ok2 = c.ints("ends")
		if !ok1 || !ok2 {
			return fmt.Errorf("starts and ends attributes are required")
		}
		axes, _ = c.ints("axes")
	} else {
		var ok1, ok2 bool
		starts, ok1 = c.knownInts(1)
		ends, ok2 = c.knownInts(2)
		okAxes, okSteps := true, true
		if c.has(3) {
			axes, okAxes = c.knownInts(3)
		}
		if c.has(4) {
			steps, okSteps = c.knownInts(4)
		}
		if !ok1 || !ok2 || !okAxes || !okSteps {
			c.setRank(0, elem, len(s))
			return nil
		}
	}
	if len(starts) != len(ends) {
		return fmt.Errorf("starts has %d values, ends %d", len(starts), len(ends))
	}
	if axes == nil {
		for i := range starts {
			axes = append(axes, int64(i))
		}
	}
	if steps == nil {
		steps = make([]int64, len(starts))
		for i := range steps {
			steps[i] = 1
		}
	}
	if len(axes) != len(starts) || len(steps) != len(starts) {
		return fmt.Errorf("starts, ends, axes and steps differ in length")
	}
	out := append([]Dim(nil), s...)
	seen := map[int]bool{}
	type sl struct{ start, end, step int64 }
	per := map[int]sl{}
	for i, a := range axes {
		ax, err := normAxis(a, len(s))
		if err != nil {
			return err
		}
		if seen[ax] {
			return fmt.Errorf("axes repeat %d", a)
		}
		seen[ax] = true
		if steps[i] == 0 {
			return fmt.Errorf("step cannot be 0")
		}
		per[ax] = sl{starts[i], ends[i], steps[i]}
		if !s[ax].IsKnown() {
			if s[ax].S != "" && starts[i] == 0 && steps[i] == 1 && ends[i] >= math.MaxInt32 {
				continue // the whole dim: the name stays (onnx forgets it)
			}
			out[ax] = Unk
			continue
		}
		out[ax] = Known(sliceLen(s[ax].V, starts[i], ends[i], steps[i]))
	}
	c.setTensor(0, elem, out)
	if d := c.data(0); d != nil && len(d.Dims) == 1 && len(s) == 1 {
		if p, ok := per[0]; ok && out[0].IsKnown() {
			n := int64(d.N())
			start := p.start
			if start < 0 {
				start += n
			}
			if p.step < 0 {
				start = min(max(start, 0), n-1)
			} else {
				start = min(max(start, 0), n)
			}
			nd := &Data{Dims: []int64{out[0].V}, Float: d.Float}
			for k := int64(0); k < out[0].V; k++ {
				j := start + k*p.step
				if j < 0 || j >= n {
					return nil
				}
				if d.Float {
					nd.Floats = append(nd.Floats, d.Floats[j])
				} else {
					nd.Ints = append(nd.Ints, d.Ints[j])
				}
			}
			c.setData(0, nd)
		}
	}
	return nil
}

func gather(c *Ctx) error {
	elem := c.elem(0)
	ds, ok1 := c.shape(0)
	is, ok2 := c.shape(1)
	if !ok1 || !ok2 {
		if ok1 && ok2 {
			return nil
		}
		c.setElem(0, elem)
		return nil
	}
	r := len(ds)
	if r < 1 {
		return fmt.Errorf("data must have rank >= 1")
	}
	axis, err := normAxis(c.int("axis", 0), r)
	if err != nil {
		return err
	}
	out := make([]Dim, 0, len(is)+r-1)
	out = append(out, ds[:axis]...)
	out = append(out, is...)
	out = append(out, ds[axis+1:]...)
	c.setTensor(0, elem, out)
	d, idx := c.data(0), c.data(1)
	if d != nil && idx != nil && shapeKnown(out) && !idx.Float {
		iv, ok := idx.AllKnown()
		if !ok {
			return nil
		}
		n := pb.NumElements(dimsOf(out))
		if n < 0 || n > pb.MaxValues || int64(len(d.Dims)) != int64(r) {
			return nil
		}
		outer := pb.NumElements(d.Dims[:axis])
		inner := pb.NumElements(d.Dims[axis+1:])
		size := d.Dims[axis]
		nd := &Data{Dims: dimsOf(out), Float: d.Float}
		for o := int64(0); o < outer; o++ {
			for _, ix := range iv {
				if ix < 0 {
					ix += size
				}
				if ix < 0 || ix >= size {
					return fmt.Errorf("index %d out of range for axis of size %d", ix, size)
				}
				for k := int64(0); k < inner; k++ {
					src := (o*size+ix)*inner + k
					if d.Float {
						nd.Floats = append(nd.Floats, d.Floats[src])
					} else {
						nd.Ints = append(nd.Ints, d.Ints[src])
					}
				}
			}
		}
		c.setData(0, nd)
	}
	return nil
}

func gatherElements(c *Ctx) error {
	elem := c.elem(0)
	if s, ok := c.shape(1); ok {
		c.setTensor(0, elem, append([]Dim(nil), s...))
	} else {
		c.setElem(0, elem)
	}
	return nil
}

func gatherND(c *Ctx) error {
	elem := c.elem(0)
	ds, ok1 := c.shape(0)
	is, ok2 := c.shape(1)
	if !ok1 || !ok2 {
		c.setElem(0, elem)
		return nil
	}
	b := int(c.int("batch_dims", 0))
	if len(is) < 1 || len(ds) < 1 {
		return fmt.Errorf("data and indices must have rank >= 1")
	}
	last := is[len(is)-1]
	if !last.IsKnown() {
		c.setElem(0, elem)
		return nil
	}
	if b < 0 || b >= len(is) || b >= len(ds) || int64(b)+last.V > int64(len(ds)) {
		return fmt.Errorf("indices last dim %d and batch_dims %d do not fit data rank %d", last.V, b, len(ds))
	}
	out := append([]Dim(nil), is[:len(is)-1]...)
	out = append(out, ds[int64(b)+last.V:]...)
	c.setTensor(0, elem, out)
	return nil
}

func expand(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shapeInput(1)
	in, hasIn := c.shape(0)
	if !ok {
		if ss, ok := c.shape(1); ok && len(ss) == 1 && ss[0].IsKnown() && ss[0].V <= MaxRank && hasIn {
			out, err := broadcast(in, unknownDims(int(ss[0].V)))
			if err != nil {
				return err
			}
			c.setTensor(0, elem, out)
		} else {
			c.setElem(0, elem)
		}
		return nil
	}
	if !hasIn {
		c.setElem(0, elem)
		return nil
	}
	target := make([]Dim, len(s))
	for i, e := range s {
		target[i] = e.Dim()
	}
	out, err := broadcast(in, target)
	if err != nil {
		return err
	}
	c.setTensor(0, elem, out)
	if d := c.data(0); d != nil && shapeKnown(out) {
		c.setData(0, foldN([]*Data{d, {Dims: dimsOf(out), Ints: make([]Elt, pb.NumElements(dimsOf(out))), Floats: make([]float64, pb.NumElements(dimsOf(out))), Float: d.Float}}, d.Float,
			func(v []Elt) Elt { return v[0] }, func(v []float64) float64 { return v[0] }))
	}
	return nil
}

func tile(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	if c.Opset < 6 && c.Domain == "" {
		c.setRank(0, elem, len(s))
		return nil
	}
	reps, known := c.knownInts(1)
	if !known {
		c.setRank(0, elem, len(s))
		return nil
	}
	if len(reps) != len(s) {
		return fmt.Errorf("repeats has %d values for rank %d", len(reps), len(s))
	}
	out := make([]Dim, len(s))
	for i, d := range s {
		out[i] = mulDim(d, Known(reps[i]))
		if reps[i] < 0 {
			return fmt.Errorf("negative repeat %d", reps[i])
		}
	}
	c.setTensor(0, elem, out)
	return nil
}

func pad(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	var pads []int64
	switch {
	case c.Domain == "" && c.Opset < 2:
		pads, ok = c.ints("paddings")
	case c.Domain == "" && c.Opset < 11:
		pads, ok = c.ints("pads")
	default:
		pads, ok = c.knownInts(1)
	}
	r := len(s)
	if !ok {
		c.setRank(0, elem, r)
		return nil
	}
	axes := make([]int, 0, r)
	if c.Opset >= 18 && c.has(3) {
		av, known := c.knownInts(3)
		if !known {
			c.setRank(0, elem, r)
			return nil
		}
		for _, a := range av {
			ax, err := normAxis(a, r)
			if err != nil {
				return err
			}
			axes = append(axes, ax)
		}
	} else {
		for i := 0; i < r; i++ {
			axes = append(axes, i)
		}
	}
	if len(pads) != 2*len(axes) {
		return fmt.Errorf("pads has %d values for %d axes", len(pads), len(axes))
	}
	out := append([]Dim(nil), s...)
	for i, ax := range axes {
		if !s[ax].IsKnown() {
			out[ax] = Unk
			continue
		}
		v := s[ax].V + pads[i] + pads[i+len(axes)]
		if v < 0 {
			return fmt.Errorf("padding makes dim %d negative", ax)
		}
		out[ax] = Known(v)
	}
	c.setTensor(0, elem, out)
	return nil
}

func resize(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	r := len(s)
	scalesIdx, sizesIdx := 2, 3
	if c.Opset < 11 && c.Domain == "" {
		scalesIdx, sizesIdx = 1, -1
	}
	axes := make([]int, r)
	for i := range axes {
		axes[i] = i
	}
	if av, has := c.ints("axes"); has && c.Opset >= 18 {
		axes = axes[:0]
		for _, a := range av {
			ax, err := normAxis(a, r)
			if err != nil {
				return err
			}
			axes = append(axes, ax)
		}
	}
	out := append([]Dim(nil), s...)
	if sizesIdx >= 0 && c.has(sizesIdx) && !(c.rank(sizesIdx) == 1 && c.typ(sizesIdx).Shape[0].IsKnown() && c.typ(sizesIdx).Shape[0].V == 0) {
		sizes, known := c.knownInts(sizesIdx)
		if !known {
			c.setRank(0, elem, r)
			return nil
		}
		if len(sizes) != len(axes) {
			return fmt.Errorf("sizes has %d values for %d axes", len(sizes), len(axes))
		}
		policy := c.str("keep_aspect_ratio_policy", "stretch")
		if policy != "stretch" && c.Opset >= 18 {
			scale := math.Inf(1)
			if policy == "not_smaller" {
				scale = math.Inf(-1)
			}
			for i, ax := range axes {
				if !s[ax].IsKnown() {
					c.setRank(0, elem, r)
					return nil
				}
				f := float64(sizes[i]) / float64(s[ax].V)
				if policy == "not_larger" {
					scale = math.Min(scale, f)
				} else {
					scale = math.Max(scale, f)
				}
			}
			for _, ax := range axes {
				out[ax] = Known(int64(math.Round(float64(s[ax].V) * scale)))
			}
		} else {
			for i, ax := range axes {
				out[ax] = Known(sizes[i])
			}
		}
		c.setTensor(0, elem, out)
		return nil
	}
	if c.has(scalesIdx) {
		d := c.valueData(scalesIdx)
		scales, known := d.Num()
		if !known {
			c.setRank(0, elem, r)
			return nil
		}
		if len(scales) == 0 {
			c.setRank(0, elem, r)
			return nil
		}
		if len(scales) != len(axes) {
			return fmt.Errorf("scales has %d values for %d axes", len(scales), len(axes))
		}
		for i, ax := range axes {
			if !s[ax].IsKnown() {
				out[ax] = Unk
				continue
			}
			out[ax] = Known(int64(math.Floor(float64(s[ax].V) * float64(float32(scales[i])))))
		}
		c.setTensor(0, elem, out)
		return nil
	}
	c.setRank(0, elem, r)
	return nil
}

func upsample(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	var scales []float64
	if c.Opset < 9 && c.Domain == "" {
		f, has := c.floats("scales")
		if !has {
			if c.Opset < 7 {
				// Opset 1: width_scale and height_scale on NCHW.
				hs, ws := c.float("height_scale", 1), c.float("width_scale", 1)
				if len(s) == 4 {
					scales = []float64{1, 1, hs, ws}
				}
			}
		}
		for _, v := range f {
			scales = append(scales, float64(v))
		}
	} else {
		v, known := c.valueData(1).Num()
		if !known {
			c.setRank(0, elem, len(s))
			return nil
		}
		scales = v
	}
	if len(scales) != len(s) {
		return fmt.Errorf("scales has %d values for rank %d", len(scales), len(s))
	}
	out := make([]Dim, len(s))
	for i, d := range s {
		if d.IsKnown() {
			out[i] = Known(int64(math.Floor(float64(d.V) * float64(float32(scales[i])))))
		} else {
			out[i] = Unk
		}
	}
	c.setTensor(0, elem, out)
	return nil
}

func depthToSpace(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	if len(s) != 4 {
		return fmt.Errorf("input must have rank 4, has %d", len(s))
	}
	b := c.int("blocksize", 0)
	if b <= 0 {
		return fmt.Errorf("blocksize must be positive")
	}
	ch := Unk
	if s[1].IsKnown() {
		ch = Known(s[1].V / (b * b))
	}
	c.setTensor(0, elem, []Dim{s[0], ch, mulDim(s[2], Known(b)), mulDim(s[3], Known(b))})
	return nil
}

func spaceToDepth(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	if len(s) != 4 {
		return fmt.Errorf("input must have rank 4, has %d", len(s))
	}
	b := c.int("blocksize", 0)
	if b <= 0 {
		return fmt.Errorf("blocksize must be positive")
	}
	div := func(d Dim) Dim {
		if d.IsKnown() {
			return Known(d.V / b)
		}
		return Unk
	}
	c.setTensor(0, elem, []Dim{s[0], mulDim(s[1], Known(b*b)), div(s[2]), div(s[3])})
	return nil
}

func compress(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	if !c.hasAttr("axis") {
		c.setRank(0, elem, 1)
		return nil
	}
	ax, err := normAxis(c.int("axis", 0), len(s))
	if err != nil {
		return err
	}
	out := append([]Dim(nil), s...)
	out[ax] = Unk
	c.setTensor(0, elem, out)
	return nil
}

func oneHot(c *Ctx) error {
	elem := c.elem(2)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	r := len(s) + 1
	ax, err := normAxis(c.int("axis", -1), r)
	if err != nil {
		return err
	}
	depth := Unk
	if d := c.valueData(1); d != nil && d.N() == 1 {
		if v, ok := d.Num(); ok {
			depth = Known(int64(v[0]))
		}
	}
	out := make([]Dim, 0, r)
	out = append(out, s[:ax]...)
	out = append(out, depth)
	out = append(out, s[ax:]...)
	c.setTensor(0, elem, out)
	return nil
}

func scatter(c *Ctx) error {
	c.sameAs(0, 0)
	return nil
}

func nonZero(c *Ctx) error {
	if r := c.rank(0); r >= 0 {
		c.setTensor(0, pb.Int64, []Dim{Known(int64(r)), Unk})
	} else {
		c.setRank(0, pb.Int64, 2)
	}
	return nil
}

func unique(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !c.hasAttr("axis") || !ok {
		c.setRank(0, elem, 1)
	} else {
		ax, err := normAxis(c.int("axis", 0), len(s))
		if err != nil {
			return err
		}
		out := append([]Dim(nil), s...)
		out[ax] = Unk
		c.setTensor(0, elem, out)
	}
	for i := 1; i < 4; i++ {
		c.setRank(i, pb.Int64, 1)
	}
	return nil
}

func centerCropPad(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	sh, known := c.knownInts(1)
	if !known {
		c.setRank(0, elem, len(s))
		return nil
	}
	axes := make([]int, 0, len(s))
	if av, has := c.ints("axes"); has {
		for _, a := range av {
			ax, err := normAxis(a, len(s))
			if err != nil {
				return err
			}
			axes = append(axes, ax)
		}
	} else {
		for i := range s {
			axes = append(axes, i)
		}
	}
	if len(sh) != len(axes) {
		return fmt.Errorf("shape has %d values for %d axes", len(sh), len(axes))
	}
	out := append([]Dim(nil), s...)
	for i, ax := range axes {
		out[ax] = Known(sh[i])
	}
	c.setTensor(0, elem, out)
	return nil
}

// sortedAxes normalizes and sorts axes.
func sortedAxes(axes []int64, rank int) ([]int, error) {
	out := make([]int, 0, len(axes))
	for _, a := range axes {
		ax, err := normAxis(a, rank)
		if err != nil {
			return nil, err
		}
		out = append(out, ax)
	}
	sort.Ints(out)
	return out, nil
}

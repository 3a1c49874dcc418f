package onnx

import (
	"fmt"
	"math"
	"sort"
	"sync"

	pb "github.com/netsum/netsum/internal/onnx"
)

// OpFunc infers the outputs of one node from its inputs and attributes.
// It returns an error for inputs the operator does not accept.
type OpFunc func(c *Ctx) error

// Spec is one catalog entry.
type Spec struct {
	Domain string // "" for the default domain
	Name   string
	// Family groups entries as the source files do (conv, reshape, ...).
	Family string
	Infer  OpFunc
}

var specs = map[string]*Spec{}

// loadSpecs fills specs on first use, not at start-up: a process that
// reads no ONNX file does not build the catalog.
func loadSpecs() {
	specsOnce.Do(func() {
		for _, reg := range []func(){registerControl, registerConv, registerElementwise, registerGenerator, registerLinalg,
			registerMisc, registerRecent, registerReduce, registerReshape, registerSequence} {
			reg()
		}
	})
}

var specsOnce sync.Once

func register(family, domain string, fn OpFunc, names ...string) {
	for _, n := range names {
		specs[domain+":"+n] = &Spec{Domain: domain, Name: n, Family: family, Infer: fn}
	}
}

// Lookup returns the entry for an operator, or nil.
func Lookup(domain, op string) *Spec {
	loadSpecs()
	if domain == "ai.onnx" {
		domain = ""
	}
	return specs[domain+":"+op]
}

// Ops lists the catalog's operators as "domain:name", sorted.
func Ops() []string {
	loadSpecs()
	out := make([]string, 0, len(specs))
	for k := range specs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (e *engine) lookup(domain, op string) OpFunc {
	if s := Lookup(domain, op); s != nil {
		return s.Infer
	}
	return nil
}

// Ctx is one node being inferred.
type Ctx struct {
	e      *engine
	sc     *scope
	g      *pb.Graph
	Node   *pb.Node
	Domain string
	// Opset is the imported version of the node's domain.
	Opset int64
	// In holds the node's inputs (nil for an omitted optional input);
	// Out its outputs (nil for an omitted optional output).
	In     []*Value
	Out    []*Value
	opsets map[string]int64
	attrs  []*pb.Attribute
	subs   map[string]*GraphResult
}

func (c *Ctx) errorf(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

// attr returns the attribute named name, or nil.
func (c *Ctx) attr(name string) *pb.Attribute {
	for _, a := range c.attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

func (c *Ctx) hasAttr(name string) bool { return c.attr(name) != nil }

func (c *Ctx) int(name string, def int64) int64 {
	if a := c.attr(name); a != nil {
		return a.I
	}
	return def
}

func (c *Ctx) float(name string, def float64) float64 {
	if a := c.attr(name); a != nil {
		return float64(a.F)
	}
	return def
}

func (c *Ctx) str(name, def string) string {
	if a := c.attr(name); a != nil {
		return a.S
	}
	return def
}

func (c *Ctx) ints(name string) ([]int64, bool) {
	if a := c.attr(name); a != nil {
		return a.Ints, true
	}
	return nil, false
}

func (c *Ctx) floats(name string) ([]float32, bool) {
	if a := c.attr(name); a != nil {
		return a.Floats, true
	}
	return nil, false
}

// has reports whether input i is present.
func (c *Ctx) has(i int) bool { return i < len(c.In) && c.In[i] != nil }

// typ returns input i's type, or nil.
func (c *Ctx) typ(i int) *Type {
	if !c.has(i) {
		return nil
	}
	return c.In[i].Type
}

// elem returns input i's element type, or 0.
func (c *Ctx) elem(i int) pb.DataType {
	t := c.typ(i)
	if t == nil {
		return 0
	}
	if t.Kind != pb.KindTensor && t.Kind != pb.KindSparseTensor {
		return 0
	}
	return t.Elem
}

// shape returns input i's dims when its rank is known.
func (c *Ctx) shape(i int) ([]Dim, bool) {
	t := c.typ(i)
	if t == nil || (t.Kind != pb.KindTensor && t.Kind != pb.KindSparseTensor) || !t.HasShape {
		return nil, false
	}
	return t.Shape, true
}

// rank returns input i's rank, or -1.
func (c *Ctx) rank(i int) int {
	s, ok := c.shape(i)
	if !ok {
		return -1
	}
	return len(s)
}

// data returns input i's known contents, or nil; the contents of a
// floating-point initializer (a weight) are not read here.
func (c *Ctx) data(i int) *Data {
	if !c.has(i) || c.In[i].weight {
		return nil
	}
	return c.e.data(c.In[i])
}

// valueData is data for inputs that are options even when stored as
// float initializers (Resize scales, Range bounds, OneHot depth).
func (c *Ctx) valueData(i int) *Data {
	if !c.has(i) {
		return nil
	}
	return c.e.data(c.In[i])
}

// isWeight reports whether input i is a floating-point graph
// initializer: a weight, whose bytes constant folding leaves unread.
func (c *Ctx) isWeight(i int) bool {
	return c.has(i) && c.In[i].weight
}

// knownInts returns input i's integer contents when all are known.
func (c *Ctx) knownInts(i int) ([]int64, bool) {
	return c.data(i).AllKnown()
}

// nOut is the number of outputs the node names (some may be omitted).
func (c *Ctx) nOut() int { return len(c.Out) }

// set gives output i a type; omitted outputs are ignored.
func (c *Ctx) set(i int, t *Type) {
	if i < len(c.Out) && c.Out[i] != nil {
		c.Out[i].Type = t
	}
}

// setData records output i's contents.
func (c *Ctx) setData(i int, d *Data) {
	if i < len(c.Out) && c.Out[i] != nil {
		c.Out[i].Data = d
	}
}

// out returns output i's type, or nil.
func (c *Ctx) out(i int) *Type {
	if i < len(c.Out) && c.Out[i] != nil {
		return c.Out[i].Type
	}
	return nil
}

// setTensor gives output i a tensor type with the given dims.
func (c *Ctx) setTensor(i int, elem pb.DataType, dims []Dim) {
	c.set(i, Tensor(elem, dims...))
}

// setElem gives output i a tensor type of unknown shape.
func (c *Ctx) setElem(i int, elem pb.DataType) {
	c.set(i, TensorNoShape(elem))
}

// MaxRank bounds the ranks inference builds from values (a shape input of
// a billion elements is not believed).
const MaxRank = 1024

// setRank gives output i a tensor of known rank and unknown dims.
func (c *Ctx) setRank(i int, elem pb.DataType, rank int) {
	if rank < 0 || rank > MaxRank {
		c.setElem(i, elem)
		return
	}
	c.setTensor(i, elem, unknownDims(rank))
}

// sameAs gives output o the type of input i (a copy).
func (c *Ctx) sameAs(o, i int) {
	t := c.typ(i)
	if t == nil {
		return
	}
	c.set(o, t.Clone())
}

func unknownDims(rank int) []Dim {
	d := make([]Dim, rank)
	for i := range d {
		d[i] = Unk
	}
	return d
}

func knownDims(vals ...int64) []Dim {
	d := make([]Dim, len(vals))
	for i, v := range vals {
		d[i] = Known(v)
	}
	return d
}

// normAxis maps a possibly negative axis into [0, rank), or fails.
func normAxis(axis int64, rank int) (int, error) {
	r := int64(rank)
	if axis < -r || axis >= r {
		return 0, fmt.Errorf("axis %d out of range for rank %d", axis, rank)
	}
	if axis < 0 {
		axis += r
	}
	return int(axis), nil
}

// mulDim multiplies dims as onnx does: known × known, 1 × x = x, else
// unknown. Overflow gives unknown.
func mulDim(a, b Dim) Dim {
	switch {
	case a.IsKnown() && b.IsKnown():
		if a.V != 0 && b.V > math.MaxInt64/a.V {
			return Unk
		}
		return Known(a.V * b.V)
	case a.IsKnown() && a.V == 1:
		return b
	case b.IsKnown() && b.V == 1:
		return a
	}
	return Unk
}

// prodDims multiplies dims[from:to].
func prodDims(dims []Dim, from, to int) Dim {
	p := Known(1)
	for i := from; i < to; i++ {
		p = mulDim(p, dims[i])
	}
	return p
}

func addInt(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

func mulInt(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return p, true
}

// broadcast is onnx's multidirectional broadcasting of shapes.
func broadcast(shapes ...[]Dim) ([]Dim, error) {
	n := 0
	for _, s := range shapes {
		n = max(n, len(s))
	}
	out := make([]Dim, n)
	for i := 0; i < n; i++ {
		val := int64(1)
		var sym Dim
		nsym := 0
		for _, s := range shapes {
			if i < n-len(s) {
				continue
			}
			d := s[i-n+len(s)]
			if d.IsKnown() {
				if d.V != 1 {
					if val != d.V && val != 1 {
						return nil, fmt.Errorf("shapes %s cannot be broadcast: %d vs %d", shapesString(shapes), val, d.V)
					}
					val = d.V
				}
			} else if nsym == 0 {
				sym = d
				nsym++
			} else if d.S != sym.S {
				nsym++
			}
		}
		switch {
		case val != 1 || nsym == 0:
			out[i] = Known(val)
		case nsym == 1:
			out[i] = sym
		default:
			out[i] = Unk
		}
	}
	return out, nil
}

func shapesString(shapes [][]Dim) string {
	s := ""
	for i, sh := range shapes {
		if i > 0 {
			s += " and "
		}
		s += Tensor(0, sh...).String()[1:]
	}
	return s
}

// subgraph infers a graph attribute with the given input types and
// records the result under key.
func (c *Ctx) subgraph(key string, g *pb.Graph, inputs []*Type) *GraphResult {
	r := c.e.graph(g, c.sc, inputs, c.opsets)
	if c.subs == nil {
		c.subs = map[string]*GraphResult{}
	}
	c.subs[key] = r
	return r
}

// outputTypes returns the types of a subgraph's outputs.
func (r *GraphResult) outputTypes(sc *scope) []*Type {
	out := make([]*Type, len(r.Graph.Outputs))
	for i, vi := range r.Graph.Outputs {
		if v := r.Values[vi.Name]; v != nil {
			out[i] = v.Type
		} else if sc != nil {
			if v := sc.lookup(vi.Name); v != nil {
				out[i] = v.Type
			}
		}
	}
	return out
}

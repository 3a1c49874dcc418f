package hdf5

import "fmt"

// Attrs returns the object's attributes (compact and dense), in storage
// order.
func (o *Object) Attrs() ([]*Attribute, error) {
	f := o.f
	var out []*Attribute
	for _, m := range o.h.msgs {
		switch m.typ {
		case msgAttribute:
			if err := f.step(m.at); err != nil {
				return nil, withPath(err, o.path)
			}
			if m.flags&0x02 != 0 {
				return nil, o.errf(m.at, "shared attribute messages are not supported")
			}
			a, err := f.parseAttribute(m.data, m.at)
			if err != nil {
				return nil, withPath(err, o.path)
			}
			out = append(out, a)
		case msgAttrInfo:
			dense, err := o.denseAttrs(m)
			if err != nil {
				return nil, err
			}
			out = append(out, dense...)
		}
	}
	return out, nil
}

// Attr returns the attribute called name, or nil if there is none.
func (o *Object) Attr(name string) (*Attribute, error) {
	as, err := o.Attrs()
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if a.Name == name {
			return a, nil
		}
	}
	return nil, nil
}

// AttrNames lists attribute names without decoding string values.
func (o *Object) AttrNames() ([]string, error) {
	as, err := o.Attrs()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out, nil
}

func (o *Object) denseAttrs(m message) ([]*Attribute, error) {
	f := o.f
	c := f.cursor(m.data, m.at, "attribute info message")
	c.skip(1)
	flags := c.u8()
	if flags&1 != 0 {
		c.skip(2)
	}
	heapAddr := c.addr()
	nameIndex := c.addr()
	if err := c.err(); err != nil {
		return nil, withPath(err, o.path)
	}
	if heapAddr == undef {
		return nil, nil
	}
	heap, err := f.fractalHeap(heapAddr)
	if err != nil {
		return nil, withPath(err, o.path)
	}
	var out []*Attribute
	err = f.btree2Records(nameIndex, func(rec []byte, at int64) error {
		// Type 8 record: heap ID (8), message flags (1), creation order (4), hash (4).
		if len(rec) < 9 {
			return f.errf(at, "attribute name index record too short")
		}
		if rec[8]&0x02 != 0 {
			return f.errf(at, "shared attribute messages are not supported")
		}
		b, err := heap.object(rec[:8])
		if err != nil {
			return err
		}
		a, err := f.parseAttribute(b, at)
		if err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, withPath(err, o.path)
	}
	return out, nil
}

// Dataset describes a dataset without reading its data.
type Dataset struct {
	// Shape is the current shape; empty for a scalar.
	Shape  []uint64
	Scalar bool
	Type   *Datatype
	// Layout is "compact", "contiguous", "chunked" or "virtual".
	Layout string
	// Chunk is the chunk shape of a chunked dataset.
	Chunk []uint64
}

// Dataset reads the shape, type and layout of a dataset.
func (o *Object) Dataset() (*Dataset, error) {
	f := o.f
	ds := &Dataset{}
	sm, ok := o.h.find(msgDataspace)
	if !ok {
		return nil, o.errf(-1, "dataset has no dataspace message")
	}
	if sm.flags&0x02 != 0 {
		return nil, o.errf(sm.at, "shared dataspaces are not supported")
	}
	s, err := f.parseDataspace(sm.data, sm.at)
	if err != nil {
		return nil, withPath(err, o.path)
	}
	ds.Shape, ds.Scalar = s.dims, s.scalar
	tm, ok := o.h.find(msgDatatype)
	if !ok {
		return nil, o.errf(-1, "dataset has no datatype message")
	}
	if tm.flags&0x02 != 0 {
		ds.Type, err = f.sharedDatatype(tm.data, tm.at, 0)
	} else {
		ds.Type, _, err = f.parseDatatype(tm.data, tm.at, 0)
	}
	if err != nil {
		return nil, withPath(err, o.path)
	}
	if lm, ok := o.h.find(msgLayout); ok {
		ds.Layout, ds.Chunk, err = f.parseLayout(lm.data, lm.at)
		if err != nil {
			return nil, withPath(err, o.path)
		}
	}
	return ds, nil
}

var layoutNames = [...]string{"compact", "contiguous", "chunked", "virtual"}

// parseLayout reads the layout class and chunk shape; never the data.
func (f *File) parseLayout(b []byte, at int64) (string, []uint64, error) {
	c := f.cursor(b, at, "data layout message")
	v := c.u8()
	var class int
	var chunk []uint64
	switch v {
	case 1, 2:
		rank := int(c.u8())
		class = int(c.u8())
		c.skip(5)
		if class != 0 {
			c.addr()
		}
		if rank > 33 {
			return "", nil, f.errf(at, "layout of rank %d", rank)
		}
		for i := 0; i < rank; i++ {
			d := uint64(c.u32())
			if class == 2 && i < rank-1 {
				chunk = append(chunk, d)
			}
		}
	case 3, 4:
		class = int(c.u8())
		if class == 2 {
			if v == 3 {
				rank := int(c.u8())
				c.addr()
				if rank > 33 {
					return "", nil, f.errf(at, "chunk of rank %d", rank)
				}
				for i := 0; i < rank; i++ {
					d := uint64(c.u32())
					if i < rank-1 {
						chunk = append(chunk, d)
					}
				}
			} else {
				c.u8() // flags
				rank := int(c.u8())
				enc := int(c.u8())
				if rank > 33 || enc < 1 || enc > 8 {
					return "", nil, f.errf(at, "chunk of rank %d with %d-byte dims", rank, enc)
				}
				for i := 0; i < rank; i++ {
					d := c.uN(enc)
					if i < rank-1 {
						chunk = append(chunk, d)
					}
				}
			}
		}
	default:
		if !c.overrun {
			return "", nil, f.errf(at, "unsupported data layout version %d", v)
		}
	}
	if err := c.err(); err != nil {
		return "", nil, err
	}
	if class < 0 || class >= len(layoutNames) {
		return "", nil, f.errf(at, "unknown layout class %d", class)
	}
	return layoutNames[class], chunk, nil
}

// Walk calls fn for o and every object below it, depth first in name
// order, each object once (hard links to an object already visited and
// cycles are skipped).
func (o *Object) Walk(fn func(*Object) error) error {
	seen := map[uint64]bool{}
	var walk func(x *Object, depth int) error
	walk = func(x *Object, depth int) error {
		if seen[x.addr] {
			return nil
		}
		seen[x.addr] = true
		if depth > 256 {
			return x.errf(-1, "groups nested more than 256 levels deep")
		}
		if err := fn(x); err != nil {
			return err
		}
		if x.Kind() != KindGroup {
			return nil
		}
		ls, err := x.Links()
		if err != nil {
			return err
		}
		for _, l := range ls {
			if l.Soft != "" || l.External {
				continue
			}
			c, err := x.Open(l)
			if err != nil {
				return err
			}
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(o, 0)
}

func (d *Dataset) String() string {
	return fmt.Sprintf("%v %s %s", d.Shape, d.Type.DType(), d.Layout)
}

package hdf5

import (
	"sort"
	"strings"
)

// Kind is what an object is.
type Kind int

// Object kinds.
const (
	KindUnknown Kind = iota
	KindGroup
	KindDataset
	KindDatatype // a committed (named) datatype
)

func (k Kind) String() string {
	switch k {
	case KindGroup:
		return "group"
	case KindDataset:
		return "dataset"
	case KindDatatype:
		return "datatype"
	}
	return "unknown object"
}

// Object is a group, dataset or named datatype.
type Object struct {
	f    *File
	addr uint64
	path string
	h    *header
}

// Link is one named member of a group.
type Link struct {
	Name string
	// Addr is the object header address of a hard link.
	Addr uint64
	// Soft is the target of a soft link; External is set for an external
	// link (both are listed but not followed).
	Soft     string
	External bool
}

// Root opens the root group.
func (f *File) Root() (*Object, error) { return f.object(f.rootAddr, "/") }

func (f *File) object(addr uint64, path string) (*Object, error) {
	h, err := f.header(addr)
	if err != nil {
		return nil, withPath(err, path)
	}
	return &Object{f: f, addr: addr, path: path, h: h}, nil
}

func withPath(err error, path string) error {
	if fe, ok := err.(*FormatError); ok && fe.Path == "" {
		c := *fe
		c.Path = path
		return &c
	}
	return err
}

// Path is the object's path from the root ("/", "/model_weights/dense_1").
func (o *Object) Path() string { return o.path }

// Addr is the object header address, unique per object in a file.
func (o *Object) Addr() uint64 { return o.addr }

// File returns the file the object belongs to.
func (o *Object) File() *File { return o.f }

// Kind tells groups from datasets.
func (o *Object) Kind() Kind {
	has := func(t uint16) bool { _, ok := o.h.find(t); return ok }
	switch {
	case has(msgSymbolTable) || has(msgLinkInfo) || has(msgLink):
		return KindGroup
	case has(msgLayout) || (has(msgDataspace) && has(msgDatatype)):
		return KindDataset
	case has(msgDatatype):
		return KindDatatype
	}
	return KindUnknown
}

func (o *Object) errf(at int64, format string, args ...any) error {
	return withPath(o.f.errf(at, format, args...), o.path)
}

func (o *Object) childPath(name string) string {
	if o.path == "/" {
		return "/" + name
	}
	return o.path + "/" + name
}

// Links lists a group's members sorted by name (the order h5py shows).
// The list is cached per group; callers must not modify it.
func (o *Object) Links() ([]Link, error) {
	if ls, ok := o.f.links[o.addr]; ok {
		return ls, nil
	}
	ls, err := o.readLinks()
	if err != nil {
		return nil, err
	}
	if o.f.linkCount+len(ls) <= maxCachedLinks {
		o.f.links[o.addr] = ls
		o.f.linkCount += len(ls)
	}
	return ls, nil
}

// maxCachedLinks bounds the links kept in the per-file cache.
const maxCachedLinks = 1 << 20

func (o *Object) readLinks() ([]Link, error) {
	var out []Link
	var err error
	if m, ok := o.h.find(msgSymbolTable); ok {
		out, err = o.symbolTableLinks(m)
	} else {
		for _, m := range o.h.msgs {
			if m.typ != msgLink {
				continue
			}
			l, err := o.f.parseLink(m.data, m.at)
			if err != nil {
				return nil, withPath(err, o.path)
			}
			out = append(out, l)
		}
		if m, ok := o.h.find(msgLinkInfo); ok {
			dense, err := o.denseLinks(m)
			if err != nil {
				return nil, err
			}
			out = append(out, dense...)
		}
	}
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Child opens the member called name (one path component).
func (o *Object) Child(name string) (*Object, error) {
	ls, err := o.Links()
	if err != nil {
		return nil, err
	}
	i := sort.Search(len(ls), func(i int) bool { return ls[i].Name >= name })
	if i == len(ls) || ls[i].Name != name {
		return nil, nil
	}
	l := ls[i]
	if l.Soft != "" || l.External {
		return nil, o.errf(-1, "%q is a soft or external link, which this reader does not follow", name)
	}
	return o.f.object(l.Addr, o.childPath(name))
}

// Lookup opens the object at a relative path ("a/b/c"); nil, nil when a
// component does not exist.
func (o *Object) Lookup(path string) (*Object, error) {
	cur := o
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if part == "" {
			continue
		}
		next, err := cur.Child(part)
		if err != nil || next == nil {
			return nil, err
		}
		cur = next
	}
	return cur, nil
}

// Open opens a child by its link (for iterating over Links).
func (o *Object) Open(l Link) (*Object, error) {
	if l.Soft != "" || l.External {
		return nil, o.errf(-1, "%q is a soft or external link, which this reader does not follow", l.Name)
	}
	return o.f.object(l.Addr, o.childPath(l.Name))
}

// parseLink decodes a link message.
func (f *File) parseLink(b []byte, at int64) (Link, error) {
	c := f.cursor(b, at, "link message")
	if v := c.u8(); v != 1 && !c.overrun {
		return Link{}, f.errf(at, "unsupported link message version %d", v)
	}
	flags := c.u8()
	ltype := uint8(0)
	if flags&0x08 != 0 {
		ltype = c.u8()
	}
	if flags&0x04 != 0 {
		c.skip(8)
	}
	if flags&0x10 != 0 {
		c.skip(1)
	}
	n := int(c.uN(1 << (flags & 3)))
	name := string(c.bytes(n))
	var l Link
	l.Name = name
	switch ltype {
	case 0:
		l.Addr = c.addr()
	case 1:
		n := int(c.u16())
		l.Soft = string(c.bytes(n))
		if l.Soft == "" {
			l.Soft = "?"
		}
	case 64:
		l.External = true
	default:
		return Link{}, f.errf(at, "link %q has unknown link type %d", name, ltype)
	}
	if err := c.err(); err != nil {
		return Link{}, err
	}
	if name == "" {
		return Link{}, f.errf(at, "link with an empty name")
	}
	return l, nil
}

// symbolTableLinks walks an old-style group: B-tree v1 of symbol nodes,
// names in a local heap.
func (o *Object) symbolTableLinks(m message) ([]Link, error) {
	f := o.f
	c := f.cursor(m.data, m.at, "symbol table message")
	btree, heap := c.addr(), c.addr()
	if err := c.err(); err != nil {
		return nil, withPath(err, o.path)
	}
	names, err := f.localHeap(heap)
	if err != nil {
		return nil, withPath(err, o.path)
	}
	var out []Link
	seen := map[uint64]bool{}
	var walk func(addr uint64, depth int) error
	walk = func(addr uint64, depth int) error {
		if depth > f.lim.MaxDepth {
			return f.errf(f.abs(addr), "group B-tree deeper than %d levels", f.lim.MaxDepth)
		}
		if seen[addr] {
			return f.errf(f.abs(addr), "group B-tree nodes form a cycle")
		}
		seen[addr] = true
		if err := f.step(f.abs(addr)); err != nil {
			return err
		}
		pre, err := f.read(addr, 8+2*f.offSize)
		if err != nil {
			return err
		}
		c := f.cursor(pre, f.abs(addr), "group B-tree node")
		if !c.sig("TREE") {
			return f.errf(f.abs(addr), "group B-tree node has no TREE signature")
		}
		if t := c.u8(); t != 0 {
			return f.errf(f.abs(addr), "group B-tree node has type %d, want 0", t)
		}
		level := int(c.u8())
		n := int(c.u16())
		nodeSize := len(pre) + n*(f.lenSize+f.offSize) + f.lenSize
		b, err := f.read(addr, nodeSize)
		if err != nil {
			return err
		}
		c = f.cursor(b[len(pre):], f.abs(addr), "group B-tree node")
		for i := 0; i < n; i++ {
			c.length() // key
			child := c.addr()
			if err := c.err(); err != nil {
				return err
			}
			if level > 0 {
				if err := walk(child, depth+1); err != nil {
					return err
				}
				continue
			}
			ls, err := f.symbolNode(child, names, seen)
			if err != nil {
				return err
			}
			out = append(out, ls...)
		}
		return nil
	}
	if err := walk(btree, 0); err != nil {
		return nil, withPath(err, o.path)
	}
	return out, nil
}

// symbolNode reads the entries of one SNOD.
func (f *File) symbolNode(addr uint64, names []byte, seen map[uint64]bool) ([]Link, error) {
	if seen[addr] {
		return nil, f.errf(f.abs(addr), "symbol table node visited twice (cycle)")
	}
	seen[addr] = true
	if err := f.step(f.abs(addr)); err != nil {
		return nil, err
	}
	pre, err := f.read(addr, 8)
	if err != nil {
		return nil, err
	}
	if string(pre[:4]) != "SNOD" {
		return nil, f.errf(f.abs(addr), "symbol table node has no SNOD signature")
	}
	n := int(pre[6]) | int(pre[7])<<8
	entry := 2*f.offSize + 24
	b, err := f.read(addr+8, n*entry)
	if err != nil {
		return nil, err
	}
	out := make([]Link, 0, n)
	for i := 0; i < n; i++ {
		c := f.cursor(b[i*entry:(i+1)*entry], f.abs(addr)+8+int64(i*entry), "symbol table entry")
		nameOff := c.addr()
		obj := c.addr()
		cache := c.u32()
		c.skip(4)
		scratch := c.u32()
		if nameOff >= uint64(len(names)) {
			return nil, f.errf(f.abs(addr), "symbol name offset %d is outside the local heap (%d bytes)", nameOff, len(names))
		}
		name := cstring(names[nameOff:])
		if name == "" {
			return nil, f.errf(f.abs(addr), "symbol table entry with an empty name")
		}
		l := Link{Name: name, Addr: obj}
		if cache == 2 { // soft link: the scratch pad holds the value's heap offset
			l.Soft = "?"
			if uint64(scratch) < uint64(len(names)) {
				if s := cstring(names[scratch:]); s != "" {
					l.Soft = s
				}
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// localHeap returns the data segment of a local heap.
func (f *File) localHeap(addr uint64) ([]byte, error) {
	if b, ok := f.lheaps[addr]; ok {
		return b, nil
	}
	pre, err := f.read(addr, 8+2*f.lenSize+f.offSize)
	if err != nil {
		return nil, err
	}
	c := f.cursor(pre, f.abs(addr), "local heap")
	if !c.sig("HEAP") {
		return nil, f.errf(f.abs(addr), "local heap has no HEAP signature")
	}
	c.skip(4)
	size := c.length()
	c.length() // free list
	data := c.addr()
	if err := c.err(); err != nil {
		return nil, err
	}
	if size > uint64(f.lim.MaxRead) {
		return nil, f.errf(f.abs(addr), "local heap of %d bytes exceeds the read limit", size)
	}
	b, err := f.read(data, int(size))
	if err != nil {
		return nil, err
	}
	if len(f.lheaps) < 1<<14 {
		f.lheaps[addr] = b
	}
	return b, nil
}

// denseLinks reads links stored in a fractal heap (Link Info message).
func (o *Object) denseLinks(m message) ([]Link, error) {
	f := o.f
	c := f.cursor(m.data, m.at, "link info message")
	c.skip(1)
	flags := c.u8()
	if flags&1 != 0 {
		c.skip(8)
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
	var out []Link
	err = f.btree2Records(nameIndex, func(rec []byte, at int64) error {
		// Type 5 record: name hash (4) + heap ID.
		if len(rec) < 5 {
			return f.errf(at, "link name index record too short")
		}
		obj, err := heap.object(rec[4:])
		if err != nil {
			return err
		}
		l, err := f.parseLink(obj, at)
		if err != nil {
			return err
		}
		out = append(out, l)
		return nil
	})
	if err != nil {
		return nil, withPath(err, o.path)
	}
	return out, nil
}

package hdf5

// Message types this reader uses.
const (
	msgNil          = 0x00
	msgDataspace    = 0x01
	msgLinkInfo     = 0x02
	msgDatatype     = 0x03
	msgLink         = 0x06
	msgLayout       = 0x08
	msgAttribute    = 0x0C
	msgContinuation = 0x10
	msgSymbolTable  = 0x11
	msgAttrInfo     = 0x15
)

// message is one header message; data is its body.
type message struct {
	typ   uint16
	flags uint8
	data  []byte
	at    int64 // absolute offset of data
}

// header is a parsed object header.
type header struct {
	addr    uint64
	version int
	msgs    []message
}

// maxHeaderBytes bounds all chunks of one object header together.
const maxHeaderBytes = 256 << 20

// header reads and caches the object header at addr.
func (f *File) header(addr uint64) (*header, error) {
	if h, ok := f.headers[addr]; ok {
		return h, nil
	}
	abs := f.abs(addr)
	if abs < 0 {
		return nil, f.errf(-1, "object header address %d is outside the file (%d bytes)", addr, f.size)
	}
	if err := f.step(abs); err != nil {
		return nil, err
	}
	pre, err := f.readUpTo(addr, 16)
	if err != nil {
		return nil, err
	}
	h := &header{addr: addr}
	switch {
	case len(pre) >= 4 && string(pre[:4]) == "OHDR":
		h.version = 2
		err = f.headerV2(h, addr)
	case len(pre) >= 1 && pre[0] == 1:
		h.version = 1
		err = f.headerV1(h, addr, pre)
	default:
		return nil, f.errf(abs, "no object header here (neither version 1 nor an OHDR signature)")
	}
	if err != nil {
		return nil, err
	}
	if len(f.headers) < 1<<16 {
		f.headers[addr] = h
	}
	return h, nil
}

// chunkWalker follows continuation messages, with cycle and size checks.
type chunkWalker struct {
	f     *File
	h     *header
	seen  map[uint64]bool
	total int
	queue [][2]uint64 // address, length
}

func (w *chunkWalker) add(addr, length uint64, at int64) error {
	if w.seen[addr] {
		return w.f.errf(at, "object header continuation blocks form a cycle")
	}
	w.seen[addr] = true
	if length > maxHeaderBytes || w.total+int(length) > maxHeaderBytes {
		return w.f.errf(at, "object header continuation of %d bytes exceeds the %d-byte limit", length, maxHeaderBytes)
	}
	if len(w.seen) > w.f.lim.MaxDepth*64 {
		return w.f.errf(at, "object header has more than %d continuation blocks", w.f.lim.MaxDepth*64)
	}
	w.total += int(length)
	w.queue = append(w.queue, [2]uint64{addr, length})
	return nil
}

func (w *chunkWalker) continuation(m message) error {
	c := w.f.cursor(m.data, m.at, "continuation message")
	addr, length := c.addr(), c.length()
	if err := c.err(); err != nil {
		return err
	}
	return w.add(addr, length, m.at)
}

func (f *File) headerV1(h *header, addr uint64, pre []byte) error {
	c := f.cursor(pre, f.abs(addr), "object header")
	c.skip(2)
	nmsgs := int(c.u16())
	c.skip(4)
	size := uint64(c.u32())
	if err := c.err(); err != nil {
		return err
	}
	w := &chunkWalker{f: f, h: h, seen: map[uint64]bool{}}
	if err := w.add(addr+16, size, f.abs(addr)); err != nil {
		return err
	}
	for len(w.queue) > 0 {
		ch := w.queue[0]
		w.queue = w.queue[1:]
		b, err := f.read(ch[0], int(ch[1]))
		if err != nil {
			return err
		}
		at := f.abs(ch[0])
		for p := 0; p+8 <= len(b); {
			c := f.cursor(b[p:], at+int64(p), "object header message")
			typ, sz, flags := c.u16(), int(c.u16()), c.u8()
			c.skip(3)
			data := c.bytes(sz)
			if err := c.err(); err != nil {
				return err
			}
			if err := f.step(at + int64(p)); err != nil {
				return err
			}
			m := message{typ: typ, flags: flags, data: data, at: at + int64(p) + 8}
			if typ == msgContinuation {
				if err := w.continuation(m); err != nil {
					return err
				}
			} else if typ != msgNil {
				h.msgs = append(h.msgs, m)
			}
			p += 8 + align8(sz)
		}
	}
	_ = nmsgs // the count includes nil and continuation messages; not needed
	return nil
}

func (f *File) headerV2(h *header, addr uint64) error {
	pre, err := f.readUpTo(addr, 4+1+1+16+4+8)
	if err != nil {
		return err
	}
	abs := f.abs(addr)
	c := f.cursor(pre, abs, "object header")
	c.skip(4)
	if v := c.u8(); v != 2 {
		return f.errf(abs, "unsupported object header version %d", v)
	}
	flags := c.u8()
	if flags&0x20 != 0 {
		c.skip(16)
	}
	if flags&0x10 != 0 {
		c.skip(4)
	}
	size := c.uN(1 << (flags & 3))
	if err := c.err(); err != nil {
		return err
	}
	start := addr + uint64(c.p)
	orderTracked := flags&0x04 != 0
	w := &chunkWalker{f: f, h: h, seen: map[uint64]bool{}}
	// The first chunk is the messages after the prefix plus a checksum.
	if err := w.add(start, size+4, abs); err != nil {
		return err
	}
	first := true
	for len(w.queue) > 0 {
		ch := w.queue[0]
		w.queue = w.queue[1:]
		b, err := f.read(ch[0], int(ch[1]))
		if err != nil {
			return err
		}
		at := f.abs(ch[0])
		p := 0
		if !first {
			if len(b) < 8 || string(b[:4]) != "OCHK" {
				return f.errf(at, "object header continuation block has no OCHK signature")
			}
			p = 4
		}
		first = false
		end := len(b) - 4 // checksum
		hdr := 4
		if orderTracked {
			hdr = 6
		}
		for p+hdr <= end {
			c := f.cursor(b[p:end], at+int64(p), "object header message")
			typ, sz, mflags := uint16(c.u8()), int(c.u16()), c.u8()
			if orderTracked {
				c.skip(2)
			}
			data := c.bytes(sz)
			if err := c.err(); err != nil {
				return err
			}
			if err := f.step(at + int64(p)); err != nil {
				return err
			}
			m := message{typ: typ, flags: mflags, data: data, at: at + int64(p+hdr)}
			if typ == msgContinuation {
				if err := w.continuation(m); err != nil {
					return err
				}
			} else if typ != msgNil {
				h.msgs = append(h.msgs, m)
			}
			p += hdr + sz
		}
	}
	return nil
}

func (h *header) find(typ uint16) (message, bool) {
	for _, m := range h.msgs {
		if m.typ == typ {
			return m, true
		}
	}
	return message{}, false
}

package hdf5

import "math/bits"

// fheap is a parsed fractal heap header.
type fheap struct {
	f          *File
	addr       uint64
	idLen      int
	filtered   bool
	maxMan     uint64
	hugeBTree  uint64
	width      int
	startBlock uint64
	maxDirect  uint64
	maxHeapBit int
	rootAddr   uint64
	rootRows   int
	offSize    int // bytes of a heap offset in IDs and block headers
	lenSize    int // bytes of a managed object length in IDs
	maxDRows   int // rows of direct blocks
	checksumDB bool
}

func log2floor(v uint64) int {
	if v == 0 {
		return 0
	}
	return 63 - bits.LeadingZeros64(v)
}

// limitEncSize is H5VM_limit_enc_size: bytes to encode values up to v.
func limitEncSize(v uint64) int { return log2floor(v)/8 + 1 }

func (f *File) fractalHeap(addr uint64) (*fheap, error) {
	if h, ok := f.fheaps[addr]; ok {
		return h, nil
	}
	if err := f.step(f.abs(addr)); err != nil {
		return nil, err
	}
	b, err := f.read(addr, 4+1+2+2+1+4+12*f.lenSize+3*f.offSize+2+2+2+2+16)
	if err != nil {
		return nil, err
	}
	at := f.abs(addr)
	c := f.cursor(b, at, "fractal heap header")
	if !c.sig("FRHP") {
		return nil, f.errf(at, "fractal heap has no FRHP signature")
	}
	if v := c.u8(); v != 0 {
		return nil, f.errf(at, "unsupported fractal heap version %d", v)
	}
	h := &fheap{f: f, addr: addr}
	h.idLen = int(c.u16())
	filterLen := c.u16()
	flags := c.u8()
	h.checksumDB = flags&0x02 != 0
	h.maxMan = uint64(c.u32())
	c.length() // next huge ID
	h.hugeBTree = c.addr()
	c.length() // free space
	c.addr()   // free space manager
	c.length() // managed space
	c.length() // allocated managed space
	c.length() // direct block allocation iterator
	c.length() // managed objects
	c.length() // huge size
	c.length() // huge objects
	c.length() // tiny size
	c.length() // tiny objects
	h.width = int(c.u16())
	h.startBlock = c.length()
	h.maxDirect = c.length()
	h.maxHeapBit = int(c.u16())
	c.u16() // starting rows
	h.rootAddr = c.addr()
	h.rootRows = int(c.u16())
	if err := c.err(); err != nil {
		return nil, err
	}
	h.filtered = filterLen > 0
	pow2 := func(v uint64) bool { return v != 0 && v&(v-1) == 0 }
	if h.width <= 0 || h.width > 1<<12 || !pow2(h.startBlock) || !pow2(h.maxDirect) || h.maxDirect < h.startBlock ||
		h.maxHeapBit <= 0 || h.maxHeapBit > 64 || h.idLen <= 0 || h.idLen > 1<<10 || h.rootRows > 64 {
		return nil, f.errf(at, "fractal heap header has inconsistent parameters")
	}
	if h.maxDirect > uint64(f.lim.MaxRead) {
		return nil, f.errf(at, "fractal heap direct blocks of %d bytes exceed the read limit", h.maxDirect)
	}
	h.offSize = (h.maxHeapBit + 7) / 8
	h.lenSize = min((log2floor(h.maxDirect)+7)/8, limitEncSize(h.maxMan))
	h.maxDRows = log2floor(h.maxDirect) - log2floor(h.startBlock) + 2
	if len(f.fheaps) < 1<<12 {
		f.fheaps[addr] = h
	}
	return h, nil
}

// rowSize is the block size of doubling-table row r.
func (h *fheap) rowSize(r int) uint64 {
	if r == 0 {
		return h.startBlock
	}
	if r-1 >= 64-log2floor(h.startBlock) {
		return 0
	}
	return h.startBlock << (r - 1)
}

// object returns the bytes of the heap object with the given ID.
func (h *fheap) object(id []byte) ([]byte, error) {
	f := h.f
	at := f.abs(h.addr)
	if len(id) < 1 {
		return nil, f.errf(at, "empty fractal heap ID")
	}
	if id[0]>>6 != 0 {
		return nil, f.errf(at, "unsupported fractal heap ID version %d", id[0]>>6)
	}
	switch (id[0] >> 4) & 3 {
	case 0: // managed
		c := f.cursor(id[1:], at, "fractal heap ID")
		off := c.uN(h.offSize)
		n := c.uN(h.lenSize)
		if err := c.err(); err != nil {
			return nil, err
		}
		if h.filtered {
			return nil, f.errf(at, "filtered (compressed) fractal heaps are not supported")
		}
		return h.managed(off, n)
	case 1: // huge
		return h.huge(id)
	case 2: // tiny: length in the low 4 bits (+1), data inline
		n := int(id[0]&0x0F) + 1
		data := id[1:]
		if h.idLen-1 > 16 && len(id) > 1 { // extended tiny form: 12-bit length
			n = (int(id[0]&0x0F)<<8 | int(id[1])) + 1
			data = id[2:]
		}
		if n > len(data) {
			return nil, f.errf(at, "tiny heap object claims %d bytes, ID holds %d", n, len(data))
		}
		return data[:n], nil
	}
	return nil, f.errf(at, "unknown fractal heap ID type %d", (id[0]>>4)&3)
}

// managed finds the direct block holding heap offset off and reads n bytes.
func (h *fheap) managed(off, n uint64) ([]byte, error) {
	f := h.f
	at := f.abs(h.addr)
	if n == 0 || n > uint64(f.lim.MaxRead) {
		return nil, f.errf(at, "heap object of %d bytes is empty or too large", n)
	}
	if h.rootAddr == undef {
		return nil, f.errf(at, "fractal heap has no root block")
	}
	blockAddr, blockOff, blockSize := h.rootAddr, uint64(0), h.startBlock
	rows := h.rootRows
	for depth := 0; rows > 0; depth++ {
		if depth > f.lim.MaxDepth {
			return nil, f.errf(at, "fractal heap indirect blocks nested too deeply")
		}
		if err := f.step(f.abs(blockAddr)); err != nil {
			return nil, err
		}
		// Find the row and column covering off within this indirect block.
		rel := off - blockOff
		if off < blockOff {
			return nil, f.errf(at, "heap offset %d is outside its indirect block", off)
		}
		row, col := -1, 0
		var rowStart uint64
		for r := 0; r < rows; r++ {
			s := h.rowSize(r)
			if s == 0 {
				break
			}
			span := s * uint64(h.width)
			if span/uint64(h.width) != s {
				break
			}
			if rel < rowStart+span {
				row, col = r, int((rel-rowStart)/s)
				break
			}
			rowStart += span
		}
		if row < 0 {
			return nil, f.errf(at, "heap offset %d is beyond the heap's root block", off)
		}
		// Read the child address from the indirect block.
		prefix := 4 + 1 + f.offSize + h.offSize
		entry := f.offSize
		direct := min(rows, h.maxDRows)
		idx := row*h.width + col
		var pos int
		if row < h.maxDRows {
			pos = prefix + idx*entry
		} else {
			pos = prefix + direct*h.width*entry + (idx-direct*h.width)*f.offSize
		}
		ib, err := f.read(blockAddr, prefix)
		if err != nil {
			return nil, err
		}
		if string(ib[:4]) != "FHIB" {
			return nil, f.errf(f.abs(blockAddr), "fractal heap indirect block has no FHIB signature")
		}
		ab, err := f.read(blockAddr+uint64(pos), f.offSize)
		if err != nil {
			return nil, err
		}
		child := f.cursor(ab, f.abs(blockAddr), "indirect block").addr()
		if child == undef {
			return nil, f.errf(f.abs(blockAddr), "heap offset %d falls in an unallocated block", off)
		}
		s := h.rowSize(row)
		blockOff += rowStart + uint64(col)*s
		blockAddr = child
		if row < h.maxDRows {
			blockSize = s
			rows = 0
		} else {
			// Child indirect block: rows = log2(s) - log2(start*width) + 1.
			rows = log2floor(s) - log2floor(h.startBlock*uint64(h.width)) + 1
			if rows <= 0 || rows > 64 {
				return nil, f.errf(at, "fractal heap child indirect block has %d rows", rows)
			}
		}
	}
	// blockAddr is a direct block starting at heap offset blockOff.
	if off < blockOff || off-blockOff >= blockSize || n > blockSize-(off-blockOff) {
		return nil, f.errf(f.abs(blockAddr), "heap object (offset %d, %d bytes) is outside its direct block", off, n)
	}
	pre, err := f.read(blockAddr, 4)
	if err != nil {
		return nil, err
	}
	if string(pre) != "FHDB" {
		return nil, f.errf(f.abs(blockAddr), "fractal heap direct block has no FHDB signature")
	}
	return f.read(blockAddr+(off-blockOff), int(n))
}

// huge reads a huge object: directly addressed IDs carry address and
// length; others are looked up in the heap's v2 B-tree.
func (h *fheap) huge(id []byte) ([]byte, error) {
	f := h.f
	at := f.abs(h.addr)
	if h.filtered {
		return nil, f.errf(at, "filtered huge heap objects are not supported")
	}
	if h.idLen-1 >= f.offSize+f.lenSize && len(id)-1 >= f.offSize+f.lenSize {
		c := f.cursor(id[1:], at, "huge object ID")
		addr, n := c.addr(), c.length()
		if err := c.err(); err != nil {
			return nil, err
		}
		if n > uint64(f.lim.MaxRead) {
			return nil, f.errf(at, "huge heap object of %d bytes exceeds the read limit", n)
		}
		return f.read(addr, int(n))
	}
	c := f.cursor(id[1:], at, "huge object ID")
	want := c.uN(min(len(id)-1, 8))
	var out []byte
	found := false
	err := f.btree2Records(h.hugeBTree, func(rec []byte, rat int64) error {
		if found {
			return nil
		}
		rc := f.cursor(rec, rat, "huge object record")
		addr, n, key := rc.addr(), rc.length(), rc.length()
		if err := rc.err(); err != nil {
			return err
		}
		if key != want {
			return nil
		}
		found = true
		if n > uint64(f.lim.MaxRead) {
			return f.errf(rat, "huge heap object of %d bytes exceeds the read limit", n)
		}
		b, err := f.read(addr, int(n))
		out = b
		return err
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, f.errf(at, "huge heap object %d not found", want)
	}
	return out, nil
}

// btree2Records calls fn for every record of the v2 B-tree at addr, in
// order.
func (f *File) btree2Records(addr uint64, fn func(rec []byte, at int64) error) error {
	if addr == undef {
		return nil
	}
	at := f.abs(addr)
	if err := f.step(at); err != nil {
		return err
	}
	b, err := f.read(addr, 4+1+1+4+2+2+1+1+f.offSize+2+f.lenSize+4)
	if err != nil {
		return err
	}
	c := f.cursor(b, at, "v2 B-tree header")
	if !c.sig("BTHD") {
		return f.errf(at, "v2 B-tree has no BTHD signature")
	}
	if v := c.u8(); v != 0 {
		return f.errf(at, "unsupported v2 B-tree version %d", v)
	}
	c.u8() // type
	nodeSize := int(c.u32())
	recSize := int(c.u16())
	depth := int(c.u16())
	c.skip(2)
	root := c.addr()
	rootN := int(c.u16())
	if err := c.err(); err != nil {
		return err
	}
	if recSize <= 0 || nodeSize <= 10 || nodeSize > f.lim.MaxRead || depth > f.lim.MaxDepth {
		return f.errf(at, "v2 B-tree header has inconsistent sizes (node %d, record %d, depth %d)", nodeSize, recSize, depth)
	}
	// Per-depth sizes of the "number of records" fields (H5B2__hdr_init).
	maxRec := make([]uint64, depth+1)
	cumMax := make([]uint64, depth+1)
	cumSize := make([]int, depth+1)
	maxRec[0] = uint64((nodeSize - 10) / recSize)
	if maxRec[0] == 0 {
		return f.errf(at, "v2 B-tree node too small for one record")
	}
	cumMax[0] = maxRec[0]
	maxNrecSize := limitEncSize(maxRec[0])
	for d := 1; d <= depth; d++ {
		ptr := f.offSize + maxNrecSize
		if d > 1 {
			ptr += cumSize[d-1]
		}
		if nodeSize-(10+ptr) <= 0 {
			return f.errf(at, "v2 B-tree internal nodes too small")
		}
		maxRec[d] = uint64((nodeSize - (10 + ptr)) / (recSize + ptr))
		hi, lo := bits.Mul64(maxRec[d]+1, cumMax[d-1])
		if hi != 0 || lo+maxRec[d] < lo {
			return f.errf(at, "v2 B-tree too deep")
		}
		cumMax[d] = lo + maxRec[d]
		cumSize[d] = limitEncSize(cumMax[d])
	}
	seen := map[uint64]bool{}
	var walk func(addr uint64, n, d int) error
	walk = func(addr uint64, n, d int) error {
		if addr == undef || n == 0 {
			return nil
		}
		nat := f.abs(addr)
		if seen[addr] {
			return f.errf(nat, "v2 B-tree nodes form a cycle")
		}
		seen[addr] = true
		if err := f.step(nat); err != nil {
			return err
		}
		if uint64(n) > maxRec[d] {
			return f.errf(nat, "v2 B-tree node claims %d records, at most %d fit", n, maxRec[d])
		}
		b, err := f.read(addr, nodeSize)
		if err != nil {
			return err
		}
		c := f.cursor(b, nat, "v2 B-tree node")
		want := "BTLF"
		if d > 0 {
			want = "BTIN"
		}
		if !c.sig(want) {
			return f.errf(nat, "v2 B-tree node has no %s signature", want)
		}
		c.skip(2) // version, type
		recs := c.bytes(n * recSize)
		if err := c.err(); err != nil {
			return err
		}
		if d == 0 {
			for i := 0; i < n; i++ {
				if err := fn(recs[i*recSize:(i+1)*recSize], nat+6+int64(i*recSize)); err != nil {
					return err
				}
			}
			return nil
		}
		type ptr struct {
			addr uint64
			n    int
		}
		ptrs := make([]ptr, n+1)
		for i := range ptrs {
			ptrs[i].addr = c.addr()
			ptrs[i].n = int(c.uN(maxNrecSize))
			if d > 1 {
				c.uN(cumSize[d-1])
			}
		}
		if err := c.err(); err != nil {
			return err
		}
		for i := 0; i <= n; i++ {
			if err := walk(ptrs[i].addr, ptrs[i].n, d-1); err != nil {
				return err
			}
			if i < n {
				if err := fn(recs[i*recSize:(i+1)*recSize], nat+6+int64(i*recSize)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(root, rootN, depth)
}

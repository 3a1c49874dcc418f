// Package hdf5 is a focused, read-only HDF5 reader for the metadata Keras
// files keep: groups, attributes, and the shapes and types of datasets. It
// never reads dataset data.
//
// It reads superblock versions 0–3; object headers v1 and v2 with
// continuation blocks; old-style groups (symbol table: B-tree v1 + local
// heap + symbol nodes) and new-style groups (compact link messages, or
// dense links in a fractal heap indexed by a v2 B-tree); compact and dense
// attributes; fixed- and variable-length strings (global heap), arrays,
// integer, float, enum and opaque types; dataspace, datatype and layout
// messages (contiguous, chunked, compact, virtual: class and shape only).
//
// Every address is bounds-checked against the file size, every structure
// walk detects cycles, and sizes and step counts are capped (Limits): a
// hostile or truncated file gives a *FormatError, never a panic, an
// unbounded allocation or an unbounded loop. It imports only the standard
// library.
package hdf5

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Signature is the 8-byte HDF5 file signature.
const Signature = "\x89HDF\r\n\x1a\n"

// undef is the undefined address (all bits set).
const undef = ^uint64(0)

// Limits bound the work and memory one File may use.
type Limits struct {
	// MaxRead is the largest single metadata read (object header chunk,
	// heap block, B-tree node, attribute value), in bytes.
	MaxRead int
	// MaxAttrBytes bounds the decoded attribute values (strings included)
	// over the file's lifetime.
	MaxAttrBytes int64
	// MaxSteps bounds structure nodes visited (object headers, B-tree
	// nodes, heap blocks, links, attributes) over the file's lifetime.
	MaxSteps int
	// MaxDepth bounds nesting (B-tree levels, heap levels, datatypes,
	// continuation chains).
	MaxDepth int
}

// DefaultLimits are generous for real Keras files and still bounded.
var DefaultLimits = Limits{
	MaxRead:      64 << 20,
	MaxAttrBytes: 512 << 20,
	MaxSteps:     4 << 20,
	MaxDepth:     64,
}

// FormatError says what is wrong with the file and where.
type FormatError struct {
	Offset int64  // absolute file offset of the structure, or -1
	Path   string // object path, if known
	Msg    string
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("hdf5: ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " (at byte %d)", e.Offset)
	}
	return b.String()
}

// ErrNotHDF5 is returned by Open when no superblock is found.
var ErrNotHDF5 = errors.New("hdf5: no HDF5 signature at offset 0, 512, 1024, 2048, ...")

// File is an open HDF5 file. It is not safe for concurrent use.
type File struct {
	r        io.ReaderAt
	size     int64
	base     uint64 // absolute offset addresses are relative to
	sbOffset int64
	version  int // superblock version
	offSize  int // sizeof offsets
	lenSize  int // sizeof lengths
	rootAddr uint64
	lim      Limits

	steps      int
	attrBytes  int64
	headers    map[uint64]*header
	gheaps     map[uint64]*gcol
	gheapBytes int64
	fheaps     map[uint64]*fheap
	lheaps     map[uint64][]byte
	links      map[uint64][]Link
	linkCount  int
}

// Open reads the superblock of an HDF5 file of the given size.
func Open(r io.ReaderAt, size int64, lim Limits) (*File, error) {
	if lim.MaxRead <= 0 {
		lim = DefaultLimits
	}
	f := &File{r: r, size: size, lim: lim,
		headers: map[uint64]*header{}, gheaps: map[uint64]*gcol{},
		fheaps: map[uint64]*fheap{}, lheaps: map[uint64][]byte{}, links: map[uint64][]Link{}}
	off, err := FindSignature(r, size)
	if err != nil {
		return nil, err
	}
	f.sbOffset = off
	if err := f.readSuperblock(off); err != nil {
		return nil, err
	}
	return f, nil
}

// FindSignature returns the offset of the superblock: 0, 512, 1024, 2048
// and further powers of two.
func FindSignature(r io.ReaderAt, size int64) (int64, error) {
	var sig [8]byte
	for off := int64(0); off+8 <= size; {
		if _, err := r.ReadAt(sig[:], off); err != nil {
			return 0, ErrNotHDF5
		}
		if string(sig[:]) == Signature {
			return off, nil
		}
		if off == 0 {
			off = 512
		} else {
			off *= 2
		}
	}
	return 0, ErrNotHDF5
}

// HasSignature reports whether header (the first bytes of a file) holds the
// HDF5 signature at 0, 512, 1024 or 2048.
func HasSignature(header []byte) bool {
	for _, off := range []int{0, 512, 1024, 2048} {
		if len(header) >= off+8 && string(header[off:off+8]) == Signature {
			return true
		}
	}
	return false
}

// SuperblockVersion is the version of the file's superblock (0–3).
func (f *File) SuperblockVersion() int { return f.version }

func (f *File) errf(abs int64, format string, args ...any) error {
	return &FormatError{Offset: abs, Msg: fmt.Sprintf(format, args...)}
}

// abs turns a file address into an absolute offset, or -1.
func (f *File) abs(addr uint64) int64 {
	if addr == undef || addr > uint64(f.size) || f.base > uint64(f.size)-addr {
		return -1
	}
	return int64(f.base + addr)
}

// step counts one unit of work against MaxSteps.
func (f *File) step(abs int64) error {
	f.steps++
	if f.steps > f.lim.MaxSteps {
		return f.errf(abs, "too many structures visited (limit %d): the file is corrupt or cyclic", f.lim.MaxSteps)
	}
	return nil
}

// readAbs reads n bytes at an absolute offset.
func (f *File) readAbs(abs int64, n int) ([]byte, error) {
	if n < 0 || n > f.lim.MaxRead {
		return nil, f.errf(abs, "structure of %d bytes exceeds the %d-byte read limit", n, f.lim.MaxRead)
	}
	if abs < 0 || abs > f.size || int64(n) > f.size-abs {
		return nil, f.errf(abs, "structure of %d bytes runs past the end of the file (%d bytes): truncated or corrupt file", n, f.size)
	}
	b := make([]byte, n)
	if n == 0 {
		return b, nil
	}
	if _, err := f.r.ReadAt(b, abs); err != nil && !(err == io.EOF && abs+int64(n) == f.size) {
		return nil, f.errf(abs, "read: %v", err)
	}
	return b, nil
}

// read reads n bytes at file address addr.
func (f *File) read(addr uint64, n int) ([]byte, error) {
	if addr == undef {
		return nil, f.errf(-1, "undefined address")
	}
	abs := f.abs(addr)
	if abs < 0 {
		return nil, f.errf(-1, "address %d is outside the file (%d bytes)", addr, f.size)
	}
	return f.readAbs(abs, n)
}

// readUpTo reads at most n bytes at addr, fewer at the end of the file.
func (f *File) readUpTo(addr uint64, n int) ([]byte, error) {
	abs := f.abs(addr)
	if abs < 0 {
		return nil, f.errf(-1, "address %d is outside the file (%d bytes)", addr, f.size)
	}
	if rem := f.size - abs; int64(n) > rem {
		n = int(rem)
	}
	return f.readAbs(abs, n)
}

// cursor decodes little-endian fields from a buffer; the first overrun
// sticks as an error and later reads return zeros.
type cursor struct {
	b       []byte
	p       int
	f       *File
	at      int64 // absolute offset of b[0], for messages
	what    string
	overrun bool
}

func (f *File) cursor(b []byte, at int64, what string) *cursor {
	return &cursor{b: b, f: f, at: at, what: what}
}

func (c *cursor) need(n int) bool {
	if c.overrun || n < 0 || n > len(c.b)-c.p {
		c.overrun = true
		return false
	}
	return true
}

func (c *cursor) err() error {
	if c.overrun {
		return c.f.errf(c.at, "%s is truncated or has inconsistent sizes", c.what)
	}
	return nil
}

func (c *cursor) u8() uint8 {
	if !c.need(1) {
		return 0
	}
	v := c.b[c.p]
	c.p++
	return v
}

func (c *cursor) u16() uint16 {
	if !c.need(2) {
		return 0
	}
	v := binary.LittleEndian.Uint16(c.b[c.p:])
	c.p += 2
	return v
}

func (c *cursor) u32() uint32 {
	if !c.need(4) {
		return 0
	}
	v := binary.LittleEndian.Uint32(c.b[c.p:])
	c.p += 4
	return v
}

// uN reads an n-byte unsigned integer (n <= 8).
func (c *cursor) uN(n int) uint64 {
	if n > 8 || !c.need(n) {
		c.overrun = true
		return 0
	}
	var v uint64
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(c.b[c.p+i])
	}
	c.p += n
	return v
}

// addr reads a file address; all ones is undef.
func (c *cursor) addr() uint64 {
	n := c.f.offSize
	v := c.uN(n)
	if n < 8 && v == (uint64(1)<<(8*n))-1 {
		return undef
	}
	return v
}

func (c *cursor) length() uint64 { return c.uN(c.f.lenSize) }

func (c *cursor) bytes(n int) []byte {
	if !c.need(n) {
		return nil
	}
	v := c.b[c.p : c.p+n]
	c.p += n
	return v
}

func (c *cursor) skip(n int) { c.need(n); c.p += min(n, len(c.b)-c.p) }

func (c *cursor) sig(s string) bool {
	b := c.bytes(len(s))
	return b != nil && string(b) == s
}

func (c *cursor) rest() []byte { return c.b[min(c.p, len(c.b)):] }

// align8 pads p to a multiple of 8 relative to base.
func align8(n int) int { return (n + 7) &^ 7 }

func (f *File) readSuperblock(off int64) error {
	b, err := f.readAbs(off, min(256, int(f.size-off)))
	if err != nil {
		return err
	}
	c := f.cursor(b, off, "superblock")
	c.skip(8)
	f.version = int(c.u8())
	switch f.version {
	case 0, 1:
		c.skip(3) // free space, root group symtab, reserved
		c.skip(1) // shared header version
		f.offSize = int(c.u8())
		f.lenSize = int(c.u8())
		c.skip(1)
		if err := f.checkSizes(off); err != nil {
			return err
		}
		c.skip(2 + 2 + 4) // leaf K, internal K, flags
		if f.version == 1 {
			c.skip(4)
		}
		f.base = c.addr()
		c.addr() // free space info
		c.addr() // end of file
		c.addr() // driver info
		// Root group symbol table entry.
		c.addr() // link name offset
		f.rootAddr = c.addr()
	case 2, 3:
		f.offSize = int(c.u8())
		f.lenSize = int(c.u8())
		if err := f.checkSizes(off); err != nil {
			return err
		}
		c.skip(1) // flags
		f.base = c.addr()
		c.addr() // superblock extension
		c.addr() // end of file
		f.rootAddr = c.addr()
	default:
		return f.errf(off, "unsupported superblock version %d", f.version)
	}
	if err := c.err(); err != nil {
		return err
	}
	if f.base == undef {
		f.base = 0
	}
	if f.base > uint64(f.size) {
		return f.errf(off, "base address %d is past the end of the file", f.base)
	}
	if f.abs(f.rootAddr) < 0 {
		return f.errf(off, "root group address %d is outside the file", f.rootAddr)
	}
	return nil
}

func (f *File) checkSizes(off int64) error {
	ok := func(n int) bool { return n == 2 || n == 4 || n == 8 }
	if !ok(f.offSize) || !ok(f.lenSize) {
		return f.errf(off, "unsupported sizes of offsets (%d) or lengths (%d)", f.offSize, f.lenSize)
	}
	return nil
}

// cstring returns b up to its first NUL.
func cstring(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// Package pickle reads Python pickles (protocols 0–5) without executing
// anything. Every GLOBAL, STACK_GLOBAL or INST the pickle names goes
// through a policy (Options.Find) that returns a Go stand-in for the few
// names it understands; any other name stops the load with a
// *RefusedError naming it. Calls (REDUCE, NEWOBJ, BUILD) reach only those
// stand-ins. Memory is bounded by the input size and Limits. The torch
// policy (Torch) understands what torch.save writes: tensors rebuilt from
// storages (persistent ids), parameters, OrderedDict, torch.Size, dtypes,
// and simple numpy scalars. It imports only the standard library.
package pickle

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits bound what one load may consume.
type Limits struct {
	// MaxBytes bounds the pickle stream; 0 means DefaultLimits.MaxBytes.
	MaxBytes int64
	// MaxDepth bounds nested MARKs; 0 means DefaultLimits.MaxDepth.
	MaxDepth int
	// MaxIntBytes bounds the size of one long integer.
	MaxIntBytes int
}

// DefaultLimits are generous for any real checkpoint: torch writes a few
// hundred bytes of pickle per tensor.
var DefaultLimits = Limits{MaxBytes: 256 << 20, MaxDepth: 10000, MaxIntBytes: 1024}

// Options choose what a load understands.
type Options struct {
	Limits Limits
	// Find resolves a global (module, name). It returns the stand-in to
	// push, or false to refuse the load. nil refuses every global.
	Find func(module, name string) (Value, bool)
	// PersistentLoad resolves a persistent id (PERSID, BINPERSID); nil
	// refuses them.
	PersistentLoad func(pid Value) (Value, error)
}

// Callable is a stand-in REDUCE may call.
type Callable interface {
	Call(args Tuple) (Value, error)
}

// Class is a stand-in NEWOBJ, NEWOBJ_EX, OBJ and INST may instantiate.
type Class interface {
	New(args Tuple, kwargs *Dict) (Value, error)
}

// Buildable is a value BUILD may set the state of.
type Buildable interface {
	SetState(state Value) error
}

// Func is a global with Go behaviour: Fn for REDUCE, NewFn for NEWOBJ.
type Func struct {
	Global
	Fn    func(args Tuple) (Value, error)
	NewFn func(args Tuple, kwargs *Dict) (Value, error)
}

// Call implements Callable.
func (f *Func) Call(args Tuple) (Value, error) {
	if f.Fn == nil {
		return nil, fmt.Errorf("%s cannot be called here", f.Global.String())
	}
	return f.Fn(args)
}

// New implements Class.
func (f *Func) New(args Tuple, kwargs *Dict) (Value, error) {
	if f.NewFn == nil {
		return nil, fmt.Errorf("%s cannot be instantiated here", f.Global.String())
	}
	return f.NewFn(args, kwargs)
}

// TypeName names the stand-in like Python would.
func (f *Func) TypeName() string { return f.Global.String() }

// HashKey lets globals be dict keys.
func (f *Func) HashKey() string { return "g" + f.Module + " " + f.Name }

// Error is a malformed pickle or a failed step, at a byte offset of the
// pickle stream.
type Error struct {
	Offset int64
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("pickle: %s at byte %d", e.Msg, e.Offset) }

// RefusedError is a pickle that asks for something the policy does not
// allow: a global it does not know (os.system, eval, a class), a call of a
// value that is not a known function, an extension code, an out-of-band
// buffer. Nothing was executed.
type RefusedError struct {
	Offset int64
	// Op is the opcode ("GLOBAL", "STACK_GLOBAL", "INST", "REDUCE", ...).
	Op string
	// Module and Name are set for a refused global.
	Module, Name string
	// What describes other refusals.
	What string
}

func (e *RefusedError) Error() string {
	if e.Name != "" || e.Module != "" {
		return fmt.Sprintf("refusing to load: pickle calls %s (%s '%s %s') at byte %d", PythonName(e.Module, e.Name), e.Op, e.Module, e.Name, e.Offset)
	}
	return fmt.Sprintf("refusing to load: pickle %s (%s) at byte %d", e.What, e.Op, e.Offset)
}

// PythonName is how a Python user would spell a global: posix.system is
// os.system, builtins.eval is eval.
func PythonName(module, name string) string {
	switch module {
	case "posix", "nt", "os":
		return "os." + name
	case "builtins", "__builtin__":
		return name
	}
	if module == "" {
		return name
	}
	return module + "." + name
}

// Load reads one pickle from data.
func Load(data []byte, opt Options) (Value, error) {
	v, _, err := LoadFrom(bytes.NewReader(data), opt)
	return v, err
}

// LoadFrom reads one pickle from r, stopping at its STOP opcode, and
// returns how many bytes it used (r may be read further ahead).
func LoadFrom(r io.Reader, opt Options) (Value, int64, error) {
	lim := opt.Limits
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = DefaultLimits.MaxBytes
	}
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = DefaultLimits.MaxDepth
	}
	if lim.MaxIntBytes <= 0 {
		lim.MaxIntBytes = DefaultLimits.MaxIntBytes
	}
	in, ok := r.(byteSource)
	if !ok {
		in = bufio.NewReaderSize(r, 64<<10)
	}
	m := &machine{in: in, opt: opt, lim: lim, memo: map[uint64]Value{}, left: -1}
	switch x := in.(type) {
	case *bytes.Reader:
		m.left = int64(x.Len())
	case *growReader:
		m.left = x.end - x.off
	}
	v, err := m.run()
	return v, m.pos, err
}

// LoadAt reads one pickle that starts at off in r and ends before
// off+limit, reading no further ahead than the pickle needs: chunks grow
// from 512 bytes, so what lies after a small pickle (tensor data in a
// legacy checkpoint) is barely touched. It returns the bytes used.
func LoadAt(r io.ReaderAt, off, limit int64, opt Options) (Value, int64, error) {
	return LoadFrom(&growReader{r: r, off: off, end: off + limit, next: 512}, opt)
}

// growReader reads r from off to end in growing chunks.
type growReader struct {
	r        io.ReaderAt
	off, end int64 // next read position, limit
	buf      []byte
	next     int
}

func (g *growReader) fill() error {
	if g.off >= g.end {
		return io.EOF
	}
	n := int64(g.next)
	if g.next < 1<<20 {
		g.next *= 2
	}
	n = min(n, g.end-g.off)
	b := make([]byte, n)
	k, err := g.r.ReadAt(b, g.off)
	g.off += int64(k)
	g.buf = b[:k]
	if k == 0 {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	return nil
}

func (g *growReader) ReadByte() (byte, error) {
	if len(g.buf) == 0 {
		if err := g.fill(); err != nil {
			return 0, err
		}
	}
	c := g.buf[0]
	g.buf = g.buf[1:]
	return c, nil
}

func (g *growReader) Read(p []byte) (int, error) {
	if len(g.buf) == 0 {
		if err := g.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

type byteSource interface {
	io.Reader
	io.ByteReader
}

var errMark = errors.New("mark")

// mark is the MARK sentinel on the stack.
type mark struct{}

type machine struct {
	in    byteSource
	pos   int64 // bytes consumed
	op    int64 // offset of the current opcode
	opt   Options
	lim   Limits
	stack []Value
	marks []int
	memo  map[uint64]Value
	proto int
	// left is how many bytes the input holds, -1 if unknown: a length
	// beyond it fails before anything is allocated.
	left int64
}

func (m *machine) errf(format string, args ...any) error {
	return &Error{Offset: m.op, Msg: fmt.Sprintf(format, args...)}
}

func (m *machine) refuse(op, what string) error {
	return &RefusedError{Offset: m.op, Op: op, What: what}
}

func (m *machine) readByte() (byte, error) {
	if m.pos >= m.lim.MaxBytes {
		return 0, m.errf("pickle longer than %d bytes", m.lim.MaxBytes)
	}
	c, err := m.in.ReadByte()
	if err != nil {
		return 0, &Error{Offset: m.pos, Msg: "truncated pickle (no STOP)"}
	}
	m.pos++
	return c, nil
}

// read reads n bytes, refusing lengths beyond the limit or the remaining
// input before allocating, and growing the buffer in steps otherwise, so a
// lying length costs little.
func (m *machine) read(n uint64) ([]byte, error) {
	if n > uint64(m.lim.MaxBytes-m.pos) {
		return nil, m.errf("length %d runs past the %d-byte limit", n, m.lim.MaxBytes)
	}
	if m.left >= 0 && n > uint64(m.left-m.pos) {
		return nil, m.errf("truncated pickle: %d bytes announced, %d left", n, m.left-m.pos)
	}
	out := make([]byte, 0, min(n, 1<<20))
	for uint64(len(out)) < n {
		k := min(n-uint64(len(out)), 1<<20)
		start := len(out)
		out = append(out, make([]byte, k)...)
		got, err := io.ReadFull(m.in, out[start:])
		m.pos += int64(got)
		if err != nil {
			return nil, m.errf("truncated pickle: %d bytes announced, %d left", n, start+got)
		}
	}
	return out, nil
}

func (m *machine) readLine() (string, error) {
	var b []byte
	for {
		c, err := m.readByte()
		if err != nil {
			return "", err
		}
		if c == '\n' {
			break
		}
		b = append(b, c)
	}
	return strings.TrimSuffix(string(b), "\r"), nil
}

func (m *machine) uint(n int) (uint64, error) {
	b, err := m.read(uint64(n))
	if err != nil {
		return 0, err
	}
	var v uint64
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v, nil
}

func (m *machine) push(v Value) { m.stack = append(m.stack, v) }

func (m *machine) pop() (Value, error) {
	if len(m.stack) == 0 || (len(m.marks) > 0 && len(m.stack) <= m.marks[len(m.marks)-1]) {
		return nil, m.errf("stack underflow")
	}
	v := m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	return v, nil
}

func (m *machine) top() (Value, error) {
	if len(m.stack) == 0 || (len(m.marks) > 0 && len(m.stack) <= m.marks[len(m.marks)-1]) {
		return nil, m.errf("stack underflow")
	}
	return m.stack[len(m.stack)-1], nil
}

// popMark pops everything above the last MARK.
func (m *machine) popMark() ([]Value, error) {
	if len(m.marks) == 0 {
		return nil, m.errf("no MARK on the stack")
	}
	k := m.marks[len(m.marks)-1]
	m.marks = m.marks[:len(m.marks)-1]
	items := append([]Value(nil), m.stack[k:]...)
	m.stack = m.stack[:k]
	return items, nil
}

func (m *machine) find(op, module, name string) error {
	if m.opt.Find != nil {
		if v, ok := m.opt.Find(module, name); ok {
			m.push(v)
			return nil
		}
	}
	return &RefusedError{Offset: m.op, Op: op, Module: module, Name: name}
}

func (m *machine) memoPut(i uint64) error {
	v, err := m.top()
	if err != nil {
		return err
	}
	if _, isMark := v.(mark); isMark {
		return m.errf("memoizing a MARK")
	}
	m.memo[i] = v
	return nil
}

func (m *machine) memoGet(i uint64) error {
	v, ok := m.memo[i]
	if !ok {
		return m.errf("memo key %d not found", i)
	}
	m.push(v)
	return nil
}

func (m *machine) call(op string, fn Value, args Tuple) error {
	c, ok := fn.(Callable)
	if !ok {
		return m.refuse(op, "calls a "+TypeName(fn)+", which is not a known function")
	}
	v, err := c.Call(args)
	if err != nil {
		return m.wrap(err)
	}
	m.push(v)
	return nil
}

func (m *machine) instantiate(op string, cls Value, args Tuple, kwargs *Dict) error {
	c, ok := cls.(Class)
	if !ok {
		return m.refuse(op, "instantiates a "+TypeName(cls)+", which is not a known class")
	}
	v, err := c.New(args, kwargs)
	if err != nil {
		return m.wrap(err)
	}
	m.push(v)
	return nil
}

// wrap places a stand-in's error at the current opcode, keeping refusals.
func (m *machine) wrap(err error) error {
	var re *RefusedError
	if errors.As(err, &re) {
		if re.Offset == 0 {
			re.Offset = m.op
		}
		return re
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	return &Error{Offset: m.op, Msg: err.Error()}
}

func asTuple(v Value) (Tuple, bool) {
	switch x := v.(type) {
	case Tuple:
		return x, true
	case *List:
		return Tuple(x.Items), true
	}
	return nil, false
}

func (m *machine) run() (Value, error) {
	for {
		m.op = m.pos
		c, err := m.readByte()
		if err != nil {
			return nil, err
		}
		if err := m.step(c); err != nil {
			if err == errStop {
				v, err := m.pop()
				if err != nil {
					return nil, err
				}
				if _, isMark := v.(mark); isMark {
					return nil, m.errf("STOP with a MARK on top")
				}
				return v, nil
			}
			return nil, err
		}
	}
}

var errStop = errors.New("stop")

// Opcodes, as in CPython's Lib/pickle.py.
const (
	opMARK            = '('
	opSTOP            = '.'
	opPOP             = '0'
	opPOP_MARK        = '1'
	opDUP             = '2'
	opFLOAT           = 'F'
	opINT             = 'I'
	opBININT          = 'J'
	opBININT1         = 'K'
	opLONG            = 'L'
	opBININT2         = 'M'
	opNONE            = 'N'
	opPERSID          = 'P'
	opBINPERSID       = 'Q'
	opREDUCE          = 'R'
	opSTRING          = 'S'
	opBINSTRING       = 'T'
	opSHORT_BINSTRING = 'U'
	opUNICODE         = 'V'
	opBINUNICODE      = 'X'
	opAPPEND          = 'a'
	opBUILD           = 'b'
	opGLOBAL          = 'c'
	opDICT            = 'd'
	opEMPTY_DICT      = '}'
	opAPPENDS         = 'e'
	opGET             = 'g'
	opBINGET          = 'h'
	opINST            = 'i'
	opLONG_BINGET     = 'j'
	opLIST            = 'l'
	opEMPTY_LIST      = ']'
	opOBJ             = 'o'
	opPUT             = 'p'
	opBINPUT          = 'q'
	opLONG_BINPUT     = 'r'
	opSETITEM         = 's'
	opTUPLE           = 't'
	opEMPTY_TUPLE     = ')'
	opSETITEMS        = 'u'
	opBINFLOAT        = 'G'

	opPROTO    = 0x80
	opNEWOBJ   = 0x81
	opEXT1     = 0x82
	opEXT2     = 0x83
	opEXT4     = 0x84
	opTUPLE1   = 0x85
	opTUPLE2   = 0x86
	opTUPLE3   = 0x87
	opNEWTRUE  = 0x88
	opNEWFALSE = 0x89
	opLONG1    = 0x8a
	opLONG4    = 0x8b

	opBINBYTES       = 'B'
	opSHORT_BINBYTES = 'C'

	opSHORT_BINUNICODE = 0x8c
	opBINUNICODE8      = 0x8d
	opBINBYTES8        = 0x8e
	opEMPTY_SET        = 0x8f
	opADDITEMS         = 0x90
	opFROZENSET        = 0x91
	opNEWOBJ_EX        = 0x92
	opSTACK_GLOBAL     = 0x93
	opMEMOIZE          = 0x94
	opFRAME            = 0x95

	opBYTEARRAY8      = 0x96
	opNEXT_BUFFER     = 0x97
	opREADONLY_BUFFER = 0x98
)

func (m *machine) step(c byte) error {
	switch c {
	case opPROTO:
		b, err := m.readByte()
		if err != nil {
			return err
		}
		if b > 5 {
			return m.errf("unsupported pickle protocol %d", b)
		}
		m.proto = int(b)
	case opFRAME:
		if _, err := m.uint(8); err != nil {
			return err
		}
	case opSTOP:
		return errStop
	case opMARK:
		if len(m.marks) >= m.lim.MaxDepth {
			return m.errf("nested more than %d levels", m.lim.MaxDepth)
		}
		m.marks = append(m.marks, len(m.stack))
	case opPOP:
		if len(m.stack) > 0 && (len(m.marks) == 0 || len(m.stack) > m.marks[len(m.marks)-1]) {
			m.stack = m.stack[:len(m.stack)-1]
		} else if _, err := m.popMark(); err != nil {
			return err
		}
	case opPOP_MARK:
		if _, err := m.popMark(); err != nil {
			return err
		}
	case opDUP:
		v, err := m.top()
		if err != nil {
			return err
		}
		m.push(v)

	// Scalars.
	case opNONE:
		m.push(None{})
	case opNEWTRUE:
		m.push(true)
	case opNEWFALSE:
		m.push(false)
	case opINT:
		s, err := m.readLine()
		if err != nil {
			return err
		}
		switch s {
		case "00":
			m.push(false)
		case "01":
			m.push(true)
		default:
			v, err := m.parseInt(s)
			if err != nil {
				return err
			}
			m.push(v)
		}
	case opLONG:
		s, err := m.readLine()
		if err != nil {
			return err
		}
		v, err := m.parseInt(strings.TrimSuffix(s, "L"))
		if err != nil {
			return err
		}
		m.push(v)
	case opBININT:
		v, err := m.uint(4)
		if err != nil {
			return err
		}
		m.push(int64(int32(uint32(v))))
	case opBININT1:
		v, err := m.uint(1)
		if err != nil {
			return err
		}
		m.push(int64(v))
	case opBININT2:
		v, err := m.uint(2)
		if err != nil {
			return err
		}
		m.push(int64(v))
	case opLONG1, opLONG4:
		size := 1
		if c == opLONG4 {
			size = 4
		}
		n, err := m.uint(size)
		if err != nil {
			return err
		}
		if c == opLONG4 && int32(uint32(n)) < 0 {
			return m.errf("negative LONG4 length")
		}
		if n > uint64(m.lim.MaxIntBytes) {
			return m.errf("integer of %d bytes (limit %d)", n, m.lim.MaxIntBytes)
		}
		b, err := m.read(n)
		if err != nil {
			return err
		}
		m.push(decodeLong(b))
	case opFLOAT:
		s, err := m.readLine()
		if err != nil {
			return err
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return m.errf("bad FLOAT %q", s)
		}
		m.push(f)
	case opBINFLOAT:
		b, err := m.read(8)
		if err != nil {
			return err
		}
		m.push(math.Float64frombits(binary.BigEndian.Uint64(b)))

	// Strings and bytes.
	case opSTRING:
		s, err := m.readLine()
		if err != nil {
			return err
		}
		b, err := unquoteString(s)
		if err != nil {
			return m.errf("bad STRING: %v", err)
		}
		m.push(m.py2str(b))
	case opBINSTRING:
		n, err := m.uint(4)
		if err != nil {
			return err
		}
		if int32(uint32(n)) < 0 {
			return m.errf("negative BINSTRING length")
		}
		b, err := m.read(n)
		if err != nil {
			return err
		}
		m.push(m.py2str(b))
	case opSHORT_BINSTRING:
		n, err := m.uint(1)
		if err != nil {
			return err
		}
		b, err := m.read(n)
		if err != nil {
			return err
		}
		m.push(m.py2str(b))
	case opUNICODE:
		s, err := m.readLine()
		if err != nil {
			return err
		}
		u, err := rawUnicodeEscape(s)
		if err != nil {
			return m.errf("bad UNICODE: %v", err)
		}
		m.push(u)
	case opSHORT_BINUNICODE, opBINUNICODE, opBINUNICODE8:
		size := map[byte]int{opSHORT_BINUNICODE: 1, opBINUNICODE: 4, opBINUNICODE8: 8}[c]
		n, err := m.uint(size)
		if err != nil {
			return err
		}
		b, err := m.read(n)
		if err != nil {
			return err
		}
		if !utf8.Valid(b) {
			// Python's surrogatepass can produce strings Go cannot hold;
			// keep the bytes readable.
			b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
		}
		m.push(string(b))
	case opSHORT_BINBYTES, opBINBYTES, opBINBYTES8, opBYTEARRAY8:
		size := map[byte]int{opSHORT_BINBYTES: 1, opBINBYTES: 4, opBINBYTES8: 8, opBYTEARRAY8: 8}[c]
		n, err := m.uint(size)
		if err != nil {
			return err
		}
		b, err := m.read(n)
		if err != nil {
			return err
		}
		m.push(b)
	case opNEXT_BUFFER:
		return m.refuse("NEXT_BUFFER", "uses an out-of-band buffer")
	case opREADONLY_BUFFER:
		if _, err := m.top(); err != nil {
			return err
		}

	// Containers.
	case opEMPTY_TUPLE:
		m.push(Tuple{})
	case opTUPLE1, opTUPLE2, opTUPLE3:
		n := int(c-opTUPLE1) + 1
		if len(m.stack) < n || (len(m.marks) > 0 && len(m.stack)-n < m.marks[len(m.marks)-1]) {
			return m.errf("stack underflow")
		}
		t := append(Tuple(nil), m.stack[len(m.stack)-n:]...)
		m.stack = m.stack[:len(m.stack)-n]
		m.push(t)
	case opTUPLE:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		m.push(Tuple(items))
	case opEMPTY_LIST:
		m.push(&List{})
	case opLIST:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		m.push(&List{Items: items})
	case opAPPEND, opAPPENDS:
		var items []Value
		if c == opAPPEND {
			v, err := m.pop()
			if err != nil {
				return err
			}
			items = []Value{v}
		} else {
			var err error
			if items, err = m.popMark(); err != nil {
				return err
			}
		}
		t, err := m.top()
		if err != nil {
			return err
		}
		l, ok := t.(*List)
		if !ok {
			return m.refuse("APPEND", "appends to a "+TypeName(t))
		}
		l.Items = append(l.Items, items...)
	case opEMPTY_DICT:
		m.push(NewDict())
	case opDICT:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		d := NewDict()
		if err := m.setItems(d, items); err != nil {
			return err
		}
		m.push(d)
	case opSETITEM, opSETITEMS:
		var items []Value
		if c == opSETITEM {
			v, err := m.pop()
			if err != nil {
				return err
			}
			k, err := m.pop()
			if err != nil {
				return err
			}
			items = []Value{k, v}
		} else {
			var err error
			if items, err = m.popMark(); err != nil {
				return err
			}
		}
		t, err := m.top()
		if err != nil {
			return err
		}
		d, ok := t.(*Dict)
		if !ok {
			return m.refuse("SETITEM", "sets items of a "+TypeName(t))
		}
		if err := m.setItems(d, items); err != nil {
			return err
		}
	case opEMPTY_SET:
		m.push(&Set{})
	case opADDITEMS:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		t, err := m.top()
		if err != nil {
			return err
		}
		s, ok := t.(*Set)
		if !ok || s.Frozen {
			return m.refuse("ADDITEMS", "adds items to a "+TypeName(t))
		}
		s.Items = append(s.Items, items...)
	case opFROZENSET:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		m.push(&Set{Items: items, Frozen: true})

	// Memo.
	case opPUT:
		s, err := m.readLine()
		if err != nil {
			return err
		}
		i, err := strconv.ParseUint(s, 10, 63)
		if err != nil {
			return m.errf("bad PUT index %q", s)
		}
		return m.memoPut(i)
	case opBINPUT:
		i, err := m.uint(1)
		if err != nil {
			return err
		}
		return m.memoPut(i)
	case opLONG_BINPUT:
		i, err := m.uint(4)
		if err != nil {
			return err
		}
		return m.memoPut(i)
	case opMEMOIZE:
		return m.memoPut(uint64(len(m.memo)))
	case opGET:
		s, err := m.readLine()
		if err != nil {
			return err
		}
		i, err := strconv.ParseUint(s, 10, 63)
		if err != nil {
			return m.errf("bad GET index %q", s)
		}
		return m.memoGet(i)
	case opBINGET:
		i, err := m.uint(1)
		if err != nil {
			return err
		}
		return m.memoGet(i)
	case opLONG_BINGET:
		i, err := m.uint(4)
		if err != nil {
			return err
		}
		return m.memoGet(i)

	// Globals, calls, objects.
	case opGLOBAL:
		mod, err := m.readLine()
		if err != nil {
			return err
		}
		name, err := m.readLine()
		if err != nil {
			return err
		}
		return m.find("GLOBAL", mod, name)
	case opSTACK_GLOBAL:
		nv, err := m.pop()
		if err != nil {
			return err
		}
		mv, err := m.pop()
		if err != nil {
			return err
		}
		mod, ok1 := mv.(string)
		name, ok2 := nv.(string)
		if !ok1 || !ok2 {
			return m.errf("STACK_GLOBAL needs two strings, got %s and %s", TypeName(mv), TypeName(nv))
		}
		return m.find("STACK_GLOBAL", mod, name)
	case opINST:
		mod, err := m.readLine()
		if err != nil {
			return err
		}
		name, err := m.readLine()
		if err != nil {
			return err
		}
		args, err := m.popMark()
		if err != nil {
			return err
		}
		if err := m.find("INST", mod, name); err != nil {
			return err
		}
		cls, _ := m.pop()
		return m.instantiate("INST", cls, Tuple(args), nil)
	case opOBJ:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return m.errf("OBJ without a class")
		}
		return m.instantiate("OBJ", items[0], Tuple(items[1:]), nil)
	case opREDUCE:
		av, err := m.pop()
		if err != nil {
			return err
		}
		fn, err := m.pop()
		if err != nil {
			return err
		}
		args, ok := asTuple(av)
		if !ok {
			return m.errf("REDUCE arguments are a %s, not a tuple", TypeName(av))
		}
		return m.call("REDUCE", fn, args)
	case opNEWOBJ:
		av, err := m.pop()
		if err != nil {
			return err
		}
		cls, err := m.pop()
		if err != nil {
			return err
		}
		args, ok := asTuple(av)
		if !ok {
			return m.errf("NEWOBJ arguments are a %s, not a tuple", TypeName(av))
		}
		return m.instantiate("NEWOBJ", cls, args, nil)
	case opNEWOBJ_EX:
		kv, err := m.pop()
		if err != nil {
			return err
		}
		av, err := m.pop()
		if err != nil {
			return err
		}
		cls, err := m.pop()
		if err != nil {
			return err
		}
		args, ok := asTuple(av)
		kw, ok2 := kv.(*Dict)
		if !ok || !ok2 {
			return m.errf("NEWOBJ_EX needs a tuple and a dict")
		}
		return m.instantiate("NEWOBJ_EX", cls, args, kw)
	case opBUILD:
		state, err := m.pop()
		if err != nil {
			return err
		}
		inst, err := m.top()
		if err != nil {
			return err
		}
		switch x := inst.(type) {
		case *Dict:
			d, ok := state.(*Dict)
			if !ok {
				return m.refuse("BUILD", "sets the state of a dict to a "+TypeName(state))
			}
			if x.Attrs == nil {
				x.Attrs = NewDict()
			}
			for i, k := range d.Keys {
				if err := x.Attrs.Set(k, d.Values[i]); err != nil {
					return m.wrap(err)
				}
			}
		case Buildable:
			if err := x.SetState(state); err != nil {
				return m.wrap(err)
			}
		default:
			return m.refuse("BUILD", "sets the state of a "+TypeName(inst))
		}
	case opPERSID, opBINPERSID:
		var pid Value
		if c == opPERSID {
			s, err := m.readLine()
			if err != nil {
				return err
			}
			pid = s
		} else {
			v, err := m.pop()
			if err != nil {
				return err
			}
			pid = v
		}
		if m.opt.PersistentLoad == nil {
			return m.refuse("PERSID", "refers to an external object through a persistent id")
		}
		v, err := m.opt.PersistentLoad(pid)
		if err != nil {
			return m.wrap(err)
		}
		m.push(v)
	case opEXT1, opEXT2, opEXT4:
		size := map[byte]int{opEXT1: 1, opEXT2: 2, opEXT4: 4}[c]
		code, err := m.uint(size)
		if err != nil {
			return err
		}
		return m.refuse("EXT", fmt.Sprintf("uses extension code %d of the copyreg registry", code))
	default:
		return m.errf("unknown opcode 0x%02x", c)
	}
	return nil
}

func (m *machine) setItems(d *Dict, items []Value) error {
	if len(items)%2 != 0 {
		return m.errf("odd number of items for a dict")
	}
	for i := 0; i < len(items); i += 2 {
		if err := d.Set(items[i], items[i+1]); err != nil {
			return m.errf("%v", err)
		}
	}
	return nil
}

// py2str is a Python 2 str: text when it is valid UTF-8 (what torch's
// loaders get with the default encoding), else bytes.
func (m *machine) py2str(b []byte) Value {
	if utf8.Valid(b) {
		return string(b)
	}
	return b
}

func (m *machine) parseInt(s string) (Value, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	if len(s) > m.lim.MaxIntBytes*3 {
		return nil, m.errf("integer of %d digits", len(s))
	}
	z, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, m.errf("bad integer %q", s)
	}
	return z, nil
}

// decodeLong is pickle's little-endian two's-complement integer.
func decodeLong(b []byte) Value {
	if len(b) == 0 {
		return int64(0)
	}
	if len(b) <= 8 {
		var v uint64
		for i := len(b) - 1; i >= 0; i-- {
			v = v<<8 | uint64(b[i])
		}
		shift := uint(64 - 8*len(b))
		return int64(v<<shift) >> shift
	}
	be := make([]byte, len(b))
	for i := range b {
		be[len(b)-1-i] = b[i]
	}
	z := new(big.Int).SetBytes(be)
	if b[len(b)-1]&0x80 != 0 {
		z.Sub(z, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	if z.IsInt64() {
		return z.Int64()
	}
	return z
}

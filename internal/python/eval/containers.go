package eval

import (
	"fmt"
	"strings"
)

// ---- list ----

// List is a Python list.
type List struct {
	elems []Value
}

// NewList returns a list holding elems (not copied).
func NewList(elems []Value) *List { return &List{elems: elems} }

func (l *List) String() string { return Repr(l) }
func (*List) Type() string     { return "list" }
func (l *List) Len() int       { return len(l.elems) }

// Elems returns the list's elements; callers must not keep the slice
// across calls that may modify the list.
func (l *List) Elems() []Value { return l.elems }

// Append adds v at the end.
func (l *List) Append(v Value) { l.elems = append(l.elems, v) }

// ---- dict and set ----

type entry struct {
	key, value Value
	hash       uint64
	next       int32 // next entry with the same hash, or -1
	deleted    bool
}

// hashtable is an insertion-ordered hash table.
type hashtable struct {
	entries []entry
	index   map[uint64]int32 // hash -> first entry; nil while small
	live    int
}

const smallTable = 8

func (h *hashtable) find(th *Thread, key Value, hash uint64) (int, error) {
	if h.index == nil {
		for i := range h.entries {
			e := &h.entries[i]
			if e.hash == hash && !e.deleted {
				if eq, err := keysEqual(th, e.key, key); err != nil {
					return -1, err
				} else if eq {
					return i, nil
				}
			}
		}
		return -1, nil
	}
	i, ok := h.index[hash]
	if !ok {
		return -1, nil
	}
	for ; i >= 0; i = h.entries[i].next {
		e := &h.entries[i]
		if !e.deleted {
			if eq, err := keysEqual(th, e.key, key); err != nil {
				return -1, err
			} else if eq {
				return int(i), nil
			}
		}
	}
	return -1, nil
}

func (h *hashtable) lookup(th *Thread, key Value) (int, uint64, error) {
	hash, err := Hash(th, key)
	if err != nil {
		return -1, 0, err
	}
	i, err := h.find(th, key, hash)
	return i, hash, err
}

func (h *hashtable) insert(th *Thread, key, value Value) error {
	i, hash, err := h.lookup(th, key)
	if err != nil {
		return err
	}
	if i >= 0 {
		h.entries[i].value = value
		return nil
	}
	if th != nil {
		if err := th.alloc(4); err != nil {
			return err
		}
	}
	h.add(key, value, hash)
	return nil
}

func (h *hashtable) add(key, value Value, hash uint64) {
	n := int32(len(h.entries))
	h.entries = append(h.entries, entry{key: key, value: value, hash: hash, next: -1})
	h.live++
	if h.index != nil {
		h.link(n)
	} else if len(h.entries) > smallTable {
		h.rebuild()
	}
}

func (h *hashtable) link(n int32) {
	hash := h.entries[n].hash
	if first, ok := h.index[hash]; ok {
		// append at the end of the chain to keep order irrelevant but stable
		i := first
		for h.entries[i].next >= 0 {
			i = h.entries[i].next
		}
		h.entries[i].next = n
	} else {
		h.index[hash] = n
	}
}

func (h *hashtable) rebuild() {
	if h.live != len(h.entries) {
		kept := h.entries[:0]
		for _, e := range h.entries {
			if !e.deleted {
				kept = append(kept, e)
			}
		}
		for i := len(kept); i < len(h.entries); i++ {
			h.entries[i] = entry{}
		}
		h.entries = kept
	}
	if len(h.entries) <= smallTable {
		h.index = nil
		for i := range h.entries {
			h.entries[i].next = -1
		}
		return
	}
	h.index = make(map[uint64]int32, len(h.entries))
	for i := range h.entries {
		h.entries[i].next = -1
	}
	for i := range h.entries {
		h.link(int32(i))
	}
}

func (h *hashtable) remove(i int) {
	h.entries[i].deleted = true
	h.entries[i].key, h.entries[i].value = nil, nil
	h.live--
	if h.live == 0 {
		h.entries = h.entries[:0]
		h.index = nil
		return
	}
	if h.live*2 < len(h.entries) || h.index == nil {
		h.rebuild()
	}
	// otherwise the deleted entry stays in its chain and is skipped
}

func (h *hashtable) clear() {
	h.entries, h.index, h.live = nil, nil, 0
}

// Dict is an insertion-ordered Python dict.
type Dict struct {
	ht     hashtable
	frozen string // non-empty: why the dict cannot be modified
}

// NewDict returns an empty dict.
func NewDict() *Dict { return &Dict{} }

func (d *Dict) String() string { return Repr(d) }
func (*Dict) Type() string     { return "dict" }
func (d *Dict) Len() int       { return d.ht.live }

// Get returns d[key].
func (d *Dict) Get(th *Thread, key Value) (Value, bool, error) {
	i, _, err := d.ht.lookup(th, key)
	if err != nil || i < 0 {
		return nil, false, err
	}
	return d.ht.entries[i].value, true, nil
}

// GetString returns d[key] for a string key.
func (d *Dict) GetString(key string) (Value, bool) {
	v, ok, _ := d.Get(nil, String(key))
	return v, ok
}

// Set sets d[key] = v.
func (d *Dict) Set(th *Thread, key, v Value) error {
	if d.frozen != "" {
		return NewError(TypeError, "%s", d.frozen)
	}
	return d.ht.insert(th, key, v)
}

// SetString sets d[key] = v for a string key.
func (d *Dict) SetString(key string, v Value) { _ = d.ht.insert(nil, String(key), v) }

// Delete removes key, reporting whether it was present.
func (d *Dict) Delete(th *Thread, key Value) (bool, error) {
	if d.frozen != "" {
		return false, NewError(TypeError, "%s", d.frozen)
	}
	i, _, err := d.ht.lookup(th, key)
	if err != nil || i < 0 {
		return false, err
	}
	d.ht.remove(i)
	return true, nil
}

// Items returns the key/value pairs in insertion order.
func (d *Dict) Items() []Tuple {
	out := make([]Tuple, 0, d.ht.live)
	for _, e := range d.ht.entries {
		if !e.deleted {
			out = append(out, Tuple{e.key, e.value})
		}
	}
	return out
}

// Keys returns the keys in insertion order.
func (d *Dict) Keys() []Value {
	out := make([]Value, 0, d.ht.live)
	for _, e := range d.ht.entries {
		if !e.deleted {
			out = append(out, e.key)
		}
	}
	return out
}

func (d *Dict) values() []Value {
	out := make([]Value, 0, d.ht.live)
	for _, e := range d.ht.entries {
		if !e.deleted {
			out = append(out, e.value)
		}
	}
	return out
}

// Set is a Python set (insertion-ordered here, so runs are deterministic).
type Set struct {
	ht     hashtable
	frozen bool
}

// NewSet returns an empty set.
func NewSet() *Set { return &Set{} }

func (s *Set) String() string { return Repr(s) }
func (s *Set) Type() string {
	if s.frozen {
		return "frozenset"
	}
	return "set"
}
func (s *Set) Len() int { return s.ht.live }

// Add adds v to the set.
func (s *Set) Add(th *Thread, v Value) error { return s.ht.insert(th, v, nil) }

// Has reports whether v is in the set.
func (s *Set) Has(th *Thread, v Value) (bool, error) {
	i, _, err := s.ht.lookup(th, v)
	return i >= 0, err
}

// Elems returns the elements in insertion order.
func (s *Set) Elems() []Value {
	out := make([]Value, 0, s.ht.live)
	for _, e := range s.ht.entries {
		if !e.deleted {
			out = append(out, e.key)
		}
	}
	return out
}

// ---- range ----

// Range is a Python range (xrange in Python 2).
type Range struct {
	Start, Stop, Step int64
}

func (r *Range) String() string {
	if r.Step == 1 {
		return fmt.Sprintf("range(%d, %d)", r.Start, r.Stop)
	}
	return fmt.Sprintf("range(%d, %d, %d)", r.Start, r.Stop, r.Step)
}
func (*Range) Type() string { return "range" }

// Len returns the number of elements.
func (r *Range) Len() int {
	n := r.len64()
	if n > int64(maxInt) {
		return maxInt
	}
	return int(n)
}

const maxInt = int(^uint(0) >> 1)

func (r *Range) len64() int64 {
	if r.Step > 0 {
		if r.Stop <= r.Start {
			return 0
		}
		return int64((uint64(r.Stop-r.Start) + uint64(r.Step) - 1) / uint64(r.Step))
	}
	if r.Start <= r.Stop {
		return 0
	}
	return int64((uint64(r.Start-r.Stop) + uint64(-r.Step) - 1) / uint64(-r.Step))
}

func (r *Range) at(i int64) Int { return Int(r.Start + i*r.Step) }

// ---- slice ----

// Slice is a slice object, the key of x[a:b:c]; missing parts are None.
type Slice struct {
	Start, Stop, Step Value
}

func (s *Slice) String() string {
	return fmt.Sprintf("slice(%s, %s, %s)", Repr(s.Start), Repr(s.Stop), Repr(s.Step))
}
func (*Slice) Type() string { return "slice" }

// Attr returns start, stop and step.
func (s *Slice) Attr(th *Thread, name string) (Value, error) {
	switch name {
	case "start":
		return s.Start, nil
	case "stop":
		return s.Stop, nil
	case "step":
		return s.Step, nil
	}
	return nil, nil
}

// AttrNames lists the slice attributes.
func (s *Slice) AttrNames() []string { return []string{"start", "step", "stop"} }

// Indices resolves the slice against a sequence of length n, as Python's
// slice.indices: the start, stop and step to use, and how many elements it
// selects.
func (s *Slice) Indices(n int) (start, stop, step, count int, err error) {
	step = 1
	if s.Step != nil && s.Step != None {
		st, err := AsInt(s.Step)
		if err != nil {
			return 0, 0, 0, 0, NewError(TypeError, "slice indices must be integers or None")
		}
		if st == 0 {
			return 0, 0, 0, 0, NewError(ValueError, "slice step cannot be zero")
		}
		step = clampInt(st)
	}
	var lo, hi int
	if step > 0 {
		lo, hi = 0, n
	} else {
		lo, hi = n-1, -1
	}
	conv := func(v Value, def int) (int, error) {
		if v == nil || v == None {
			return def, nil
		}
		i, err := AsInt(v)
		if err != nil {
			return 0, NewError(TypeError, "slice indices must be integers or None")
		}
		x := clampInt(i)
		if x < 0 {
			x += n
			if x < 0 {
				if step > 0 {
					x = 0
				} else {
					x = -1
				}
			}
		} else if x >= n {
			if step > 0 {
				x = n
			} else {
				x = n - 1
			}
		}
		return x, nil
	}
	if start, err = conv(s.Start, lo); err != nil {
		return
	}
	if stop, err = conv(s.Stop, hi); err != nil {
		return
	}
	if step > 0 {
		if stop > start {
			count = (stop - start + step - 1) / step
		}
	} else if start > stop {
		count = (start - stop - step - 1) / (-step)
	}
	return start, stop, step, count, nil
}

func clampInt(i int64) int {
	if i > int64(maxInt) {
		return maxInt
	}
	if i < -int64(maxInt) {
		return -maxInt
	}
	return int(i)
}

// ---- string dictionary ----

// StrDict is a small insertion-ordered map from names to values, used for
// module members, class namespaces and instance attributes.
type StrDict struct {
	keys  []string
	vals  []Value
	index map[string]int
}

const strDictSmall = 12

// Get returns the value for name.
func (d *StrDict) Get(name string) (Value, bool) {
	if d.index != nil {
		i, ok := d.index[name]
		if !ok {
			return nil, false
		}
		return d.vals[i], true
	}
	for i, k := range d.keys {
		if k == name {
			return d.vals[i], true
		}
	}
	return nil, false
}

// Set sets name to v, keeping the original position of an existing name.
func (d *StrDict) Set(name string, v Value) {
	if d.index != nil {
		if i, ok := d.index[name]; ok {
			d.vals[i] = v
			return
		}
	} else {
		for i, k := range d.keys {
			if k == name {
				d.vals[i] = v
				return
			}
		}
	}
	d.keys = append(d.keys, name)
	d.vals = append(d.vals, v)
	if d.index != nil {
		d.index[name] = len(d.keys) - 1
	} else if len(d.keys) > strDictSmall {
		d.reindex()
	}
}

func (d *StrDict) reindex() {
	d.index = make(map[string]int, len(d.keys))
	for i, k := range d.keys {
		d.index[k] = i
	}
}

// Delete removes name, reporting whether it was present.
func (d *StrDict) Delete(name string) bool {
	for i, k := range d.keys {
		if k == name {
			d.keys = append(d.keys[:i], d.keys[i+1:]...)
			d.vals = append(d.vals[:i], d.vals[i+1:]...)
			if d.index != nil {
				d.reindex()
			}
			return true
		}
	}
	return false
}

// Keys returns the names in insertion order (do not modify).
func (d *StrDict) Keys() []string { return d.keys }

// Len returns the number of names.
func (d *StrDict) Len() int { return len(d.keys) }

// toDict copies d into a new Dict.
func (d *StrDict) toDict() *Dict {
	out := NewDict()
	for i, k := range d.keys {
		out.SetString(k, d.vals[i])
	}
	return out
}

func joinReprs(vals []Value, sep string) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(Repr(v))
	}
	return b.String()
}

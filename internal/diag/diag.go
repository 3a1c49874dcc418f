// Package diag holds source positions and the errors netsum reports about
// its inputs. It imports only the standard library.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in an input: file:line:col for text, a byte offset for
// binary formats, and an object path (config.layers[3].config.filters) for
// structured ones. Zero fields are unknown.
type Pos struct {
	File   string
	Line   int // 1-based
	Col    int // 1-based
	Offset int64
	Path   string
}

// IsValid reports whether p says anything at all.
func (p Pos) IsValid() bool {
	return p.File != "" || p.Line > 0 || p.Path != "" || p.Offset > 0
}

// String formats p as file:line:col, falling back to file, then the object
// path in brackets.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	} else if p.Offset > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "offset %d", p.Offset)
	}
	if p.Path != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "(%s)", p.Path)
	}
	return b.String()
}

// Error is one diagnostic: where and what.
type Error struct {
	Pos   Pos
	Layer string // layer the error concerns, if any
	Msg   string
	cause error
}

// Errorf returns a new *Error at pos.
func Errorf(pos Pos, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Pos: pos, Msg: err.Error(), cause: errors.Unwrap(err)}
}

func (e *Error) Error() string {
	var b strings.Builder
	if s := e.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if e.Layer != "" && !strings.HasPrefix(e.Msg, e.Layer+":") {
		b.WriteString(e.Layer)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// ErrorList collects errors; the zero value is ready to use.
type ErrorList []*Error

// Add appends an error.
func (l *ErrorList) Add(pos Pos, msg string) { *l = append(*l, &Error{Pos: pos, Msg: msg}) }

// Append appends err, converting a plain error to *Error.
func (l *ErrorList) Append(err error) {
	if err == nil {
		return
	}
	var list ErrorList
	if errors.As(err, &list) {
		*l = append(*l, list...)
		return
	}
	var e *Error
	if errors.As(err, &e) {
		*l = append(*l, e)
		return
	}
	*l = append(*l, &Error{Msg: err.Error(), cause: err})
}

// Sort orders the list by file, line, column.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns nil for an empty list and the list otherwise.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Warning is a non-fatal message about an input.
type Warning struct {
	Pos Pos
	Msg string
}

func (w Warning) String() string {
	if s := w.Pos.String(); s != "" {
		return s + ": warning: " + w.Msg
	}
	return "warning: " + w.Msg
}

package diag

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestPosString(t *testing.T) {
	for _, c := range []struct {
		p    Pos
		want string
	}{
		{Pos{}, ""},
		{Pos{File: "model.py", Line: 12, Col: 5}, "model.py:12:5"},
		{Pos{File: "model.py", Line: 12}, "model.py:12"},
		{Pos{File: "m.onnx", Offset: 4096}, "m.onnx:offset 4096"},
		{Pos{File: "m.json", Line: 3, Col: 1, Path: "config.layers[3]"}, "m.json:3:1 (config.layers[3])"},
		{Pos{Path: "config.layers[3]"}, "(config.layers[3])"},
		{Pos{Line: 2, Col: 7}, "2:7"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.p, got, c.want)
		}
		if c.p.IsValid() != (c.want != "") {
			t.Errorf("%+v: IsValid %v", c.p, c.p.IsValid())
		}
	}
}

func TestErrors(t *testing.T) {
	e := &Error{Pos: Pos{File: "model.py", Line: 12, Col: 5}, Layer: "Conv2D", Msg: `kernel 5x5 larger than input 3x3 with padding="valid"`}
	if got, want := e.Error(), `model.py:12:5: Conv2D: kernel 5x5 larger than input 3x3 with padding="valid"`; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	// The layer is not repeated when the message starts with it.
	e2 := &Error{Layer: "dense", Msg: "dense: units must be positive"}
	if e2.Error() != "dense: units must be positive" {
		t.Errorf("%q", e2.Error())
	}
	wrapped := Errorf(Pos{File: "f"}, "reading: %w", io.ErrUnexpectedEOF)
	if !errors.Is(wrapped, io.ErrUnexpectedEOF) || wrapped.Error() != "f: reading: unexpected EOF" {
		t.Errorf("Errorf: %v", wrapped)
	}

	var l ErrorList
	if l.Err() != nil || l.Error() != "no errors" {
		t.Errorf("empty list: %v", l.Err())
	}
	l.Add(Pos{File: "b", Line: 1}, "second file")
	l.Append(nil)
	l.Append(fmt.Errorf("plain"))
	l.Append(ErrorList{{Pos: Pos{File: "a", Line: 9, Col: 2}, Msg: "late"}, {Pos: Pos{File: "a", Line: 9, Col: 1}, Msg: "early"}})
	l.Sort()
	want := "plain\na:9:1: early\na:9:2: late\nb:1: second file"
	if got := l.Err().Error(); got != want {
		t.Errorf("list:\n%s\nwant\n%s", got, want)
	}
	if w := (Warning{Pos: Pos{File: "seed.py", Line: 3, Col: 1}, Msg: "Keras names used without import"}).String(); w != "seed.py:3:1: warning: Keras names used without import" {
		t.Errorf("warning %q", w)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"Dense", "Dense", 0}, {"Dense", "Dens", 1}, {"Conv2D", "Conv3D", 1},
		{"kitten", "sitting", 3}, {"", "abc", 3},
		{string(make([]byte, 65)), "x", 1 << 20}, {string(make([]byte, 65)), string(make([]byte, 65)), 0},
	} {
		if got := EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%.10q, %.10q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

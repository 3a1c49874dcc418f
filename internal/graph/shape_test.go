package graph

import "testing"

func TestShapeStrings(t *testing.T) {
	for _, c := range []struct {
		s            Shape
		names        []string
		named, tuple string
	}{
		{Shape{-1, 32}, nil, "(None, 32)", "(None, 32)"},
		{Shape{-1}, nil, "(None,)", "(None)"},
		{Shape{}, nil, "()", "()"},
		{Shape{-1, 32, -1}, []string{"batch", "", "seq"}, "(batch, 32, seq)", "(batch, 32, seq)"},
		{Shape{-1}, []string{"n"}, "(n,)", "(n)"},
		// A name on a known dim is ignored; a missing name prints None.
		{Shape{4, -1, -1}, []string{"batch", "x"}, "(4, x, None)", "(4, x, None)"},
	} {
		if got := c.s.NamedString(c.names); got != c.named {
			t.Errorf("%v.NamedString(%q) = %s, want %s", []int64(c.s), c.names, got, c.named)
		}
		if got := c.s.TupleString(c.names); got != c.tuple {
			t.Errorf("%v.TupleString(%q) = %s, want %s", []int64(c.s), c.names, got, c.tuple)
		}
		if c.names == nil && c.s.String() != c.named {
			t.Errorf("String() = %s, want %s", c.s.String(), c.named)
		}
	}
}

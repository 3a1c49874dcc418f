package jsonv

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseValues(t *testing.T) {
	d, err := Parse([]byte(`{"a": [1, -2, 3.5, 1e400, "s", true, null], "b": {}}`))
	if err != nil {
		t.Fatal(err)
	}
	m := d.Root.(map[string]any)
	if got := fmt.Sprintf("%#v", m["a"]); got != `[]interface {}{1, -2, 3.5, 1e+308, "s", true, interface {}(nil)}` {
		t.Errorf("a = %s", got)
	}
	if _, ok := m["b"].(map[string]any); !ok {
		t.Errorf("b = %#v", m["b"])
	}
}

func TestOffsets(t *testing.T) {
	src := "{\n  \"layers\": [\n    {\"class_name\": \"Dense\"},\n    {\"class_name\": \"Conv2D\"}\n  ]\n}"
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	layers := d.Root.(map[string]any)["layers"].([]any)
	for i, want := range []string{"3:5", "4:5"} {
		line, col := d.LineCol(d.Offset(layers[i].(map[string]any)))
		if got := fmt.Sprintf("%d:%d", line, col); got != want {
			t.Errorf("layer %d at %s, want %s", i, got, want)
		}
	}
	if d.Offset(map[string]any{}) != -1 || (*Doc)(nil).Offset(nil) != -1 {
		t.Errorf("offset of a foreign map")
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`{"a": 1,}`, "1:9: invalid JSON: invalid character '}' looking for beginning of object key string"},
		{"{\n  \"a\": [1, 2", "2:13: invalid JSON: unexpected end of JSON input (the file is truncated?)"},
		{``, "1:1: invalid JSON: unexpected end of JSON input (the file is truncated?)"},
		{`{} {}`, "1:4: unexpected data after the top-level JSON value"},
		{`[1] x`, "1:5: unexpected data after the top-level JSON value"},
		{strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), fmt.Sprintf("1:%d: JSON nested deeper than %d levels", MaxDepth+1, MaxDepth)},
	} {
		_, err := Parse([]byte(c.src))
		var pe *Error
		if !errors.As(err, &pe) || err.Error() != c.want {
			t.Errorf("%.20q: %v, want %s", c.src, err, c.want)
		}
	}
	// At the limit is fine.
	if _, err := Parse([]byte(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth))); err != nil {
		t.Errorf("depth %d: %v", MaxDepth, err)
	}
}

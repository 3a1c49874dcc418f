package safetensors

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

func file(header string, data int) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(header)))
	b.WriteString(header)
	b.Write(make([]byte, data))
	return b.Bytes()
}

func TestGood(t *testing.T) {
	b := file(`{"__metadata__":{"format":"pt"},"enc.w":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]},"enc.n":{"dtype":"I64","shape":[],"data_offsets":[12,20]}}`, 20)
	m, err := Open(bytes.NewReader(b), int64(len(b)), Options{File: "m.safetensors"})
	if err != nil {
		t.Fatal(err)
	}
	ws := m.Layers[0].Weights
	if len(ws) != 2 || ws[0].DType != "bfloat16" || ws[0].Bytes != 12 || !ws[1].Buffer || len(ws[1].Shape) != 0 {
		t.Errorf("weights %+v %+v", ws[0], ws[1])
	}
	if len(m.Notes) != 1 || m.Notes[0] != `metadata format = "pt"` {
		t.Errorf("notes %q", m.Notes)
	}
}

func TestBad(t *testing.T) {
	w := func(s string) string { return `{"a":{"dtype":"F32","shape":[2],"data_offsets":` + s + `}}` }
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"absurd header length", append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, '{', '}'), "header length 9223372036854775807 is absurd"},
		{"header past EOF", append([]byte{100, 0, 0, 0, 0, 0, 0, 0}, '{', '}'), "runs past the end of the 10-byte file"},
		{"tiny", []byte{1, 2}, "needs an 8-byte header length"},
		{"not json", file(`{"a":`, 0), "header is not a JSON object"},
		{"beyond EOF", file(w(`[0,8]`), 4), "run past the end of the data (4 bytes; truncated file?)"},
		{"size lie", file(w(`[0,12]`), 12), "F32 [2] needs 8 bytes but data_offsets [0, 12] hold 12"},
		{"reversed", file(w(`[8,0]`), 8), "end before they begin"},
		{"overlap", file(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}`, 12), `tensors "a" [0, 8] and "b" [4, 12] overlap`},
		{"dtype", file(`{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}`, 16), `unknown dtype "F128"`},
		{"negative dim", file(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}`, 0), "negative dim"},
		{"overflow", file(`{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}`, 0), "overflows"},
		{"duplicate", file(`{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}`, 2), `key "a" appears twice`},
		{"trailing", file(`{}x`, 0), "data after the object"},
	} {
		_, err := Open(bytes.NewReader(c.data), int64(len(c.data)), Options{File: "bad.safetensors"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

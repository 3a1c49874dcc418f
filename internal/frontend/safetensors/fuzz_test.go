package safetensors

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// FuzzOpen feeds arbitrary bytes through the header reader and the
// summary: errors are fine, panics and runaway memory are not.
func FuzzOpen(f *testing.F) {
	files, _ := filepath.Glob("../../../testdata/torch/*.safetensors")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b[:min(len(b), 4096)])
		}
	}
	for _, h := range []string{
		`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`,
		`{"__metadata__":{"format":"pt"},"a":{"dtype":"BF16","shape":[1,2],"data_offsets":[0,4]},"b":{"dtype":"BOOL","shape":[],"data_offsets":[4,5]}}`,
	} {
		f.Add(append(append(le64(len(h)), h...), make([]byte, 8)...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Open(bytes.NewReader(data), int64(len(data)), Options{File: "fuzz.safetensors"})
		if err != nil {
			return
		}
		summary.Build(m)
	})
}

func le64(n int) []byte {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	return b
}

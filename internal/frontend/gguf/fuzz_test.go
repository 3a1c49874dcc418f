package gguf

import (
	"bytes"
	"os"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// FuzzRead feeds arbitrary bytes through the header reader and the
// summary: errors are fine, panics and runaway memory are not.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile("../../../testdata/torch/tiny.gguf"); err == nil {
		f.Add(b[:min(len(b), 1024)])
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Open(bytes.NewReader(data), int64(len(data)), Options{File: "fuzz.gguf"})
		if err != nil {
			return
		}
		summary.Build(m)
	})
}

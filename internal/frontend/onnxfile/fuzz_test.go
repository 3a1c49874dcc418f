package onnxfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// FuzzRead feeds arbitrary bytes through decoding, inference and both
// views: errors are fine, panics and runaway memory are not. The corpus
// under testdata/fuzz/FuzzRead holds small real models (torch exports and
// backend test models with If, Loop, Scan and sequences) and cut copies.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(models, "*.onnx"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 8<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadBytes(data, Options{File: "fuzz.onnx"})
		if err != nil {
			return
		}
		summary.Build(res.Nodes)
		summary.Build(res.Modules)
	})
}

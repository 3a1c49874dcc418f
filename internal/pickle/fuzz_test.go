package pickle

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the torch policy: errors are fine;
// panics, hangs and runaway memory are not. Seeds: CPython pickles of
// every protocol, the hostile pickles, and the data.pkl of real
// checkpoints.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.pkl")
	hostile, _ := filepath.Glob("../../testdata/torch/hostile/*.pkl")
	for _, p := range append(seeds, hostile...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, name := range []string{"bn_net.pt", "train_ckpt.pt", "tied.pt", "mixed.pt"} {
		if zr, err := zip.OpenReader(filepath.Join("../../testdata/torch", name)); err == nil {
			for _, e := range zr.File {
				if filepath.Base(e.Name) == "data.pkl" {
					rc, _ := e.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					f.Add(b)
				}
			}
			zr.Close()
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pol := &TorchPolicy{FromBytes: func(b []byte) (Value, error) {
			return &Storage{Key: "x", DType: "uint8", Numel: int64(len(b))}, nil
		}}
		opt := pol.Options()
		opt.Limits = Limits{MaxBytes: 1 << 20, MaxDepth: 1000, MaxIntBytes: 64}
		v, err := Load(data, opt)
		if err != nil {
			return
		}
		_ = repr(v)
		_, _, _ = LoadFrom(bytes.NewReader(data), opt)
	})
}

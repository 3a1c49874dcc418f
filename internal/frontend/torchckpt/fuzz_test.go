package torchckpt

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// FuzzOpen feeds arbitrary bytes through the zip, legacy, tar and pickle
// readers: errors are fine, panics and runaway memory are not.
func FuzzOpen(f *testing.F) {
	for _, name := range []string{"bn_net.pt", "bn_net_legacy.pt", "bn_net_tar.pt", "bn_net_plain.pkl", "tied.pt", "tied_legacy.pt", "train_ckpt.pt"} {
		if b, err := os.ReadFile(filepath.Join("../../../testdata/torch", name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Open(bytes.NewReader(data), int64(len(data)), Options{File: "fuzz.pt"})
		if err != nil {
			return
		}
		summary.Build(m)
	})
}

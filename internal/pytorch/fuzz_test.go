package pytorch

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzOpen runs arbitrary model code through the PyTorch front end: any
// input must give models or an error, never a panic or a hang (each run is
// bounded by Options.Timeout and the interpreter's budgets).
func FuzzOpen(f *testing.F) {
	for _, p := range []string{"../../testdata/pytorch/seed.py", "../../tools/oracle/torch/modules/conv2d.py",
		"../../tools/oracle/torch/modules/rnn.py", "../../tools/oracle/torch/modules/attention.py",
		"../../tools/oracle/torch/modules/containers.py", "../../tools/oracle/torch/modules/transformer_layers.py", "../../tools/oracle/torch/modules/embedding.py"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, int64(28))
		}
	}
	f.Add([]byte("import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Linear(4, 3), nn.ReLU())\n"), int64(4))
	f.Fuzz(func(t *testing.T, src []byte, n int64) {
		if n <= 0 || n > 64 {
			n = 8
		}
		dir := t.TempDir()
		name := filepath.Join(dir, "model.py")
		Open(name, src, Options{InputSize: []int64{1, 3, n, n}, Timeout: time.Second,
			ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist }})
	})
}

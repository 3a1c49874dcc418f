package safetensors

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The files of testdata/torch/sharded are written by
// tools/oracle/torch/make_shards.py (Debian torch; Hugging Face's layout).
const shardDir = "../../../testdata/torch/sharded"

func openFrom(dir string) OpenShard {
	return func(name string) (io.ReaderAt, int64, func(), error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, 0, nil, err
		}
		return bytes.NewReader(b), int64(len(b)), func() {}, nil
	}
}

func TestOpenIndex(t *testing.T) {
	for _, c := range []struct {
		file, err string
	}{
		{"model.safetensors.index.json", ""},
		{"missing.safetensors.index.json", `tensor "fc3.weight" is mapped to model-00002-of-00002.safetensors, which does not hold it`},
		{"escape.safetensors.index.json", `shard "../seed_cnn.safetensors" is not a file name in the index's folder`},
	} {
		b, err := os.ReadFile(filepath.Join(shardDir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		m, err := OpenIndex(b, c.file, openFrom(shardDir), nil)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.file, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var n, total int64
		var names []string
		for _, w := range m.Weights() {
			c := int64(1)
			for _, d := range w.Shape {
				c *= d
			}
			n += c
			names = append(names, w.Name)
		}
		total = n
		if total != 154798 || len(names) != 8 || m.Notes[0] != "8 tensors in 2 shards" {
			t.Errorf("params %d, tensors %v, notes %q", total, names, m.Notes)
		}
	}
	// A shard that cannot be opened names itself; bad JSON is an error.
	b, _ := os.ReadFile(filepath.Join(shardDir, "model.safetensors.index.json"))
	if _, err := OpenIndex(b, "x.safetensors.index.json", openFrom(t.TempDir()), nil); err == nil || !strings.Contains(err.Error(), "shard model-00001-of-00002.safetensors (4 tensors)") {
		t.Errorf("missing shard: %v", err)
	}
	for _, bad := range []string{`[]`, `{"weight_map": {}}`, `{"weight_map": {"a": ""}}`, `not json`} {
		if _, err := OpenIndex([]byte(bad), "x.safetensors.index.json", openFrom(shardDir), nil); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

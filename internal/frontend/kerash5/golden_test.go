package kerash5

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden keeps the full reading of every generated Keras HDF5 file.
func TestGolden(t *testing.T) {
	for _, name := range []string{"seed_tfkeras_full.h5", "seed_tfkeras_full_latest.h5", "seed_keras2_full.h5",
		"seed_keras1_full.h5", "seed_tfkeras_userblock.h5", "seed_tfkeras_weights.h5", "seed_tfkeras_weights_latest.h5",
		"seed_keras3.weights.h5", "chunked_layer_names.h5"} {
		t.Run(name, func(t *testing.T) {
			m, err := openFile(t, seedFile(name), Options{File: name})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			Dump(&out, m)
			CompareGolden(t, filepath.Join("testdata", strings.TrimSuffix(name, ".h5")+".golden"), out.Bytes(), *update)
		})
	}
}

// CompareGolden compares got with a golden file, or rewrites it.
func CompareGolden(t *testing.T, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s; got:\n%s", path, got)
	}
}

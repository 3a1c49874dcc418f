package frontend

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func repoFile(parts ...string) string {
	return filepath.Join(append([]string{"..", ".."}, parts...)...)
}

// TestContainers reads the seed model saved in every container format
// through ReadInput and Open, as the CLI does.
func TestContainers(t *testing.T) {
	for _, c := range []struct{ path, format string }{
		{repoFile("testdata", "h5", "seed_tfkeras_full.h5"), "keras-h5"},
		{repoFile("testdata", "h5", "seed_tfkeras_userblock.h5"), "keras-h5"},
		{repoFile("testdata", "h5", "seed_tfkeras_weights.h5"), "keras-h5-weights"},
		{repoFile("testdata", "h5", "seed_keras3.weights.h5"), "keras3-weights-h5"},
		{repoFile("testdata", "h5", "seed_keras3.keras"), "keras-zip"},
		{repoFile("internal", "frontend", "tfjsfile", "testdata", "seed_layers_model.json"), "tfjs-layers"},
		{repoFile("internal", "frontend", "tfjsfile", "testdata", "seed_graph_model.json"), "tfjs-graph"},
	} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			in, err := ReadInput(c.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			st, _ := os.Stat(c.path)
			if binary := !strings.HasSuffix(c.path, ".json"); binary != in.Binary {
				t.Errorf("Binary = %v", in.Binary)
			} else if binary && (len(in.Data) > HeaderSize || in.Size != st.Size()) {
				t.Errorf("binary input: %d header bytes, size %d", len(in.Data), in.Size)
			}
			ms, err := Open(in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if ms[0].SourceFormat != c.format {
				t.Errorf("format %q, want %q", ms[0].SourceFormat, c.format)
			}
			if n, _, _, _ := graph.Counts(ms[0].Weights()); n != 154798 {
				t.Errorf("total %d, want 154798", n)
			}
		})
	}
}

func TestContainerFromStdin(t *testing.T) {
	b, err := os.ReadFile(repoFile("testdata", "h5", "seed_keras3.keras"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := ReadInput("-", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Open(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _, _ := graph.Counts(ms[0].Weights()); n != 154798 {
		t.Errorf("total %d", n)
	}
}

func TestDescribeUnreadable(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("archive/data.pkl")
	w.Write([]byte("x"))
	zw.Close()
	path := filepath.Join(t.TempDir(), "model.pt")
	os.WriteFile(path, buf.Bytes(), 0o644)
	in, err := ReadInput(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(in, Options{})
	if err == nil || !strings.Contains(err.Error(), "PyTorch checkpoint") {
		t.Errorf("err = %v", err)
	}
	in = &Input{Name: "dir/saved_model.pb", Data: []byte{}}
	if _, err := Open(in, Options{}); err == nil || !strings.Contains(err.Error(), "SavedModel") {
		t.Errorf("saved_model.pb: err = %v", err)
	}
}

// TestSavedModelDir: a SavedModel directory reads its keras_metadata.pb;
// its saved_model.pb read directly defers to the keras_metadata.pb beside
// it; a directory with nothing to read says what it looked for.
func TestSavedModelDir(t *testing.T) {
	for _, p := range []string{"../../testdata/savedmodel/tf2.15", "../../testdata/savedmodel/tf2.15/saved_model.pb", "../../testdata/savedmodel/tf2.4"} {
		in, err := ReadInput(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := Open(in, Options{})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if ms[0].SourceFormat != "keras-savedmodel" {
			t.Errorf("%s: format %s", p, ms[0].SourceFormat)
		}
	}
	if _, err := ReadInput("../../testdata/savedmodel", nil); err == nil || !strings.Contains(err.Error(), "no model netsum reads") {
		t.Errorf("bare directory: %v", err)
	}
}

// TestShardedDir: a Hugging Face folder reads its safetensors index and
// the shards beside it.
func TestShardedDir(t *testing.T) {
	for _, dir := range []string{"../../testdata/torch/sharded", "../../testdata/torch/sharded_bin"} {
		in, err := ReadInput(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := Open(in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, w := range ms[0].Weights() {
			c := int64(1)
			for _, d := range w.Shape {
				c *= d
			}
			n += c
		}
		if len(ms[0].Weights()) != 8 || n != 154798 {
			t.Errorf("%s: %d tensors, %d elements", dir, len(ms[0].Weights()), n)
		}
	}
	in, err := ReadInput("../../testdata/torch/sharded", nil)
	if err != nil {
		t.Fatal(err)
	}
	// netsum serve reads nothing but the upload.
	if _, err := Open(in, Options{NoFiles: true}); err == nil || !strings.Contains(err.Error(), "give the file or folder path") {
		t.Errorf("NoFiles: %v", err)
	}
}

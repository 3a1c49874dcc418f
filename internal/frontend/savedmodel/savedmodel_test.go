package savedmodel

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// The files of testdata/savedmodel are written by
// tools/oracle/savedmodel/make.py (TensorFlow is not installable here).
const dir = "../../../testdata/savedmodel"

func open(t *testing.T, file string) (*summary.Summary, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Open(bytes.NewReader(b), int64(len(b)), Options{File: file})
	if err != nil {
		return nil, err
	}
	return summary.Build(m), nil
}

func TestOpen(t *testing.T) {
	for _, c := range []struct {
		file, err string
	}{
		{"tf2.15/keras_metadata.pb", ""},
		{"tf2.4/saved_model.pb", ""},
		{"tfmodule/saved_model.pb", "without Keras metadata"},
		{"tf2.15/saved_model.pb", "without Keras metadata"}, // its config is in keras_metadata.pb beside it
		{"subclassed/keras_metadata.pb", `class "MyModel") has no model config`},
	} {
		t.Run(c.file, func(t *testing.T) {
			s, err := open(t, c.file)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), c.file+": ") {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range s.Rows {
				names = append(names, r.Name)
			}
			if s.Totals.Params != 154798 || s.ModelName != "sequential" || s.Version != "2.15.0" || s.SourceFormat != "keras-savedmodel" {
				t.Errorf("params %d name %q version %q format %q", s.Totals.Params, s.ModelName, s.Version, s.SourceFormat)
			}
			if got := strings.Join(names, " "); !strings.HasPrefix(got, "conv2d activation max_pooling2d conv2d_1") {
				t.Errorf("rows %s", got)
			}
			if s.Compile["optimizer"] != "SGD" || s.Compile["momentum"] != "0.9" || s.Compile["loss"] != "categorical_crossentropy" {
				t.Errorf("compile %v", s.Compile)
			}
		})
	}
}

// TestTruncated: every prefix of a valid file is an error or a model,
// never a panic.
func TestTruncated(t *testing.T) {
	for _, f := range []string{"tf2.15/keras_metadata.pb", "tf2.4/saved_model.pb"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for n := 0; n < len(b); n += 7 {
			if _, err := Open(bytes.NewReader(b[:n]), int64(n), Options{File: f}); err == nil && n < len(b)/2 {
				t.Errorf("%s[:%d]: no error", f, n)
			}
		}
	}
}

func FuzzOpen(f *testing.F) {
	for _, name := range []string{"tf2.15/keras_metadata.pb", "tf2.4/saved_model.pb", "subclassed/keras_metadata.pb"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, strings.HasSuffix(name, "keras_metadata.pb"))
	}
	f.Fuzz(func(t *testing.T, b []byte, meta bool) {
		name := "saved_model.pb"
		if meta {
			name = "keras_metadata.pb"
		}
		Open(bytes.NewReader(b), int64(len(b)), Options{File: name})
	})
}

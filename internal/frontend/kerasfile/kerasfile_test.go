package kerasfile

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

var corpus = filepath.Join("..", "..", "..", "..", "shared", "corpora", "keras-files")

func seedFile(name string) string { return filepath.Join("..", "..", "..", "testdata", "h5", name) }

func openBytes(b []byte, opt Options) (*graph.Model, error) {
	return Open(bytes.NewReader(b), int64(len(b)), opt)
}

func total(m *graph.Model) int64 {
	n, _, _, _ := graph.Counts(m.Weights())
	return n
}

type expected struct {
	Layers []struct {
		Name   string `json:"name"`
		Params int64  `json:"params"`
	} `json:"layers"`
	Totals struct {
		Params int64 `json:"params"`
	} `json:"totals"`
}

func TestCorpus(t *testing.T) {
	for _, id := range []string{"zip_k3_mnist", "zip_k3_resnet1d"} {
		t.Run(id, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(corpus, "files", id+".keras"))
			if err != nil {
				t.Skip("shared corpus not present")
			}
			m, err := openBytes(b, Options{File: id + ".keras", AllowUnknown: true})
			if err != nil {
				t.Fatal(err)
			}
			eb, err := os.ReadFile(filepath.Join(corpus, "expected", id+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var e expected
			if err := json.Unmarshal(eb, &e); err != nil {
				t.Fatal(err)
			}
			if got := total(m); got != e.Totals.Params {
				t.Errorf("total = %d, want %d", got, e.Totals.Params)
			}
			for _, el := range e.Layers {
				l := m.Layer(el.Name)
				if l == nil && el.Params == 0 {
					continue // Keras 3 Sequential does not list its InputLayer
				}
				if l == nil {
					t.Errorf("no layer %s", el.Name)
					continue
				}
				if n, _, _, _ := graph.Counts(l.AllWeights()); n != el.Params {
					t.Errorf("layer %s: %d params, want %d", el.Name, n, el.Params)
				}
			}
			if !strings.HasPrefix(m.Version, "3.") || m.SourceFormat != "keras-zip" {
				t.Errorf("version %q, format %q", m.Version, m.SourceFormat)
			}
			for _, w := range m.Warnings {
				t.Errorf("unexpected warning: %s", w)
			}
		})
	}
}

func TestSeed(t *testing.T) {
	for _, name := range []string{"seed_keras3.keras", "seed_keras3_renamed.keras"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(seedFile(name))
			if err != nil {
				t.Fatal(err)
			}
			m, err := openBytes(b, Options{File: name})
			if err != nil {
				t.Fatal(err)
			}
			if got := total(m); got != 154798 {
				t.Errorf("total = %d, want 154798", got)
			}
			for _, w := range m.Warnings {
				t.Errorf("unexpected warning: %s", w)
			}
			if m.Version != "3.6.0" || m.Dialect != graph.Keras3 {
				t.Errorf("version %q dialect %v", m.Version, m.Dialect)
			}
			if m.Compile["optimizer"] != "Adam" || m.Compile["loss"] != "categorical_crossentropy" {
				t.Errorf("compile = %v", m.Compile)
			}
		})
	}
}

// rezip rewrites a .keras archive with edit applied to each entry.
func rezip(t *testing.T, src []byte, method uint16, edit func(name string, b []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(edit(f.Name, b.Bytes()))
	}
	zw.Close()
	return out.Bytes()
}

func TestMismatchWarns(t *testing.T) {
	src, err := os.ReadFile(seedFile("seed_keras3.keras"))
	if err != nil {
		t.Fatal(err)
	}
	b := rezip(t, src, zip.Deflate, func(name string, b []byte) []byte {
		if name == "config.json" {
			return bytes.Replace(b, []byte(`"units": 100`), []byte(`"units": 99`), 1)
		}
		return b
	})
	m, err := openBytes(b, Options{File: "m.keras"})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range m.Warnings {
		msgs = append(msgs, w.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"layer dense (Dense): weight kernel has shape (1024, 100) in the file (vars/0) but (1024, 99)",
		"layer dense_1 (Dense): weight kernel has shape (100, 2) in the file (vars/0) but (99, 2)"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q; got:\n%s", want, all)
		}
	}
}

func TestZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "metadata.json", Method: zip.Deflate})
	w.Write([]byte(`{"keras_version": "3.0.0"}`))
	w, _ = zw.CreateHeader(&zip.FileHeader{Name: "config.json", Method: zip.Deflate})
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < MaxConfig>>20+1; i++ {
		w.Write(chunk)
	}
	zw.Close()
	b := buf.Bytes()
	_, err := openBytes(b, Options{File: "bomb.keras"})
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("declared-size bomb: err = %v", err)
	}
	// Lie about the size in both headers: the actual size must be caught.
	i := bytes.Index(b, []byte("PK\x01\x02"))
	for i >= 0 {
		nameLen := int(b[i+28]) | int(b[i+29])<<8
		if string(b[i+46:i+46+nameLen]) == "config.json" {
			copy(b[i+24:i+28], []byte{100, 0, 0, 0})
		}
		j := bytes.Index(b[i+4:], []byte("PK\x01\x02"))
		if j < 0 {
			break
		}
		i += 4 + j
	}
	_, err = openBytes(b, Options{File: "bomb.keras"})
	if err == nil {
		t.Fatal("lying bomb accepted")
	}
	if !strings.Contains(err.Error(), "bomb") && !strings.Contains(err.Error(), "config.json") {
		t.Errorf("lying bomb: err = %v", err)
	}
}

func TestNotKeras(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range []string{"archive/data.pkl", "archive/version", "archive/data/0"} {
		w, _ := zw.Create(n)
		w.Write([]byte("x"))
	}
	zw.Close()
	_, err := openBytes(buf.Bytes(), Options{File: "model.pt"})
	if err == nil || !strings.Contains(err.Error(), "PyTorch checkpoint") || !strings.Contains(err.Error(), "archive/data.pkl") {
		t.Errorf("err = %v", err)
	}
	if d := Describe(bytes.NewReader(buf.Bytes()), int64(buf.Len())); !strings.Contains(d, "3 entries") {
		t.Errorf("Describe = %q", d)
	}
}

func TestTruncated(t *testing.T) {
	b, err := os.ReadFile(seedFile("seed_keras3.keras"))
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(b); n += 97 {
		if _, err := openBytes(b[:n], Options{File: "t.keras"}); err == nil {
			t.Errorf("truncated at %d: no error", n)
		}
	}
}

func FuzzOpen(f *testing.F) {
	b, err := os.ReadFile(seedFile("seed_keras3.keras"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := openBytes(b, Options{File: "fuzz.keras", AllowUnknown: true})
		if err == nil && m == nil {
			t.Fatal("nil model without error")
		}
	})
}

// FuzzPatch overwrites bytes of the seed .keras (stored and deflated
// forms) at a chosen offset, to reach zip headers, the JSON entries and
// the embedded HDF5 file.
func FuzzPatch(f *testing.F) {
	stored, err := os.ReadFile(seedFile("seed_keras3.keras"))
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	zr, _ := zip.NewReader(bytes.NewReader(stored), int64(len(stored)))
	zw := zip.NewWriter(&buf)
	for _, e := range zr.File {
		rc, _ := e.Open()
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate})
		var b bytes.Buffer
		b.ReadFrom(rc)
		w.Write(b.Bytes())
	}
	zw.Close()
	files := [][]byte{stored, buf.Bytes()}
	f.Add(uint8(0), uint32(30), []byte("x"))
	f.Add(uint8(0), uint32(len(stored)-20), []byte{0xFF, 0xFF, 0xFF, 0xFF})
	f.Add(uint8(1), uint32(200), []byte{0, 0})
	f.Add(uint8(0), uint32(3000), []byte("\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, which uint8, off uint32, patch []byte) {
		src := files[int(which)%len(files)]
		b := append([]byte(nil), src...)
		copy(b[int(off)%len(b):], patch)
		m, err := openBytes(b, Options{File: "fuzz.keras", AllowUnknown: true})
		if err == nil && m == nil {
			t.Fatal("nil model without error")
		}
	})
}

package hdf5

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testFiles are the generated files of tools/oracle/h5/make_h5.py.
var testFiles = []string{
	"hdf5_layouts_earliest.h5",
	"hdf5_layouts_latest.h5",
	"seed_tfkeras_full.h5",
	"seed_tfkeras_full_latest.h5",
	"seed_keras1_full.h5",
	"seed_tfkeras_userblock.h5",
	"seed_tfkeras_weights_latest.h5",
	"seed_keras3.weights.h5",
	"chunked_layer_names.h5",
}

func h5path(name string) string { return filepath.Join("..", "..", "testdata", "h5", name) }

func openBytes(t testing.TB, b []byte) (*File, error) {
	t.Helper()
	return Open(bytes.NewReader(b), int64(len(b)), DefaultLimits)
}

func TestGolden(t *testing.T) {
	for _, name := range testFiles {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(h5path(name))
			if err != nil {
				t.Fatal(err)
			}
			f, err := openBytes(t, b)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := dump(&out, f); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", strings.TrimSuffix(name, ".h5")+".golden")
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("dump differs from %s; got:\n%s", golden, out.String())
			}
		})
	}
}

func TestSignatureOffsets(t *testing.T) {
	b, err := os.ReadFile(h5path("seed_tfkeras_userblock.h5"))
	if err != nil {
		t.Fatal(err)
	}
	if HasSignature(b[:8]) || !HasSignature(b[:1024]) {
		t.Errorf("HasSignature: want the signature at 512 only")
	}
	off, err := FindSignature(bytes.NewReader(b), int64(len(b)))
	if err != nil || off != 512 {
		t.Errorf("FindSignature = %d, %v; want 512", off, err)
	}
	if _, err := openBytes(t, []byte("not an hdf5 file at all, just text")); !errors.Is(err, ErrNotHDF5) {
		t.Errorf("Open(text) = %v, want ErrNotHDF5", err)
	}
}

// walkAll reads everything the front ends read; errors are fine, panics
// and hangs are not.
func walkAll(f *File) error {
	root, err := f.Root()
	if err != nil {
		return err
	}
	return root.Walk(func(o *Object) error {
		if o.Kind() == KindDataset {
			if _, err := o.Dataset(); err != nil {
				return err
			}
		}
		as, err := o.Attrs()
		if err != nil {
			return err
		}
		for _, a := range as {
			a.Strings()
			a.Floats()
		}
		return nil
	})
}

// TestTruncated cuts every test file at many lengths: each cut must give
// an error or a partial result, never a panic.
func TestTruncated(t *testing.T) {
	for _, name := range testFiles {
		b, err := os.ReadFile(h5path(name))
		if err != nil {
			t.Fatal(err)
		}
		step := max(1, len(b)/300)
		for n := 0; n < len(b); n += step {
			f, err := openBytes(t, b[:n])
			if err != nil {
				continue
			}
			_ = walkAll(f)
		}
	}
}

// TestCorrupt flips bytes all over the metadata of each file.
func TestCorrupt(t *testing.T) {
	for _, name := range testFiles[:4] {
		b, err := os.ReadFile(h5path(name))
		if err != nil {
			t.Fatal(err)
		}
		c := make([]byte, len(b))
		step := max(1, len(b)/2000)
		for i := 0; i < len(b); i += step {
			for _, v := range []byte{0x00, 0xFF, 0x7F} {
				copy(c, b)
				c[i] = v
				if f, err := openBytes(t, c); err == nil {
					_ = walkAll(f)
				}
			}
		}
	}
}

// TestCycle points a group's B-tree node at itself.
func TestCycle(t *testing.T) {
	b, err := os.ReadFile(h5path("seed_tfkeras_full.h5"))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("TREE"))
	if i < 0 {
		t.Fatal("no TREE node")
	}
	c := append([]byte(nil), b...)
	// Make it an internal node (level 1) whose first child is itself.
	c[i+5] = 1
	binary.LittleEndian.PutUint16(c[i+6:], 1)
	binary.LittleEndian.PutUint64(c[i+8+16+8:], uint64(i))
	f, err := openBytes(t, c)
	if err != nil {
		t.Fatal(err)
	}
	err = walkAll(f)
	if err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("walk = %v, want a cycle error", err)
	}
}

// TestAttributeLies makes an attribute claim more data than it holds.
func TestAttributeLies(t *testing.T) {
	b, err := os.ReadFile(h5path("seed_tfkeras_full.h5"))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("layer_names\x00"))
	if i < 0 {
		t.Fatal("no layer_names attribute")
	}
	// v1 attribute: name at +8 from the message body; the dataspace
	// follows the 8-aligned name and datatype. Patch the datatype size
	// (4 bytes at datatype+4) to a huge element size.
	body := i - 8
	nameSize := int(binary.LittleEndian.Uint16(b[body+2:]))
	dt := body + 8 + align8(nameSize)
	c := append([]byte(nil), b...)
	binary.LittleEndian.PutUint32(c[dt+4:], 1<<30)
	f, err := openBytes(t, c)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := f.Root()
	mw, err := root.Child("model_weights")
	if err != nil || mw == nil {
		t.Fatal(err)
	}
	_, err = mw.Attr("layer_names")
	if err == nil || !strings.Contains(err.Error(), "claims") {
		t.Errorf("Attr = %v, want a 'claims N bytes' error", err)
	}
}

func TestLimits(t *testing.T) {
	b, err := os.ReadFile(h5path("hdf5_layouts_latest.h5"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(bytes.NewReader(b), int64(len(b)), Limits{MaxRead: 1 << 20, MaxAttrBytes: 1 << 20, MaxSteps: 50, MaxDepth: 8})
	if err != nil {
		t.Fatal(err)
	}
	if err := walkAll(f); err == nil || !strings.Contains(err.Error(), "too many structures") {
		t.Errorf("walk with MaxSteps 50 = %v, want a step-limit error", err)
	}
	f, _ = Open(bytes.NewReader(b), int64(len(b)), Limits{MaxRead: 1 << 20, MaxAttrBytes: 1000, MaxSteps: 1 << 20, MaxDepth: 8})
	if err := walkAll(f); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("walk with MaxAttrBytes 1000 = %v, want an attribute-limit error", err)
	}
}

func FuzzOpen(f *testing.F) {
	for _, name := range []string{"seed_tfkeras_full_latest.h5", "seed_tfkeras_weights_latest.h5", "seed_keras1_full.h5"} {
		b, err := os.ReadFile(h5path(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Open(bytes.NewReader(b), int64(len(b)), Limits{MaxRead: 1 << 20, MaxAttrBytes: 4 << 20, MaxSteps: 20000, MaxDepth: 32})
		if err != nil {
			return
		}
		_ = walkAll(file)
	})
}

// FuzzPatch overwrites bytes of valid files at a chosen offset: mutations
// land in real structures (headers, B-trees, heaps) far more often than
// random edits of whole files do.
func FuzzPatch(f *testing.F) {
	var files [][]byte
	for _, name := range []string{"seed_tfkeras_full.h5", "seed_tfkeras_full_latest.h5", "hdf5_layouts_latest.h5", "seed_keras3.weights.h5"} {
		b, err := os.ReadFile(h5path(name))
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, b)
	}
	f.Add(uint8(0), uint32(1000), []byte{0xFF, 0xFF})
	f.Add(uint8(1), uint32(100), []byte{0, 0, 0, 0})
	f.Add(uint8(2), uint32(5000), []byte("OHDR\x02"))
	f.Add(uint8(3), uint32(2000), []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(func(t *testing.T, which uint8, off uint32, patch []byte) {
		src := files[int(which)%len(files)]
		b := append([]byte(nil), src...)
		o := int(off) % len(b)
		copy(b[o:], patch)
		file, err := Open(bytes.NewReader(b), int64(len(b)), Limits{MaxRead: 1 << 20, MaxAttrBytes: 4 << 20, MaxSteps: 20000, MaxDepth: 32})
		if err != nil {
			return
		}
		_ = walkAll(file)
	})
}

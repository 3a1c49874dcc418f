package frontend

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// Checkpoints are read by their headers only. These tests and benchmarks
// write multi-GB sparse files (holes where the tensor data goes: nothing
// is committed and little is written to disk), open them through format
// detection and count the bytes read.

const (
	bigTensors = 4
	bigDim     = 16384 // 4 tensors of 16384×16384 float32: 4 GiB of data
)

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// sparseWriter writes through to f, but turns runs of zeros into holes.
type sparseWriter struct{ f *os.File }

func (s sparseWriter) Write(p []byte) (int, error) {
	if len(p) >= 4096 && bytes.Count(p, []byte{0}) == len(p) {
		if _, err := s.f.Seek(int64(len(p)), io.SeekCurrent); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return s.f.Write(p)
}

func writeHole(w io.Writer, n int64) error {
	zero := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, int64(len(zero)))
		if _, err := w.Write(zero[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// torchPickle writes a protocol-2 state_dict pickle of float32 tensors as
// torch.save does (legacy adds the view field to persistent ids).
func torchPickle(names []string, dim int64, legacy bool) []byte {
	var b bytes.Buffer
	str := func(s string) {
		b.WriteByte('X')
		binary.Write(&b, binary.LittleEndian, uint32(len(s)))
		b.WriteString(s)
	}
	long := func(v int64) { b.Write([]byte{0x8a, 8}); binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("\x80\x02ccollections\nOrderedDict\n)R(")
	for i, n := range names {
		str(n)
		b.WriteString("ctorch._utils\n_rebuild_tensor_v2\n((")
		str("storage")
		b.WriteString("ctorch\nFloatStorage\n")
		str(fmt.Sprint(i))
		str("cpu")
		long(dim * dim)
		if legacy {
			b.WriteByte('N')
		}
		b.WriteString("tQK\x00")
		long(dim)
		long(dim)
		b.WriteString("\x86")
		long(dim)
		b.WriteString("K\x01\x86\x89ccollections\nOrderedDict\n)RtR")
	}
	b.WriteString("u.")
	return b.Bytes()
}

func bigNames() []string {
	var out []string
	for i := range bigTensors {
		out = append(out, fmt.Sprintf("layers.%d.weight", i))
	}
	return out
}

func writeBigZip(t testing.TB, path string) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(sparseWriter{f})
	pk := torchPickle(bigNames(), bigDim, false)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "big/data.pkl", Method: zip.Store})
	w.Write(pk)
	for i := range bigTensors {
		n := uint64(bigDim * bigDim * 4)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("big/data/%d", i), Method: zip.Store,
			CompressedSize64: n, UncompressedSize64: n})
		if err != nil {
			t.Fatal(err)
		}
		if err := writeHole(w, int64(n)); err != nil {
			t.Fatal(err)
		}
	}
	w, _ = zw.CreateHeader(&zip.FileHeader{Name: "big/version", Method: zip.Store})
	w.Write([]byte("3\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeBigLegacy(t testing.TB, path string) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// magic, protocol 1001, sys_info, the object, the storage keys.
	f.WriteString("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.")
	f.WriteString("\x80\x02M\xe9\x03.")
	f.WriteString("\x80\x02}.")
	f.Write(torchPickle(bigNames(), bigDim, true))
	f.WriteString("\x80\x02]q\x00(")
	for i := range bigTensors {
		fmt.Fprintf(f, "X\x01\x00\x00\x00%d", i)
	}
	f.WriteString("e.")
	w := sparseWriter{f}
	for range bigTensors {
		binary.Write(f, binary.LittleEndian, int64(bigDim*bigDim))
		if err := writeHole(w, bigDim*bigDim*4); err != nil {
			t.Fatal(err)
		}
	}
	// A hole at the very end is not part of the file: write its last byte.
	f.Seek(-1, io.SeekCurrent)
	f.Write([]byte{0})
}

func writeBigSafetensors(t testing.TB, path string) {
	hdr := map[string]any{"__metadata__": map[string]string{"format": "pt"}}
	n := int64(bigDim * bigDim * 4)
	for i, name := range bigNames() {
		hdr[name] = map[string]any{"dtype": "F32", "shape": []int64{bigDim, bigDim}, "data_offsets": []int64{int64(i) * n, int64(i+1) * n}}
	}
	h, _ := json.Marshal(hdr)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	binary.Write(f, binary.LittleEndian, uint64(len(h)))
	f.Write(h)
	if err := f.Truncate(8 + int64(len(h)) + bigTensors*n); err != nil {
		t.Fatal(err)
	}
}

func writeBigGGUF(t testing.TB, path string) {
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	str := func(s string) { le(uint64(len(s))); b.WriteString(s) }
	b.WriteString("GGUF")
	le(uint32(3))
	le(uint64(bigTensors))
	le(uint64(1))
	str("general.architecture")
	le(uint32(8))
	str("llama")
	n := int64(bigDim * bigDim * 4)
	for i, name := range bigNames() {
		str(name)
		le(uint32(2))
		le(uint64(bigDim))
		le(uint64(bigDim))
		le(uint32(0)) // F32
		le(uint64(int64(i) * n))
	}
	for b.Len()%32 != 0 {
		b.WriteByte(0)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write(b.Bytes())
	if err := f.Truncate(int64(b.Len()) + bigTensors*n); err != nil {
		t.Fatal(err)
	}
}

var bigFormats = []struct {
	name, file string
	write      func(testing.TB, string)
}{
	{"torch-zip", "big.pt", writeBigZip},
	{"torch-legacy", "big_legacy.pt", writeBigLegacy},
	{"safetensors", "big.safetensors", writeBigSafetensors},
	{"gguf", "big.gguf", writeBigGGUF},
}

// openCounting opens path through detection and returns the bytes read
// (the 4 KiB header ReadInput takes included).
func openCounting(t testing.TB, path string) int64 {
	in, err := ReadInput(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := &countingReaderAt{r: f}
	in.ReaderAt = c
	ms, err := Open(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ms[0].Weights(); len(got) != bigTensors || got[0].Count() != bigDim*bigDim {
		t.Fatalf("read %d tensors", len(got))
	}
	return c.n.Load() + int64(len(in.Data))
}

// TestCheckpointHeadersOnly checks that a 4 GiB checkpoint of each format
// costs a few kilobytes of reading.
func TestCheckpointHeadersOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	for _, bf := range bigFormats {
		path := filepath.Join(dir, bf.file)
		bf.write(t, path)
		st, _ := os.Stat(path)
		n := openCounting(t, path)
		t.Logf("%-13s %d-byte file: %d bytes read", bf.name, st.Size(), n)
		if n > 64<<10 {
			t.Errorf("%s: read %d bytes of a %d-byte file", bf.name, n, st.Size())
		}
		os.Remove(path)
	}
}

// BenchmarkCheckpointHeaders reports the bytes read per open of a 4 GiB
// sparse checkpoint of each format.
func BenchmarkCheckpointHeaders(b *testing.B) {
	dir := b.TempDir()
	for _, bf := range bigFormats {
		path := filepath.Join(dir, bf.file)
		bf.write(b, path)
		st, _ := os.Stat(path)
		b.Run(bf.name, func(b *testing.B) {
			var n int64
			for b.Loop() {
				n = openCounting(b, path)
			}
			b.ReportMetric(float64(n), "bytes-read/op")
			b.ReportMetric(float64(st.Size()), "file-bytes")
		})
		os.Remove(path)
	}
}

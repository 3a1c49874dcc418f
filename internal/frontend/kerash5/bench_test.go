package kerash5

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

// countingReaderAt counts the bytes and calls a reader serves.
type countingReaderAt struct {
	r            io.ReaderAt
	bytes, calls atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.bytes.Add(int64(n))
	c.calls.Add(1)
	return n, err
}

// sparseFile rebuilds testdata/h5/bench_sparse.chunks.gz (written by
// tools/oracle/h5/make_h5.py --bench) as a sparse file: a legacy Keras
// weights file of 200 Dense(2048) layers, 3.36 GB of allocated but never
// written weights. Only its metadata extents are written; the weights are
// holes, so the file takes a few MB of disk.
func sparseFile(tb testing.TB) (string, int64) {
	tb.Helper()
	chunks := seedFile("bench_sparse.chunks.gz")
	if p := os.Getenv("NETSUM_SPARSE_CHUNKS"); p != "" {
		chunks = p // another layer count: make_h5.bench_sparse(layers=N) output
	}
	src, err := os.Open(chunks)
	if err != nil {
		tb.Fatal(err)
	}
	defer src.Close()
	zr, err := gzip.NewReader(src)
	if err != nil {
		tb.Fatal(err)
	}
	r := bufio.NewReader(zr)
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil || string(hdr[:8]) != "NSPARSE1" {
		tb.Fatalf("bad chunks file: %v", err)
	}
	size := int64(binary.LittleEndian.Uint64(hdr[8:]))
	path := filepath.Join(tb.TempDir(), "sparse_weights.h5")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		tb.Skipf("cannot make a %d-byte sparse file here: %v", size, err)
	}
	for {
		var ch [12]byte
		if _, err := io.ReadFull(r, ch[:]); err == io.EOF {
			break
		} else if err != nil {
			tb.Fatal(err)
		}
		off := int64(binary.LittleEndian.Uint64(ch[:8]))
		n := int(binary.LittleEndian.Uint32(ch[8:]))
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			tb.Fatal(err)
		}
		if _, err := f.WriteAt(buf, off); err != nil {
			tb.Fatal(err)
		}
	}
	return path, size
}

func readSparse(tb testing.TB, path string) (*graph.Model, *countingReaderAt) {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	cr := &countingReaderAt{r: f}
	m, err := Open(cr, st.Size(), Options{File: "sparse_weights.h5"})
	if err != nil {
		tb.Fatal(err)
	}
	return m, cr
}

// TestSparseReadsMetadataOnly checks that a 3.36 GB weights file costs
// metadata reads only.
func TestSparseReadsMetadataOnly(t *testing.T) {
	path, size := sparseFile(t)
	m, cr := readSparse(t, path)
	if os.Getenv("NETSUM_SPARSE_CHUNKS") != "" {
		t.Skip("custom sparse file")
	}
	if len(m.Layers) != 200 {
		t.Errorf("%d layers, want 200", len(m.Layers))
	}
	total, _, _, _ := graph.Counts(m.Weights())
	if want := int64(200 * (2048*2048 + 2048)); total != want {
		t.Errorf("total = %d, want %d", total, want)
	}
	if read := cr.bytes.Load(); read > 4<<20 || read*500 > size {
		t.Errorf("read %d bytes of a %d-byte file", read, size)
	}
	t.Logf("file %d bytes, read %d bytes in %d calls", size, cr.bytes.Load(), cr.calls.Load())
}

// BenchmarkSparseWeights reads the sparse 3.36 GB file; bytes/op is the
// bytes the reader fetched from the file per summary.
func BenchmarkSparseWeights(b *testing.B) {
	path, size := sparseFile(b)
	b.ResetTimer()
	var read, calls int64
	for i := 0; i < b.N; i++ {
		_, cr := readSparse(b, path)
		read, calls = cr.bytes.Load(), cr.calls.Load()
	}
	b.ReportMetric(float64(read), "file-bytes-read/op")
	b.ReportMetric(float64(calls), "ReadAt-calls/op")
	b.ReportMetric(float64(size), "file-size-bytes")
}

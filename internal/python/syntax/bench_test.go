package syntax

import (
	"os"
	"path/filepath"
	"testing"
)

// installedApplications is Debian's python3-keras-applications: 228 KB of
// model code that `from keras_applications import ...` parses whole (its
// __init__ imports every model module).
const installedApplications = "/usr/lib/python3/dist-packages/keras_applications"

func applicationsSources(b *testing.B) map[string][]byte {
	files, _ := filepath.Glob(filepath.Join(installedApplications, "*.py"))
	if len(files) == 0 {
		b.Skip("keras_applications is not installed (apt-get install python3-keras-applications)")
	}
	out := map[string][]byte{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out[f] = src
	}
	return out
}

// BenchmarkParseApplications is the cold parse of a model library (what a
// fresh netsum process pays before the parse cache helps): every file of
// keras_applications through tree-sitter, the CST copy, the AST and name
// resolution.
func BenchmarkParseApplications(b *testing.B) {
	srcs := applicationsSources(b)
	n := 0
	for _, src := range srcs {
		n += len(src)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for name, src := range srcs {
			if _, err := parse(name, src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCSTApplications is the tree-sitter part alone: parsing and
// copying the tree into Go.
func BenchmarkCSTApplications(b *testing.B) {
	srcs := applicationsSources(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, src := range srcs {
			parseCST(src)
		}
	}
}

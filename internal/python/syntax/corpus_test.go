package syntax_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/python/syntax"
)

// TestParseInstalledPython parses real-world model code installed on the
// machine (Debian's keras-applications, torchvision), when present.
func TestParseInstalledPython(t *testing.T) {
	roots := []string{
		"/usr/lib/python3/dist-packages/keras_applications",
		"/usr/lib/python3/dist-packages/torchvision/models",
		"/usr/lib/python3/dist-packages/torch/nn",
		os.Getenv("PARSE_EXTRA"),
	}
	n := 0
	for _, root := range roots {
		if _, err := os.Stat(root); err != nil {
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".py") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			n++
			if _, err := syntax.Parse(path, src); err != nil {
				t.Errorf("%v", err)
			}
			return nil
		})
	}
	if n == 0 {
		t.Skip("no installed Python sources")
	}
	t.Logf("parsed %d files", n)
}

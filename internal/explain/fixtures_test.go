package explain_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/summary"
)

// fixture is one model file the project keeps for tests.
type fixture struct {
	name, path string
}

// fixtures lists every Keras JSON model of the project: the tfjs oracle
// fixtures, the seed in each dialect and this package's own models.
func fixtures(t *testing.T) []fixture {
	t.Helper()
	var out []fixture
	for _, pat := range []string{
		filepath.Join("..", "..", "testdata", "tfjs", "*.json"),
		filepath.Join("..", "..", "testdata", "keras", "*.json"),
		filepath.Join("testdata", "models", "*.json"),
	} {
		files, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		for _, f := range files {
			if strings.HasSuffix(f, ".expected.json") {
				continue
			}
			out = append(out, fixture{name: strings.TrimSuffix(filepath.Base(f), ".json"), path: f})
		}
	}
	if len(out) == 0 {
		t.Skip("no fixtures")
	}
	return out
}

// fixturePath finds a fixture by name.
func fixturePath(t *testing.T, name string) string {
	t.Helper()
	for _, f := range fixtures(t) {
		if f.name == name {
			return f.path
		}
	}
	t.Fatalf("no fixture %s", name)
	return ""
}

// load parses a fixture; ok is false for fixtures Keras itself refuses.
func load(t *testing.T, path string) (*summary.Summary, bool) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := kerasjson.Parse(src, kerasjson.Options{File: filepath.Base(path)})
	if err != nil {
		return nil, false
	}
	return summary.Build(m), true
}

func mustLoad(t *testing.T, name string) *summary.Summary {
	t.Helper()
	s, ok := load(t, fixturePath(t, name))
	if !ok {
		t.Fatalf("%s does not load", name)
	}
	return s
}

// eachRow visits rows and their nested rows.
func eachRow(rows []summary.Row, fn func(r *summary.Row)) {
	for i := range rows {
		fn(&rows[i])
		eachRow(rows[i].Sub, fn)
	}
}

package tfjsfile

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/frontend/kerash5"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestGolden(t *testing.T) {
	for _, name := range []string{"seed_layers_model.json", "seed_layers_mismatch.json", "seed_graph_model.json"} {
		t.Run(name, func(t *testing.T) {
			m, err := parseFile(t, filepath.Join("testdata", name), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			kerash5.Dump(&out, m)
			golden := filepath.Join("testdata", strings.TrimSuffix(name, ".json")+".golden")
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
				t.Errorf("output differs from %s; got:\n%s", golden, out.String())
			}
		})
	}
}

package kerasfile

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
			var out bytes.Buffer
			kerash5.Dump(&out, m)
			golden := filepath.Join("testdata", strings.TrimSuffix(name, ".keras")+".golden")
			if *update {
				os.MkdirAll("testdata", 0o755)
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

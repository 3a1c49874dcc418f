package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateTorch = flag.Bool("update-torch", false, "rewrite cmd/netsum/testdata/*.ckpt.golden")

const torchDir = "../../testdata/torch/"

// TestCheckpointCLI prints the fixtures as the CLI does: the checkpoint
// table by default, torchinfo's table with --style torchinfo; hostile
// files exit 1 with nothing on stdout.
func TestCheckpointCLI(t *testing.T) {
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"seed_cnn.ckpt.golden", []string{torchDir + "seed_cnn.pt"}},
		{"train_ckpt.ckpt.golden", []string{torchDir + "train_ckpt.pt"}},
		{"tied.ckpt.golden", []string{torchDir + "tied_legacy.pt"}},
		{"mixed_st.ckpt.golden", []string{torchDir + "mixed.safetensors"}},
		{"tiny_gguf.ckpt.golden", []string{torchDir + "tiny.gguf"}},
		{"bn_net_torchinfo.ckpt.golden", []string{"--style", "torchinfo", torchDir + "bn_net_tar.pt"}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			path := filepath.Join("testdata", c.golden)
			if *updateTorch {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update-torch)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s; got:\n%s", path, out)
			}
		})
	}
	files, _ := filepath.Glob(torchDir + "hostile/*")
	for _, f := range files {
		code, out, errOut := runCLI(t, "", f)
		if code != 1 || out != "" || !strings.Contains(errOut, "refusing to load: pickle calls ") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", f, code, out, errOut)
		}
	}
}

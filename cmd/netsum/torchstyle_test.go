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

// TestTorchInputs: --input-size repeated gives forward several inputs and
// --input-dtype their dtype (torchinfo's input_size list and dtypes=); the
// tables are real torchinfo 1.8.0's (testdata/pytorch/torchinfo/X.txt,
// tools/oracle/torch/torchinfo_tables.py; Python 3.11's enum unit labels
// aside).
func TestTorchInputs(t *testing.T) {
	const dir = "../../testdata/pytorch/torchinfo/"
	for _, c := range []struct {
		name string
		args []string
	}{
		{"twoinputs", []string{"--input-size", "1,3,16,16", "--input-size", "1,10"}},
		{"twoinputs", []string{"--input-size", "1,3,16,16;1,10"}},
		{"embedding", []string{"--input-size", "2,12", "--input-dtype", "long"}},
	} {
		code, out, errOut := runCLI(t, "", append(append([]string{"--style", "torchinfo"}, c.args...), dir+c.name+".py")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, errOut)
		}
		want, err := os.ReadFile(dir + c.name + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		w := strings.ReplaceAll(string(want), "(Units.MEGABYTES)", "(M)")
		if out == "" || !strings.HasPrefix(w, out) {
			t.Errorf("%v: got\n%s\nwant\n%s", c.args, out, w)
		}
	}
	for _, args := range [][]string{
		{"--input-size", "2,12", "--input-dtype", "lng"},
		{"--input-size", "2,12", "--input-dtype", "long,long"},
	} {
		if code, _, _ := runCLI(t, "", append(args, dir+"embedding.py")...); code == 0 {
			t.Errorf("%v: exit 0", args)
		}
	}
}

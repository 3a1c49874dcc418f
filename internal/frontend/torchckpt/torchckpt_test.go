package torchckpt

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const dir = "../../../testdata/torch"

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func open(b []byte, name string) error {
	_, err := Open(bytes.NewReader(b), int64(len(b)), Options{File: name})
	return err
}

func TestMatch(t *testing.T) {
	for name, want := range map[string]bool{
		"seed_cnn.pt": true, "seed_cnn_legacy.pt": true, "bn_net_tar.pt": true, "bn_net_plain.pkl": true,
		"hostile/os_system.pkl": true, "seed_cnn.safetensors": false, "tiny.gguf": false,
	} {
		b := read(t, name)
		if got := Match(name, b[:min(len(b), 4096)]); got != want {
			t.Errorf("Match(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestHostileZip(t *testing.T) {
	err := open(read(t, "hostile/os_system_zip.pt"), "x.pt")
	if err == nil || err.Error() != "x.pt:archive/data.pkl: refusing to load: pickle calls os.system (GLOBAL 'posix system') at byte 2" {
		t.Errorf("got %v", err)
	}
	err = open(read(t, "hostile/full_model.pt"), "m.pt")
	if err == nil || !strings.Contains(err.Error(), "GLOBAL 'torch.nn.modules.container Sequential'") || !strings.Contains(err.Error(), "state_dict") {
		t.Errorf("got %v", err)
	}
}

// rezip copies a zip checkpoint, letting edit change entries.
func rezip(t *testing.T, b []byte, edit func(name string, data []byte) (string, []byte)) []byte {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		name, data := edit(f.Name, data)
		if name == "" {
			continue
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

func TestBadZip(t *testing.T) {
	good := read(t, "bn_net.pt")
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "a zip archive that cannot be read (truncated or corrupt?)"},
		{"truncated tail", good[:len(good)-10], "a zip archive that cannot be read"},
		{"short storage", rezip(t, good, func(n string, d []byte) (string, []byte) {
			if strings.HasSuffix(n, "data/0") {
				return n, d[:len(d)-4]
			}
			return n, d
		}), "storage 0 needs 108×4 bytes but record bn_net/data/0 holds 428"},
		{"missing storage", rezip(t, good, func(n string, d []byte) (string, []byte) {
			if strings.HasSuffix(n, "data/1") {
				return "", nil
			}
			return n, d
		}), "storage 1 has no record bn_net/data/1 in the archive"},
		{"no data.pkl", rezip(t, good, func(n string, d []byte) (string, []byte) {
			if strings.HasSuffix(n, "data.pkl") {
				return "", nil
			}
			return n, d
		}), "without */data.pkl"},
		{"torchscript", rezip(t, good, func(n string, d []byte) (string, []byte) {
			if strings.HasSuffix(n, "version") {
				return strings.Replace(n, "version", "constants.pkl", 1), d
			}
			return n, d
		}), "TorchScript"},
		{"cut pickle", rezip(t, good, func(n string, d []byte) (string, []byte) {
			if strings.HasSuffix(n, "data.pkl") {
				return n, d[:len(d)/2]
			}
			return n, d
		}), "truncated pickle"},
	} {
		err := open(c.data, "bn_net.pt")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

func TestBadLegacy(t *testing.T) {
	good := read(t, "bn_net_legacy.pt")
	err := open(good[:len(good)-3], "l.pt")
	if err == nil || !strings.Contains(err.Error(), "runs past the end of the file (truncated?)") {
		t.Errorf("truncated data: %v", err)
	}
	err = open(good[:200], "l.pt")
	if err == nil || !strings.Contains(err.Error(), "pickle") {
		t.Errorf("truncated pickle: %v", err)
	}
	tar := read(t, "bn_net_tar.pt")
	err = open(tar[:3000], "t.pt")
	if err == nil {
		t.Errorf("truncated tar: no error")
	}
}

func TestPickAndNotes(t *testing.T) {
	b := read(t, "train_ckpt.pt")
	m, err := Open(bytes.NewReader(b), int64(len(b)), Options{File: "train_ckpt.pt"})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(m.Notes, "\n")
	for _, want := range []string{
		`model tensors: the "state_dict" entry of the checkpoint`,
		"also in the checkpoint: epoch: 7",
		"also in the checkpoint: optimizer: dict (2 items), 7 tensors",
		"also in the checkpoint: best_acc: 0.875",
		`also in the checkpoint: arch: "bn_net"`,
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

package pytorch

import (
	"bytes"
	"os"
	"testing"

	"github.com/netsum/netsum/internal/cost"
	"github.com/netsum/netsum/internal/render/torchinfo"
	"github.com/netsum/netsum/internal/summary"
)

func TestSeed(t *testing.T) {
	src, err := os.ReadFile("../../testdata/pytorch/seed.py")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Open("../../testdata/pytorch/seed.py", src, Options{InputSize: []int64{1, 1, 28, 28}})
	if err != nil {
		t.Fatal(err)
	}
	s := summary.Build(ms[0])
	if s.Totals.Params != 154798 {
		t.Errorf("params = %d, want 154798", s.Totals.Params)
	}
}

func TestSeedTorchinfo(t *testing.T) {
	src, err := os.ReadFile("../../testdata/pytorch/seed.py")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Open("seed.py", src, Options{InputSize: []int64{1, 1, 28, 28}})
	if err != nil {
		t.Fatal(err)
	}
	ms[0].SourceFormat = "python"
	s := summary.Build(ms[0])
	if err := cost.Annotate(s, cost.Options{Batch: 1, Convention: cost.Torchinfo}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := torchinfo.Render(&b, s, torchinfo.Options{}); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../testdata/pytorch/seed.torchinfo.golden")
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

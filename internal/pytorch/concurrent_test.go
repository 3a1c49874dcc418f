package pytorch

import (
	"os"
	"sync"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// TestConcurrentOpen runs several models at once, as netsum serve does:
// the shared classes and tables are read-only after setup (go test -race).
func TestConcurrentOpen(t *testing.T) {
	src, err := os.ReadFile("../../testdata/pytorch/seed.py")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ms, err := Open("seed.py", src, Options{InputSize: []int64{1, 1, 28, 28}})
			if err != nil {
				errs <- err
				return
			}
			if s := summary.Build(ms[0]); s.Totals.Params != 154798 {
				t.Errorf("params %d", s.Totals.Params)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

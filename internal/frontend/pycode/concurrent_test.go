package pycode

import (
	"os"
	"sync"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// TestConcurrentOpen runs Keras model code on several goroutines at once,
// as netsum serve does (go test -race).
func TestConcurrentOpen(t *testing.T) {
	src, err := os.ReadFile("../../../examples/seed.py")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ms, err := Open("seed.py", src, Options{})
			if err != nil {
				t.Error(err)
				return
			}
			if s := summary.Build(ms[0]); s.Totals.Params != 154798 {
				t.Errorf("params %d", s.Totals.Params)
			}
		}()
	}
	wg.Wait()
}

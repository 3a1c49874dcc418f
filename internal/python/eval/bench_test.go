package eval_test

import (
	"testing"

	"github.com/netsum/netsum/internal/python/eval"
)

// BenchmarkLoop runs a one-million-iteration loop; steps/s tells the
// interpreter's speed.
func BenchmarkLoop(b *testing.B) {
	src := []byte(`
def f():
    s = 0
    for i in range(1000000):
        s += i
    return s
total = f()
`)
	var steps int64
	for i := 0; i < b.N; i++ {
		th := eval.NewThread(eval.Options{})
		if _, err := th.ExecFile("loop.py", src); err != nil {
			b.Fatal(err)
		}
		steps += th.Steps()
	}
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkCalls measures function calls, attribute access and method
// calls, the bulk of model-building code.
func BenchmarkCalls(b *testing.B) {
	src := []byte(`
class Layer(object):
    def __init__(self, units, name=None, **kwargs):
        self.units = units
        self.name = name
    def __call__(self, x):
        return x + self.units

def block(x, filters, stage):
    for i in range(3):
        x = Layer(filters * (i + 1), name="conv%d_%d" % (stage, i))(x)
    return x

x = 0
for stage in range(2000):
    x = block(x, 64, stage)
`)
	var steps int64
	for i := 0; i < b.N; i++ {
		th := eval.NewThread(eval.Options{})
		if _, err := th.ExecFile("calls.py", src); err != nil {
			b.Fatal(err)
		}
		steps += th.Steps()
	}
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "steps/s")
}

package eval_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsum/netsum/internal/python/eval"
)

type shapeError struct{ got, want int }

func (e *shapeError) Error() string { return fmt.Sprintf("shape %d, want %d", e.got, e.want) }

// nnModule builds a torch.nn-like module: Module tracks submodules assigned
// as attributes through a Go __setattr__.
func nnModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("nn")
	type state struct{ children []string }
	mod := eval.NewClass("Module").SetModule("nn")
	mod.OnNew = func(th *eval.Thread, inst *eval.Instance) error {
		inst.Native = &state{}
		return nil
	}
	mod.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.None, nil
	})
	mod.SetMethod("__setattr__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		inst := args[0].(*eval.Instance)
		name := string(args[1].(eval.String))
		if v, ok := args[2].(*eval.Instance); ok && v.Class.IsSubclass(eval.ClassOf(inst).MRO()[len(eval.ClassOf(inst).MRO())-2]) {
			inst.Native.(*state).children = append(inst.Native.(*state).children, name)
		}
		inst.SetAttrDirect(name, args[2])
		return eval.None, nil
	})
	mod.SetMethod("__call__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return th.CallMethod(args[0], "forward", args[1:], kwargs)
	})
	mod.SetMethod("children_names", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var out []eval.Value
		for _, c := range args[0].(*eval.Instance).Native.(*state).children {
			out = append(out, eval.String(c))
		}
		return eval.NewList(out), nil
	})
	m.Set("Module", mod)
	linear := eval.NewClass("Linear", mod).SetModule("nn")
	linear.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var self eval.Value
		var in, out int
		bias := true
		if err := eval.UnpackArgs("Linear", args, kwargs, "self", &self, "in_features", &in, "out_features", &out, "bias?", &bias); err != nil {
			return nil, err
		}
		if out <= 0 {
			return nil, eval.NewError(eval.ValueError, "out_features must be positive, got %d", out)
		}
		self.(*eval.Instance).SetAttrDirect("out_features", eval.Int(out))
		return eval.None, nil
	})
	linear.SetMethod("forward", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if n, ok := args[1].(eval.Int); ok && n < 0 {
			return nil, &shapeError{int(n), 1}
		}
		return th.GetAttr(args[0], "out_features")
	})
	m.Set("Linear", linear)
	m.Missing = func(th *eval.Thread, m *eval.Module, name string) (eval.Value, error) {
		th.Warn("nn."+name, "nn."+name+" is not implemented")
		return eval.NewOpaque(th, "nn", "nn."+name), nil
	}
	return m, nil
}

func run(t *testing.T, src string, opts eval.Options) (*eval.Thread, error) {
	t.Helper()
	if opts.Modules == nil {
		opts.Modules = map[string]eval.ModuleFunc{"nn": nnModule}
	}
	th := eval.NewThread(opts)
	_, err := th.ExecFile("model.py", []byte(src))
	return th, err
}

func TestGoClassSubclass(t *testing.T) {
	var out []string
	th, err := run(t, `
import nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.scale = 2
        self.fc2 = nn.Linear(8, 3)
    def forward(self, x):
        return self.fc2(self.fc1(x)) * self.scale
net = Net()
print(net(1), net.children_names(), isinstance(net, nn.Module))
act = nn.GELU()
`, eval.Options{Print: func(th *eval.Thread, s string) { out = append(out, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(out, "\n"), "6 ['fc1', 'fc2'] True"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if w := th.Warnings(); len(w) != 1 || !strings.Contains(w[0].String(), "nn.GELU is not implemented") {
		t.Errorf("warnings: %v", w)
	}
}

func TestNativeErrors(t *testing.T) {
	_, err := run(t, "import nn\nnn.Linear(2, 3)(-5)\n", eval.Options{})
	var se *shapeError
	if !errors.As(err, &se) || se.got != -5 {
		t.Fatalf("errors.As: %v", err)
	}
	if got := err.Error(); got != "model.py:2:16: shape -5, want 1" {
		t.Errorf("message %q", got)
	}
	// catchable from Python
	_, err = run(t, "import nn\ntry:\n    nn.Linear(2, 3)(-5)\nexcept Exception as e:\n    msg = str(e)\nassert msg == 'shape -5, want 1'\n", eval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = run(t, "import nn\nnn.Linear(2, out_featurs=3)\n", eval.Options{})
	if err == nil || !strings.Contains(err.Error(), "TypeError: Linear() got an unexpected keyword argument 'out_featurs' (did you mean 'out_features'?)") {
		t.Errorf("got %v", err)
	}
	_, err = run(t, "import nn\nnn.Linear(2, 0)\n", eval.Options{})
	if err == nil || err.Error() != "model.py:2:10: ValueError: out_features must be positive, got 0" {
		t.Errorf("got %v", err)
	}
	var ee *eval.EvalError
	if !errors.As(err, &ee) || ee.TypeName() != "ValueError" {
		t.Errorf("TypeName: %v", err)
	}
}

func TestBacktrace(t *testing.T) {
	_, err := run(t, `
def inner(x):
    return x["missing"]
def outer():
    return inner({})
outer()
`, eval.Options{})
	var ee *eval.EvalError
	if !errors.As(err, &ee) {
		t.Fatal(err)
	}
	want := `Traceback (most recent call last):
  model.py:6:6: in <module>
  model.py:5:17: in outer
  model.py:3:13: in inner
model.py:3:13: KeyError: 'missing'`
	if got := ee.Backtrace(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := run(t, "while True:\n    pass\n", eval.Options{Context: ctx, MaxSteps: -1})
	if !errors.Is(err, eval.ErrCanceled) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	th := eval.NewThread(eval.Options{MaxSteps: -1})
	go func() { time.Sleep(20 * time.Millisecond); th.Cancel("user stop") }()
	_, err = th.ExecFile("loop.py", []byte("x = 0\nwhile True:\n    x += 1\n"))
	if !errors.Is(err, eval.ErrCanceled) || !strings.Contains(err.Error(), "user stop") {
		t.Fatalf("got %v", err)
	}
	// budget errors are not catchable
	_, err = run(t, "try:\n    while True:\n        pass\nexcept BaseException:\n    pass\n", eval.Options{MaxSteps: 1000})
	if !errors.Is(err, eval.ErrSteps) {
		t.Fatalf("got %v", err)
	}
}

func TestGeneratorsDoNotLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		_, err := run(t, "def g():\n    while True:\n        yield 1\nfor i in range(10):\n    it = g()\n    next(it)\n", eval.Options{})
		if err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(10 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines: %d before, %d after", before, after)
	}
}

func TestConcurrentThreads(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := run(t, `
import nn, collections
class Net(nn.Module):
    def forward(self, x):
        return x
for i in range(200):
    n = Net()
    n.fc = nn.Linear(1, 2)
    d = collections.defaultdict(list)
    d[i].append(str(n(i)))
`, eval.Options{})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

func TestUnpackArgs(t *testing.T) {
	var filters, kernel int
	var padding = "valid"
	var rest []eval.KV
	var extra eval.Tuple
	err := eval.UnpackArgs("Conv2D", eval.Tuple{eval.Int(32), eval.Int(3), eval.Int(9)},
		[]eval.KV{{"padding", eval.String("same")}, {"name", eval.String("c1")}},
		"filters|nb_filter", &filters, "kernel_size", &kernel, "*args", &extra, "padding?", &padding, "**kwargs", &rest)
	if err != nil || filters != 32 || kernel != 3 || padding != "same" || len(rest) != 1 || len(extra) != 1 {
		t.Fatalf("err %v filters %d kernel %d padding %s rest %v extra %v", err, filters, kernel, padding, rest, extra)
	}
	err = eval.UnpackArgs("Conv2D", nil, []eval.KV{{"nb_filter", eval.Int(8)}}, "filters|nb_filter", &filters)
	if err != nil || filters != 8 {
		t.Fatalf("alias: %v %d", err, filters)
	}
	err = eval.UnpackArgs("Dense", nil, []eval.KV{{"unit", eval.Int(8)}}, "units", &filters)
	if err == nil || !strings.Contains(err.Error(), "did you mean 'units'") {
		t.Fatalf("got %v", err)
	}
	err = eval.UnpackArgs("Dense", nil, nil, "units", &filters)
	if err == nil || !strings.Contains(err.Error(), "missing required argument 'units'") {
		t.Fatalf("got %v", err)
	}
}

func TestUnknownModuleWarnsOnce(t *testing.T) {
	th, err := run(t, "import cv2\nimport cv2.dnn\nfrom cv2 import imread\nx = imread('a')\n", eval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := th.Warnings()
	if len(w) != 1 || w[0].String() != `model.py:1:8: warning: module "cv2" is not available; its values are treated as unknown` {
		t.Errorf("warnings %v", w)
	}
	if v, _ := th.Import("cv2"); !eval.IsOpaque(v) {
		t.Errorf("cv2 is %v", v)
	}
}

func TestSyntaxErrorList(t *testing.T) {
	th := eval.NewThread(eval.Options{})
	_, err := th.ExecFile("bad.py", []byte("x = (1,\ndef f(:\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "bad.py:") || !strings.Contains(err.Error(), "syntax error") {
		t.Fatalf("got %v", err)
	}
}

func TestAlias(t *testing.T) {
	eval.RegisterModule("fakekeras", func(th *eval.Thread) (*eval.Module, error) {
		return eval.NewModule("fakekeras").Set("VERSION", eval.Int(2)), nil
	})
	eval.RegisterModule("fakekeras.layers", func(th *eval.Thread) (*eval.Module, error) {
		return eval.NewModule("fakekeras.layers").Set("Dense", eval.String("dense")), nil
	})
	eval.RegisterAlias("faketf.keras", "fakekeras")
	_, err := run(t, `
import faketf.keras as k
from faketf.keras.layers import Dense
import fakekeras.layers
from faketf import keras
assert k.VERSION == 2 and Dense == "dense"
assert fakekeras.layers is k.layers
assert keras is k
`, eval.Options{})
	if err != nil {
		t.Fatal(err)
	}
}

func TestInMemoryFiles(t *testing.T) {
	_, err := run(t, `
import utils
from models.blocks import block
assert utils.helper() == 3
assert block() == "block:3"
`, eval.Options{Files: map[string][]byte{
		"utils.py":         []byte("def helper():\n    return 3\n"),
		"models/blocks.py": []byte("from utils import helper\ndef block():\n    return 'block:%d' % helper()\n"),
	}})
	if err != nil {
		t.Fatal(err)
	}
}

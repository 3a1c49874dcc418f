package eval_test

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

// tensor is a symbolic tensor: a shape, no data.
type tensor struct{ shape []int }

func (t *tensor) String() string { return fmt.Sprintf("<tensor shape=%v>", t.shape) }
func (t *tensor) Type() string   { return "Tensor" }

// Attr implements eval.HasAttrs: t.shape.
func (t *tensor) Attr(th *eval.Thread, name string) (eval.Value, error) {
	if name == "shape" {
		dims := make(eval.Tuple, len(t.shape))
		for i, d := range t.shape {
			dims[i] = eval.Int(d)
		}
		return dims, nil
	}
	return nil, nil // no such attribute: AttributeError with "did you mean"
}
func (t *tensor) AttrNames() []string { return []string{"shape"} }

// Binary implements eval.HasBinary: t + t keeps the shape.
func (t *tensor) Binary(th *eval.Thread, op eval.Op, y eval.Value, right bool) (eval.Value, error) {
	u, ok := y.(*tensor)
	if !ok || op != syntax.Add {
		return nil, nil // not implemented: TypeError
	}
	if fmt.Sprint(t.shape) != fmt.Sprint(u.shape) {
		return nil, eval.NewError(eval.ValueError, "shapes %v and %v differ", t.shape, u.shape)
	}
	return &tensor{shape: t.shape}, nil
}

// layerState is the Go side of a tiny.Layer instance.
type layerState struct{ calls int }

func tinyModule(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("tiny")
	layer := eval.NewClass("Layer").SetModule("tiny")
	layer.OnNew = func(th *eval.Thread, inst *eval.Instance) error {
		inst.Native = &layerState{}
		return nil
	}
	layer.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var self eval.Value
		name := ""
		if err := eval.UnpackArgs("Layer", args, kwargs, "self", &self, "name?", &name); err != nil {
			return nil, err
		}
		if name == "" {
			name = strings.ToLower(eval.ClassOf(self).Name())
		}
		return eval.None, th.SetAttr(self, "name", eval.String(name))
	})
	layer.SetMethod("__call__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var self, x eval.Value
		if err := eval.UnpackArgs("Layer.__call__", args, kwargs, "self", &self, "inputs", &x); err != nil {
			return nil, err
		}
		inst := self.(*eval.Instance)
		inst.Native.(*layerState).calls++
		out, err := th.CallMethod(inst, "call", eval.Tuple{x}, nil) // the Python override
		if err != nil {
			return nil, err
		}
		name, _ := th.GetAttr(inst, "name")
		fmt.Printf("Go saw layer %s (%s) called at %s\n", name, inst.Class.Name(), th.Pos())
		return out, nil
	})
	m.Set("Layer", layer)
	m.SetFunc("Input", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var shape []int
		if err := eval.UnpackArgs("Input", args, kwargs, "shape", &shape); err != nil {
			return nil, err
		}
		return &tensor{shape: shape}, nil
	})
	return m, nil
}

func Example() {
	eval.RegisterModule("tiny", tinyModule)

	src := `
import tiny

class Double(tiny.Layer):
    def __init__(self, factor=2, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x + x

x = tiny.Input((3, 4))
y = Double(name="dbl")(x)
print(y.shape)
z = Double()(y)
print(z.shape[1], y.shap)
`
	th := eval.NewThread(eval.Options{
		Print: func(th *eval.Thread, line string) { fmt.Println("print:", line) },
	})
	_, err := th.ExecFile("model.py", []byte(src))
	fmt.Println(err)
	// Output:
	// Go saw layer dbl (Double) called at model.py:13:23
	// print: (3, 4)
	// Go saw layer double (Double) called at model.py:15:13
	// model.py:16:21: AttributeError: 'Tensor' object has no attribute 'shap' (did you mean 'shape'?)
}

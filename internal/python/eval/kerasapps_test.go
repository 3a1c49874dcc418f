package eval_test

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/netsum/netsum/internal/python/eval"
)

// mockTensor stands for a symbolic tensor in the keras_applications test.
type mockTensor struct{}

func (*mockTensor) String() string { return "<mock tensor>" }
func (*mockTensor) Type() string   { return "Tensor" }
func (t *mockTensor) Binary(th *eval.Thread, op eval.Op, y eval.Value, right bool) (eval.Value, error) {
	return &mockTensor{}, nil
}
func (t *mockTensor) Attr(th *eval.Thread, name string) (eval.Value, error) {
	if name == "shape" || name == "_keras_shape" {
		return eval.Tuple{eval.None, eval.Int(224), eval.Int(224), eval.Int(3)}, nil
	}
	return nil, nil
}
func (t *mockTensor) AttrNames() []string { return []string{"shape"} }

type layerLog struct{ calls int }

func mockKeras(log *layerLog) map[string]eval.ModuleFunc {
	tensorFn := func(name string) *eval.Builtin {
		return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			log.calls++
			return &mockTensor{}, nil
		})
	}
	return map[string]eval.ModuleFunc{
		"mock_backend": func(th *eval.Thread) (*eval.Module, error) {
			m := eval.NewModule("mock_backend")
			m.SetFunc("image_data_format", func(*eval.Thread, eval.Tuple, []eval.KV) (eval.Value, error) {
				return eval.String("channels_last"), nil
			})
			m.SetFunc("backend", func(*eval.Thread, eval.Tuple, []eval.KV) (eval.Value, error) {
				return eval.String("tensorflow"), nil
			})
			m.SetFunc("int_shape", func(*eval.Thread, eval.Tuple, []eval.KV) (eval.Value, error) {
				return eval.Tuple{eval.None, eval.Int(224), eval.Int(224), eval.Int(3)}, nil
			})
			m.SetFunc("name_scope", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
				return eval.NewOpaque(th, "mock_backend", "name_scope"), nil
			})
			m.SetFunc("is_keras_tensor", func(*eval.Thread, eval.Tuple, []eval.KV) (eval.Value, error) { return eval.True, nil })
			m.Missing = func(th *eval.Thread, m *eval.Module, name string) (eval.Value, error) { return tensorFn(name), nil }
			return m, nil
		},
		"mock_layers": func(th *eval.Thread) (*eval.Module, error) {
			m := eval.NewModule("mock_layers")
			layer := eval.NewClass("Layer").SetModule("mock_layers")
			layer.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
				return eval.None, nil
			})
			layer.SetMethod("__call__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
				log.calls++
				return &mockTensor{}, nil
			})
			classes := map[string]*eval.Class{}
			m.Missing = func(th *eval.Thread, m *eval.Module, name string) (eval.Value, error) {
				if name == "Input" || unicode.IsLower(rune(name[0])) {
					return tensorFn(name), nil
				}
				if c, ok := classes[name]; ok {
					return c, nil
				}
				c := eval.NewClass(name, layer).SetModule("mock_layers")
				classes[name] = c
				return c, nil
			}
			return m, nil
		},
		"mock_models": func(th *eval.Thread) (*eval.Module, error) {
			m := eval.NewModule("mock_models")
			model := eval.NewClass("Model").SetModule("mock_models")
			model.SetMethod("__init__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
				for _, kv := range kwargs {
					if kv.Name == "name" {
						args[0].(*eval.Instance).SetAttrDirect("name", kv.Value)
					}
				}
				return eval.None, nil
			})
			m.Set("Model", model)
			return m, nil
		},
		"mock_utils": func(th *eval.Thread) (*eval.Module, error) {
			m := eval.NewModule("mock_utils")
			m.SetFunc("get_source_inputs", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
				return eval.NewList([]eval.Value{args[0]}), nil
			})
			return m, nil
		},
	}
}

// TestKerasApplications runs the model-building functions of Debian's
// keras_applications package (Keras 2 era code) against mock Keras modules.
func TestKerasApplications(t *testing.T) {
	const dir = "/usr/lib/python3/dist-packages"
	if _, err := os.Stat(dir + "/keras_applications/resnet50.py"); err != nil {
		t.Skip("keras_applications is not installed")
	}
	src := `
import mock_backend, mock_layers, mock_models, mock_utils
from keras_applications import resnet50, vgg16, vgg19, inception_v3, xception, mobilenet, mobilenet_v2, densenet, nasnet, inception_resnet_v2, resnet, resnet_v2, resnext
kw = dict(backend=mock_backend, layers=mock_layers, models=mock_models, utils=mock_utils)
names = []
for build in [resnet50.ResNet50, vgg16.VGG16, vgg19.VGG19, inception_v3.InceptionV3, xception.Xception,
              mobilenet.MobileNet, mobilenet_v2.MobileNetV2, densenet.DenseNet121, nasnet.NASNetMobile,
              inception_resnet_v2.InceptionResNetV2, resnet.ResNet101, resnet_v2.ResNet50V2, resnext.ResNeXt50]:
    m = build(weights=None, input_shape=(224, 224, 3), **kw)
    names.append(m.name)
`
	// only keras_applications: not the real numpy next to it
	tmp := t.TempDir()
	if err := os.Symlink(dir+"/keras_applications", tmp+"/keras_applications"); err != nil {
		t.Fatal(err)
	}
	log := &layerLog{}
	var warnings []string
	th := eval.NewThread(eval.Options{SearchPath: []string{tmp}, Modules: mockKeras(log)})
	start := time.Now()
	mod, err := th.ExecFile("apps.py", []byte(src))
	elapsed := time.Since(start)
	if err != nil {
		if ee, ok := err.(*eval.EvalError); ok {
			t.Fatal(ee.Backtrace())
		}
		t.Fatal(err)
	}
	for _, w := range th.Warnings() {
		warnings = append(warnings, w.String())
	}
	names, _ := mod.Get("names")
	want := "['resnet50', 'vgg16', 'vgg19', 'inception_v3', 'xception', 'mobilenet_1.00_224', 'mobilenetv2_1.00_224', 'densenet121', 'NASNet', 'inception_resnet_v2', 'resnet101', 'resnet50v2', 'resnext50']"
	if got := eval.Repr(names); got != want {
		t.Errorf("names = %s\nwant %s", got, want)
	}
	t.Logf("%d layer calls in %v (%d steps); warnings: %s", log.calls, elapsed, th.Steps(), strings.Join(warnings, "; "))
	if log.calls < 3000 {
		t.Errorf("only %d layer calls", log.calls)
	}
}

// BenchmarkResNet50 builds keras_applications' ResNet50 (parsing included)
// against mock Keras modules.
func BenchmarkResNet50(b *testing.B) {
	const dir = "/usr/lib/python3/dist-packages"
	if _, err := os.Stat(dir + "/keras_applications/resnet50.py"); err != nil {
		b.Skip("keras_applications is not installed")
	}
	tmp := b.TempDir()
	os.MkdirAll(tmp+"/keras_applications", 0o755)
	for _, f := range []string{"resnet50.py", "imagenet_utils.py"} {
		data, _ := os.ReadFile(dir + "/keras_applications/" + f)
		os.WriteFile(tmp+"/keras_applications/"+f, data, 0o644)
	}
	init, _ := os.ReadFile(dir + "/keras_applications/__init__.py")
	os.WriteFile(tmp+"/keras_applications/__init__.py", []byte(strings.Split(string(init), "__version__")[0]), 0o644)
	src := []byte(`
import mock_backend, mock_layers, mock_models, mock_utils
from keras_applications import resnet50
m = resnet50.ResNet50(weights=None, backend=mock_backend, layers=mock_layers, models=mock_models, utils=mock_utils)
`)
	for i := 0; i < b.N; i++ {
		log := &layerLog{}
		th := eval.NewThread(eval.Options{SearchPath: []string{tmp}, Modules: mockKeras(log)})
		if _, err := th.ExecFile("r.py", src); err != nil {
			b.Fatal(err)
		}
	}
}

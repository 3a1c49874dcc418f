package pykeras

import (
	"strings"

	"github.com/netsum/netsum/internal/python/eval"
)

// applicationModules maps keras.applications model functions to the
// keras_applications module that defines them.
var applicationModules = map[string]string{
	"VGG16": "vgg16", "VGG19": "vgg19", "ResNet50": "resnet50", "ResNet101": "resnet", "ResNet152": "resnet",
	"ResNet50V2": "resnet_v2", "ResNet101V2": "resnet_v2", "ResNet152V2": "resnet_v2", "ResNeXt50": "resnext",
	"ResNeXt101": "resnext", "InceptionV3": "inception_v3", "InceptionResNetV2": "inception_resnet_v2",
	"Xception": "xception", "MobileNet": "mobilenet", "MobileNetV2": "mobilenet_v2", "DenseNet121": "densenet",
	"DenseNet169": "densenet", "DenseNet201": "densenet", "NASNetMobile": "nasnet", "NASNetLarge": "nasnet",
}

// application resolves keras.applications.<name>: a model function of the
// keras_applications package (found on the search path) called with this
// session's backend, layers, models and utils; or a submodule of it
// (keras.applications.vgg16).
func (s *Session) application(th *eval.Thread, name string) (eval.Value, error) {
	mod, ok := applicationModules[name]
	if !ok {
		for _, m := range applicationModules {
			if m == name {
				return s.applicationSubmodule(th, name)
			}
		}
		return nil, eval.NewError(eval.AttributeError, "module 'keras.applications' has no attribute '%s'", name)
	}
	return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		fn, err := s.applicationFunc(th, mod, name)
		if err != nil {
			return nil, err
		}
		return th.Call(fn, args, s.applicationKwargs(th, kwargs))
	}), nil
}

func (s *Session) applicationSubmodule(th *eval.Thread, mod string) (eval.Value, error) {
	m := eval.NewModule("keras.applications." + mod)
	m.Missing = func(th *eval.Thread, _ *eval.Module, attr string) (eval.Value, error) {
		return eval.NewBuiltin(attr, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			fn, err := s.applicationFunc(th, mod, attr)
			if err != nil {
				return nil, err
			}
			if strings.ToUpper(attr[:1]) == attr[:1] {
				kwargs = s.applicationKwargs(th, kwargs)
			}
			return th.Call(fn, args, kwargs)
		}), nil
	}
	return m, nil
}

func (s *Session) applicationFunc(th *eval.Thread, mod, name string) (eval.Value, error) {
	v, err := th.Import("keras_applications." + mod)
	if err != nil {
		return nil, err
	}
	if eval.IsOpaque(v) {
		return nil, s.pyErrorf(th, eval.ImportError, "keras.applications.%s needs the keras_applications package (Debian: python3-keras-applications); pass its directory with --path", name)
	}
	return th.GetAttr(v, name)
}

// applicationKwargs adds backend, layers, models and utils to a
// keras_applications call.
func (s *Session) applicationKwargs(th *eval.Thread, kwargs []eval.KV) []eval.KV {
	out := append([]eval.KV(nil), kwargs...)
	for _, sub := range []string{"backend", "layers", "models", "utils"} {
		if _, ok := kwarg(kwargs, sub); ok {
			continue
		}
		m, err := th.Import("keras." + sub)
		if err == nil {
			out = append(out, eval.KV{Name: sub, Value: m})
		}
	}
	return out
}

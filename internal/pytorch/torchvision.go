package pytorch

import (
	"strings"

	"github.com/netsum/netsum/internal/python/eval"
)

// standIns replace the parts of torchvision that model definitions import
// but that do not define models (datasets, io, transforms, weights
// download, C++ ops). The model files themselves (torchvision/models/*.py,
// torchvision/ops/misc.py) are read from the search path.
var standIns = map[string][]byte{
	"torchvision/__init__.py": []byte(`__version__ = "0.14.1"
from torchvision import models
`),
	"torchvision/utils.py": []byte(`def _log_api_usage_once(obj):
    pass

def _make_ntuple(x, n):
    if isinstance(x, (tuple, list)):
        return tuple(x)
    return tuple([x] * n)
`),
	"torchvision/_utils.py": []byte(`def sequence_to_str(seq, separate_last=""):
    return ", ".join(str(s) for s in seq)

class StrEnum:
    pass
`),
	"torchvision/transforms/__init__.py": []byte(``),
	"torchvision/transforms/_presets.py": []byte(`class ImageClassification:
    def __init__(self, *args, **kwargs):
        pass

class InterpolationMode:
    NEAREST = "nearest"
    BILINEAR = "bilinear"
    BICUBIC = "bicubic"
`),
	"torchvision/ops/__init__.py": []byte(`from .misc import Conv2dNormActivation, Conv3dNormActivation, SqueezeExcitation, MLP, Permute, FrozenBatchNorm2d
from .stochastic_depth import StochasticDepth, stochastic_depth
`),
	"torchvision/models/_api.py": []byte(`class Weights:
    def __init__(self, url=None, transforms=None, meta=None):
        self.url = url
        self.transforms = transforms
        self.meta = meta if meta is not None else {}

    def get_state_dict(self, *args, **kwargs):
        return {}


class WeightsEnum:
    @classmethod
    def verify(cls, obj):
        if obj is None or isinstance(obj, Weights):
            return obj
        if isinstance(obj, str):
            return getattr(cls, obj.replace(cls.__name__ + ".", ""))
        return obj


def register_model(name=None):
    def wrapper(fn):
        return fn
    return wrapper


def get_model(name, **config):
    import torchvision.models
    return getattr(torchvision.models, name.lower())(**config)


def get_model_builder(name):
    import torchvision.models
    return getattr(torchvision.models, name.lower())


def get_model_weights(name):
    return None


def get_weight(name):
    return None


def list_models(module=None):
    return []
`),
	"torchvision/models/_utils.py": []byte(`from collections import OrderedDict


def _make_divisible(v, divisor, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def _ovewrite_named_param(kwargs, param, new_value):
    if param in kwargs:
        if kwargs[param] != new_value:
            raise ValueError(f"The parameter '{param}' expected value {new_value} but got {kwargs[param]} instead.")
    else:
        kwargs[param] = new_value


def _ovewrite_value_param(param, actual, expected):
    if actual is not None:
        if actual != expected:
            raise ValueError(f"The parameter '{param}' expected value {expected} but got {actual} instead.")
    return expected


def handle_legacy_interface(**weights):
    def outer(builder):
        return builder
    return outer


class _ModelURLs(dict):
    pass
`),
}

// tvModels maps builder and class name prefixes to their torchvision
// module, so that torchvision.models.NAME imports only the file it needs.
var tvModels = []struct{ prefix, module string }{
	{"resnet", "resnet"}, {"resnext", "resnet"}, {"wide_resnet", "resnet"}, {"basicblock", "resnet"}, {"bottleneck", "resnet"},
	{"vgg", "vgg"}, {"alexnet", "alexnet"}, {"squeezenet", "squeezenet"}, {"densenet", "densenet"},
	{"mobilenet_v2", "mobilenetv2"}, {"mobilenetv2", "mobilenetv2"}, {"mobilenet_v3", "mobilenetv3"}, {"mobilenetv3", "mobilenetv3"},
	{"efficientnet", "efficientnet"}, {"shufflenet", "shufflenetv2"}, {"mnasnet", "mnasnet"}, {"googlenet", "googlenet"},
	{"inception", "inception"}, {"regnet", "regnet"}, {"convnext", "convnext"}, {"vit_", "vision_transformer"},
	{"visiontransformer", "vision_transformer"}, {"swin", "swin_transformer"}, {"maxvit", "maxvit"},
}

func torchvisionModels(th *eval.Thread) (*eval.Module, error) {
	m := eval.NewModule("torchvision.models")
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		low := strings.ToLower(attr)
		for _, e := range tvModels {
			if strings.HasPrefix(low, e.prefix) {
				sub, err := th.Import("torchvision.models." + e.module)
				if err != nil {
					return nil, err
				}
				if sm, ok := sub.(*eval.Module); ok {
					if v, ok := sm.Get(attr); ok {
						return v, nil
					}
				}
			}
		}
		return nil, nil
	}
	return m, nil
}

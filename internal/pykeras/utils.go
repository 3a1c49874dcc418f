package pykeras

import (
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// utilsModule is keras.utils and its submodules (np_utils, layer_utils,
// data_utils, vis_utils, ...).
func utilsModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	toCat := func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var y, n, dtype eval.Value = nil, eval.None, eval.None
		if err := eval.UnpackArgs("to_categorical", args, kwargs, "y", &y, "num_classes|nb_classes?", &n, "dtype?", &dtype); err != nil {
			return nil, err
		}
		t, err := numpyArg(th, s, y)
		if err != nil {
			return nil, err
		}
		classes := graph.Unknown
		if k, ok := n.(eval.Int); ok {
			classes = int64(k)
		} else if t.classes > 0 {
			classes = t.classes
		} else if t.vals != nil {
			classes = int64(reduceVals("max", t.vals)) + 1
		}
		sh := t.shape().Clone()
		if len(sh) > 1 && sh[len(sh)-1] == 1 {
			sh = sh[:len(sh)-1]
		}
		dt := dtypeName(dtype)
		if dt == "" {
			dt = "float32"
			if s.Dialect == graph.Keras1 {
				dt = "float64"
			}
		}
		r := newTensor(s, kNumpy, append(sh, classes), dt)
		return r, nil
	}
	m.SetFunc("to_categorical", toCat)
	m.SetFunc("probas_to_classes", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		t, err := numpyArg(th, s, args[0])
		if err != nil {
			return nil, err
		}
		return newTensor(s, kNumpy, t.shape()[:1].Clone(), "int64"), nil
	})
	if name == "keras.utils" || name == "tensorflow.keras.utils" || name == "keras_core.utils" || name == "tf_keras.utils" || name == "tensorflow.python.keras.utils" {
		npu := eval.NewModule(name + ".np_utils")
		npu.SetFunc("to_categorical", toCat)
		m.Set("np_utils", npu)
	}
	for _, n := range []string{"plot_model", "plot", "model_to_dot", "print_summary", "convert_all_kernels_in_model", "set_random_seed", "disable_interactive_logging", "enable_interactive_logging"} {
		m.SetFunc(n, noop)
	}
	m.SetFunc("get_source_inputs", getSourceInputs)
	m.SetFunc("count_params", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var n int64
		if len(args) > 0 {
			items, _ := th.Collect(args[0])
			for _, it := range items {
				if t, ok := it.(*Tensor); ok {
					if c := numel(t.shape()); c > 0 {
						n += c
					}
				}
			}
		}
		return eval.Int(n), nil
	})
	m.SetFunc("get_file", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.NewOpaque(th, "keras", "keras.utils.get_file(...) (netsum downloads nothing)"), nil
	})
	m.SetFunc("normalize", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 0 {
			return args[0], nil
		}
		return eval.None, nil
	})
	m.SetFunc("register_keras_serializable", decorator)
	m.SetFunc("custom_object_scope", nameScope)
	m.Set("CustomObjectScope", eval.NewBuiltin("CustomObjectScope", nameScope))
	m.SetFunc("get_custom_objects", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.NewDict(), nil
	})
	m.SetFunc("serialize_keras_object", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 0 {
			return fromConfig(toConfig(th, args[0])), nil
		}
		return eval.None, nil
	})
	m.SetFunc("multi_gpu_model", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) > 0 {
			return args[0], nil
		}
		return eval.None, nil
	})
	m.SetFunc("pad_sequences", padSequences(s))
	m.Set("Sequence", s.classes.sequence)
	m.Set("PyDataset", s.classes.sequence)
	m.Set("Progbar", recordMaker("Progbar", name, []string{"target"}, nil))
	for _, n := range []string{"image_dataset_from_directory", "text_dataset_from_directory", "timeseries_dataset_from_array", "audio_dataset_from_directory", "split_dataset", "load_img", "img_to_array", "array_to_img"} {
		n := n
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return eval.NewOpaque(th, "keras", "keras.utils."+n+"(...)"), nil
		})
	}
	return m, nil
}

// padSequences is pad_sequences(sequences, maxlen=None): (n, maxlen).
func padSequences(s *Session) eval.BuiltinFunc {
	return func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		var seqs, maxlen eval.Value = nil, eval.None
		var rest []eval.KV
		if err := eval.UnpackArgs("pad_sequences", args, kwargs, "sequences", &seqs, "maxlen?", &maxlen, "**kwargs", &rest); err != nil {
			return nil, err
		}
		n := graph.Unknown
		switch x := seqs.(type) {
		case *Tensor:
			if len(x.shape()) > 0 {
				n = x.shape()[0]
			}
		default:
			if l, err := th.Len(seqs); err == nil {
				n = int64(l)
			}
		}
		ml := graph.Unknown
		if k, ok := maxlen.(eval.Int); ok {
			ml = int64(k)
		}
		return newTensor(s, kNumpy, graph.Shape{n, ml}, "int32"), nil
	}
}

// Datasets with the shapes load_data() returns.
var datasetNames = []string{"mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters", "boston_housing", "california_housing"}

type datasetSpec struct {
	xTrain, xTest graph.Shape
	xDType        string
	yTrain, yTest graph.Shape
	yDType        string
	classes       int64
}

var datasetSpecs map[string]datasetSpec

func setupDatasetSpecs() {
	datasetSpecs = map[string]datasetSpec{
		"mnist":              {graph.Shape{60000, 28, 28}, graph.Shape{10000, 28, 28}, "uint8", graph.Shape{60000}, graph.Shape{10000}, "uint8", 10},
		"fashion_mnist":      {graph.Shape{60000, 28, 28}, graph.Shape{10000, 28, 28}, "uint8", graph.Shape{60000}, graph.Shape{10000}, "uint8", 10},
		"cifar10":            {graph.Shape{50000, 32, 32, 3}, graph.Shape{10000, 32, 32, 3}, "uint8", graph.Shape{50000, 1}, graph.Shape{10000, 1}, "uint8", 10},
		"cifar100":           {graph.Shape{50000, 32, 32, 3}, graph.Shape{10000, 32, 32, 3}, "uint8", graph.Shape{50000, 1}, graph.Shape{10000, 1}, "int64", 100},
		"imdb":               {graph.Shape{25000}, graph.Shape{25000}, "object", graph.Shape{25000}, graph.Shape{25000}, "int64", 2},
		"reuters":            {graph.Shape{8982}, graph.Shape{2246}, "object", graph.Shape{8982}, graph.Shape{2246}, "int64", 46},
		"boston_housing":     {graph.Shape{404, 13}, graph.Shape{102, 13}, "float64", graph.Shape{404}, graph.Shape{102}, "float64", 0},
		"california_housing": {graph.Shape{16512, 8}, graph.Shape{4128, 8}, "float64", graph.Shape{16512}, graph.Shape{4128}, "float64", 0},
	}
}

func datasetsModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	for _, d := range datasetNames {
		m.Set(d, datasetModule(s, name+"."+d, d))
	}
	return m, nil
}

// datasetModule is keras.datasets.<d>: load_data() gives arrays with the
// real shapes and dtypes, without data.
func datasetModule(s *Session, name, d string) *eval.Module {
	m := eval.NewModule(name)
	spec := datasetSpecs[d]
	m.SetFunc("load_data", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		xt := newTensor(s, kNumpy, spec.xTrain.Clone(), spec.xDType)
		xv := newTensor(s, kNumpy, spec.xTest.Clone(), spec.xDType)
		yt := newTensor(s, kNumpy, spec.yTrain.Clone(), spec.yDType)
		yv := newTensor(s, kNumpy, spec.yTest.Clone(), spec.yDType)
		yt.classes, yv.classes = spec.classes, spec.classes
		if d == "cifar100" {
			if v, ok := kwarg(kwargs, "label_mode"); ok && nameOf(v) == "coarse" {
				yt.classes, yv.classes = 20, 20
			}
		}
		return eval.Tuple{eval.Tuple{xt, yt}, eval.Tuple{xv, yv}}, nil
	})
	m.SetFunc("get_word_index", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return eval.NewDict(), nil
	})
	return m
}

// preprocessingModule is keras.preprocessing (image, sequence, text).
func preprocessingModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	m.SetFunc("pad_sequences", padSequences(s))
	m.Set("ImageDataGenerator", recordMaker("ImageDataGenerator", name, nil, nil))
	m.Set("Tokenizer", recordMaker("Tokenizer", name, []string{"num_words"}, nil))
	for _, n := range []string{"load_img", "img_to_array", "array_to_img", "image_dataset_from_directory", "text_dataset_from_directory", "one_hot", "text_to_word_sequence", "skipgrams", "make_sampling_table", "TimeseriesGenerator"} {
		n := n
		m.SetFunc(n, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return eval.NewOpaque(th, "keras", "keras.preprocessing."+n+"(...)"), nil
		})
	}
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		return eval.NewOpaque(th, "keras", mod.Name()+"."+attr), nil
	}
	return m, nil
}

// applicationsModule is keras.applications: the models come from the
// keras_applications package when it is on the search path.
func applicationsModule(th *eval.Thread, s *Session, name string) (*eval.Module, error) {
	m := eval.NewModule(name)
	m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
		return s.application(th, attr)
	}
	return m, nil
}

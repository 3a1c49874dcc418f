package pycode

import (
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/syntax"
)

func TestDetectDialect(t *testing.T) {
	tests := []struct {
		src  string
		want graph.Dialect
	}{
		{"model = Sequential()\nmodel.add(Convolution2D(32, 5, 5, input_shape=input_shape))\nprint model.summary()\n", graph.Keras1},
		{"model = Sequential()\nmodel.add(Dense(2, input_dim=3))\nprint model.summary()\n", graph.Keras1},
		{"from keras.layers import Dense\nDense(10, init='uniform')\n", graph.Keras1},
		{"model.fit(x, y, nb_epoch=10)\n", graph.Keras1},
		{"from keras.layers import Dense\nDense(output_dim=10)\n", graph.Keras1},
		{"import keras\nkeras.layers.Embedding(input_dim=10, output_dim=4)\n", graph.Keras3},
		{"from keras.layers import merge\nx = merge([a, b], mode='concat')\n", graph.Keras1},
		{"from keras.models import Model\nm = Model(input=a, output=b)\n", graph.Keras1},
		{"class L(Layer):\n    def get_output_shape_for(self, s):\n        return s\n", graph.Keras1},
		{"from keras.utils import np_utils\nfrom keras.layers import Conv2D\n", graph.Keras2},
		{"from keras.layers import Conv2D\nmodel.fit(x, y, nb_epoch=3)\n", graph.Keras2},
		{"from keras.engine import Layer\n", graph.Keras2},
		{"from keras.layers.merge import concatenate\n", graph.Keras2},
		{"from keras.layers.core import Dense\n", graph.Keras2},
		{"from keras.layers import CuDNNLSTM\nimport keras\n", graph.Keras3}, // a name alone is not a module path
		{"from __future__ import print_function\nimport keras\n", graph.Keras2},
		{"from tensorflow.keras import layers\n", graph.TFKeras},
		{"from tensorflow import keras\n", graph.TFKeras},
		{"import tensorflow as tf\nm = tf.keras.Sequential()\n", graph.TFKeras},
		{"from tensorflow.keras.layers import Convolution2D\n", graph.TFKeras},
		{"import keras\nfrom keras import ops\n", graph.Keras3},
		{"import keras_core as keras\n", graph.Keras3},
		{"import keras\nmodel = keras.Sequential([keras.layers.Dense(2)])\n", graph.Keras3},
		{"import keras\nfrom keras import backend as K\nx = K.concatenate([a, b])\nclass L(keras.layers.Layer):\n    def get_output_shape_for(self, s):\n        return s\n", graph.Keras1},
	}
	for _, tt := range tests {
		f, err := syntax.Parse("t.py", []byte(tt.src))
		if err != nil {
			t.Fatalf("%q: %v", tt.src, err)
		}
		if got := DetectDialect(f, []byte(tt.src)); got.Dialect != tt.want {
			t.Errorf("%q: got %v (%s), want %v", tt.src, got.Dialect, got.Why, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"model.py", "", true},
		{"-", "model = Sequential()\nmodel.add(Dense(2))\n", true},
		{"snippet.txt", "import keras\n", true},
		{"m.json", "import keras\n", false},
		{"-", `{"class_name": "Sequential"}`, false},
		{"-", "just some words\n", false},
	}
	for _, tt := range tests {
		if got := Match(tt.name, []byte(tt.src)); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.name, tt.src, got, tt.want)
		}
	}
}

// TestErrors checks error messages and positions.
func TestErrors(t *testing.T) {
	tests := []struct {
		src  string
		opt  Options
		want string
	}{
		{"import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input(shape=(3, 3, 1)), layers.Conv2D(4, 5)])\n", Options{},
			`e.py:3:53: conv2d (Conv2D): kernel 5x5 larger than input 3x3 with padding="valid"`},
		{"model = Sequential()\nmodel.add(Dense(10, input_shape=shape))\n", Options{},
			`e.py:2:33: NameError: name 'shape' is not defined: the code uses it without defining it; give it a value with --define 'shape=(28,28,1)'`},
		{"import keras\nx = keras.Input(shape=(4,))\ny = keras.Input(shape=(4,))\nm = keras.Model(x, keras.layers.Dense(2)(y))\n", Options{},
			`e.py:4:5: Graph disconnected`},
		{"import keras\nm = keras.Sequential([keras.layers.Dense(2)])\nm.summary()\n", Options{Dialect: graph.TFKeras},
			"e.py:3:1: This model has not yet been built"},
		{"import keras\nkeras.layers.Dense(2)\n", Options{ModelName: "nope"},
			`e.py: the code builds no Keras model`},
		{"import keras\nm = keras.Sequential(name='a')\nm.add(keras.layers.Dense(2, input_shape=(3,)))\n", Options{ModelName: "b"},
			`e.py: no model named "b"; the code builds a`},
		{"x = (\n", Options{}, "e.py:1:"},
		{"import keras\n", Options{Defines: map[string]string{"a": "(1,"}}, "--define a=(1,: not a Python value"},
	}
	for _, tt := range tests {
		_, err := Open("e.py", []byte(tt.src), tt.opt)
		if err == nil {
			t.Errorf("%q: no error, want %s", tt.src, tt.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q:\n got %v\nwant %s...", tt.src, err, tt.want)
		}
	}
}

// TestModelChoice checks which models a script gives.
func TestModelChoice(t *testing.T) {
	src := `import keras
from keras import layers
a = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)], name="a")
b = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4)], name="b")
b.summary()
a.summary()
b.summary()
`
	models, err := Open("m.py", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range models {
		names = append(names, m.Name)
	}
	if got := strings.Join(names, " "); got != "b a b" {
		t.Errorf("summaries %s, want b a b", got)
	}
	models, err = Open("m.py", []byte(src), Options{ModelName: "a"})
	if err != nil || len(models) != 1 || models[0].Name != "a" {
		t.Errorf("--model a: %v %v", models, err)
	}
	// Without summary() the last built model is printed.
	noSummary := strings.ReplaceAll(src, ".summary()", ".count_params()")
	models, err = Open("m.py", []byte(noSummary), Options{})
	if err != nil || len(models) != 1 || models[0].Name != "b" {
		t.Errorf("no summary: %v %v", models, err)
	}
	for _, m := range models {
		if m.SourceFormat != "python" || m.Source != "m.py" || m.Version != "3.6.0" {
			t.Errorf("model %s: format %s source %s version %s", m.Name, m.SourceFormat, m.Source, m.Version)
		}
	}
}

// TestVersions checks the version each dialect records.
func TestVersions(t *testing.T) {
	for d, want := range map[graph.Dialect]string{graph.Keras1: "1.1.1", graph.Keras2: "2.3.1", graph.TFKeras: "2.15.0", graph.Keras3: "3.6.0"} {
		models, err := Open("v.py", []byte("from keras.models import Sequential\nfrom keras.layers import Dense\nm = Sequential()\nm.add(Dense(2, input_shape=(3,)))\n"), Options{Dialect: d})
		if err != nil {
			t.Fatal(err)
		}
		if m := models[0]; m.Version != want || m.Dialect != d {
			t.Errorf("%v: version %s dialect %v, want %s", d, m.Version, m.Dialect, want)
		}
	}
}

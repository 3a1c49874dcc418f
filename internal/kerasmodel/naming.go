package kerasmodel

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/graph"
)

// Namer gives layers and models their automatic names the way one Keras
// version does within one session. Names are consumed at construction.
type Namer struct {
	Dialect graph.Dialect
	counts  map[string]int
}

// NewNamer starts a fresh session's counters.
func NewNamer(d graph.Dialect) *Namer { return &Namer{Dialect: d, counts: map[string]int{}} }

var (
	snake1  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(.)([A-Z][a-z0-9]+)`) })
	snake2  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([a-z])([A-Z])`) })
	nonWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\W+`) })
)

// Snake converts a class name to Keras' snake_case for dialect d:
// MaxPooling2D → max_pooling2d, ConvLSTM2D → conv_lst_m2d (Keras 2,
// tf.keras) or conv_lstm2d (Keras 3).
func Snake(class string, d graph.Dialect) string {
	if d == graph.Keras3 {
		return keras3Snake(class)
	}
	s := snake1().ReplaceAllString(class, "${1}_${2}")
	s = snake2().ReplaceAllString(s, "${1}_${2}")
	s = strings.ToLower(s)
	if strings.HasPrefix(s, "_") {
		s = "private" + s
	}
	return s
}

// k3a is Keras 3's first pass: letters only after the capital, so digits
// stay attached (ConvLSTM2D → conv_lstm2d).
var k3a = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(.)([A-Z][a-z]+)`) })

// keras3Snake follows keras.src.utils.naming.to_snake_case.
func keras3Snake(name string) string {
	name = nonWord().ReplaceAllString(name, "")
	name = k3a().ReplaceAllString(name, "${1}_${2}")
	name = snake2().ReplaceAllString(name, "${1}_${2}")
	return strings.ToLower(name)
}

// Base is the prefix auto names use for class in this dialect.
func (n *Namer) Base(class string) string {
	if n.Dialect == graph.Keras1 {
		return strings.ToLower(class)
	}
	return Snake(class, n.Dialect)
}

// Next returns the next name for prefix: prefix_1, prefix_2 (Keras 1, 2) or
// prefix, prefix_1 (tf.keras, Keras 3).
func (n *Namer) Next(prefix string) string {
	i := n.counts[prefix]
	n.counts[prefix] = i + 1
	switch n.Dialect {
	case graph.Keras1, graph.Keras2:
		return prefix + "_" + strconv.Itoa(i+1)
	}
	if i == 0 {
		return prefix
	}
	return prefix + "_" + strconv.Itoa(i)
}

// Layer names a new layer of class.
func (n *Namer) Layer(class string) string { return n.Next(n.Base(class)) }

// Reserve marks an explicit name as used so later auto names skip nothing
// (Keras does not skip either); it exists for symmetry and future checks.
func (n *Namer) Reserve(string) {}

// Input names an Input() tensor's layer: input_1 (Keras 1, 2, tf.keras,
// one-based) or input_layer, input_layer_1 (Keras 3).
func (n *Namer) Input() string {
	if n.Dialect == graph.Keras3 {
		return n.Next("input_layer")
	}
	i := n.counts["input"] + 1
	n.counts["input"] = i
	return "input_" + strconv.Itoa(i)
}

// SequentialInput names the implicit input of a Sequential whose first
// layer is first: convolution2d_input_1 (Keras 1), dense_input (Keras 2,
// tf.keras), input_layer (Keras 3).
func (n *Namer) SequentialInput(first *graph.Layer) string {
	switch n.Dialect {
	case graph.Keras1:
		p := strings.ToLower(first.Class) + "_input"
		i := n.counts[p+"_"] + 1
		n.counts[p+"_"] = i
		return p + "_" + strconv.Itoa(i)
	case graph.Keras3:
		return n.Next("input_layer")
	}
	return first.Name + "_input"
}

// Model names a new model: sequential_1 / model_1 (Keras 1, 2),
// sequential / model (tf.keras), sequential / functional (Keras 3).
func (n *Namer) Model(class string) string {
	switch class {
	case "Sequential":
		return n.Next("sequential")
	}
	if n.Dialect == graph.Keras3 {
		return n.Next("functional")
	}
	return n.Next("model")
}

package kerash5

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
)

// FileWeight is a weight as a file stores it: name, shape and dtype only.
type FileWeight struct {
	Name  string // as stored: "conv2d/kernel:0", "vars/0", "Conv1/kernel"
	Shape []int64
	DType string
}

func (w FileWeight) String() string { return w.Name + " " + graph.Shape(w.Shape).String() }

// Assignment maps the weights found in a file to the layers of a model
// built from its config. Extra holds file weights that belong to no layer.
type Assignment struct {
	Layers map[*graph.Layer][]FileWeight
	Extra  []FileWeight
	// Missing lists layers the file has no entry for at all.
	Missing []*graph.Layer
}

// NewAssignment returns an empty assignment.
func NewAssignment() *Assignment { return &Assignment{Layers: map[*graph.Layer][]FileWeight{}} }

// maxWarnings bounds the warnings one reconciliation adds.
const maxWarnings = 50

// Reconcile compares the weights a file holds with those computed from the
// config, and completes what the config could not compute.
//
// Policy (the same for .h5, .keras and tfjs manifests):
//   - A layer whose class the catalog does not know (Layer.Unknown) takes
//     the file's weights, so its parameter count is still right.
//   - A known layer keeps the computed weights (the summary shows what the
//     framework would print). Each disagreement with the file, a shape or
//     the number of weights, becomes a warning naming the layer and the
//     weight. Weights whose shapes agree take the file's dtype.
//   - File weights that match no layer, and layers with computed weights
//     but no entry in the file, are warnings too.
//
// Disagreements are warnings, not errors: the config alone defines the
// summary, and a file whose weights do not fit its config is still worth
// seeing, with the problem spelled out.
func Reconcile(m *graph.Model, a *Assignment, where string) {
	var warns []diag.Warning
	warn := func(format string, args ...any) {
		if len(warns) < maxWarnings {
			warns = append(warns, diag.Warning{Pos: diag.Pos{File: where}, Msg: fmt.Sprintf(format, args...)})
		} else if len(warns) == maxWarnings {
			warns = append(warns, diag.Warning{Pos: diag.Pos{File: where}, Msg: "more weight disagreements not shown"})
		}
	}
	missing := map[*graph.Layer]bool{}
	for _, l := range a.Missing {
		missing[l] = true
	}
	EachLayer(m, func(l *graph.Layer) {
		if l.Sub != nil {
			return
		}
		fw, ok := a.Layers[l]
		if !ok {
			if missing[l] && len(l.Weights) > 0 {
				warn("layer %s (%s): the file stores no weights for it; the config gives %s", l.Name, l.Class, describeWeights(l.Weights))
			}
			return
		}
		if unresolved(l) {
			l.Weights = fileWeights(l, fw)
			if len(fw) > 0 {
				l.Note = joinNote(l.Note, "weights read from the file")
			}
			return
		}
		compare(l, fw, warn)
	})
	if len(a.Extra) > 0 {
		var names []string
		for i, w := range a.Extra {
			if i == 5 {
				names = append(names, fmt.Sprintf("and %d more", len(a.Extra)-5))
				break
			}
			names = append(names, w.String())
		}
		warn("the file holds %d weight(s) that belong to no layer of the config: %s", len(a.Extra), strings.Join(names, ", "))
	}
	m.Warnings = append(m.Warnings, warns...)
}

// unresolved reports whether the config could not give l's weights: its
// class is unknown, or an input shape was unknown so it was never built.
func unresolved(l *graph.Layer) bool {
	if l.Unknown {
		return true
	}
	if len(l.Weights) > 0 || len(l.Nodes) == 0 {
		return false
	}
	for _, s := range l.OutputShapes() {
		if s == nil {
			return true
		}
	}
	return false
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// compare checks computed weights against the file's, in order, then as a
// multiset of shapes (files may order weights differently).
func compare(l *graph.Layer, fw []FileWeight, warn func(string, ...any)) {
	cw := l.Weights
	if len(cw) == len(fw) {
		same := true
		for i := range cw {
			if !graph.Shape(cw[i].Shape).Equal(fw[i].Shape) {
				same = false
				break
			}
		}
		if same {
			for i := range cw {
				adoptDType(cw[i], fw[i])
			}
			return
		}
		if sameMultiset(cw, fw) {
			return
		}
		for i := range cw {
			if !graph.Shape(cw[i].Shape).Equal(fw[i].Shape) {
				warn("layer %s (%s): weight %s has shape %s in the file (%s) but %s from the config",
					l.Name, l.Class, cw[i].Name, graph.Shape(fw[i].Shape), fw[i].Name, graph.Shape(cw[i].Shape))
			}
		}
		return
	}
	warn("layer %s (%s): the file stores %d weight(s) (%s) but the config gives %d (%s)",
		l.Name, l.Class, len(fw), describeFile(fw), len(cw), describeWeights(cw))
}

func adoptDType(w *graph.Weight, f FileWeight) {
	switch f.DType {
	case "float16", "bfloat16", "float64", "float32":
		w.DType = f.DType
	}
}

func sameMultiset(cw []*graph.Weight, fw []FileWeight) bool {
	key := func(s []int64) string { return graph.Shape(s).String() }
	count := map[string]int{}
	for _, w := range cw {
		count[key(w.Shape)]++
	}
	for _, w := range fw {
		count[key(w.Shape)]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

func describeWeights(ws []*graph.Weight) string {
	if len(ws) == 0 {
		return "none"
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.Name + " " + graph.Shape(w.Shape).String()
	}
	return strings.Join(parts, ", ")
}

func describeFile(fw []FileWeight) string {
	if len(fw) == 0 {
		return "none"
	}
	parts := make([]string, len(fw))
	for i, w := range fw {
		parts[i] = w.String()
	}
	return strings.Join(parts, ", ")
}

// fileWeights turns file weights into graph weights for layer l.
func fileWeights(l *graph.Layer, fw []FileWeight) []*graph.Weight {
	out := make([]*graph.Weight, len(fw))
	for i, w := range fw {
		out[i] = &graph.Weight{Name: shortName(w.Name), Shape: append([]int64(nil), w.Shape...), DType: w.DType,
			Trainable: l.Trainable && GuessTrainable(l.Class, w.Name, i)}
	}
	return out
}

var varIndex = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|/)vars/\d+$`) })

// shortName drops the layer prefix and ":0" from a stored weight name:
// "conv2d_1/kernel:0" → "kernel"; Keras 3 "vars/0" stays.
func shortName(n string) string {
	if varIndex().MatchString(n) {
		return n
	}
	n = strings.TrimSuffix(n, ":0")
	if i := strings.LastIndexByte(n, '/'); i >= 0 {
		n = n[i+1:]
	}
	return n
}

// GuessTrainable tells, from a stored weight's name (or its index for
// Keras 3, which stores trainable variables first), whether it is trainable:
// moving statistics of normalization layers are not.
func GuessTrainable(class, name string, index int) bool {
	lname := strings.ToLower(name)
	for _, s := range []string{"moving_mean", "moving_variance", "running_mean", "running_var", "running_std", "num_batches_tracked"} {
		if strings.Contains(lname, s) {
			return false
		}
	}
	if varIndex().MatchString(name) && (class == "BatchNormalization" || class == "SyncBatchNormalization") {
		i, _ := strconv.Atoi(name[strings.LastIndexByte(name, '/')+1:])
		return i < 2
	}
	return true
}

// EachLayer calls fn for every layer of m and of its nested models, each
// layer once, parents before their nested layers.
func EachLayer(m *graph.Model, fn func(*graph.Layer)) {
	seen := map[*graph.Layer]bool{}
	models := map[*graph.Model]bool{}
	var walk func(m *graph.Model, depth int)
	walk = func(m *graph.Model, depth int) {
		if models[m] || depth > 200 {
			return
		}
		models[m] = true
		for _, l := range m.Layers {
			if seen[l] {
				continue
			}
			seen[l] = true
			fn(l)
			if l.Sub != nil {
				walk(l.Sub, depth+1)
			}
		}
	}
	walk(m, 0)
}

// NameIndex maps layer names to the non-model layers of m (nested included);
// the first layer of a name wins.
func NameIndex(m *graph.Model) map[string]*graph.Layer {
	idx := map[string]*graph.Layer{}
	EachLayer(m, func(l *graph.Layer) {
		if l.Sub == nil {
			if _, dup := idx[l.Name]; !dup {
				idx[l.Name] = l
			}
		}
	})
	return idx
}

// LayerForWeight finds the layer a stored weight name belongs to: the
// first path component naming a layer ("model_1/dense_1/kernel:0" →
// dense_1), else the longest layer name the weight name starts with
// (Keras 1: "dense_1_W").
func LayerForWeight(idx map[string]*graph.Layer, name string) *graph.Layer {
	n := strings.TrimSuffix(name, ":0")
	parts := strings.Split(n, "/")
	for _, p := range parts[:len(parts)-1] {
		if l, ok := idx[p]; ok {
			return l
		}
	}
	var best *graph.Layer
	for lname, l := range idx {
		if len(lname) < len(n) && strings.HasPrefix(n, lname) && strings.ContainsRune("_/:", rune(n[len(lname)])) {
			if best == nil || len(lname) > len(best.Name) {
				best = l
			}
		}
	}
	return best
}

// AssignByName distributes weights to the layers of m by their names.
func AssignByName(a *Assignment, m *graph.Model, fws []FileWeight) {
	idx := NameIndex(m)
	for _, w := range fws {
		if l := LayerForWeight(idx, w.Name); l != nil {
			a.Layers[l] = append(a.Layers[l], w)
		} else {
			a.Extra = append(a.Extra, w)
		}
	}
}

// sortVarNames orders Keras 3 variable names numerically ("0" < "2" < "10").
func sortVarNames(names []string) {
	sort.SliceStable(names, func(i, j int) bool {
		a, errA := strconv.Atoi(names[i])
		b, errB := strconv.Atoi(names[j])
		if errA == nil && errB == nil {
			return a < b
		}
		if (errA == nil) != (errB == nil) {
			return errA == nil
		}
		return names[i] < names[j]
	})
}

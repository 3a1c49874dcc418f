// Package kerash5 reads Keras HDF5 files: legacy full models (Keras 1, 2
// and tf.keras model.save("m.h5"): model_config + model_weights), legacy
// weights-only files (save_weights), and Keras 3 weights files
// (model.weights.h5, alone or inside a .keras zip). It reads configs,
// attribute lists and dataset shapes, never weight bytes. It also holds
// the weight cross-check shared by the container front ends (Reconcile).
// It imports graph, diag, hdf5 and kerasjson.
package kerash5

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/hdf5"
)

// Options for Open.
type Options struct {
	File         string
	AllowUnknown bool
	Dialect      graph.Dialect
	Limits       hdf5.Limits // zero: hdf5.DefaultLimits
}

// Match reports whether header holds an HDF5 signature (0, 512, 1024, 2048).
func Match(name string, header []byte) bool { return hdf5.HasSignature(header) }

// Open reads a Keras HDF5 file.
func Open(r io.ReaderAt, size int64, opt Options) (*graph.Model, error) {
	f, err := hdf5.Open(r, size, opt.Limits)
	if err != nil {
		return nil, convErr(opt.File, err)
	}
	root, err := f.Root()
	if err != nil {
		return nil, convErr(opt.File, err)
	}
	m, err := openRoot(root, opt)
	if err != nil {
		return nil, convErr(opt.File, err)
	}
	return m, nil
}

func openRoot(root *hdf5.Object, opt Options) (*graph.Model, error) {
	if a, err := root.Attr("model_config"); err != nil {
		return nil, err
	} else if a != nil {
		return legacyFull(root, a, opt)
	}
	if has, err := hasListAttr(root, "layer_names"); err != nil {
		return nil, err
	} else if has {
		return legacyWeightsOnly(root, opt)
	}
	if c, err := keras3Container(root); err != nil {
		return nil, err
	} else if c != nil {
		return keras3WeightsOnly(root, c, opt)
	}
	return nil, notKeras(root, opt.File)
}

// convErr turns reader errors into diagnostics with the file name.
func convErr(file string, err error) error {
	var fe *hdf5.FormatError
	if errors.As(err, &fe) {
		msg := strings.TrimPrefix(fe.Msg, "hdf5: ")
		return &diag.Error{Pos: diag.Pos{File: file, Offset: max(fe.Offset, 0), Path: fe.Path}, Msg: "corrupt or unsupported HDF5 file: " + msg}
	}
	if errors.Is(err, hdf5.ErrNotHDF5) {
		return &diag.Error{Pos: diag.Pos{File: file}, Msg: "not an HDF5 file (no signature at offset 0, 512, 1024, 2048, ...)"}
	}
	var de *diag.Error
	var dl diag.ErrorList
	if errors.As(err, &de) || errors.As(err, &dl) {
		return err
	}
	return &diag.Error{Pos: diag.Pos{File: file}, Msg: err.Error()}
}

// notKeras describes an HDF5 file that holds no Keras model.
func notKeras(root *hdf5.Object, file string) error {
	var parts []string
	if ls, err := root.Links(); err == nil {
		var names []string
		for i, l := range ls {
			if i == 8 {
				names = append(names, "...")
				break
			}
			names = append(names, l.Name)
		}
		if len(names) > 0 {
			parts = append(parts, "members "+strings.Join(names, ", "))
		}
	}
	if as, err := root.AttrNames(); err == nil && len(as) > 0 {
		if len(as) > 8 {
			as = append(as[:8], "...")
		}
		parts = append(parts, "attributes "+strings.Join(as, ", "))
	}
	what := "an empty root group"
	if len(parts) > 0 {
		what = "a root group with " + strings.Join(parts, " and ")
	}
	return &diag.Error{Pos: diag.Pos{File: file}, Msg: "an HDF5 file that is not a Keras model (no model_config, layer_names or Keras 3 layers group): " + what}
}

// ReadStrings reads a string-list attribute, joining Keras' chunked form
// (name0, name1, ... when the list exceeds 64 KB). ok is false when
// neither form exists.
func ReadStrings(o *hdf5.Object, name string) (out []string, ok bool, err error) {
	as, err := o.Attrs()
	if err != nil {
		return nil, false, err
	}
	byName := map[string]*hdf5.Attribute{}
	for _, a := range as {
		byName[a.Name] = a
	}
	if a := byName[name]; a != nil {
		ss, err := a.Strings()
		return ss, true, err
	}
	for i := 0; ; i++ {
		a := byName[fmt.Sprintf("%s%d", name, i)]
		if a == nil {
			return out, i > 0, nil
		}
		ss, err := a.Strings()
		if err != nil {
			return nil, true, err
		}
		out = append(out, ss...)
	}
}

func hasListAttr(o *hdf5.Object, name string) (bool, error) {
	names, err := o.AttrNames()
	if err != nil {
		return false, err
	}
	for _, n := range names {
		if n == name || n == name+"0" {
			return true, nil
		}
	}
	return false, nil
}

func stringAttr(o *hdf5.Object, name string) (string, error) {
	a, err := o.Attr(name)
	if err != nil || a == nil {
		return "", err
	}
	return a.String()
}

// datasetWeight reads one weight dataset's shape and dtype.
func datasetWeight(o *hdf5.Object, name string) (FileWeight, error) {
	d, err := o.Dataset()
	if err != nil {
		return FileWeight{}, err
	}
	w := FileWeight{Name: name, DType: d.Type.DType()}
	for _, n := range d.Shape {
		if n > 1<<62 {
			return FileWeight{}, fmt.Errorf("%s: dimension %d is too large", o.Path(), n)
		}
		w.Shape = append(w.Shape, int64(n))
	}
	// Keras 3 marks bfloat16 variables with a dtype attribute.
	if dt, err := stringAttr(o, "dtype"); err == nil && dt != "" {
		w.DType = dt
	}
	return w, nil
}

// legacyLayers reads a save_weights_to_hdf5_group layout: layer names in
// order and each layer's weights.
type legacyLayer struct {
	name    string
	weights []FileWeight
	missing bool // layer listed but its group is absent
}

func readLegacyGroup(g *hdf5.Object) ([]legacyLayer, error) {
	names, _, err := ReadStrings(g, "layer_names")
	if err != nil {
		return nil, err
	}
	out := make([]legacyLayer, 0, len(names))
	for _, name := range names {
		lg, err := g.Child(name)
		if err != nil {
			return nil, err
		}
		ll := legacyLayer{name: name}
		if lg == nil {
			ll.missing = true
			out = append(out, ll)
			continue
		}
		wnames, _, err := ReadStrings(lg, "weight_names")
		if err != nil {
			return nil, err
		}
		for _, wn := range wnames {
			ds, err := lg.Lookup(wn)
			if err != nil {
				return nil, err
			}
			if ds == nil || ds.Kind() != hdf5.KindDataset {
				return nil, &diag.Error{Pos: diag.Pos{Path: lg.Path()}, Msg: fmt.Sprintf("weight %q is listed in weight_names but there is no such dataset", wn)}
			}
			w, err := datasetWeight(ds, wn)
			if err != nil {
				return nil, err
			}
			ll.weights = append(ll.weights, w)
		}
		out = append(out, ll)
	}
	return out, nil
}

// legacyFull reads model.save("m.h5"): model_config, training_config and
// the model_weights group.
func legacyFull(root *hdf5.Object, cfgAttr *hdf5.Attribute, opt Options) (*graph.Model, error) {
	cfg, err := cfgAttr.String()
	if err != nil {
		return nil, err
	}
	version, err := stringAttr(root, "keras_version")
	if err != nil {
		return nil, err
	}
	m, err := ParseConfig([]byte(cfg), version, opt.File+":model_config", opt)
	if err != nil {
		return nil, err
	}
	m.Source = opt.File
	m.SourceFormat = "keras-h5"
	if tc, err := stringAttr(root, "training_config"); err == nil && tc != "" {
		m.Compile = CompileFromTraining([]byte(tc))
	}
	mw, err := root.Child("model_weights")
	if err != nil {
		return nil, err
	}
	if mw == nil {
		m.Warnings = append(m.Warnings, diag.Warning{Pos: diag.Pos{File: opt.File}, Msg: "the file has a model config but no model_weights group: weights not checked"})
		return m, nil
	}
	layers, err := readLegacyGroup(mw)
	if err != nil {
		return nil, err
	}
	a := NewAssignment()
	seen := map[*graph.Layer]bool{}
	for _, ll := range layers {
		l := m.Layer(ll.name)
		if l == nil {
			a.Extra = append(a.Extra, ll.weights...)
			continue
		}
		seen[l] = true
		if ll.missing {
			a.Missing = append(a.Missing, l)
			continue
		}
		if l.Sub != nil {
			// A nested model's group holds all its weights, named by the
			// inner layers.
			AssignByName(a, l.Sub, ll.weights)
			EachLayer(l.Sub, func(s *graph.Layer) {
				if _, ok := a.Layers[s]; !ok && s.Sub == nil {
					a.Layers[s] = nil
				}
			})
			continue
		}
		a.Layers[l] = ll.weights
	}
	for _, l := range m.Layers {
		if !seen[l] {
			a.Missing = append(a.Missing, l)
		}
	}
	Reconcile(m, a, opt.File)
	return m, nil
}

// ParseConfig builds the model from a model_config JSON with the file's
// keras_version.
func ParseConfig(cfg []byte, version, where string, opt Options) (*graph.Model, error) {
	d := opt.Dialect
	if d == graph.DialectUnknown && version != "" {
		d = kerasjson.DetectDialect(map[string]any{}, version)
	}
	m, err := kerasjson.Parse(cfg, kerasjson.Options{File: where, AllowUnknown: opt.AllowUnknown, Dialect: d})
	if err != nil {
		return nil, err
	}
	if version != "" {
		m.Version = version
	}
	return m, nil
}

// CompileFromTraining reads the optimizer (class and the arguments that
// decide its state: momentum, centered, amsgrad, ...) and the loss from a
// training_config JSON (legacy .h5, SavedModel metadata).
func CompileFromTraining(b []byte) map[string]string {
	var tc map[string]any
	if json.Unmarshal(b, &tc) != nil {
		return nil
	}
	out := map[string]string{}
	if oc, ok := tc["optimizer_config"].(map[string]any); ok {
		if c, ok := oc["class_name"].(string); ok {
			out["optimizer"] = c
		}
		if cfg, ok := oc["config"].(map[string]any); ok {
			for _, k := range []string{"learning_rate", "lr", "momentum", "nesterov", "centered", "amsgrad", "rho", "beta_1", "beta_2", "epsilon", "decay", "weight_decay"} {
				switch v := cfg[k].(type) {
				case float64:
					out[k] = strconv.FormatFloat(v, 'g', -1, 64)
				case bool:
					out[k] = map[bool]string{true: "True", false: "False"}[v]
				}
			}
		}
	}
	if l := lossString(tc["loss"]); l != "" {
		out["loss"] = l
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// lossString renders a loss: a name, or compact JSON for dicts and lists.
func lossString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case map[string]any:
		if c, ok := x["class_name"].(string); ok {
			if cfg, ok := x["config"].(map[string]any); ok {
				if n, ok := cfg["name"].(string); ok && n != "" {
					return n
				}
			}
			return c
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// CompileFromKeras3 reads compile_config of a Keras 3 config.json.
func CompileFromKeras3(cc map[string]any) map[string]string {
	if cc == nil {
		return nil
	}
	out := map[string]string{}
	switch o := cc["optimizer"].(type) {
	case string:
		out["optimizer"] = o
	case map[string]any:
		if c, ok := o["class_name"].(string); ok {
			out["optimizer"] = c
		}
	}
	if l := lossString(cc["loss"]); l != "" {
		out["loss"] = l
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// legacyWeightsOnly reads save_weights("w.h5") of Keras 1/2/tf.keras: the
// layers and their weights, no config. Output shapes are unknown; classes
// are guessed from default layer names.
func legacyWeightsOnly(root *hdf5.Object, opt Options) (*graph.Model, error) {
	version, _ := stringAttr(root, "keras_version")
	layers, err := readLegacyGroup(root)
	if err != nil {
		return nil, err
	}
	m := weightsModel(opt, version, "keras-h5-weights")
	for _, ll := range layers {
		l := weightsLayer(ll.name, GuessClass(ll.name), ll.weights)
		if ll.missing {
			l.Note = "listed in layer_names but absent from the file"
		}
		m.Layers = append(m.Layers, l)
	}
	return m, nil
}

func weightsModel(opt Options, version, format string) *graph.Model {
	name := strings.TrimSuffix(filepath.Base(opt.File), filepath.Ext(opt.File))
	name = strings.TrimSuffix(name, ".weights")
	d := opt.Dialect
	if d == graph.DialectUnknown {
		d = kerasjson.DetectDialect(map[string]any{}, version)
		if version == "" {
			d = graph.TFKeras
		}
	}
	m := &graph.Model{Name: name, Class: "", Framework: "keras", Version: version, Dialect: d,
		SourceFormat: format, Source: opt.File}
	if m.Version == "" {
		m.Version = d.String()
	}
	m.Warnings = append(m.Warnings, diag.Warning{Pos: diag.Pos{File: opt.File},
		Msg: "a weights-only file (save_weights): no model config, so output shapes are unknown and layer classes are guessed from layer names (? when a name is not a default one)"})
	return m
}

func weightsLayer(name, class string, fw []FileWeight) *graph.Layer {
	l := &graph.Layer{Name: name, Class: class, Trainable: true, Note: "weights only"}
	l.Weights = fileWeights(l, fw)
	return l
}

// keras3Container returns the group holding Keras 3 layer states, or nil.
func keras3Container(root *hdf5.Object) (*hdf5.Object, error) {
	for _, n := range []string{"layers", "_layer_checkpoint_dependencies"} {
		c, err := root.Child(n)
		if err != nil || c != nil {
			return c, err
		}
	}
	return nil, nil
}

// Keras3Vars lists the weights stored for one Keras 3 layer group: its own
// vars/<i> in numeric order, then those of its sub-objects (attribute
// groups such as forward_layer/, cell/), private ones (_name) last, as
// Keras' saving_lib visits them.
func Keras3Vars(g *hdf5.Object) ([]FileWeight, error) {
	var out []FileWeight
	var walk func(g *hdf5.Object, prefix string, depth int) error
	walk = func(g *hdf5.Object, prefix string, depth int) error {
		if depth > 64 {
			return fmt.Errorf("%s: layer groups nested too deeply", g.Path())
		}
		ls, err := g.Links()
		if err != nil {
			return err
		}
		var vars *hdf5.Object
		var subs []hdf5.Link
		for _, l := range ls {
			if l.Name == "vars" {
				vars, err = g.Open(l)
				if err != nil {
					return err
				}
				continue
			}
			subs = append(subs, l)
		}
		if vars != nil {
			vls, err := vars.Links()
			if err != nil {
				return err
			}
			names := make([]string, 0, len(vls))
			byName := map[string]hdf5.Link{}
			for _, l := range vls {
				names = append(names, l.Name)
				byName[l.Name] = l
			}
			sortVarNames(names)
			for _, n := range names {
				o, err := vars.Open(byName[n])
				if err != nil {
					return err
				}
				if o.Kind() != hdf5.KindDataset {
					continue
				}
				w, err := datasetWeight(o, prefix+"vars/"+n)
				if err != nil {
					return err
				}
				out = append(out, w)
			}
		}
		sort.SliceStable(subs, func(i, j int) bool { return nameKey(subs[i].Name) < nameKey(subs[j].Name) })
		for _, l := range subs {
			o, err := g.Open(l)
			if err != nil {
				return err
			}
			if o.Kind() != hdf5.KindGroup {
				continue
			}
			if err := walk(o, prefix+l.Name+"/", depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	err := walk(g, "", 0)
	return out, err
}

// nameKey is saving_lib._name_key: private attributes sort last.
func nameKey(n string) string {
	if strings.HasPrefix(n, "_") {
		return "~" + n
	}
	return n
}

// AssignKeras3 maps the groups of a Keras 3 weights file to the layers of
// m: each model's layers (InputLayers excepted) are stored under
// layers/<snake_case(class)>[_<n>] in order, nested models under their
// own layers/ group.
func AssignKeras3(m *graph.Model, root *hdf5.Object) (*Assignment, error) {
	a := NewAssignment()
	container, err := keras3Container(root)
	if err != nil {
		return nil, err
	}
	if container == nil {
		EachLayer(m, func(l *graph.Layer) { a.Missing = append(a.Missing, l) })
		return a, nil
	}
	var walk func(m *graph.Model, c *hdf5.Object, depth int) error
	walk = func(m *graph.Model, c *hdf5.Object, depth int) error {
		if depth > 64 {
			return fmt.Errorf("models nested too deeply")
		}
		used := map[string]int{}
		claimed := map[string]bool{}
		for _, l := range m.Layers {
			if l.Class == "InputLayer" {
				continue
			}
			key := SnakeCase(l.Class)
			if n, ok := used[key]; ok {
				used[key] = n + 1
				key = fmt.Sprintf("%s_%d", key, n+1)
			} else {
				used[key] = 0
			}
			g, err := c.Child(key)
			if err != nil {
				return err
			}
			if g == nil && !claimed[l.Name] {
				key = l.Name
				if g, err = c.Child(key); err != nil {
					return err
				}
			}
			if g == nil {
				if l.Sub != nil {
					EachLayer(l.Sub, func(s *graph.Layer) { a.Missing = append(a.Missing, s) })
				} else {
					a.Missing = append(a.Missing, l)
				}
				continue
			}
			claimed[key] = true
			if l.Sub != nil {
				sc, err := g.Child("layers")
				if err != nil {
					return err
				}
				if sc == nil {
					EachLayer(l.Sub, func(s *graph.Layer) { a.Missing = append(a.Missing, s) })
					continue
				}
				if err := walk(l.Sub, sc, depth+1); err != nil {
					return err
				}
				continue
			}
			fw, err := Keras3Vars(g)
			if err != nil {
				return err
			}
			a.Layers[l] = fw
		}
		// Groups no layer claimed.
		ls, err := c.Links()
		if err != nil {
			return err
		}
		for _, l := range ls {
			if claimed[l.Name] {
				continue
			}
			o, err := c.Open(l)
			if err != nil {
				return err
			}
			fw, err := Keras3Vars(o)
			if err != nil {
				return err
			}
			for _, w := range fw {
				w.Name = l.Name + "/" + w.Name
				a.Extra = append(a.Extra, w)
			}
		}
		return nil
	}
	if err := walk(m, container, 0); err != nil {
		return nil, err
	}
	return a, nil
}

// keras3WeightsOnly reads a Keras 3 model.weights.h5 without its config.
func keras3WeightsOnly(root, container *hdf5.Object, opt Options) (*graph.Model, error) {
	m := weightsModel(opt, "", "keras3-weights-h5")
	if opt.Dialect == graph.DialectUnknown {
		m.Dialect = graph.Keras3
		m.Version = graph.Keras3.String()
	}
	if v, err := root.Child("vars"); err == nil && v != nil {
		if n, err := stringAttr(v, "name"); err == nil && n != "" {
			m.Name = n
		}
	}
	var build func(m *graph.Model, c *hdf5.Object, depth int) error
	build = func(m *graph.Model, c *hdf5.Object, depth int) error {
		if depth > 64 {
			return fmt.Errorf("models nested too deeply")
		}
		ls, err := c.Links()
		if err != nil {
			return err
		}
		for _, lk := range ls {
			g, err := c.Open(lk)
			if err != nil {
				return err
			}
			if g.Kind() != hdf5.KindGroup {
				continue
			}
			name := lk.Name
			if v, err := g.Child("vars"); err == nil && v != nil {
				if n, err := stringAttr(v, "name"); err == nil && n != "" {
					name = n
				}
			}
			class := GuessClass(lk.Name)
			if sub, err := g.Child("layers"); err != nil {
				return err
			} else if sub != nil && sub.Kind() == hdf5.KindGroup {
				sm := &graph.Model{Name: name, Class: class, Framework: "keras", Dialect: m.Dialect, Version: m.Version}
				if err := build(sm, sub, depth+1); err != nil {
					return err
				}
				m.Layers = append(m.Layers, &graph.Layer{Name: name, Class: class, Sub: sm, Trainable: true, Note: "weights only"})
				continue
			}
			fw, err := Keras3Vars(g)
			if err != nil {
				return err
			}
			m.Layers = append(m.Layers, weightsLayer(name, class, fw))
		}
		return nil
	}
	if err := build(m, container, 0); err != nil {
		return nil, err
	}
	m.Warnings = append(m.Warnings, diag.Warning{Pos: diag.Pos{File: opt.File},
		Msg: "Keras 3 stores layers by class, not in model order: layers are listed by their group names"})
	return m, nil
}

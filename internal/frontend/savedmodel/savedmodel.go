// Package savedmodel reads the Keras model of a TensorFlow SavedModel
// directory, what model.save("dir") wrote in tf.keras 2.x: the model
// config stored as JSON in keras_metadata.pb (TF 2.5 and later) or, in
// older directories, in the metadata string of the root object of
// saved_model.pb's object graph. The TensorFlow graph, its functions and
// the variables/ checkpoint are never read.
//
// Layouts (facts from TensorFlow's protos):
//
//	keras_metadata.pb  SavedMetadata{ nodes=1: SavedObject{ node_id=2, node_path=3, identifier=4, metadata=5 } }
//	saved_model.pb     SavedModel{ meta_graphs=2: MetaGraphDef{ object_graph_def=7: SavedObjectGraph{
//	                       nodes=1: SavedObject{ user_object=4: SavedUserObject{ identifier=1, metadata=3 } } } } }
//
// The metadata JSON of the root object is Keras' json_utils encoding:
// tuples as {"class_name": "__tuple__", "items": [...]}, shapes as
// {"class_name": "TensorShape", "items": [...]}; the model's
// {"class_name", "config"} is under "model_config", with "keras_version"
// and "training_config" beside it.
package savedmodel

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/frontend/kerash5"
	"github.com/netsum/netsum/internal/graph"
)

// MaxMetadata bounds one metadata string (a model config as JSON).
const MaxMetadata = 256 << 20

// Options configure Open.
type Options struct {
	File         string // name used in messages
	AllowUnknown bool
	Dialect      graph.Dialect
}

// Match claims keras_metadata.pb and saved_model.pb by name: their bytes
// are bare protobuf, which has no signature.
func Match(name string, header []byte) bool {
	switch path.Base(filepath.ToSlash(name)) {
	case "keras_metadata.pb", "saved_model.pb":
		return true
	}
	return false
}

// Open reads a keras_metadata.pb or saved_model.pb file.
func Open(r io.ReaderAt, size int64, opt Options) (*graph.Model, error) {
	p := &parser{r: r, file: opt.File}
	var meta string
	var err error
	if path.Base(filepath.ToSlash(opt.File)) == "keras_metadata.pb" {
		meta, err = p.kerasMetadata(size)
	} else {
		meta, err = p.savedModel(size)
	}
	if err != nil {
		return nil, err
	}
	return build(meta, opt)
}

type parser struct {
	r    io.ReaderAt
	file string
}

func (p *parser) errorf(format string, args ...any) error {
	return &diag.Error{Pos: diag.Pos{File: p.file}, Msg: fmt.Sprintf(format, args...)}
}

// field is one protobuf field of a message: a varint value, or the
// offset and length of its bytes.
type field struct {
	num       protowire.Number
	typ       protowire.Type
	v         uint64
	off, size int64
}

// fields walks the message at [off, off+size) without reading the
// payloads of length-delimited fields; fn returns false to stop.
func (p *parser) fields(off, size int64, fn func(f field) (bool, error)) error {
	end := off + size
	var buf [20]byte
	for off < end {
		n, err := p.r.ReadAt(buf[:min(int64(len(buf)), end-off)], off)
		if n == 0 && err != nil {
			return p.errorf("truncated protobuf at byte %d: %v", off, err)
		}
		b := buf[:n]
		num, typ, tl := protowire.ConsumeTag(b)
		if tl < 0 {
			return p.errorf("bad protobuf tag at byte %d", off)
		}
		f := field{num: num, typ: typ}
		b = b[tl:]
		var vl int
		switch typ {
		case protowire.VarintType:
			f.v, vl = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			vl = 4
		case protowire.Fixed64Type:
			vl = 8
		case protowire.BytesType:
			var l uint64
			l, vl = protowire.ConsumeVarint(b)
			if vl >= 0 {
				f.off, f.size = off+int64(tl+vl), int64(l)
				if l > uint64(end-f.off) {
					return p.errorf("truncated protobuf: field %d at byte %d claims %d bytes, %d remain", num, off, l, end-f.off)
				}
				vl += int(l)
			}
		default:
			return p.errorf("unsupported protobuf wire type %d at byte %d (not a SavedModel file?)", typ, off)
		}
		if vl < 0 || int64(tl+vl) > end-off {
			return p.errorf("truncated protobuf at byte %d", off)
		}
		off += int64(tl + vl)
		more, err := fn(f)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

func (p *parser) str(f field) (string, error) {
	if f.typ != protowire.BytesType {
		return "", p.errorf("field %d: expected a string", f.num)
	}
	if f.size > MaxMetadata {
		return "", p.errorf("a metadata string of %d bytes (limit %d MiB)", f.size, MaxMetadata>>20)
	}
	b := make([]byte, f.size)
	if _, err := p.r.ReadAt(b, f.off); err != nil {
		return "", p.errorf("reading %d bytes at %d: %v", f.size, f.off, err)
	}
	return string(b), nil
}

// kerasMetadata returns the metadata of the root object (node_path
// "root", else node_id 0).
func (p *parser) kerasMetadata(size int64) (string, error) {
	var meta string
	found := false
	err := p.fields(0, size, func(f field) (bool, error) {
		if f.num != 1 || f.typ != protowire.BytesType {
			return true, nil
		}
		var id uint64
		var nodePath, m string
		var hasMeta bool
		err := p.fields(f.off, f.size, func(g field) (bool, error) {
			var err error
			switch {
			case g.num == 2 && g.typ == protowire.VarintType:
				id = g.v
			case g.num == 3 && g.typ == protowire.BytesType:
				nodePath, err = p.str(g)
			case g.num == 5 && g.typ == protowire.BytesType:
				m, err = p.str(g)
				hasMeta = true
			}
			return true, err
		})
		if err != nil {
			return false, err
		}
		if hasMeta && (nodePath == "root" || (nodePath == "" && id == 0)) {
			meta, found = m, true
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return "", err
	}
	if !found {
		return "", p.errorf("no root object in the Keras metadata (SavedMetadata.nodes has no node_path \"root\")")
	}
	return meta, nil
}

// savedModel returns the metadata of node 0 of the first meta graph's
// object graph; graph_def and the function library are skipped unread.
func (p *parser) savedModel(size int64) (string, error) {
	var meta string
	var graphs, objectGraphs int
	err := p.fields(0, size, func(f field) (bool, error) {
		if f.num != 2 || f.typ != protowire.BytesType {
			return true, nil
		}
		graphs++
		err := p.fields(f.off, f.size, func(g field) (bool, error) {
			if g.num != 7 || g.typ != protowire.BytesType {
				return true, nil
			}
			objectGraphs++
			return false, p.fields(g.off, g.size, func(n field) (bool, error) {
				if n.num != 1 || n.typ != protowire.BytesType {
					return true, nil
				}
				// nodes[0] is the root.
				return false, p.fields(n.off, n.size, func(o field) (bool, error) {
					if o.num != 4 || o.typ != protowire.BytesType {
						return true, nil
					}
					return false, p.fields(o.off, o.size, func(u field) (bool, error) {
						if u.num == 3 && u.typ == protowire.BytesType {
							var err error
							meta, err = p.str(u)
							return false, err
						}
						return true, nil
					})
				})
			})
		})
		return false, err
	})
	switch {
	case err != nil:
		return "", err
	case graphs == 0:
		return "", p.errorf("not a SavedModel: no MetaGraphDef (SavedModel.meta_graphs, field 2)")
	case objectGraphs == 0:
		return "", p.errorf("a TensorFlow 1 SavedModel (no object graph): it holds a TensorFlow graph, not a Keras model config")
	case meta == "":
		return "", p.errorf("a SavedModel without Keras metadata: it was written by tf.saved_model.save (or by TF 2.5+ with keras_metadata.pb missing beside it), so it holds TensorFlow functions, not a Keras model config; pass keras_metadata.pb, or load the model in TensorFlow and save it with model.save(\"model.keras\")")
	}
	return meta, nil
}

// build turns the root object's metadata JSON into the model.
func build(meta string, opt Options) (*graph.Model, error) {
	var root map[string]any
	if err := json.Unmarshal([]byte(meta), &root); err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: "the root object's metadata is not JSON: " + err.Error()}
	}
	root = decode(root, 0).(map[string]any)
	mc, _ := root["model_config"].(map[string]any)
	if mc == nil {
		class, _ := root["class_name"].(string)
		if _, ok := root["config"].(map[string]any); ok && class != "" {
			mc = map[string]any{"class_name": class, "config": root["config"]}
		}
	}
	if mc == nil || mc["config"] == nil {
		class, _ := root["class_name"].(string)
		if class == "" {
			class, _ = mc["class_name"].(string)
		}
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: fmt.Sprintf("the root object (class %q) has no model config: a subclassed Keras model keeps its layers in Python code; run that code through netsum instead", class)}
	}
	cfg, err := json.Marshal(mc)
	if err != nil {
		return nil, err
	}
	version, _ := root["keras_version"].(string)
	m, err := kerash5.ParseConfig(cfg, version, opt.File+":model_config", kerash5.Options{File: opt.File, AllowUnknown: opt.AllowUnknown, Dialect: opt.Dialect})
	if err != nil {
		return nil, err
	}
	m.Source = opt.File
	m.SourceFormat = "keras-savedmodel"
	if tc, ok := root["training_config"]; ok && tc != nil {
		if b, err := json.Marshal(tc); err == nil {
			m.Compile = kerash5.CompileFromTraining(b)
		}
	}
	return m, nil
}

// decode undoes json_utils' encoding of tuples and TensorShapes.
func decode(v any, depth int) any {
	if depth > 10000 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if c, ok := x["class_name"].(string); ok && (c == "__tuple__" || c == "TensorShape") && len(x) == 2 {
			if items, ok := x["items"]; ok {
				return decode(items, depth+1)
			}
		}
		for k, e := range x {
			x[k] = decode(e, depth+1)
		}
	case []any:
		for i, e := range x {
			x[i] = decode(e, depth+1)
		}
	}
	return v
}

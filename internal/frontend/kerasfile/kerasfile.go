// Package kerasfile reads Keras 3 .keras files: a zip of config.json (the
// model), metadata.json (keras_version) and model.weights.h5 (the weights,
// read for their shapes only, in place when stored uncompressed). It also
// describes zips that are not .keras files, for error messages. It
// imports graph, diag, hdf5, kerasjson and kerash5.
package kerasfile

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/frontend/kerash5"
	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/hdf5"
)

// Limits on what is decompressed into memory.
const (
	// MaxConfig bounds config.json (declared and actual size).
	MaxConfig = 64 << 20
	// MaxMetadata bounds metadata.json.
	MaxMetadata = 1 << 20
	// MaxInflatedWeights bounds a compressed model.weights.h5, which must
	// be inflated to be read; stored (uncompressed) weights are read in
	// place whatever their size.
	MaxInflatedWeights = 256 << 20
	// MaxEntries bounds the number of zip entries.
	MaxEntries = 100000
)

// Options for Open.
type Options struct {
	File         string
	AllowUnknown bool
	Dialect      graph.Dialect
}

// Match reports whether header is the start of a zip whose first entries
// are Keras ones (Keras writes metadata.json, then config.json), or a zip
// named *.keras.
func Match(name string, header []byte) bool {
	if !IsZip(header) {
		return false
	}
	return strings.HasSuffix(strings.ToLower(name), ".keras") ||
		bytes.Contains(header, []byte("metadata.json")) || bytes.Contains(header, []byte("config.json")) ||
		bytes.Contains(header, []byte("model.weights.h5"))
}

// IsZip reports whether header starts like a zip archive.
func IsZip(header []byte) bool {
	return bytes.HasPrefix(header, []byte("PK\x03\x04")) || bytes.HasPrefix(header, []byte("PK\x05\x06"))
}

func errAt(file, format string, args ...any) error {
	return &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf(format, args...)}
}

func openZip(r io.ReaderAt, size int64, file string) (*zip.Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, errAt(file, "a zip archive that cannot be read: %v", err)
	}
	if len(zr.File) > MaxEntries {
		return nil, errAt(file, "zip archive has %d entries (limit %d)", len(zr.File), MaxEntries)
	}
	return zr, nil
}

// readEntry reads a small entry whole, refusing entries whose declared or
// actual uncompressed size exceeds limit (zip bombs).
func readEntry(f *zip.File, limit int64, file string) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, errAt(file, "%s declares %d bytes uncompressed, more than the %d-byte limit", f.Name, f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errAt(file, "%s: %v", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if int64(len(b)) > limit {
		return nil, errAt(file, "%s inflates to more than %d bytes (a zip bomb?)", f.Name, limit)
	}
	if err != nil {
		return nil, errAt(file, "%s: %v", f.Name, err)
	}
	return b, nil
}

// Open reads a .keras file.
func Open(r io.ReaderAt, size int64, opt Options) (*graph.Model, error) {
	zr, err := openZip(r, size, opt.File)
	if err != nil {
		return nil, err
	}
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		if _, dup := entries[f.Name]; !dup {
			entries[f.Name] = f
		}
	}
	cf := entries["config.json"]
	if cf == nil {
		return nil, errAt(opt.File, "%s", describe(zr))
	}
	version := ""
	if mf := entries["metadata.json"]; mf != nil {
		b, err := readEntry(mf, MaxMetadata, opt.File)
		if err != nil {
			return nil, err
		}
		var md struct {
			KerasVersion string `json:"keras_version"`
		}
		if err := json.Unmarshal(b, &md); err != nil {
			return nil, errAt(opt.File, "metadata.json: %v", err)
		}
		version = md.KerasVersion
	}
	cfg, err := readEntry(cf, MaxConfig, opt.File)
	if err != nil {
		return nil, err
	}
	d := opt.Dialect
	if d == graph.DialectUnknown && version != "" {
		d = kerasjson.DetectDialect(map[string]any{}, version)
	}
	m, err := kerasjson.Parse(cfg, kerasjson.Options{File: opt.File + ":config.json", AllowUnknown: opt.AllowUnknown, Dialect: d})
	if err != nil {
		return nil, err
	}
	if version != "" {
		m.Version = version
	}
	m.Source = opt.File
	m.SourceFormat = "keras-zip"
	var top struct {
		CompileConfig map[string]any `json:"compile_config"`
	}
	if json.Unmarshal(cfg, &top) == nil {
		m.Compile = kerash5.CompileFromKeras3(top.CompileConfig)
	}
	wf := entries["model.weights.h5"]
	if wf == nil {
		msg := "no model.weights.h5 in the archive: weights not checked"
		if entries["model.weights.npz"] != nil {
			msg = "weights are stored as model.weights.npz, which netsum does not read: weights not checked"
		}
		m.Warnings = append(m.Warnings, diag.Warning{Pos: diag.Pos{File: opt.File}, Msg: msg})
		return m, nil
	}
	where := opt.File + ":model.weights.h5"
	wr, wsize, err := weightsReader(r, size, wf, opt.File)
	if err != nil {
		return nil, err
	}
	if wr == nil {
		m.Warnings = append(m.Warnings, diag.Warning{Pos: diag.Pos{File: opt.File},
			Msg: fmt.Sprintf("model.weights.h5 is compressed and larger than %d MiB: weights not checked", MaxInflatedWeights>>20)})
		return m, nil
	}
	hf, err := hdf5.Open(wr, wsize, hdf5.DefaultLimits)
	if err != nil {
		return nil, h5err(where, err)
	}
	root, err := hf.Root()
	if err != nil {
		return nil, h5err(where, err)
	}
	a, err := kerash5.AssignKeras3(m, root)
	if err != nil {
		return nil, h5err(where, err)
	}
	kerash5.Reconcile(m, a, where)
	return m, nil
}

func h5err(where string, err error) error {
	var fe *hdf5.FormatError
	if errors.As(err, &fe) {
		return &diag.Error{Pos: diag.Pos{File: where, Offset: max(fe.Offset, 0), Path: fe.Path}, Msg: "corrupt or unsupported HDF5: " + fe.Msg}
	}
	return &diag.Error{Pos: diag.Pos{File: where}, Msg: err.Error()}
}

// weightsReader gives random access to model.weights.h5: in place when
// stored, inflated into memory (bounded) when compressed; nil when too big.
func weightsReader(r io.ReaderAt, size int64, f *zip.File, file string) (io.ReaderAt, int64, error) {
	if f.Method == zip.Store {
		off, err := f.DataOffset()
		if err != nil {
			return nil, 0, errAt(file, "model.weights.h5: %v", err)
		}
		n := int64(f.UncompressedSize64)
		if f.UncompressedSize64 != f.CompressedSize64 || f.UncompressedSize64 > uint64(size) || off < 0 || off > size-n {
			return nil, 0, errAt(file, "model.weights.h5 claims %d bytes at offset %d of a %d-byte archive", f.UncompressedSize64, off, size)
		}
		return io.NewSectionReader(r, off, n), n, nil
	}
	if f.UncompressedSize64 > MaxInflatedWeights {
		return nil, 0, nil
	}
	b, err := readEntry(f, MaxInflatedWeights, file)
	if err != nil {
		return nil, 0, err
	}
	return bytes.NewReader(b), int64(len(b)), nil
}

// Describe says what a zip archive that netsum cannot read holds.
func Describe(r io.ReaderAt, size int64) string {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fmt.Sprintf("a zip archive that cannot be read (%v)", err)
	}
	return describe(zr)
}

func describe(zr *zip.Reader) string {
	var names []string
	has := func(pred func(string) bool) bool {
		for _, f := range zr.File {
			if pred(f.Name) {
				return true
			}
		}
		return false
	}
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	list := names
	if len(list) > 8 {
		list = append(append([]string(nil), list[:8]...), fmt.Sprintf("and %d more", len(names)-8))
	}
	var what string
	switch {
	case len(names) == 0:
		return "an empty zip archive, not a .keras file"
	case has(func(n string) bool { return path.Base(n) == "data.pkl" }):
		what = "a PyTorch checkpoint (torch.save), not a .keras file"
	case has(func(n string) bool { return path.Base(n) == "saved_model.pb" }):
		what = "a zipped TensorFlow SavedModel, not a .keras file: netsum reads Keras files; load it in TensorFlow and save it with model.save(\"model.keras\")"
	case has(func(n string) bool { return path.Base(n) == "model.json" }):
		what = "a zip holding a TensorFlow.js model: unzip it and pass model.json"
	case has(func(n string) bool { return strings.HasSuffix(n, ".h5") || strings.HasSuffix(n, ".keras") }):
		what = "a zip holding Keras files: unzip it and pass the .h5 or .keras file"
	case has(func(n string) bool { return path.Base(n) == "config.json" }):
		what = "a zip with config.json below the top level: a .keras file keeps config.json at its root"
	default:
		what = "a zip archive that is not a .keras file (no config.json)"
	}
	return fmt.Sprintf("%s; it holds %d entries: %s", what, len(names), strings.Join(list, ", "))
}

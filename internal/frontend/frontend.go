// Package frontend picks the front end for an input by its content and
// opens it into graph models. It knows the ordered list of formats and
// nothing about printing.
package frontend

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/frontend/onnxfile"
	"github.com/netsum/netsum/internal/frontend/pycode"
	"github.com/netsum/netsum/internal/frontend/savedmodel"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/hdf5"
)

// MaxTextSize bounds text inputs (JSON, Python) read into memory.
const MaxTextSize = 256 << 20

// Options apply to every front end.
type Options struct {
	AllowUnknown bool
	Dialect      graph.Dialect     // force a Keras dialect (0 = detect)
	Defines      map[string]string // NAME=Python literal, for code
	SearchPaths  []string          // extra import roots, for code
	ModelName    string            // pick one model by name
	InputSize    [][]int64         // input shapes for PyTorch code's forward (one per argument)
	InputDType   []string          // their dtypes (one for all, or one per input; nil = float32)
	Dims         map[string]int64  // values of named dims (ONNX dim_param), --dim
	// Context, when set, bounds the work: front ends that run code (the
	// Python interpreter) stop when it is done. nil means no deadline.
	Context context.Context
	// NoFiles reads nothing but the input itself (netsum serve): model code
	// imports no module from disk.
	NoFiles bool
}

// errNoFiles refuses a file read under Options.NoFiles.
func errNoFiles(path string) ([]byte, error) {
	return nil, fmt.Errorf("%s: not read: only the model given is read here (no imports from disk)", path)
}

// HeaderSize is how much of a binary file ReadInput reads up front: enough
// for every format's Match (HDF5 signatures at 0, 512, 1024 and 2048).
const HeaderSize = 4096

// Input is one file (or stdin) to read.
//
// Text inputs (JSON, Python) are read whole into Data. Binary inputs (HDF5,
// zip, anything with NUL bytes in its header) are not: Data holds only the
// first HeaderSize bytes and Binary is set; a front end reads the rest with
// Content, which gives random access without loading the file, so weight
// bytes are never read.
type Input struct {
	Name string // as given on the command line; "-" for stdin
	Data []byte
	// Binary is set when Data is only the header of a larger input.
	Binary bool
	// Path is the file to open for random access ("" for stdin and for
	// inputs built in memory).
	Path string
	// ReaderAt and Size give random access to the whole input when it is
	// already open or in memory; nil means: open Path, or use Data.
	ReaderAt io.ReaderAt
	Size     int64
}

// Content gives random access to the whole input; call release when done.
func (in *Input) Content() (r io.ReaderAt, size int64, release func(), err error) {
	switch {
	case in.ReaderAt != nil:
		return in.ReaderAt, in.Size, func() {}, nil
	case in.Path != "" && in.Binary:
		f, err := os.Open(in.Path)
		if err != nil {
			return nil, 0, nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, nil, err
		}
		return f, st.Size(), func() { f.Close() }, nil
	}
	return bytes.NewReader(in.Data), int64(len(in.Data)), func() {}, nil
}

// Format is one front end.
type Format struct {
	Name string
	// Match looks at the name and the first bytes only.
	Match func(name string, header []byte) bool
	// Open reads the whole input into models.
	Open func(in *Input, opt Options) ([]*graph.Model, error)
}

var formats []*Format

// Register adds a format at the end of the detection order.
func Register(f *Format) { formats = append(formats, f) }

func init() {
	// By name, before ONNX: their bytes are bare protobuf too.
	Register(&Format{Name: "keras-savedmodel", Match: savedmodel.Match, Open: openSavedModel})
	Register(&Format{
		Name:  "onnx",
		Match: onnxfile.Match,
		Open: func(in *Input, opt Options) ([]*graph.Model, error) {
			r, size, release, err := in.Content()
			if err != nil {
				return nil, err
			}
			defer release()
			return onnxfile.Open(r, size, in.Name, in.Path, opt.ModelName, opt.Dims)
		},
	})
	registerKerasContainers() // .h5, .keras, tfjs model.json: before keras-json
	registerCheckpoints()     // GGUF, safetensors, torch.save files
	Register(&Format{
		Name:  "keras-json",
		Match: kerasjson.Match,
		Open: func(in *Input, opt Options) ([]*graph.Model, error) {
			m, err := kerasjson.Parse(in.Data, kerasjson.Options{File: in.Name, AllowUnknown: opt.AllowUnknown, Dialect: opt.Dialect})
			if err != nil {
				return nil, err
			}
			return []*graph.Model{m}, nil
		},
	})
	Register(&Format{
		Name:  "python",
		Match: pycode.Match,
		Open: func(in *Input, opt Options) ([]*graph.Model, error) {
			po := pycode.Options{Dialect: opt.Dialect, Defines: opt.Defines,
				SearchPaths: opt.SearchPaths, ModelName: opt.ModelName, AllowUnknown: opt.AllowUnknown, InputSize: opt.InputSize, InputDType: opt.InputDType}
			if opt.NoFiles {
				po.SearchPaths, po.ReadFile = nil, errNoFiles
			}
			return pycode.Open(in.Name, in.Data, po)
		},
	})
}

// Formats lists the registered format names.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Name
	}
	return out
}

// IsBinary reports whether a file header belongs to a binary format (HDF5,
// zip, or any content with NUL bytes) rather than text.
func IsBinary(header []byte) bool {
	return hdf5.HasSignature(header) || onnxfile.Match("", header) || bytes.HasPrefix(header, []byte("PK\x03\x04")) ||
		bytes.HasPrefix(header, []byte("PK\x05\x06")) || bytes.IndexByte(header, 0) >= 0
}

// ReadInput reads a file or stdin ("-"). A text file is read whole, up to
// MaxTextSize; of a binary file only the header is read (see Input).
// Standard input is always read into memory, up to MaxTextSize.
func ReadInput(name string, stdin io.Reader) (*Input, error) {
	var r io.Reader
	if name == "-" {
		r = stdin
	} else {
		st, err := os.Stat(name)
		if err != nil {
			return nil, err
		}
		if st.IsDir() {
			inner, err := dirModel(name)
			if err != nil {
				return nil, err
			}
			return ReadInput(inner, stdin)
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		header := make([]byte, HeaderSize)
		n, err := io.ReadFull(f, header)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		header = header[:n]
		if IsBinary(header) && st.Mode().IsRegular() {
			return &Input{Name: name, Data: header, Binary: true, Path: name, Size: st.Size()}, nil
		}
		r = io.MultiReader(bytes.NewReader(header), f)
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxTextSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(data) > MaxTextSize {
		return nil, fmt.Errorf("%s: larger than %d MiB; netsum reads model code and JSON up to that size", name, MaxTextSize>>20)
	}
	if name == "-" {
		return &Input{Name: "<stdin>", Data: data, Size: int64(len(data))}, nil
	}
	// Path lets a text input find files beside it (a sharded checkpoint's
	// index reads its shards); Binary stays unset, so Content serves Data.
	return &Input{Name: name, Data: data, Size: int64(len(data)), Path: name}, nil
}

// dirModel is the file to read for a directory: a SavedModel's
// keras_metadata.pb (else its saved_model.pb), a tfjs model.json, or a
// Hugging Face folder's safetensors (the shards' index first).
func dirModel(name string) (string, error) {
	for _, f := range []string{"keras_metadata.pb", "saved_model.pb", "model.json", "model.safetensors.index.json", "model.safetensors",
		"pytorch_model.bin.index.json", "pytorch_model.bin"} {
		p := filepath.Join(name, f)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: is a directory with no model netsum reads (keras_metadata.pb, saved_model.pb, model.json, model.safetensors.index.json, model.safetensors, pytorch_model.bin.index.json, pytorch_model.bin)", name)
}

// Open detects the format of in and reads it. When no format matches, the
// error says what the input looks like.
func Open(in *Input, opt Options) ([]*graph.Model, error) {
	header := in.Data
	if len(header) > 4096 {
		header = header[:4096]
	}
	var errs []error
	for _, f := range formats {
		if !f.Match(in.Name, header) {
			continue
		}
		ms, err := f.Open(in, opt)
		if err == nil {
			return ms, nil
		}
		errs = append(errs, err)
		// A matching format that failed on content is the answer: a second
		// format would only add noise.
		break
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return nil, &diag.Error{Pos: diag.Pos{File: in.Name}, Msg: "unrecognized input: " + describe(in) + "; netsum reads " + strings.Join(Formats(), ", ")}
}

// Sniff names what the bytes look like, for error messages.
func Sniff(b []byte) string {
	switch {
	case len(b) == 0:
		return "the file is empty"
	case strings.HasPrefix(string(b), "\x89HDF\r\n\x1a\n"):
		return "an HDF5 file"
	case strings.HasPrefix(string(b), "PK\x03\x04"):
		return "a zip archive"
	case strings.HasPrefix(string(b), "GGUF"):
		return "a GGUF file"
	case strings.HasPrefix(strings.TrimLeft(string(b[:min(len(b), 512)]), " \t\r\n"), "{"):
		return "JSON that is not a Keras model"
	}
	return "unknown content"
}

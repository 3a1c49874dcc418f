// Package frontend picks the front end for an input by its content and
// opens it into graph models. It knows the ordered list of formats and
// nothing about printing.
package frontend

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/graph"
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
}

// Input is one file (or stdin) to read.
type Input struct {
	Name string // as given on the command line; "-" for stdin
	Data []byte
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
}

// Formats lists the registered format names.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Name
	}
	return out
}

// ReadInput reads a file or stdin ("-") with the size limit.
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
			return nil, describeDir(name)
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxTextSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(data) > MaxTextSize {
		return nil, fmt.Errorf("%s: larger than %d MiB; netsum reads model code and JSON up to that size", name, MaxTextSize>>20)
	}
	if name == "-" {
		name = "<stdin>"
	}
	return &Input{Name: name, Data: data}, nil
}

func describeDir(name string) error {
	if _, err := os.Stat(name + "/saved_model.pb"); err == nil {
		return fmt.Errorf("%s: a TensorFlow SavedModel directory; netsum reads Keras files: save the model with model.save(\"model.keras\") or pass its keras_metadata.pb config as JSON", name)
	}
	if _, err := os.Stat(name + "/model.json"); err == nil {
		return fmt.Errorf("%s: a directory holding model.json; pass %s/model.json", name, name)
	}
	return fmt.Errorf("%s: is a directory", name)
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
	return nil, &diag.Error{Pos: diag.Pos{File: in.Name}, Msg: "unrecognized input: " + Sniff(in.Data) + "; netsum reads " + strings.Join(Formats(), ", ")}
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

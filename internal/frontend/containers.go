package frontend

import (
	"path/filepath"

	"github.com/netsum/netsum/internal/frontend/kerasfile"
	"github.com/netsum/netsum/internal/frontend/kerash5"
	"github.com/netsum/netsum/internal/frontend/tfjsfile"
	"github.com/netsum/netsum/internal/graph"
)

// registerKerasContainers adds the Keras container formats: HDF5 and zip
// by magic, then tfjs model.json (a JSON object with modelTopology or
// weightsManifest). The binary ones read through Input.Content, never the
// whole file.
func registerKerasContainers() {
	Register(&Format{Name: "keras-h5", Match: kerash5.Match, Open: openKerasH5})
	Register(&Format{Name: "keras-zip", Match: kerasfile.Match, Open: openKerasZip})
	Register(&Format{Name: "tfjs", Match: tfjsfile.Match, Open: openTFJS})
}

func openKerasH5(in *Input, opt Options) ([]*graph.Model, error) {
	r, size, release, err := in.Content()
	if err != nil {
		return nil, err
	}
	defer release()
	m, err := kerash5.Open(r, size, kerash5.Options{File: in.Name, AllowUnknown: opt.AllowUnknown, Dialect: opt.Dialect})
	if err != nil {
		return nil, err
	}
	return []*graph.Model{m}, nil
}

func openKerasZip(in *Input, opt Options) ([]*graph.Model, error) {
	r, size, release, err := in.Content()
	if err != nil {
		return nil, err
	}
	defer release()
	m, err := kerasfile.Open(r, size, kerasfile.Options{File: in.Name, AllowUnknown: opt.AllowUnknown, Dialect: opt.Dialect})
	if err != nil {
		return nil, err
	}
	return []*graph.Model{m}, nil
}

func openTFJS(in *Input, opt Options) ([]*graph.Model, error) {
	m, err := tfjsfile.Parse(in.Data, tfjsfile.Options{File: in.Name, AllowUnknown: opt.AllowUnknown, Dialect: opt.Dialect})
	if err != nil {
		return nil, err
	}
	return []*graph.Model{m}, nil
}

// describe is Sniff, with a look inside zips and a word on TensorFlow
// SavedModel files, for the "unrecognized input" error.
func describe(in *Input) string {
	switch base := filepath.Base(in.Name); base {
	case "saved_model.pb", "saved_model.pbtxt":
		return "a TensorFlow SavedModel graph (" + base + "); netsum reads Keras files: load the model in TensorFlow and save it with model.save(\"model.keras\"), or pass the .h5 or model.json it was made from"
	case "keras_metadata.pb":
		return "the Keras metadata of a TensorFlow SavedModel (a protobuf); netsum reads Keras files: save the model with model.save(\"model.keras\")"
	}
	if kerasfile.IsZip(in.Data) {
		if r, size, release, err := in.Content(); err == nil {
			defer release()
			return kerasfile.Describe(r, size)
		}
	}
	return Sniff(in.Data)
}

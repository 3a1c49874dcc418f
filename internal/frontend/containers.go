package frontend

import (
	"os"
	"path/filepath"

	"github.com/netsum/netsum/internal/frontend/kerasfile"
	"github.com/netsum/netsum/internal/frontend/kerash5"
	"github.com/netsum/netsum/internal/frontend/savedmodel"
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

// openSavedModel reads a SavedModel's Keras metadata; for saved_model.pb
// with a keras_metadata.pb beside it, that file (TF 2.5+ keeps the config
// there, not in the object graph).
func openSavedModel(in *Input, opt Options) ([]*graph.Model, error) {
	if in.Path != "" && filepath.Base(in.Path) == "saved_model.pb" {
		side := filepath.Join(filepath.Dir(in.Path), "keras_metadata.pb")
		if _, err := os.Stat(side); err == nil {
			sin, err := ReadInput(side, nil)
			if err != nil {
				return nil, err
			}
			in = sin
		}
	}
	r, size, release, err := in.Content()
	if err != nil {
		return nil, err
	}
	defer release()
	m, err := savedmodel.Open(r, size, savedmodel.Options{File: in.Name, AllowUnknown: opt.AllowUnknown, Dialect: opt.Dialect})
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
	if filepath.Base(in.Name) == "saved_model.pbtxt" {
		return "a TensorFlow SavedModel graph in text form; netsum reads the binary saved_model.pb and keras_metadata.pb of a Keras SavedModel directory"
	}
	if kerasfile.IsZip(in.Data) {
		if r, size, release, err := in.Content(); err == nil {
			defer release()
			return kerasfile.Describe(r, size)
		}
	}
	return Sniff(in.Data)
}

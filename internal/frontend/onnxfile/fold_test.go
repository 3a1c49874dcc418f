package onnxfile

import (
	"os"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/onnx"
)

// TestFoldedBatchNormNote: the eval-mode ResNet-50 export (BatchNorm folded,
// 25,530,472 initializer elements) says why it differs from torch's
// 25,557,032; the training-mode export and the seed CNN (real conv biases)
// say nothing.
func TestFoldedBatchNormNote(t *testing.T) {
	for name, want := range map[string]bool{"resnet50": true, "resnet50_train": false, "seed_cnn": false} {
		b, err := os.ReadFile("../../../testdata/onnx/models/" + name + ".onnx")
		if err != nil {
			t.Skip(err)
		}
		m, err := onnx.DecodeBytes(b, onnx.Options{})
		if err != nil {
			t.Fatal(err)
		}
		note := foldedBatchNorm(m.Graph)
		if got := note != ""; got != want || (want && !strings.Contains(note, "folds each BatchNorm")) {
			t.Errorf("%s: note %q, want note: %v", name, note, want)
		}
	}
}

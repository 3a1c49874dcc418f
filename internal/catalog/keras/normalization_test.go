package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func TestNormalizationLayers(t *testing.T) {
	mfRun(t, []mfCase{
		// keras-io guides keras_cv/simsiam_with_kerascv.md (tf.keras):
		// batch_normalization_0 (None, 2048) 8192, and with center=False,
		// scale=False 4096; non-trainable 8192 = 2×4096.
		{name: "BN tf.keras", class: "BatchNormalization", dialect: graph.TFKeras, cfg: map[string]any{"epsilon": 1.001e-5},
			in: []graph.Shape{mfS(-1, 2048)}, out: []graph.Shape{mfS(-1, 2048)},
			weights: [][]int64{{2048}, {2048}, {2048}, {2048}}, params: 8192, nonTr: 4096},
		{name: "BN no center/scale", class: "BatchNormalization", dialect: graph.TFKeras,
			cfg: map[string]any{"center": false, "scale": false},
			in:  []graph.Shape{mfS(-1, 2048)}, out: []graph.Shape{mfS(-1, 2048)},
			weights: [][]int64{{2048}, {2048}}, params: 4096, nonTr: 4096},
		// corpora/keras-files expected/zip_k3_resnet1d.json: BatchNormalization
		// after Conv1D(32): four (32,) weights, 128 params.
		{name: "BN Keras 3", class: "BatchNormalization", cfg: map[string]any{"axis": int64(-1), "momentum": 0.99},
			in: []graph.Shape{mfS(-1, 100, 32)}, out: []graph.Shape{mfS(-1, 100, 32)},
			weights: [][]int64{{32}, {32}, {32}, {32}}, params: 128, nonTr: 64},
		// tf.keras saves the built axis as a list.
		{name: "BN axis list", class: "BatchNormalization", dialect: graph.TFKeras, cfg: map[string]any{"axis": []any{int64(3)}},
			in: []graph.Shape{mfS(-1, 28, 28, 16)}, out: []graph.Shape{mfS(-1, 28, 28, 16)},
			weights: [][]int64{{16}, {16}, {16}, {16}}, params: 64, nonTr: 32},
		{name: "BN channels first", class: "BatchNormalization", dialect: graph.Keras2, cfg: map[string]any{"axis": int64(1)},
			in: []graph.Shape{mfS(-1, 3, 28, 28)}, out: []graph.Shape{mfS(-1, 3, 28, 28)},
			weights: [][]int64{{3}, {3}, {3}, {3}}, params: 12, nonTr: 6},
		// keras@v2.15.0:keras/layers/normalization/batch_normalization.py
		// build: several axes give a rank-sized broadcast parameter shape;
		// virtual_batch_size inserts a 1 at index 1.
		{name: "BN two axes", class: "BatchNormalization", dialect: graph.TFKeras, cfg: map[string]any{"axis": []any{int64(1), int64(2)}},
			in: []graph.Shape{mfS(-1, 4, 5, 6)}, out: []graph.Shape{mfS(-1, 4, 5, 6)},
			weights: [][]int64{{1, 4, 5, 1}, {1, 4, 5, 1}, {1, 4, 5, 1}, {1, 4, 5, 1}}, params: 80, nonTr: 40},
		{name: "BN virtual batch", class: "BatchNormalization", dialect: graph.TFKeras, cfg: map[string]any{"virtual_batch_size": int64(8)},
			in: []graph.Shape{mfS(-1, 5, 5, 6)}, out: []graph.Shape{mfS(-1, 5, 5, 6)},
			weights: [][]int64{{1, 1, 1, 1, 6}, {1, 1, 1, 1, 6}, {1, 1, 1, 1, 6}, {1, 1, 1, 1, 6}}, params: 24, nonTr: 12},
		{name: "BN renorm", class: "BatchNormalization", dialect: graph.TFKeras, cfg: map[string]any{"renorm": true},
			in: []graph.Shape{mfS(-1, 10)}, out: []graph.Shape{mfS(-1, 10)},
			weights: [][]int64{{10}, {10}, {10}, {10}, {10}, {10}, {10}}, params: 70, nonTr: 50},
		// keras@1.1.1:keras/layers/normalization.py: gamma, beta trainable,
		// running_mean, running_std not; reference §7: 60 channels show 120
		// (trainable only) in Keras 1.1.x.
		{name: "BN Keras 1", class: "BatchNormalization", dialect: graph.Keras1, cfg: map[string]any{"mode": int64(0), "axis": int64(-1), "beta_init": "zero"},
			in: []graph.Shape{mfS(-1, 60)}, out: []graph.Shape{mfS(-1, 60)},
			weights: [][]int64{{60}, {60}, {60}, {60}}, params: 240, nonTr: 120},
		{name: "BN tfjs V1 alias", class: "BatchNormalizationV1", dialect: graph.TFKeras,
			in: []graph.Shape{mfS(-1, 8)}, out: []graph.Shape{mfS(-1, 8)},
			weights: [][]int64{{8}, {8}, {8}, {8}}, params: 32, nonTr: 16},
		{name: "SyncBN", class: "SyncBatchNormalization", dialect: graph.TFKeras,
			in: []graph.Shape{mfS(-1, 8)}, out: []graph.Shape{mfS(-1, 8)},
			weights: [][]int64{{8}, {8}, {8}, {8}}, params: 32, nonTr: 16},
		{name: "BN unknown axis", class: "BatchNormalization", in: []graph.Shape{mfS(-1, 10, -1)}, err: "should have a defined dimension"},
		{name: "BN axis out of range", class: "BatchNormalization", cfg: map[string]any{"axis": int64(3)},
			in: []graph.Shape{mfS(-1, 10)}, err: "axis 3 out of range"},

		// keras-io guides keras_nlp/transformer_pretraining.md (Keras 3):
		// layer_normalization (None, 128, 256) 512.
		{name: "LayerNorm", class: "LayerNormalization", cfg: map[string]any{"epsilon": 1e-5},
			in: []graph.Shape{mfS(-1, 128, 256)}, out: []graph.Shape{mfS(-1, 128, 256)},
			weights: [][]int64{{256}, {256}}, params: 512},
		// keras/src/layers/normalization/layer_normalization.py build: shape
		// is the sizes at the (sorted) axes; rms_scaling keeps gamma only.
		{name: "LayerNorm axes", class: "LayerNormalization", cfg: map[string]any{"axis": []any{int64(-1), int64(1)}},
			in: []graph.Shape{mfS(-1, 4, 5)}, out: []graph.Shape{mfS(-1, 4, 5)},
			weights: [][]int64{{4, 5}, {4, 5}}, params: 40},
		{name: "LayerNorm rms_scaling", class: "LayerNormalization", cfg: map[string]any{"rms_scaling": true},
			in: []graph.Shape{mfS(-1, 7, 16)}, out: []graph.Shape{mfS(-1, 7, 16)},
			weights: [][]int64{{16}}, params: 16},
		{name: "LayerNorm no center", class: "LayerNormalization", dialect: graph.TFKeras, cfg: map[string]any{"axis": []any{int64(2)}, "center": false},
			in: []graph.Shape{mfS(-1, 7, 16)}, out: []graph.Shape{mfS(-1, 7, 16)},
			weights: [][]int64{{16}}, params: 16},
		{name: "LayerNorm duplicate axes", class: "LayerNormalization", cfg: map[string]any{"axis": []any{int64(-1), int64(2)}},
			in: []graph.Shape{mfS(-1, 7, 16)}, err: "duplicate axes"},
		{name: "LayerNorm unknown dim", class: "LayerNormalization", in: []graph.Shape{mfS(-1, 7, -1)}, err: "must have a known size"},

		{name: "RMSNorm", class: "RMSNormalization", in: []graph.Shape{mfS(-1, 7, 16)}, out: []graph.Shape{mfS(-1, 7, 16)},
			weights: [][]int64{{16}}, params: 16},

		// keras/src/layers/normalization/group_normalization.py build:
		// gamma and beta of the channel size.
		{name: "GroupNorm", class: "GroupNormalization", cfg: map[string]any{"groups": int64(4)},
			in: []graph.Shape{mfS(-1, 8, 8, 16)}, out: []graph.Shape{mfS(-1, 8, 8, 16)},
			weights: [][]int64{{16}, {16}}, params: 32},
		{name: "GroupNorm default groups", class: "GroupNormalization",
			in: []graph.Shape{mfS(-1, 8, 8, 64)}, out: []graph.Shape{mfS(-1, 8, 8, 64)},
			weights: [][]int64{{64}, {64}}, params: 128},
		{name: "GroupNorm groups -1", class: "GroupNormalization", cfg: map[string]any{"groups": int64(-1), "center": false},
			in: []graph.Shape{mfS(-1, 10, 6)}, out: []graph.Shape{mfS(-1, 10, 6)}, weights: [][]int64{{6}}, params: 6},
		{name: "GroupNorm not dividing", class: "GroupNormalization", cfg: map[string]any{"groups": int64(5)},
			in: []graph.Shape{mfS(-1, 8, 8, 16)}, err: "must divide the number of channels (16)"},
		{name: "GroupNorm too many groups", class: "GroupNormalization", in: []graph.Shape{mfS(-1, 8, 8, 16)},
			err: "number of groups (32) cannot be more than the number of channels (16)"},

		{name: "UnitNorm", class: "UnitNormalization", cfg: map[string]any{"axis": []any{int64(1), int64(2)}},
			in: []graph.Shape{mfS(-1, 3, 4)}, out: []graph.Shape{mfS(-1, 3, 4)}},
		{name: "UnitNorm bad axis", class: "UnitNormalization", cfg: map[string]any{"axis": int64(4)},
			in: []graph.Shape{mfS(-1, 3, 4)}, err: "out of range"},

		// keras/src/layers/preprocessing/normalization.py build: mean and
		// variance of the kept axes, count a scalar, all non-trainable.
		{name: "Normalization", class: "Normalization", in: []graph.Shape{mfS(-1, 3)}, out: []graph.Shape{mfS(-1, 3)},
			weights: [][]int64{{3}, {3}, nil}, params: 7, nonTr: 7},
		{name: "Normalization axis None", class: "Normalization", cfg: map[string]any{"axis": nil},
			in: []graph.Shape{mfS(-1, 3)}, out: []graph.Shape{mfS(-1, 3)},
			weights: [][]int64{nil, nil, nil}, params: 3, nonTr: 3},
		{name: "Normalization two axes", class: "Normalization", dialect: graph.TFKeras, cfg: map[string]any{"axis": []any{int64(2), int64(1)}},
			in: []graph.Shape{mfS(-1, 4, 5, 3)}, out: []graph.Shape{mfS(-1, 4, 5, 3)},
			weights: [][]int64{{4, 5}, {4, 5}, nil}, params: 41, nonTr: 41},
		{name: "Normalization with mean", class: "Normalization", cfg: map[string]any{"mean": 0.5, "variance": 2.0},
			in: []graph.Shape{mfS(-1, 3)}, out: []graph.Shape{mfS(-1, 3)}},
		{name: "Normalization unknown kept axis", class: "Normalization", in: []graph.Shape{mfS(-1, -1)}, err: "must have a known shape"},
	})
}

func TestNormalizationCountDType(t *testing.T) {
	l := &graph.Layer{Name: "normalization", Class: "Normalization", Config: map[string]any{}, Trainable: true}
	if _, err := Apply(l, []*graph.Tensor{{Shape: mfS(-1, 3)}}, Options{Dialect: graph.Keras3}); err != nil {
		t.Fatal(err)
	}
	if got := l.Weights[2]; got.Name != "count" || got.DType != "int64" || got.Trainable {
		t.Fatalf("count weight: %+v", got)
	}
	if l.Weights[0].DType != "float32" {
		t.Fatalf("mean dtype %s", l.Weights[0].DType)
	}
}

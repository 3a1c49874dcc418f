package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func TestPreprocessingLayers(t *testing.T) {
	one := func(a graph.Shape) []graph.Shape { return []graph.Shape{a} }
	img := mfS(-1, 150, 150, 3)
	mfRun(t, []mfCase{
		// keras-io guides transfer_learning.md (Keras 3): rescaling
		// (Rescaling) (None, 150, 150, 3) 0.
		{name: "Rescaling", class: "Rescaling", cfg: map[string]any{"scale": 1.0 / 127.5, "offset": -1.0}, in: one(img), out: one(img)},
		{name: "RandomFlip", class: "RandomFlip", cfg: map[string]any{"mode": "horizontal"}, in: one(img), out: one(img)},
		{name: "RandomRotation", class: "RandomRotation", cfg: map[string]any{"factor": 0.1}, in: one(img), out: one(img)},
		{name: "RandomZoom", class: "RandomZoom", dialect: graph.TFKeras, cfg: map[string]any{"height_factor": 0.1}, in: one(img), out: one(img)},
		{name: "RandomTranslation", class: "RandomTranslation", in: one(img), out: one(img)},
		{name: "RandomContrast", class: "RandomContrast", in: one(img), out: one(img)},
		{name: "RandomBrightness", class: "RandomBrightness", in: one(img), out: one(img)},
		{name: "RandomGrayscale", class: "RandomGrayscale", in: one(img), out: one(img)},
		// image_preprocessing/resizing.py, center_crop.py, random_crop.py
		// compute_output_shape: height and width replaced.
		{name: "Resizing", class: "Resizing", cfg: map[string]any{"height": int64(224), "width": int64(200), "crop_to_aspect_ratio": true},
			in: one(mfS(-1, -1, -1, 3)), out: one(mfS(-1, 224, 200, 3))},
		{name: "Resizing channels_first", class: "Resizing", cfg: map[string]any{"height": int64(64), "width": int64(32), "data_format": "channels_first"},
			in: one(mfS(-1, 3, 100, 100)), out: one(mfS(-1, 3, 64, 32))},
		{name: "CenterCrop", class: "CenterCrop", cfg: map[string]any{"height": int64(100), "width": int64(120)}, in: one(img), out: one(mfS(-1, 100, 120, 3))},
		{name: "RandomCrop", class: "RandomCrop", cfg: map[string]any{"height": int64(128), "width": int64(128), "seed": nil}, in: one(img), out: one(mfS(-1, 128, 128, 3))},
		{name: "Resizing rank", class: "Resizing", cfg: map[string]any{"height": int64(2), "width": int64(2)}, in: one(mfS(-1, 10, 10)), err: "rank 4"},
		{name: "Resizing no width", class: "Resizing", cfg: map[string]any{"height": int64(2)}, in: one(img), err: "missing required argument width"},
		// keras@v2.15.0:keras/layers/preprocessing/image_preprocessing.py
		// RandomHeight/RandomWidth compute_output_shape: that dim is None.
		{name: "RandomHeight", class: "RandomHeight", dialect: graph.TFKeras, cfg: map[string]any{"factor": 0.2}, in: one(img), out: one(mfS(-1, -1, 150, 3))},
		{name: "RandomWidth", class: "RandomWidth", dialect: graph.TFKeras, cfg: map[string]any{"factor": 0.2}, in: one(img), out: one(mfS(-1, 150, -1, 3))},
		{name: "RandomColorDegeneration channels", class: "RandomColorDegeneration", in: one(mfS(-1, 8, 8, 1)), err: "3 channels"},

		// category_encoding.py compute_output_shape.
		{name: "CategoryEncoding multi_hot", class: "CategoryEncoding", cfg: map[string]any{"num_tokens": int64(4), "output_mode": "multi_hot"},
			in: one(mfS(-1, 3)), out: one(mfS(-1, 4))},
		{name: "CategoryEncoding one_hot", class: "CategoryEncoding", cfg: map[string]any{"num_tokens": int64(4), "output_mode": "one_hot"},
			in: one(mfS(-1, 1)), out: one(mfS(-1, 4))},
		{name: "CategoryEncoding one_hot rank1", class: "CategoryEncoding", cfg: map[string]any{"num_tokens": int64(4), "output_mode": "one_hot"},
			in: one(mfS(-1)), out: one(mfS(-1, 4))},
		{name: "CategoryEncoding one_hot seq", class: "CategoryEncoding", cfg: map[string]any{"num_tokens": int64(4), "output_mode": "one_hot"},
			in: one(mfS(-1, 5)), out: one(mfS(-1, 5, 4))},
		// A rank-1 input: Keras 3 compute_output_shape gives input_shape[:-1]
		// + (num_tokens,), dropping the batch dim; tf.keras expands it.
		{name: "CategoryEncoding multi_hot rank1 Keras 3", class: "CategoryEncoding", cfg: map[string]any{"num_tokens": int64(4)},
			in: one(mfS(-1)), out: one(mfS(4))},
		{name: "CategoryEncoding multi_hot rank1 tf.keras", class: "CategoryEncoding", dialect: graph.TFKeras, cfg: map[string]any{"num_tokens": int64(4)},
			in: one(mfS(-1)), out: one(mfS(-1, 4))},
		{name: "CategoryEncoding binary alias", class: "CategoryEncoding", dialect: graph.TFKeras, cfg: map[string]any{"num_tokens": int64(10), "output_mode": "binary"},
			in: one(mfS(-1, 2)), out: one(mfS(-1, 10))},
		{name: "CategoryEncoding no tokens", class: "CategoryEncoding", in: one(mfS(-1, 2)), err: "num_tokens must be set"},
		{name: "CategoryEncoding bad mode", class: "CategoryEncoding", cfg: map[string]any{"num_tokens": int64(10), "output_mode": "tf_idf"},
			in: one(mfS(-1, 2)), err: "output_mode: unknown value \"tf_idf\""},

		// hashing.py compute_output_shape.
		{name: "Hashing int", class: "Hashing", cfg: map[string]any{"num_bins": int64(3)}, in: one(mfS(-1, 4)), out: one(mfS(-1, 4))},
		{name: "Hashing multi_hot", class: "Hashing", cfg: map[string]any{"num_bins": int64(3), "output_mode": "multi_hot"}, in: one(mfS(-1, 4)), out: one(mfS(-1, 3))},
		{name: "Hashing one_hot", class: "Hashing", cfg: map[string]any{"num_bins": int64(3), "output_mode": "one_hot"}, in: one(mfS(-1, 4)), out: one(mfS(-1, 3))},
		{name: "HashedCrossing", class: "HashedCrossing", cfg: map[string]any{"num_bins": int64(5), "output_mode": "one_hot"},
			in: []graph.Shape{mfS(-1, 1), mfS(-1, 1)}, out: one(mfS(-1, 5))},
		{name: "HashedCrossing int", class: "HashedCrossing", cfg: map[string]any{"num_bins": int64(5)},
			in: []graph.Shape{mfS(-1), mfS(-1)}, out: one(mfS(-1))},

		// discretization.py compute_output_shape.
		{name: "Discretization int", class: "Discretization", cfg: map[string]any{"bin_boundaries": []any{0.0, 1.0, 2.0}}, in: one(mfS(-1, 4)), out: one(mfS(-1, 4))},
		{name: "Discretization one_hot", class: "Discretization", cfg: map[string]any{"bin_boundaries": []any{0.0, 1.0, 2.0}, "output_mode": "one_hot"},
			in: one(mfS(-1, 1)), out: one(mfS(-1, 4))},
		{name: "Discretization multi_hot", class: "Discretization", dialect: graph.TFKeras, cfg: map[string]any{"num_bins": int64(6), "output_mode": "multi_hot"},
			in: one(mfS(-1, 4)), out: one(mfS(-1, 6))},

		// index_lookup.py compute_output_shape; Keras 3 stores the frozen
		// vocabulary_size in the config.
		{name: "StringLookup int", class: "StringLookup", in: one(mfS(-1, 1)), out: one(mfS(-1, 1))},
		{name: "StringLookup multi_hot", class: "StringLookup", cfg: map[string]any{"output_mode": "multi_hot", "vocabulary_size": int64(6)},
			in: one(mfS(-1, 3)), out: one(mfS(-1, 6))},
		{name: "StringLookup one_hot vocab", class: "StringLookup", cfg: map[string]any{"output_mode": "one_hot", "vocabulary": []any{"a", "b", "c"}},
			in: one(mfS(-1, 1)), out: one(mfS(-1, 4))},
		{name: "IntegerLookup padded", class: "IntegerLookup", cfg: map[string]any{"output_mode": "count", "max_tokens": int64(20), "pad_to_max_tokens": true},
			in: one(mfS(-1, 5)), out: one(mfS(-1, 20))},
		{name: "IntegerLookup adapted", class: "IntegerLookup", cfg: map[string]any{"output_mode": "multi_hot"}, unknown: true,
			in: one(mfS(-1, 5)), err: "adapted vocabulary"},

		// text_vectorization.py compute_output_shape.
		{name: "TextVectorization int", class: "TextVectorization", cfg: map[string]any{"max_tokens": int64(20000), "output_sequence_length": int64(500)},
			in: one(mfS(-1)), out: one(mfS(-1, 500))},
		{name: "TextVectorization ragged", class: "TextVectorization", cfg: map[string]any{"max_tokens": int64(20000)},
			in: one(mfS(-1, 1)), out: one(mfS(-1, -1))},
		{name: "TextVectorization tf_idf", class: "TextVectorization", cfg: map[string]any{"max_tokens": int64(100), "output_mode": "tf_idf", "pad_to_max_tokens": true},
			in: one(mfS(-1)), out: one(mfS(-1, 100))},
	})
}

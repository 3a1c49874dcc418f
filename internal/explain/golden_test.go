package explain_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/explain"
	"github.com/netsum/netsum/internal/render/text"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenModels are the models whose explanations are kept as golden files,
// in English and Russian: CNNs, RNNs, normalization, attention, nested and
// shared layers, and the zero-parameter layers.
var goldenModels = []string{
	"seed_keras1",                     // the founding question (Keras 1.1.1)
	"seed_keras3",                     // the same model, Keras 3
	"lenet5",                          // CNN with average pooling
	"conv2d_same_strides",             // strides, "same" and floors
	"conv1d_dilation",                 // dilation
	"conv2d_transpose_basic",          // transposed convolution lengths
	"separable_conv2d",                // depthwise + pointwise
	"depthwise_conv2d",                // depth multiplier
	"mobilenet_block",                 // BN, ReLU, depthwise, add
	"batchnorm_variants",              // center/scale off, non-trainable statistics
	"batchnorm_frozen",                // a frozen layer
	"layernorm_variants",              // LayerNormalization axes
	"lstm_basic",                      // LSTM 4·(units·(input+units) + units)
	"gru_basic",                       // GRU without reset_after (tfjs)
	"recurrent_keras2",                // GRU reset_after, CuDNN, SimpleRNN
	"text_bilstm_classifier",          // Embedding, Bidirectional
	"rnn_stacked_cells",               // RNN over stacked cells
	"convlstm2d_basic",                // ConvLSTM2D
	"time_distributed_dense",          // TimeDistributed
	"attention_layers",                // MultiHeadAttention per projection, Attention
	"transformer_like_block",          // Dot attention, LayerNormalization
	"nested_seq_in_functional",        // nested model summed
	"nested_layer_also_in_outer",      // a layer inside and outside a nested model
	"nested_shared_submodel",          // a nested model called twice
	"shared_lstm_siamese",             // a shared layer counted once
	"dropout_variants",                // Dropout, SpatialDropout, noise: why 0
	"noise_on_images",                 // GaussianNoise, GaussianDropout
	"pool2d_variants",                 // pooling windows
	"merge_all_ops",                   // merges
	"zero_padding2d_variants",         // padding
	"cropping2d_variants",             // cropping
	"reshape_variants",                // Reshape
	"permute_variants",                // Permute
	"upsampling2d_variants",           // UpSampling
	"embedding_basic",                 // Embedding vocab·dim
	"prelu_shared_axes_conv",          // PReLU with shared axes
	"sequential_explicit_input_layer", // InputLayer
	"conv_extra",                      // 1-D separable/depthwise/grouped/transposed, locally connected
	"images_extra",                    // Normalization, LocallyConnected2D, GroupNormalization
	"sequence_extra",                  // ConvLSTM1D, EinsumDense, Masking, Lambda, noise
	"volumes",                         // 3-D reshaping, ConvLSTM3D, stacked cells
	"preprocessing_layers",            // augmentation: why 0
	"legacy_keras1",                   // Keras 1 BN, Highway, MaxoutDense, Merge
	"legacy_keras1_sequence",          // TimeDistributedDense, SReLU, ParametricSoftplus
	"keras3_layers",                   // adaptive pooling, RMSNormalization
	"keras3_embedding",                // LoRA
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update and review the diff)\n--- got:\n%s", path, got)
	}
}

func TestGoldenExplain(t *testing.T) {
	for _, name := range goldenModels {
		s := mustLoad(t, name)
		for _, l := range explain.Langs() {
			t.Run(name+"/"+string(l), func(t *testing.T) {
				var b bytes.Buffer
				if err := explain.Render(&b, s, explain.Options{Lang: l}); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(b.String(), "!") && strings.Contains(b.String(), "!walk") {
					t.Errorf("missing message in output")
				}
				golden(t, name+"."+string(l)+".txt", b.Bytes())
			})
		}
	}
}

// TestGoldenTable keeps the Formula column of summary --explain for the
// seed in every text style, and for an expanded nested model.
func TestGoldenTable(t *testing.T) {
	for _, tc := range []struct {
		model, style string
		nested       bool
	}{
		{"seed_keras1", "keras1", false},
		{"seed_keras2", "keras2", false},
		{"seed_tfkeras", "tf.keras2.6", false},
		{"seed_tfkeras", "tf.keras2.12", false},
		{"seed_keras3", "keras3", false},
		{"nested_seq_in_functional", "tf.keras", true},
		{"nested_seq_in_functional", "keras3", true},
		{"long_layer_names", "keras2", false},
		{"long_layer_names", "tf.keras", false},
		{"attention_layers", "keras3", false},
	} {
		name := tc.model + "." + tc.style
		if tc.nested {
			name += ".nested"
		}
		t.Run(name, func(t *testing.T) {
			s := mustLoad(t, tc.model)
			st, err := text.ParseStyle(tc.style)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := text.Render(&b, s, text.Options{Style: st, ExpandNested: tc.nested}); err != nil {
				t.Fatal(err)
			}
			table := b.String()
			got := explain.AnnotateTable(table, s, explain.EN)
			checkAnnotation(t, table, got)
			golden(t, "table."+name+".txt", []byte(got))
		})
	}
}

// checkAnnotation checks that annotating only appended text to lines.
func checkAnnotation(t *testing.T, table, got string) {
	t.Helper()
	a, b := strings.Split(table, "\n"), strings.Split(got, "\n")
	if len(a) != len(b) {
		t.Fatalf("%d lines, want %d", len(b), len(a))
	}
	for i := range a {
		if !strings.HasPrefix(b[i], a[i]) {
			t.Errorf("line %d changed:\n%q\n%q", i+1, a[i], b[i])
		}
	}
}

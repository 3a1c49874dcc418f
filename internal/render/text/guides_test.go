package text

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// Real Keras 3 summaries printed in the keras-io guides (Jupyter, 76 wide,
// Keras 3.0.0–3.0.4 column positions), read from the shared corpus.

const guidesDir = "../../../../shared/corpora/keras-io-guides/guides/md"

var (
	preRE = regexp.MustCompile(`(?s)<pre[^>]*>(.*?)</pre>`)
	tagRE = regexp.MustCompile(`<[^>]+>`)
)

// guideSummary returns the nth (0-based) summary of the model called name
// printed in a guide: the HTML blocks' text from the `Model: "name"` line
// through the totals.
func guideSummary(t *testing.T, file, name string, nth int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(guidesDir, file))
	if err != nil {
		t.Skipf("keras-io guides not available: %v", err)
	}
	var text strings.Builder
	for _, m := range preRE.FindAllStringSubmatch(string(b), -1) {
		text.WriteString(html.UnescapeString(tagRE.ReplaceAllString(m[1], "")))
	}
	lines := strings.SplitAfter(text.String(), "\n")
	seen := 0
	for i, l := range lines {
		if l != `Model: "`+name+`"`+"\n" {
			continue
		}
		if seen++; seen <= nth {
			continue
		}
		var out strings.Builder
		for j := i; j < len(lines); j++ {
			if j > i && strings.HasPrefix(lines[j], "Model: ") {
				break
			}
			if strings.HasPrefix(lines[j], " ") || strings.HasPrefix(lines[j], "Model: ") ||
				strings.ContainsAny(lines[j][:min(len(lines[j]), 4)], "┏┃┡│├└") {
				out.WriteString(lines[j])
				continue
			}
			break
		}
		if !strings.Contains(out.String(), "└") || !strings.Contains(out.String(), " Non-trainable params: ") {
			t.Fatalf("%s: summary of %q is incomplete:\n%s", file, name, out.String())
		}
		return out.String()
	}
	t.Fatalf("%s: no summary %d of model %q", file, nth, name)
	return ""
}

func TestKerasIOGuides(t *testing.T) {
	st := style(t, "keras3.0")

	toyResnet := model("toy_resnet", false,
		row("img", "InputLayer", sh(-1, 32, 32, 3), 0),
		row("conv2d_8", "Conv2D", sh(-1, 30, 30, 32), 896, "img[0][0]"),
		row("conv2d_9", "Conv2D", sh(-1, 28, 28, 64), 18496, "conv2d_8[0][0]"),
		row("max_pooling2d_2", "MaxPooling2D", sh(-1, 9, 9, 64), 0, "conv2d_9[0][0]"),
		row("conv2d_10", "Conv2D", sh(-1, 9, 9, 64), 36928, "max_pooling2d_2[0][0]"),
		row("conv2d_11", "Conv2D", sh(-1, 9, 9, 64), 36928, "conv2d_10[0][0]"),
		row("add", "Add", sh(-1, 9, 9, 64), 0, "conv2d_11[0][0]", "max_pooling2d_2[0][0]"),
		row("conv2d_12", "Conv2D", sh(-1, 9, 9, 64), 36928, "add[0][0]"),
		row("conv2d_13", "Conv2D", sh(-1, 9, 9, 64), 36928, "conv2d_12[0][0]"),
		row("add_1", "Add", sh(-1, 9, 9, 64), 0, "conv2d_13[0][0]", "add[0][0]"),
		row("conv2d_14", "Conv2D", sh(-1, 7, 7, 64), 36928, "add_1[0][0]"),
		row("global_average_pooling2d", "GlobalAveragePooling2D", sh(-1, 64), 0, "conv2d_14[0][0]"),
		row("dense_6", "Dense", sh(-1, 256), 16640, "global_average_pooling2d[0][0]"),
		row("dropout", "Dropout", sh(-1, 256), 0, "dense_6[0][0]"),
		row("dense_7", "Dense", sh(-1, 10), 2570, "dropout[0][0]"),
	)

	autoencoder := model("autoencoder", true,
		row("img", "InputLayer", sh(-1, 28, 28, 1), 0),
		row("conv2d", "Conv2D", sh(-1, 26, 26, 16), 160),
		row("conv2d_1", "Conv2D", sh(-1, 24, 24, 32), 4640),
		row("max_pooling2d", "MaxPooling2D", sh(-1, 8, 8, 32), 0),
		row("conv2d_2", "Conv2D", sh(-1, 6, 6, 32), 9248),
		row("conv2d_3", "Conv2D", sh(-1, 4, 4, 16), 4624),
		row("global_max_pooling2d", "GlobalMaxPooling2D", sh(-1, 16), 0),
		row("reshape", "Reshape", sh(-1, 4, 4, 1), 0),
		row("conv2d_transpose", "Conv2DTranspose", sh(-1, 6, 6, 16), 160),
		row("conv2d_transpose_1", "Conv2DTranspose", sh(-1, 8, 8, 32), 4640),
		row("up_sampling2d", "UpSampling2D", sh(-1, 24, 24, 32), 0),
		row("conv2d_transpose_2", "Conv2DTranspose", sh(-1, 26, 26, 16), 4624),
		row("conv2d_transpose_3", "Conv2DTranspose", sh(-1, 28, 28, 1), 145),
	)

	// 1016.79 KB: just under a MB.
	intro := model("sequential", true,
		row("conv2d", "Conv2D", sh(-1, 26, 26, 64), 640),
		row("conv2d_1", "Conv2D", sh(-1, 24, 24, 64), 36928),
		row("max_pooling2d", "MaxPooling2D", sh(-1, 12, 12, 64), 0),
		row("conv2d_2", "Conv2D", sh(-1, 10, 10, 128), 73856),
		row("conv2d_3", "Conv2D", sh(-1, 8, 8, 128), 147584),
		row("global_average_pooling2d", "GlobalAveragePooling2D", sh(-1, 128), 0),
		row("dropout", "Dropout", sh(-1, 128), 0),
		row("dense", "Dense", sh(-1, 10), 1290),
	)

	// Several outputs, long names cut with …, a non-trainable part.
	deeplab := model("deep_lab_v3_plus_1", false,
		row("input_layer_9", "InputLayer", sh(-1, -1, -1, 3), 0),
		multi("functional_11", "Functional", 23556608, []string{"input_layer_9[0][0]"}, sh(-1, -1, -1, 256), sh(-1, -1, -1, 2048)),
		row("spatial_pyramid_pooling", "SpatialPyramidPooling", sh(-1, -1, -1, 256), 15538176, "functional_11[0][1]"),
		row("encoder_output_upsampling", "UpSampling2D", sh(-1, -1, -1, 256), 0, "spatial_pyramid_pooling[0][0]"),
		row("sequential_14", "Sequential", sh(-1, -1, -1, 48), 12480, "functional_11[0][0]"),
		row("concatenate_1", "Concatenate", sh(-1, -1, -1, 304), 0, "encoder_output_upsampling[0][0]", "sequential_14[0][0]"),
		row("sequential_15", "Sequential", sh(-1, -1, -1, 21), 84224, "concatenate_1[0][0]"),
	)
	deeplab.Totals.Trainable, deeplab.Totals.NonTrainable = 39146464, 45024
	deeplab.Totals.TrainableBytes, deeplab.Totals.NonTrainableBytes = 39146464*4, 45024*4

	// Three inputs into one layer, a frozen backbone.
	nlp1 := model("functional_1", false,
		row("padding_mask", "InputLayer", sh(-1, -1), 0),
		row("segment_ids", "InputLayer", sh(-1, -1), 0),
		row("token_ids", "InputLayer", sh(-1, -1), 0),
		frozen(multi("bert_backbone_3", "BertBackbone", 4385920, []string{"padding_mask[0][0]", "segment_ids[0][0]", "token_ids[0][0]"}, sh(-1, 128), sh(-1, -1, 128))),
		row("transformer_encoder", "TransformerEncoder", sh(-1, -1, 128), 198272, "bert_backbone_3[0][1]"),
		row("transformer_encoder_1", "TransformerEncoder", sh(-1, -1, 128), 198272, "transformer_encoder[0][0]"),
		row("get_item_4", "GetItem", sh(-1, 128), 0, "transformer_encoder_1[0][0]"),
		row("dense", "Dense", sh(-1, 2), 258, "get_item_4[0][0]"),
	)

	// Four connections; the head shares the embedding with the backbone,
	// so the total counts it once.
	nlp3 := model("functional_3", false,
		row("mask_positions", "InputLayer", sh(-1, -1), 0),
		row("padding_mask", "InputLayer", sh(-1, -1), 0),
		row("segment_ids", "InputLayer", sh(-1, -1), 0),
		row("token_ids", "InputLayer", sh(-1, -1), 0),
		multi("bert_backbone_4", "BertBackbone", 4385920, []string{"mask_positions[0][0]", "padding_mask[0][0]", "segment_ids[0][0]", "token_ids[0][0]"}, sh(-1, 128), sh(-1, -1, 128)),
		row("masked_lm_head", "MaskedLMHead", sh(-1, -1, 30522), 3954106, "bert_backbone_4[0][1]", "mask_positions[0][0]"),
	)
	nlp3.Totals = summary.Totals{Params: 4433210, Trainable: 4433210, TrainableBytes: 4433210 * 4}

	// show_trainable, and the Optimizer params line of a compiled model.
	transferRows := func(xception summary.Row, dense summary.Row) []summary.Row {
		return []summary.Row{
			row("input_layer_4", "InputLayer", sh(-1, 150, 150, 3), 0),
			row("rescaling", "Rescaling", sh(-1, 150, 150, 3), 0),
			xception,
			row("global_average_pooling2d", "GlobalAveragePooling2D", sh(-1, 2048), 0),
			row("dropout", "Dropout", sh(-1, 2048), 0),
			dense,
		}
	}
	xception := row("xception", "Functional", sh(-1, 5, 5, 2048), 20861480)
	transferFrozen := model("functional_4", true, transferRows(frozen(xception), row("dense_7", "Dense", sh(-1, 1), 2049))...)
	transferTuned := model("functional_4", true, transferRows(xception, row("dense_7", "Dense", sh(-1, 1), 2049))...)
	transferTuned.Totals = summary.Totals{
		Params: 20863529, Trainable: 20809001, NonTrainable: 54528,
		TrainableBytes: 20809001 * 4, NonTrainableBytes: 54528 * 4,
		Optimizer: 4100, OptimizerBytes: 4100 * 4,
	}

	tests := []struct {
		file, name string
		nth        int
		s          *summary.Summary
		opt        Options
	}{
		{"functional_api.md", "toy_resnet", 0, toyResnet, Options{}},
		{"functional_api.md", "autoencoder", 0, autoencoder, Options{}},
		{"intro_to_keras_for_engineers.md", "sequential", 0, intro, Options{}},
		{"keras_cv/semantic_segmentation_deeplab_v3_plus.md", "deep_lab_v3_plus_1", 0, deeplab, Options{}},
		{"keras_nlp/getting_started.md", "functional_1", 0, nlp1, Options{}},
		{"keras_nlp/getting_started.md", "functional_3", 0, nlp3, Options{}},
		{"transfer_learning.md", "functional_4", 0, transferFrozen, Options{ShowTrainable: true}},
		{"transfer_learning.md", "functional_4", 1, transferTuned, Options{ShowTrainable: true}},
	}
	for _, tc := range tests {
		t.Run(tc.file+"/"+tc.name, func(t *testing.T) {
			want := guideSummary(t, tc.file, tc.name, tc.nth)
			opt := tc.opt
			opt.Style = st
			same(t, tc.name, render(t, tc.s, opt), want)
		})
	}
}

package text

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// The expected outputs in testdata/reference are the examples of
// /work/shared/reference/keras-summary.md §4, copied verbatim.

const referenceDoc = "../../../../shared/reference/keras-summary.md"

// TestReferenceFilesAreVerbatim checks that every file in
// testdata/reference still occurs in the reference document.
func TestReferenceFilesAreVerbatim(t *testing.T) {
	doc, err := os.ReadFile(referenceDoc)
	if err != nil {
		t.Skipf("reference document not available: %v", err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "reference", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no reference files: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(doc), string(b)) {
			t.Errorf("%s is not a verbatim excerpt of the reference", f)
		}
	}
}

// seqK1 is the §4 Sequential model with Keras 1.1.1 names.
func seqK1() *summary.Summary {
	return model("sequential_1", true,
		row("convolution2d_1", "Convolution2D", sh(-1, 26, 26, 32), 320, "convolution2d_input_1[0][0]"),
		row("maxpooling2d_1", "MaxPooling2D", sh(-1, 13, 13, 32), 0, "convolution2d_1[0][0]"),
		row("flatten_1", "Flatten", sh(-1, 5408), 0, "maxpooling2d_1[0][0]"),
		row("dense_1", "Dense", sh(-1, 10), 54090, "flatten_1[0][0]"),
	)
}

// funcK1 is the §4 functional model; merge is the merge layer's name and
// class.
func funcK1(mergeName, mergeClass string) *summary.Summary {
	return model("model_1", false,
		row("input_1", "InputLayer", sh(-1, 784), 0),
		row("dense_1", "Dense", sh(-1, 32), 25120, "input_1[0][0]"),
		row("dense_2", "Dense", sh(-1, 32), 25120, "input_1[0][0]"),
		row(mergeName, mergeClass, sh(-1, 64), 0, "dense_1[0][0]", "dense_2[0][0]"),
		row("dense_3", "Dense", sh(-1, 10), 650, mergeName+"[0][0]"),
	)
}

// seqTF is the §4 Sequential model with tf.keras / Keras 3 names.
func seqTF() *summary.Summary {
	return model("sequential", true,
		row("conv2d", "Conv2D", sh(-1, 26, 26, 32), 320),
		row("max_pooling2d", "MaxPooling2D", sh(-1, 13, 13, 32), 0),
		row("flatten", "Flatten", sh(-1, 5408), 0),
		row("dense", "Dense", sh(-1, 10), 54090),
	)
}

// funcTF is the §4 functional model with tf.keras names.
func funcTF() *summary.Summary {
	return model("model", false,
		row("input_1", "InputLayer", sh(-1, 784), 0),
		row("dense", "Dense", sh(-1, 32), 25120, "input_1[0][0]"),
		row("dense_1", "Dense", sh(-1, 32), 25120, "input_1[0][0]"),
		row("concatenate", "Concatenate", sh(-1, 64), 0, "dense[0][0]", "dense_1[0][0]"),
		row("dense_2", "Dense", sh(-1, 10), 650, "concatenate[0][0]"),
	)
}

// funcK3 is the §4 functional model with Keras 3 names.
func funcK3() *summary.Summary {
	return model("functional", false,
		row("input_layer", "InputLayer", sh(-1, 784), 0),
		row("dense", "Dense", sh(-1, 32), 25120, "input_layer[0][0]"),
		row("dense_1", "Dense", sh(-1, 32), 25120, "input_layer[0][0]"),
		row("concatenate", "Concatenate", sh(-1, 64), 0, "dense[0][0]", "dense_1[0][0]"),
		row("dense_2", "Dense", sh(-1, 10), 650, "concatenate[0][0]"),
	)
}

func TestReferenceExamples(t *testing.T) {
	seqK2 := model("sequential_1", true,
		row("conv2d_1", "Conv2D", sh(-1, 26, 26, 32), 320),
		row("max_pooling2d_1", "MaxPooling2D", sh(-1, 13, 13, 32), 0),
		row("flatten_1", "Flatten", sh(-1, 5408), 0),
		row("dense_1", "Dense", sh(-1, 10), 54090),
	)
	toyResnet := model("toy_resnet", false,
		row("img", "InputLayer", sh(-1, 32, 32, 3), 0),
		row("conv2d_8", "Conv2D", sh(-1, 30, 30, 32), 896, "img[0][0]"),
		row("add", "Add", sh(-1, 9, 9, 64), 0, "conv2d_11[0][0]", "max_pooling2d_2[0][0]"),
		row("global_average_pooling2d", "GlobalAveragePooling2D", sh(-1, 64), 0, "conv2d_14[0][0]"),
	)
	// Rows are elided in the reference; the totals are the real model's.
	toyResnet.Totals = summary.Totals{Params: 223242, Trainable: 223242}

	tests := []struct {
		file  string
		style string
		s     *summary.Summary
	}{
		{"keras1-sequential.txt", "keras1", seqK1()},
		{"keras1-functional.txt", "keras1", funcK1("merge_1", "Merge")},
		{"keras2-sequential.txt", "keras2", seqK2},
		{"keras2.0-graph.txt", "keras2.0", funcK1("concatenate_1", "Concatenate")},
		{"tf.keras2.6-toy_resnet.txt", "tf.keras2.6", toyResnet},
		{"tf.keras2.12-sequential.txt", "tf.keras2.12", seqTF()},
		{"tf.keras2.12-graph.txt", "tf.keras2.12", funcTF()},
		{"tf.keras-sequential.txt", "tf.keras", seqTF()},
		{"tf.keras-graph.txt", "tf.keras", funcTF()},
		{"keras3-sequential.txt", "keras3", seqTF()},
		{"keras3-graph.txt", "keras3", funcK3()},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got := render(t, tc.s, Options{Style: style(t, tc.style)})
			same(t, tc.file, got, readReference(t, tc.file))
		})
	}
}

// TestReferenceLines checks the single lines the reference quotes from real
// outputs.
func TestReferenceLines(t *testing.T) {
	tests := []struct {
		name  string
		style string
		opt   Options
		s     *summary.Summary
		want  []string // consecutive lines of the output
	}{
		{
			// Keras ≤1.1.1 cuts a long field with no space (public README).
			name: "keras1 cut", style: "keras1",
			s: model("sequential_1", true,
				row("batchnormalization_1", "BatchNormalization", sh(-1, 21, 76, 60), 120, "convolution2d_1[0][0]")),
			want: []string{"batchnormalization_1 (BatchNormal(None, 21, 76, 60)    120         convolution2d_1[0][0]            "},
		},
		{
			// Real Keras 1.1.2 MLP (public blog).
			name: "keras1.1.2 mlp", style: "keras1.1.2",
			s: func() *summary.Summary {
				s := model("sequential_1", true, row("dense_1", "Dense", sh(-1, 512), 401920, "dense_input_1[0][0]"))
				s.Totals.Trainable = 669706
				return s
			}(),
			want: []string{"dense_1 (Dense)                  (None, 512)           401920      dense_input_1[0][0]              "},
		},
		{
			name: "keras1.1.2 total", style: "keras1.1.2",
			s: func() *summary.Summary {
				s := model("sequential_1", true, row("dense_1", "Dense", sh(-1, 512), 401920, "dense_input_1[0][0]"))
				s.Totals.Trainable = 669706
				return s
			}(),
			want: []string{"Total params: 669706", strings.Repeat("_", 100)},
		},
		{
			// Keras 2 / tf.keras ≤2.6 forced space.
			name: "keras2 forced space", style: "keras2.1",
			s:    model("sequential_1", true, row("max_pooling2d_1", "MaxPooling2D", sh(-1, 13, 13, 32), 0)),
			want: []string{"max_pooling2d_1 (MaxPooling2 (None, 13, 13, 32)        0         "},
		},
		{
			name: "tf.keras2.6 input list", style: "tf.keras2.6",
			s:    model("model", true, row("input_1", "InputLayer", sh(-1, 784), 0), row("dense", "Dense", sh(-1, 10), 7850)),
			want: []string{"input_1 (InputLayer)         [(None, 784)]             0         "},
		},
		{
			// keras-io guides/md/sequential_model.md (tf.keras 2.7–2.12).
			name: "tf.keras2.12 wrap", style: "tf.keras2.12",
			s: model("sequential", true,
				row("max_pooling2d", "MaxPooling2D", sh(-1, 40, 40, 32), 0),
				row("max_pooling2d_1", "MaxPooling2D", sh(-1, 12, 12, 32), 0)),
			want: []string{
				" max_pooling2d (MaxPooling2D  (None, 40, 40, 32)       0         ",
				" )                                                               ",
				strings.Repeat(" ", 65),
				" max_pooling2d_1 (MaxPooling  (None, 12, 12, 32)       0         ",
				" 2D)                                                             ",
			},
		},
		{
			name: "tf.keras 2.13 totals", style: "tf.keras",
			s:    model("sequential", true, row("dense_1", "Dense", sh(-1, 512), 669706)),
			want: []string{"Total params: 669706 (2.55 MB)", "Trainable params: 669706 (2.55 MB)", "Non-trainable params: 0 (0.00 Byte)"},
		},
		{
			// Real Keras 3 graph table at L=76.
			name: "keras3 wrapped shape", style: "keras3",
			s: model("functional", false,
				row("image_input", "InputLayer", sh(-1, 224, 224, 3), 0),
				row("conv2d", "Conv2D", sh(-1, 224, 224, 3), 84, "image_input[0][0]"),
				row("max_pooling2d", "MaxPooling2D", sh(-1, 112, 112, 3), 0, "conv2d[0][0]"),
				row("flatten", "Flatten", sh(-1, 37632), 0, "max_pooling2d[0][0]")),
			want: []string{
				"│ image_input         │ (None, 224, 224,  │          0 │ -                 │",
				"│ (InputLayer)        │ 3)                │            │                   │",
			},
		},
		{
			name: "keras3 connection ellipsis", style: "keras3",
			s: model("functional", false,
				row("max_pooling2d", "MaxPooling2D", sh(-1, 112, 112, 3), 0),
				row("flatten", "Flatten", sh(-1, 37632), 0, "max_pooling2d[0][0]")),
			want: []string{"│ flatten (Flatten)   │ (None, 37632)     │          0 │ max_pooling2d[0]… │"},
		},
		{
			name: "keras3 108 header", style: "keras3", opt: Options{LineLength: 108},
			s:    funcK3(),
			want: []string{"┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃"},
		},
		{
			name: "keras3 88 row", style: "keras3", opt: Options{LineLength: 88},
			s:    model("sequential", true, row("max_pooling2d_1", "MaxPooling2D", sh(-1, 7, 7, 128), 0)),
			want: []string{"│ max_pooling2d_1 (MaxPooling2D)       │ (None, 7, 7, 128)           │               0 │"},
		},
		{
			name: "keras3 76 header", style: "keras3",
			s:    seqTF(),
			want: []string{"┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			opt.Style = style(t, tc.style)
			got := render(t, tc.s, opt)
			if !strings.Contains(got, strings.Join(tc.want, "\n")+"\n") {
				t.Errorf("output lacks\n%s\ngot:\n%s", strings.Join(tc.want, "\n"), got)
			}
		})
	}
}

// TestWidths checks the rich column widths the reference derives.
func TestWidths(t *testing.T) {
	tests := []struct {
		style string
		graph bool
		train bool
		L     int
		want  []int // inner widths between the borders
	}{
		{"keras3", false, false, 76, []int{33, 24, 15}},
		{"keras3", false, false, 88, []int{38, 29, 17}},
		{"keras3", true, false, 76, []int{21, 19, 12, 19}},
		{"keras3", true, false, 108, []int{31, 27, 17, 28}},
		{"keras3.0", false, false, 76, []int{33, 27, 12}},
		{"keras3.0", false, false, 84, []int{36, 31, 13}},
		{"keras3.0", true, false, 108, []int{31, 27, 13, 32}},
		{"keras3", false, true, 76, []int{29, 23, 12, 7}},
	}
	for _, tc := range tests {
		st := style(t, tc.style)
		s := seqTF()
		if tc.graph {
			s = funcK3()
		}
		got := render(t, s, Options{Style: st, LineLength: tc.L, ShowTrainable: tc.train})
		top := strings.SplitN(strings.SplitN(got, "\n", 3)[1], "\n", 2)[0]
		var widths []int
		for _, part := range strings.Split(strings.Trim(top, "┏┓"), "┳") {
			widths = append(widths, len([]rune(part)))
		}
		if !equalInts(widths, tc.want) {
			t.Errorf("%s L=%d graph=%v trainable=%v: widths %v, want %v", tc.style, tc.L, tc.graph, tc.train, widths, tc.want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

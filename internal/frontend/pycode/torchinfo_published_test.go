package pycode

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/cost"
	"github.com/netsum/netsum/internal/render/torchinfo"
	"github.com/netsum/netsum/internal/summary"
)

// publishedTorchinfo are the closing lines torchinfo 1.8 printed for
// torchvision models (weights=None or pretrained: the counts do not
// depend on the weights), as published in public notebooks and READMEs
// found by code search; torchinfo itself cannot be installed here.
// netsum runs Debian's torchvision 0.14 source and must print the same.
var publishedTorchinfo = []struct {
	model string
	input []int64
	lines []string
}{
	{"resnet18", []int64{1, 3, 224, 224}, []string{
		"Total params: 11,689,512", "Trainable params: 11,689,512", "Non-trainable params: 0", "Total mult-adds (G): 1.81",
		"Input size (MB): 0.60", "Forward/backward pass size (MB): 39.75", "Params size (MB): 46.76", "Estimated Total Size (MB): 87.11"}},
	{"resnet18", []int64{1, 3, 256, 256}, []string{"Total mult-adds (G): 2.37"}},
	{"resnet50", []int64{1, 3, 256, 256}, []string{"Total mult-adds (G): 5.34"}},
	{"resnet101", []int64{1, 3, 256, 256}, []string{"Total mult-adds (G): 10.19"}},
	{"vgg19", []int64{1, 3, 224, 224}, []string{"Total params: 143,667,240", "Total mult-adds (G): 19.65"}},
	{"efficientnet_b0", []int64{1, 3, 224, 224}, []string{
		"Total params: 5,288,548", "Total mult-adds (M): 385.87",
		"Input size (MB): 0.60", "Forward/backward pass size (MB): 107.89", "Params size (MB): 21.15", "Estimated Total Size (MB): 129.64"}},
	{"efficientnet_b0", []int64{32, 3, 224, 224}, []string{
		"Total mult-adds (G): 12.35", "Input size (MB): 19.27", "Forward/backward pass size (MB): 3452.35", "Estimated Total Size (MB): 3492.77"}},
	{"mobilenet_v2", []int64{8, 3, 256, 256}, []string{
		"Total params: 3,504,872", "Total mult-adds (G): 3.14",
		"Input size (MB): 6.29", "Forward/backward pass size (MB): 1116.54", "Params size (MB): 14.02", "Estimated Total Size (MB): 1136.85"}},
	{"mobilenet_v2", []int64{2, 3, 224, 224}, []string{
		"Total mult-adds (M): 601.62", "Input size (MB): 1.20", "Forward/backward pass size (MB): 213.72", "Estimated Total Size (MB): 228.94"}},
	// nn.MultiheadAttention has a child (out_proj) that forward never
	// calls as a module: not a leaf, so it adds no Mult-Adds nor
	// activation bytes; class_token and pos_embedding are the root's
	// leftover 768.
	{"vit_b_16", []int64{1, 3, 224, 224}, []string{
		"VisionTransformer                             [1, 1000]                 768",
		"Total mult-adds (M): 173.23", "Input size (MB): 0.60", "Forward/backward pass size (MB): 104.09",
		"Params size (MB): 232.27", "Estimated Total Size (MB): 336.96"}},
}

func TestPublishedTorchinfo(t *testing.T) {
	const tv = "/usr/lib/python3/dist-packages"
	if _, err := os.Stat(tv + "/torchvision/models/resnet.py"); err != nil {
		t.Skip("python3-torchvision is not installed")
	}
	for _, c := range publishedTorchinfo {
		t.Run(fmt.Sprintf("%s/%v", c.model, c.input), func(t *testing.T) {
			src := []byte(fmt.Sprintf("import torchvision\nmodel = torchvision.models.%s(weights=None)\n", c.model))
			ms, err := Open("model.py", src, Options{SearchPaths: []string{tv}, InputSize: [][]int64{c.input}})
			if err != nil {
				t.Fatal(err)
			}
			s := summary.Build(ms[0])
			if err := cost.Annotate(s, cost.Options{Batch: 1, Convention: cost.Torchinfo}); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := torchinfo.Render(&b, s, torchinfo.Options{}); err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, l := range strings.Split(b.String(), "\n") {
				got[l] = true
			}
			for _, l := range c.lines {
				if !got[l] {
					t.Errorf("torchinfo printed %q; netsum:\n%s", l, b.String()[max(0, b.Len()-700):])
				}
			}
		})
	}
}

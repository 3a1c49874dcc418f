package pycode

import (
	"os"
	"testing"
)

// BenchmarkTorchvisionResNet50 runs Debian's torchvision resnet50 source
// through the front end at 1x3x224x224: parse, run __init__ and forward
// symbolically, build the graph. bench/torch/run.sh compares the whole
// process with torch itself.
func BenchmarkTorchvisionResNet50(b *testing.B) {
	const tv = "/usr/lib/python3/dist-packages"
	if _, err := os.Stat(tv + "/torchvision/models/resnet.py"); err != nil {
		b.Skip("python3-torchvision is not installed")
	}
	src := []byte("import torchvision\nmodel = torchvision.models.resnet50(weights=None)\n")
	opt := Options{SearchPaths: []string{tv}, InputSize: [][]int64{{1, 3, 224, 224}}}
	for i := 0; i < b.N; i++ {
		if _, err := Open("model.py", src, opt); err != nil {
			b.Fatal(err)
		}
	}
}

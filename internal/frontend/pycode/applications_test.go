package pycode

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// keras_applications (Debian python3-keras-applications) holds the model
// code of keras.applications 1.0.8; netsum runs it from where it is
// installed, never from a copy.
const installedApplications = "/usr/lib/python3/dist-packages/keras_applications"

// applicationsPath returns a search path holding only keras_applications
// (a link to the installed package), so that the tests import nothing
// else from dist-packages.
func applicationsPath(t testing.TB) string {
	if _, err := os.Stat(installedApplications + "/__init__.py"); err != nil {
		t.Skip("keras_applications is not installed (apt-get install python3-keras-applications)")
	}
	dir := t.TempDir()
	if err := os.Symlink(installedApplications, filepath.Join(dir, "keras_applications")); err != nil {
		t.Skip(err)
	}
	return dir
}

// applicationScript drives one keras_applications model with netsum's
// keras modules, as the package's README says to.
func applicationScript(module, fn string) []byte {
	return []byte(fmt.Sprintf(`import keras
from keras_applications import %s
model = %s.%s(weights=None, backend=keras.backend, layers=keras.layers,
              models=keras.models, utils=keras.utils)
model.summary()
`, module, module, fn))
}

// Parameter counts printed by Keras for these models (keras.io/api/applications
// and the Keras 2 summaries; the totals of the second group are the
// "Parameters" column of keras-applications' README.md table). trainable
// -1 and layers 0: not published, not checked.
var applications = []struct {
	module, fn       string
	total, trainable int64
	layers           int
}{
	{"vgg16", "VGG16", 138357544, 138357544, 23},
	{"resnet50", "ResNet50", 25636712, 25583592, 177},
	{"inception_v3", "InceptionV3", 23851784, 23817352, 313},
	{"xception", "Xception", 22910480, 22855952, 134},
	{"mobilenet", "MobileNet", 4253864, 4231976, 93},
	{"mobilenet_v2", "MobileNetV2", 3538984, 3504872, 157},
	{"densenet", "DenseNet121", 8062504, 7978856, 429},
	{"nasnet", "NASNetMobile", 5326716, 5289978, 771},
	{"vgg19", "VGG19", 143667240, 143667240, 26},
	{"resnet", "ResNet101", 44707176, -1, 0},
	{"resnet", "ResNet152", 60419944, -1, 0},
	{"resnet_v2", "ResNet50V2", 25613800, -1, 0},
	{"resnet_v2", "ResNet101V2", 44675560, -1, 0},
	{"resnet_v2", "ResNet152V2", 60380648, -1, 0},
	{"resnext", "ResNeXt50", 25097128, -1, 0},
	{"resnext", "ResNeXt101", 44315560, -1, 0},
	{"inception_resnet_v2", "InceptionResNetV2", 55873736, -1, 0},
	{"densenet", "DenseNet169", 14307880, 14149480, 0},
	{"densenet", "DenseNet201", 20242984, -1, 0},
	{"nasnet", "NASNetLarge", 88949818, -1, 0},
}

func TestApplications(t *testing.T) {
	path := applicationsPath(t)
	for _, d := range []graph.Dialect{graph.Keras3, graph.Keras2, graph.TFKeras} {
		for _, a := range applications {
			t.Run(fmt.Sprintf("%s/%v", a.fn, d), func(t *testing.T) {
				models, err := Open("apps.py", applicationScript(a.module, a.fn), Options{Dialect: d, SearchPaths: []string{path}})
				if err != nil {
					t.Fatal(err)
				}
				s := summary.Build(models[0])
				if s.Totals.Params != a.total || (a.trainable >= 0 && s.Totals.Trainable != a.trainable) {
					t.Errorf("params %d (trainable %d), want %d (%d)", s.Totals.Params, s.Totals.Trainable, a.total, a.trainable)
				}
				if a.layers > 0 && len(s.Rows) != a.layers {
					t.Errorf("%d rows, want %d", len(s.Rows), a.layers)
				}
			})
		}
	}
}

// BenchmarkResNet50 runs keras_applications' ResNet50 through the front
// end: parse, run, build the graph.
func BenchmarkResNet50(b *testing.B) {
	src := applicationScript("resnet50", "ResNet50")
	opt := Options{SearchPaths: []string{applicationsPath(b)}}
	for i := 0; i < b.N; i++ {
		if _, err := Open("apps.py", src, opt); err != nil {
			b.Fatal(err)
		}
	}
}

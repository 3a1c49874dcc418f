package kerasjson

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// FuzzParse checks that no input makes the Keras JSON front end panic or hang.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "keras", "*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"class_name":"Model","config":{"layers":[{"name":"a","class_name":"InputLayer","config":{"batch_input_shape":[null,3]},"inbound_nodes":[]},{"name":"b","class_name":"Dense","config":{"units":2},"inbound_nodes":[[["a",0,0,{}]]]}],"input_layers":[["a",0,0]],"output_layers":[["b",0,0]]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data, Options{File: "fuzz.json", AllowUnknown: true})
		if err == nil {
			summary.Build(m)
		}
	})
}

package pycode

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzOpen runs arbitrary Keras model code through the Python front end
// (the interpreter with netsum's keras, tensorflow and numpy modules): any
// input must give models or an error, never a panic or a hang.
func FuzzOpen(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(testdataDir, "*.py"))
	for i, p := range files {
		if i%3 != 0 {
			continue // a third of the scripts seed the corpus
		}
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("model = Sequential()\nmodel.add(Dense(2, input_dim=3))\nmodel.summary()\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		Open("model.py", src, Options{Timeout: time.Second, ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist },
			Defines: map[string]string{"input_shape": "(28, 28, 1)"}})
	})
}

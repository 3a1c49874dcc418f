package text

import (
	"github.com/netsum/netsum/internal/numfmt"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func TestDefaultStyle(t *testing.T) {
	tests := []struct {
		d       graph.Dialect
		version string
		want    string
	}{
		{graph.Keras1, "1.0.8", "keras1"},
		{graph.Keras1, "1.1.1", "keras1"},
		{graph.Keras1, "1.1.2", "keras1.1.2"},
		{graph.Keras1, "1.2.2", "keras1.2"},
		{graph.Keras1, "", "keras1.2"},
		{graph.Keras2, "2.0.0", "keras2.0.0"},
		{graph.Keras2, "2.0.3", "keras2.0.0"},
		{graph.Keras2, "2.0.5", "keras2.0"},
		{graph.Keras2, "2.0.8", "keras2.0"},
		{graph.Keras2, "2.0.9", "keras2.1"},
		{graph.Keras2, "2.2.4", "keras2.1"},
		{graph.Keras2, "2.2.5", "keras2"},
		{graph.Keras2, "2.3.1", "keras2"},
		{graph.Keras2, "2.4.0", "tf.keras2.6"},
		{graph.Keras2, "", "keras2"},
		{graph.TFKeras, "2.2.4-tf", "tf.keras2.6"},
		{graph.TFKeras, "2.6.0", "tf.keras2.6"},
		{graph.TFKeras, "2.7.0", "tf.keras2.12"},
		{graph.TFKeras, "2.12.0", "tf.keras2.12"},
		{graph.TFKeras, "2.13.1", "tf.keras"},
		{graph.TFKeras, "2.15.0", "tf.keras"},
		{graph.TFKeras, "2.21.0", "tf.keras"},
		{graph.TFKeras, "tfjs-layers 4.22.0", "tf.keras"},
		{graph.TFKeras, "", "tf.keras"},
		{graph.Keras3, "3.0.0", "keras3.0"},
		{graph.Keras3, "3.0.2", "keras3.0"},
		{graph.Keras3, "3.0.4", "keras3.0"},
		{graph.Keras3, "3.0.5", "keras3"},
		{graph.Keras3, "3.8.0", "keras3"},
		{graph.Keras3, "", "keras3"},
		{graph.DialectUnknown, "1.1.1", "keras1"},
		{graph.DialectUnknown, "2.2.4", "keras2.1"},
		{graph.DialectUnknown, "2.15.0-tf", "tf.keras"},
		{graph.DialectUnknown, "3.1.0", "keras3"},
		{graph.DialectUnknown, "", "keras3"},
		{graph.PyTorch, "2.4.0", "keras3"},
	}
	for _, tc := range tests {
		if got := DefaultStyle(tc.d, tc.version).Name; got != tc.want {
			t.Errorf("DefaultStyle(%v, %q) = %s, want %s", tc.d, tc.version, got, tc.want)
		}
	}
}

func TestParseStyle(t *testing.T) {
	for _, n := range StyleNames() {
		st, err := ParseStyle(n)
		if err != nil || st.Name != n {
			t.Errorf("ParseStyle(%q) = %q, %v", n, st.Name, err)
		}
	}
	if st, err := ParseStyle(" TF-Keras "); err != nil || st.Name != "tf.keras" {
		t.Errorf("alias: %q, %v", st.Name, err)
	}
	_, err := ParseStyle("keras4")
	if err == nil || !strings.Contains(err.Error(), `"keras4"`) || !strings.Contains(err.Error(), "tf.keras2.12 (tf.keras 2.7–2.12)") {
		t.Errorf("ParseStyle(keras4) error = %v", err)
	}
}

func TestReadableSize(t *testing.T) {
	tests := []struct {
		bytes  float64
		keras3 bool
		want   string
	}{
		{0, false, "0.00 Byte"},
		{244, false, "244.00 Byte"},
		{217640, false, "212.54 KB"},
		{0, true, "0.00 B"},
		{244, true, "244.00 B"},
		{217640, true, "212.54 KB"},
		{626762 * 4, true, "2.39 MB"},
		{1048575, true, "1024.00 KB"}, // never rolls over to MB
		{1048576, true, "1.00 MB"},
		{0.125, true, "0.12 B"}, // exact tie: half to even
		{0.375, true, "0.38 B"}, // exact tie: half to even
		{2.675, true, "2.67 B"}, // binary value below the tie
		{0.125 * 1024, true, "128.00 B"},
		{1.5 * (1 << 50) * 1024, true, "1.50 PB"}, // Keras divides once more past PB
	}
	for _, tc := range tests {
		if got := ReadableSize(tc.bytes, tc.keras3); got != tc.want {
			t.Errorf("ReadableSize(%v, %v) = %q, want %q", tc.bytes, tc.keras3, got, tc.want)
		}
	}
}

func TestCommas(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 54410: "54,410", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := numfmt.Commas(n); got != want {
			t.Errorf("numfmt.Commas(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPyList(t *testing.T) {
	if got := pyList(nil); got != "[]" {
		t.Errorf("pyList(nil) = %s", got)
	}
	if got := pyList([]string{"a[0][0]", "it's"}); got != `['a[0][0]', "it's"]` {
		t.Errorf("pyList = %s", got)
	}
}

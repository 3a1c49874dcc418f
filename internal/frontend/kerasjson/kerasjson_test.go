package kerasjson

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

func TestSeedAllDialects(t *testing.T) {
	tests := []struct {
		file    string
		dialect graph.Dialect
		names   []string
	}{
		{"seed_keras1.json", graph.Keras1, []string{"convolution2d_1", "activation_1", "maxpooling2d_1", "convolution2d_2"}},
		{"seed_keras2.json", graph.Keras2, []string{"conv2d_1", "activation_1", "max_pooling2d_1", "conv2d_2"}},
		{"seed_tfkeras.json", graph.TFKeras, []string{"conv2d", "activation", "max_pooling2d", "conv2d_1"}},
		{"seed_keras3.json", graph.Keras3, []string{"conv2d", "activation", "max_pooling2d", "conv2d_1"}},
	}
	wantParams := []int64{832, 0, 0, 51264, 0, 0, 0, 0, 102500, 0, 0, 202, 0}
	wantShapes := []string{"(None, 24, 24, 32)", "(None, 24, 24, 32)", "(None, 12, 12, 32)", "(None, 8, 8, 64)",
		"(None, 8, 8, 64)", "(None, 4, 4, 64)", "(None, 4, 4, 64)", "(None, 1024)", "(None, 100)", "(None, 100)",
		"(None, 100)", "(None, 2)", "(None, 2)"}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "keras", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse(src, Options{File: tt.file})
			if err != nil {
				t.Fatal(err)
			}
			if m.Dialect != tt.dialect {
				t.Errorf("dialect = %v, want %v", m.Dialect, tt.dialect)
			}
			s := summary.Build(m)
			if len(s.Rows) != len(wantParams) {
				t.Fatalf("%d rows, want %d", len(s.Rows), len(wantParams))
			}
			for i, r := range s.Rows {
				if i < len(tt.names) && r.Name != tt.names[i] {
					t.Errorf("row %d name %q, want %q", i, r.Name, tt.names[i])
				}
				if r.Params != wantParams[i] {
					t.Errorf("row %d (%s) params %d, want %d", i, r.Name, r.Params, wantParams[i])
				}
				if got := r.OutputShapes[0].String(); got != wantShapes[i] {
					t.Errorf("row %d (%s) shape %s, want %s", i, r.Name, got, wantShapes[i])
				}
			}
			if s.Totals.Params != 154798 || s.Totals.Trainable != 154798 {
				t.Errorf("totals %+v, want 154798", s.Totals)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"truncated", `{"class_name": "Sequential", "config": [`, "1:41: invalid JSON: unexpected end of JSON input"},
		{"syntax", "{\"class_name\": \"Sequential\",\n \"config\": [}]}", "2:13: invalid JSON"},
		{"not object", `[1,2]`, "not a Keras model"},
		{"unknown class", `{"class_name":"Sequential","config":[{"class_name":"Danse","config":{"name":"d","batch_input_shape":[null,3]}}]}`, `unknown layer class "Danse" (did you mean Dense?)`},
		{"missing units", `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","batch_input_shape":[null,3]}}]}`, "missing required argument units"},
		{"kernel too big", `{"class_name":"Sequential","config":[{"class_name":"Conv2D","config":{"name":"c","filters":2,"kernel_size":5,"batch_input_shape":[null,3,3,1]}}]}`, `kernel 5x5 larger than input 3x3 with padding="valid"`},
		{"overflow", `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":2,"batch_input_shape":[null,99999999999999999999999]}}]}`, "not a valid size"},
		{"dangling", `{"class_name":"Model","config":{"name":"m","layers":[{"name":"i","class_name":"InputLayer","config":{"batch_input_shape":[null,3]},"inbound_nodes":[]},{"name":"d","class_name":"Dense","config":{"units":2},"inbound_nodes":[[["nope",0,0,{}]]]}],"input_layers":[["i",0,0]],"output_layers":[["d",0,0]]}}`, `refers to layer "nope"`},
		{"cycle", `{"class_name":"Model","config":{"name":"m","layers":[{"name":"a","class_name":"Dense","config":{"units":2},"inbound_nodes":[[["b",0,0,{}]]]},{"name":"b","class_name":"Dense","config":{"units":2},"inbound_nodes":[[["a",0,0,{}]]]}],"input_layers":[],"output_layers":[["b",0,0]]}}`, "never exists"},
		{"no input", `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":3}}]}`, "has no input shape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), Options{File: "m.json"})
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "m.json") {
				t.Errorf("error %q, want it to start with m.json and contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
}

func TestDeepNesting(t *testing.T) {
	src := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	_, err := Parse([]byte(`{"class_name":"Sequential","config":`+src+`}`), Options{File: "deep.json"})
	if err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("err = %v", err)
	}
	// Nested models 100,000 deep.
	var b strings.Builder
	for i := 0; i < 100000; i++ {
		b.WriteString(`{"class_name":"Sequential","config":[`)
	}
	for i := 0; i < 100000; i++ {
		b.WriteString(`]}`)
	}
	_, err = Parse([]byte(b.String()), Options{File: "deep.json"})
	if err == nil {
		t.Fatal("no error")
	}
}

package onnx

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	pb "github.com/netsum/netsum/internal/onnx"
)

// The oracle is tools/oracle/onnx/gen.py: what onnx 1.12's
// shape_inference.infer_shapes (with data propagation; "plain" without)
// says of every value, once the file's own output and value_info shapes
// are removed. netsum, run the same way (Options.Pure), must determine
// every dim onnx determines, identically.

const backendDir = "/usr/share/libonnx-testdata/data"

var testdataDir = filepath.Join("..", "..", "..", "testdata", "onnx")

// oracleRec is one value's record as gen.py writes it.
type oracleRec struct {
	T      *int32            `json:"t"`
	S      *[]any            `json:"s"`
	Seq    *oracleRec        `json:"seq"`
	Opt    *oracleRec        `json:"opt"`
	Map    []json.RawMessage `json:"map"`
	Sparse *int32            `json:"sparse"`
}

type oracleModel struct {
	Initializers map[string]int64     `json:"initializers"`
	Values       map[string]oracleRec `json:"values"`
	Plain        map[string]oracleRec `json:"plain"`
	Error        string               `json:"error"`
}

// stats accumulate the comparison over fixtures.
type stats struct {
	values, determined, matched int
	moreThanPlain, moreThanDP   int
	failures                    []string
}

// compare checks netsum's type against one record: ok when every dim and
// type onnx knows is the same in netsum; more when netsum knows something
// onnx does not.
func compareRec(rec *oracleRec, t *Type) (ok, more, determined bool, why string) {
	if rec == nil || (rec.T == nil && rec.S == nil && rec.Seq == nil && rec.Opt == nil && rec.Map == nil && rec.Sparse == nil) {
		return true, t != nil, false, ""
	}
	if t == nil {
		return false, false, true, "netsum knows nothing"
	}
	switch {
	case rec.Seq != nil:
		if t.Kind != pb.KindSequence {
			return false, false, true, "not a sequence: " + t.String()
		}
		return compareRec(rec.Seq, t.Inner)
	case rec.Opt != nil:
		if t.Kind != pb.KindOptional {
			return false, false, true, "not an optional: " + t.String()
		}
		return compareRec(rec.Opt, t.Inner)
	case rec.Map != nil:
		return t.Kind == pb.KindMap, false, true, "map"
	}
	elem := rec.T
	if rec.Sparse != nil {
		elem = rec.Sparse
	}
	determined = true
	if elem != nil && *elem != 0 {
		if int32(t.Elem) != *elem {
			return false, false, true, fmt.Sprintf("element type %s, onnx %s", t.Elem, pb.DataType(*elem))
		}
	} else if t.Elem != 0 {
		more = true
	}
	if rec.S == nil {
		return true, more || t.HasShape, determined, ""
	}
	if !t.HasShape {
		return false, false, true, fmt.Sprintf("rank unknown, onnx %v", *rec.S)
	}
	dims := *rec.S
	if len(dims) != len(t.Shape) {
		return false, false, true, fmt.Sprintf("%s, onnx %v", t, dims)
	}
	for i, d := range dims {
		got := t.Shape[i]
		switch v := d.(type) {
		case float64:
			if !got.IsKnown() || got.V != int64(v) {
				return false, false, true, fmt.Sprintf("%s, onnx %v (dim %d)", t, dims, i)
			}
		case string:
			if strings.HasPrefix(v, "unk__") {
				if got.IsKnown() || got.S != "" {
					more = true
				}
				continue
			}
			if got.IsKnown() || got.S != v {
				return false, false, true, fmt.Sprintf("%s, onnx %v (dim %d)", t, dims, i)
			}
		case nil:
			if got.IsKnown() || got.S != "" {
				more = true
			}
		}
	}
	return true, more, determined, ""
}

func loadOracle(t *testing.T, path string) map[string]oracleModel {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no oracle file: %v", err)
	}
	var m map[string]oracleModel
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// check infers one model and compares with its oracle record.
func check(t *testing.T, name string, m *pb.Model, want oracleModel, st *stats) {
	r := Infer(m, Options{File: name, Pure: true})
	got := map[string]*Type{}
	r.Graph.Flatten("", got)
	keys := make([]string, 0, len(want.Values))
	for k := range want.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rec := want.Values[k]
		st.values++
		ok, more, determined, why := compareRec(&rec, got[k])
		if determined {
			st.determined++
		}
		if !ok {
			st.failures = append(st.failures, fmt.Sprintf("%s: %s: %s", name, k, why))
			continue
		}
		if determined {
			st.matched++
		}
		if more {
			st.moreThanDP++
		}
		plain := rec
		if p, ok := want.Plain[k]; ok {
			plain = p
		}
		if _, pmore, _, _ := compareRec(&plain, got[k]); pmore {
			st.moreThanPlain++
		}
	}
	counts := map[string]int64{}
	for _, it := range m.Graph.Initializers {
		counts[it.DataType.String()] += it.NumElements()
	}
	for _, sp := range m.Graph.SparseInitializers {
		if sp.Values != nil {
			counts[sp.Values.DataType.String()] += sp.Values.NumElements()
		}
	}
	wantCounts := map[string]int64{}
	for k, v := range want.Initializers {
		wantCounts[numpyName(k)] += v
	}
	if fmt.Sprint(counts) != fmt.Sprint(wantCounts) {
		st.failures = append(st.failures, fmt.Sprintf("%s: initializers %v, onnx %v", name, counts, wantCounts))
	}
}

// numpyName maps onnx's TensorProto names (lower-cased) to ours.
func numpyName(s string) string {
	switch s {
	case "float":
		return "float32"
	case "double":
		return "float64"
	}
	return s
}

func report(t *testing.T, what string, st *stats) {
	t.Logf("%s: %d values, onnx determines %d, netsum identical on %d (%.2f%%); netsum knows more than onnx on %d (%.1f%%) without data propagation, %d (%.1f%%) with it",
		what, st.values, st.determined, st.matched, pct(st.matched, st.determined),
		st.moreThanPlain, pct(st.moreThanPlain, st.values), st.moreThanDP, pct(st.moreThanDP, st.values))
	for i, f := range st.failures {
		if i == 60 {
			t.Errorf("... and %d more", len(st.failures)-60)
			break
		}
		t.Error(f)
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

func TestBackendOracle(t *testing.T) {
	if _, err := os.Stat(backendDir); err != nil {
		t.Skip("libonnx-testdata is not installed (apt-get install libonnx-testdata)")
	}
	oracle := loadOracle(t, filepath.Join(testdataDir, "backend.json"))
	names := make([]string, 0, len(oracle))
	for k := range oracle {
		names = append(names, k)
	}
	sort.Strings(names)
	var st stats
	for _, name := range names {
		path := filepath.Join(backendDir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		m, err := pb.DecodeBytes(b, pb.Options{File: name, Dir: filepath.Dir(path)})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		check(t, name, m, oracle[name], &st)
	}
	report(t, "ONNX backend test data", &st)
}

func TestTorchExportOracle(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testdataDir, "models", "*.json"))
	if len(files) == 0 {
		t.Skip("no torch export fixtures")
	}
	var st stats
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var want oracleModel
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		model := strings.TrimSuffix(f, ".json") + ".onnx"
		data, err := os.ReadFile(model)
		if err != nil {
			t.Fatal(err)
		}
		m, err := pb.DecodeBytes(data, pb.Options{File: filepath.Base(model)})
		if err != nil {
			t.Fatalf("%s: %v", model, err)
		}
		check(t, filepath.Base(model), m, want, &st)
	}
	report(t, "torch exports", &st)
}

// TestBackendDeclared checks netsum's own inference against the output
// shapes the backend test models declare, which are the shapes of the
// reference outputs the test data holds (what running the model gives).
func TestBackendDeclared(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(backendDir, "*", "*", "model.onnx"))
	if len(files) == 0 {
		t.Skip("libonnx-testdata is not installed (apt-get install libonnx-testdata)")
	}
	var outputs, full, conflicts int
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(backendDir, path)
		m, err := pb.DecodeBytes(b, pb.Options{File: name})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		r := Infer(m, Options{File: name, Pure: true})
		for _, vi := range m.Graph.Outputs {
			want := FromProto(vi.Type, nil)
			if want == nil || want.Kind != pb.KindTensor || !want.HasShape || !shapeKnown(want.Shape) {
				continue
			}
			outputs++
			v := r.Graph.Values[vi.Name]
			if v == nil || v.Type == nil {
				continue
			}
			if msg := conflict(v.Type, want); msg != "" {
				conflicts++
				t.Errorf("%s: %s: netsum %s, the test data %s%s", name, vi.Name, v.Type, want, msg)
				continue
			}
			if v.Type.Equal(want) {
				full++
			}
		}
	}
	t.Logf("declared outputs of the backend test models: %d; netsum infers %d exactly (%.1f%%), contradicts %d", outputs, full, pct(full, outputs), conflicts)
}

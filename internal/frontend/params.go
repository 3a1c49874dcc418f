package frontend

import (
	"fmt"
	"strconv"
	"strings"
)

// The user-facing spellings of Options fields, shared by the CLI flags
// and the query parameters of netsum serve.

// ParseDefines reads NAME=VALUE pairs (--define, define=): VALUE is a
// Python literal set before model code runs.
func ParseDefines(kvs []string) (map[string]string, error) {
	defs := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("define %q: expected NAME=VALUE, e.g. input_shape=(28,28,1)", kv)
		}
		defs[strings.TrimSpace(k)] = v
	}
	return defs, nil
}

// ParseInputSize reads PyTorch input shapes, batch included, as positive
// integers separated by commas: 1,3,224,224. Each spec may hold several
// shapes separated by ";" (1,3,224,224;1,10), and several specs (the CLI's
// repeated --input-size) give several inputs, in order, as torchinfo's
// input_size list does. "" is none.
func ParseInputSize(specs ...string) ([][]int64, error) {
	var sizes [][]int64
	for _, spec := range specs {
		for _, s := range strings.Split(spec, ";") {
			var size []int64
			for _, f := range strings.Split(s, ",") {
				if f = strings.TrimSpace(f); f == "" {
					continue
				}
				n, err := strconv.ParseInt(f, 10, 64)
				if err != nil || n <= 0 {
					return nil, fmt.Errorf("input size %q: expected positive integers separated by commas, e.g. 1,3,224,224 (several inputs: 1,3,224,224;1,10)", s)
				}
				size = append(size, n)
			}
			if size != nil {
				sizes = append(sizes, size)
			}
		}
	}
	return sizes, nil
}

// inputDTypes are torch's dtype names (torch.long, torch.float32 …) and
// the names netsum's tensors use for them.
var inputDTypes = map[string]string{
	"float": "float32", "float32": "float32", "double": "float64", "float64": "float64",
	"half": "float16", "float16": "float16", "bfloat16": "bfloat16",
	"long": "int64", "int64": "int64", "int": "int32", "int32": "int32",
	"short": "int16", "int16": "int16", "int8": "int8", "uint8": "uint8", "bool": "bool",
}

// ParseInputDType reads the dtypes of the inputs (torchinfo's dtypes=):
// torch names separated by commas, "torch." optional: long, float32. One
// name applies to every input; otherwise the i-th name is the i-th input's.
func ParseInputDType(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimPrefix(strings.TrimSpace(f), "torch."); f == "" {
			continue
		}
		dt, ok := inputDTypes[strings.ToLower(f)]
		if !ok {
			return nil, fmt.Errorf("input dtype %q: expected a torch dtype such as float32, long, int32, float16, bool", f)
		}
		out = append(out, dt)
	}
	return out, nil
}

// ParseDims reads NAME=N pairs giving named dims (ONNX dim_param) their
// sizes: batch=1, sequence_length=128.
func ParseDims(kvs []string) (map[string]int64, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	dims := map[string]int64{}
	for _, kv := range kvs {
		for _, part := range strings.Split(kv, ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			k, v, ok := strings.Cut(part, "=")
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if !ok || strings.TrimSpace(k) == "" || err != nil || n <= 0 {
				return nil, fmt.Errorf("dim %q: expected NAME=N with N a positive integer, e.g. sequence_length=128", part)
			}
			dims[strings.TrimSpace(k)] = n
		}
	}
	return dims, nil
}

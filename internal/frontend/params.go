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

// ParseInputSize reads a PyTorch input shape, batch included, as positive
// integers separated by commas: 1,3,224,224 ("" is none).
func ParseInputSize(s string) ([]int64, error) {
	var size []int64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("input size %q: expected positive integers separated by commas, e.g. 1,3,224,224", s)
		}
		size = append(size, n)
	}
	return size, nil
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

package frontend

import (
	"fmt"
	"testing"
)

func TestParams(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func() (any, error)
		want string
	}{
		{"define", func() (any, error) { return ParseDefines([]string{"input_shape=(28,28,1)", " n =3"}) }, "map[input_shape:(28,28,1) n:3] <nil>"},
		{"define eq in value", func() (any, error) { return ParseDefines([]string{"s=a=b"}) }, "map[s:a=b] <nil>"},
		{"define bad", func() (any, error) { return ParseDefines([]string{"input_shape"}) }, `map[] define "input_shape": expected NAME=VALUE, e.g. input_shape=(28,28,1)`},
		{"size", func() (any, error) { return ParseInputSize("1, 3,224,224") }, "[[1 3 224 224]] <nil>"},
		{"sizes", func() (any, error) { return ParseInputSize("1,3,8,8; 1,10", "2,4") }, "[[1 3 8 8] [1 10] [2 4]] <nil>"},
		{"dtype", func() (any, error) { return ParseInputDType("long, torch.float") }, "[int64 float32] <nil>"},
		{"dtype bad", func() (any, error) { return ParseInputDType("lng") }, `[] input dtype "lng": expected a torch dtype such as float32, long, int32, float16, bool`},
		{"size empty", func() (any, error) { return ParseInputSize("") }, "[] <nil>"},
		{"size bad", func() (any, error) { return ParseInputSize("1,x") }, `[] input size "1,x": expected positive integers separated by commas, e.g. 1,3,224,224 (several inputs: 1,3,224,224;1,10)`},
		{"size zero", func() (any, error) { return ParseInputSize("1,0") }, `[] input size "1,0": expected positive integers separated by commas, e.g. 1,3,224,224 (several inputs: 1,3,224,224;1,10)`},
		{"dims", func() (any, error) { return ParseDims([]string{"batch=2,tokens=128", "x=1"}) }, "map[batch:2 tokens:128 x:1] <nil>"},
		{"dims none", func() (any, error) { return ParseDims(nil) }, "map[] <nil>"},
		{"dims bad", func() (any, error) { return ParseDims([]string{"tokens=-1"}) }, `map[] dim "tokens=-1": expected NAME=N with N a positive integer, e.g. sequence_length=128`},
	} {
		v, err := c.f()
		if got := fmt.Sprint(v, " ", err); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

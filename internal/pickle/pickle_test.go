package pickle

import (
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// repr prints a value like Python's repr, enough to compare; containers
// deeper than 50 levels (or cycles, which pickles can make) print "...".
func repr(v Value) string { return reprDepth(v, 0) }

func reprDepth(v Value, depth int) string {
	if depth > 50 {
		return "..."
	}
	repr := func(v Value) string { return reprDepth(v, depth+1) }
	switch x := v.(type) {
	case None:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(x, 10)
	case *big.Int:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return strconv.Quote(x)
	case []byte:
		return fmt.Sprintf("b%q", x)
	case Tuple:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = repr(e)
		}
		if len(x) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *List:
		parts := make([]string, len(x.Items))
		for i, e := range x.Items {
			parts[i] = repr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *Set:
		parts := make([]string, len(x.Items))
		for i, e := range x.Items {
			parts[i] = repr(e)
		}
		sort.Strings(parts)
		if x.Frozen {
			return "frozenset({" + strings.Join(parts, ", ") + "})"
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case *Dict:
		parts := make([]string, len(x.Keys))
		for i, k := range x.Keys {
			parts[i] = repr(k) + ": " + repr(x.Values[i])
		}
		if x.Ordered {
			return "OrderedDict({" + strings.Join(parts, ", ") + "})"
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return Brief(v)
}

// TestProtocols reads one object pickled by CPython 3.11 in protocols 0–5
// (tools/oracle/torch/make_ckpt.py --pickle-values).
func TestProtocols(t *testing.T) {
	want := `{"a": [1, -2, 300, -70000, 3.5, None, True, False, "héllo\n'\"", b"\x00\xff", (1, 2), (), (7,), ` +
		`1180591620717411303424, -9223372036854775808, {1}, frozenset({3}), b"ab"], ` +
		`"b": OrderedDict({"n": [[], {}]}), "c": [1, -2, 300, -70000, 3.5, None, True, False, "héllo\n'\"", b"\x00\xff", ` +
		`(1, 2), (), (7,), 1180591620717411303424, -9223372036854775808, {1}, frozenset({3}), b"ab"]}`
	for p := 0; p <= 5; p++ {
		b, err := os.ReadFile(filepath.Join("testdata", fmt.Sprintf("values_p%d.pkl", p)))
		if err != nil {
			t.Fatal(err)
		}
		pol := &TorchPolicy{}
		v, err := Load(b, pol.Options())
		if err != nil {
			t.Fatalf("protocol %d: %v", p, err)
		}
		if got := repr(v); got != want {
			t.Errorf("protocol %d:\n got %s\nwant %s", p, got, want)
		}
		d := v.(*Dict)
		a, _ := d.Get("a")
		c, _ := d.Get("c")
		if a.(*List) != c.(*List) {
			t.Errorf("protocol %d: the memo did not share the list", p)
		}
	}
}

// TestHostile checks that every pickle of testdata/torch/hostile that
// would run code is refused, naming the global.
func TestHostile(t *testing.T) {
	want := map[string]string{
		"os_system.pkl":     "refusing to load: pickle calls os.system (GLOBAL 'posix system') at byte 2",
		"eval_proto0.pkl":   "refusing to load: pickle calls eval (GLOBAL '__builtin__ eval') at byte 0",
		"popen_proto4.pkl":  "refusing to load: pickle calls subprocess.Popen (STACK_GLOBAL 'subprocess Popen') at byte 32",
		"nested_reduce.pkl": "refusing to load: pickle calls os.system (GLOBAL 'posix system') at byte 80",
		"getattr.pkl":       "refusing to load: pickle calls getattr (GLOBAL 'builtins getattr') at byte 2",
		"inst_proto0.pkl":   "refusing to load: pickle calls os.system (INST 'os system') at byte 15",
	}
	for name, msg := range want {
		b, err := os.ReadFile(filepath.Join("../../testdata/torch/hostile", name))
		if err != nil {
			t.Fatal(err)
		}
		pol := &TorchPolicy{}
		_, err = Load(b, pol.Options())
		var re *RefusedError
		if !errors.As(err, &re) {
			t.Errorf("%s: got %v, want a refusal", name, err)
			continue
		}
		if err.Error() != msg {
			t.Errorf("%s:\n got %s\nwant %s", name, err, msg)
		}
	}
}

func TestRefusals(t *testing.T) {
	pol := &TorchPolicy{}
	for _, c := range []struct {
		name, data, want string
	}{
		{"ext code", "\x80\x02\x82\x05.", "refusing to load: pickle uses extension code 5 of the copyreg registry (EXT) at byte 2"},
		{"out-of-band buffer", "\x80\x05\x97.", "refusing to load: pickle uses an out-of-band buffer (NEXT_BUFFER) at byte 2"},
		{"call a string", "\x80\x02X\x01\x00\x00\x00a)R.", "refusing to load: pickle calls a str, which is not a known function (REDUCE) at byte 9"},
		{"build a list", "\x80\x02]}b.", "refusing to load: pickle sets the state of a list (BUILD) at byte 4"},
		{"persistent id without policy", "\x80\x02X\x01\x00\x00\x00aQ.", "refusing to load: pickle refers to an external object through a persistent id (PERSID) at byte 8"},
		{"torch module class", "\x80\x02ctorch.nn.modules.linear\nLinear\n.", "refusing to load: pickle calls torch.nn.modules.linear.Linear (GLOBAL 'torch.nn.modules.linear Linear') at byte 2"},
	} {
		opt := pol.Options()
		if strings.HasPrefix(c.name, "persistent") {
			opt.PersistentLoad = nil
		}
		_, err := Load([]byte(c.data), opt)
		var re *RefusedError
		if !errors.As(err, &re) || err.Error() != c.want {
			t.Errorf("%s: got %v\nwant %s", c.name, err, c.want)
		}
	}
}

func TestMalformed(t *testing.T) {
	for _, c := range []struct {
		name, data, want string
	}{
		{"empty", "", "truncated pickle"},
		{"no stop", "\x80\x02K\x01", "truncated pickle"},
		{"huge unicode length", "\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\x0f", "runs past"},
		{"huge bytes length", "\x80\x03B\xff\xff\xff\x7f", "length 2147483647 runs past"},
		{"huge long", "\x80\x02\x8b\xff\xff\xff\x00", "integer of 16777215 bytes"},
		{"stack underflow", "\x80\x02R.", "stack underflow"},
		{"tuple past mark", "\x80\x02K\x01(\x85.", "stack underflow"},
		{"missing memo", "\x80\x02h\x07.", "memo key 7 not found"},
		{"bad opcode", "\x80\x02\xff.", "unknown opcode 0xff"},
		{"protocol 6", "\x80\x06N.", "unsupported pickle protocol 6"},
		{"unhashable key", "\x80\x02}]K\x01s.", "unhashable dict key of type list"},
		{"odd dict", "\x80\x02}(K\x01u.", "odd number of items"},
		{"mark on stop", "\x80\x02(.", "stack underflow"},
	} {
		_, err := Load([]byte(c.data), (&TorchPolicy{}).Options())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	// Nesting is bounded.
	deep := "\x80\x02" + strings.Repeat("(", DefaultLimits.MaxDepth+1)
	if _, err := Load([]byte(deep), Options{}); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("deep marks: %v", err)
	}
}

// TestTorchTensor rebuilds tensors from storages and checks extents.
func TestTorchTensor(t *testing.T) {
	pid := func(key string, numel int) string {
		return fmt.Sprintf("(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX%sX\x03\x00\x00\x00cpuK%ct", lenStr(key), numel)
	}
	rebuild := func(p string, off int, size, stride string) string {
		return "\x80\x02ctorch._utils\n_rebuild_tensor_v2\n(" + p + "QK" + string(rune(off)) + size + stride + "\x89ccollections\nOrderedDict\n)Rt" + "R."
	}
	pol := &TorchPolicy{}
	v, err := Load([]byte(rebuild(pid("0", 12), 0, "K\x03K\x04\x86", "K\x04K\x01\x86")), pol.Options())
	if err != nil {
		t.Fatal(err)
	}
	tn := v.(*Tensor)
	if tn.DType != "float32" || fmt.Sprint(tn.Shape) != "[3 4]" || tn.Storage.Numel != 12 {
		t.Errorf("got %+v", tn)
	}
	// A tensor reaching past its storage is an error.
	_, err = Load([]byte(rebuild(pid("0", 11), 0, "K\x03K\x04\x86", "K\x04K\x01\x86")), (&TorchPolicy{}).Options())
	if err == nil || !strings.Contains(err.Error(), "needs 12 elements of storage 0, which holds 11") {
		t.Errorf("short storage: %v", err)
	}
	// Size and stride ranks must agree.
	_, err = Load([]byte(rebuild(pid("0", 12), 0, "K\x03K\x04\x86", "K\x04\x85")), (&TorchPolicy{}).Options())
	if err == nil || !strings.Contains(err.Error(), "2 dims but 1 strides") {
		t.Errorf("rank mismatch: %v", err)
	}
}

func lenStr(s string) string {
	return string([]byte{byte(len(s)), 0, 0, 0}) + s
}

func TestNumpyScalar(t *testing.T) {
	// np.float64(0.875) and np.int64(7) as torch.save (protocol 2) writes them.
	for data, want := range map[string]string{
		"\x80\x02cnumpy.core.multiarray\nscalar\ncnumpy\ndtype\nX\x02\x00\x00\x00f8\x89\x88\x87R(K\x03X\x01\x00\x00\x00<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tbc_codecs\nencode\nX\x09\x00\x00\x00\x00\x00\x00\x00\x00\x00\xc3\xac?X\x06\x00\x00\x00latin1\x86R\x86R.": "0.875",
		"\x80\x02cnumpy.core.multiarray\nscalar\ncnumpy\ndtype\nX\x02\x00\x00\x00i8\x89\x88\x87R(K\x03X\x01\x00\x00\x00<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tbc_codecs\nencode\nX\x08\x00\x00\x00\x07\x00\x00\x00\x00\x00\x00\x00X\x06\x00\x00\x00latin1\x86R\x86R.":  "7",
	} {
		v, err := Load([]byte(data), (&TorchPolicy{}).Options())
		if err != nil {
			t.Fatal(err)
		}
		if got := repr(v); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

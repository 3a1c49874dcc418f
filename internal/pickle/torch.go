package pickle

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// Tensor is a torch tensor as a pickle describes it: where its data lives
// (never read), its shape, strides and dtype.
type Tensor struct {
	// Storage holds the data; nil for meta tensors and sparse tensors
	// (whose parts are in Parts).
	Storage *Storage
	// Offset is the first element in Storage, in elements of DType.
	Offset int64
	Shape  []int64
	Stride []int64
	// DType is torch's name without "torch.": float32, bfloat16, int64.
	DType        string
	RequiresGrad bool
	// Parameter is set for an nn.Parameter.
	Parameter bool
	// Layout is "" for strided tensors, else "sparse_coo", "sparse_csr",
	// "quantized", "meta" or "numpy".
	Layout string
	// Parts are the component tensors of a sparse tensor.
	Parts []*Tensor
}

// TypeName implements the naming used in errors.
func (t *Tensor) TypeName() string {
	if t.Parameter {
		return "Parameter"
	}
	return "Tensor"
}

// Brief describes the tensor: "Tensor float32 [3, 4]".
func (t *Tensor) Brief() string {
	return fmt.Sprintf("%s %s %s", t.TypeName(), t.DType, FormatShape(t.Shape))
}

// SetState accepts the state BUILD gives tensors and parameters (hooks,
// attributes); it carries nothing netsum needs.
func (t *Tensor) SetState(state Value) error { return nil }

// Numel is the number of elements, -1 on overflow.
func (t *Tensor) Numel() int64 { return Numel(t.Shape) }

// Numel multiplies dims, -1 on overflow or a negative dim.
func Numel(shape []int64) int64 {
	n := int64(1)
	for _, d := range shape {
		if d < 0 || (d != 0 && n > math.MaxInt64/d) {
			return -1
		}
		n *= d
	}
	return n
}

// FormatShape prints a shape as torch.Size does in lists: [3, 4], [].
func FormatShape(s []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", d)
	}
	b.WriteByte(']')
	return b.String()
}

// Storage is one torch storage named by a persistent id: the record
// data/<Key> of a zip checkpoint, or a storage of a legacy file.
type Storage struct {
	Key      string
	DType    string
	Location string
	// Numel is the size in elements of DType (bytes for untyped storages).
	Numel int64
	// Untyped is set for torch.UntypedStorage (DType uint8).
	Untyped bool
	// View is set for a view of another storage (legacy format).
	View *StorageView
}

// StorageView is a legacy storage that is a slice of another.
type StorageView struct {
	Key    string
	Offset int64 // elements
	Size   int64 // elements
}

// TypeName implements the naming used in errors.
func (s *Storage) TypeName() string { return "torch storage" }

// StorageType is a torch storage class (torch.FloatStorage).
type StorageType struct {
	Global
	DType string
}

// TypeName implements the naming used in errors.
func (s *StorageType) TypeName() string { return s.Global.String() }

// HashKey lets storage classes be dict keys.
func (s *StorageType) HashKey() string { return "g" + s.Module + " " + s.Name }

// DType is a torch dtype (torch.float32).
type DType struct{ Name string }

// TypeName implements the naming used in errors.
func (d *DType) TypeName() string { return "torch.dtype" }

// HashKey lets dtypes be dict keys.
func (d *DType) HashKey() string { return "dtype " + d.Name }

// Brief describes the dtype.
func (d *DType) Brief() string { return "torch." + d.Name }

// storageDTypes maps legacy storage class names to dtypes.
var storageDTypes = map[string]string{
	"FloatStorage": "float32", "DoubleStorage": "float64", "HalfStorage": "float16",
	"BFloat16Storage": "bfloat16", "LongStorage": "int64", "IntStorage": "int32",
	"ShortStorage": "int16", "CharStorage": "int8", "ByteStorage": "uint8",
	"BoolStorage": "bool", "ComplexFloatStorage": "complex64", "ComplexDoubleStorage": "complex128",
	"QInt8Storage": "qint8", "QUInt8Storage": "quint8", "QInt32Storage": "qint32",
	"QUInt4x2Storage": "quint4x2", "QUInt2x4Storage": "quint2x4", "UntypedStorage": "uint8",
	"ByteStorageBase": "uint8",
}

// tensorDTypes maps legacy tensor class names (torch.FloatTensor) to dtypes.
var tensorDTypes = map[string]string{
	"FloatTensor": "float32", "DoubleTensor": "float64", "HalfTensor": "float16",
	"BFloat16Tensor": "bfloat16", "LongTensor": "int64", "IntTensor": "int32",
	"ShortTensor": "int16", "CharTensor": "int8", "ByteTensor": "uint8", "BoolTensor": "bool",
}

// elementSizes are torch element sizes in bytes, by canonical dtype name.
var elementSizes = map[string]int{
	"float32": 4, "float64": 8, "float16": 2, "bfloat16": 2,
	"complex32": 4, "complex64": 8, "complex128": 16,
	"int8": 1, "int16": 2, "int32": 4, "int64": 8,
	"uint8": 1, "uint16": 2, "uint32": 4, "uint64": 8, "bool": 1,
	"qint8": 1, "quint8": 1, "qint32": 4, "quint4x2": 1, "quint2x4": 1,
	"float8_e4m3fn": 1, "float8_e5m2": 1, "float8_e4m3fnuz": 1, "float8_e5m2fnuz": 1, "float8_e8m0fnu": 1,
	"bits8": 1, "bits16": 2, "bits1x8": 1, "bits2x4": 1, "bits4x2": 1,
}

// dtypeAliases maps torch's other names to canonical ones.
var dtypeAliases = map[string]string{
	"float": "float32", "double": "float64", "half": "float16", "long": "int64",
	"int": "int32", "short": "int16", "cfloat": "complex64", "cdouble": "complex128",
	"chalf": "complex32",
}

// ElementSize is the size of one element of a torch dtype in bytes, 0 if
// the dtype is unknown.
func ElementSize(dtype string) int { return elementSizes[dtype] }

var qschemes = map[string]bool{
	"per_tensor_affine": true, "per_channel_affine": true, "per_tensor_symmetric": true,
	"per_channel_symmetric": true, "per_channel_affine_float_qparams": true,
}

// TorchPolicy is what torch.load(weights_only=True) accepts, plus simple
// numpy scalars and argparse.Namespace (inert attribute bags common in
// training checkpoints). Use Options for the pickle.Options.
type TorchPolicy struct {
	// CheckStorage validates a storage against the file (its record
	// exists and is large enough); nil accepts every storage.
	CheckStorage func(s *Storage) error
	// Legacy resolves the string persistent ids of the legacy tar format.
	Legacy map[string]Value
	// FromBytes reads a storage pickled with plain pickle
	// (torch.storage._load_from_bytes: a legacy torch.save stream in a
	// bytes object); nil refuses them.
	FromBytes func(b []byte) (Value, error)

	storages map[string]*Storage
}

// Options returns pickle options applying the policy.
func (p *TorchPolicy) Options() Options {
	return Options{Find: p.find, PersistentLoad: p.persistentLoad}
}

// Storages returns the storages met, by key.
func (p *TorchPolicy) Storages() map[string]*Storage { return p.storages }

func fn(module, name string, f func(Tuple) (Value, error)) *Func {
	return &Func{Global: Global{module, name}, Fn: f}
}

func (p *TorchPolicy) find(module, name string) (Value, bool) {
	switch module {
	case "collections":
		if name == "OrderedDict" {
			f := fn(module, name, newOrderedDict)
			f.NewFn = func(args Tuple, _ *Dict) (Value, error) { return newOrderedDict(args) }
			return f, true
		}
	case "torch", "torch.cuda":
		if dt, ok := storageDTypes[name]; ok {
			return &StorageType{Global: Global{module, name}, DType: dt}, true
		}
		if dt, ok := tensorDTypes[name]; ok {
			return &StorageType{Global: Global{module, name}, DType: dt}, true
		}
		if module != "torch" {
			break
		}
		if _, ok := elementSizes[name]; ok {
			return &DType{Name: name}, true
		}
		if a, ok := dtypeAliases[name]; ok {
			return &DType{Name: a}, true
		}
		if qschemes[name] {
			return &Global{module, name}, true
		}
		switch name {
		case "Size":
			return fn(module, name, func(a Tuple) (Value, error) {
				if len(a) == 0 {
					return Tuple{}, nil
				}
				s, ok := Ints(a[0])
				if !ok {
					return nil, fmt.Errorf("torch.Size of a %s", TypeName(a[0]))
				}
				out := make(Tuple, len(s))
				for i, d := range s {
					out[i] = d
				}
				return out, nil
			}), true
		case "device":
			return fn(module, name, func(a Tuple) (Value, error) {
				parts := make([]string, 0, len(a))
				for _, x := range a {
					parts = append(parts, Brief(x))
				}
				return "device(" + strings.Join(parts, ", ") + ")", nil
			}), true
		case "Tensor":
			return &Func{Global: Global{module, name}}, true
		}
	case "torch._tensor", "torch.tensor":
		switch name {
		case "Tensor":
			return &Func{Global: Global{module, name}}, true
		case "_rebuild_from_type_v2", "_rebuild_from_type":
			return fn(module, name, rebuildFromType), true
		}
	case "torch.nn.parameter":
		if name == "Parameter" {
			return &Func{Global: Global{module, name}, NewFn: func(a Tuple, _ *Dict) (Value, error) {
				return newParameter(a)
			}}, true
		}
	case "torch.serialization":
		if name == "_get_layout" {
			return fn(module, name, func(a Tuple) (Value, error) {
				if len(a) != 1 {
					return nil, fmt.Errorf("_get_layout takes 1 argument")
				}
				s, _ := Str(a[0])
				return strings.TrimPrefix(s, "torch."), nil
			}), true
		}
	case "torch.storage":
		if name == "_load_from_bytes" && p.FromBytes != nil {
			return fn(module, name, func(a Tuple) (Value, error) {
				if len(a) != 1 {
					return nil, fmt.Errorf("_load_from_bytes takes 1 argument")
				}
				b, ok := a[0].([]byte)
				if !ok {
					return nil, fmt.Errorf("_load_from_bytes of a %s", TypeName(a[0]))
				}
				return p.FromBytes(b)
			}), true
		}
	case "torch._utils":
		if f := p.rebuild(name); f != nil {
			return fn(module, name, f), true
		}
	case "_codecs":
		if name == "encode" {
			return fn(module, name, codecsEncode), true
		}
	case "builtins", "__builtin__":
		switch name {
		case "set", "frozenset":
			return fn(module, name, func(a Tuple) (Value, error) {
				s := &Set{Frozen: name == "frozenset"}
				if len(a) > 0 {
					items, ok := Seq(a[0])
					if !ok {
						return nil, fmt.Errorf("%s of a %s", name, TypeName(a[0]))
					}
					s.Items = append(s.Items, items...)
				}
				return s, nil
			}), true
		case "bytearray":
			return fn(module, name, func(a Tuple) (Value, error) {
				if len(a) == 0 {
					return []byte{}, nil
				}
				if b, ok := a[0].([]byte); ok {
					return b, nil
				}
				if len(a) == 2 {
					return codecsEncode(a)
				}
				return nil, fmt.Errorf("bytearray of a %s", TypeName(a[0]))
			}), true
		}
	case "numpy.core.multiarray", "numpy._core.multiarray":
		switch name {
		case "scalar":
			return fn(module, name, numpyScalar), true
		case "_reconstruct":
			return fn(module, name, func(a Tuple) (Value, error) {
				if len(a) < 1 || !isGlobal(a[0], "ndarray") {
					return nil, fmt.Errorf("_reconstruct of something other than numpy.ndarray")
				}
				return &NDArray{}, nil
			}), true
		}
	case "numpy":
		switch name {
		case "dtype":
			return fn(module, name, func(a Tuple) (Value, error) {
				if len(a) < 1 {
					return nil, fmt.Errorf("numpy.dtype needs a type string")
				}
				s, ok := Str(a[0])
				if !ok {
					return nil, fmt.Errorf("numpy.dtype of a %s", TypeName(a[0]))
				}
				return &NumpyDType{Str: s, Order: '='}, nil
			}), true
		case "ndarray":
			return &Func{Global: Global{module, name}}, true
		}
	case "argparse":
		if name == "Namespace" {
			return &Func{Global: Global{module, name}, NewFn: func(a Tuple, _ *Dict) (Value, error) {
				return &Object{Class: &Global{module, name}, Args: a}, nil
			}}, true
		}
	}
	return nil, false
}

func isGlobal(v Value, name string) bool {
	f, ok := v.(*Func)
	return ok && f.Name == name
}

// SetState stores an argparse.Namespace's attributes.
func (o *Object) SetState(state Value) error {
	if _, ok := state.(*Dict); !ok {
		return fmt.Errorf("%s state is a %s", o.Class, TypeName(state))
	}
	o.State = state
	return nil
}

func newOrderedDict(a Tuple) (Value, error) {
	d := NewDict()
	d.Ordered = true
	if len(a) == 0 {
		return d, nil
	}
	if len(a) > 1 {
		return nil, fmt.Errorf("OrderedDict takes at most 1 argument")
	}
	switch x := a[0].(type) {
	case *Dict:
		for i, k := range x.Keys {
			if err := d.Set(k, x.Values[i]); err != nil {
				return nil, err
			}
		}
	default:
		items, ok := Seq(a[0])
		if !ok {
			return nil, fmt.Errorf("OrderedDict of a %s", TypeName(a[0]))
		}
		for _, it := range items {
			kv, ok := Seq(it)
			if !ok || len(kv) != 2 {
				return nil, fmt.Errorf("OrderedDict item is not a pair")
			}
			if err := d.Set(kv[0], kv[1]); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

func codecsEncode(a Tuple) (Value, error) {
	if len(a) < 1 || len(a) > 2 {
		return nil, fmt.Errorf("_codecs.encode takes 1 or 2 arguments")
	}
	s, ok := a[0].(string)
	if !ok {
		return nil, fmt.Errorf("_codecs.encode of a %s", TypeName(a[0]))
	}
	enc := "utf-8"
	if len(a) == 2 {
		enc, _ = Str(a[1])
	}
	switch strings.ToLower(strings.ReplaceAll(enc, "_", "-")) {
	case "latin1", "latin-1", "iso-8859-1":
		b := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xff {
				return nil, fmt.Errorf("_codecs.encode: character U+%04X is not latin-1", r)
			}
			b = append(b, byte(r))
		}
		return b, nil
	case "utf-8", "utf8", "ascii":
		return []byte(s), nil
	}
	return nil, fmt.Errorf("_codecs.encode with encoding %q", enc)
}

func (p *TorchPolicy) persistentLoad(pid Value) (Value, error) {
	if s, ok := Str(pid); ok {
		if v, ok := p.Legacy[s]; ok {
			return v, nil
		}
		return nil, fmt.Errorf("persistent id %q names no storage or tensor of the file", s)
	}
	t, ok := pid.(Tuple)
	if !ok || len(t) == 0 {
		return nil, fmt.Errorf("persistent id is a %s, not a tuple", TypeName(pid))
	}
	kind, _ := Str(t[0])
	switch kind {
	case "storage":
	case "module":
		return nil, &RefusedError{Op: "BINPERSID", What: "holds a whole nn.Module (torch.save(model)); save model.state_dict() instead"}
	default:
		return nil, fmt.Errorf("persistent id of kind %q (torch writes only storages)", kind)
	}
	if len(t) != 5 && len(t) != 6 {
		return nil, fmt.Errorf("storage persistent id has %d fields, want 5 or 6", len(t))
	}
	st, ok := t[1].(*StorageType)
	if !ok {
		return nil, fmt.Errorf("storage type is a %s", TypeName(t[1]))
	}
	key, ok1 := Str(t[2])
	loc, ok2 := Str(t[3])
	numel, ok3 := Int(t[4])
	if !ok1 || !ok2 || !ok3 || numel < 0 {
		return nil, fmt.Errorf("malformed storage persistent id")
	}
	s := &Storage{Key: key, DType: st.DType, Location: loc, Numel: numel, Untyped: st.Name == "UntypedStorage"}
	if len(t) == 6 {
		if vt, ok := t[5].(Tuple); ok {
			if len(vt) != 3 {
				return nil, fmt.Errorf("malformed storage view")
			}
			vk, ok1 := Str(vt[0])
			off, ok2 := Int(vt[1])
			size, ok3 := Int(vt[2])
			if !ok1 || !ok2 || !ok3 || off < 0 || size < 0 || off > numel || size > numel-off {
				return nil, fmt.Errorf("storage view %v lies outside storage %s", vt, key)
			}
			s.View = &StorageView{Key: vk, Offset: off, Size: size}
		} else if _, ok := t[5].(None); !ok {
			return nil, fmt.Errorf("malformed storage view")
		}
	}
	if p.storages == nil {
		p.storages = map[string]*Storage{}
	}
	if old, ok := p.storages[key]; ok {
		if old.DType != s.DType || old.Numel != s.Numel {
			return nil, fmt.Errorf("storage %s is described twice: %s×%d and %s×%d", key, old.DType, old.Numel, s.DType, s.Numel)
		}
		if s.View == nil {
			return old, nil
		}
	} else {
		if p.CheckStorage != nil {
			if err := p.CheckStorage(s); err != nil {
				return nil, err
			}
		}
		p.storages[key] = s
	}
	if s.View != nil {
		// A view is its own storage for the tensor's offsets.
		return &Storage{Key: key, DType: s.DType, Location: loc, Numel: s.View.Size, View: s.View}, nil
	}
	return s, nil
}

func (p *TorchPolicy) rebuild(name string) func(Tuple) (Value, error) {
	switch name {
	case "_rebuild_tensor":
		return func(a Tuple) (Value, error) { return rebuildTensor(a, 4, "") }
	case "_rebuild_tensor_v2":
		return func(a Tuple) (Value, error) {
			if len(a) != 6 && len(a) != 7 {
				return nil, fmt.Errorf("_rebuild_tensor_v2 takes 6 or 7 arguments, got %d", len(a))
			}
			return rebuildTensor(a, len(a), "")
		}
	case "_rebuild_tensor_v3":
		return func(a Tuple) (Value, error) {
			if len(a) != 7 && len(a) != 8 {
				return nil, fmt.Errorf("_rebuild_tensor_v3 takes 7 or 8 arguments, got %d", len(a))
			}
			dt, ok := a[6].(*DType)
			if !ok {
				return nil, fmt.Errorf("_rebuild_tensor_v3 dtype is a %s", TypeName(a[6]))
			}
			return rebuildTensor(a, len(a), dt.Name)
		}
	case "_rebuild_parameter", "_rebuild_parameter_with_state":
		return func(a Tuple) (Value, error) {
			if len(a) < 2 {
				return nil, fmt.Errorf("%s needs data and requires_grad", name)
			}
			return newParameter(a[:2])
		}
	case "_rebuild_qtensor":
		return func(a Tuple) (Value, error) {
			if len(a) != 7 {
				return nil, fmt.Errorf("_rebuild_qtensor takes 7 arguments, got %d", len(a))
			}
			t, err := rebuildTensor(Tuple{a[0], a[1], a[2], a[3], a[5]}, 5, "")
			if err != nil {
				return nil, err
			}
			t.(*Tensor).Layout = "quantized"
			return t, nil
		}
	case "_rebuild_meta_tensor_no_storage":
		return func(a Tuple) (Value, error) {
			if len(a) != 4 {
				return nil, fmt.Errorf("_rebuild_meta_tensor_no_storage takes 4 arguments")
			}
			dt, ok := a[0].(*DType)
			size, ok2 := Ints(a[1])
			stride, ok3 := Ints(a[2])
			if !ok || !ok2 || !ok3 || Numel(size) < 0 {
				return nil, fmt.Errorf("malformed meta tensor")
			}
			rg, _ := a[3].(bool)
			return &Tensor{Shape: size, Stride: stride, DType: dt.Name, RequiresGrad: rg, Layout: "meta"}, nil
		}
	case "_rebuild_sparse_tensor", "_rebuild_sparse_csr_tensor":
		return func(a Tuple) (Value, error) {
			if len(a) != 2 {
				return nil, fmt.Errorf("%s takes 2 arguments", name)
			}
			layout, _ := Str(a[0])
			parts, ok := Seq(a[1])
			if !ok || len(parts) < 3 {
				return nil, fmt.Errorf("malformed sparse tensor")
			}
			size, ok := Ints(parts[len(parts)-1])
			if !ok || Numel(size) < 0 {
				return nil, fmt.Errorf("malformed sparse tensor size")
			}
			t := &Tensor{Shape: size, Layout: layout}
			for _, x := range parts[:len(parts)-1] {
				pt, ok := x.(*Tensor)
				if !ok {
					return nil, fmt.Errorf("sparse tensor part is a %s", TypeName(x))
				}
				t.Parts = append(t.Parts, pt)
			}
			t.DType = t.Parts[len(t.Parts)-1].DType // the values
			return t, nil
		}
	case "_rebuild_device_tensor_from_numpy":
		return func(a Tuple) (Value, error) {
			if len(a) != 4 {
				return nil, fmt.Errorf("_rebuild_device_tensor_from_numpy takes 4 arguments")
			}
			arr, ok := a[0].(*NDArray)
			dt, ok2 := a[1].(*DType)
			if !ok || !ok2 {
				return nil, fmt.Errorf("malformed device tensor")
			}
			rg, _ := a[3].(bool)
			return &Tensor{Shape: arr.Shape, DType: dt.Name, RequiresGrad: rg, Layout: "numpy"}, nil
		}
	}
	return nil
}

// rebuildTensor reads (storage, storage_offset, size, stride[,
// requires_grad, backward_hooks[, metadata]]) and checks that the tensor
// lies inside its storage. dtype, when set, overrides the storage's
// (_rebuild_tensor_v3 over an untyped storage).
func rebuildTensor(a Tuple, n int, dtype string) (Value, error) {
	if len(a) < 4 || len(a) < n {
		return nil, fmt.Errorf("tensor needs storage, offset, size and stride")
	}
	s, ok := a[0].(*Storage)
	if !ok {
		return nil, fmt.Errorf("tensor storage is a %s, not a storage", TypeName(a[0]))
	}
	off, ok1 := Int(a[1])
	size, ok2 := Ints(a[2])
	stride, ok3 := Ints(a[3])
	if !ok1 || !ok2 || !ok3 {
		return nil, fmt.Errorf("tensor offset, size or stride is not made of ints")
	}
	if len(size) != len(stride) {
		return nil, fmt.Errorf("tensor has %d dims but %d strides", len(size), len(stride))
	}
	if off < 0 || Numel(size) < 0 {
		return nil, fmt.Errorf("tensor has a negative offset or size %v", size)
	}
	t := &Tensor{Storage: s, Offset: off, Shape: size, Stride: stride, DType: s.DType}
	if len(a) > 4 && n > 4 {
		t.RequiresGrad, _ = a[4].(bool)
	}
	if dtype != "" {
		t.DType = dtype
	}
	// The last element the tensor touches must be inside the storage.
	extent, err := Extent(off, size, stride)
	if err != nil {
		return nil, err
	}
	avail := s.Numel
	if dtype != "" && s.Untyped {
		es := int64(ElementSize(dtype))
		if es == 0 {
			return nil, fmt.Errorf("unknown dtype %s", dtype)
		}
		avail = s.Numel / es
	}
	if extent > avail {
		return nil, fmt.Errorf("tensor %s at offset %d needs %d elements of storage %s, which holds %d", FormatShape(size), off, extent, s.Key, avail)
	}
	return t, nil
}

// Extent is how many elements from the start of a storage a strided
// tensor spans: offset + Σ (size-1)·stride + 1, 0 for an empty tensor.
func Extent(off int64, size, stride []int64) (int64, error) {
	for _, d := range size {
		if d == 0 {
			return 0, nil
		}
	}
	last := off
	for i, d := range size {
		st := stride[i]
		if st < 0 {
			return 0, fmt.Errorf("negative stride %d", st)
		}
		if st != 0 && d-1 > (math.MaxInt64-last)/st {
			return 0, fmt.Errorf("tensor extent overflows")
		}
		last += (d - 1) * st
	}
	return last + 1, nil
}

func newParameter(a Tuple) (Value, error) {
	if len(a) == 0 {
		return nil, fmt.Errorf("Parameter without data")
	}
	t, ok := a[0].(*Tensor)
	if !ok {
		return nil, fmt.Errorf("Parameter of a %s", TypeName(a[0]))
	}
	c := *t
	c.Parameter = true
	c.RequiresGrad = true
	if len(a) > 1 {
		if rg, ok := a[1].(bool); ok {
			c.RequiresGrad = rg
		}
	}
	return &c, nil
}

func rebuildFromType(a Tuple) (Value, error) {
	if len(a) != 4 {
		return nil, fmt.Errorf("_rebuild_from_type takes 4 arguments")
	}
	f, ok := a[0].(*Func)
	if !ok || f.Fn == nil {
		return nil, fmt.Errorf("_rebuild_from_type with a %s", TypeName(a[0]))
	}
	typ, ok := a[1].(*Func)
	if !ok || (typ.Name != "Tensor" && typ.Name != "Parameter") {
		return nil, &RefusedError{Op: "REDUCE", What: "rebuilds a tensor of type " + TypeName(a[1])}
	}
	args, ok := a[2].(Tuple)
	if !ok {
		return nil, fmt.Errorf("_rebuild_from_type arguments are a %s", TypeName(a[2]))
	}
	v, err := f.Fn(args)
	if err != nil {
		return nil, err
	}
	if t, ok := v.(*Tensor); ok && typ.Name == "Parameter" {
		c := *t
		c.Parameter = true
		return &c, nil
	}
	return v, nil
}

// NumpyDType is a numpy.dtype: its type string ("f8") and byte order.
type NumpyDType struct {
	Str   string
	Order byte
}

// TypeName implements the naming used in errors.
func (d *NumpyDType) TypeName() string { return "numpy.dtype" }

// SetState reads numpy's dtype state tuple (version, byteorder, ...).
func (d *NumpyDType) SetState(state Value) error {
	t, ok := state.(Tuple)
	if !ok || len(t) < 2 {
		return fmt.Errorf("numpy.dtype state is a %s", TypeName(state))
	}
	if s, ok := Str(t[1]); ok && len(s) == 1 {
		d.Order = s[0]
	}
	return nil
}

// NDArray is a numpy array: shape and dtype (its data is not kept).
type NDArray struct {
	Shape []int64
	DType string
}

// TypeName implements the naming used in errors.
func (a *NDArray) TypeName() string { return "numpy.ndarray" }

// Brief describes the array.
func (a *NDArray) Brief() string { return "ndarray " + a.DType + " " + FormatShape(a.Shape) }

// SetState reads (version, shape, dtype, is_fortran, data).
func (a *NDArray) SetState(state Value) error {
	t, ok := state.(Tuple)
	if !ok || len(t) != 5 {
		return fmt.Errorf("numpy.ndarray state is a %s", TypeName(state))
	}
	shape, ok := Ints(t[1])
	if !ok || Numel(shape) < 0 {
		return fmt.Errorf("numpy.ndarray shape is malformed")
	}
	a.Shape = shape
	if d, ok := t[2].(*NumpyDType); ok {
		a.DType = d.Str
	}
	return nil
}

// numpyScalar decodes numpy.core.multiarray.scalar(dtype, bytes) for
// booleans, integers and floats; other kinds stay opaque.
func numpyScalar(a Tuple) (Value, error) {
	if len(a) != 2 {
		return nil, fmt.Errorf("numpy scalar takes 2 arguments")
	}
	d, ok := a[0].(*NumpyDType)
	if !ok {
		return nil, fmt.Errorf("numpy scalar of a %s", TypeName(a[0]))
	}
	b, ok := a[1].([]byte)
	if !ok {
		if s, isStr := a[1].(string); isStr {
			v, err := codecsEncode(Tuple{s, "latin1"})
			if err != nil {
				return nil, err
			}
			b = v.([]byte)
		} else {
			return nil, fmt.Errorf("numpy scalar data is a %s", TypeName(a[1]))
		}
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if d.Order == '>' {
		bo = binary.BigEndian
	}
	kind, size := "", 0
	if len(d.Str) >= 2 {
		kind = d.Str[:1]
		fmt.Sscanf(d.Str[1:], "%d", &size)
	}
	if size != len(b) {
		return &NDArray{DType: d.Str}, nil
	}
	switch kind {
	case "b":
		return b[0] != 0, nil
	case "i":
		switch size {
		case 1:
			return int64(int8(b[0])), nil
		case 2:
			return int64(int16(bo.Uint16(b))), nil
		case 4:
			return int64(int32(bo.Uint32(b))), nil
		case 8:
			return int64(bo.Uint64(b)), nil
		}
	case "u":
		switch size {
		case 1:
			return int64(b[0]), nil
		case 2:
			return int64(bo.Uint16(b)), nil
		case 4:
			return int64(bo.Uint32(b)), nil
		case 8:
			if v := bo.Uint64(b); v <= math.MaxInt64 {
				return int64(v), nil
			}
		}
	case "f":
		switch size {
		case 4:
			return float64(math.Float32frombits(bo.Uint32(b))), nil
		case 8:
			return math.Float64frombits(bo.Uint64(b)), nil
		}
	}
	return &NDArray{DType: d.Str}, nil
}

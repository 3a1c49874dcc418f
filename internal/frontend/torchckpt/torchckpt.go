// Package torchckpt reads PyTorch checkpoints (torch.save files: .pt,
// .pth, .bin, .ckpt) without executing them and without reading tensor
// data: the zip format of torch ≥ 1.6 (archive/data.pkl + archive/data/N
// records), the legacy format (_use_new_zipfile_serialization=False: a run
// of pickles followed by the storages), the tar format of torch ≤ 0.3, and
// plain pickles of tensors (storages via torch.storage._load_from_bytes).
// Pickles go through internal/pickle's torch policy, which refuses any
// global it does not know. Shapes and dtypes come from the pickle; storage
// sizes are checked against the zip entry headers or the legacy size
// fields. The model's tensors are picked out of training checkpoints
// ({"state_dict": ..., "optimizer": ...}) and grouped by module with
// ckptmodel. It imports graph, diag, pickle and ckptmodel.
package torchckpt

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/pickle"
)

// Limits.
const (
	// MaxPickle bounds data.pkl and every pickle of a legacy file.
	MaxPickle = 256 << 20
	// MaxEntries bounds the entries of a zip or tar checkpoint.
	MaxEntries = 1 << 20
	// MaxTensors bounds the tensors of one checkpoint.
	MaxTensors = 1 << 20
	// MaxDims bounds the dims of one tensor of the tar format.
	MaxDims = 64
)

// legacyMagic is pickle's LONG1 encoding of torch's MAGIC_NUMBER
// 0x1950a86a20f9469cfc6c, the first object of a legacy checkpoint.
var legacyMagic = []byte("\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19")

// Options for Open.
type Options struct {
	File string
}

// Match reports whether header starts a torch checkpoint: a zip whose
// first record is */data.pkl, a legacy pickle run starting with torch's
// magic number, a tar whose first member is sys_info, or (by name) a
// pickle in a file named .pt, .pth, .pkl, .ckpt or .bin.
func Match(name string, header []byte) bool {
	ext := strings.ToLower(filepath.Ext(name))
	torchExt := ext == ".pt" || ext == ".pth" || ext == ".pkl" || ext == ".pickle" || ext == ".ckpt" || ext == ".bin" || ext == ".tar"
	switch {
	case isZip(header):
		return zipFirstName(header) != "" && strings.HasSuffix(zipFirstName(header), "/data.pkl") ||
			(torchExt && ext != ".pkl" && ext != ".tar" && bytes.Contains(header, []byte("data.pkl")))
	case isLegacy(header):
		return true
	case isTar(header):
		return bytes.HasPrefix(header, []byte("sys_info\x00")) || (torchExt && bytes.Contains(header[:100], []byte("sys_info")))
	case len(header) >= 2 && header[0] == 0x80 && header[1] >= 2 && header[1] <= 5:
		return true
	}
	return torchExt && ext != ".tar" && len(header) > 0 && bytes.IndexByte([]byte("(c}]N)"), header[0]) >= 0
}

func isZip(h []byte) bool {
	return bytes.HasPrefix(h, []byte("PK\x03\x04")) || bytes.HasPrefix(h, []byte("PK\x05\x06"))
}

// zipFirstName is the file name of the first local header.
func zipFirstName(h []byte) string {
	if len(h) < 30 || !bytes.HasPrefix(h, []byte("PK\x03\x04")) {
		return ""
	}
	n := int(binary.LittleEndian.Uint16(h[26:]))
	if 30+n > len(h) {
		return ""
	}
	return string(h[30 : 30+n])
}

func isLegacy(h []byte) bool {
	if len(h) < 2 || h[0] != 0x80 {
		return false
	}
	i := 2
	if len(h) > 11 && h[2] == 0x95 { // FRAME (protocol 4+)
		i = 11
	}
	return bytes.HasPrefix(h[i:], legacyMagic)
}

func isTar(h []byte) bool { return len(h) >= 262 && string(h[257:262]) == "ustar" }

func errAt(file string, off int64, format string, args ...any) error {
	return &diag.Error{Pos: diag.Pos{File: file, Offset: off}, Msg: fmt.Sprintf(format, args...)}
}

// Open reads a torch checkpoint.
func Open(r io.ReaderAt, size int64, opt Options) (*graph.Model, error) {
	obj, format, notes, err := load(r, size, opt)
	if err != nil {
		return nil, err
	}
	return build(obj, format, notes, opt)
}

// load reads the checkpoint's pickle in any of the torch.save formats.
func load(r io.ReaderAt, size int64, opt Options) (pickle.Value, string, []string, error) {
	head := make([]byte, min(size, 4096))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, "", nil, errAt(opt.File, 0, "%v", err)
	}
	var (
		obj    pickle.Value
		format string
		notes  []string
		err    error
	)
	switch {
	case isZip(head):
		obj, notes, err = openZip(r, size, opt.File)
		format = "torch-zip"
	case isLegacy(head):
		obj, err = openLegacy(r, size, opt.File, true)
		format = "torch-legacy"
	case isTar(head):
		obj, err = openTar(r, size, opt.File)
		format = "torch-tar"
	default:
		obj, err = openPlain(r, size, opt.File)
		format = "torch-pickle"
	}
	return obj, format, notes, err
}

// pickleErr places a pickle error in the file (and the record).
func pickleErr(file, record string, err error) error {
	where := file
	if record != "" {
		where = file + ":" + record
	}
	var re *pickle.RefusedError
	if errors.As(err, &re) {
		msg := re.Error()
		if hint := refusalHint(re); hint != "" {
			msg += "; " + hint
		}
		return &diag.Error{Pos: diag.Pos{File: where}, Msg: msg}
	}
	var pe *pickle.Error
	if errors.As(err, &pe) {
		return &diag.Error{Pos: diag.Pos{File: where}, Msg: "corrupt PyTorch checkpoint: " + err.Error()}
	}
	var de *diag.Error
	if errors.As(err, &de) {
		return de
	}
	return &diag.Error{Pos: diag.Pos{File: where}, Msg: err.Error()}
}

// refusalHint says what a refused global usually means.
func refusalHint(re *pickle.RefusedError) string {
	m := re.Module
	switch {
	case m == "":
		return ""
	case strings.HasPrefix(m, "torch.nn.modules") || strings.HasPrefix(m, "torchvision.") || strings.HasPrefix(m, "timm.") ||
		strings.HasPrefix(m, "transformers.") || m == "__main__":
		return "this looks like a whole model saved with torch.save(model); netsum reads state_dicts (torch.save(model.state_dict(), path)) and never imports model code"
	case strings.HasPrefix(m, "__torch__") || strings.HasPrefix(m, "torch.jit"):
		return "this is a TorchScript archive (torch.jit.save), which netsum does not read"
	}
	return ""
}

// ---------------------------------------------------------------- zip

func openZip(r io.ReaderAt, size int64, file string) (pickle.Value, []string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, nil, errAt(file, 0, "a zip archive that cannot be read (truncated or corrupt?): %v", err)
	}
	if len(zr.File) > MaxEntries {
		return nil, nil, errAt(file, 0, "zip archive has %d entries (limit %d)", len(zr.File), MaxEntries)
	}
	entries := map[string]*zip.File{}
	var pkl *zip.File
	for _, f := range zr.File {
		if _, dup := entries[f.Name]; !dup {
			entries[f.Name] = f
		}
		if path.Base(f.Name) == "data.pkl" && strings.Count(f.Name, "/") == 1 && pkl == nil {
			pkl = f
		}
	}
	if pkl == nil {
		return nil, nil, errAt(file, 0, "a zip archive without */data.pkl: not a torch.save checkpoint")
	}
	prefix := strings.TrimSuffix(pkl.Name, "data.pkl")
	var notes []string
	if entries[prefix+"constants.pkl"] != nil || entries[prefix+"code/"] != nil || hasPrefix(zr, prefix+"code/") {
		return nil, nil, errAt(file, 0, "a TorchScript archive (torch.jit.save), which netsum does not read: save the model's state_dict with torch.save")
	}
	if bo := entries[prefix+"byteorder"]; bo != nil {
		if b, err := readSmall(bo, 16); err == nil && strings.TrimSpace(string(b)) == "big" {
			notes = append(notes, "tensors are stored big-endian")
		}
	}
	data, err := readSmall(pkl, MaxPickle)
	if err != nil {
		return nil, nil, errAt(file, 0, "%s: %v", pkl.Name, err)
	}
	pol := &pickle.TorchPolicy{CheckStorage: func(s *pickle.Storage) error {
		name := prefix + "data/" + s.Key
		f := entries[name]
		if f == nil {
			return fmt.Errorf("storage %s has no record %s in the archive", s.Key, name)
		}
		es := int64(pickle.ElementSize(s.DType))
		if s.Untyped {
			es = 1
		}
		if es == 0 {
			return fmt.Errorf("storage %s has unknown dtype %s", s.Key, s.DType)
		}
		if s.Numel > (1<<62)/es || uint64(s.Numel*es) > f.UncompressedSize64 {
			return fmt.Errorf("storage %s needs %d×%d bytes but record %s holds %d", s.Key, s.Numel, es, name, f.UncompressedSize64)
		}
		if f.Method == zip.Store {
			off, err := f.DataOffset()
			if err != nil {
				return fmt.Errorf("record %s: %v", name, err)
			}
			if off < 0 || off > size || f.CompressedSize64 > uint64(size-off) {
				return fmt.Errorf("record %s runs past the end of the file (truncated?)", name)
			}
		}
		return nil
	}}
	obj, err := pickle.Load(data, pol.Options())
	if err != nil {
		return nil, nil, pickleErr(file, pkl.Name, err)
	}
	return obj, notes, nil
}

func hasPrefix(zr *zip.Reader, p string) bool {
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, p) {
			return true
		}
	}
	return false
}

func readSmall(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("declares %d bytes, more than the %d-byte limit", f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("inflates to more than %d bytes", limit)
	}
	return b, nil
}

// ---------------------------------------------------------------- legacy

// openLegacy reads the legacy format: pickles of the magic number, the
// protocol version (1001), sys_info, the object, and the sorted storage
// keys; then per key an 8-byte element count and the data, which is
// skipped after checking the count. outer is false inside a
// _load_from_bytes blob (which may not nest again).
func openLegacy(r io.ReaderAt, size int64, file string, outer bool) (pickle.Value, error) {
	var off int64
	next := func(what string, opt pickle.Options) (pickle.Value, error) {
		v, n, err := pickle.LoadAt(r, off, min(size-off, MaxPickle), opt)
		if err != nil {
			return nil, pickleErr(file, "", fmt.Errorf("%s: %w", what, err))
		}
		off += n
		return v, nil
	}
	plain := pickle.Options{Find: func(module, name string) (pickle.Value, bool) { return nil, false }}
	magic, err := next("magic number", plain)
	if err != nil {
		return nil, err
	}
	if pickle.Brief(magic) != "119547037146038801333356" { // 0x1950a86a20f9469cfc6c
		return nil, errAt(file, 0, "not a torch legacy file: bad magic number %s", pickle.Brief(magic))
	}
	proto, err := next("protocol version", plain)
	if err != nil {
		return nil, err
	}
	if v, _ := pickle.Int(proto); v != 1001 {
		return nil, errAt(file, off, "unsupported torch legacy protocol version %s", pickle.Brief(proto))
	}
	sysInfo, err := next("sys_info", plain)
	if err != nil {
		return nil, err
	}
	if d, ok := sysInfo.(*pickle.Dict); ok {
		if le, ok := d.Get("little_endian"); ok && le == false {
			return nil, errAt(file, off, "a big-endian legacy checkpoint, which netsum does not read")
		}
	}
	pol := &pickle.TorchPolicy{}
	if outer {
		pol.FromBytes = func(b []byte) (pickle.Value, error) {
			v, err := openLegacy(bytes.NewReader(b), int64(len(b)), file, false)
			if err != nil {
				return nil, err
			}
			if _, ok := v.(*pickle.Storage); !ok {
				return nil, fmt.Errorf("_load_from_bytes holds a %s, not a storage", pickle.TypeName(v))
			}
			return v, nil
		}
	}
	obj, err := next("object", pol.Options())
	if err != nil {
		return nil, err
	}
	keysV, err := next("storage keys", plain)
	if err != nil {
		return nil, err
	}
	keys, ok := pickle.Seq(keysV)
	if !ok {
		return nil, errAt(file, off, "storage keys are a %s, not a list", pickle.TypeName(keysV))
	}
	storages := pol.Storages()
	for _, kv := range keys {
		k, ok := pickle.Str(kv)
		if !ok {
			return nil, errAt(file, off, "storage key is a %s", pickle.TypeName(kv))
		}
		s := storages[k]
		if s == nil {
			return nil, errAt(file, off, "storage %s is listed but no tensor uses it", k)
		}
		var hdr [8]byte
		if _, err := r.ReadAt(hdr[:], off); err != nil {
			return nil, errAt(file, off, "storage %s: truncated file (no size field)", k)
		}
		n := int64(binary.LittleEndian.Uint64(hdr[:]))
		es := int64(pickle.ElementSize(s.DType))
		if s.Untyped || es == 0 {
			es = 1
		}
		if n != s.Numel {
			return nil, errAt(file, off, "storage %s holds %d elements in the file but %d in the pickle", k, n, s.Numel)
		}
		if n < 0 || n > (size-off-8)/es {
			return nil, errAt(file, off, "storage %s (%d×%d bytes) runs past the end of the file (truncated?)", k, n, es)
		}
		off += 8 + n*es
	}
	for k := range storages {
		found := false
		for _, kv := range keys {
			if s, _ := pickle.Str(kv); s == k {
				found = true
				break
			}
		}
		if !found {
			return nil, errAt(file, off, "storage %s is used but not stored in the file", k)
		}
	}
	return obj, nil
}

// ---------------------------------------------------------------- tar

// openTar reads the tar format of torch ≤ 0.3: members storages (a count,
// then per storage a pickled (key, location, type), an 8-byte count and
// the data; then storage views), tensors (a count, then per tensor a
// pickled (key, storage key, type) and its dims, strides and offset as
// binary) and pickle (the object, with string persistent ids).
func openTar(r io.ReaderAt, size int64, file string) (pickle.Value, error) {
	sr := io.NewSectionReader(r, 0, size)
	tr := tar.NewReader(sr)
	members := map[string][2]int64{} // name → data offset, size
	for i := 0; ; i++ {
		if i > MaxEntries {
			return nil, errAt(file, 0, "tar archive has more than %d members", MaxEntries)
		}
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errAt(file, 0, "a tar archive that cannot be read (truncated or corrupt?): %v", err)
		}
		pos, _ := sr.Seek(0, io.SeekCurrent)
		if h.Size < 0 || h.Size > size-pos {
			return nil, errAt(file, pos, "tar member %s runs past the end of the file", h.Name)
		}
		members[h.Name] = [2]int64{pos, h.Size}
	}
	for _, n := range []string{"storages", "tensors", "pickle"} {
		if _, ok := members[n]; !ok {
			return nil, errAt(file, 0, "a tar archive without a %q member: not a torch checkpoint", n)
		}
	}
	plain := &pickle.TorchPolicy{}
	objects := map[string]pickle.Value{}

	// storages
	st := members["storages"]
	off, end := st[0], st[0]+st[1]
	next := func(what string) (pickle.Value, error) {
		v, n, err := pickle.LoadAt(r, off, min(end-off, MaxPickle), plain.Options())
		if err != nil {
			return nil, pickleErr(file, "storages", fmt.Errorf("%s: %w", what, err))
		}
		off += n
		return v, nil
	}
	countV, err := next("storage count")
	if err != nil {
		return nil, err
	}
	count, ok := pickle.Int(countV)
	if !ok || count < 0 || count > MaxTensors {
		return nil, errAt(file, off, "bad storage count %s", pickle.Brief(countV))
	}
	for i := int64(0); i < count; i++ {
		v, err := next("storage header")
		if err != nil {
			return nil, err
		}
		t, ok := v.(pickle.Tuple)
		if !ok || len(t) != 3 {
			return nil, errAt(file, off, "storage header is a %s", pickle.TypeName(v))
		}
		key := keyString(t[0])
		stype, ok := t[2].(*pickle.StorageType)
		if !ok {
			return nil, errAt(file, off, "storage %s type is a %s", key, pickle.TypeName(t[2]))
		}
		var hdr [8]byte
		if end-off < 8 {
			return nil, errAt(file, off, "storage %s: truncated (no size field)", key)
		}
		if _, err := r.ReadAt(hdr[:], off); err != nil {
			return nil, errAt(file, off, "storage %s: %v", key, err)
		}
		n := int64(binary.LittleEndian.Uint64(hdr[:]))
		es := int64(pickle.ElementSize(stype.DType))
		if n < 0 || es == 0 || n > (end-off-8)/es {
			return nil, errAt(file, off, "storage %s (%d elements) runs past the end of its member", key, n)
		}
		loc, _ := pickle.Str(t[1])
		objects[key] = &pickle.Storage{Key: key, DType: stype.DType, Location: loc, Numel: n}
		off += 8 + n*es
	}
	// views: [(target, root, offset, numel)]
	views, err := next("storage views")
	if err != nil {
		return nil, err
	}
	if vs, ok := pickle.Seq(views); ok {
		for _, v := range vs {
			t, ok := pickle.Seq(v)
			if !ok || len(t) != 4 {
				return nil, errAt(file, off, "malformed storage view")
			}
			root, _ := objects[keyString(t[1])].(*pickle.Storage)
			o, ok1 := pickle.Int(t[2])
			n, ok2 := pickle.Int(t[3])
			if root == nil || !ok1 || !ok2 || o < 0 || n < 0 || o > root.Numel || n > root.Numel-o {
				return nil, errAt(file, off, "storage view outside its storage")
			}
			objects[keyString(t[0])] = &pickle.Storage{Key: keyString(t[0]), DType: root.DType, Location: root.Location, Numel: n,
				View: &pickle.StorageView{Key: root.Key, Offset: o, Size: n}}
		}
	}

	// tensors
	te := members["tensors"]
	off, end = te[0], te[0]+te[1]
	countV, err = next("tensor count")
	if err != nil {
		return nil, err
	}
	count, ok = pickle.Int(countV)
	if !ok || count < 0 || count > MaxTensors {
		return nil, errAt(file, off, "bad tensor count %s", pickle.Brief(countV))
	}
	for i := int64(0); i < count; i++ {
		v, err := next("tensor header")
		if err != nil {
			return nil, err
		}
		t, ok := v.(pickle.Tuple)
		if !ok || len(t) != 3 {
			return nil, errAt(file, off, "tensor header is a %s", pickle.TypeName(v))
		}
		key := keyString(t[0])
		s, ok := objects[keyString(t[1])].(*pickle.Storage)
		if !ok {
			return nil, errAt(file, off, "tensor %s uses unknown storage %s", key, keyString(t[1]))
		}
		var nd [8]byte
		if end-off < 8 {
			return nil, errAt(file, off, "tensor %s: truncated", key)
		}
		if _, err := r.ReadAt(nd[:], off); err != nil {
			return nil, errAt(file, off, "tensor %s: %v", key, err)
		}
		ndim := int64(int32(binary.LittleEndian.Uint32(nd[:4])))
		if ndim < 0 || ndim > MaxDims || end-off < 8+16*ndim+8 {
			return nil, errAt(file, off, "tensor %s: bad dims (%d)", key, ndim)
		}
		buf := make([]byte, 16*ndim+8)
		if _, err := r.ReadAt(buf, off+8); err != nil {
			return nil, errAt(file, off, "tensor %s: %v", key, err)
		}
		shape := make([]int64, ndim)
		stride := make([]int64, ndim)
		for d := range ndim {
			shape[d] = int64(binary.LittleEndian.Uint64(buf[8*d:]))
			stride[d] = int64(binary.LittleEndian.Uint64(buf[8*(ndim+d):]))
		}
		so := int64(binary.LittleEndian.Uint64(buf[16*ndim:]))
		ext, err := pickle.Extent(so, shape, stride)
		if err != nil || so < 0 || pickle.Numel(shape) < 0 || ext > s.Numel {
			return nil, errAt(file, off, "tensor %s %v lies outside its storage", key, shape)
		}
		objects[key] = &pickle.Tensor{Storage: s, Offset: so, Shape: shape, Stride: stride, DType: s.DType}
		off += 8 + 16*ndim + 8
	}

	// pickle
	pk := members["pickle"]
	pol := &pickle.TorchPolicy{Legacy: objects}
	obj, _, err := pickle.LoadAt(r, pk[0], min(pk[1], MaxPickle), pol.Options())
	if err != nil {
		return nil, pickleErr(file, "pickle", err)
	}
	return obj, nil
}

func keyString(v pickle.Value) string {
	if s, ok := pickle.Str(v); ok {
		return s
	}
	if n, ok := pickle.Int(v); ok {
		return strconv.FormatInt(n, 10)
	}
	return pickle.Brief(v)
}

// ---------------------------------------------------------------- plain

// openPlain reads a file that is one pickle (pickle.dump of tensors):
// each storage is a _load_from_bytes call holding a legacy stream.
func openPlain(r io.ReaderAt, size int64, file string) (pickle.Value, error) {
	pol := &pickle.TorchPolicy{FromBytes: func(b []byte) (pickle.Value, error) {
		return openLegacy(bytes.NewReader(b), int64(len(b)), file, false)
	}}
	obj, _, err := pickle.LoadAt(r, 0, min(size, MaxPickle), pol.Options())
	if err != nil {
		return nil, pickleErr(file, "", err)
	}
	return obj, nil
}

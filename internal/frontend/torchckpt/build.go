package torchckpt

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/ckptmodel"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/pickle"
)

// modelKeys are the keys training code stores the model's state_dict
// under, most specific first.
var modelKeys = []string{
	"state_dict", "model_state_dict", "model_state", "model", "net", "network", "module",
	"state_dict_ema", "model_ema", "ema", "params", "weights", "generator", "g_ema",
}

type named struct {
	name string
	t    *pickle.Tensor
}

// walker collects tensors under a budget (pickles can share and even
// cycle containers through the memo).
type walker struct {
	steps int
	seen  map[any]bool
}

const maxSteps = 4 << 20

// tensorDict reports whether v is a state_dict: a dict (possibly nested)
// whose keys are strings and whose leaves are all tensors. It returns the
// tensors with dotted names.
func (w *walker) tensorDict(v pickle.Value, prefix string, depth int, out *[]named) bool {
	w.steps++
	if w.steps > maxSteps || depth > ckptmodel.MaxDepth {
		return false
	}
	switch x := v.(type) {
	case *pickle.Tensor:
		*out = append(*out, named{prefix, x})
		return true
	case *pickle.Dict:
		if w.seen[x] {
			return false
		}
		w.seen[x] = true
		defer delete(w.seen, x)
		for i, k := range x.Keys {
			ks, ok := pickle.Str(k)
			if !ok {
				return false
			}
			name := ks
			if prefix != "" {
				name = prefix + "." + ks
			}
			if !w.tensorDict(x.Values[i], name, depth+1, out) {
				return false
			}
		}
		return true
	}
	return false
}

// count is the number of tensors anywhere in v.
func (w *walker) count(v pickle.Value, depth int) int {
	w.steps++
	if w.steps > maxSteps || depth > 32 {
		return 0
	}
	switch x := v.(type) {
	case *pickle.Tensor:
		return 1
	case *pickle.Dict:
		if w.seen[x] {
			return 0
		}
		w.seen[x] = true
		defer delete(w.seen, x)
		n := 0
		for _, e := range x.Values {
			n += w.count(e, depth+1)
		}
		return n
	case *pickle.List:
		if w.seen[x] {
			return 0
		}
		w.seen[x] = true
		defer delete(w.seen, x)
		n := 0
		for _, e := range x.Items {
			n += w.count(e, depth+1)
		}
		return n
	case pickle.Tuple:
		n := 0
		for _, e := range x {
			n += w.count(e, depth+1)
		}
		return n
	}
	return 0
}

// pick finds the model's tensors in a loaded checkpoint.
func pick(obj pickle.Value) (ts []named, picked string, others []string, err error) {
	w := &walker{seen: map[any]bool{}}
	if w.tensorDict(obj, "", 0, &ts) {
		if _, single := obj.(*pickle.Tensor); single {
			ts[0].name = "tensor"
		}
		return ts, "", nil, nil
	}
	ts = nil
	switch x := obj.(type) {
	case *pickle.List, pickle.Tuple:
		items, _ := pickle.Seq(x)
		for i, it := range items {
			var sub []named
			if !w.tensorDict(it, strconv.Itoa(i), 1, &sub) {
				return nil, "", nil, fmt.Errorf("the checkpoint is a %s whose item %d is a %s, not tensors", pickle.TypeName(obj), i, pickle.TypeName(it))
			}
			ts = append(ts, sub...)
		}
		return ts, "", nil, nil
	case *pickle.Dict:
		key := ""
		for _, k := range modelKeys {
			v, ok := x.Get(k)
			if !ok {
				continue
			}
			var sub []named
			if w.tensorDict(v, "", 0, &sub) && len(sub) > 0 {
				key, ts = k, sub
				break
			}
		}
		if key == "" {
			// The string-keyed entry holding the largest state_dict.
			for i, k := range x.Keys {
				ks, ok := pickle.Str(k)
				if !ok {
					continue
				}
				var sub []named
				if w.tensorDict(x.Values[i], "", 0, &sub) && len(sub) > len(ts) {
					key, ts = ks, sub
				}
			}
		}
		if key == "" {
			var keys []string
			for _, k := range x.Keys {
				keys = append(keys, brief(k))
			}
			n := w.count(x, 0)
			return nil, "", nil, fmt.Errorf("the checkpoint is a dict (keys %s) with no state_dict in it (%d tensors elsewhere)", strings.Join(clipList(keys, 8), ", "), n)
		}
		for i, k := range x.Keys {
			if ks, _ := pickle.Str(k); ks == key {
				continue
			}
			others = append(others, fmt.Sprintf("%s: %s", brief(k), describe(x.Values[i], w)))
		}
		return ts, key, others, nil
	}
	return nil, "", nil, fmt.Errorf("the checkpoint holds a %s, not tensors", pickle.TypeName(obj))
}

func brief(k pickle.Value) string {
	if s, ok := pickle.Str(k); ok {
		return s
	}
	return pickle.Brief(k)
}

func describe(v pickle.Value, w *walker) string {
	s := pickle.Brief(v)
	switch v.(type) {
	case *pickle.Dict, *pickle.List, pickle.Tuple:
		if n := w.count(v, 0); n > 0 {
			s += fmt.Sprintf(", %d tensors", n)
		}
	}
	return s
}

func clipList(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(s[:n:n], fmt.Sprintf("and %d more", len(s)-n))
}

// tieKey identifies the data a tensor views.
type tieKey struct {
	storage       *pickle.Storage
	view          string
	offset        int64
	shape, stride string
	dtype         string
}

func build(obj pickle.Value, format string, notes []string, opt Options) (*graph.Model, error) {
	ts, picked, others, err := pick(obj)
	if err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: err.Error()}
	}
	if len(ts) > MaxTensors {
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: fmt.Sprintf("%d tensors (limit %d)", len(ts), MaxTensors)}
	}
	tensors := make([]ckptmodel.Tensor, 0, len(ts))
	first := map[tieKey]string{}
	locations := map[string]bool{}
	modulePrefix := len(ts) > 0
	for _, n := range ts {
		t := n.t
		ct := n.tensor()
		if t.Storage != nil {
			locations[t.Storage.Location] = true
			k := tieKey{storage: t.Storage, offset: t.Offset, shape: fmt.Sprint(t.Shape), stride: fmt.Sprint(t.Stride), dtype: t.DType}
			if t.Storage.View != nil {
				k.storage = nil
				k.view = t.Storage.Key + "/" + fmt.Sprint(t.Storage.View.Offset)
			}
			if prev, ok := first[k]; ok {
				ct.TiedTo = prev
				notes = append(notes, fmt.Sprintf("%s is the same tensor as %s (tied weights): counted once", n.name, prev))
			} else {
				first[k] = n.name
			}
		}
		if t.Layout != "" {
			notes = append(notes, fmt.Sprintf("%s is a %s tensor", n.name, t.Layout))
		}
		if !strings.HasPrefix(n.name, "module.") {
			modulePrefix = false
		}
		tensors = append(tensors, ct)
	}
	name := strings.TrimSuffix(filepath.Base(opt.File), filepath.Ext(opt.File))
	m, err := ckptmodel.Build(tensors, ckptmodel.Options{File: opt.File, Name: name, Class: "state_dict",
		Framework: "pytorch", SourceFormat: format})
	if err != nil {
		return nil, err
	}
	if picked != "" {
		m.Notes = append(m.Notes, fmt.Sprintf("model tensors: the %q entry of the checkpoint", picked))
	}
	for _, o := range others {
		m.Notes = append(m.Notes, "also in the checkpoint: "+o)
	}
	if modulePrefix {
		m.Notes = append(m.Notes, `every name starts with "module.": saved from a DataParallel/DistributedDataParallel wrapper`)
	}
	for _, loc := range []string{"cuda", "mps", "xla", "meta"} {
		for l := range locations {
			if strings.HasPrefix(l, loc) {
				m.Notes = append(m.Notes, "saved from device "+loc+" (netsum reads it without one)")
				break
			}
		}
	}
	m.Notes = append(m.Notes, notes...)
	return m, nil
}

// tensor is n as ckptmodel lists it: shape, dtype, stored bytes (element
// size × count, 0 when unknown or absurd) and whether it is a buffer.
func (n named) tensor() ckptmodel.Tensor {
	t := n.t
	ct := ckptmodel.Tensor{Name: n.name, Shape: t.Shape, DType: t.DType}
	if es := int64(pickle.ElementSize(t.DType)); es > 0 {
		if c := t.Numel(); c >= 0 && c <= (1<<62)/es {
			ct.Bytes = c * es
		}
	}
	ct.Buffer = !t.Parameter && ckptmodel.LooksLikeBuffer(n.name, t.DType)
	return ct
}

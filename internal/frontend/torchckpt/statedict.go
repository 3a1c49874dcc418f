package torchckpt

import (
	"fmt"
	"io"

	"github.com/netsum/netsum/internal/ckptmodel"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/pickle"
)

// StateDict is the state_dict a checkpoint holds, as torch's
// load_state_dict would be given it (internal/weightcheck).
type StateDict struct {
	// Tensors in the checkpoint's order, as a checkpoint summary lists them.
	Tensors []ckptmodel.Tensor
	// Entry is the key of the checkpoint dict holding the state_dict
	// ("state_dict", "model", ...); "" when the checkpoint is one.
	Entry string
	// Metadata is set when the state_dict carries torch's _metadata;
	// Versions then gives each module prefix's "version" ("" for the
	// root, "features.0").
	Metadata bool
	Versions map[string]int64
	// Format is "torch-zip", "torch-legacy", "torch-tar" or "torch-pickle".
	Format string
}

// ReadStateDict reads a torch checkpoint's state_dict: the same search as
// Open (a training checkpoint's "state_dict", "model", ... entry), tensor
// headers only.
func ReadStateDict(r io.ReaderAt, size int64, opt Options) (*StateDict, error) {
	obj, format, _, err := load(r, size, opt)
	if err != nil {
		return nil, err
	}
	ts, picked, _, err := pick(obj)
	if err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: err.Error()}
	}
	if len(ts) > MaxTensors {
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: fmt.Sprintf("%d tensors (limit %d)", len(ts), MaxTensors)}
	}
	sd := &StateDict{Entry: picked, Format: format, Tensors: make([]ckptmodel.Tensor, 0, len(ts))}
	for _, n := range ts {
		sd.Tensors = append(sd.Tensors, n.tensor())
	}
	d, _ := obj.(*pickle.Dict)
	if picked != "" && d != nil {
		v, _ := d.Get(picked)
		d, _ = v.(*pickle.Dict)
	}
	if d != nil && d.Attrs != nil {
		if v, ok := d.Attrs.Get("_metadata"); ok {
			if md, ok := v.(*pickle.Dict); ok {
				sd.Metadata = true
				sd.Versions = map[string]int64{}
				for i, k := range md.Keys {
					prefix, ok := pickle.Str(k)
					m, ok2 := md.Values[i].(*pickle.Dict)
					if !ok || !ok2 {
						continue
					}
					if ver, ok := m.Get("version"); ok {
						if n, ok := pickle.Int(ver); ok {
							sd.Versions[prefix] = n
						}
					}
				}
			}
		}
	}
	return sd, nil
}

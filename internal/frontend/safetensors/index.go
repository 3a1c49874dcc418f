package safetensors

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/netsum/netsum/internal/ckptmodel"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
)

// MaxShards bounds the shards one index may name.
const MaxShards = 4096

// IsIndex reports whether name is the index of a sharded checkpoint, as
// Hugging Face's save_pretrained writes it: model.safetensors.index.json,
// or pytorch_model.bin.index.json for torch.save shards.
func IsIndex(name string) bool {
	base := strings.ToLower(path.Base(filepath.ToSlash(name)))
	return strings.HasSuffix(base, ".safetensors.index.json") || strings.HasSuffix(base, ".bin.index.json")
}

// ReadShard reads the tensors of one shard that is not a safetensors file
// (a torch.save file), and notes about it.
type ReadShard func(r io.ReaderAt, size int64, name string) ([]ckptmodel.Tensor, []string, error)

// OpenShard opens one shard of a sharded checkpoint by its file name (a
// name in the index's folder); release is called when its header is read.
type OpenShard func(name string) (r io.ReaderAt, size int64, release func(), err error)

// OpenIndex reads a sharded checkpoint: the index JSON
// {"metadata": {"total_size": N}, "weight_map": {tensor: shard}} and the
// header of every shard it names. Shard names must be plain file names
// (no folder, no ".."). Each tensor the index maps must be in its shard;
// tensors of a shard the index does not map, and a total_size that is not
// the sum of the tensors' bytes, are noted. Tensors are listed shard by
// shard (shards in name order), each in its header's order.
//
// Shards named *.safetensors are read here; others go to other (nil: an
// error).
func OpenIndex(index []byte, file string, open OpenShard, other ReadShard) (*graph.Model, error) {
	var idx struct {
		Metadata  map[string]any    `json:"metadata"`
		WeightMap map[string]string `json:"weight_map"`
	}
	if err := json.Unmarshal(index, &idx); err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: "not a safetensors index (weight_map of tensor names to shard files): " + err.Error()}
	}
	if len(idx.WeightMap) == 0 {
		return nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: "the index maps no tensor (weight_map is empty or missing)"}
	}
	byShard := map[string][]string{}
	for t, sh := range idx.WeightMap {
		if sh == "" || sh != path.Base(sh) || strings.ContainsAny(sh, `/\`) || sh == "." || sh == ".." {
			return nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("tensor %q: shard %q is not a file name in the index's folder", t, sh)}
		}
		byShard[sh] = append(byShard[sh], t)
	}
	if len(byShard) > MaxShards {
		return nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("the index names %d shards (limit %d)", len(byShard), MaxShards)}
	}
	shards := make([]string, 0, len(byShard))
	for sh := range byShard {
		shards = append(shards, sh)
	}
	sort.Strings(shards)
	var tensors []ckptmodel.Tensor
	var notes []string
	var total int64
	for _, sh := range shards {
		r, size, release, err := open(sh)
		if err != nil {
			return nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("shard %s (%d tensors): %v", sh, len(byShard[sh]), err)}
		}
		var ts []ckptmodel.Tensor
		var shNotes []string
		switch {
		case strings.HasSuffix(strings.ToLower(sh), ".safetensors"):
			ts, shNotes, err = readHeader(r, size, sh)
		case other != nil:
			ts, shNotes, err = other(r, size, sh)
		default:
			err = &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("shard %s is not a .safetensors file", sh)}
		}
		release()
		if err != nil {
			return nil, err
		}
		in := map[string]bool{}
		for _, t := range ts {
			in[t.Name] = true
			if idx.WeightMap[t.Name] != sh {
				if other, ok := idx.WeightMap[t.Name]; ok {
					notes = append(notes, fmt.Sprintf("%s also holds %s, which the index maps to %s: ignored here", sh, t.Name, other))
				} else {
					notes = append(notes, fmt.Sprintf("%s holds %s, which the index does not map: ignored", sh, t.Name))
				}
				continue
			}
			tensors = append(tensors, t)
			total += t.Bytes
		}
		for _, t := range byShard[sh] {
			if !in[t] {
				return nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("tensor %q is mapped to %s, which does not hold it", t, sh)}
			}
		}
		for _, n := range shNotes {
			notes = append(notes, sh+": "+n)
		}
	}
	if v, ok := idx.Metadata["total_size"].(float64); ok && int64(v) != total {
		notes = append(notes, fmt.Sprintf("metadata total_size is %d bytes; the tensors hold %d", int64(v), total))
	}
	notes = append([]string{fmt.Sprintf("%d tensors in %d shards", len(tensors), len(shards))}, notes...)
	base := path.Base(filepath.ToSlash(file))
	name := strings.TrimSuffix(strings.TrimSuffix(base, ".safetensors.index.json"), ".bin.index.json")
	format, framework, class := "safetensors", "safetensors", "safetensors"
	if !strings.HasSuffix(strings.ToLower(base), ".safetensors.index.json") {
		format, framework, class = "torch-zip", "pytorch", "state_dict"
	}
	m, err := ckptmodel.Build(tensors, ckptmodel.Options{File: file, Name: name, Class: class,
		Framework: framework, SourceFormat: format})
	if err != nil {
		return nil, err
	}
	m.Notes = notes
	return m, nil
}

// Package weightcheck checks a checkpoint's state_dict against the
// parameters and buffers of PyTorch model code the way torch's
// model.load_state_dict(state_dict, strict=True) does, without loading a
// tensor: missing keys, unexpected keys and size mismatches, reported in
// torch's own words (torch/nn/modules/module.py, _load_from_state_dict and
// load_state_dict of torch 1.13), plus notes on what torch does silently
// (dtype conversion, BatchNorm's num_batches_tracked filled in for
// checkpoints older than its version 2) and on the DataParallel "module."
// prefix, which netsum strips before matching. It imports only graph.
package weightcheck

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/graph"
)

// MaxDepth bounds the module tree walked (torch itself recurses forever on
// a module that contains itself); MaxVisits bounds the module visits (a
// module shared under several names is visited under each, so a chain of
// shared modules grows exponentially).
const (
	MaxDepth  = 256
	MaxVisits = 1 << 20
)

// Tensor is one entry of the checkpoint's state_dict.
type Tensor struct {
	Name  string
	Shape []int64
	DType string
}

// Checkpoint is the state_dict read from a file.
type Checkpoint struct {
	File string
	// Tensors in the state_dict's order.
	Tensors []Tensor
	// Entry is the key of the checkpoint dict the state_dict came from
	// ("state_dict", "model", ...); "" when the file is the state_dict.
	Entry string
	// Metadata is set when the state_dict carries torch's _metadata (a
	// state_dict() saved by torch.save); Versions is then each module
	// prefix's version ("" the root, "features.0"). Without metadata torch
	// sees version None.
	Metadata bool
	Versions map[string]int64
}

// Mismatch is a key whose shapes differ.
type Mismatch struct {
	Name            string  `json:"name"`
	CheckpointShape []int64 `json:"checkpoint_shape"`
	ModelShape      []int64 `json:"model_shape"`
}

// Result is what load_state_dict(strict=True) would find.
type Result struct {
	File string `json:"file"`
	// Class is the model's class, as torch names it in its error.
	Class string `json:"model_class"`
	// OK is set when torch would load the file without error.
	OK bool `json:"ok"`
	// Matched is the number of model entries found in the checkpoint with
	// the right shape (what torch copies); MatchedParams the elements of
	// those that are parameters (buffers left out, a tied tensor once).
	Matched       int   `json:"matched"`
	MatchedParams int64 `json:"matched_params"`
	// ModelEntries is the number of entries of the model's state_dict().
	ModelEntries    int        `json:"model_entries"`
	CheckpointCount int        `json:"checkpoint_entries"`
	Missing         []string   `json:"missing"`
	Unexpected      []string   `json:"unexpected"`
	Mismatched      []Mismatch `json:"mismatched"`
	// Errors are the lines of torch's RuntimeError after its first line,
	// in torch's order (missing, unexpected, then the rest as the modules
	// are visited); empty when OK.
	Errors []string `json:"errors"`
	// Entry is the checkpoint dict's key the state_dict came from.
	Entry string `json:"state_dict_entry,omitempty"`
	// StrippedPrefix is "module." when every checkpoint key had the
	// DataParallel prefix and netsum matched the keys without it.
	StrippedPrefix string `json:"stripped_prefix,omitempty"`
	// Notes: dtype conversions, filled-in buffers, the prefix, the entry.
	Notes []string `json:"notes"`
}

// TorchError is the message of the RuntimeError torch raises ("" when OK):
//
//	Error(s) in loading state_dict for Net:
//		Missing key(s) in state_dict: "fc.bias".
func (r *Result) TorchError() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return "Error(s) in loading state_dict for " + r.Class + ":\n\t" + strings.Join(r.Errors, "\n\t")
}

// Size formats a shape as torch prints it: torch.Size([10, 512]).
func Size(shape []int64) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.FormatInt(d, 10)
	}
	return "torch.Size([" + strings.Join(parts, ", ") + "])"
}

// normBase are the classes deriving from torch's _NormBase, whose
// _load_from_state_dict fills in num_batches_tracked for checkpoints older
// than version 2.
var normBase = map[string]bool{
	"BatchNorm1d": true, "BatchNorm2d": true, "BatchNorm3d": true, "SyncBatchNorm": true,
	"LazyBatchNorm1d": true, "LazyBatchNorm2d": true, "LazyBatchNorm3d": true,
	"InstanceNorm1d": true, "InstanceNorm2d": true, "InstanceNorm3d": true,
	"LazyInstanceNorm1d": true, "LazyInstanceNorm2d": true, "LazyInstanceNorm3d": true,
}

const extraStateSuffix = "_extra_state"

// dataParallelPrefix is what torch.nn.DataParallel and
// DistributedDataParallel put before every key.
const dataParallelPrefix = "module."

// checker is one load_state_dict run.
type checker struct {
	res      *Result
	ck       *Checkpoint
	versions map[string]int64
	missing  []string
	unexp    []string
	errs     []string
	dtypes   map[[2]string][]string
	filled   []string
	scalar   []string
	counted  map[*graph.Weight]bool
	visits   int
	// sd is the state_dict: names in order, and their tensors.
	names []string
	sd    map[string]*Tensor
}

// Check compares the checkpoint with the model's module tree as
// load_state_dict(strict=True) would.
func Check(root *graph.TorchModule, ck Checkpoint) (*Result, error) {
	if root == nil {
		return nil, fmt.Errorf("the model has no module tree (only PyTorch model code can be checked against weights)")
	}
	res := &Result{File: ck.File, Class: root.Class, Entry: ck.Entry, CheckpointCount: len(ck.Tensors),
		Missing: []string{}, Unexpected: []string{}, Mismatched: []Mismatch{}, Errors: []string{}, Notes: []string{}}
	c := &checker{res: res, ck: &ck, sd: make(map[string]*Tensor, len(ck.Tensors)), dtypes: map[[2]string][]string{},
		counted: map[*graph.Weight]bool{}}
	if ck.Entry != "" {
		res.Notes = append(res.Notes, fmt.Sprintf("the state_dict is the checkpoint's %q entry (torch: model.load_state_dict(checkpoint[%q]))", ck.Entry, ck.Entry))
	}
	strip := len(ck.Tensors) > 0 && !hasChild(root, strings.TrimSuffix(dataParallelPrefix, "."))
	for _, t := range ck.Tensors {
		if !strings.HasPrefix(t.Name, dataParallelPrefix) {
			strip = false
			break
		}
	}
	if strip {
		res.StrippedPrefix = dataParallelPrefix
		res.Notes = append(res.Notes, `every key starts with "module." (saved from a DataParallel/DistributedDataParallel wrapper): matched without it; `+
			`torch's load_state_dict would report every key missing and unexpected unless the prefix is removed first `+
			`(torch.nn.modules.utils.consume_prefix_in_state_dict_if_present(state_dict, "module."))`)
	}
	for i := range ck.Tensors {
		t := ck.Tensors[i]
		if strip {
			t.Name = strings.TrimPrefix(t.Name, dataParallelPrefix)
		}
		if _, dup := c.sd[t.Name]; dup {
			return nil, fmt.Errorf("%s: key %q appears twice", ck.File, t.Name)
		}
		c.names = append(c.names, t.Name)
		c.sd[t.Name] = &t
	}
	if ck.Metadata {
		c.versions = map[string]int64{}
		for k, v := range ck.Versions {
			if strip {
				switch {
				case k == "module":
					k = ""
				case strings.HasPrefix(k, dataParallelPrefix):
					k = strings.TrimPrefix(k, dataParallelPrefix)
				default:
					continue
				}
			}
			c.versions[k] = v
		}
	}
	if err := c.load(root, c.names, "", 0); err != nil {
		return nil, err
	}
	// load_state_dict puts the unexpected keys first, then the missing
	// ones in front of them, ahead of the other messages.
	errs := []string{}
	if len(c.missing) > 0 {
		errs = append(errs, "Missing key(s) in state_dict: "+quoteList(c.missing)+". ")
	}
	if len(c.unexp) > 0 {
		errs = append(errs, "Unexpected key(s) in state_dict: "+quoteList(c.unexp)+". ")
	}
	res.Errors = append(errs, c.errs...)
	res.Missing = append(res.Missing, c.missing...)
	res.Unexpected = append(res.Unexpected, c.unexp...)
	res.OK = len(res.Errors) == 0
	res.Notes = append(res.Notes, c.notes()...)
	return res, nil
}

func hasChild(m *graph.TorchModule, name string) bool {
	for _, ch := range m.Children {
		if ch.Name == name {
			return true
		}
	}
	for _, e := range m.State {
		if e.Name == name {
			return true
		}
	}
	return false
}

func quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = `"` + k + `"`
	}
	return strings.Join(q, ", ")
}

// load is torch's load(): the module's own entries, then each child with
// the keys under its prefix. names is the local state_dict (keys in order).
func (c *checker) load(m *graph.TorchModule, names []string, prefix string, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("the model's modules nest more than %d deep (a module containing itself?)", MaxDepth)
	}
	if c.visits++; c.visits > MaxVisits {
		return fmt.Errorf("the model's module tree has more than %d module paths (modules shared under many names)", MaxVisits)
	}
	c.res.ModelEntries += len(m.State)
	local := map[string]bool{}
	for _, e := range m.State {
		local[e.Name] = true
	}
	// _NormBase: a checkpoint older than version 2 (or without metadata)
	// gets num_batches_tracked = 0 when it lacks it.
	if normBase[m.Class] && local["num_batches_tracked"] {
		ver, known := c.versions[strings.TrimSuffix(prefix, ".")]
		key := prefix + "num_batches_tracked"
		if _, ok := c.sd[key]; !ok && (!known || ver < 2) {
			c.sd[key] = &Tensor{Name: key, Shape: []int64{}, DType: "int64"}
			names = append(names, key)
			c.filled = append(c.filled, key)
		}
	}
	// torchvision's FrozenBatchNorm2d drops num_batches_tracked.
	if m.Class == "FrozenBatchNorm2d" {
		key := prefix + "num_batches_tracked"
		if _, ok := c.sd[key]; ok {
			names = remove(names, key)
		}
	}
	present := map[string]bool{}
	for _, n := range names {
		present[n] = true
	}
	for _, e := range m.State {
		key := prefix + e.Name
		if !present[key] {
			c.missing = append(c.missing, key)
			continue
		}
		t := c.sd[key]
		model := e.Weight.Shape
		got := t.Shape
		if len(model) == 0 && len(got) == 1 && got[0] >= 1 {
			// torch 0.3's 1-element buffers: torch copies input[0].
			c.scalar = append(c.scalar, key)
			got = []int64{}
		}
		if !sameShape(got, model) {
			c.errs = append(c.errs, fmt.Sprintf("size mismatch for %s: copying a param with shape %s from checkpoint, the shape in current model is %s.",
				key, Size(t.Shape), Size(model)))
			c.res.Mismatched = append(c.res.Mismatched, Mismatch{Name: key, CheckpointShape: nonNil(t.Shape), ModelShape: nonNil(model)})
			continue
		}
		c.res.Matched++
		if !e.Weight.Buffer && !c.counted[e.Weight] {
			c.counted[e.Weight] = true
			if n := e.Weight.Count(); n > 0 {
				c.res.MatchedParams += n
			}
		}
		if t.DType != "" && e.Weight.DType != "" && t.DType != e.Weight.DType {
			p := [2]string{t.DType, e.Weight.DType}
			c.dtypes[p] = append(c.dtypes[p], key)
		}
	}
	extra := prefix + extraStateSuffix
	if present[extra] {
		c.unexp = append(c.unexp, extra)
	}
	children := map[string]bool{}
	for _, ch := range m.Children {
		children[ch.Name] = true
	}
	for _, key := range names {
		if !strings.HasPrefix(key, prefix) || key == extra {
			continue
		}
		first, _, _ := strings.Cut(key[len(prefix):], ".")
		if !children[first] && !local[first] {
			c.unexp = append(c.unexp, key)
		}
	}
	for _, ch := range m.Children {
		cp := prefix + ch.Name + "."
		var sub []string
		for _, key := range names {
			if strings.HasPrefix(key, cp) {
				sub = append(sub, key)
			}
		}
		if err := c.load(ch.Module, sub, cp, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func remove(list []string, s string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// sameShape compares shapes; an unknown model dim (-1) matches any size.
func sameShape(ck, model []int64) bool {
	if len(ck) != len(model) {
		return false
	}
	for i := range ck {
		if model[i] >= 0 && ck[i] != model[i] {
			return false
		}
	}
	return true
}

func nonNil(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}

func (c *checker) notes() []string {
	var out []string
	if len(c.dtypes) > 0 {
		pairs := make([][2]string, 0, len(c.dtypes))
		for p := range c.dtypes {
			pairs = append(pairs, p)
		}
		sort.Slice(pairs, func(i, j int) bool {
			if pairs[i][0] != pairs[j][0] {
				return pairs[i][0] < pairs[j][0]
			}
			return pairs[i][1] < pairs[j][1]
		})
		for _, p := range pairs {
			keys := c.dtypes[p]
			out = append(out, fmt.Sprintf("%s %s in the checkpoint, %s in the model (torch converts when it copies): %s",
				plural(len(keys), "tensor is", "tensors are"), p[0], p[1], clipList(keys, 5)))
		}
	}
	if len(c.filled) > 0 {
		why := "the checkpoint has no version metadata"
		if c.versions != nil {
			why = "the checkpoint's BatchNorm version is older than 2"
		}
		out = append(out, fmt.Sprintf("not in the checkpoint, filled with 0 by torch since %s: %s", why, clipList(c.filled, 5)))
	}
	if len(c.scalar) > 0 {
		out = append(out, fmt.Sprintf("one-element tensors copied into scalars (torch 0.3 checkpoints): %s", clipList(c.scalar, 5)))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func clipList(keys []string, n int) string {
	if len(keys) <= n {
		return strings.Join(keys, ", ")
	}
	return strings.Join(keys[:n], ", ") + fmt.Sprintf(" and %d more", len(keys)-n)
}

// FromModel flattens a checkpoint model built by internal/ckptmodel (a
// safetensors or torch file read by its front end) back into its
// state_dict keys, in the file's order.
func FromModel(m *graph.Model) []Tensor {
	var out []Tensor
	var walk func(ls []*graph.Layer, prefix string, depth int)
	walk = func(ls []*graph.Layer, prefix string, depth int) {
		if depth > MaxDepth {
			return
		}
		for _, l := range ls {
			p := prefix
			if l.Name != "" {
				p = prefix + l.Name + "."
			}
			for _, w := range l.Weights {
				out = append(out, Tensor{Name: p + w.Name, Shape: w.Shape, DType: w.DType})
			}
			if l.Sub != nil {
				walk(l.Sub.Layers, p, depth+1)
			}
		}
	}
	walk(m.Layers, "", 0)
	return out
}

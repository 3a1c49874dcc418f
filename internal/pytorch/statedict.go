package pytorch

import (
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// maxModuleDepth bounds the module tree walked for state_dict (torch
// itself would recurse forever on a module that contains itself).
const maxModuleDepth = 256

// torchModule is the module tree state_dict() and load_state_dict() walk:
// every named child, a shared module under each of its names (one
// *graph.TorchModule), parameters then persistent buffers, None left out.
// The weights are the graph's own (b.weight), so a tied tensor is one
// *graph.Weight under several names.
func (b *builder) torchModule(inst *eval.Instance, done map[*eval.Instance]*graph.TorchModule, depth int) *graph.TorchModule {
	if m, ok := done[inst]; ok {
		return m
	}
	st := stateOf(inst)
	m := &graph.TorchModule{Class: className(inst)}
	done[inst] = m
	if st == nil || depth > maxModuleDepth {
		return m
	}
	prefix := b.paths[inst]
	full := func(n string) string {
		if prefix == "" {
			return n
		}
		return prefix + "." + n
	}
	for _, n := range st.params {
		if t := st.paramMap[n]; t != nil {
			m.State = append(m.State, graph.StateEntry{Name: n, Weight: b.weight(full(n), t)})
		}
	}
	for _, n := range st.buffers {
		if t := st.bufMap[n]; t != nil && !st.transient[n] {
			m.State = append(m.State, graph.StateEntry{Name: n, Weight: b.weight(full(n), t)})
		}
	}
	for _, n := range st.children {
		if c, ok := st.childMap[n].(*eval.Instance); ok && stateOf(c) != nil {
			m.Children = append(m.Children, graph.TorchChild{Name: n, Module: b.torchModule(c, done, depth+1)})
		}
	}
	return m
}

package graph

// TorchModule is one nn.Module as torch's state_dict() and
// load_state_dict() walk it: its own entries (parameters, then persistent
// buffers, each in registration order; those registered as None left out)
// and its named children in registration order. A module shared by two
// parents is one *TorchModule under both names, as in torch.
type TorchModule struct {
	Class    string
	State    []StateEntry
	Children []TorchChild
}

// StateEntry is one state_dict entry of a module, named locally ("weight",
// "running_mean"); Weight gives its shape, dtype and whether it is a buffer.
type StateEntry struct {
	Name   string
	Weight *Weight
}

// TorchChild is a named child module.
type TorchChild struct {
	Name   string
	Module *TorchModule
}

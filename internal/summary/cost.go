package summary

// This file holds the compute and memory figures that internal/cost adds to
// a Summary. Build leaves them nil; cost.Annotate fills them in. Renderers
// print them only when asked (columns, --memory, JSON).

// Cost is one row's compute and activation memory. A figure whose inputs
// are not all known (an unknown dim other than the batch, a class without
// a rule) has its Known flag off and a formula saying why.
type Cost struct {
	// MACs counts multiply-accumulates of weight and tensor contractions
	// (torchinfo's "Mult-Adds"), for every call of the layer in the model
	// and the chosen batch size.
	MACs        int64
	MACsKnown   bool
	MACsFormula string
	// FLOPs are 2·MACs plus the layer's elementwise work (bias adds,
	// activations, normalization, pooling, merges), as stated in Formula.
	FLOPs        int64
	FLOPsKnown   bool
	FLOPsFormula string
	// ActivationBytes is the size of the layer's outputs for one forward
	// pass (every call), in the activation dtype.
	ActivationBytes        int64
	ActivationKnown        bool
	ActivationBytesFormula string
	// Rule names the rule that gave the figures ("Conv2D", "onnx:Conv",
	// "family:reshape", "nested model").
	Rule string
	// Note says what the figures leave out, if anything.
	Note string
}

// DTypeBytes is the parameters of one dtype and their size.
type DTypeBytes struct {
	DType  string
	Params int64
	// Bytes follows Keras 3's rule: bits per element / 8 (bool weights
	// count 1/8 byte).
	Bytes float64
}

// CostTotals are the model's compute and memory totals.
type CostTotals struct {
	// Batch is the batch size put in place of unknown batch dims.
	Batch int64
	// ActivationDType is the dtype activations are counted in: the
	// tensors' own dtype unless --dtype chose one ("" = their own).
	ActivationDType string
	// Convention is "netsum" (the default, docs/cost.md) or "torchinfo".
	Convention string
	// MACs and FLOPs sum the rows whose figure is known; Unknown lists the
	// other rows by name (the totals are then lower bounds).
	MACs, FLOPs           int64
	MACsKnown, FLOPsKnown bool
	UnknownMACs           []string
	UnknownActivations    []string
	ParamBytesByDType     []DTypeBytes
	ParamBytes            float64
	ActivationBytes       int64
	PeakActivationBytes   int64
	PeakActivationAfter   string // the row after which the peak is reached
	ActivationsKnown      bool
	Training              *Training
}

// Training is the memory estimate of one training step.
type Training struct {
	// Optimizer is the optimizer's class name as given; Source says where
	// it came from: "compile" (the model file), "flag", or "none".
	Optimizer string
	Source    string
	// Slots is the number of state variables the optimizer keeps per
	// trainable weight; SlotsRule explains it ("SGD with momentum: 1").
	Slots     int
	SlotsRule string
	// Byte figures: weights (all), gradients (trainable weights), optimizer
	// slots, activations kept for the backward pass, and their sum.
	ParamBytes, GradientBytes, OptimizerBytes float64
	ActivationBytes                           int64
	TotalBytes                                float64
	// Formulas, one per part, in the order above.
	ParamFormula, GradientFormula, OptimizerFormula, ActivationFormula string
	// Notes are remarks (mixed precision, optimizer guessed, ...).
	Notes []string
}

package main

import (
	"fmt"

	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/frontend/gguf"
	"github.com/netsum/netsum/internal/frontend/safetensors"
	"github.com/netsum/netsum/internal/frontend/torchckpt"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/numfmt"
	"github.com/netsum/netsum/internal/weightcheck"
)

// readWeights reads the state_dict of a --weights file: a torch.save
// checkpoint (zip, legacy, tar, plain pickle; a training checkpoint's
// "state_dict"/"model"/... entry), a safetensors file, or a sharded
// checkpoint (its index, or the folder holding it), headers only.
func readWeights(path string) (weightcheck.Checkpoint, error) {
	ck := weightcheck.Checkpoint{File: path}
	if path == "-" {
		return ck, usageErr("--weights -: give the checkpoint as a file")
	}
	in, err := frontend.ReadInput(path, nil)
	if err != nil {
		return ck, fmt.Errorf("--weights: %v", err)
	}
	if safetensors.IsIndex(in.Name) {
		ms, err := frontend.Open(in, frontend.Options{})
		if err != nil {
			return ck, err
		}
		ck.Tensors = weightcheck.FromModel(ms[0])
		return ck, nil
	}
	header := in.Data
	if len(header) > frontend.HeaderSize {
		header = header[:frontend.HeaderSize]
	}
	r, size, release, err := in.Content()
	if err != nil {
		return ck, fmt.Errorf("--weights: %v", err)
	}
	defer release()
	switch {
	case gguf.Match(path, header):
		return ck, fmt.Errorf("--weights %s: a GGUF file; its tensors carry llama.cpp's names (blk.0.attn_q.weight), not a PyTorch state_dict's, so they cannot be checked against nn.Module code (give a torch.save .pt/.pth or a .safetensors file)", path)
	case safetensors.Match(path, header):
		m, err := safetensors.Open(r, size, safetensors.Options{File: path})
		if err != nil {
			return ck, err
		}
		ck.Tensors = weightcheck.FromModel(m)
		return ck, nil
	case torchckpt.Match(path, header):
		sd, err := torchckpt.ReadStateDict(r, size, torchckpt.Options{File: path})
		if err != nil {
			return ck, err
		}
		ck.Entry, ck.Metadata, ck.Versions = sd.Entry, sd.Metadata, sd.Versions
		for _, t := range sd.Tensors {
			ck.Tensors = append(ck.Tensors, weightcheck.Tensor{Name: t.Name, Shape: t.Shape, DType: t.DType})
		}
		return ck, nil
	}
	return ck, fmt.Errorf("--weights %s: not a checkpoint (%s); --weights reads torch.save files (.pt, .pth, .bin, .ckpt) and .safetensors", path, frontend.Sniff(header))
}

// checkWeights runs the --weights check on the models read from PATH: only
// PyTorch model code has the module tree it needs.
func (o *summaryOptions) checkWeights(path string, models []*graph.Model) (*weightcheck.Result, error) {
	var m *graph.Model
	for _, x := range models {
		if x.Module != nil {
			m = x
			break
		}
	}
	if m == nil {
		what := "a model without PyTorch code"
		if len(models) > 0 {
			what = describeSource(models[0])
		}
		return nil, usageErr("--weights checks a checkpoint against PyTorch model code (netsum model.py --input-size ... --weights model.pt); %s is %s", path, what)
	}
	ck, err := readWeights(o.weights)
	if err != nil {
		if _, ok := err.(*exitError); ok {
			return nil, err
		}
		return nil, &exitError{code: 1, err: err}
	}
	res, err := weightcheck.Check(m.Module, ck)
	if err != nil {
		return nil, &exitError{code: 1, err: fmt.Errorf("--weights %s: %v", o.weights, err)}
	}
	return res, nil
}

func describeSource(m *graph.Model) string {
	switch {
	case m.SourceFormat == "python":
		return "Keras model code"
	case m.Framework == "pytorch" || m.SourceFormat == "safetensors" || m.SourceFormat == "gguf":
		return "a weights file (" + m.SourceFormat + "), not model code"
	case m.SourceFormat != "":
		return "a " + m.SourceFormat + " model, not PyTorch code"
	}
	return "not PyTorch code"
}

// reportWeights prints the check on stderr: notes (unless --quiet), then
// one line when the file matches, or torch's RuntimeError as an error
// (exit status 1).
func (o *summaryOptions) reportWeights(res *weightcheck.Result) error {
	if !o.quiet {
		for _, n := range res.Notes {
			fmt.Fprintf(o.stderr, "weights: %s: note: %s\n", res.File, n)
		}
	}
	if res.OK {
		how := ""
		if res.StrippedPrefix != "" {
			how = fmt.Sprintf(" (keys without their %q prefix)", res.StrippedPrefix)
		}
		fmt.Fprintf(o.stderr, "weights: %s matches the model%s: %d tensors, %s parameters\n", res.File, how, res.Matched, numfmt.Commas(res.MatchedParams))
		return nil
	}
	return &exitError{code: 1, err: fmt.Errorf("weights: %s does not match the model: load_state_dict(strict=True) raises\nRuntimeError: %s", res.File, res.TorchError())}
}

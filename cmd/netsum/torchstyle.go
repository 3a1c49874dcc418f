package main

import (
	"strings"

	"github.com/netsum/netsum/internal/cost"
	"github.com/netsum/netsum/internal/render/torchinfo"
	"github.com/netsum/netsum/internal/summary"
)

// torchStyles are the text styles internal/render/torchinfo prints:
// torchinfo 1.8's summary() table, and the checkpoint table (the default
// for weight files: torch.save checkpoints, safetensors, GGUF).
var torchStyles = []string{"torchinfo", "checkpoint"}

func isTorchStyle(s string) bool {
	for _, t := range torchStyles {
		if strings.EqualFold(s, t) {
			return true
		}
	}
	return false
}

// renderTorch prints s in a torch style when one applies: --style
// torchinfo or checkpoint, or no --style (nor --columns) for a checkpoint.
func (o *summaryOptions) renderTorch(s *summary.Summary, columns bool) (bool, error) {
	switch {
	case strings.EqualFold(o.style, "torchinfo"):
		if s.Framework == "pytorch" && s.SourceFormat == "python" && s.Totals.Cost == nil {
			// Mult-Adds of PyTorch code run by netsum: torchinfo's rule.
			if err := cost.Annotate(s, cost.Options{Batch: 1, Convention: cost.Torchinfo}); err != nil {
				return true, err
			}
		}
		return true, torchinfo.Render(o.stdout, s, torchinfo.Options{Depth: torchDepth(o.depth)})
	case strings.EqualFold(o.style, "checkpoint"), o.style == "" && !columns && torchinfo.IsCheckpoint(s):
		return true, torchinfo.RenderCheckpoint(o.stdout, s)
	}
	return false, nil
}

// torchDepth maps --depth to torchinfo.Options.Depth, whose 0 means
// torchinfo's default (3) and a negative value depth=0.
func torchDepth(d int) int {
	if d == 0 {
		return -1
	}
	return d
}

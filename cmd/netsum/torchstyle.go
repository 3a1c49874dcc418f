package main

import (
	"github.com/netsum/netsum/internal/render/torchinfo"
	"github.com/netsum/netsum/internal/summary"
)

// torchStyles are the text styles internal/render/torchinfo prints
// (torchinfo.RenderStyle decides, for the CLI and `netsum serve` alike).
var torchStyles = torchinfo.StyleNames()

func isTorchStyle(s string) bool { return torchinfo.IsStyle(s) }

// renderTorch prints s in a torch style when one applies: --style
// torchinfo or checkpoint, or no --style (nor --columns) for a checkpoint.
func (o *summaryOptions) renderTorch(s *summary.Summary, columns bool) (bool, error) {
	return torchinfo.RenderStyle(o.stdout, s, torchinfo.StyleOptions{Style: o.style, Columns: columns,
		Torchinfo: torchinfo.Options{Depth: torchDepth(o.depth)}})
}

// torchDepth maps --depth to torchinfo.Options.Depth, whose 0 means
// torchinfo's default (3) and a negative value depth=0.
func torchDepth(d int) int {
	if d == 0 {
		return -1
	}
	return d
}

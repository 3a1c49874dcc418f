package torchinfo

import (
	"io"
	"strings"

	"github.com/netsum/netsum/internal/cost"
	"github.com/netsum/netsum/internal/summary"
)

// StyleInfo names a text style this package prints, with what it follows.
type StyleInfo struct {
	Name, Versions string
}

// styles are the text styles this package prints: torchinfo 1.8's
// summary() table, and the checkpoint table (the default for weight files:
// torch.save checkpoints, safetensors, GGUF). The CLI (--style) and
// `netsum serve` (style=) both choose through RenderStyle.
var styles = []StyleInfo{
	{"torchinfo", "torchinfo 1.8 summary()"},
	{"checkpoint", "checkpoint tensors (weight files)"},
}

// Styles lists the styles RenderStyle prints.
func Styles() []StyleInfo { return append([]StyleInfo(nil), styles...) }

// StyleNames lists the names of Styles.
func StyleNames() []string {
	var out []string
	for _, s := range styles {
		out = append(out, s.Name)
	}
	return out
}

// IsStyle tells whether name (any case) is one of Styles.
func IsStyle(name string) bool {
	for _, s := range styles {
		if strings.EqualFold(name, s.Name) {
			return true
		}
	}
	return false
}

// StyleOptions are what RenderStyle needs beyond the summary.
type StyleOptions struct {
	// Style is the style asked for ("" = none: the default of the input).
	Style string
	// Columns is set when the caller prints a table of chosen columns
	// (the CLI's --columns): a checkpoint then gets that table, not the
	// checkpoint one.
	Columns bool
	// Torchinfo formats the torchinfo table.
	Torchinfo Options
}

// RenderStyle prints s in one of Styles when one applies: style torchinfo
// or checkpoint, or no style (and no columns) for a checkpoint. It reports
// whether it printed; when it did not, the caller prints its own table.
// For PyTorch code with no figures yet, the torchinfo table's Mult-Adds
// follow torchinfo's rule (cost.Torchinfo, batch 1), annotated on s.
func RenderStyle(w io.Writer, s *summary.Summary, opt StyleOptions) (bool, error) {
	switch {
	case strings.EqualFold(opt.Style, "torchinfo"):
		if s.Framework == "pytorch" && s.SourceFormat == "python" && s.Totals.Cost == nil {
			if err := cost.Annotate(s, cost.Options{Batch: 1, Convention: cost.Torchinfo}); err != nil {
				return true, err
			}
		}
		return true, Render(w, s, opt.Torchinfo)
	case strings.EqualFold(opt.Style, "checkpoint"), opt.Style == "" && !opt.Columns && IsCheckpoint(s):
		return true, RenderCheckpoint(w, s)
	}
	return false, nil
}

package torchinfo

import (
	"fmt"
	"github.com/netsum/netsum/internal/numfmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/netsum/netsum/internal/summary"
)

// IsCheckpoint reports whether s comes from a weight file (a torch.save
// checkpoint, safetensors, GGUF), which RenderCheckpoint prints.
func IsCheckpoint(s *summary.Summary) bool {
	switch s.SourceFormat {
	case "torch-zip", "torch-legacy", "torch-tar", "torch-pickle", "safetensors", "gguf":
		return true
	}
	return false
}

var formatNames = map[string]string{
	"torch-zip":    "PyTorch checkpoint, zip format",
	"torch-legacy": "PyTorch checkpoint, legacy format",
	"torch-tar":    "PyTorch checkpoint, tar format (torch <= 0.3)",
	"torch-pickle": "pickled PyTorch tensors",
	"safetensors":  "safetensors",
	"gguf":         "GGUF",
}

type ckptLine struct {
	name, shape, dtype, count, bytes string
}

// RenderCheckpoint writes the modules of a checkpoint with their tensors
// (shape, dtype, element count, stored bytes), then totals: parameters,
// buffers, tensors and bytes by dtype, and the model's notes.
func RenderCheckpoint(w io.Writer, s *summary.Summary) error {
	var lines []ckptLine
	var tensors, modules int
	var walk func(rows []summary.Row, prefix string)
	walk = func(rows []summary.Row, prefix string) {
		for i := range rows {
			r := &rows[i]
			path := prefix + r.Name
			indent := "  "
			own := r.Weights
			if r.Nested {
				own = ownWeights(r)
			}
			if len(own) > 0 && r.Name != "" {
				modules++
				var n, b int64
				for _, wt := range own {
					if !wt.Shared {
						n += wt.Count
						b += weightBytes(wt)
					}
				}
				l := ckptLine{name: path, count: numfmt.Commas(n), bytes: numfmt.Commas(b)}
				if n == 0 && b == 0 {
					l.count, l.bytes = "--", "--"
				}
				lines = append(lines, l)
			} else if r.Name == "" {
				indent = ""
			}
			for _, wt := range own {
				tensors++
				name := indent + wt.Name
				if r.Name == "" {
					name = prefix + wt.Name
				}
				l := ckptLine{name: name, shape: shapeString(wt.Shape), dtype: wt.DType, count: numfmt.Commas(wt.Count), bytes: numfmt.Commas(weightBytes(wt))}
				switch {
				case wt.Shared:
					l.name += " (tied)"
					l.bytes = "--"
				case wt.Buffer:
					l.name += " (buffer)"
				}
				lines = append(lines, l)
			}
			if r.Nested {
				walk(r.Sub, path+".")
			}
		}
	}
	walk(s.Rows, "")

	head := ckptLine{"Module / tensor", "Shape", "DType", "Numel", "Bytes"}
	wn, ws, wd, wc, wb := width(head.name), width(head.shape), width(head.dtype), width(head.count), width(head.bytes)
	for _, l := range lines {
		wn, ws, wd = max(wn, width(l.name)), max(ws, width(l.shape)), max(wd, width(l.dtype))
		wc, wb = max(wc, width(l.count)), max(wb, width(l.bytes))
	}
	wn = max(wn, 30)
	total := wn + 2 + ws + 2 + wd + 2 + wc + 2 + wb
	row := func(l ckptLine) string {
		s := pad(l.name, wn) + "  " + pad(l.shape, ws) + "  " + pad(l.dtype, wd) + "  " +
			strings.Repeat(" ", wc-width(l.count)) + l.count + "  " + strings.Repeat(" ", wb-width(l.bytes)) + l.bytes
		return strings.TrimRight(s, " ") + "\n"
	}
	divider := strings.Repeat("=", total) + "\n"

	var b strings.Builder
	what := formatNames[s.SourceFormat]
	if what == "" {
		what = s.SourceFormat
	}
	if s.Version != "" && !strings.Contains(what, s.Version) && s.SourceFormat != "gguf" {
		what += ", " + s.Version
	}
	fmt.Fprintf(&b, "Checkpoint: %q (%s)\n", s.ModelName, what)
	b.WriteString(divider)
	b.WriteString(row(head))
	b.WriteString(divider)
	for _, l := range lines {
		b.WriteString(row(l))
	}
	b.WriteString(divider)
	t := s.Totals
	paramBytes := int64(t.TrainableBytes + t.NonTrainableBytes)
	fmt.Fprintf(&b, "Total params: %s (%s)\n", numfmt.Commas(t.Params), sizeString(paramBytes))
	if t.NonTrainable > 0 {
		fmt.Fprintf(&b, "Non-trainable params: %s\n", numfmt.Commas(t.NonTrainable))
	}
	if t.Buffers > 0 {
		fmt.Fprintf(&b, "Buffers: %s (%s)\n", numfmt.Commas(t.Buffers), sizeString(int64(t.BufferBytes)))
	}
	var all int64
	for _, d := range t.ByDType {
		all += d.Bytes
	}
	fmt.Fprintf(&b, "Tensors: %d in %d modules, %s\n", tensors, modules, sizeString(all))
	if len(t.ByDType) > 0 {
		var parts []string
		for _, d := range t.ByDType {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", d.DType, numfmt.Commas(d.Count), sizeString(d.Bytes)))
		}
		fmt.Fprintf(&b, "By dtype: %s\n", strings.Join(parts, "; "))
	}
	b.WriteString(divider)
	for _, n := range s.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ownWeights are the weights a nested row holds itself (its Weights list
// its descendants' too).
func ownWeights(r *summary.Row) []summary.Weight {
	n := len(r.Weights)
	for i := range r.Sub {
		n -= len(r.Sub[i].Weights)
	}
	if n <= 0 {
		return nil
	}
	return r.Weights[:n]
}

func weightBytes(w summary.Weight) int64 {
	if w.Bytes > 0 {
		return w.Bytes
	}
	if w.Count < 0 {
		return 0
	}
	return w.Count * elementBytes(w.DType)
}

func width(s string) int { return utf8.RuneCountInString(s) }

// sizeString is "619,192 bytes" or "46,827,712 bytes = 46.83 MB" (1e6).
func sizeString(n int64) string {
	if n < 1e6 {
		return numfmt.Commas(n) + " bytes"
	}
	return fmt.Sprintf("%s bytes = %s MB", numfmt.Commas(n), mb(n))
}

// Package text prints a summary.Summary as the summary table of a Keras
// version, byte for byte: Keras 1.x, Keras 2.0–2.3, tf.keras 2.x and
// Keras 3 (reference: docs of the Keras summary printers). It also writes
// the CSV and Markdown tables. It imports summary and graph only, and never
// recomputes anything from a graph.
package text

import (
	"fmt"
	"io"
	"strings"

	"github.com/netsum/netsum/internal/summary"
)

// Options control Render.
type Options struct {
	// Style is the Keras version to imitate (DefaultStyle or ParseStyle);
	// the zero Style means DefaultStyle(s.Dialect, s.Version).
	Style Style
	// LineLength is Keras' line_length argument; 0 means the style's
	// default (Keras 3: min(default, Columns-4)).
	LineLength int
	// ExpandNested lists the layers of nested models (tf.keras 2.7+ and
	// Keras 3; ignored by older styles, as Keras had no such option).
	ExpandNested bool
	// ShowTrainable adds the Trainable column (tf.keras 2.8+ and Keras 3;
	// ignored by older styles).
	ShowTrainable bool
	// Columns is the console width Keras 3 sees. 0 means a console that is
	// not a terminal (80 columns, so a default table is 76 wide) that is
	// still wide enough for a longer LineLength; a positive value also crops
	// every table line at that width, as rich does.
	Columns int
	// TableColumns, when set, prints a torchinfo-style table with these
	// columns (and the compute and memory totals) instead of the Keras
	// table (--columns). Cost columns need internal/cost.Annotate first.
	TableColumns []Column
	// Memory appends the compute and training-memory breakdown (--memory);
	// it needs internal/cost.Annotate first.
	Memory bool
}

// Render writes the summary of s as opt.Style's Keras prints it.
func Render(w io.Writer, s *summary.Summary, opt Options) error {
	st := opt.Style
	if st.Name == "" {
		st = DefaultStyle(s.Dialect, s.Version)
	}
	if opt.LineLength < 0 {
		return fmt.Errorf("line length %d is negative", opt.LineLength)
	}
	var b strings.Builder
	var err error
	switch {
	case len(opt.TableColumns) > 0:
		err = renderColumns(&b, s, opt)
	case st.printer == classic:
		renderClassic(&b, &st, s, opt)
	case st.printer == wrapping:
		err = renderWrapping(&b, &st, s, opt)
	case st.printer == richTable:
		err = renderRich(&b, &st, s, opt)
	}
	if err == nil && opt.Memory {
		err = renderMemory(&b, s)
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, b.String())
	return err
}

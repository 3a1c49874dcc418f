package text

import (
	"github.com/netsum/netsum/internal/numfmt"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/summary"
)

// nameCell is `name (ClassName)`.
func nameCell(r *summary.Row) string {
	return r.Name + " (" + r.Class + ")"
}

// shapeCell formats a row's output shape as the style's Keras prints it
// (reference §3.1).
func shapeCell(st *Style, r *summary.Row) string {
	k3 := st.printer == richTable
	switch {
	case r.Unknown:
		return "?"
	case r.Multiple && !k3:
		return "multiple"
	case len(r.OutputShapes) == 0:
		if k3 {
			return "?"
		}
		return "multiple"
	}
	if k3 {
		if len(r.OutputShapes) == 1 {
			return r.OutputShapes[0].TupleString(dimNames(r, 0))
		}
		parts := make([]string, len(r.OutputShapes))
		for i, s := range r.OutputShapes {
			parts[i] = s.TupleString(dimNames(r, i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if len(r.OutputShapes) == 1 {
		s := r.OutputShapes[0].NamedString(dimNames(r, 0))
		if st.inputAsList && r.IsInput {
			return "[" + s + "]"
		}
		return s
	}
	return neutralShape(r)
}

// dimNames are the symbolic dim names of a row's i-th output (ONNX
// dim_param), nil when it has none: Keras models never have them.
func dimNames(r *summary.Row, i int) []string {
	if i < len(r.OutputDimNames) {
		return r.OutputDimNames[i]
	}
	return nil
}

// paramCell is the Param # cell.
func paramCell(st *Style, r *summary.Row) string {
	if r.Unknown || !r.ParamsKnown {
		return "?"
	}
	switch {
	case r.Unbuilt && len(r.Weights) == 0 && st.unbuilt != "":
		return st.unbuilt
	case st.trainableOnly:
		return strconv.FormatInt(r.Trainable, 10)
	case st.printer == richTable:
		return numfmt.Commas(r.Params)
	}
	return strconv.FormatInt(r.Params, 10)
}

// trainableCell is the Trainable column: Y/N from the layer's trainable
// flag; Keras 3 prints - for a layer without weights.
func trainableCell(st *Style, r *summary.Row) string {
	if st.printer == richTable && len(r.Weights) == 0 {
		return "-"
	}
	if r.Frozen {
		return "N"
	}
	return "Y"
}

// ReadableSize is readable_memory_size of tf.keras 2.13+ (units Byte, KB,
// …) when keras3 is false, of Keras 3 (B, KB, …) when true: divide by 1024
// while the quotient is at least 1, then Python's "{:.2f}", which rounds the
// exact binary value half to even, as strconv does.
func ReadableSize(bytes float64, keras3 bool) string {
	units := []string{"Byte", "KB", "MB", "GB", "TB", "PB"}
	if keras3 {
		units[0] = "B"
	}
	const scale = 1024
	for _, u := range units {
		if bytes/scale < 1 {
			return strconv.FormatFloat(bytes, 'f', 2, 64) + " " + u
		}
		bytes /= scale
	}
	return strconv.FormatFloat(bytes, 'f', 2, 64) + " " + units[len(units)-1]
}

// pyStr is Python's repr of a str, as str(list) prints it.
func pyStr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// pyList is str(list_of_str).
func pyList(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = pyStr(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

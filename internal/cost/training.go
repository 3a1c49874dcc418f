package cost

import (
	"fmt"
	"github.com/netsum/netsum/internal/numfmt"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/summary"
)

// optimizerSlots gives, per optimizer (lower case, no separators), the
// state variables kept per trainable weight and why.
var optimizerSlots = map[string]struct {
	slots int
	rule  string
}{
	"sgd":         {0, "SGD without momentum: no state"},
	"sgdmomentum": {1, "SGD with momentum: 1 (velocity)"},
	"momentum":    {1, "SGD with momentum: 1 (velocity)"},
	"nesterov":    {1, "SGD with Nesterov momentum: 1 (velocity)"},
	"adam":        {2, "Adam: 2 (first and second moments)"},
	"adamw":       {2, "AdamW: 2 (first and second moments)"},
	"rmsprop":     {1, "RMSprop: 1 (mean square)"},
	"adagrad":     {1, "Adagrad: 1 (accumulator)"},
	"adadelta":    {2, "Adadelta: 2 (gradient and update accumulators)"},
	"adamax":      {2, "Adamax: 2 (moment and infinity norm)"},
	"nadam":       {2, "Nadam: 2 (first and second moments)"},
	"ftrl":        {2, "Ftrl: 2 (accumulator and linear)"},
	"lion":        {1, "Lion: 1 (momentum)"},
	"lamb":        {2, "Lamb: 2 (first and second moments)"},
	"none":        {0, "no optimizer"},
}

// OptimizerNames lists the names --optimizer accepts.
func OptimizerNames() []string {
	return []string{"sgd", "sgd-momentum", "adam", "adamw", "rmsprop", "rmsprop-centered", "adagrad", "adadelta", "adamax", "nadam", "ftrl", "lion", "lamb"}
}

func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Slots returns the optimizer state variables per trainable weight for an
// optimizer name and its compile arguments ("momentum", "centered",
// "amsgrad", "nesterov"; any may be absent), with the rule and a note
// when an argument had to be assumed.
func Slots(name string, args map[string]string) (slots int, rule, note string, err error) {
	if i := strings.LastIndex(name, "."); i >= 0 { // keras.optimizers.legacy.Adam
		name = name[i+1:]
	}
	n := strings.TrimSuffix(normName(name), "optimizer")
	num := func(key string) (float64, bool) {
		v, ok := args[key]
		if !ok {
			return 0, false
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			b, berr := strconv.ParseBool(strings.TrimSpace(v))
			if berr != nil {
				return 0, false
			}
			if b {
				return 1, true
			}
			return 0, true
		}
		return f, true
	}
	switch n {
	case "sgd":
		if m, ok := num("momentum"); ok {
			if m > 0 {
				return 1, fmt.Sprintf("SGD with momentum=%g: 1 (velocity)", m), "", nil
			}
			return 0, "SGD without momentum: no state", "", nil
		}
		return 0, "SGD without momentum: no state", "momentum not recorded: counted as plain SGD (use --optimizer sgd-momentum if it has momentum)", nil
	case "rmsprop", "rmspropcentered":
		s, parts := 1, []string{"mean square"}
		if c, _ := num("centered"); c > 0 || n == "rmspropcentered" {
			s++
			parts = append(parts, "mean gradient (centered)")
		}
		if m, _ := num("momentum"); m > 0 {
			s++
			parts = append(parts, "momentum")
		}
		return s, fmt.Sprintf("RMSprop: %d (%s)", s, strings.Join(parts, ", ")), "", nil
	case "adam", "adamw", "adamax", "nadam":
		o := optimizerSlots[n]
		if a, _ := num("amsgrad"); a > 0 && (n == "adam" || n == "adamw") {
			return 3, o.rule[:strings.Index(o.rule, ":")] + " with amsgrad: 3 (moments and max second moment)", "", nil
		}
		return o.slots, o.rule, "", nil
	}
	if o, ok := optimizerSlots[n]; ok {
		return o.slots, o.rule, "", nil
	}
	return 0, "", "", fmt.Errorf("unknown optimizer %q; known: %s", name, strings.Join(OptimizerNames(), ", "))
}

// training estimates one training step's memory: every weight, a
// gradient per trainable weight, the optimizer's slots per trainable
// weight (in the weight's dtype), and the activations kept for the
// backward pass (every layer output of the forward pass).
func training(s *summary.Summary, t *summary.CostTotals, opt Options) (*summary.Training, error) {
	tr := &summary.Training{Source: "none", Optimizer: "none"}
	name := opt.Optimizer
	args := s.Compile
	switch {
	case name != "":
		tr.Source = "flag"
		args = map[string]string{"momentum": "0"} // the name says it all
	case s.Compile["optimizer"] != "":
		name, tr.Source = s.Compile["optimizer"], "compile"
	default:
		name = "none"
	}
	slots, rule, note, err := Slots(name, args)
	if err != nil {
		if tr.Source == "flag" {
			return nil, err
		}
		tr.Notes = append(tr.Notes, fmt.Sprintf("optimizer %q from the model file is not known: optimizer state not counted", name))
		rule = "unknown optimizer"
	}
	tr.Optimizer, tr.Slots, tr.SlotsRule = name, slots, rule
	if note != "" {
		tr.Notes = append(tr.Notes, note)
	}
	var trainBytes float64
	var trainCount int64
	var walk func(rows []summary.Row)
	walk = func(rows []summary.Row) {
		for i := range rows {
			for _, w := range rows[i].Weights {
				if w.Shared || w.Count < 0 || !w.Trainable || w.Buffer {
					continue
				}
				trainCount += w.Count
				trainBytes += float64(w.Count) * float64(bits(w.DType)) / 8
			}
		}
	}
	walk(s.Rows)
	tr.ParamBytes = t.ParamBytes
	tr.GradientBytes = trainBytes
	tr.OptimizerBytes = float64(slots) * trainBytes
	tr.ActivationBytes = t.ActivationBytes
	tr.TotalBytes = tr.ParamBytes + tr.GradientBytes + tr.OptimizerBytes + float64(tr.ActivationBytes)
	var total int64
	for _, d := range t.ParamBytesByDType {
		total += d.Params
	}
	tr.ParamFormula = byteFormula(t.ParamBytesByDType, total, t.ParamBytes)
	tr.GradientFormula = fmt.Sprintf("%s trainable × %s = %s B", numfmt.Commas(trainCount), perElem(trainCount, trainBytes), fbytes(trainBytes))
	tr.OptimizerFormula = fmt.Sprintf("%d × %s B = %s B", slots, fbytes(trainBytes), fbytes(tr.OptimizerBytes))
	tr.ActivationFormula = fmt.Sprintf("Σ layer outputs at batch %d = %s B", t.Batch, numfmt.Commas(t.ActivationBytes))
	if !t.ActivationsKnown {
		tr.Notes = append(tr.Notes, "some layer outputs have unknown size: activations are a lower bound")
	}
	if opt.DType == "float16" || opt.DType == "bfloat16" {
		for _, d := range t.ParamBytesByDType {
			if bits(d.DType) > 16 {
				tr.Notes = append(tr.Notes, fmt.Sprintf("mixed precision: activations in %s, weights, gradients and optimizer slots kept in %s (as Keras' mixed_%s policy and torch.autocast do)", opt.DType, d.DType, opt.DType))
				break
			}
		}
	}
	return tr, nil
}

// perElem is "4 B" when every trainable weight has one size.
func perElem(n int64, b float64) string {
	if n == 0 {
		return "0 B"
	}
	return strconv.FormatFloat(b/float64(n), 'f', -1, 64) + " B"
}

func byteFormula(by []summary.DTypeBytes, total int64, bytes float64) string {
	if len(by) == 1 {
		d := by[0]
		return fmt.Sprintf("%s × %s B (%s) = %s B", numfmt.Commas(d.Params), strconv.FormatFloat(float64(bits(d.DType))/8, 'f', -1, 64), d.DType, fbytes(d.Bytes))
	}
	var parts []string
	for _, d := range by {
		parts = append(parts, fmt.Sprintf("%s × %s B (%s)", numfmt.Commas(d.Params), strconv.FormatFloat(float64(bits(d.DType))/8, 'f', -1, 64), d.DType))
	}
	if len(parts) == 0 {
		return "0 B"
	}
	return strings.Join(parts, " + ") + " = " + fbytes(bytes) + " B"
}

// fbytes prints a byte count: integral values with thousands separators.
func fbytes(b float64) string {
	if b == float64(int64(b)) {
		return numfmt.Commas(int64(b))
	}
	return strconv.FormatFloat(b, 'f', 3, 64)
}

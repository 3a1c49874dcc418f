package text

import (
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// tinyCost is torchinfo's Tiny model (Conv2d(3, 8, 3), ReLU, Linear(7200,
// 10)) as a summary with cost figures, torchinfo's Mult-Adds rule.
func tinyCost() *summary.Summary {
	cost := func(macs, flops, act int64) *summary.Cost {
		return &summary.Cost{MACs: macs, MACsKnown: true, FLOPs: flops, FLOPsKnown: true, ActivationBytes: act, ActivationKnown: true}
	}
	conv := summary.Row{Name: "conv", Class: "Conv2d", Called: true, ParamsKnown: true, Params: 224, Trainable: 224,
		InputShapes: []graph.Shape{{-1, 3, 32, 32}}, OutputShapes: []graph.Shape{{-1, 8, 30, 30}},
		Weights: []summary.Weight{{Name: "weight", Count: 216, Trainable: true}, {Name: "bias", Count: 8, Trainable: true}}, Cost: cost(201_600, 410_400, 28_800)}
	relu := summary.Row{Name: "relu", Class: "ReLU", Called: true, ParamsKnown: true,
		OutputShapes: []graph.Shape{{-1, 8, 30, 30}}, Cost: cost(0, 7_200, 28_800)}
	fc := summary.Row{Name: "fc", Class: "Linear", Called: true, ParamsKnown: true, Params: 72_010, Trainable: 72_010,
		OutputShapes: []graph.Shape{{-1, 10}}, Weights: []summary.Weight{{Name: "weight", Count: 72_000, Trainable: true}}, Cost: cost(72_010, 144_010, 40)}
	return &summary.Summary{ModelName: "tiny", ModelClass: "Tiny", Rows: []summary.Row{conv, relu, fc},
		Totals: summary.Totals{Params: 72_234, Trainable: 72_234, TrainableBytes: 288_936,
			Cost: &summary.CostTotals{Batch: 1, Convention: "torchinfo", MACs: 273_610, MACsKnown: true, FLOPs: 561_610, FLOPsKnown: true,
				ActivationsKnown: true, ActivationBytes: 57_640, PeakActivationBytes: 57_600, PeakActivationAfter: "relu",
				ParamBytes: 288_936, ParamBytesByDType: []summary.DTypeBytes{{DType: "float32", Params: 72_234, Bytes: 288_936}}}}}
}

func TestColumnsTable(t *testing.T) {
	cols, err := ParseColumns("output_size,params,params_percent,mult_adds,flops,activations")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Render(&b, tinyCost(), Options{TableColumns: cols}); err != nil {
		t.Fatal(err)
	}
	div := strings.Repeat("=", 40+6*25)
	want := div + `
Layer (type (var_name):depth-idx)        Output Shape              Param #                   Param %                   Mult-Adds                 FLOPs                     Activations
` + div + `
Tiny (tiny)                              --                        --                             --                   --                        --                        --
├─Conv2d (conv): 1-1                     [1, 8, 30, 30]            224                         0.31%                   201,600                   410,400                   28.12 KB
├─ReLU (relu): 1-2                       [1, 8, 30, 30]            --                             --                   --                        7,200                     28.12 KB
├─Linear (fc): 1-3                       [1, 10]                   72,010                     99.69%                   72,010                    144,010                   40.00 B
` + div + `
Total params: 72,234
Trainable params: 72,234
Non-trainable params: 0
Total mult-adds (M): 0.27
Total FLOPs (M): 0.56
` + div + `
Batch size: 1; activations in float32 unless the tensor says otherwise
Params size (MB): 0.29
Forward pass size (MB): 0.06
Peak activations (MB): 0.06
Estimated Total Size (MB): 0.35
` + div + "\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseColumns(t *testing.T) {
	for _, bad := range []string{"", "params,bogus"} {
		if _, err := ParseColumns(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	cols, err := ParseColumns("params, macs ,FLOPS,activations,trainable,input")
	if err != nil || len(cols) != 6 || cols[1] != ColMACs || cols[5] != ColInput {
		t.Errorf("%v %v", cols, err)
	}
}

// TestMemoryBlock: --memory appends the breakdown after an unchanged
// Keras table.
func TestMemoryBlock(t *testing.T) {
	s := tinyCost()
	s.Totals.Cost.Training = &summary.Training{Optimizer: "sgd-momentum", Source: "flag", Slots: 1, SlotsRule: "SGD with momentum: 1 (velocity)",
		ParamBytes: 288_936, GradientBytes: 288_936, OptimizerBytes: 288_936, ActivationBytes: 57_640, TotalBytes: 924_448,
		ParamFormula: "72,234 × 4 B (float32) = 288,936 B", GradientFormula: "72,234 trainable × 4 B = 288,936 B",
		OptimizerFormula: "1 × 288,936 B = 288,936 B", ActivationFormula: "Σ layer outputs at batch 1 = 57,640 B"}
	st := mustStyle("keras3")
	var plain, mem strings.Builder
	if err := Render(&plain, s, Options{Style: st}); err != nil {
		t.Fatal(err)
	}
	if err := Render(&mem, s, Options{Style: st, Memory: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mem.String(), plain.String()) {
		t.Fatal("--memory changed the Keras table")
	}
	for _, line := range []string{
		"  MACs:   273,610  273.61 K",
		"  Parameters (float32):       72,234 × 4 B = 288,936 B  282.16 KB",
		"Training step (optimizer sgd-momentum, from --optimizer; SGD with momentum: 1 (velocity)):",
		"  Optimizer state:   1 × 288,936 B = 288,936 B              282.16 KB",
		"  Total:             924,448 B                              902.78 KB",
	} {
		if !strings.Contains(mem.String(), line+"\n") {
			t.Errorf("missing %q in\n%s", line, mem.String())
		}
	}
}

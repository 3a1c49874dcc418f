package explain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/catalog/torch"
	"github.com/netsum/netsum/internal/graph"
)

// TestCatalog walks the message catalog: every message has every
// language, and the languages use the same placeholders.
func TestCatalog(t *testing.T) {
	for key, m := range messages() {
		for _, l := range Langs() {
			if strings.TrimSpace(m.in(l)) == "" && key != "num.sep" {
				t.Errorf("%s: no %s text", key, l)
			}
		}
		if m.en == "" || m.ru == "" {
			t.Errorf("%s: missing a translation", key)
		}
		if pe, pr := placeholders(m.en), placeholders(m.ru); !reflect.DeepEqual(pe, pr) {
			t.Errorf("%s: placeholders en %v, ru %v", key, pe, pr)
		}
	}
}

// TestCatalogKeys checks that every key the code names exists and that
// every message is used: the literal keys of T, note and does calls, and
// the keys built from kinds and factor names.
func TestCatalogKeys(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					if _, ok := messages()[s]; ok {
						used[s] = true
					}
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "note" && sel.Sel.Name != "does") {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				key, _ := strconv.Unquote(lit.Value)
				if _, ok := messages()[key]; !ok {
					t.Errorf("%s: key %q is not in the catalog", fset.Position(lit.Pos()), key)
				}
			}
			return true
		})
	}
	// Keys built from kinds.
	kindSet := map[string]bool{"model": true, "unknown": true, "generic": true, "augment": true}
	for _, k := range kinds {
		kindSet[k] = true
	}
	for _, k := range familyKinds {
		kindSet[k] = true
	}
	for _, k := range torchFamilyKinds {
		kindSet[k] = true
	}
	for _, k := range torchKinds {
		kindSet[k] = true
	}
	for k := range kindSet {
		if _, ok := messages()["does."+k]; !ok {
			t.Errorf("kind %s has no does.%s message", k, k)
		}
		used["does."+k] = true
	}
	for _, k := range zeroKinds {
		if _, ok := messages()["zero."+k]; !ok {
			t.Errorf("kind %s has no zero.%s message", k, k)
		}
		used["zero."+k] = true
	}
	for key := range messages() {
		if strings.HasPrefix(key, "factor.") || strings.HasPrefix(key, "op.") || strings.HasPrefix(key, "axis.") || strings.HasPrefix(key, "zero.") {
			continue
		}
		if !used[key] {
			t.Errorf("message %s is never used", key)
		}
	}
}

// TestEveryClassHasAKind checks that each catalog class gets an
// explanation written for it, not the generic one.
func TestEveryClassHasAKind(t *testing.T) {
	for _, spec := range keras.Specs() {
		_, _, kind := classify(spec.Class, graph.DialectUnknown)
		if kind == "generic" || kind == "unknown" {
			t.Errorf("%s (%s) has no explanation kind", spec.Class, spec.Family)
		}
		if _, ok := explainers[kind]; !ok {
			t.Errorf("%s: kind %s has no explainer", spec.Class, kind)
		}
		for _, a := range spec.Aliases {
			if _, _, k := classify(a, graph.DialectUnknown); k != kind {
				t.Errorf("alias %s of %s: kind %s, want %s", a, spec.Class, k, kind)
			}
		}
	}
}

// TestFactorWords checks the words of the factor names the catalog uses.
func TestFactorWords(t *testing.T) {
	for _, name := range []string{"kernel_h", "kernel_w", "kernel_d", "kernel_len", "in_channels", "filters", "units", "gates",
		"input_dim", "in_features", "bias_sets", "num_heads", "key_dim", "value_dim", "depth_multiplier", "channels",
		"dim3", "axis2", "output_dim_1", "c", "connections_h", "out_w", "lora_rank"} {
		if _, _, ok := labelKey("conv", name); !ok {
			t.Errorf("factor %s has no words", name)
		}
	}
	if got := factorLabel(EN, "embedding", graphFactor("input_dim", 1000)); got != "vocabulary size" {
		t.Errorf("Embedding input_dim: %q", got)
	}
	if got := factorLabel(EN, "lstm", graphFactor("input_dim", 32)); got != "input features" {
		t.Errorf("LSTM input_dim: %q", got)
	}
	if got := factorLabel(RU, "conv", graphFactor("in_channels", 32)); got != "входные каналы" {
		t.Errorf("ru in_channels: %q", got)
	}
}

func graphFactor(name string, v int64) graph.Factor { return graph.Factor{Name: name, Value: v} }

// TestEveryTorchClassHasAKind checks that each class of the torch.nn
// catalog gets an explanation kind with an explainer, and that every
// factor name its parameters use has words.
func TestEveryTorchClassHasAKind(t *testing.T) {
	for _, class := range torch.Classes() {
		_, _, kind := classify(class, graph.PyTorch)
		if kind == "unknown" {
			t.Errorf("%s: no kind", class)
			continue
		}
		_, ok := explainers[kind]
		if _, tok := torchExplainers[kind]; !ok && !tok {
			t.Errorf("%s: kind %s has no explainer", class, kind)
		}
	}
	for _, name := range []string{"out_channels", "in_channels", "in_channels_per_group", "out_channels_per_group",
		"kernel_len", "kernel_h", "kernel_w", "kernel_d", "out_features", "in_features", "in1_features", "in2_features",
		"num_features", "num_channels", "normalized_shape", "num_embeddings", "embedding_dim", "num_parameters",
		"gates", "hidden_size", "input_size", "proj_size", "directions", "embed_dim", "projections", "kdim", "vdim"} {
		if _, _, ok := labelKey("conv", name); !ok {
			t.Errorf("torch factor %s has no words", name)
		}
	}
	if _, _, k := classify("SeedCNN", graph.PyTorch); k != "model" {
		t.Errorf("user module: kind %s, want model", k)
	}
}

package text

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// testdata/oracle holds random tables printed by the original code: each
// Keras version's print_summary source run on mock layers (classic.json),
// and rich's Table driven by Keras 3's calls (rich.json). See
// testdata/oracle/README.md.

// oracleRow is one row of an oracle case; Sub rows are nested (classic) and
// Level gives the nesting of a flat list (rich).
type oracleRow struct {
	Name      string      `json:"name"`
	Class     string      `json:"cls"`
	Level     int         `json:"level"`
	Shapes    [][]int64   `json:"shapes"`
	Multiple  bool        `json:"multiple"`
	Frozen    bool        `json:"frozen"`
	Params    int64       `json:"params"`
	Trainable *int64      `json:"trainable"`
	Known     *bool       `json:"pknown"`
	Conns     []string    `json:"conns"`
	TrainCell string      `json:"trainable_cell"`
	Sub       []oracleRow `json:"sub"`
}

// UnmarshalJSON accepts "trainable" as a count (classic) or Y/N/- (rich).
func (r *oracleRow) UnmarshalJSON(b []byte) error {
	type plain oracleRow
	var aux struct {
		plain
		Trainable json.RawMessage `json:"trainable"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*r = oracleRow(aux.plain)
	var n int64
	if err := json.Unmarshal(aux.Trainable, &n); err == nil {
		r.Trainable = &n
	} else if err := json.Unmarshal(aux.Trainable, &r.TrainCell); err != nil {
		return err
	}
	return nil
}

type oracleCase struct {
	Style         string      `json:"style"`
	V30           bool        `json:"v30"`
	Graph         bool        `json:"graph"`
	Seq           bool        `json:"seq"`
	Expand        bool        `json:"expand"`
	ShowTrainable bool        `json:"show_trainable"`
	Columns       int         `json:"columns"`
	LineLength    int         `json:"line_length"`
	Name          string      `json:"name"`
	Rows          []oracleRow `json:"rows"`
	Tc, Ntc, Oc   int64
	Tb, Ntb, Ob   float64
	Out           string `json:"out"`
}

func readOracle(t *testing.T, name string) []oracleCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "oracle", name))
	if err != nil {
		t.Fatal(err)
	}
	var cases []oracleCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

func oracleRows(rs []oracleRow) []summary.Row {
	var out []summary.Row
	for _, r := range rs {
		row := summary.Row{Name: r.Name, Class: r.Class, Called: true, ParamsKnown: r.Known == nil || *r.Known,
			Params: r.Params, Connected: r.Conns, Multiple: r.Multiple, Frozen: r.Frozen, IsInput: r.Class == "InputLayer"}
		if r.Trainable != nil {
			row.Trainable, row.NonTrainable = *r.Trainable, r.Params-*r.Trainable
		}
		for _, s := range r.Shapes {
			row.OutputShapes = append(row.OutputShapes, graph.Shape(s))
		}
		switch r.TrainCell {
		case "Y":
			row.Weights = []summary.Weight{{Name: "w", Trainable: true}}
		case "N":
			row.Weights, row.Frozen = []summary.Weight{{Name: "w"}}, true
		}
		row.Sub = oracleRows(r.Sub)
		out = append(out, row)
	}
	return out
}

// nest turns a flat list with levels into Sub rows.
func nest(rows []summary.Row, levels []int) []summary.Row {
	var out []summary.Row
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && levels[j] > levels[i] {
			j++
		}
		r := rows[i]
		r.Sub = nest(rows[i+1:j], levels[i+1:j])
		out = append(out, r)
		i = j
	}
	return out
}

func TestOracleClassic(t *testing.T) {
	for i, c := range readOracle(t, "classic.json") {
		s := &summary.Summary{ModelName: c.Name, SequentialLike: c.Seq, Rows: oracleRows(c.Rows)}
		s.Totals = summary.Totals{Trainable: c.Tc, NonTrainable: c.Ntc, TrainableBytes: c.Tb, NonTrainableBytes: c.Ntb}
		if c.Style == "keras1" || c.Style == "keras1.1.2" || c.Style == "keras1.2" {
			// Keras 1 sums the rows' weights.
			s.Totals.Trainable, s.Totals.NonTrainable = 0, 0
			for _, r := range s.Rows {
				s.Totals.Trainable += r.Trainable
				s.Totals.NonTrainable += r.NonTrainable
			}
		}
		got := render(t, s, Options{Style: style(t, c.Style), LineLength: c.LineLength, ExpandNested: c.Expand, ShowTrainable: c.ShowTrainable})
		same(t, "classic case "+strconv.Itoa(i)+" ("+c.Style+")", got, c.Out)
	}
}

func TestOracleRich(t *testing.T) {
	for i, c := range readOracle(t, "rich.json") {
		levels := make([]int, len(c.Rows))
		for j, r := range c.Rows {
			levels[j] = r.Level
		}
		s := &summary.Summary{ModelName: c.Name, SequentialLike: !c.Graph, Rows: nest(oracleRows(c.Rows), levels)}
		s.Totals = summary.Totals{Trainable: c.Tc, NonTrainable: c.Ntc, Optimizer: c.Oc, TrainableBytes: c.Tb, NonTrainableBytes: c.Ntb, OptimizerBytes: c.Ob}
		st := style(t, "keras3")
		if c.V30 {
			st = style(t, "keras3.0")
		}
		got := render(t, s, Options{Style: st, LineLength: c.LineLength, Columns: c.Columns, ExpandNested: true, ShowTrainable: c.ShowTrainable})
		same(t, "rich case "+strconv.Itoa(i), got, c.Out)
	}
}

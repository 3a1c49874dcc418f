package text

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

type classicRow struct {
	Name, Cls         string
	Shapes            [][]int64
	Multiple, Frozen  bool
	Params, Trainable int64
	Conns             []string
	Sub               []classicRow
}

type classicCase struct {
	Style                       string
	Seq, Expand, Show_trainable bool
	Name                        string
	Line_length                 int
	Rows                        []classicRow
	Tc, Ntc                     int64
	Tb, Ntb                     float64
	Out, Error                  string
}

func convRows(rs []classicRow) []summary.Row {
	var out []summary.Row
	for _, r := range rs {
		row := summary.Row{Name: r.Name, Class: r.Cls, Called: true, ParamsKnown: true, Params: r.Params,
			Trainable: r.Trainable, NonTrainable: r.Params - r.Trainable, Connected: r.Conns, Multiple: r.Multiple,
			Frozen: r.Frozen, IsInput: r.Cls == "InputLayer"}
		for _, s := range r.Shapes {
			row.OutputShapes = append(row.OutputShapes, graph.Shape(s))
		}
		row.Sub = convRows(r.Sub)
		out = append(out, row)
	}
	return out
}

func TestClassicOracle(t *testing.T) {
	b, err := os.ReadFile("/tmp/oracle/classic.json")
	if err != nil {
		t.Skip(err)
	}
	var cases []classicCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	fails, compared := 0, 0
	for i, c := range cases {
		s := &summary.Summary{ModelName: c.Name, SequentialLike: c.Seq, Rows: convRows(c.Rows)}
		s.Totals = summary.Totals{Params: c.Tc + c.Ntc, Trainable: c.Tc, NonTrainable: c.Ntc, TrainableBytes: c.Tb, NonTrainableBytes: c.Ntb}
		if c.Style == "keras1" || c.Style == "keras1.1.2" {
			s.Totals.Trainable = 0
			for _, r := range s.Rows {
				s.Totals.Trainable += r.Trainable
			}
		}
		if c.Style == "keras1.2" {
			s.Totals.Trainable, s.Totals.NonTrainable = 0, 0
			for _, r := range s.Rows {
				s.Totals.Trainable += r.Trainable
				s.Totals.NonTrainable += r.NonTrainable
			}
		}
		st, _ := ParseStyle(c.Style)
		var bb = &stringsBuilder{}
		err := Render(bb, s, Options{Style: st, LineLength: c.Line_length, ExpandNested: c.Expand, ShowTrainable: c.Show_trainable})
		if c.Error != "" {
			t.Logf("python %s; go: %v", c.Error, err)
			continue
		}
		if err != nil {
			t.Errorf("case %d: %v", i, err)
			continue
		}
		compared++
		if bb.String() != c.Out {
			fails++
			if fails < 4 {
				t.Errorf("case %d style %s L=%d seq=%v expand=%v train=%v", i, c.Style, c.Line_length, c.Seq, c.Expand, c.Show_trainable)
				same(t, "oracle", bb.String(), c.Out)
			}
		}
	}
	t.Logf("%d cases, %d compared, %d failures", len(cases), compared, fails)
}

type stringsBuilder struct{ b []byte }

func (s *stringsBuilder) Write(p []byte) (int, error) { s.b = append(s.b, p...); return len(p), nil }
func (s *stringsBuilder) String() string              { return string(s.b) }

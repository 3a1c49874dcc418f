package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/cost"
	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/render/torchinfo"
	"github.com/netsum/netsum/internal/summary"
)

// cliTorch prints what `netsum --style STYLE` prints for name (the CLI
// goes through torchinfo.RenderStyle too).
func cliTorch(t *testing.T, name string, data []byte, style string, size []int64) string {
	t.Helper()
	ms, err := frontend.Open(input(name, data), frontend.Options{NoFiles: true, InputSize: [][]int64{size}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if done, err := torchinfo.RenderStyle(&b, summary.Build(ms[0]), torchinfo.StyleOptions{Style: style}); !done || err != nil {
		t.Fatalf("RenderStyle(%q): %v %v", style, done, err)
	}
	return b.String()
}

// TestTorchStyles: serve prints the checkpoint table for a checkpoint by
// default and torchinfo's table on style=torchinfo, as the CLI does, and
// /api/info offers both styles.
func TestTorchStyles(t *testing.T) {
	ts := newTest(t, Options{})
	pt := readFile(t, "torch/bn_net.pt")
	seed := readFile(t, "pytorch/seed.py")
	ckpt := cliTorch(t, "bn_net.pt", pt, "", nil)
	if !strings.Contains(ckpt, "bn") {
		t.Fatalf("checkpoint table:\n%s", ckpt)
	}
	ti := cliTorch(t, "seed.py", seed, "torchinfo", []int64{1, 1, 28, 28})
	for _, c := range []struct {
		query, style, want string
		body               []byte
	}{
		{"name=bn_net.pt", "checkpoint", ckpt, pt},
		{"name=bn_net.pt&style=checkpoint", "checkpoint", ckpt, pt},
		{"name=seed.py&input_size=1,1,28,28&style=torchinfo", "torchinfo", ti, seed},
		{"name=seed.py&input_size=1,1,28,28&style=TorchInfo", "torchinfo", ti, seed},
	} {
		res, body := post(t, ts, "format=text&"+c.query, c.body)
		if res.StatusCode != 200 || string(body) != c.want {
			t.Errorf("text %s: %d\n%s\nwant\n%s", c.query, res.StatusCode, body, c.want)
		}
		res, body = post(t, ts, "format=view&"+c.query, c.body)
		var v View
		if res.StatusCode != 200 || json.Unmarshal(body, &v) != nil || v.Text != c.want || v.Style != c.style {
			t.Errorf("view %s: %d style %q\n%s", c.query, res.StatusCode, v.Style, v.Text)
		}
		// The JSON download keeps netsum's own figures.
		if c.style == "torchinfo" {
			var j struct {
				Totals struct {
					Cost struct {
						Convention string `json:"convention"`
					} `json:"cost"`
				} `json:"totals"`
			}
			if err := json.Unmarshal([]byte(v.JSON), &j); err == nil && j.Totals.Cost.Convention == string(cost.Torchinfo) {
				t.Errorf("view %s: the JSON download has torchinfo's convention", c.query)
			}
		}
	}
	// A Keras style still applies to a checkpoint when asked for.
	if res, body := post(t, ts, "format=text&name=bn_net.pt&style=keras3", pt); res.StatusCode != 200 || string(body) == ckpt {
		t.Errorf("keras3 on a checkpoint: %d\n%s", res.StatusCode, body)
	}
	res, err := http.Get(ts.URL + "/api/info")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var info Info
	if err := json.NewDecoder(res.Body).Decode(&info); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range info.Styles {
		names[s.Name] = true
	}
	if !names["torchinfo"] || !names["checkpoint"] || !names["keras3"] {
		t.Errorf("/api/info styles: %+v", info.Styles)
	}
}

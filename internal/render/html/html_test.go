package html

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

func load(t *testing.T, path string) *summary.Summary {
	t.Helper()
	in, err := frontend.ReadInput(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := frontend.Open(in, frontend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return summary.Build(ms[0])
}

func render(t *testing.T, s *summary.Summary, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, s, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var (
	scriptRE = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	styleRE  = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	cspRE    = regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]*)"`)
)

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}

// TestSelfContained checks that the page pins its only script and style by
// hash and refers to nothing outside itself.
func TestSelfContained(t *testing.T) {
	page := render(t, load(t, "../../../testdata/keras/seed_keras1.json"), Options{Explanation: "because <b>"})
	m := cspRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSP meta tag")
	}
	csp := strings.ReplaceAll(m[1], "&#39;", "'")
	scripts := scriptRE.FindAllStringSubmatch(page, -1)
	styles := styleRE.FindAllStringSubmatch(page, -1)
	if len(scripts) != 1 || len(styles) != 1 {
		t.Fatalf("%d scripts, %d styles", len(scripts), len(styles))
	}
	for _, want := range []string{"default-src 'none'", "script-src " + sha(scripts[0][1]), "style-src " + sha(styles[0][1])} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	bare := strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
	for _, bad := range []string{"http://", "https://", "src=", "href=\"/", "@import", "url(http", " style=\""} {
		if i := strings.Index(bare, bad); i >= 0 {
			t.Errorf("page contains %q: %s", bad, bare[max(0, i-60):min(len(bare), i+60)])
		}
	}
	for _, want := range []string{"51,264", "Total params: 154,798", "because &lt;b&gt;", `id="explanation"`, "convolution2d_2 (Convolution2D)  (None, 8, 8, 64)      51264"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestNestedVariants(t *testing.T) {
	s := load(t, "../../../testdata/tfjs/nested_three_levels.json")
	page := render(t, s, Options{})
	if strings.Count(page, `<svg `) != 2 || !strings.Contains(page, `data-variant="collapsed"`) || !strings.Contains(page, `class="netsum-diagram hidden" data-variant="expanded"`) {
		t.Error("a model with nested models has no collapsed and expanded diagrams")
	}
	if !strings.Contains(page, `<input type="checkbox" data-expand>`) {
		t.Error("expand toggle")
	}
	page = render(t, s, Options{ExpandNested: true})
	if !strings.Contains(page, `class="netsum-diagram hidden" data-variant="collapsed"`) || !strings.Contains(page, "data-expand checked") || !strings.Contains(page, `class="d2 nested"`) {
		t.Error("expanded page")
	}
	if strings.Contains(render(t, load(t, "../../../testdata/keras/seed_keras1.json"), Options{}), `<input type="checkbox" data-expand`) {
		t.Error("expand toggle without nested models")
	}
}

func TestEscaping(t *testing.T) {
	s := &summary.Summary{ModelName: `</title><script>alert(1)</script>`, Rows: []summary.Row{
		{Name: `<img src=x onerror=alert(1)>`, Class: "Dense", ParamsKnown: true, OutputShapes: []graph.Shape{{-1, 2}}},
	}}
	page := render(t, s, Options{})
	if strings.Contains(page, "<img") || strings.Contains(page, "<script>alert") || len(scriptRE.FindAllString(page, -1)) != 1 {
		t.Error("model text is not escaped")
	}
}

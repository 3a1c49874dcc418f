package browsertest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestCatches checks that the harness sees what the other browser tests
// assert is absent: console errors, uncaught exceptions, CSP violations
// and requests.
func TestCatches(t *testing.T) {
	b := Start(t)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'")
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<!DOCTYPE html><title>t</title><script>window.inline = 1</script><script src="/a.js"></script><p id="p">x</p>`))
		case "/a.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write([]byte(`console.error("boom-console"); setTimeout(() => { throw new Error("boom-exception"); }, 0); window.done = true;`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer ts.Close()
	b.Run(30*time.Second, "open", chromedp.Navigate(ts.URL+"/"), Wait(`window.done === true`, 10*time.Second), chromedp.Sleep(300*time.Millisecond))
	all := strings.Join(b.Problems(), "\n")
	for _, want := range []string{"boom-console", "boom-exception", "Content Security Policy"} {
		if !strings.Contains(all, want) {
			t.Errorf("harness missed %q; saw:\n%s", want, all)
		}
	}
	reqs := strings.Join(b.Requests(), " ")
	if !strings.Contains(reqs, ts.URL+"/a.js") {
		t.Errorf("requests %s", reqs)
	}
	if Eval[bool](b, `window.inline === 1`) {
		t.Error("the inline script ran despite the CSP")
	}
}

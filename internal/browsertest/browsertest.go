// Package browsertest runs headless Chromium for tests (chromedp): it finds
// the browser or skips the test, starts it with a fresh profile and no
// background traffic, records console errors, exceptions, CSP reports and
// every network request, and saves screenshots as test artifacts. Only
// tests import it.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Path returns the Chromium binary: $NETSUM_CHROMIUM, else Debian's
// /usr/bin/chromium, else chromium or chromium-browser on PATH; "" if none
// (or if $NETSUM_CHROMIUM is "none" or names no file).
func Path() string {
	if p := os.Getenv("NETSUM_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, n := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// Browser is one headless Chromium with one tab, used by test t.
type Browser struct {
	Ctx context.Context
	t   testing.TB
	*shared
}

// For returns the browser for t (a subtest of the one that started it).
func (b *Browser) For(t testing.TB) *Browser {
	return &Browser{Ctx: b.Ctx, t: t, shared: b.shared}
}

// shared is what the browser records, whichever test uses it.
type shared struct {
	mu       sync.Mutex
	problems []string // console errors, exceptions, log errors
	requests []string // every URL requested
	// Downloads receives the path of each finished download.
	Downloads chan string
	dlDir     string
	dlNames   map[string]string
}

// Start launches Chromium for t, or skips t when there is none (so that
// `go test ./...` passes on machines without it). The browser stops when
// t ends; each Action run through Run has timeout.
func Start(t testing.TB) *Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	path := Path()
	if path == "" {
		t.Skip("no Chromium (apt-get install chromium, or set NETSUM_CHROMIUM)")
	}
	profile := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("password-store", "basic"),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx, chromedp.WithLogf(func(string, ...any) {}))
	b := &Browser{Ctx: ctx, t: t, shared: &shared{Downloads: make(chan string, 8), dlDir: t.TempDir(), dlNames: map[string]string{}}}
	t.Cleanup(func() {
		cancelB()
		cancelA()
	})
	start, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	events := true
	err := chromedp.Listen(ctx, b.listen)
	if err == nil {
		err = chromedp.ListenBrowser(ctx, b.listenBrowser)
	}
	if err == nil {
		_, err = chromedp.Call(start, network.Enable, network.EnableParams{})
	}
	if err == nil {
		_, err = chromedp.Call(start, log.Enable, cdp.Empty{})
	}
	if err == nil {
		_, err = chromedp.CallBrowser(start, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: b.dlDir, EventsEnabled: &events})
	}
	if err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return b
}

func (b *shared) listen(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			b.problems = append(b.problems, "console."+string(e.Type)+": "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		msg := e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
		b.problems = append(b.problems, "exception: "+msg)
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning {
			b.problems = append(b.problems, fmt.Sprintf("log %s (%s): %s %s", e.Entry.Level, e.Entry.Source, e.Entry.Text, e.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, e.Request.URL)
	}
}

func (b *shared) listenBrowser(ev any) {
	switch e := ev.(type) {
	case *browser.EventDownloadWillBegin:
		b.mu.Lock()
		b.dlNames[e.GUID] = e.SuggestedFilename
		b.mu.Unlock()
	case *browser.EventDownloadProgress:
		if e.State == browser.DownloadProgressStateCompleted {
			b.Downloads <- filepath.Join(b.dlDir, e.GUID)
		}
	}
}

// SuggestedName is the file name the page gave a download (by the path
// Downloads reported).
func (b *Browser) SuggestedName(path string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.dlNames[filepath.Base(path)]
}

// Run runs actions with a timeout, failing the test on error.
func (b *Browser) Run(timeout time.Duration, what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v\nproblems so far: %v", what, err, b.Problems())
	}
}

// Eval evaluates a JavaScript expression in the page.
func Eval[T any](b *Browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// Wait is an action that waits until the JavaScript condition is true.
func Wait(cond string, timeout time.Duration) chromedp.Action[chromedp.Void] {
	p := chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := p(ctx, t)
		return chromedp.Void{}, err
	}
}

// Click clicks the middle of the first element matching the CSS selector
// with the mouse, after scrolling it into view. Unlike chromedp.Click it
// works on SVG elements, and it checks that the element is what the mouse
// hits there.
func (b *Browser) Click(css string) {
	b.t.Helper()
	q, _ := json.Marshal(css)
	pt := Eval[[]float64](b, `(() => {
		const el = document.querySelector(`+string(q)+`);
		if (!el) return [];
		el.scrollIntoView({ block: "center", inline: "center" });
		const r = el.getBoundingClientRect();
		const x = r.left + Math.min(r.width / 2, 40), y = r.top + Math.min(r.height / 2, 12);
		const hit = document.elementFromPoint(x, y);
		return hit && (hit === el || el.contains(hit)) ? [x, y] : [-1, -1];
	})()`)
	switch {
	case len(pt) != 2:
		b.t.Fatalf("click %s: no such element", css)
	case pt[0] < 0:
		b.t.Fatalf("click %s: something else covers it", css)
	}
	b.Run(10*time.Second, "click "+css, chromedp.MouseClickXY(pt[0], pt[1]))
}

// Exec is an action that runs JavaScript for its effect.
func Exec(script string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](script)
}

// Problems returns console errors, exceptions and error log entries
// (CSP violations, failed loads) seen so far.
func (b *Browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// Requests returns every URL the page requested so far.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...)
}

// ArtifactDir is where screenshots go: $NETSUM_ARTIFACTS, else
// netsum-artifacts in the temporary directory (overwritten by each run).
func ArtifactDir(t testing.TB) string {
	dir := os.Getenv("NETSUM_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "netsum-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Screenshot saves the viewport as name.png in the artifact directory.
func (b *Browser) Screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(ArtifactDir(b.t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
}

package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsum/netsum/internal/summary"
)

const testdata = "../../testdata/"

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(testdata + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newTest(t *testing.T, opt Options) *httptest.Server {
	t.Helper()
	if opt.Log == nil {
		opt.Log = log.New(io.Discard, "", 0)
	}
	ts := httptest.NewServer(New(opt))
	t.Cleanup(ts.Close)
	return ts
}

func post(t *testing.T, ts *httptest.Server, query string, body []byte, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", ts.URL+"/api/summary?"+query, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func TestPageAndStatic(t *testing.T) {
	ts := newTest(t, Options{Version: "1.2.3"})
	for _, c := range []struct {
		path, ctype string
		status      int
	}{
		{"/", "text/html; charset=utf-8", 200},
		{"/static/app.js", "text/javascript; charset=utf-8", 200},
		{"/static/diagram.js", "text/javascript; charset=utf-8", 200},
		{"/static/app.css", "text/css; charset=utf-8", 200},
		{"/api/info", "application/json; charset=utf-8", 200},
		{"/static/", "", 404},
		{"/nope", "", 404},
		{"/../../etc/passwd", "", 404},
	} {
		res, err := http.Get(ts.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("GET %s: %d, want %d", c.path, res.StatusCode, c.status)
			continue
		}
		if c.ctype != "" && res.Header.Get("Content-Type") != c.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", c.path, res.Header.Get("Content-Type"), c.ctype)
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("GET %s: CSP %q", c.path, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", c.path)
		}
		if c.path == "/" {
			// No inline script or style: everything comes from 'self'.
			for _, bad := range []string{"<script>", "style=", "<style", "http://", "https://", " on"} {
				if bytes.Contains(body, []byte(bad)) && !(bad == " on" && !bytes.Contains(body, []byte(" onclick"))) {
					t.Errorf("index.html contains %q", bad)
				}
			}
		}
		if c.path == "/api/info" {
			var info Info
			if err := json.Unmarshal(body, &info); err != nil || info.Version != "1.2.3" || len(info.Styles) == 0 || len(info.Formats) == 0 || info.Explain {
				t.Errorf("info %s (%v)", body, err)
			}
		}
	}
}

func TestSummaryFormats(t *testing.T) {
	ts := newTest(t, Options{})
	seed := readFile(t, "keras/seed_keras1.json")
	for _, c := range []struct {
		query, ctype, want string
	}{
		{"format=text", "text/plain; charset=utf-8", "convolution2d_2 (Convolution2D)  (None, 8, 8, 64)      51264"},
		{"format=text&style=keras3", "text/plain; charset=utf-8", "51,264"},
		{"", "application/json; charset=utf-8", `"schema": "netsum/v1"`},
		{"format=csv", "text/csv; charset=utf-8", "convolution2d_2"},
		{"format=md", "text/markdown; charset=utf-8", "convolution2d_2"},
		{"format=svg", "image/svg+xml; charset=utf-8", "51,264 params"},
		{"format=html", "text/html; charset=utf-8", "Content-Security-Policy"},
		{"format=view", "application/json; charset=utf-8", `"style":"keras1"`},
	} {
		res, body := post(t, ts, c.query, seed)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d %s", c.query, res.StatusCode, body)
			continue
		}
		if got := res.Header.Get("Content-Type"); got != c.ctype {
			t.Errorf("%s: Content-Type %q, want %q", c.query, got, c.ctype)
		}
		if !bytes.Contains(body, []byte(c.want)) {
			t.Errorf("%s: no %q in\n%.600s", c.query, c.want, body)
		}
	}
	_, body := post(t, ts, "format=view", seed)
	var v View
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	if v.Model != "sequential_1" || v.Totals.Params != 154798 || !strings.HasPrefix(v.SVG, "<svg") || !strings.Contains(v.JSON, `"netsum/v1"`) ||
		!strings.Contains(v.CSV, "dense_1") || v.SVGExpanded != "" || len(v.Models) != 1 || v.Explain != "" {
		t.Errorf("view: %+v", v)
	}
}

func TestBinaryUploads(t *testing.T) {
	ts := newTest(t, Options{})
	h5 := readFile(t, "h5/seed_keras2_full.h5")
	// Raw body.
	res, body := post(t, ts, "format=text&name=seed.h5", h5)
	if res.StatusCode != 200 || !bytes.Contains(body, []byte("51264")) {
		t.Errorf("raw h5: %d %s", res.StatusCode, body)
	}
	// Multipart form, as a browser form would send it.
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("other", "ignored")
	fw, _ := mw.CreateFormFile("file", "../../seed.h5")
	fw.Write(h5)
	mw.Close()
	res, body = post(t, ts, "format=json", form.Bytes(), "Content-Type", mw.FormDataContentType())
	if res.StatusCode != 200 || !bytes.Contains(body, []byte(`"source": "seed.h5"`)) {
		t.Errorf("multipart h5: %d %.400s", res.StatusCode, body)
	}
	// ONNX, nested module view.
	res, body = post(t, ts, "format=view&model=modules", readFile(t, "onnx/models/resnet18.onnx"))
	var v View
	if res.StatusCode != 200 || json.Unmarshal(body, &v) != nil || v.SVGExpanded == "" {
		t.Errorf("onnx modules: %d %.300s", res.StatusCode, body)
	}
}

func TestErrors(t *testing.T) {
	ts := newTest(t, Options{MaxUpload: 1000})
	for _, c := range []struct {
		name, query string
		body        []byte
		header      []string
		status      int
		want        string
	}{
		{"garbage", "", []byte("hello"), nil, 422, "unrecognized input"},
		{"empty", "", nil, nil, 422, "empty"},
		{"bad model", "", []byte(`{"class_name":"Sequential","config":[{"class_name":"Conv2D","config":{"name":"c","filters":2,"kernel_size":5,"batch_input_shape":[null,3,3,1]}}]}`), nil, 422, "larger than input"},
		{"bad format", "format=xml", []byte("{}"), nil, 400, "format"},
		{"bad style", "style=keras9", []byte("{}"), nil, 400, "unknown style"},
		{"bad flag", "expand_nested=maybe", []byte("{}"), nil, 400, "expand_nested"},
		{"too large", "", bytes.Repeat([]byte("x"), 2000), nil, 413, "reads up to 1000"},
		{"bad host", "", []byte("{}"), []string{"Host", "evil.example"}, 421, "not served here"},
		{"rebinding", "", []byte("{}"), []string{"Host", "attacker.example:8080"}, 421, "not served here"},
		{"cross origin", "", []byte("{}"), []string{"Origin", "http://evil.example"}, 403, "cross-origin"},
		{"cross site", "", []byte("{}"), []string{"Sec-Fetch-Site", "cross-site"}, 403, "cross-site"},
	} {
		res, body := post(t, ts, c.query, c.body, c.header...)
		if res.StatusCode != c.status || !bytes.Contains(body, []byte(c.want)) {
			t.Errorf("%s: %d %s; want %d and %q", c.name, res.StatusCode, body, c.status, c.want)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: error Content-Type %q", c.name, ct)
		}
	}
	// Too large without a Content-Length (chunked) is caught while reading.
	pr, pw := io.Pipe()
	go func() {
		pw.Write(bytes.Repeat([]byte("x"), 5000))
		pw.Close()
	}()
	res, err := http.Post(ts.URL+"/api/summary", "text/plain", pr)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 413 {
		t.Errorf("chunked upload over the limit: %d", res.StatusCode)
	}
	// The same origin is fine.
	res, body := post(t, ts, "format=text", readFile(t, "keras/seed_keras1.json")[:0], "Origin", ts.URL)
	if res.StatusCode == 403 {
		t.Errorf("same origin refused: %s", body)
	}
}

// TestLimits holds slots with an explainer that waits, to see the queue
// bound, the timeout and panics handled.
func TestLimits(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	calls := 0
	explain := func(s *summary.Summary) (string, error) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if s.ModelName == "boom" {
			panic("explainer bug")
		}
		if n <= 2 {
			<-release
		}
		return "explained " + s.ModelName, nil
	}
	ts := newTest(t, Options{MaxConcurrent: 1, MaxQueue: 1, Timeout: 2 * time.Second, Explain: explain})
	seed := readFile(t, "keras/seed_keras1.json")
	type answer struct {
		status int
		body   string
	}
	first := make(chan answer)
	go func() {
		res, body := post(t, ts, "format=view", seed)
		first <- answer{res.StatusCode, string(body)}
	}()
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return calls == 1 })
	second := make(chan answer)
	go func() {
		res, body := post(t, ts, "format=view", seed)
		second <- answer{res.StatusCode, string(body)}
	}()
	srv := ts.Config.Handler.(*Server)
	waitFor(t, func() bool { return srv.waiting.Load() == 1 })
	// The queue is full: the third is refused at once.
	res, body := post(t, ts, "format=text", seed)
	if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Errorf("third request: %d %s, want 503", res.StatusCode, body)
	}
	// The first times out (its work still holds the slot), then the
	// second gets the slot.
	a := <-first
	if a.status != 504 {
		t.Errorf("first: %d %s, want 504", a.status, a.body)
	}
	close(release)
	// The second's own deadline ends about when the slot frees: any of
	// served, busy or timed out is right, as long as it is answered.
	b := <-second
	if b.status != 200 && b.status != 503 && b.status != 504 {
		t.Errorf("second: %d %s", b.status, b.body)
	}
	// Later requests are served and explained.
	res, body = post(t, ts, "format=view", seed)
	var v View
	if res.StatusCode != 200 || json.Unmarshal(body, &v) != nil || v.Explain != "explained sequential_1" {
		t.Errorf("after: %d %.300s", res.StatusCode, body)
	}
	// A panicking explainer costs the explanation only.
	boom := bytes.Replace(seed, []byte(`"class_name": "Sequential"`), []byte(`"class_name": "Sequential", "name": "boom"`), 1)
	boom = bytes.Replace(boom, []byte(`"config": [`), []byte(`"config": {"name": "boom", "layers": [`), 1)
	boom = append(bytes.TrimRight(boom, "}\n "), []byte("}}")...)
	res, body = post(t, ts, "format=view", boom)
	if res.StatusCode == 200 {
		if json.Unmarshal(body, &v) != nil || !strings.Contains(v.ExplainError, "explainer bug") {
			t.Errorf("panic: %.300s", body)
		}
	} else {
		t.Logf("boom model not read (%d): %.200s", res.StatusCode, body)
	}
	res, _ = post(t, ts, "format=text", seed)
	if res.StatusCode != 200 {
		t.Errorf("server unusable after a panic: %d", res.StatusCode)
	}
}

// TestNoFiles checks that model code cannot import modules from the
// server's disk.
func TestNoFiles(t *testing.T) {
	ts := newTest(t, Options{})
	dir := t.TempDir()
	t.Chdir(dir)
	secret := "from keras.models import Sequential\nLEAKED = 12345\n"
	if err := os.WriteFile(filepath.Join(dir, "secret_mod.py"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	code := "import secret_mod\nfrom keras.models import Sequential\nfrom keras.layers import Dense\nm = Sequential()\nm.add(Dense(secret_mod.LEAKED, input_dim=3))\n"
	res, body := post(t, ts, "format=text&name=model.py", []byte(code))
	if res.StatusCode == 200 || bytes.Contains(body, []byte("12345")) {
		t.Errorf("model code imported a file from the server's disk: %d %s", res.StatusCode, body)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("timed out waiting")
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"model.h5": "model.h5", "../../etc/passwd": "passwd", `C:\Users\x\m.keras`: "m.keras", "a\x00b\nc.py": "abc.py",
		"": "", "/": "", strings.Repeat("é", 300): strings.Repeat("é", 200),
	} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := fileBase(`a/b "c".d`); got != "a_b__c_.d" {
		t.Errorf("fileBase = %q", got)
	}
	_ = fmt.Sprint
}

// TestMissingValues: what the CLI takes as --define, --input-size and
// --dim, the API takes as define=, input_size= and dim=: the seed snippet
// as pasted (no imports, no input_shape), the seed CNN as nn.Module code,
// an ONNX export with dynamic axes.
func TestMissingValues(t *testing.T) {
	ts := newTest(t, Options{})
	// The seed's shape: Keras 1 names without imports, no input_shape.
	seed := []byte(`model = Sequential()
model.add(Convolution2D(32, 5, 5, border_mode='valid', input_shape=input_shape))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Convolution2D(64, 5, 5))
model.add(Flatten())
model.add(Dense(2))
model.summary()
`)
	res, body := post(t, ts, "format=text&name=seed.py", seed)
	if res.StatusCode != 422 || !bytes.Contains(body, []byte("input_shape")) {
		t.Errorf("seed without define: %d %s", res.StatusCode, body)
	}
	res, body = post(t, ts, "format=text&name=seed.py&define="+url.QueryEscape("input_shape=(28,28,1)"), seed)
	if res.StatusCode != 200 || !bytes.Contains(body, []byte("51264")) {
		t.Errorf("seed with define: %d %s", res.StatusCode, body)
	}
	torchSeed := readFile(t, "pytorch/seed.py")
	res, body = post(t, ts, "format=json&name=seed.py&input_size=1,1,28,28", torchSeed)
	if res.StatusCode != 200 || !bytes.Contains(body, []byte(`"params": 154798`)) {
		t.Errorf("torch seed: %d %.300s", res.StatusCode, body)
	}
	onnx := readFile(t, "onnx/models/encoder.onnx")
	res, body = post(t, ts, "format=text&name=encoder.onnx&dim=batch=2,tokens=7", onnx)
	if res.StatusCode != 200 || !bytes.Contains(body, []byte("(2, 5)")) {
		t.Errorf("onnx dims: %d %s", res.StatusCode, body)
	}
	for _, q := range []string{"define=oops", "input_size=1,x", "dim=tokens"} {
		if res, body := post(t, ts, "format=text&"+q, torchSeed); res.StatusCode != 400 {
			t.Errorf("%s: %d %s", q, res.StatusCode, body)
		}
	}
}

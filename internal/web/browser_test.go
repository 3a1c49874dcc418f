package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/netsum/netsum/internal/browsertest"
)

// TestBrowserMissingValue is the seed's own story in the page: the code
// as pasted (no imports, no input_shape) fails with the missing name; the
// page opens its "Missing values" box with the value the error suggests;
// Enter summarizes, and conv2's 51,264 parameters show.
func TestBrowserMissingValue(t *testing.T) {
	b := browsertest.Start(t)
	ts := newTest(t, Options{Version: "test"})
	wait := 30 * time.Second
	seed := `model = Sequential()
model.add(Convolution2D(32, 5, 5, border_mode='valid', input_shape=input_shape))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Convolution2D(64, 5, 5))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(100))
model.add(Dense(2))
model.summary()
`
	q, _ := json.Marshal(seed)
	b.Run(wait, "open page", chromedp.Navigate(ts.URL+"/"), browsertest.Wait(`document.querySelectorAll("#style option").length > 5`, wait))
	b.Run(wait, "paste without input_shape",
		browsertest.Exec(`(() => { const c = document.getElementById("code"); c.value = `+string(q)+`; c.dispatchEvent(new Event("input")); })()`),
		chromedp.Click(chromedp.ID("run")),
		browsertest.Wait(`document.getElementById("status").classList.contains("error")`, wait),
	)
	status := browsertest.Eval[string](b, `document.getElementById("status").textContent`)
	if !strings.Contains(status, "input_shape") {
		t.Fatalf("status %q", status)
	}
	open := browsertest.Eval[bool](b, `document.getElementById("values").open`)
	value := browsertest.Eval[string](b, `document.getElementById("define").value`)
	if !open || value != "input_shape=(28,28,1)" {
		t.Errorf("values box open=%v, define=%q", open, value)
	}
	b.Screenshot("missing-1-error")
	b.Run(wait, "enter",
		browsertest.Exec(`document.getElementById("define").dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}))`),
		browsertest.Wait(`/\b51264\b/.test(document.getElementById("table").textContent)`, wait),
	)
	b.Screenshot("missing-2-table")
	// The one 422 is the answer the test asked for; nothing else.
	for _, p := range b.Problems() {
		if !strings.Contains(p, "status of 422") {
			t.Errorf("console: %s", p)
		}
	}
}

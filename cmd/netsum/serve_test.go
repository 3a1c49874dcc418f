package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// startServe runs the serve command on a free loopback port until the test
// ends and returns its base URL.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	o := &serveOptions{stdout: io.Discard, stderr: &stderr, ctx: ctx, ready: func(addr string) { ready <- addr }}
	cmd := serveCmd(o)
	cmd.SetArgs(append([]string{"--addr", "127.0.0.1:0"}, args...))
	go func() { done <- cmd.Execute() }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v; %s", err, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + addr
}

func TestServeMatchesCLI(t *testing.T) {
	base := startServe(t)
	seed, err := os.ReadFile(seedK1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ query, flags string }{
		{"format=json", "-f json"},
		{"format=text", ""},
		{"format=text&style=keras3", "--style keras3"},
		{"format=csv", "-f csv"},
		{"format=svg", "-f svg"},
	} {
		res, err := http.Post(base+"/api/summary?name=seed_keras1.json&"+c.query, "application/octet-stream", bytes.NewReader(seed))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		args := append(strings.Fields(c.flags), "-")
		code, want, errs := runCLI(t, string(seed), args...)
		if code != 0 {
			t.Fatalf("netsum %s: %d %s", c.flags, code, errs)
		}
		// The CLI names standard input <stdin>; the server uses the name
		// it was given.
		want = strings.ReplaceAll(want, "<stdin>", "seed_keras1.json")
		if res.StatusCode != 200 || string(got) != want {
			t.Errorf("%s: %d; API and CLI differ:\n--- API\n%.500s\n--- CLI\n%.500s", c.query, res.StatusCode, got, want)
		}
	}
}

func TestServeFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"serve", "--addr", "0.0.0.0:0"}, 2, "--allow-remote"},
		{[]string{"serve", "--addr", "192.0.2.1:0"}, 2, "--allow-remote"},
		{[]string{"serve", "--addr", "nonsense"}, 2, "--addr"},
		{[]string{"serve", "--max-upload", "0"}, 2, "positive"},
		{[]string{"serve", "--nope"}, 2, "unknown flag"},
		{[]string{"serve", "extra"}, 2, "unknown command"},
	} {
		code, _, errs := runCLI(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.err) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.err)
		}
	}
}

func TestFormatsSVGHTML(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		out  string
		err  string
	}{
		{[]string{"-f", "svg", seedK1}, 0, "51,264 params", ""},
		{[]string{"-f", "svg", "--expand-nested", "../../testdata/tfjs/nested_three_levels.json"}, 0, `class="group"`, ""},
		{[]string{"-f", "html", seedK1}, 0, "<!DOCTYPE html>", ""},
		{[]string{"-f", "html", "--style", "keras3", seedK1}, 0, "style keras3", ""},
		{[]string{"-f", "svg", seedK1, seedK1}, 2, "", "one PATH"},
		{[]string{"-f", "html", seedK1, seedK1}, 2, "", "one PATH"},
	} {
		code, out, errs := runCLI(t, "", c.args...)
		if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errs, c.err) {
			t.Errorf("%v: exit %d, stderr %q, stdout %.200q", c.args, code, errs, out)
		}
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/netsum/netsum/internal/summary"
	"github.com/netsum/netsum/internal/web"
)

// explainSummary, when set, explains a summary as text: where each count
// comes from. The HTML page (--format html) and the serve UI show it; nil
// leaves the explanation out. The explain command sets it (explain.go).
var explainSummary func(s *summary.Summary) (string, error)

// explanation is explainSummary's text, or "" (with a warning on stderr
// if it failed).
func explanation(s *summary.Summary, stderr io.Writer) string {
	if explainSummary == nil {
		return ""
	}
	text, err := explainSummary(s)
	if err != nil {
		fmt.Fprintf(stderr, "netsum: explanation left out: %v\n", err)
		return ""
	}
	return text
}

// serveOptions are the flags of the serve command.
type serveOptions struct {
	stdout, stderr io.Writer

	addr          string
	maxUpload     int64
	timeout       time.Duration
	maxConcurrent int
	maxQueue      int
	allowRemote   bool

	// ready, when set, receives the listening address (tests).
	ready func(addr string)
	// ctx, when set, stops the server when done (tests); otherwise
	// SIGINT or SIGTERM does.
	ctx context.Context
}

func newServeCmd(stdout, stderr io.Writer) *cobra.Command {
	return serveCmd(&serveOptions{stdout: stdout, stderr: stderr})
}

// serveCmd parses flags into o and runs serveRun(o).
func serveCmd(o *serveOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve a page where a model is pasted or dropped, and an HTTP API",
		Long: `serve runs a web page where you paste model code or drop a model file
and see its summary table (in any style), its diagram and downloads, plus
an HTTP API:

  POST /api/summary?format=json|text|csv|markdown|svg|html|view
       &style=NAME&expand_nested=true&model=NAME&name=FILE.py
       body: the model bytes (or a multipart form with a "file" field)
  GET  /api/info

It listens on 127.0.0.1 only unless --allow-remote is given. Uploads stay
in memory; nothing is written to disk.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return serveRun(o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	f.Int64Var(&o.maxUpload, "max-upload", web.DefaultMaxUpload, "largest upload accepted, in bytes")
	f.DurationVar(&o.timeout, "timeout", web.DefaultTimeout, "time allowed to read and render one model, waiting included")
	f.IntVar(&o.maxConcurrent, "max-concurrent", 0, "models read at once (default: the number of CPUs)")
	f.IntVar(&o.maxQueue, "max-queue", web.DefaultMaxQueue, "requests that may wait for a slot; more get 503")
	f.BoolVar(&o.allowRemote, "allow-remote", false, "allow listening on a non-loopback address (anyone who can reach it can use the server)")
	c.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageErr("%v", err) })
	return c
}

// isLoopback reports whether host (from --addr) names only this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func serveRun(o *serveOptions) error {
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return usageErr("--addr %q: %v", o.addr, err)
	}
	if !isLoopback(host) && !o.allowRemote {
		return usageErr("--addr %q listens beyond this machine; use 127.0.0.1, or add --allow-remote if that is what you want", o.addr)
	}
	if o.maxUpload <= 0 || o.timeout <= 0 || o.maxConcurrent < 0 || o.maxQueue < 0 {
		return usageErr("--max-upload and --timeout must be positive, --max-concurrent and --max-queue not negative")
	}
	opt := web.Options{
		MaxUpload:     o.maxUpload,
		Timeout:       o.timeout,
		MaxConcurrent: o.maxConcurrent,
		MaxQueue:      o.maxQueue,
		Version:       version,
		Log:           log.New(o.stderr, "", log.LstdFlags),
	}
	if explainSummary != nil {
		opt.Explain = explainSummary
	}
	if o.allowRemote {
		opt.Hosts = []string{"*"}
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	srv := &http.Server{
		Handler:           web.New(opt),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       o.timeout + time.Minute, // uploads
		WriteTimeout:      o.timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          opt.Log,
	}
	addr := ln.Addr().String()
	fmt.Fprintf(o.stderr, "netsum serve: listening on http://%s/ (Ctrl-C stops)\n", addr)
	if o.ready != nil {
		o.ready(addr)
	}
	ctx := o.ctx
	if ctx == nil {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return &exitError{code: 1, err: err}
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return &exitError{code: 1, err: err}
	}
	fmt.Fprintln(o.stderr, "netsum serve: stopped")
	return nil
}

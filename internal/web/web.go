// Package web is the HTTP side of `netsum serve`: a page where a model is
// pasted or dropped and shown as a table, a diagram and an explanation,
// and an API (POST /api/summary) that returns what the CLI prints. It runs
// the same library as the CLI (frontend, summary, render/...) and adds
// only transport: limits, timeouts, security headers.
//
// Safety: every request body is read into memory up to a size limit and
// given to the front ends as an io.ReaderAt; nothing is written to disk
// and no file is opened. A fixed number of models are read at once
// (others wait in a bounded queue); each request has a deadline, passed
// to the front ends as a context. Pages are served with a strict
// Content-Security-Policy (scripts and styles from 'self' only, nothing
// inline). The Host header must name the server (no DNS rebinding) and
// cross-site POSTs are refused.
//
// It imports frontend, summary and the renderers.
package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"io/fs"
	"log"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/render/html"
	"github.com/netsum/netsum/internal/render/text"
	"github.com/netsum/netsum/internal/render/torchinfo"
	"github.com/netsum/netsum/internal/summary"
)

//go:embed static
var staticFS embed.FS

// Explainer explains a summary as text (where each number comes from). A
// server without one has no explain view.
type Explainer func(s *summary.Summary) (string, error)

// Options configure a Server. Zero values take the defaults below.
type Options struct {
	// MaxUpload bounds a request body, in bytes (default 64 MiB).
	MaxUpload int64
	// Timeout bounds the work of one request, waiting for a slot
	// included (default 30 s).
	Timeout time.Duration
	// MaxConcurrent is how many models are read at once (default: the
	// number of CPUs).
	MaxConcurrent int
	// MaxQueue is how many requests may wait for a slot; more are refused
	// at once with 503 (default 256).
	MaxQueue int
	// Explain, when set, feeds the explain view.
	Explain Explainer
	// Version is shown by the page and /api/info.
	Version string
	// Hosts are the host names the Host header may carry besides
	// localhost, 127.0.0.1 and [::1]; "*" accepts any (for a server
	// deliberately exposed beyond loopback).
	Hosts []string
	// Log receives one line per failed request and per panic; nil is
	// log.Default().
	Log *log.Logger
}

// Defaults.
const (
	DefaultMaxUpload = 64 << 20
	DefaultTimeout   = 30 * time.Second
	DefaultMaxQueue  = 256
)

// Server serves the page and the API.
type Server struct {
	opt     Options
	slots   chan struct{}
	waiting atomic.Int64
	mux     *http.ServeMux
	static  http.Handler
}

// New returns a server with opt's limits.
func New(opt Options) *Server {
	if opt.MaxUpload <= 0 {
		opt.MaxUpload = DefaultMaxUpload
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxConcurrent <= 0 {
		opt.MaxConcurrent = runtime.NumCPU()
	}
	if opt.MaxQueue <= 0 {
		opt.MaxQueue = DefaultMaxQueue
	}
	if opt.Log == nil {
		opt.Log = log.Default()
	}
	s := &Server{opt: opt, slots: make(chan struct{}, opt.MaxConcurrent), mux: http.NewServeMux()}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	s.static = http.FileServerFS(sub)
	s.mux.HandleFunc("GET /{$}", s.serveIndex)
	s.mux.HandleFunc("GET /static/diagram.js", s.serveDiagramJS)
	s.mux.Handle("GET /static/", http.StripPrefix("/static", noListing(s.static)))
	s.mux.HandleFunc("GET /api/info", s.serveInfo)
	s.mux.HandleFunc("POST /api/summary", s.serveSummary)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	return s
}

// csp is the Content-Security-Policy of every response.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// ServeHTTP checks the Host and Origin, sets the security headers and
// routes the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if !s.hostAllowed(r.Host) {
		s.fail(w, r, http.StatusMisdirectedRequest, "host %q is not served here; open http://127.0.0.1 or http://localhost instead", r.Host)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
			s.fail(w, r, http.StatusForbidden, "cross-site request refused")
			return
		}
		if o := r.Header.Get("Origin"); o != "" && o != "null" && !sameOrigin(o, r.Host) {
			s.fail(w, r, http.StatusForbidden, "cross-origin request refused")
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) hostAllowed(host string) bool {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.Trim(strings.ToLower(name), "[]")
	switch name {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	if ip := net.ParseIP(name); ip != nil && ip.IsLoopback() {
		return true
	}
	for _, a := range s.opt.Hosts {
		if a == "*" || strings.EqualFold(a, name) || strings.EqualFold(a, host) {
			return true
		}
	}
	return false
}

func sameOrigin(origin, host string) bool {
	o := origin
	for _, p := range []string{"http://", "https://"} {
		o = strings.TrimPrefix(o, p)
	}
	return strings.EqualFold(o, host)
}

func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	b, err := staticFS.ReadFile("static/index.html")
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "%v", err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

func (s *Server) serveDiagramJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write([]byte(html.DiagramJS))
}

// Info is the body of GET /api/info.
type Info struct {
	Version   string      `json:"version"`
	Formats   []string    `json:"formats"`
	Styles    []StyleInfo `json:"styles"`
	Explain   bool        `json:"explain"`
	MaxUpload int64       `json:"max_upload"`
}

// StyleInfo names a text style.
type StyleInfo struct {
	Name     string `json:"name"`
	Versions string `json:"versions"`
}

func (s *Server) serveInfo(w http.ResponseWriter, r *http.Request) {
	info := Info{Version: s.opt.Version, Formats: frontend.Formats(), Explain: s.opt.Explain != nil, MaxUpload: s.opt.MaxUpload}
	for _, st := range text.Styles() {
		info.Styles = append(info.Styles, StyleInfo{Name: st.Name, Versions: st.Versions})
	}
	for _, st := range torchinfo.Styles() {
		info.Styles = append(info.Styles, StyleInfo{Name: st.Name, Versions: st.Versions})
	}
	writeJSON(w, http.StatusOK, info)
}

// apiError is the body of every error response.
type apiError struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = sprintf(format, args...)
	}
	if status >= 500 {
		s.opt.Log.Printf("netsum serve: %s %s: %d %s", r.Method, r.URL.Path, status, msg)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, apiError{Error: msg, Status: status})
}

// noListing answers 404 for directories instead of listing them.
func noListing(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// jsonMarshal is compact JSON and a newline; < > & are left as they are
// (the answers are application/json with nosniff, never HTML).
func jsonMarshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return b.Bytes(), err
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := jsonMarshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed","status":500}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

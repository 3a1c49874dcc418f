package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"

	"github.com/netsum/netsum/internal/cost"
	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/render/html"
	"github.com/netsum/netsum/internal/render/jsonout"
	"github.com/netsum/netsum/internal/render/svg"
	"github.com/netsum/netsum/internal/render/text"
	"github.com/netsum/netsum/internal/render/torchinfo"
	"github.com/netsum/netsum/internal/summary"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// request is what the query string of POST /api/summary asks for.
type request struct {
	format string
	style  *text.Style
	// styleName is style= as given ("" = the input's default); a style
	// internal/render/torchinfo prints (torchinfo, checkpoint) leaves style
	// nil.
	styleName     string
	expand        bool
	showTrainable bool
	lineLength    int
	allowUnknown  bool
	dialect       graph.Dialect
	model         string
	name          string
	// The model's missing values: define=NAME=VALUE (repeatable; model
	// code), input_size=1,3,224,224 (PyTorch code), dim=NAME=N
	// (repeatable or comma-separated; ONNX named dims). Several inputs:
	// input_size=1,3,224,224;1,10 (or input_size repeated), their dtypes
	// input_dtype=long (one for all, or comma-separated per input).
	defines    map[string]string
	inputSize  [][]int64
	inputDType []string
	dims       map[string]int64
}

// Formats of POST /api/summary: the CLI's, plus "view" (everything the
// page shows, in one JSON object).
var apiFormats = []string{"json", "text", "csv", "markdown", "svg", "html", "view"}

func parseRequest(q url.Values) (*request, error) {
	req := &request{format: strings.ToLower(q.Get("format")), model: q.Get("model"), name: cleanName(q.Get("name"))}
	switch req.format {
	case "":
		req.format = "json"
	case "md":
		req.format = "markdown"
	}
	ok := false
	for _, f := range apiFormats {
		ok = ok || f == req.format
	}
	if !ok {
		return nil, fmt.Errorf("format %q: expected one of %s", req.format, strings.Join(apiFormats, ", "))
	}
	req.styleName = q.Get("style")
	if st := req.styleName; st != "" && !torchinfo.IsStyle(st) {
		s, err := text.ParseStyle(st)
		if err != nil {
			return nil, err
		}
		req.style = &s
	}
	var err error
	flag := func(names ...string) bool {
		for _, n := range names {
			if v := q.Get(n); v != "" {
				b, e := strconv.ParseBool(v)
				if e != nil {
					err = fmt.Errorf("%s=%q: expected true or false", n, v)
				}
				return b
			}
		}
		return false
	}
	req.expand = flag("expand_nested", "expand")
	req.showTrainable = flag("show_trainable")
	req.allowUnknown = flag("allow_unknown")
	if err != nil {
		return nil, err
	}
	if v := q.Get("line_length"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 0 || n > 1000 {
			return nil, fmt.Errorf("line_length=%q: expected 0 to 1000", v)
		}
		req.lineLength = n
	}
	if req.defines, err = frontend.ParseDefines(q["define"]); err != nil {
		return nil, err
	}
	if req.inputSize, err = frontend.ParseInputSize(q["input_size"]...); err != nil {
		return nil, err
	}
	if req.inputDType, err = frontend.ParseInputDType(q.Get("input_dtype")); err != nil {
		return nil, err
	}
	if req.dims, err = frontend.ParseDims(q["dim"]); err != nil {
		return nil, err
	}
	switch strings.ToLower(q.Get("keras_version")) {
	case "":
	case "1", "keras1":
		req.dialect = graph.Keras1
	case "2", "keras2":
		req.dialect = graph.Keras2
	case "tf", "tf.keras", "tfkeras":
		req.dialect = graph.TFKeras
	case "3", "keras3":
		req.dialect = graph.Keras3
	default:
		return nil, fmt.Errorf("keras_version=%q: expected 1, 2, tf or 3", q.Get("keras_version"))
	}
	return req, nil
}

// cleanName keeps the base name of a client's file name, printable and
// short: it only names the input in messages and helps detection.
func cleanName(n string) string {
	n = path.Base(strings.ReplaceAll(n, "\\", "/"))
	if n == "." || n == "/" {
		return ""
	}
	n = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, n)
	if r := []rune(n); len(r) > 200 {
		n = string(r[:200])
	}
	return n
}

// result is a finished answer.
type result struct {
	status      int
	contentType string
	disposition string
	body        []byte
}

func (s *Server) serveSummary(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "%v", err)
		return
	}
	if r.ContentLength > s.opt.MaxUpload {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "the upload is %d bytes; this server reads up to %d (netsum serve --max-upload)", r.ContentLength, s.opt.MaxUpload)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.Timeout)
	defer cancel()
	// Wait for a slot, in a bounded queue.
	if s.waiting.Add(1) > int64(s.opt.MaxQueue) {
		s.waiting.Add(-1)
		s.fail(w, r, http.StatusServiceUnavailable, "busy: %d requests are waiting; try again", s.opt.MaxQueue)
		return
	}
	select {
	case s.slots <- struct{}{}:
		s.waiting.Add(-1)
	case <-ctx.Done():
		s.waiting.Add(-1)
		s.fail(w, r, http.StatusServiceUnavailable, "busy: no slot within %v; try again", s.opt.Timeout)
		return
	}
	release := func() { <-s.slots }
	// The body is read while holding a slot, so that memory is bounded by
	// slots times the upload limit.
	name, data, err := s.readBody(w, r)
	if err != nil {
		release()
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.fail(w, r, http.StatusRequestEntityTooLarge, "the upload is larger than %d bytes (netsum serve --max-upload)", s.opt.MaxUpload)
			return
		}
		s.fail(w, r, http.StatusBadRequest, "reading the upload: %v", err)
		return
	}
	if req.name != "" {
		name = req.name
	}
	if name == "" {
		name = "<paste>"
	}
	// The work holds the slot until it ends, even when the request has
	// given up on it, so that the limit bounds the work actually running.
	done := make(chan result, 1)
	go func() {
		defer release()
		defer func() {
			if p := recover(); p != nil {
				s.opt.Log.Printf("netsum serve: panic reading %q: %v\n%s", name, p, debug.Stack())
				done <- errResult(http.StatusInternalServerError, fmt.Sprintf("internal error reading the model: %v", p))
			}
		}()
		done <- s.work(ctx, req, name, data)
	}()
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		if r.Context().Err() != nil {
			return // the client has gone
		}
		s.fail(w, r, http.StatusGatewayTimeout, "reading the model took longer than %v (netsum serve --timeout)", s.opt.Timeout)
		return
	}
	if res.status >= 500 {
		s.opt.Log.Printf("netsum serve: %s: %d %s", name, res.status, bytes.TrimSpace(res.body))
	}
	h := w.Header()
	h.Set("Content-Type", res.contentType)
	h.Set("Cache-Control", "no-store")
	if res.disposition != "" {
		h.Set("Content-Disposition", res.disposition)
	}
	w.WriteHeader(res.status)
	w.Write(res.body)
}

// readBody returns the upload: the raw body, or the first file (or
// "code"/"model" field) of a multipart form, streamed (never spooled to
// disk as ParseMultipartForm would).
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (name string, data []byte, err error) {
	body := http.MaxBytesReader(w, r.Body, s.opt.MaxUpload)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		data, err = io.ReadAll(body)
		return "", data, err
	}
	r.Body = body
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, err
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return "", nil, errors.New(`the form has no "file" or "code" field`)
		}
		if err != nil {
			return "", nil, err
		}
		switch p.FormName() {
		case "file", "model", "code":
			data, err = io.ReadAll(p)
			return cleanName(p.FileName()), data, err
		}
	}
}

func errResult(status int, msg string) result {
	b, _ := jsonMarshal(apiError{Error: msg, Status: status})
	return result{status: status, contentType: "application/json; charset=utf-8", body: b}
}

// input gives uploaded bytes to the front ends: text whole in Data, binary
// formats through a ReaderAt over the same memory.
func input(name string, data []byte) *frontend.Input {
	in := &frontend.Input{Name: name, Data: data, Size: int64(len(data)), ReaderAt: bytes.NewReader(data)}
	header := data[:min(len(data), frontend.HeaderSize)]
	if frontend.IsBinary(header) {
		in.Data, in.Binary = header, true
	}
	return in
}

// View is the answer to format=view: everything the page shows.
type View struct {
	// Models names every model in the input; Model is the one shown.
	Models []string `json:"models"`
	Model  string   `json:"model"`
	// Style is the style of Text.
	Style string `json:"style"`
	Text  string `json:"text"`
	// JSON, CSV and SVG are the downloads, byte for byte what the CLI
	// writes; SVGExpanded is set for a model with nested models.
	JSON         string     `json:"json"`
	CSV          string     `json:"csv"`
	SVG          string     `json:"svg"`
	SVGExpanded  string     `json:"svg_expanded,omitempty"`
	Explain      string     `json:"explain,omitempty"`
	ExplainError string     `json:"explain_error,omitempty"`
	Warnings     []string   `json:"warnings"`
	Totals       ViewTotals `json:"totals"`
	SourceFormat string     `json:"source_format"`
}

// ViewTotals are the model's parameter totals (the JSON download has the
// rest).
type ViewTotals struct {
	Params       int64 `json:"params"`
	Trainable    int64 `json:"trainable_params"`
	NonTrainable int64 `json:"non_trainable_params"`
}

func (s *Server) work(ctx context.Context, req *request, name string, data []byte) result {
	in := input(name, data)
	ms, err := frontend.Open(in, frontend.Options{AllowUnknown: req.allowUnknown, Dialect: req.dialect, ModelName: req.model, Context: ctx, NoFiles: true,
		Defines: req.defines, InputSize: req.inputSize, InputDType: req.inputDType, Dims: req.dims})
	if ctx.Err() != nil {
		return errResult(http.StatusGatewayTimeout, "reading the model took too long")
	}
	if err != nil {
		return errResult(http.StatusUnprocessableEntity, err.Error())
	}
	if len(ms) == 0 {
		return errResult(http.StatusUnprocessableEntity, "the input holds no model")
	}
	m := ms[0]
	sum := summary.Build(m)
	if req.format == "json" || req.format == "view" {
		// As the CLI does for JSON: compute figures (MACs, memory) for
		// the schema's cost fields.
		if err := cost.Annotate(sum, cost.Options{}); err != nil {
			return errResult(http.StatusUnprocessableEntity, err.Error())
		}
	}
	st := text.DefaultStyle(m.Dialect, m.Version)
	if req.style != nil {
		st = *req.style
	}
	topt := text.Options{Style: st, LineLength: req.lineLength, ExpandNested: req.expand, ShowTrainable: req.showTrainable}
	var b bytes.Buffer
	ok := func(ct string) result { return result{status: http.StatusOK, contentType: ct, body: b.Bytes()} }
	switch req.format {
	case "json":
		err = jsonout.Render(&b, sum, jsonout.Options{})
		if err == nil {
			return ok("application/json; charset=utf-8")
		}
	case "text":
		var done bool
		if done, err = torchinfo.RenderStyle(&b, sum, torchinfo.StyleOptions{Style: req.styleName}); !done && err == nil {
			err = text.Render(&b, sum, topt)
		}
		if err == nil {
			return ok("text/plain; charset=utf-8")
		}
	case "csv":
		err = text.RenderCSV(&b, sum)
		if err == nil {
			return ok("text/csv; charset=utf-8")
		}
	case "markdown":
		err = text.RenderMarkdown(&b, sum)
		if err == nil {
			return ok("text/markdown; charset=utf-8")
		}
	case "svg":
		err = svg.Render(&b, sum, svg.Options{ExpandNested: req.expand, Context: ctx})
		if err == nil {
			return ok("image/svg+xml; charset=utf-8")
		}
	case "html":
		hopt := html.Options{Style: st, ExpandNested: req.expand, Context: ctx}
		hopt.Explanation, _ = s.explain(sum)
		err = html.Render(&b, sum, hopt)
		if err == nil {
			res := ok("text/html; charset=utf-8")
			// The page pins its inline script by hash in its own CSP; it is
			// a download, not a page of this site.
			res.disposition = `attachment; filename="` + fileBase(m.Name) + `.html"`
			return res
		}
	case "view":
		return s.view(ctx, ms, sum, topt, req.styleName)
	}
	if ctx.Err() != nil {
		return errResult(http.StatusGatewayTimeout, "rendering the model took too long")
	}
	return errResult(http.StatusUnprocessableEntity, err.Error())
}

func (s *Server) view(ctx context.Context, ms []*graph.Model, sum *summary.Summary, topt text.Options, styleName string) result {
	m := ms[0]
	v := View{Model: m.Name, Style: topt.Style.Name, Warnings: []string{}, SourceFormat: m.SourceFormat}
	// The table as the CLI prints it: a torch style when asked for, or
	// the checkpoint table for a weight file (torchinfo.RenderStyle); its
	// Mult-Adds must not change the JSON download's figures, so it gets a
	// summary of its own.
	tsum := sum
	if strings.EqualFold(styleName, "torchinfo") {
		c := *sum
		c.Totals.Cost = nil
		c.Rows = withoutCost(sum.Rows)
		tsum = &c
	}
	if torchinfo.IsStyle(styleName) {
		v.Style = strings.ToLower(styleName)
	} else if styleName == "" && torchinfo.IsCheckpoint(sum) {
		v.Style = "checkpoint"
	}
	for _, x := range ms {
		v.Models = append(v.Models, x.Name)
	}
	for _, w := range m.Warnings {
		v.Warnings = append(v.Warnings, w.String())
	}
	var b bytes.Buffer
	render := func(dst *string, f func(io.Writer) error) error {
		b.Reset()
		if err := f(&b); err != nil {
			return err
		}
		*dst = b.String()
		return nil
	}
	nested := false
	for i := range sum.Rows {
		nested = nested || (sum.Rows[i].Nested && len(sum.Rows[i].Sub) > 0)
	}
	steps := []func() error{
		func() error {
			return render(&v.Text, func(w io.Writer) error {
				done, err := torchinfo.RenderStyle(w, tsum, torchinfo.StyleOptions{Style: styleName})
				if !done && err == nil {
					err = text.Render(w, sum, topt)
				}
				return err
			})
		},
		func() error {
			return render(&v.JSON, func(w io.Writer) error { return jsonout.Render(w, sum, jsonout.Options{}) })
		},
		func() error { return render(&v.CSV, func(w io.Writer) error { return text.RenderCSV(w, sum) }) },
		func() error {
			return render(&v.SVG, func(w io.Writer) error {
				return svg.Render(w, sum, svg.Options{IDPrefix: "c", Context: ctx})
			})
		},
	}
	if nested {
		steps = append(steps, func() error {
			return render(&v.SVGExpanded, func(w io.Writer) error {
				return svg.Render(w, sum, svg.Options{ExpandNested: true, IDPrefix: "e", Context: ctx})
			})
		})
	}
	for _, step := range steps {
		if err := step(); err != nil {
			if ctx.Err() != nil {
				return errResult(http.StatusGatewayTimeout, "rendering the model took too long")
			}
			return errResult(http.StatusUnprocessableEntity, err.Error())
		}
	}
	v.Totals = ViewTotals{Params: sum.Totals.Params, Trainable: sum.Totals.Trainable, NonTrainable: sum.Totals.NonTrainable}
	v.Explain, v.ExplainError = s.explain(sum)
	body, err := jsonMarshal(v)
	if err != nil {
		return errResult(http.StatusInternalServerError, err.Error())
	}
	return result{status: http.StatusOK, contentType: "application/json; charset=utf-8", body: body}
}

// withoutCost copies rows (and their Sub rows) with Cost unset.
func withoutCost(rs []summary.Row) []summary.Row {
	out := make([]summary.Row, len(rs))
	for i, r := range rs {
		r.Cost = nil
		r.Sub = withoutCost(r.Sub)
		out[i] = r
	}
	return out
}

// explain runs the Explainer, if any; a failure or panic there costs the
// explanation only.
func (s *Server) explain(sum *summary.Summary) (text, errText string) {
	if s.opt.Explain == nil {
		return "", ""
	}
	defer func() {
		if p := recover(); p != nil {
			s.opt.Log.Printf("netsum serve: panic explaining: %v\n%s", p, debug.Stack())
			text, errText = "", fmt.Sprintf("internal error: %v", p)
		}
	}()
	t, err := s.opt.Explain(sum)
	if err != nil {
		return "", err.Error()
	}
	return t, ""
}

// fileBase makes a model name safe as a download's file name.
func fileBase(n string) string {
	n = strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			return r
		}
		return '_'
	}, n)
	n = strings.Trim(n, "._")
	if n == "" {
		return "model"
	}
	if len(n) > 100 {
		n = n[:100]
	}
	return n
}

package pykeras

import (
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/kerasmodel"
	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

// Versions recorded on the models of each dialect; they pick the summary
// printer of that version.
var dialectVersions = map[graph.Dialect]string{
	graph.Keras1:  "1.1.1",
	graph.Keras2:  "2.3.1",
	graph.TFKeras: "2.15.0",
	graph.Keras3:  "3.6.0",
}

// DefaultVersion is the Keras version a dialect's models are recorded with.
func DefaultVersion(d graph.Dialect) string {
	if v, ok := dialectVersions[d]; ok {
		return v
	}
	return dialectVersions[graph.Keras3]
}

// Config configures a Session.
type Config struct {
	// Dialect is the Keras dialect of the code (Keras3 when unknown).
	Dialect graph.Dialect
	// Version is recorded on the models (DefaultVersion(Dialect) when empty).
	Version string
	// AllowUnknown lets unknown layer classes and shapes through as "?".
	AllowUnknown bool
}

// Session is one run of model code: dialect, naming counters, models and
// summary() calls.
type Session struct {
	Dialect      graph.Dialect
	Version      string
	AllowUnknown bool

	namer         *kerasmodel.Namer
	channelsFirst bool // image_data_format() == "channels_first"
	formatSet     bool // set by set_image_data_format/dim_ordering
	floatx        string

	summaries []Summary
	models    []*layerObj // models in construction order
	lastBuilt *layerObj

	sources map[string][]byte // for call positions
	lines   map[string][]int  // line start offsets per file

	objects   map[*graph.Layer]eval.Value // the Python object of each layer
	vars      map[*graph.Weight]*Tensor   // the Python value of each weight
	saved     map[string]eval.Value       // models saved by the code, by path
	raw       int                         // > 0 while running layer code symbolically
	intrinsic map[*graph.Weight]bool      // trainability a weight was built with
	classes   *classSet
}

// Summary is one model.summary() call: the model as it was at that point.
type Summary struct {
	Model *graph.Model
	Pos   diag.Pos
}

const localKey = "pykeras.session"

// NewSession starts a run.
func NewSession(cfg Config) *Session {
	setup()
	d := cfg.Dialect
	if !d.IsKeras() {
		d = graph.Keras3
	}
	v := cfg.Version
	if v == "" {
		v = DefaultVersion(d)
	}
	s := &Session{Dialect: d, Version: v, AllowUnknown: cfg.AllowUnknown, namer: kerasmodel.NewNamer(d),
		floatx: "float32", sources: map[string][]byte{}, lines: map[string][]int{}, intrinsic: map[*graph.Weight]bool{}, objects: map[*graph.Layer]eval.Value{}, vars: map[*graph.Weight]*Tensor{}, saved: map[string]eval.Value{}}
	s.classes = classesFor(d)
	return s
}

// Install makes th run with this session: the keras, tensorflow and numpy
// modules it imports belong to it.
func (s *Session) Install(th *eval.Thread) { th.SetLocal(localKey, s) }

// AddSource registers the text of a file that runs in the session, so
// that positions of calls can be pointed at the start of the callee.
func (s *Session) AddSource(file string, src []byte) {
	s.sources[file] = src
	delete(s.lines, file)
}

// sessionOf returns the thread's session, starting a Keras 3 one if the
// thread has none.
func sessionOf(th *eval.Thread) *Session {
	if s, ok := th.Local(localKey).(*Session); ok {
		return s
	}
	s := NewSession(Config{})
	s.Install(th)
	return s
}

// Summaries lists the model.summary() calls in order.
func (s *Session) Summaries() []Summary { return s.summaries }

// Models returns every model built in the run, in construction order, as
// they are at the end of the run (unbuilt Sequential models are left out).
func (s *Session) Models() []*graph.Model {
	var out []*graph.Model
	for _, m := range s.models {
		if g := m.model.graphModel(); g != nil && m.model.built() {
			out = append(out, s.snapshot(m))
		}
	}
	return out
}

// LastModel returns the model built last (the last model constructed, or
// the last one built or called), as it is at the end of the run, or nil.
func (s *Session) LastModel() *graph.Model {
	m := s.lastBuilt
	if m == nil {
		for i := len(s.models) - 1; i >= 0; i-- {
			if s.models[i].model.built() {
				m = s.models[i]
				break
			}
		}
	}
	if m == nil || !m.model.built() {
		return nil
	}
	return s.snapshot(m)
}

// callPos is the position of the Python call in progress, moved from its
// opening parenthesis back to the start of the callee expression:
// model.py:12:11 for the Conv2D( in "model.add(Conv2D(...))", and the
// start of "Conv2D(64, 3)(x)" for a layer called inline.
func (s *Session) callPos(th *eval.Thread) diag.Pos {
	p := th.Pos()
	if !p.IsValid() {
		return p.Diag()
	}
	return s.calleeStart(p).Diag()
}

func (s *Session) calleeStart(p syntax.Pos) syntax.Pos {
	src, ok := s.sources[p.File]
	if !ok {
		return p
	}
	starts, ok := s.lines[p.File]
	if !ok {
		starts = []int{0}
		for i, c := range src {
			if c == '\n' {
				starts = append(starts, i+1)
			}
		}
		s.lines[p.File] = starts
	}
	line := int(p.Line) - 1
	if line < 0 || line >= len(starts) {
		return p
	}
	off := starts[line] + int(p.Col) - 1
	if off < 0 || off >= len(src) || src[off] != '(' {
		return p
	}
	i := off - 1
	for i >= 0 && (src[i] == ' ' || src[i] == '\t') {
		i-- // Dense (10)
	}
	start := off
	for steps := 0; steps < 64 && i >= 0; steps++ {
		c := src[i]
		if c == ')' || c == ']' {
			// A call or subscript: its callee must be right before it.
			depth := 0
			for ; i >= 0; i-- {
				if src[i] == ')' || src[i] == ']' {
					depth++
				} else if src[i] == '(' || src[i] == '[' {
					if depth--; depth == 0 {
						break
					}
				}
			}
			start = i
			i--
			continue
		}
		if !isIdentByte(c) && c != '.' {
			break
		}
		for i >= 0 && (isIdentByte(src[i]) || src[i] == '.') {
			i--
		}
		start = i + 1
		if i < 0 || !(src[i] == ')' || src[i] == ']') || src[i+1] != '.' {
			break // f(x).g(y) goes on to f
		}
	}
	if start < 0 {
		start = 0
	}
	// Back to line:col (the start may be on an earlier line inside parens).
	l := line
	for l > 0 && starts[l] > start {
		l--
	}
	return syntax.Pos{File: p.File, Line: int32(l + 1), Col: int32(start - starts[l] + 1)}
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func newNamer(d graph.Dialect) *kerasmodel.Namer { return kerasmodel.NewNamer(d) }

package eval

import (
	"fmt"

	"github.com/netsum/netsum/internal/python/syntax"
)

// Opaque is an unknown value: a module that is not available (cv2,
// pandas, ...) or anything derived from one. It absorbs attribute access,
// calls, indexing and arithmetic, iterates as empty, and gives a clear
// error where a concrete value is needed (a condition, an int, a shape).
type Opaque struct {
	module string     // the unavailable module it comes from
	expr   string     // short description: cv2.imread(...)
	pos    syntax.Pos // where the unavailable module was first used
	quiet  bool
	path   string // for an unavailable module: its dotted name
}

// NewOpaque returns an unknown value described by expr (for native modules
// that cannot compute something, e.g. "tf.data.Dataset.from_tensor_slices(...)").
func NewOpaque(th *Thread, module, expr string) *Opaque {
	o := &Opaque{module: module, expr: expr}
	if th != nil {
		o.pos = th.Pos()
	}
	return o
}

// IsOpaque reports whether v is an unknown value.
func IsOpaque(v Value) bool {
	_, ok := v.(*Opaque)
	return ok
}

func (o *Opaque) String() string { return "<unknown " + o.expr + ">" }

// Type returns "unknown".
func (*Opaque) Type() string { return "unknown" }

// Module returns the name of the unavailable module the value comes from.
func (o *Opaque) Module() string { return o.module }

// Describe returns a short expression for the value, such as cv2.imread(...).
func (o *Opaque) Describe() string { return o.expr }

func (o *Opaque) derive(th *Thread, suffix string) *Opaque {
	e := o.expr
	if len(e) > 60 {
		e = e[:57] + "..."
	}
	d := &Opaque{module: o.module, expr: e + suffix, pos: o.pos, quiet: o.quiet}
	if !d.pos.IsValid() && th != nil {
		d.pos = th.Pos()
	}
	return d
}

func (o *Opaque) describe() string {
	return fmt.Sprintf("%s (from module %q, which is not available)", o.expr, o.module)
}

// useError is the error for using an unknown value where a real one is
// needed.
func (o *Opaque) useError(how string) error {
	where := ""
	if o.pos.IsValid() {
		where = fmt.Sprintf(", first used at %s", o.pos)
	}
	return NewError(TypeError, "cannot use an unknown value %s: %s comes from module %q, which is not available in netsum%s", how, o.expr, o.module, where)
}

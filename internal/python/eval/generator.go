package eval

import (
	"errors"
	"iter"

	"github.com/netsum/netsum/internal/python/syntax"
)

// Generator is the value of a generator function call or a generator
// expression. Generator functions run lazily, as coroutines (iter.Pull);
// generator expressions are evaluated eagerly into a list.
type Generator struct {
	name  string
	items []Value // eager generators
	eager bool
	pos   int

	next    func() (Value, bool)
	stop    func()
	fr      *frame
	err     error
	done    bool
	running bool
	sent    Value
	closing bool
}

func (g *Generator) String() string { return "<generator object " + g.name + ">" }

// Type returns "generator".
func (*Generator) Type() string { return "generator" }

// Next advances the generator.
func (g *Generator) Next(th *Thread) (Value, bool, error) {
	if g.eager {
		if g.pos >= len(g.items) {
			return nil, false, nil
		}
		v := g.items[g.pos]
		g.pos++
		return v, true, nil
	}
	if g.done {
		return nil, false, nil
	}
	if g.running {
		return nil, false, NewError(ValueError, "generator already executing")
	}
	if g.next == nil {
		g.start(th)
	}
	g.running = true
	v, ok := g.next()
	g.running = false
	if !ok {
		g.done = true
		g.stop()
		if err := g.err; err != nil {
			g.err = nil
			return nil, false, err
		}
		return nil, false, nil
	}
	return v, true, nil
}

func (g *Generator) send(th *Thread, v Value) (Value, error) {
	if g.eager {
		return nil, NewError(TypeError, "send() is not supported on generator expressions")
	}
	if g.next == nil && v != None {
		return nil, NewError(TypeError, "can't send non-None value to a just-started generator")
	}
	g.sent = v
	r, ok, err := g.Next(th)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, NewError(StopIteration, "")
	}
	return r, nil
}

// errGenExit unwinds a generator that is closed before it finished.
var errGenExit = errors.New("generator closed")

func isGenExit(err error) bool { return errors.Is(err, errGenExit) }

func (th *Thread) newGenerator(fr *frame) *Generator {
	g := &Generator{name: fr.name, fr: fr}
	fr.gen = g
	return g
}

func (g *Generator) start(th *Thread) {
	fr := g.fr
	if n := len(th.generators); n >= 64 && n&(n-1) == 0 {
		live := th.generators[:0]
		for _, x := range th.generators {
			if !x.done {
				live = append(live, x)
			}
		}
		th.generators = live
	}
	th.generators = append(th.generators, g)
	seq := func(yield func(Value) bool) {
		fr.yield = func(v Value) bool {
			// leave the thread's stack while suspended
			th.stack = th.stack[:len(th.stack)-1]
			th.depth--
			ok := yield(v)
			if ok {
				th.depth++
				th.stack = append(th.stack, fr)
			}
			return ok
		}
		if th.depth >= th.maxDepth {
			g.err = recursionError(th.maxDepth)
			return
		}
		th.depth++
		th.stack = append(th.stack, fr)
		_, err := th.execBlock(fr, fr.fn.def.Body)
		if isGenExit(err) {
			return // stack already left in yield
		}
		th.stack = th.stack[:len(th.stack)-1]
		th.depth--
		if err != nil && !isStopIteration(err) {
			g.err = err
		}
	}
	g.next, g.stop = iter.Pull(seq)
}

func (g *Generator) close() {
	if g.eager || g.done {
		return
	}
	g.done = true
	if g.stop != nil && !g.running {
		g.stop()
	}
}

func (th *Thread) evalYield(fr *frame, e *syntax.YieldExpr) (Value, error) {
	if fr.yield == nil {
		return nil, th.errorAt(e.YieldPos, NewError(SyntaxError, "'yield' outside a generator"))
	}
	var v Value = None
	if e.X != nil {
		x, err := th.eval(fr, e.X)
		if err != nil {
			return nil, err
		}
		v = x
	}
	if e.From {
		it, err := th.Iterate(v)
		if err != nil {
			return nil, th.errorAt(e.YieldPos, err)
		}
		for {
			x, ok, err := it.Next(th)
			if err != nil {
				return nil, th.errorAt(e.YieldPos, err)
			}
			if !ok {
				return None, nil
			}
			if !fr.yield(x) {
				return nil, th.genStop(fr)
			}
		}
	}
	if !fr.yield(v) {
		return nil, th.genStop(fr)
	}
	g := fr.gen
	sent := g.sent
	g.sent = nil
	if sent == nil {
		sent = None
	}
	return sent, nil
}

func (th *Thread) genStop(fr *frame) error {
	if g := fr.gen; g != nil && g.err != nil {
		err := g.err
		g.err = nil
		// the frame was not re-entered
		return err
	}
	return &EvalError{Msg: "GeneratorExit", cause: errGenExit}
}

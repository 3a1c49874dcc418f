package eval

import (
	"context"
	"os"
	"path/filepath"
	"time"
)

// DefaultScriptTimeout bounds a script run when ScriptOptions.Timeout is 0.
const DefaultScriptTimeout = time.Minute

// ScriptOptions configure NewScriptThread.
type ScriptOptions struct {
	// SearchPaths are extra import roots, after the script's own directory.
	SearchPaths []string
	// ReadFile reads imported modules (default os.ReadFile).
	ReadFile func(string) ([]byte, error)
	// OnSource is told of every file ReadFile reads.
	OnSource func(path string, src []byte)
	// Timeout bounds the run (0: DefaultScriptTimeout).
	Timeout time.Duration
	// Thread holds the other thread options (Predeclared, Modules, Files,
	// budgets…); NewScriptThread sets its Context, SearchPath, ReadFile and
	// Argv.
	Thread Options
}

// NewScriptThread returns a thread that runs the script file name, as
// netsum's front ends run model code: imports search the script's
// directory (none for "<stdin>" and "-"), then opt.SearchPaths; sys.argv
// is [name]; the run is cancelled after opt.Timeout. The caller calls
// cancel when the run is over.
func NewScriptThread(name string, opt ScriptOptions) (th *Thread, cancel context.CancelFunc) {
	read := opt.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	timeout := opt.Timeout
	if timeout == 0 {
		timeout = DefaultScriptTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	search := []string{filepath.Dir(name)}
	if name == "<stdin>" || name == "-" {
		search = nil
	}
	search = append(search, opt.SearchPaths...)
	o := opt.Thread
	o.Context = ctx
	o.SearchPath = search
	o.ReadFile = func(path string) ([]byte, error) {
		b, err := read(path)
		if err == nil && opt.OnSource != nil {
			opt.OnSource(path, b)
		}
		return b, err
	}
	o.Argv = []string{name}
	return NewThread(o), cancel
}

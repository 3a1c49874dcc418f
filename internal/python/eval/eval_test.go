package eval_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/python/eval"
)

// testing helpers visible to testdata/*.py
func testPredeclared() map[string]eval.Value {
	return map[string]eval.Value{
		"assert_eq": eval.NewBuiltin("assert_eq", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if len(args) < 2 {
				return nil, fmt.Errorf("assert_eq needs 2 arguments")
			}
			eq, err := th.Equal(args[0], args[1])
			if err != nil {
				return nil, err
			}
			if !eq || eval.ClassOf(args[0]) != eval.ClassOf(args[1]) && !(isNum(args[0]) && isNum(args[1])) {
				x, _ := th.Repr(args[0])
				y, _ := th.Repr(args[1])
				return nil, fmt.Errorf("assert_eq failed: %s != %s", x, y)
			}
			return eval.None, nil
		}),
		"assert_true": eval.NewBuiltin("assert_true", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			ok, err := th.Truth(args[0])
			if err != nil {
				return nil, err
			}
			if !ok {
				msg := "assert_true failed"
				if len(args) > 1 {
					msg += ": " + args[1].String()
				}
				return nil, errors.New(msg)
			}
			return eval.None, nil
		}),
		"assert_fails": eval.NewBuiltin("assert_fails", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if len(args) != 2 {
				return nil, fmt.Errorf("assert_fails(fn, pattern)")
			}
			_, err := th.Call(args[0], nil, nil)
			if err == nil {
				return nil, fmt.Errorf("assert_fails: no error, want %q", args[1])
			}
			pat := args[1].(eval.String)
			if !regexp.MustCompile(string(pat)).MatchString(err.Error()) {
				return nil, fmt.Errorf("assert_fails: error %q does not match %q", err.Error(), pat)
			}
			return eval.None, nil
		}),
	}
}

func isNum(v eval.Value) bool {
	switch v.(type) {
	case eval.Int, eval.Float, eval.Bool:
		return true
	}
	return false
}

var wantRx = regexp.MustCompile(`### (?:"((?:[^"\\]|\\.)*)"|(.*))$`)

// TestData runs testdata/*.py. Files are split into chunks at lines that
// are exactly "---"; each chunk runs in a fresh thread. A chunk with a
// '### "regexp"' comment must fail on that line with a matching error;
// other chunks must succeed.
func TestData(t *testing.T) {
	eval.SetPanicHookForTest(func(r any) { t.Errorf("internal error: %v", r) })
	files, err := filepath.Glob("testdata/*.py")
	if err != nil {
		t.Fatal(err)
	}
	only := os.Getenv("EVALTEST")
	for _, file := range files {
		if only != "" && !strings.Contains(file, only) {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		start := 0
		for i := 0; i <= len(lines); i++ {
			if i < len(lines) && lines[i] != "---" {
				continue
			}
			chunk := make([]string, len(lines[:i]))
			for j := range chunk {
				if j >= start {
					chunk[j] = lines[j]
				}
			}
			runChunk(t, file, start+1, strings.Join(chunk, "\n"))
			start = i + 1
		}
	}
}

func runChunk(t *testing.T, file string, firstLine int, src string) {
	t.Helper()
	wantLine, wantPat := 0, ""
	for i, l := range strings.Split(src, "\n") {
		if m := wantRx.FindStringSubmatch(l); m != nil && !strings.HasPrefix(strings.TrimSpace(l), "#") {
			wantLine = i + 1
			wantPat = m[1]
			if wantPat == "" {
				wantPat = m[2]
			}
			wantPat = strings.ReplaceAll(wantPat, `\"`, `"`)
		}
	}
	var out strings.Builder
	th := eval.NewThread(eval.Options{
		MaxSteps:    2_000_000,
		MaxAlloc:    10_000_000,
		Predeclared: testPredeclared(),
		Print:       func(th *eval.Thread, s string) { out.WriteString(s + "\n") },
		SearchPath:  []string{"testdata/modules"},
	})
	_, err := th.ExecFile(filepath.Base(file), []byte(src))
	name := fmt.Sprintf("%s:%d", file, firstLine)
	if wantPat == "" {
		if err != nil {
			msg := err.Error()
			if ee, ok := err.(*eval.EvalError); ok {
				msg = ee.Backtrace()
			}
			t.Errorf("%s: unexpected error:\n%s\noutput:\n%s", name, msg, out.String())
		}
		return
	}
	if err == nil {
		t.Errorf("%s: no error, want %q at line %d", name, wantPat, wantLine)
		return
	}
	line := 0
	var ee *eval.EvalError
	var el diag.ErrorList
	switch {
	case errors.As(err, &ee):
		line = int(ee.Pos.Line)
		if ee.Pos.File != filepath.Base(file) {
			// error in an imported module: use the innermost frame in this file
			for _, fr := range ee.CallStack {
				if fr.Pos.File == filepath.Base(file) {
					line = int(fr.Pos.Line)
				}
			}
		}
	case errors.As(err, &el):
		line = el[0].Pos.Line
	}
	if !regexp.MustCompile(wantPat).MatchString(err.Error()) {
		t.Errorf("%s: error %q does not match %q", name, err.Error(), wantPat)
	}
	if line != wantLine {
		t.Errorf("%s: error %q at line %d, want line %d", name, err.Error(), line, wantLine)
	}
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/netsum/netsum/internal/explain"
	"github.com/netsum/netsum/internal/frontend"
	"github.com/netsum/netsum/internal/render/text"
	"github.com/netsum/netsum/internal/summary"
)

// The HTML page and the serve UI show the walk too (serve.go), in the
// language of NETSUM_LANG.
func init() {
	explainSummary = func(s *summary.Summary) (string, error) {
		lang, err := envLang()
		if err != nil {
			lang = explain.EN
		}
		var b strings.Builder
		err = explain.Render(&b, s, explain.Options{Lang: lang})
		return b.String(), err
	}
}

// envLang is the language NETSUM_LANG names, English when unset.
func envLang() (explain.Lang, error) {
	if v := os.Getenv("NETSUM_LANG"); v != "" {
		return explain.ParseLang(v)
	}
	return explain.EN, nil
}

// explainOptions are the flags of the explain command.
type explainOptions struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	paths []string
	layer string
	lang  string
	width int
	// read are the model-reading flags the summary command has too.
	read readOptions
}

// newExplainCmd is `netsum explain PATH [--layer NAME] [--lang en|ru]`.
// runF, when set, receives the parsed options instead of running (tests).
func newExplainCmd(stdin io.Reader, stdout, stderr io.Writer, runF func(*explainOptions) error) *cobra.Command {
	o := &explainOptions{stdin: stdin, stdout: stdout, stderr: stderr}
	c := &cobra.Command{
		Use:   "explain [flags] PATH...",
		Short: "Explain each layer: shapes, weights and the formula behind every parameter count",
		Long: `explain walks through a model layer by layer: the input and output shapes
with the formula of each length (height: (28 − 5)/1 + 1 = 24), every weight
with its size as a product of named numbers (kernel height · kernel width ·
input channels · filters), the layer's parameter formula
((5·5·32 + 1)·64 = 51,264), a running total, and notes: why a layer has no
parameters, which weights are non-trainable and why, what depends on the
input.

--lang ru prints the same in Russian. Without --lang, NETSUM_LANG is used
when set, else English.`,
		Args:          cobra.MinimumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			if runF != nil {
				return runF(o)
			}
			return explainRun(o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.layer, "layer", "", "explain only the layer with this name")
	f.StringVar(&o.lang, "lang", "", "language: en or ru (default $NETSUM_LANG, else en)")
	f.IntVar(&o.width, "width", 80, "wrap prose at this width (0: never)")
	addReadFlags(c, &o.read, "explain")
	c.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageErr("%v", err) })
	return c
}

func explainRun(o *explainOptions) error {
	lang, err := envLang()
	if err != nil && o.lang == "" {
		return usageErr("NETSUM_LANG: %v", err)
	}
	if o.lang != "" {
		if lang, err = explain.ParseLang(o.lang); err != nil {
			return usageErr("--lang: %v", err)
		}
	}
	fopt, err := o.read.frontendOptions()
	if err != nil {
		return usageErr("%v", err)
	}
	width := o.width
	if width == 0 {
		width = -1
	}
	var sums []*summary.Summary
	for _, p := range o.paths {
		in, err := frontend.ReadInput(p, o.stdin)
		if err != nil {
			return &exitError{code: 1, err: err}
		}
		ms, err := frontend.Open(in, fopt)
		if err != nil {
			return &exitError{code: 1, err: withHint(err, lang)}
		}
		for _, m := range ms {
			if !o.read.quiet {
				for _, w := range m.Warnings {
					fmt.Fprintln(o.stderr, w.String())
				}
			}
			sums = append(sums, summary.Build(m))
		}
	}
	for i, s := range sums {
		if i > 0 {
			fmt.Fprintln(o.stdout)
		}
		if len(o.paths) > 1 && o.layer == "" {
			fmt.Fprintf(o.stdout, "==> %s <==\n", s.Source)
		}
		err := explain.Render(o.stdout, s, explain.Options{Lang: lang, Layer: o.layer, Width: width})
		var nf *explain.LayerNotFoundError
		if errors.As(err, &nf) {
			return &exitError{code: 2, err: err}
		}
		if err != nil {
			return &exitError{code: 1, err: err}
		}
	}
	return nil
}

// withHint adds the explanation of a shape error, in the vocabulary of
// explain, to err.
func withHint(err error, l explain.Lang) error {
	h := explain.Hint(err, l)
	if h == "" {
		return err
	}
	return fmt.Errorf("%w\n  %s", err, strings.ReplaceAll(h, "\n", "\n  "))
}

// renderText renders a text summary; with formulas set it appends the
// Formula column (summary --explain). The summary command calls it in
// place of text.Render.
func renderText(w io.Writer, s *summary.Summary, opt text.Options, formulas bool) error {
	if !formulas {
		return text.Render(w, s, opt)
	}
	var b strings.Builder
	if err := text.Render(&b, s, opt); err != nil {
		return err
	}
	_, err := io.WriteString(w, explain.AnnotateTable(b.String(), s, explain.EN))
	return err
}

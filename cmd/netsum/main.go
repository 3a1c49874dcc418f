// Command netsum prints framework-exact summaries of neural network models
// (shapes, parameter counts, formulas) without installing the framework.
//
// Exit codes: 0 success, 1 a model could not be read or built, 2 usage error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// exitError carries an exit code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "netsum: "+ee.err.Error())
		}
		return ee.code
	}
	// Cobra's own flag and argument errors are usage errors.
	fmt.Fprintln(stderr, "netsum: "+err.Error())
	fmt.Fprintln(stderr, "Run 'netsum --help' for usage.")
	return 2
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	opts := &summaryOptions{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "netsum [summary] [flags] PATH...",
		Short: "Framework-exact neural network model summaries, without the framework",
		Long: `netsum prints what model.summary() prints for a model, exactly as the
framework version that wrote it would, without installing the framework.

PATH is any of, detected by content:
  Python model code      Keras 1, 2, 3, tf.keras; PyTorch nn.Module code
                         (with --input-size); run symbolically, never executed
  Keras model JSON       model.to_json() of every version, TensorFlow.js
  saved Keras models     .keras, .h5 (full or weights-only), tfjs model.json,
                         a tf.keras SavedModel directory
  ONNX                   .onnx (external data too)
  checkpoints            torch.save .pt/.pth/.bin/.ckpt, .safetensors, GGUF
"-" reads standard input. Several paths print one summary each, under a
header naming the file.

Exit codes: 0 success, 1 a model could not be read or built, 2 usage error.`,
		Version:       version,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			opts.paths = args
			opts.depthSet = cmd.Flags().Changed("depth")
			return summaryRun(opts)
		},
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	addSummaryFlags(root, opts)

	sumOpts := &summaryOptions{stdin: stdin, stdout: stdout, stderr: stderr}
	sum := &cobra.Command{
		Use:           "summary [flags] PATH...",
		Short:         "Print the model summary table (the default command)",
		Args:          cobra.MinimumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			sumOpts.paths = args
			sumOpts.depthSet = cmd.Flags().Changed("depth")
			return summaryRun(sumOpts)
		},
	}
	addSummaryFlags(sum, sumOpts)
	root.AddCommand(sum)
	root.AddCommand(newServeCmd(stdout, stderr))
	root.AddCommand(newExplainCmd(stdin, stdout, stderr, nil))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageErr("%v", err) })
	sum.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageErr("%v", err) })
	return root
}

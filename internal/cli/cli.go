// Package cli holds the command line's conventions, shared by every
// subcommand of onboard: -h, -help and --help print the usage and succeed;
// a wrong flag, argument or command is a *UsageError, printed with the
// usage and ending the process with exit code 2 (the code Go's flag
// package and most Unix tools use for misuse); any other error is exit 1.
// main decides the exit code with ExitCode; the subcommands only return
// errors of these kinds.
//
// It also prints `onboard version` from the build information Go embeds
// in every binary (runtime/debug.ReadBuildInfo), so an operator can tell
// which revision a deployment runs without any flag set at build time.
//
// It owns no I/O of its own beyond the writers it is given.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// UsageError is a command line the program cannot run: an unknown flag
// or command, a missing or extra argument. The usage has been printed
// already.
type UsageError struct {
	Err error
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usage marks err as a usage error; nil stays nil.
func Usage(err error) error {
	if err == nil {
		return nil
	}
	return &UsageError{Err: err}
}

// Usagef is Usage(fmt.Errorf(format, args...)).
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// ErrHelp ends a command after it printed its usage because it was asked
// to. It is not a failure: ExitCode gives 0 and main prints nothing more.
// It is flag.ErrHelp, so a subcommand that returns what its FlagSet's
// Parse returned for -h is understood without wrapping.
var ErrHelp = flag.ErrHelp

// FlagError classifies what FlagSet.Parse (with ContinueOnError)
// returned: nil and ErrHelp stay as they are, and anything else is a
// usage error — Parse fails only on the command line itself.
func FlagError(err error) error {
	if err == nil || errors.Is(err, ErrHelp) {
		return err
	}
	return Usage(err)
}

// ParseFlags parses args into fs, which must have been made with
// flag.ContinueOnError. Help goes to stdout and returns ErrHelp; any
// other failure prints the error and the usage to stderr and returns a
// *UsageError naming the command.
func ParseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrHelp):
		printUsage(fs, stdout)
		return ErrHelp
	}
	fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
	printUsage(fs, stderr)
	return Usagef("%s: %w", fs.Name(), err)
}

// printUsage prints fs's usage to w: its Usage function if it has one
// (which prints to fs.Output()), else the flag package's default.
func printUsage(fs *flag.FlagSet, w io.Writer) {
	fs.SetOutput(w)
	if fs.Usage != nil {
		fs.Usage()
		return
	}
	fmt.Fprintf(w, "usage of %s:\n", fs.Name())
	fs.PrintDefaults()
}

// IsHelp reports whether arg asks for help.
func IsHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// ExitCode is the process's exit code for what run returned: 0 for
// success and for help, 2 for a usage error, 1 for anything else.
func ExitCode(err error) int {
	var usage *UsageError
	switch {
	case err == nil, errors.Is(err, ErrHelp):
		return 0
	case errors.As(err, &usage):
		return 2
	}
	return 1
}

// NoArgs parses the command line of a command that takes no flags and no
// arguments (its configuration comes from the environment): -h prints
// help to stdout and returns ErrHelp; anything else prints help to
// stderr and returns a *UsageError.
func NoArgs(name, help string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), help) }
	if err := ParseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprint(stderr, help)
		return Usagef("%s takes no arguments (got %q); it reads its configuration from the environment", name, fs.Arg(0))
	}
	return nil
}

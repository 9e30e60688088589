package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// IO is where a command reads and writes; tests pass buffers.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// Dialer opens a connection to the kernel (or, in tests, a fake) in the
// network namespace netns names: "" for netaddr's own, a path otherwise.
type Dialer func(netns string) (rtnl.Client, error)

// Main runs netaddr with the process's arguments and streams and returns
// its exit status. It is the only caller of os.Args and the std streams.
func Main() int {
	streams := IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}
	return Run(os.Args[1:], streams, kernelDialer(streams, os.Getenv))
}

// Getenv reads one environment variable ("" when unset): Main passes
// os.Getenv, tests a map's lookup.
type Getenv func(name string) string

// TraceEnv names the environment variable that, set to anything but "",
// turns on trace lines: trouble the connection recovered from by itself,
// such as a dump repeated after NLM_F_DUMP_INTR.
const TraceEnv = "NETADDR_TRACE"

// environmentHelp is part of the root command's help (and so of the man
// page).
const environmentHelp = `Environment:
  NETADDR_TRACE  when set and not empty, a line "netaddr: trace: ..." on
                 standard error for each dump the kernel interrupted because
                 of concurrent changes (NLM_F_DUMP_INTR) and that netaddr
                 repeated; a dump still interrupted after 8 attempts is an
                 error (exit 1) whether or not this is set
  NO_COLOR       when set and not empty, --color=auto does not colour
  COLORFGBG      "FG;BG" as terminals set it: a dark background (BG 0-6
                 or 8) makes the state colours bold, as in iproute2`

// kernelDialer opens the route netlink socket; what the kernel sends that
// cannot be decoded is left out of the views and said on stderr, and with
// NETADDR_TRACE set so is each interrupted dump that was repeated.
func kernelDialer(streams IO, getenv Getenv) Dialer {
	trace := traceFunc(getenv, streams.Err)
	return func(netns string) (rtnl.Client, error) {
		c, err := rtnl.Dial(rtnl.DialOptions{NetNSPath: netns})
		if err != nil {
			return nil, err
		}
		c.SetWarn(func(err error) { fmt.Fprintf(streams.Err, "netaddr: warning: %v\n", err) })
		if trace != nil {
			c.SetTrace(trace)
		}
		return c, nil
	}
}

// traceFunc is what a connection's trace lines go to: "netaddr: trace:
// MSG" lines on w when NETADDR_TRACE is set and not empty, else nil (no
// tracing).
func traceFunc(getenv Getenv, w io.Writer) func(msg string) {
	if getenv(TraceEnv) == "" {
		return nil
	}
	return func(msg string) { fmt.Fprintf(w, "netaddr: trace: %s\n", msg) }
}

// Run runs one netaddr command line and returns its exit status. Errors are
// printed here, once, as "netaddr: <error>".
func Run(args []string, streams IO, dial Dialer) int {
	g := &globalOptions{IO: streams, Dial: dial}
	root := newRootCommand(g)
	if len(args) > 0 && args[0] == cobra.ShellCompRequestCmd {
		// A shell asking for completions puts __complete first; the
		// command line it completes follows, iproute2 spellings and all.
		root.SetArgs(append([]string{args[0]}, ipStyleOptions(args[1:])...))
	} else {
		root.SetArgs(keywordValuesAsWords(root, ipStyleOptions(args)))
	}
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.Err)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	if !g.started {
		err = cobraUsage(err)
	}
	status := exitStatus(err)
	msg := err.Error()
	if status == ExitPermission {
		msg += ": " + permissionHint
	}
	fmt.Fprintf(streams.Err, "netaddr: %s\n", msg)
	return status
}

// ipStyleOptions spells iproute2's single-dash long options (-batch,
// -force, -json, -pretty, -stats, -netns, -color[=WHEN]) as netaddr's
// (--batch, ...), among the options before the first word that is not an
// option.
func ipStyleOptions(args []string) []string {
	out := append([]string{}, args...)
	for i := 0; i < len(out); i++ {
		switch out[i] {
		case "-batch", "-force", "-json", "-pretty", "-stats", "-netns", "-color":
			out[i] = "-" + out[i]
		}
		if strings.HasPrefix(out[i], "-color=") {
			out[i] = "-" + out[i]
		}
		switch a := out[i]; {
		case a == "-b" || a == "--batch" || a == "-n" || a == "--netns":
			i++ // its value, whatever it looks like
		case a == "--" || !strings.HasPrefix(a, "-"):
			return out
		}
	}
	return out
}

// valueKeywords are the keywords whose value is the next word, whatever it
// looks like, in the commands cobra parses the flags of: addr add, change,
// replace and del, link show, stats. (addr show, flush and save parse their
// own; see splitFilterArgs.)
var valueKeywords = func() map[string]bool {
	m := map[string]bool{"dev": true, "type": true}
	for k := range modifyKeywords {
		m[k] = true
	}
	return m
}()

// keywordValuesAsWords keeps cobra from taking the value of a keyword for
// an option: in "addr add 192.0.2.1/24 dev v0 valid_lft -5" the "-5" is
// valid_lft's value (a bad one, which the parser should name), not an
// unknown flag -5; so is INDEX in "link name -5". When such a value starts
// with '-', args are rewritten as the command's path, its options, "--",
// then its words in order, so that the options still work anywhere
// ("addr add ... dev v0 -j") and the words reach the parser unchanged.
// Otherwise, and for commands that parse their own options, args are
// returned as they are.
func keywordValuesAsWords(root *cobra.Command, args []string) []string {
	cmd := root
	i := 0
	for i < len(args) && cmd.HasSubCommands() {
		tok := args[i]
		if tok == "--" {
			return args
		}
		if strings.HasPrefix(tok, "-") && tok != "-" {
			i++
			if takesValue(commandFlags(cmd), tok) {
				i++
			}
			continue
		}
		sub := subcommand(cmd, tok)
		if sub == nil {
			break
		}
		cmd, i = sub, i+1
	}
	if cmd == root || cmd.DisableFlagParsing || i >= len(args) {
		return args
	}
	fs := commandFlags(cmd)
	// link name INDEX, link index NAME: the first word is a value.
	wantValue := cmd.HasParent() && cmd.Parent().Name() == "link" && (cmd.Name() == "name" || cmd.Name() == "index")
	var opts, words []string
	for j := i; j < len(args); j++ {
		tok := args[j]
		switch {
		case tok == "--":
			words = append(words, args[j+1:]...)
			j = len(args)
		case wantValue:
			words = append(words, tok)
			wantValue = false
		case !strings.HasPrefix(tok, "-") || tok == "-":
			words = append(words, tok)
			wantValue = valueKeywords[strings.ToLower(tok)]
		default:
			opts = append(opts, tok)
			if takesValue(fs, tok) && j+1 < len(args) {
				j++
				opts = append(opts, args[j])
			}
		}
	}
	protected := false // a word that cobra would take for an option
	for _, w := range words {
		protected = protected || len(w) > 1 && w[0] == '-'
	}
	if !protected {
		return args
	}
	out := append([]string{}, args[:i]...)
	out = append(out, opts...)
	out = append(out, "--")
	return append(out, words...)
}

// subcommand is cmd's subcommand named or aliased name, or nil.
func subcommand(cmd *cobra.Command, name string) *cobra.Command {
	for _, c := range cmd.Commands() {
		if c.Name() == name || c.HasAlias(name) {
			return c
		}
	}
	return nil
}

// commandFlags are the options cmd takes: its own and those it inherits.
func commandFlags(cmd *cobra.Command) *pflag.FlagSet {
	fs := pflag.NewFlagSet(cmd.Name(), pflag.ContinueOnError)
	fs.AddFlagSet(cmd.InheritedFlags())
	fs.AddFlagSet(cmd.LocalFlags())
	return fs
}

// cobraUsage marks cobra's own parse errors (unknown flag, unknown
// command, wrong argument count) as usage errors.
func cobraUsage(err error) error {
	var ue *usageError
	if err == nil || errors.As(err, &ue) {
		return err
	}
	return &usageError{msg: err.Error()}
}

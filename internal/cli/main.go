package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
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
		root.SetArgs(ipStyleOptions(args))
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

// cobraUsage marks cobra's own parse errors (unknown flag, unknown
// command, wrong argument count) as usage errors.
func cobraUsage(err error) error {
	var ue *usageError
	if err == nil || errors.As(err, &ue) {
		return err
	}
	return &usageError{msg: err.Error()}
}

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
	return Run(os.Args[1:], streams, kernelDialer(streams))
}

// kernelDialer opens the route netlink socket; what the kernel sends that
// cannot be decoded is left out of the views and said on stderr.
func kernelDialer(streams IO) Dialer {
	return func(netns string) (rtnl.Client, error) {
		c, err := rtnl.Dial(rtnl.DialOptions{NetNSPath: netns})
		if err != nil {
			return nil, err
		}
		c.SetWarn(func(err error) { fmt.Fprintf(streams.Err, "netaddr: warning: %v\n", err) })
		return c, nil
	}
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

package cli

import (
	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

// globalOptions are the options every command shares, and its
// dependencies: where to print and how to reach the kernel.
type globalOptions struct {
	IO   IO
	Dial Dialer

	// started is set once cobra has parsed the command line and a command
	// starts to run: an error before that is cobra's, about usage.
	started bool

	JSON   bool
	Pretty bool
	Stats  int       // how many times -s was given
	NetNS  netnsFlag // -n: a namespace name or path
	IPv4   bool
	IPv6   bool
	Color  colorFlag // --color: auto, always or never

	Batch batchOptions

	// wantsLinkStats is set by commands that print link counters without
	// -s (stats); other views have the kernel leave them out.
	wantsLinkStats bool
}

// linkStatsSkipper is a client that can ask the kernel to leave link
// counters out (rtnl.Conn); a test's fake need not.
type linkStatsSkipper interface{ SkipLinkStats(bool) }

// dial connects to the kernel, in the namespace -n names.
func (g *globalOptions) dial() (rtnl.Client, error) {
	path, err := g.NetNS.path()
	if err != nil {
		return nil, err
	}
	c, err := g.Dial(path)
	if err != nil {
		return nil, err
	}
	if s, ok := c.(linkStatsSkipper); ok {
		s.SkipLinkStats(g.Stats == 0 && !g.wantsLinkStats)
	}
	return c, nil
}

// netnsFlag is -n's value; it knows whether -n was given at all, so that
// an empty name can be refused rather than taken for "no -n".
type netnsFlag struct {
	value string
	set   bool
}

func (f *netnsFlag) String() string { return f.value }
func (f *netnsFlag) Type() string   { return "NAME|PATH" }
func (f *netnsFlag) Set(v string) error {
	f.value, f.set = v, true
	return nil
}

// path is the namespace file to open, "" for netaddr's own namespace.
func (f *netnsFlag) path() (string, error) {
	if !f.set {
		return "", nil
	}
	return netnsPath(f.value)
}

// family is the address family -4 / -6 ask for.
func (g *globalOptions) family() (rtnl.Family, error) {
	switch {
	case g.IPv4 && g.IPv6:
		return 0, usagef("-4 and -6 exclude each other: give neither to see both families")
	case g.IPv4:
		return rtnl.FamilyV4, nil
	case g.IPv6:
		return rtnl.FamilyV6, nil
	}
	return rtnl.FamilyAll, nil
}

func newRootCommand(g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "netaddr",
		Short: "Inspect and change Linux network addresses over rtnetlink",
		Long: `netaddr inspects and changes the addresses of Linux network devices over
rtnetlink. It speaks iproute2's grammar: an "ip addr ..." command line works
with "ip" replaced by "netaddr", and --json prints what "ip -j" prints.
iproute2's single-dash spellings -batch, -force, -json, -pretty and -stats
work too.

` + batchHelp + `

` + environmentHelp + `

` + exitStatusHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.Batch.File == "" {
				if g.Batch.Force || g.Batch.Atomic {
					return usagef("--force and --atomic apply to a batch: give -b FILE or --batch FILE too")
				}
				return cmd.Help()
			}
			return runBatch(cmd.Context(), g, g.Batch)
		},
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(*cobra.Command, []string) {
			g.started = true
		},
	}
	pf := root.PersistentFlags()
	pf.BoolVarP(&g.JSON, "json", "j", false, "print JSON, as ip -j does")
	pf.BoolVarP(&g.Pretty, "pretty", "p", false, "indent JSON output")
	pf.BoolVarP(&g.IPv4, "ipv4", "4", false, "IPv4 addresses only")
	pf.BoolVarP(&g.IPv6, "ipv6", "6", false, "IPv6 addresses only")
	pf.VarP(&g.NetNS, "netns", "n", "work in network namespace NAME (/run/netns/NAME, as ip -n) or the one of namespace file PATH (e.g. /proc/PID/ns/net)")
	pf.CountVarP(&g.Stats, "stats", "s", "show link counters; twice for the detailed errors, as ip -s -s")
	pf.VarP(&g.Color, "color", "c", "colour names, addresses and states as ip -c: auto (on a terminal, unless NO_COLOR is set), always or never; -c alone is always")
	pf.Lookup("color").NoOptDefVal = "always"
	f := root.Flags()
	f.StringVarP(&g.Batch.File, "batch", "b", "", `run the commands in FILE, one per line ("-": standard input)`)
	f.BoolVar(&g.Batch.Force, "force", false, "with --batch: go on past failed lines, then say how many failed")
	f.BoolVar(&g.Batch.Atomic, "atomic", false, "with --batch: all or nothing; undo the applied lines if one fails")
	f.BoolP("version", "V", false, "print netaddr's version and exit")
	root.Version = buildVersion()
	root.SetVersionTemplate("{{.Name}} {{.Version}}\n")
	root.AddCommand(newAddrCommand(g), newLinkCommand(g), newStatsCommand(g), newMonitorCommand(g))
	root.CompletionOptions.DisableDefaultCmd = true
	addCompletion(root, g)
	return root
}

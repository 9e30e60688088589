package cli

import (
	"bufio"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/spf13/cobra"
)

type statsOptions struct {
	driver bool
	human  bool
}

func newStatsCommand(g *globalOptions) *cobra.Command {
	var opts statsOptions
	cmd := &cobra.Command{
		Use:   "stats [[dev] DEV] [up] [type KIND] [--driver] [--human]",
		Short: "Show device counters",
		Long: `Show each device's counters as the kernel keeps them (rtnl_link_stats64:
bytes, packets, errors, dropped, multicast, collisions and the detailed
errors), receive and transmit side by side. --driver adds the driver's own
counters, the ones "ethtool -S DEV" shows (a device without any, such as a
bridge, gets an empty section). --human prints sizes as "ip -s -h" does.
--json prints an array of {ifindex, ifname, stats64, driver}.

` + devHelp,
		ValidArgsFunction: completeLinkFilter(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := parseLinkFilter(args)
			if err != nil {
				return err
			}
			if opts.human && g.JSON {
				return usagef("--human and --json exclude each other: JSON always carries exact counts")
			}
			return runStats(g, f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.driver, "driver", false, "add the driver's counters (ethtool -S)")
	cmd.Flags().BoolVarP(&opts.human, "human", "H", false, "human-readable sizes")
	return cmd
}

func runStats(g *globalOptions, f linkFilter, opts statsOptions) error {
	g.wantsLinkStats = true
	c, err := g.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	set, err := loadLinks(c, f)
	if err != nil {
		return err
	}
	entries := make([]render.StatsEntry, len(set.shown))
	for i, l := range set.shown {
		entries[i].Link = l
		if opts.driver {
			if entries[i].Driver, err = c.DriverStats(l.Name); err != nil {
				return err
			}
		}
	}
	ropts := render.StatsOptions{Driver: opts.driver, Human: opts.human, Pretty: g.Pretty, Color: g.palette()}
	w := bufio.NewWriterSize(g.IO.Out, 64<<10)
	if g.JSON {
		err = render.StatsJSON(w, entries, ropts)
	} else {
		err = render.StatsTable(w, entries, ropts)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

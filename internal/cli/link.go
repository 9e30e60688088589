package cli

import (
	"bufio"
	"fmt"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

func newLinkCommand(g *globalOptions) *cobra.Command {
	link := &cobra.Command{
		Use:     "link",
		Aliases: []string{"l"},
		Short:   "Show network devices",
		Long: `Show network devices. "netaddr link" alone shows them all.

` + devHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLinkShow(g, linkFilter{})
		},
	}
	link.AddCommand(
		&cobra.Command{
			Use:     "show [[dev] DEV] [up] [type KIND]",
			Aliases: []string{"list", "ls", "lst", "sh", "s"},
			Short:   "Show devices",
			Long: `Show devices: index, name, state, MTU, MAC address, flags, master and kind,
or with --json what "ip -j link show" prints. With -s the kernel's counters
are added ("stats64"), with -s -s the detailed errors too, as "ip -s -s".
"up" keeps devices that are up, "type KIND" devices of one kind (veth,
bridge, vxlan, tun, ...).

` + devHelp,
			ValidArgsFunction: completeLinkFilter(g),
			RunE: func(cmd *cobra.Command, args []string) error {
				f, err := parseLinkFilter(args)
				if err != nil {
					return err
				}
				return runLinkShow(g, f)
			},
		},
		&cobra.Command{
			Use:   "index NAME",
			Short: "Print the ifindex of the device named NAME",
			Long: `Print the ifindex of the device named NAME, looked up over the netlink socket
(so in netaddr's network namespace). With --json the device is printed as
"link show --json" prints it.`,
			Args:              exactArgs(1, "NAME"),
			ValidArgsFunction: completeFirst(func() []string { return deviceNames(g) }),
			RunE: func(cmd *cobra.Command, args []string) error {
				if !validDevName(args[0]) {
					return usagef("invalid device name %q", args[0])
				}
				return runLinkLookup(g, func(c rtnl.Client) (rtnl.Link, error) {
					l, err := c.LinkByName(args[0])
					if rtnl.IsNotExist(err) {
						err = fmt.Errorf("device %q %w", args[0], rtnl.ErrNotExist)
					}
					return l, err
				}, func(l rtnl.Link) string { return fmt.Sprint(l.Index) })
			},
		},
		&cobra.Command{
			Use:   "name INDEX",
			Short: "Print the name of the device with ifindex INDEX",
			Long: `Print the name of the device whose ifindex is INDEX, looked up over the netlink
socket. With --json the device is printed as "link show --json" prints it.`,
			Args:              exactArgs(1, "INDEX"),
			ValidArgsFunction: completeFirst(func() []string { return deviceIndexes(g) }),
			RunE: func(cmd *cobra.Command, args []string) error {
				index, err := parseIndex(args[0])
				if err != nil {
					return err
				}
				return runLinkLookup(g, func(c rtnl.Client) (rtnl.Link, error) {
					l, err := c.LinkByIndex(index)
					if rtnl.IsNotExist(err) {
						err = fmt.Errorf("device with index %d %w", index, rtnl.ErrNotExist)
					}
					return l, err
				}, func(l rtnl.Link) string { return l.Name })
			},
		},
	)
	return link
}

// exactArgs is cobra.ExactArgs with a message that names what is missing.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s needs exactly %d argument (%s), got %d", cmd.CommandPath(), n, what, len(args))
		}
		return nil
	}
}

func runLinkShow(g *globalOptions, f linkFilter) error {
	c, err := g.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	set, err := loadLinks(c, f)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(g.IO.Out, 64<<10)
	if g.JSON {
		err = render.LinksJSON(w, set.shown, render.JSONOptions{Pretty: g.Pretty, Stats: g.Stats, Lookup: set.lookup()})
	} else {
		err = render.LinksTable(w, set.shown, set.lookup(), g.palette())
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// runLinkLookup finds one link and prints one of its fields, or the link
// itself with --json.
func runLinkLookup(g *globalOptions, find func(rtnl.Client) (rtnl.Link, error), field func(rtnl.Link) string) error {
	c, err := g.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	l, err := find(c)
	if err != nil {
		return err
	}
	if !g.JSON {
		_, err = fmt.Fprintln(g.IO.Out, field(l))
		return err
	}
	set, err := withReferences(c, l)
	if err != nil {
		return err
	}
	return render.LinksJSON(g.IO.Out, set.shown, render.JSONOptions{Pretty: g.Pretty, Stats: g.Stats, Lookup: set.lookup()})
}

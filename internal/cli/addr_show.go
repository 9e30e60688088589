package cli

import (
	"bufio"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

func newAddrShowCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "show [[dev] DEV] [up] [type KIND]",
		Aliases: []string{"list", "ls", "lst", "sh", "s"},
		Short:   "Show addresses",
		Long: `Show addresses, grouped under their device: a table for people, or with
--json what "ip -j addr show" prints, link keys included. With -4 or -6 only
that family's addresses are shown, and devices without any are left out, as
iproute2 does. "up" keeps devices that are up, "type KIND" devices of one kind
(veth, bridge, ...).

Every device costs one link dump and one address dump in all, however many
devices there are.

` + devHelp,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := parseLinkFilter(args)
			if err != nil {
				return err
			}
			return runAddrShow(g, f)
		},
	}
}

func runAddrShow(g *globalOptions, f linkFilter) error {
	family, err := g.family()
	if err != nil {
		return err
	}
	c, err := g.Dial()
	if err != nil {
		return err
	}
	defer c.Close()

	set, err := loadLinks(c, f)
	if err != nil {
		return err
	}
	filter := rtnl.AddrFilter{Family: family}
	if f.dev != nil {
		filter.Index = set.shown[0].Index
	}
	addrs, err := c.Addrs(filter)
	if err != nil {
		return err
	}
	links := set.shown
	if family != rtnl.FamilyAll {
		links = linksWithAddrs(links, addrs)
	}

	w := bufio.NewWriterSize(g.IO.Out, 64<<10)
	if g.JSON {
		err = render.AddrsJSON(w, links, addrs, render.JSONOptions{
			Pretty: g.Pretty,
			Stats:  g.Stats,
			Family: family,
			Lookup: set.lookup(),
			// For `-6 addr show` iproute2 dumps links as AF_INET6 and
			// prints the kernel's reduced IPv6 link message; match it.
			Inet6LinkDump: family == rtnl.FamilyV6 && f.dev == nil,
		})
	} else {
		err = render.AddrsTable(w, links, addrs, set.lookup())
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// linksWithAddrs keeps the links that hold at least one of addrs: with a
// family chosen, iproute2 leaves out devices with nothing of that family.
func linksWithAddrs(links []rtnl.Link, addrs []rtnl.Addr) []rtnl.Link {
	has := make(map[int]bool, len(links))
	for i := range addrs {
		has[addrs[i].Index] = true
	}
	var kept []rtnl.Link
	for _, l := range links {
		if has[l.Index] {
			kept = append(kept, l)
		}
	}
	return kept
}

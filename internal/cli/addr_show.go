package cli

import (
	"bufio"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

// addrFilterHelp describes the selection words of addr show, flush and save.
const addrFilterHelp = `  [dev] DEV       one device
  up              devices that are up
  type KIND       devices of one kind (veth, bridge, ...)
  scope S         addresses of one scope: global, site, link, host, nowhere,
                  0-255, or all
  label GLOB      addresses whose label matches the shell pattern GLOB (*, ?,
                  [...]); an address without a label (IPv6) is matched by its
                  device's name, as iproute2 does
  to PREFIX       addresses inside PREFIX (and only of its family)
  FLAG, -FLAG     addresses with, or (-FLAG) without, a flag: permanent,
                  dynamic, primary, secondary, temporary, tentative,
                  deprecated, dadfailed, nodad, optimistic, home, mngtmpaddr,
                  noprefixroute, autojoin, stable-privacy
                  ("-dynamic" is "permanent", "-primary" is "secondary")
A word that is also a device name means the filter: give such a device as
"dev NAME".`

func newAddrShowCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "show [[dev] DEV] [up] [type KIND] [scope S] [label GLOB] [to PREFIX] [[-]FLAG...]",
		Aliases: []string{"list", "ls", "lst", "sh", "s"},
		Short:   "Show addresses",
		Long: `Show addresses, grouped under their device: a table for people, or with
--json what "ip -j addr show" prints, link keys included. With -4 or -6 only
that family's addresses are shown, and devices without any are left out, as
iproute2 does.

` + addrFilterHelp + `

With an address filter (scope, label, to, a flag) only the addresses that
match are shown, and only the devices that have one: iproute2 prints an
empty {} for every other address and keeps devices without any address,
netaddr does neither.

Every device costs one link dump and one address dump in all, however many
devices there are.

` + devHelp,
		DisableFlagParsing: true,
		ValidArgsFunction:  completeAddrFilter(g),
		RunE:               selectionRunE(g, runAddrSelection, ""),
	}
}

// runAddrShow shows the devices f selects with all their addresses, as
// "netaddr addr" alone does.
func runAddrShow(g *globalOptions, f linkFilter) error {
	family, err := g.family()
	if err != nil {
		return err
	}
	return runAddrSelection(g, addrSelection{link: f, family: family})
}

// runAddrSelection shows what sel selects.
func runAddrSelection(g *globalOptions, sel addrSelection) error {
	family, err := g.family()
	if err != nil {
		return err
	}
	c, err := g.dial()
	if err != nil {
		return err
	}
	defer c.Close()

	set, addrs, err := sel.load(c)
	if err != nil {
		return err
	}
	links := set.shown

	w := bufio.NewWriterSize(g.IO.Out, 64<<10)
	if g.JSON {
		err = render.AddrsJSON(w, links, addrs, render.JSONOptions{
			Pretty: g.Pretty,
			Stats:  g.Stats,
			// "to PREFIX" limits the view to its family as -4/-6 do,
			// and iproute2 then leaves the link layer keys out too.
			Family: sel.family,
			Lookup: set.lookup(),
			// For `-6 addr show` iproute2 dumps links as AF_INET6 and
			// prints the kernel's reduced IPv6 link message; match it.
			Inet6LinkDump: family == rtnl.FamilyV6 && sel.link.dev == nil,
		})
	} else {
		err = render.AddrsTable(w, links, addrs, set.lookup(), g.palette())
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

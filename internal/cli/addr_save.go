package cli

import (
	"bufio"
	"errors"
	"fmt"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

func newAddrSaveCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "save [[dev] DEV] [up] [type KIND] [scope S] [label GLOB] [to PREFIX] [[-]FLAG...]",
		Short: "Print a batch file that recreates the addresses",
		Long: `Print a batch file, for "netaddr --batch FILE", that recreates the addresses
that match (all of them without any word), one line each, such as

  addr add 192.0.2.1/24 dev v0 scope global label v0 brd 192.0.2.255 valid_lft 100 preferred_lft 50 noprefixroute

with their peer, scope and label (IPv4), broadcast, metric, the lifetimes
left and the flags an add can set; the kernel's own flags (secondary,
tentative, deprecated, permanent) follow from the order of the lines and
the lifetimes. Devices are named by name. The lines come in the order that
recreates the kernel's order of the addresses (IPv6 ones in reverse, as the
kernel lists the newest IPv6 address first).

What is saved, so that save, then flush with the same words, then
--batch gives the same addresses back:
  - every address that matches, except IPv6 temporary (privacy) addresses,
    which the kernel makes anew from their mngtmpaddr address;
  - addresses the kernel may have put back by itself by the time the file
    is run (loopback addresses, IPv6 link-local ones, those the kernel says
    it made) are written as "addr replace", so that restoring them
    succeeds whether or not they are there; all others as "addr add",
    which fails (and stops the batch) if the address is already there.
A device name or label that a batch line cannot hold ('#', a newline, or
both kinds of quote) fails the save (exit 1) before anything is printed.

` + addrFilterHelp + `

` + devHelp,
		DisableFlagParsing: true,
		ValidArgsFunction:  completeAddrFilter(g),
		RunE:               selectionRunE(g, runAddrSave, ""),
	}
}

func runAddrSave(g *globalOptions, sel addrSelection) error {
	if g.JSON {
		return usagef("addr save prints a batch file, not JSON: leave out --json")
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
	text, err := saveText(set.shown, addrs)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(g.IO.Out)
	w.Write(text)
	return w.Flush()
}

// saveText is the batch file for addrs on links, all of it or nothing.
//
// The lines come in the order that gives the kernel's order back: IPv4
// addresses in the kernel's order (it appends each new one after the
// others of its kind, primaries before secondaries), then IPv6 ones in the
// reverse of it (it puts each new one first among those of its scope).
func saveText(links []rtnl.Link, addrs []rtnl.Addr) ([]byte, error) {
	names := make(map[int]string, len(links))
	for _, l := range links {
		names[l.Index] = l.Name
	}
	ordered := make([]*rtnl.Addr, 0, len(addrs))
	for i := range addrs {
		if addrs[i].Family != rtnl.FamilyV6 {
			ordered = append(ordered, &addrs[i])
		}
	}
	for i := len(addrs) - 1; i >= 0; i-- {
		if addrs[i].Family == rtnl.FamilyV6 {
			ordered = append(ordered, &addrs[i])
		}
	}
	var text []byte
	var errs []error
	for _, a := range ordered {
		name, ok := names[a.Index]
		if !ok || !render.Saved(a) {
			continue
		}
		var err error
		if text, err = render.AppendSaveLine(text, a, name); err != nil {
			errs = append(errs, fmt.Errorf("dev %s: %w", name, err))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("nothing saved: %w", errors.Join(errs...))
	}
	return text, nil
}

package cli

import (
	"bufio"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

func newAddrShowCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "show [[dev] DEV]",
		Aliases: []string{"list", "ls", "lst", "sh", "s"},
		Short:   "Show addresses",
		Long: `Show addresses: a table for people, or with --json what "ip -j addr show"
prints. With -4 or -6 only that family's addresses are shown, and devices
without any are left out, as iproute2 does.

` + devHelp,
		RunE: func(cmd *cobra.Command, args []string) error {
			dev, err := parseShowArgs(args)
			if err != nil {
				return err
			}
			return runAddrShow(g, dev)
		},
	}
}

// parseShowArgs reads `[dev] DEV`; nil means every device.
func parseShowArgs(args []string) (*string, error) {
	var dev *string
	for i := 0; i < len(args); i++ {
		tok := args[i]
		if tok == "dev" {
			if i+1 == len(args) {
				return nil, usagef("%q needs a value", tok)
			}
			i++
			tok = args[i]
		} else if looksLikeWord(tok) && !validDevName(tok) {
			return nil, usagef("unknown word %q", tok)
		}
		if dev != nil {
			return nil, usagef("device given twice (%q and %q)", *dev, tok)
		}
		if err := checkDevToken(tok); err != nil {
			return nil, err
		}
		dev = &tok
	}
	return dev, nil
}

func runAddrShow(g *globalOptions, dev *string) error {
	family, err := g.family()
	if err != nil {
		return err
	}
	c, err := g.Dial()
	if err != nil {
		return err
	}
	defer c.Close()

	filter := rtnl.AddrFilter{Family: family}
	var links []rtnl.Link
	if dev != nil {
		l, err := resolveDev(c, *dev)
		if err != nil {
			return err
		}
		links = []rtnl.Link{l}
		filter.Index = l.Index
	} else if links, err = c.Links(); err != nil {
		return err
	}
	addrs, err := c.Addrs(filter)
	if err != nil {
		return err
	}
	if family != rtnl.FamilyAll {
		links = linksWithAddrs(links, addrs)
	}

	w := bufio.NewWriterSize(g.IO.Out, 64<<10)
	if g.JSON {
		err = render.AddrsJSON(w, links, addrs, g.Pretty)
	} else {
		err = render.AddrsTable(w, links, addrs)
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
	kept := links[:0]
	for _, l := range links {
		if has[l.Index] {
			kept = append(kept, l)
		}
	}
	return kept
}

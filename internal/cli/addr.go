package cli

import (
	"fmt"
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

const devHelp = `DEV is a device name or an ifindex. A number names an index unless a device
with that name exists.`

const addrGrammar = `PREFIX is ADDRESS[/LEN]; without /LEN it is /32 (IPv4) or /128 (IPv6).
  scope S         global, site, link, host, nowhere (or Universe, Site, Link,
                  Host, Nowhere, any case) or 0-255. IPv4 only: the kernel gives
                  an IPv6 address the scope of its type, so for IPv6 only that
                  scope is accepted.
  peer P          the remote end of a point-to-point address; the prefix
                  length goes on P (peer 192.0.2.2/24)
  broadcast B     IPv4 broadcast address; + sets and - clears the host bits of
                  PREFIX (only for /30 and shorter)
  label L         IPv4 label, at most 15 bytes
  valid_lft T     lifetimes: seconds, a duration such as 90s or 1h30m, or
  preferred_lft T forever; valid > 0, preferred <= valid; with only valid_lft
                  the preferred lifetime equals it
  metric N        metric of the prefix route (alias priority)
  flags           home, mngtmpaddr, nodad, optimistic (IPv6 only),
                  noprefixroute, autojoin (multicast addresses only); also the
                  names HomeAddress, ManageTempAddr, NoDAD, NoPrefixRoute in
                  any case`

func newAddrCommand(g *globalOptions) *cobra.Command {
	addr := &cobra.Command{
		Use:     "addr",
		Aliases: []string{"address", "a"},
		Short:   "Show and change interface addresses",
		Long: `Show and change interface addresses. "netaddr addr" alone shows them all.

` + devHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAddrShow(g, linkFilter{})
		},
	}
	addr.AddCommand(
		newAddrModifyCommand(g, "add", []string{"a"}, "Add an address",
			"Add an address. It fails if the address is already assigned."),
		newAddrModifyCommand(g, "change", []string{"chg"}, "Change an existing address",
			`Change an existing address's lifetimes, metric and flags. It fails, and
creates nothing, if the address is not assigned. Lifetimes not given become
forever. For IPv6 the flags become those given. For IPv4 the kernel changes
only lifetimes and metric: it keeps the scope, label, broadcast and flags, so
asking for other values of those fails (exit 1) and sends nothing.`),
		newAddrModifyCommand(g, "replace", []string{"repl"}, "Add an address or change it if it exists",
			`Add an address, or change it in place if it is already assigned; in place,
the same rules as for change apply.`),
		newAddrModifyCommand(g, "del", []string{"delete", "d"}, "Delete an address",
			`Delete an address. PREFIX must match the assigned address's prefix length
(without /LEN it means /32 or /128), and its peer if it has one.`),
		newAddrShowCommand(g),
		newAddrFlushCommand(g),
		newAddrSaveCommand(g),
	)
	return addr
}

func newAddrModifyCommand(g *globalOptions, verb string, aliases []string, short, long string) *cobra.Command {
	use := verb + " PREFIX dev DEV [scope S] [peer P] [broadcast B|+|-] [label L] [valid_lft T] [preferred_lft T] [metric N] [FLAG...]"
	help := long + "\n\n" + addrGrammar + "\n\n" + devHelp
	if verb == "del" {
		use = "del PREFIX dev DEV [peer P]"
		help = long + "\n\n" + devHelp
	}
	return &cobra.Command{
		Use:               use,
		Aliases:           aliases,
		Short:             short,
		Long:              help,
		ValidArgsFunction: completeAddrModify(g, verb),
		RunE: func(cmd *cobra.Command, args []string) error {
			family, err := g.family()
			if err != nil {
				return err
			}
			req, err := parseAddrRequest(verb, args, family)
			if err != nil {
				return err
			}
			return runAddrModify(g, req)
		},
	}
}

func runAddrModify(g *globalOptions, req *addrRequest) error {
	c, err := g.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	link, err := resolveDev(c, req.dev)
	if err != nil {
		return fmt.Errorf("%s %s: %w", req.verb, req, err)
	}
	req.addr.Index = link.Index
	switch req.verb {
	case "add":
		err = c.AddAddr(req.addr)
	case "change":
		err = c.ChangeAddr(req.addr, req.given)
	case "replace":
		err = c.ReplaceAddr(req.addr, req.given)
	case "del":
		err = c.DelAddr(req.addr)
	default:
		err = fmt.Errorf("unknown operation %q", req.verb)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", req.verb, req, err)
	}
	return nil
}

// resolveDev finds the device a DEV token names, over the netlink socket so
// that it holds inside any namespace: a name, or an index when no device
// has that number as its name.
func resolveDev(c rtnl.Client, dev string) (rtnl.Link, error) {
	l, err := c.LinkByName(dev)
	if err == nil || !rtnl.IsNotExist(err) {
		return l, err
	}
	n, convErr := strconv.Atoi(dev)
	if convErr != nil || n <= 0 {
		return rtnl.Link{}, fmt.Errorf("device %q %w", dev, rtnl.ErrNotExist)
	}
	l, err = c.LinkByIndex(n)
	if rtnl.IsNotExist(err) {
		return rtnl.Link{}, fmt.Errorf("device %q %w, neither as a name nor as an index", dev, rtnl.ErrNotExist)
	}
	return l, err
}

package cli

import (
	"fmt"
	"strconv"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

// maxFlushRounds bounds the dump-and-delete rounds of addr flush: addresses
// that keep coming back (a router advertising, a DHCP client) must not
// keep it going for ever.
const maxFlushRounds = 10

func newAddrFlushCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "flush [[dev] DEV] [up] [type KIND] [scope S] [label GLOB] [to PREFIX] [[-]FLAG...]",
		Aliases: []string{"f"},
		Short:   "Delete the addresses that match",
		Long: `Delete every address that matches, with the selection words of addr show
(-4 and -6 included). It dumps and deletes until nothing matches, at most
` + fmt.Sprint(maxFlushRounds) + ` rounds (then it fails, exit 1); with "primary" (or "-secondary") it
stops after one round, as iproute2 does, so that secondaries promoted by
deleting their primary stay. Addresses that vanish meanwhile are fine:
deleting a primary IPv4 address deletes its secondaries too, unless
promote_secondaries is set. It prints nothing on success; with -s how many
addresses were deleted in how many rounds.

As iproute2 does, it refuses to run without any word: give at least one
(a device, "scope all", ...), since nothing would delete every address.

` + addrFilterHelp + `

` + devHelp,
		DisableFlagParsing: true,
		ValidArgsFunction:  completeAddrFilter(g),
		RunE:               selectionRunE(g, runAddrFlush, "addr flush needs arguments (a device, scope, label, to or a flag filter): without any it would delete every address"),
	}
}

// flushResult is what a flush did.
type flushResult struct {
	deleted int // addresses that matched and are gone
	rounds  int // rounds that found something to delete
}

func runAddrFlush(g *globalOptions, sel addrSelection) error {
	c, err := g.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	res, err := flushAddrs(c, sel)
	if err != nil {
		return err
	}
	if g.Stats > 0 {
		if res.deleted == 0 {
			fmt.Fprintln(g.IO.Out, "nothing to flush")
		} else {
			fmt.Fprintf(g.IO.Out, "deleted %s in %d %s\n", plural(res.deleted, "address", "addresses"), res.rounds, pluralWord(res.rounds, "round", "rounds"))
		}
	}
	return nil
}

// flushAddrs deletes what sel selects, round after round, until nothing
// matches.
func flushAddrs(c rtnl.Client, sel addrSelection) (flushResult, error) {
	var res flushResult
	for round := 1; round <= maxFlushRounds; round++ {
		set, addrs, err := sel.load(c)
		if err != nil {
			return res, fmt.Errorf("flush: %w", err)
		}
		if len(addrs) == 0 {
			return res, nil
		}
		res.rounds++
		for i := range addrs {
			if err := c.DelAddr(deletionOf(&addrs[i])); err != nil && !rtnl.IsNotExist(err) {
				return res, fmt.Errorf("flush: del %s: %w (%s deleted before)", describeAddr(&addrs[i], set.lookup()), err, plural(res.deleted, "address", "addresses"))
			}
			// Deleted now, or gone already: a secondary deleted with its
			// primary, or someone else's doing.
			res.deleted++
		}
		if sel.addr.onlyPrimaries() {
			return res, nil
		}
	}
	return res, fmt.Errorf("flush: addresses still match after %d rounds (%s deleted); something keeps adding them",
		maxFlushRounds, plural(res.deleted, "address", "addresses"))
}

// deletionOf is what identifies a to the kernel in a delete request: the
// device, the local address with its prefix length, and the peer.
func deletionOf(a *rtnl.Addr) rtnl.Addr {
	return rtnl.Addr{Family: a.Family, Index: a.Index, Local: a.Local, Peer: a.Peer}
}

// describeAddr names an address in messages as a command line would:
// "192.0.2.1/24 dev v0", or with its peer "192.0.2.1 peer 192.0.2.2/30 dev
// v0"; a device lookup does not find is named by its index.
func describeAddr(a *rtnl.Addr, lookup render.Lookup) string {
	dev := strconv.Itoa(a.Index)
	if l, ok := lookup(a.Index); ok {
		dev = l.Name
	}
	req := addrRequest{dev: dev, addr: *a}
	return req.String()
}

// plural is "1 address", "2 addresses".
func plural(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, pluralWord(n, one, many))
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

package render

import (
	"io"
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

var linkHeading = []string{"INDEX", "NAME", "STATE", "MTU", "MAC", "FLAGS", "MASTER", "KIND"}

// LinksTable writes one row per link for people, in the given order: its
// index, name, operational state (UP, DOWN, LOWERLAYERDOWN, ...), MTU,
// hardware address as iproute2 prints it, flags as iproute2's words joined
// by commas ("NO-CARRIER,BROADCAST,MULTICAST,UP"), the name of its master
// and its kind ("veth", "bridge", ...). Empty cells mean none. lookup
// names masters and finds the peers that decide "M-DOWN" (see Lookup);
// nil looks among links only. With no links only the heading is written.
// color colours names, MAC addresses and states as `ip -c` does (the zero
// Palette colours nothing); the columns line up either way.
func LinksTable(w io.Writer, links []rtnl.Link, lookup Lookup, color Palette) error {
	lookup = lookupFor(lookup, links)
	rows := make([][]string, len(links))
	var scratch []byte
	for i := range links {
		l := &links[i]
		master := ""
		if l.Master != 0 {
			master = paintString(color.ifname, printable(linkName(lookup, l.Master)))
		}
		scratch = appendLinkFlags(scratch[:0], l, lookup)
		rows[i] = []string{
			strconv.Itoa(l.Index),
			paintString(color.ifname, printable(l.Name)),
			paintString(color.operStateColor(l.OperState), OperStateName(l.OperState)),
			strconv.FormatUint(uint64(l.MTU), 10),
			paintString(color.mac, HWAddr(l.Address, l.Type)),
			string(scratch),
			master,
			printable(l.Kind),
		}
	}
	align := []align{alignRight, alignLeft, alignLeft, alignRight}
	return writeTable(w, linkHeading, rows, align, "link table")
}

package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// addrHeading is the heading of the address table's columns.
var addrHeading = []string{"ADDRESS", "SCOPE", "FLAGS", "VALID", "PREFERRED", "LABEL"}

// indent starts the rows under a device heading, as in `ip addr`.
const indent = "    "

// AddrsTable writes addresses for people, grouped under their devices as
// `ip addr` groups them: one heading line per link in links, in the given
// order, such as
//
//	3: v0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 master br0 state UP
//
// (index, name, iproute2's flag words, MTU, master if any, operational
// state), followed by one indented row per address on it in the given
// order: address (with its peer), scope, flags as iproute2 words, the
// lifetimes left and the label. The column heading comes once, first,
// aligned with the rows; columns line up across all devices. A link
// without addresses still gets its heading line, as in `ip addr`;
// addresses on devices not in links are left out. lookup names masters
// and finds the peers that decide "M-DOWN" (see Lookup); nil looks among
// links only. color colours names, addresses and states as `ip -c` does
// (the zero Palette colours nothing); the columns line up either way.
func AddrsTable(w io.Writer, links []rtnl.Link, addrs []rtnl.Addr, lookup Lookup, color Palette) error {
	groups := groupByLink(links, addrs)
	lookup = lookupFor(lookup, links)
	rows := make([][]string, 0, len(addrs))
	var scratch []byte
	for i := range links {
		for _, a := range groups[i] {
			row, grown := addrRow(a, scratch, color)
			scratch = grown
			rows = append(rows, row[:])
		}
	}
	cols := newColumns(addrHeading, rows)

	out := bufio.NewWriterSize(w, 32<<10)
	scratch = cols.appendLine(append(scratch[:0], indent...), addrHeading)
	scratch = append(scratch, '\n')
	out.Write(scratch)
	for i := range links {
		scratch = appendLinkHeading(scratch[:0], &links[i], lookup, color)
		scratch = append(scratch, '\n')
		out.Write(scratch)
		for range groups[i] {
			scratch = cols.appendLine(append(scratch[:0], indent...), rows[0])
			scratch = append(scratch, '\n')
			out.Write(scratch)
			rows = rows[1:]
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write address table: %w", err)
	}
	return nil
}

// appendLinkHeading appends the heading line of a device (without its
// newline): "3: v0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 state UP",
// with "master NAME" before the state when the device has one, coloured
// with color.
func appendLinkHeading(dst []byte, l *rtnl.Link, lookup Lookup, color Palette) []byte {
	dst = strconv.AppendInt(dst, int64(l.Index), 10)
	dst = append(dst, ": "...)
	dst = paint(dst, color.ifname, headingName(l.Name))
	dst = append(dst, " <"...)
	dst = appendLinkFlags(dst, l, lookup)
	dst = append(dst, "> mtu "...)
	dst = strconv.AppendUint(dst, uint64(l.MTU), 10)
	if l.Master != 0 {
		dst = append(dst, " master "...)
		dst = paint(dst, color.ifname, printable(linkName(lookup, l.Master)))
	}
	dst = append(dst, " state "...)
	return paint(dst, color.operStateColor(l.OperState), OperStateName(l.OperState))
}

// appendLinkFlags appends l's flags as iproute2 words joined by commas,
// "BROADCAST,MULTICAST,UP,LOWER_UP", the same words as "flags" in JSON.
func appendLinkFlags(dst []byte, l *rtnl.Link, lookup Lookup) []byte {
	_, _, mdown := parentOf(lookup, l, false)
	var hex [8]byte
	first := true
	linkFlagWords(l.Flags, mdown, hex[:0], func(word string) {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, word...)
	})
	return dst
}

// addrRow is the table row of a, its addresses coloured with color.
func addrRow(a *rtnl.Addr, scratch []byte, color Palette) ([6]string, []byte) {
	scratch = scratch[:0]
	if a.Local.IsValid() {
		local := a.Local.Addr()
		scratch = color.appendColorIP(scratch, a.Family, local)
		if a.Peer.IsValid() && a.Peer != local {
			scratch = append(scratch, " peer "...)
			scratch = color.appendColorIP(scratch, a.Family, a.Peer)
		}
		scratch = append(scratch, '/')
		scratch = strconv.AppendInt(scratch, int64(a.Local.Bits()), 10)
	}
	address := string(scratch)

	scratch = scratch[:0]
	unknown := flagWords(a.Family, a.Flags, func(word string) {
		if len(scratch) > 0 {
			scratch = append(scratch, ' ')
		}
		scratch = append(scratch, word...)
	})
	if unknown != 0 {
		// iproute2's own spelling of bits it has no name for.
		if len(scratch) > 0 {
			scratch = append(scratch, ' ')
		}
		scratch = append(scratch, "flags "...)
		scratch = appendHex02(scratch, unknown)
	}
	flags := string(scratch)

	return [6]string{
		address,
		ScopeName(a.Scope),
		flags,
		Lifetime(a.Valid),
		Lifetime(a.Preferred),
		printable(a.Label),
	}, scratch
}

package render

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// addrColumns is the number of columns of the address table.
const addrColumns = 7

// AddrsTable writes one row per address for people: device, address (with
// its peer), scope, flags as iproute2 words, the lifetimes left and the
// label. Links come in the given order and addresses in the given order
// within a link; links without addresses give no rows, and addresses on
// devices not in links are left out. With no rows at all only the
// heading is written, so that an empty answer is still recognisably one.
func AddrsTable(w io.Writer, links []rtnl.Link, addrs []rtnl.Addr) error {
	groups := groupByLink(links, addrs)
	var buf bytes.Buffer
	t := newTable(&buf)
	t.Header([]string{"DEVICE", "ADDRESS", "SCOPE", "FLAGS", "VALID", "PREFERRED", "LABEL"})
	var scratch []byte
	for i := range links {
		dev := printable(links[i].Name)
		for _, a := range groups[i] {
			row, grown := addrRow(dev, a, scratch)
			scratch = grown
			if err := t.Append(row[:]); err != nil {
				return fmt.Errorf("lay out address table: %w", err)
			}
		}
	}
	return renderTable(w, t, &buf, "address table")
}

// addrRow is the table row of a, which sits on the device named dev
// (already made printable).
func addrRow(dev string, a *rtnl.Addr, scratch []byte) ([addrColumns]string, []byte) {
	scratch = scratch[:0]
	if a.Local.IsValid() {
		local := a.Local.Addr()
		scratch = appendIP(scratch, a.Family, local)
		if a.Peer.IsValid() && a.Peer != local {
			scratch = append(scratch, " peer "...)
			scratch = appendIP(scratch, a.Family, a.Peer)
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

	return [addrColumns]string{
		dev,
		address,
		ScopeName(a.Scope),
		flags,
		Lifetime(a.Valid),
		Lifetime(a.Preferred),
		printable(a.Label),
	}, scratch
}

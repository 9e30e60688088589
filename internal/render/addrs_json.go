package render

import (
	"fmt"
	"io"
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// AddrsJSON writes what `ip -j addr show` (iproute2 6.1) prints for links
// and addrs: an array with one object per link, in the order given, each
// holding its addresses in "addr_info" in the order given. Addresses whose
// Index is not among links are left out. With pretty it writes what
// `ip -j -p addr show` prints.
//
// Link objects carry only "ifindex" and "ifname" so far; the other link
// keys iproute2 prints before "addr_info" belong in writeLinkHeader.
func AddrsJSON(w io.Writer, links []rtnl.Link, addrs []rtnl.Addr, pretty bool) error {
	groups := groupByLink(links, addrs)
	j := newJSONWriter(w, pretty)
	var scratch []byte // reused text of addresses and numbers
	j.beginArray()
	for i := range links {
		j.beginObject()
		writeLinkHeader(j, &links[i])
		j.key("addr_info")
		j.beginArray()
		for _, a := range groups[i] {
			j.beginObject()
			scratch = writeAddrInfo(j, a, scratch)
			j.endObject()
			j.maybeFlush()
		}
		j.endArray()
		j.endObject()
	}
	j.endArray()
	if err := j.finish(); err != nil {
		return fmt.Errorf("write addresses as json: %w", err)
	}
	return nil
}

// writeLinkHeader writes the keys of a link object that come before
// "addr_info", in iproute2's order (print_linkinfo).
func writeLinkHeader(j *jsonWriter, l *rtnl.Link) {
	j.key("ifindex")
	j.int(int64(l.Index))
	j.key("ifname")
	j.str(l.Name)
}

// writeAddrInfo writes the members of one "addr_info" entry with
// print_addrinfo's keys, order and presence rules. scratch is a buffer the
// caller reuses across calls to avoid an allocation per address; the grown
// buffer is returned.
func writeAddrInfo(j *jsonWriter, a *rtnl.Addr, scratch []byte) []byte {
	if name, ok := familyName(a.Family); ok {
		j.key("family")
		j.str(name)
	} else {
		j.key("family_index")
		j.int(int64(a.Family))
	}

	// iproute2 prints the address, peer, length and metric only when the
	// message has an address at all; a decoded Addr always does.
	if a.Local.IsValid() {
		local := a.Local.Addr()
		j.key("local")
		scratch = appendIP(scratch[:0], a.Family, local)
		j.rawStr(scratch)
		if a.Peer.IsValid() && a.Peer != local {
			j.key("address")
			scratch = appendIP(scratch[:0], a.Family, a.Peer)
			j.rawStr(scratch)
		}
		j.key("prefixlen")
		j.int(int64(a.Local.Bits()))
		// The kernel sends IFA_RT_PRIORITY only when it is not zero.
		if a.Metric != 0 {
			j.key("metric")
			j.uint(uint64(a.Metric))
		}
	}
	if a.Broadcast.IsValid() {
		j.key("broadcast")
		scratch = appendIP(scratch[:0], a.Family, a.Broadcast)
		j.rawStr(scratch)
	}
	if a.Anycast.IsValid() {
		j.key("anycast")
		scratch = appendIP(scratch[:0], a.Family, a.Anycast)
		j.rawStr(scratch)
	}
	j.key("scope")
	j.str(ScopeName(a.Scope))

	unknown := flagWords(a.Family, a.Flags, func(word string) {
		j.key(word)
		j.bool(true)
	})
	if unknown != 0 {
		j.key("ifa_flags")
		scratch = appendHex02(scratch[:0], unknown)
		j.rawStr(scratch)
	}

	// iproute2 6.1 ignores IFA_PROTO; 6.4 would print "protocol" here.

	if a.Label != "" {
		j.key("label")
		j.str(a.Label)
	}

	// The kernel sends IFA_CACHEINFO with every address it dumps, so the
	// lifetimes are always printed.
	j.key("valid_life_time")
	j.uint(uint64(a.Valid))
	j.key("preferred_life_time")
	if a.Flags&rtnl.FlagDeprecated != 0 && a.Preferred != rtnl.Forever {
		// iproute2 prints a deprecated address's preferred lifetime with
		// "%d", so a value above 2^31-1 comes out negative.
		j.int(int64(int32(a.Preferred)))
	} else {
		j.uint(uint64(a.Preferred))
	}
	return scratch
}

// appendHex02 is printf's "%02x".
func appendHex02(dst []byte, v uint32) []byte {
	if v < 0x10 {
		dst = append(dst, '0')
	}
	return strconv.AppendUint(dst, uint64(v), 16)
}

package render

import (
	"fmt"
	"io"
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// AddrsJSON writes what `ip -j addr show` (iproute2 6.1) prints for links
// and addrs: an array with one object per link, in the order given, each
// with the link's keys (see writeLinkHeader; `ip addr` prints neither
// "linkmode" nor "ifalias"), then its addresses in "addr_info" in the
// order given, then "stats64" when opts.Stats asks for counters (`ip -j
// -s addr show`). Addresses whose Index is not among links are left out.
// opts.Family is the family the view is limited to, if any (-4 or -6:
// iproute2 then leaves the link layer keys out); opts.Lookup names
// masters and peers that are not among links (see Lookup); opts.Pretty
// gives what `ip -j -p addr show` prints.
func AddrsJSON(w io.Writer, links []rtnl.Link, addrs []rtnl.Addr, opts JSONOptions) error {
	groups := groupByLink(links, addrs)
	v := linkView{
		lookup:    lookupFor(opts.Lookup, links),
		linkLayer: opts.Family == rtnl.FamilyAll || opts.Family == afPacket,
		inet6:     opts.Inet6LinkDump,
		stats:     opts.Stats,
	}
	j := newJSONWriter(w, opts.Pretty)
	var scratch []byte // reused text of addresses and numbers
	j.beginArray()
	for i := range links {
		j.beginObject()
		scratch = writeLinkHeader(j, &links[i], &v, scratch)
		j.key("addr_info")
		j.beginArray()
		for _, a := range groups[i] {
			j.beginObject()
			scratch = writeAddrInfo(j, a, scratch)
			j.endObject()
			j.maybeFlush()
		}
		j.endArray()
		if v.stats > 0 && links[i].Stats != nil {
			writeStats64(j, &links[i], v.stats, !v.inet6)
		}
		j.endObject()
		j.maybeFlush()
	}
	j.endArray()
	if err := j.finish(); err != nil {
		return fmt.Errorf("write addresses as json: %w", err)
	}
	return nil
}

// afPacket is AF_PACKET, the family `ip -0` asks for: iproute2 prints the
// link layer keys for it as it does for no family.
const afPacket rtnl.Family = 17

// writeAddrInfo writes the members of one "addr_info" entry with
// print_addrinfo's keys, order and presence rules. scratch is a buffer the
// caller reuses across calls to avoid an allocation per address; the grown
// buffer is returned.
func writeAddrInfo(j *jsonWriter, a *rtnl.Addr, scratch []byte) []byte {
	if name, ok := familyName(a.Family); ok {
		j.key("family")
		j.lit(name)
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
	j.lit(ScopeName(a.Scope))

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

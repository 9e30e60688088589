package render

import (
	"io"
	"net/netip"
	"strconv"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func benchLinks(n int) []rtnl.Link {
	links := make([]rtnl.Link, n)
	for i := range links {
		links[i] = rtnl.Link{Index: i + 1, Name: "veth" + strconv.Itoa(i)}
	}
	return links
}

// manyAddrs spreads n addresses, alternately IPv4 and IPv6, over the
// links 1..nlinks, the way a host with many service addresses looks.
func manyAddrs(n, nlinks int) []rtnl.Addr {
	addrs := make([]rtnl.Addr, n)
	for i := range addrs {
		a := rtnl.Addr{Index: i%nlinks + 1, Valid: rtnl.Forever, Preferred: rtnl.Forever}
		if i%2 == 0 {
			a.Family = rtnl.FamilyV4
			a.Local = netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 51, byte(i >> 8), byte(i)}), 24)
			a.Broadcast = netip.AddrFrom4([4]byte{198, 51, byte(i >> 8), 255})
			a.Flags = rtnl.FlagPermanent
			a.Label = "veth" + strconv.Itoa(i%nlinks)
		} else {
			a.Family = rtnl.FamilyV6
			b := netip.MustParseAddr("2001:db8::").As16()
			b[14], b[15] = byte(i>>8), byte(i)
			a.Local = netip.PrefixFrom(netip.AddrFrom16(b), 64)
			a.Flags = rtnl.FlagNoDAD
			a.Valid, a.Preferred = 86400, 3600
		}
		addrs[i] = a
	}
	return addrs
}

func BenchmarkAddrsJSON(b *testing.B) {
	links, addrs := benchLinks(100), manyAddrs(10000, 100)
	b.ReportAllocs()
	for b.Loop() {
		if err := AddrsJSON(io.Discard, links, addrs, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddrsJSONPretty(b *testing.B) {
	links, addrs := benchLinks(100), manyAddrs(10000, 100)
	b.ReportAllocs()
	for b.Loop() {
		if err := AddrsJSON(io.Discard, links, addrs, true); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddrsTable(b *testing.B) {
	links, addrs := benchLinks(100), manyAddrs(10000, 100)
	b.ReportAllocs()
	for b.Loop() {
		if err := AddrsTable(io.Discard, links, addrs); err != nil {
			b.Fatal(err)
		}
	}
}

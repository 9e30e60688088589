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
		if err := AddrsJSON(io.Discard, links, addrs, JSONOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddrsJSONPretty(b *testing.B) {
	links, addrs := benchLinks(100), manyAddrs(10000, 100)
	b.ReportAllocs()
	for b.Loop() {
		if err := AddrsJSON(io.Discard, links, addrs, JSONOptions{Pretty: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddrsTable(b *testing.B) {
	links, addrs := benchLinks(100), manyAddrs(10000, 100)
	b.ReportAllocs()
	for b.Loop() {
		if err := AddrsTable(io.Discard, links, addrs, nil, Palette{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchLinksFull is n links as a host with many veth pairs has them: every
// link a port of the first, with a peer, counters and an altname.
func benchLinksFull(n int) []rtnl.Link {
	links := make([]rtnl.Link, n)
	stats := make([]rtnl.LinkStats, n)
	for i := range links {
		stats[i] = rtnl.LinkStats{RxBytes: uint64(i) << 20, RxPackets: uint64(i) << 10, TxBytes: uint64(i) << 19,
			TxPackets: uint64(i) << 9, Multicast: uint64(i)}
		l := rtnl.Link{
			Index: i + 1, Name: "veth" + strconv.Itoa(i), Type: 1,
			Flags: iffBroadcast | iffMulticast | iffUp | iffRunning | iffLowerUp,
			MTU:   1500, Qdisc: "noqueue", OperState: 6, TxQueueLen: 1000,
			Address:   []byte{0x02, 0, 0, 0, byte(i >> 8), byte(i)},
			Broadcast: []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
			AltNames:  []string{"alt-veth" + strconv.Itoa(i)},
			Kind:      "veth", Stats: &stats[i], CarrierChanges: 2, HasCarrierChanges: true,
		}
		if i > 0 {
			l.Master = 1
			l.Parent, l.HasParent = (i^1)+1, true
		}
		links[i] = l
	}
	return links
}

func BenchmarkLinksJSON(b *testing.B) {
	links := benchLinksFull(2001)
	lookup := LookupIn(links)
	for _, level := range []int{0, 2} {
		b.Run("s"+strconv.Itoa(level), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := LinksJSON(io.Discard, links, JSONOptions{Stats: level, Lookup: lookup}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAddrsJSONHeaders is `addr show` on 2001 links with 10
// addresses each: the link keys, with lookups of masters and peers, for
// every link, and 20,010 addr_info entries.
func BenchmarkAddrsJSONHeaders(b *testing.B) {
	links := benchLinksFull(2001)
	addrs := manyAddrs(20010, 2001)
	lookup := LookupIn(links)
	b.ReportAllocs()
	for b.Loop() {
		if err := AddrsJSON(io.Discard, links, addrs, JSONOptions{Lookup: lookup}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStatsJSON(b *testing.B) {
	links := benchLinksFull(2001)
	entries := make([]StatsEntry, len(links))
	for i := range links {
		entries[i] = StatsEntry{Link: links[i], Driver: []rtnl.DriverStat{{Name: "peer_ifindex", Value: 2}, {Name: "rx_queue_0_xdp_packets"}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := StatsJSON(io.Discard, entries, StatsOptions{Driver: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLinksTable(b *testing.B) {
	links := benchLinksFull(2001)
	b.ReportAllocs()
	for b.Loop() {
		if err := LinksTable(io.Discard, links, nil, Palette{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddrsTableHeaders is `addr show` for people on 2001 links with
// 10 addresses each: the same host as BenchmarkAddrsJSONHeaders, plain
// and coloured.
func BenchmarkAddrsTableHeaders(b *testing.B) {
	links := benchLinksFull(2001)
	addrs := manyAddrs(20010, 2001)
	lookup := LookupIn(links)
	for _, bc := range []struct {
		name  string
		color Palette
	}{{"plain", Palette{}}, {"color", NewPalette(false)}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := AddrsTable(io.Discard, links, addrs, lookup, bc.color); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLinksTableFull is `link show` for people on 2001 links, plain
// and coloured, with their masters looked up.
func BenchmarkLinksTableFull(b *testing.B) {
	links := benchLinksFull(2001)
	lookup := LookupIn(links)
	for _, bc := range []struct {
		name  string
		color Palette
	}{{"plain", Palette{}}, {"color", NewPalette(false)}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := LinksTable(io.Discard, links, lookup, bc.color); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStatsTable is `link stats` for people on 2001 links, with two
// driver counters each.
func BenchmarkStatsTable(b *testing.B) {
	links := benchLinksFull(2001)
	entries := make([]StatsEntry, len(links))
	for i := range links {
		entries[i] = StatsEntry{Link: links[i], Driver: []rtnl.DriverStat{{Name: "peer_ifindex", Value: 2}, {Name: "rx_queue_0_xdp_packets"}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := StatsTable(io.Discard, entries, StatsOptions{Driver: true}); err != nil {
			b.Fatal(err)
		}
	}
}

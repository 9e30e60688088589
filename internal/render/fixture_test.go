package render

import (
	"net/netip"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// The fixture mirrors what the kernel reported in a throwaway namespace
// where `ip -j addr show` was the oracle; links come in a deliberately
// unsorted order and one address sits on a device that is not listed.
// v0 and v1 are a veth pair, v1 a port of br0; br0 is up without carrier.
func fixtureLinks() []rtnl.Link {
	ether := func(last byte) []byte { return []byte{0x12, 0x70, 0xea, 0xb9, 0xb7, last} }
	bcast := []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	up := uint32(iffUp | iffRunning | iffLowerUp)
	return []rtnl.Link{
		{Index: 1, Name: "lo", Type: 772, Flags: iffLoopback | up, MTU: 65536, Qdisc: "noqueue",
			OperState: 0, TxQueueLen: 1000, Address: make([]byte, 6), Broadcast: make([]byte, 6),
			Stats: &rtnl.LinkStats{}, HasCarrierChanges: true},
		{Index: 3, Name: "v0", Type: 1, Flags: iffBroadcast | iffMulticast | up, MTU: 1400,
			Qdisc: "noqueue", OperState: 6, TxQueueLen: 1000, Parent: 2, HasParent: true,
			Address: ether(0x69), Broadcast: bcast, Alias: "my link", AltNames: []string{"v0-alt"},
			Kind: "veth", MinMTU: 68, MaxMTU: 65535,
			Stats:          &rtnl.LinkStats{RxBytes: 144, RxPackets: 2, TxBytes: 90, TxPackets: 1},
			CarrierChanges: 2, HasCarrierChanges: true},
		{Index: 2, Name: "v1", Type: 1, Flags: iffBroadcast | iffMulticast | up, MTU: 1500,
			Qdisc: "noqueue", OperState: 6, TxQueueLen: 1000, Master: 4, Parent: 3, HasParent: true,
			Address: ether(0xbe), Broadcast: bcast, Kind: "veth", SlaveKind: "bridge",
			Stats:          &rtnl.LinkStats{RxBytes: 90, RxPackets: 1, TxBytes: 144, TxPackets: 2},
			CarrierChanges: 2, HasCarrierChanges: true},
		// No addresses.
		{Index: 4, Name: "br0", Type: 1, Flags: iffBroadcast | iffMulticast | iffUp | iffLowerUp,
			MTU: 1500, Qdisc: "noqueue", OperState: 2, TxQueueLen: 1000,
			Address: ether(0xbe), Broadcast: bcast, Kind: "bridge",
			Stats:          &rtnl.LinkStats{RxBytes: 76, RxPackets: 1, Multicast: 1, TxBytes: 54, TxPackets: 1},
			CarrierChanges: 2, HasCarrierChanges: true},
	}
}

func fixtureAddrs() []rtnl.Addr {
	p := netip.MustParsePrefix
	ip := netip.MustParseAddr
	perm := rtnl.FlagPermanent
	fv := rtnl.Forever
	return []rtnl.Addr{
		{Family: rtnl.FamilyV4, Index: 1, Local: p("127.0.0.1/8"), Scope: rtnl.ScopeHost,
			Flags: perm, Label: "lo", Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV4, Index: 2, Local: p("198.51.100.1/32"), Peer: ip("198.51.100.2"),
			Flags: perm, Label: "v1", Valid: fv, Preferred: fv, Metric: 7},
		// Not among the links: must not show anywhere.
		{Family: rtnl.FamilyV4, Index: 99, Local: p("203.0.113.99/24"), Flags: perm,
			Label: "gone", Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV4, Index: 3, Local: p("192.0.2.1/24"), Broadcast: ip("192.0.2.255"),
			Label: "v0:x", Valid: 100, Preferred: 50},
		{Family: rtnl.FamilyV4, Index: 3, Local: p("192.0.2.2/24"), Flags: rtnl.FlagSecondary | perm,
			Label: "v0", Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV4, Index: 3, Local: p("192.0.2.3/24"),
			Flags: rtnl.FlagSecondary | rtnl.FlagDeprecated, Label: "v0", Valid: 3605, Preferred: 0},
		{Family: rtnl.FamilyV4, Index: 3, Local: p("203.0.113.9/25"), Broadcast: ip("203.0.113.127"),
			Scope: rtnl.ScopeLink, Flags: perm, Label: "v0", Valid: fv, Preferred: fv, Metric: fv},
		{Family: rtnl.FamilyV4, Index: 3, Local: p("203.0.113.220/28"), Scope: rtnl.ScopeSite,
			Flags: perm | rtnl.FlagNoPrefixRoute, Label: "v0", Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV6, Index: 1, Local: p("::1/128"), Scope: rtnl.ScopeHost,
			Flags: perm, Valid: fv, Preferred: fv, Protocol: 1},
		{Family: rtnl.FamilyV6, Index: 3, Local: p("2001:db8::1/64"),
			Flags: perm | rtnl.FlagNoDAD, Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV6, Index: 3, Local: p("2001:db8:0:5:a63:9b6f:b921:92a1/64"),
			Flags: rtnl.FlagSecondary | rtnl.FlagTentative, Valid: 3600, Preferred: 1800},
		{Family: rtnl.FamilyV6, Index: 3, Local: p("2001:db8:0:5::1/64"),
			Flags: rtnl.FlagManageTemp, Valid: 3600, Preferred: 1800},
		{Family: rtnl.FamilyV6, Index: 3, Local: p("2001:db8:0:1::1/64"),
			Flags: perm | rtnl.FlagHomeAddress | rtnl.FlagOptimistic | rtnl.FlagTentative |
				rtnl.FlagManageTemp | rtnl.FlagNoPrefixRoute,
			Valid: fv, Preferred: fv, Metric: 10},
		{Family: rtnl.FamilyV6, Index: 3, Local: p("2001:db8:0:2::1/64"), Anycast: ip("2001:db8:0:2::2"),
			Flags: perm | rtnl.FlagDADFailed | rtnl.FlagTentative, Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV6, Index: 3, Local: p("2001:db8::2/64"),
			Flags: rtnl.FlagDeprecated | rtnl.FlagMcAutoJoin, Valid: 7200, Preferred: 0},
		// 0x01000000 is a bit iproute2 6.1 has no name for.
		{Family: rtnl.FamilyV6, Index: 3, Local: p("fe80::d820:30f:5afc:84be/64"), Scope: rtnl.ScopeLink,
			Flags: perm | rtnl.FlagStablePrivacy | 0x01000000, Valid: fv, Preferred: fv, Protocol: 3},
		{Family: rtnl.FamilyV6, Index: 2, Local: p("2001:db8::5/128"), Peer: ip("2001:db8::6"),
			Flags: perm, Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV6, Index: 2, Local: p("::c000:201/128"),
			Flags: perm, Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV6, Index: 2, Local: p("::ffff:192.0.2.7/128"),
			Flags: perm, Valid: fv, Preferred: fv},
	}
}

// oddLabel has every kind of byte a label can carry that JSON and
// terminals need care with: quote, backslash, control characters,
// a colour escape, invalid UTF-8 and a valid multi-byte rune.
const oddLabel = "v0:\"q\\\t\n\x01\x1b[31m\xff\xfeé\x7f"

func oddAddrs() ([]rtnl.Link, []rtnl.Addr) {
	links := []rtnl.Link{{Index: 3, Name: "v0\x1b]0;x\a\xc3"}}
	addrs := []rtnl.Addr{{
		Family: rtnl.FamilyV4, Index: 3, Local: netip.MustParsePrefix("192.0.2.1/24"),
		Flags: rtnl.FlagPermanent, Label: oddLabel, Valid: rtnl.Forever, Preferred: rtnl.Forever,
	}}
	return links, addrs
}

// oddLinks are links the test namespace cannot make (tunnels, a bond
// port, an InfiniBand device) or the kernel does not send today (unknown
// states, modes and flags), each reaching a rule of print_linkinfo that
// fixtureLinks does not.
func oddLinks() []rtnl.Link {
	ib := make([]byte, 20)
	for i := range ib {
		ib[i] = byte(0x80 + i)
	}
	long := make([]byte, 32) // MAX_ADDR_LEN: iproute2 cuts the text at 63 characters
	for i := range long {
		long[i] = byte(i)
	}
	return []rtnl.Link{
		// ipip fallback device: IFLA_LINK 0 is "link": null.
		{Index: 10, Name: "tunl0", Type: 768, Flags: iffNoARP, MTU: 1480, Qdisc: "noop",
			OperState: 2, TxQueueLen: 1000, HasParent: true, Parent: 0,
			Address: []byte{0, 0, 0, 0}, Broadcast: []byte{0, 0, 0, 0}, Kind: "ipip"},
		// A point-to-point GRE tunnel: its broadcast is the peer.
		{Index: 11, Name: "gre1", Type: 778, Flags: iffPointToPt | iffNoARP | iffUp | iffRunning | iffLowerUp,
			MTU: 1476, Qdisc: "noqueue", OperState: 0, TxQueueLen: 1000, HasParent: true, Parent: 0,
			Address: []byte{192, 0, 2, 1}, Broadcast: []byte{192, 0, 2, 2}, Kind: "gre"},
		{Index: 12, Name: "ip6gre1", Type: 823, Flags: iffPointToPt | iffNoARP, MTU: 1448, Qdisc: "noop",
			OperState: 2, TxQueueLen: 1000,
			Address:   netip.MustParseAddr("2001:db8::1").AsSlice(),
			Broadcast: netip.MustParseAddr("2001:db8::2").AsSlice(), Kind: "ip6gre"},
		// A bond port whose bond is not among the links: "if99"; its MAC
		// is the bond's, so its own shows as permaddr.
		{Index: 13, Name: "eth0", Type: 1, Flags: iffBroadcast | iffMulticast | iffSlave | iffUp | iffRunning | iffLowerUp,
			MTU: 9000, Qdisc: "mq", OperState: 6, TxQueueLen: 1000, Master: 99,
			Address: []byte{2, 0, 0, 0, 0, 1}, Broadcast: []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
			PermAddress: []byte{2, 0, 0, 0, 0, 2}, SlaveKind: "bond", ProtoDown: true,
			Stats: &rtnl.LinkStats{RxBytes: 1 << 40, RxPackets: 1 << 30, RxCompressed: 3, TxCompressed: 4,
				RxNoHandler: 5, RxOtherhostDropped: 6, RxFrameErrors: 7, TxWindowErrors: 8}},
		// A veth whose peer is in the namespace with id 0.
		{Index: 14, Name: "v2", Type: 1, Flags: iffBroadcast | iffMulticast, MTU: 1500, Qdisc: "noop",
			OperState: 2, TxQueueLen: 1000, Parent: 5, HasParent: true, ParentNetNSID: 0, HasParentNetNSID: true,
			Address: []byte{0x46, 0xde, 0x81, 0x95, 0x9d, 0x64}, Broadcast: []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
			Kind: "veth"},
		{Index: 15, Name: "ib0", Type: 32, Flags: iffBroadcast | iffMulticast | iffUp, MTU: 2044,
			Qdisc: "mq", OperState: 5, LinkMode: 1, TxQueueLen: 256, Address: ib, Broadcast: long},
		// Values the kernel does not send today.
		{Index: 16, Name: "odd", Type: 519, Flags: iffUp | iffRunning | iffEcho | 0x80000 | 0x40000000,
			MTU: 0xFFFFFFFF, OperState: 9, LinkMode: 3, Group: 0xFFFFFFFF, TxQueueLen: 0x80000000,
			Stats: &rtnl.LinkStats{RxBytes: 1, TxBytes: 2}, Stats32: true,
			CarrierChanges: 7, HasCarrierChanges: true},
	}
}

package render

import (
	"net/netip"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// The fixture mirrors what the kernel reported in a throwaway namespace
// where `ip -j addr show` was the oracle; links come in a deliberately
// unsorted order and one address sits on a device that is not listed.
func fixtureLinks() []rtnl.Link {
	return []rtnl.Link{
		{Index: 1, Name: "lo"},
		{Index: 3, Name: "v0"},
		{Index: 2, Name: "v1"},
		{Index: 4, Name: "br0"}, // no addresses
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

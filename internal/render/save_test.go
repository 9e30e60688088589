package render

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func TestAppendSaveLine(t *testing.T) {
	p := netip.MustParsePrefix
	ip := netip.MustParseAddr
	fv := rtnl.Forever
	for _, tc := range []struct {
		a    rtnl.Addr
		dev  string
		want string
	}{
		{rtnl.Addr{Family: rtnl.FamilyV4, Local: p("192.0.2.1/24"), Broadcast: ip("192.0.2.255"), Label: "v0",
			Valid: 100, Preferred: 50, Flags: rtnl.FlagNoPrefixRoute},
			"v0", "addr add 192.0.2.1/24 dev v0 scope global label v0 brd 192.0.2.255 valid_lft 100 preferred_lft 50 noprefixroute"},
		// IPv4 valid forever: the kernel keeps it preferred forever.
		{rtnl.Addr{Family: rtnl.FamilyV4, Local: p("192.0.2.1/32"), Peer: ip("192.0.2.2"), Label: "v0", Valid: fv, Preferred: 10, Metric: 3},
			"v0", "addr add 192.0.2.1 peer 192.0.2.2/32 dev v0 scope global label v0 metric 3"},
		// IPv6: no scope, no label; a lifetime that ran out is 1.
		{rtnl.Addr{Family: rtnl.FamilyV6, Local: p("2001:db8::1/64"), Scope: rtnl.ScopeUniverse, Valid: 0, Preferred: 0,
			Flags: rtnl.FlagNoDAD | rtnl.FlagOptimistic | rtnl.FlagTentative | rtnl.FlagDeprecated},
			"v 0", "addr add 2001:db8::1/64 dev 'v 0' valid_lft 1 preferred_lft 0 nodad"},
		{rtnl.Addr{Family: rtnl.FamilyV6, Local: p("::192.0.2.1/128"), Valid: fv, Preferred: fv, Flags: rtnl.FlagOptimistic | rtnl.FlagHomeAddress},
			"v0", "addr add ::192.0.2.1/128 dev v0 home optimistic"},
		// IPv6-only flags on IPv4 are not written: an add would refuse them.
		{rtnl.Addr{Family: rtnl.FamilyV4, Local: p("239.1.1.1/32"), Valid: fv, Preferred: fv, Flags: rtnl.FlagNoDAD | rtnl.FlagMcAutoJoin, Label: `a\b`},
			"v0", `addr add 239.1.1.1/32 dev v0 scope global label 'a\b' autojoin`},
		{rtnl.Addr{Family: rtnl.FamilyV6, Local: p("fe80::1/64"), Scope: rtnl.ScopeLink, Valid: fv, Preferred: fv},
			"v0", "addr replace fe80::1/64 dev v0"},
		{rtnl.Addr{Family: rtnl.FamilyV6, Local: p("2001:db8::5/64"), Valid: 9, Preferred: 9, Protocol: 2},
			"v0", "addr replace 2001:db8::5/64 dev v0 valid_lft 9 preferred_lft 9"},
	} {
		got, err := AppendSaveLine([]byte("x"), &tc.a, tc.dev)
		if err != nil {
			t.Errorf("%s: %v", tc.a.Local, err)
			continue
		}
		if string(got) != "x"+tc.want+"\n" {
			t.Errorf("got  %q\nwant %q", got, "x"+tc.want+"\n")
		}
	}
}

func TestAppendSaveLineRefuses(t *testing.T) {
	a := rtnl.Addr{Family: rtnl.FamilyV4, Local: netip.MustParsePrefix("192.0.2.1/24")}
	for _, tc := range []struct{ dev, label, want string }{
		{"v0", "v0#1", "holds a '#'"},
		{"v0", "v0\n", "newline"},
		{"v0", `'"`, "both kinds of quote"},
		{"", "x", "device name: empty"},
	} {
		a.Label = tc.label
		got, err := AppendSaveLine([]byte("keep"), &a, tc.dev)
		if err == nil || !strings.Contains(err.Error(), tc.want) || string(got) != "keep" {
			t.Errorf("%q %q: %q, %v", tc.dev, tc.label, got, err)
		}
	}
}

func TestSaved(t *testing.T) {
	tmp := rtnl.Addr{Family: rtnl.FamilyV6, Flags: rtnl.FlagSecondary}
	sec := rtnl.Addr{Family: rtnl.FamilyV4, Flags: rtnl.FlagSecondary}
	if Saved(&tmp) || !Saved(&sec) {
		t.Error("IPv6 temporary addresses are not saved, IPv4 secondaries are")
	}
}

package render

import (
	"net/netip"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func TestAppendIP(t *testing.T) {
	v6 := rtnl.FamilyV6
	tests := []struct {
		fam  rtnl.Family
		in   netip.Addr
		want string
	}{
		{rtnl.FamilyV4, netip.MustParseAddr("192.0.2.1"), "192.0.2.1"},
		{rtnl.FamilyV4, netip.MustParseAddr("::ffff:192.0.2.1"), "192.0.2.1"},
		{v6, netip.MustParseAddr("2001:db8::1"), "2001:db8::1"},
		{v6, netip.MustParseAddr("2001:db8::1%v0"), "2001:db8::1"},
		{v6, netip.MustParseAddr("::"), "::"},
		{v6, netip.MustParseAddr("::1"), "::1"},
		// The cases below were checked against `ip -j addr show`.
		{v6, netip.MustParseAddr("::c000:201"), "::192.0.2.1"},
		{v6, netip.MustParseAddr("::1:0"), "::0.1.0.0"},
		{v6, netip.MustParseAddr("::ffff:192.0.2.7"), "::ffff:192.0.2.7"},
		{v6, netip.MustParseAddr("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1"},
		{v6, netip.MustParseAddr("2001:db8:1:0:0:1:0:0"), "2001:db8:1::1:0:0"},
		{v6, netip.MustParseAddr("2001:0:0:1::1"), "2001:0:0:1::1"},
		{v6, netip.MustParseAddr("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1"},
		// Not IPv4-compatible: a nonzero group before the last two.
		{v6, netip.MustParseAddr("::1:c000:201"), "::1:c000:201"},
	}
	for _, tt := range tests {
		if got := string(appendIP(nil, tt.fam, tt.in)); got != tt.want {
			t.Errorf("appendIP(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

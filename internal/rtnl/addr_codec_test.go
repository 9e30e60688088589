package rtnl

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// attrs parses the attributes of an ifaddrmsg payload into a map.
func attrs(t *testing.T, b []byte) map[uint16][]byte {
	t.Helper()
	as, err := netlink.UnmarshalAttributes(b[sizeofIfAddrmsg:])
	if err != nil {
		t.Fatalf("attributes: %v", err)
	}
	m := map[uint16][]byte{}
	for _, a := range as {
		m[a.Type] = a.Data
	}
	return m
}

func TestEncodeAddr(t *testing.T) {
	a := Addr{
		Index:     7,
		Local:     netip.MustParsePrefix("192.0.2.1/24"),
		Broadcast: netip.MustParseAddr("192.0.2.255"),
		Scope:     ScopeLink,
		Flags:     FlagNoPrefixRoute,
		Label:     "v0:1",
		Valid:     60,
		Preferred: 30,
		Metric:    100,
	}
	b, err := encodeAddr(&a)
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != unix.AF_INET || b[1] != 24 || b[3] != ScopeLink || binary.NativeEndian.Uint32(b[4:8]) != 7 {
		t.Fatalf("header = % x", b[:8])
	}
	m := attrs(t, b)
	checks := []struct {
		name string
		typ  uint16
		want []byte
	}{
		{"IFA_LOCAL", unix.IFA_LOCAL, []byte{192, 0, 2, 1}},
		{"IFA_ADDRESS", unix.IFA_ADDRESS, []byte{192, 0, 2, 1}},
		{"IFA_BROADCAST", unix.IFA_BROADCAST, []byte{192, 0, 2, 255}},
		{"IFA_LABEL", unix.IFA_LABEL, []byte("v0:1\x00")},
		{"IFA_FLAGS", unix.IFA_FLAGS, binary.NativeEndian.AppendUint32(nil, FlagNoPrefixRoute)},
		{"IFA_RT_PRIORITY", unix.IFA_RT_PRIORITY, binary.NativeEndian.AppendUint32(nil, 100)},
		// preferred, valid, cstamp, tstamp
		{"IFA_CACHEINFO", unix.IFA_CACHEINFO, []byte{30, 0, 0, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
	}
	for _, c := range checks {
		if got, ok := m[c.typ]; !ok || string(got) != string(c.want) {
			t.Errorf("%s = % x, want % x", c.name, got, c.want)
		}
	}
	if _, ok := m[unix.IFA_ANYCAST]; ok {
		t.Error("IFA_ANYCAST sent though not asked for")
	}
}

func TestEncodeAddrPeerAndNoLifetimes(t *testing.T) {
	a := Addr{
		Index: 3,
		Local: netip.MustParsePrefix("2001:db8::1/64"),
		Peer:  netip.MustParseAddr("2001:db8::2"),
	}
	b, err := encodeAddr(&a)
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != unix.AF_INET6 || b[1] != 64 {
		t.Fatalf("header = % x", b[:8])
	}
	m := attrs(t, b)
	if got := netip.AddrFrom16([16]byte(m[unix.IFA_LOCAL])); got != a.Local.Addr() {
		t.Errorf("IFA_LOCAL = %s", got)
	}
	if got := netip.AddrFrom16([16]byte(m[unix.IFA_ADDRESS])); got != a.Peer {
		t.Errorf("IFA_ADDRESS = %s, want the peer", got)
	}
	if _, ok := m[unix.IFA_CACHEINFO]; ok {
		t.Error("IFA_CACHEINFO sent without lifetimes")
	}
	if _, ok := m[unix.IFA_FLAGS]; !ok {
		t.Error("IFA_FLAGS missing: the kernel would read the 8-bit header flags")
	}
}

// addrPayload builds an RTM_NEWADDR payload as the kernel sends it.
func addrPayload(fam, plen, hdrFlags, scope uint8, index uint32, as []netlink.Attribute) []byte {
	b := make([]byte, sizeofIfAddrmsg)
	b[0], b[1], b[2], b[3] = fam, plen, hdrFlags, scope
	binary.NativeEndian.PutUint32(b[4:8], index)
	ab, err := netlink.MarshalAttributes(as)
	if err != nil {
		panic(err)
	}
	return append(b, ab...)
}

func cacheinfo(preferred, valid, cstamp, tstamp uint32) []byte {
	b := make([]byte, 16)
	binary.NativeEndian.PutUint32(b[0:], preferred)
	binary.NativeEndian.PutUint32(b[4:], valid)
	binary.NativeEndian.PutUint32(b[8:], cstamp)
	binary.NativeEndian.PutUint32(b[12:], tstamp)
	return b
}

func u32(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }

func TestDecodeAddr(t *testing.T) {
	v6 := netip.MustParseAddr("2001:db8::1").As16()
	peer6 := netip.MustParseAddr("2001:db8::2").As16()
	tests := []struct {
		name    string
		payload []byte
		want    Addr
	}{
		{
			name: "ipv4 with label, broadcast, metric, proto, lifetimes",
			payload: addrPayload(unix.AF_INET, 24, unix.IFA_F_PERMANENT, 0, 2, []netlink.Attribute{
				{Type: unix.IFA_ADDRESS, Data: []byte{192, 0, 2, 1}},
				{Type: unix.IFA_LOCAL, Data: []byte{192, 0, 2, 1}},
				{Type: unix.IFA_BROADCAST, Data: []byte{192, 0, 2, 255}},
				{Type: unix.IFA_LABEL, Data: []byte("v0:x\x00")},
				{Type: unix.IFA_FLAGS, Data: u32(FlagPermanent | FlagNoPrefixRoute)},
				{Type: unix.IFA_CACHEINFO, Data: cacheinfo(30, 60, 100, 200)},
				{Type: unix.IFA_RT_PRIORITY, Data: u32(7)},
				{Type: ifaProto, Data: []byte{3}},
			}),
			want: Addr{
				Family: FamilyV4, Index: 2, Local: netip.MustParsePrefix("192.0.2.1/24"),
				Broadcast: netip.MustParseAddr("192.0.2.255"), Label: "v0:x",
				Flags: FlagPermanent | FlagNoPrefixRoute, Preferred: 30, Valid: 60,
				Created: 100, Updated: 200, Metric: 7, Protocol: 3,
			},
		},
		{
			name: "ipv6 without IFA_LOCAL, header flags only",
			payload: addrPayload(unix.AF_INET6, 64, unix.IFA_F_NODAD, unix.RT_SCOPE_LINK, 5, []netlink.Attribute{
				{Type: unix.IFA_ADDRESS, Data: v6[:]},
			}),
			want: Addr{Family: FamilyV6, Index: 5, Local: netip.MustParsePrefix("2001:db8::1/64"),
				Flags: FlagNoDAD, Scope: ScopeLink},
		},
		{
			name: "ipv6 peer",
			payload: addrPayload(unix.AF_INET6, 128, 0, 0, 5, []netlink.Attribute{
				{Type: unix.IFA_ADDRESS, Data: peer6[:]},
				{Type: unix.IFA_LOCAL, Data: v6[:]},
			}),
			want: Addr{Family: FamilyV6, Index: 5, Local: netip.MustParsePrefix("2001:db8::1/128"),
				Peer: netip.MustParseAddr("2001:db8::2")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Addr
			if err := decodeAddr(tt.payload, &got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeAddrRejects(t *testing.T) {
	tests := map[string][]byte{
		"short":           {2, 24, 0},
		"no address":      addrPayload(unix.AF_INET, 24, 0, 0, 1, nil),
		"wrong length":    addrPayload(unix.AF_INET, 24, 0, 0, 1, []netlink.Attribute{{Type: unix.IFA_LOCAL, Data: []byte{1, 2, 3}}}),
		"prefix too long": addrPayload(unix.AF_INET, 33, 0, 0, 1, []netlink.Attribute{{Type: unix.IFA_LOCAL, Data: []byte{192, 0, 2, 1}}}),
		"short cacheinfo": addrPayload(unix.AF_INET, 24, 0, 0, 1, []netlink.Attribute{
			{Type: unix.IFA_LOCAL, Data: []byte{192, 0, 2, 1}}, {Type: unix.IFA_CACHEINFO, Data: []byte{1}}}),
	}
	for name, b := range tests {
		var a Addr
		if err := decodeAddr(b, &a); err == nil {
			t.Errorf("%s: decoded %+v, want an error", name, a)
		}
	}
}

// FuzzDecodeAddr feeds arbitrary kernel bytes to the address decoder: it
// must never panic, and what it accepts must be a coherent address.
func FuzzDecodeAddr(f *testing.F) {
	v6 := netip.MustParseAddr("2001:db8::1").As16()
	f.Add(addrPayload(unix.AF_INET, 24, 0, 0, 2, []netlink.Attribute{
		{Type: unix.IFA_LOCAL, Data: []byte{192, 0, 2, 1}},
		{Type: unix.IFA_CACHEINFO, Data: cacheinfo(1, 2, 3, 4)},
		{Type: unix.IFA_LABEL, Data: []byte("x\x00")},
	}))
	f.Add(addrPayload(unix.AF_INET6, 64, 0, 0, 2, []netlink.Attribute{{Type: unix.IFA_ADDRESS, Data: v6[:]}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var a Addr
		if err := decodeAddr(b, &a); err != nil {
			return
		}
		if !a.Local.IsValid() {
			t.Fatalf("accepted an address without a valid local prefix: %+v", a)
		}
		if a.Peer.IsValid() && a.Peer.Is4() != a.Local.Addr().Is4() {
			t.Fatalf("peer of another family: %+v", a)
		}
	})
}

package rtnl

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// ifinfo builds an RTM_NEWLINK payload as the kernel sends it.
func ifinfo(typ uint16, index int32, flags uint32, as ...netlink.Attribute) []byte {
	b := make([]byte, unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint16(b[2:4], typ)
	binary.NativeEndian.PutUint32(b[4:8], uint32(index))
	binary.NativeEndian.PutUint32(b[8:12], flags)
	ab, err := netlink.MarshalAttributes(as)
	if err != nil {
		panic(err)
	}
	return append(b, ab...)
}

func attr(typ uint16, data []byte) netlink.Attribute { return netlink.Attribute{Type: typ, Data: data} }
func str(typ uint16, s string) netlink.Attribute     { return attr(typ, []byte(s+"\x00")) }
func u8(typ uint16, v uint8) netlink.Attribute       { return attr(typ, []byte{v}) }
func u32a(typ uint16, v uint32) netlink.Attribute    { return attr(typ, u32(v)) }

func nested(typ uint16, as ...netlink.Attribute) netlink.Attribute {
	b, err := netlink.MarshalAttributes(as)
	if err != nil {
		panic(err)
	}
	return attr(typ|unix.NLA_F_NESTED, b)
}

// counters returns n counters of size bytes each, valued 1, 2, 3, ...
func counters(n, size int) []byte {
	var b []byte
	for i := 1; i <= n; i++ {
		if size == 8 {
			b = binary.NativeEndian.AppendUint64(b, uint64(i))
		} else {
			b = binary.NativeEndian.AppendUint32(b, uint32(i))
		}
	}
	return b
}

// statsUpTo is a LinkStats whose first n counters are 1, 2, 3, ...
func statsUpTo(n int) *LinkStats {
	s := new(LinkStats)
	for i, f := range s.counters() {
		if i < n {
			*f = uint64(i + 1)
		}
	}
	return s
}

var (
	mac   = []byte{0x02, 0, 0x5e, 0x10, 0, 1}
	bcast = []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
)

func TestDecodeLink(t *testing.T) {
	tests := []struct {
		name string
		msg  []byte
		want Link
	}{
		{
			name: "veth with its peer",
			msg: ifinfo(unix.ARPHRD_ETHER, 3, unix.IFF_UP|unix.IFF_BROADCAST,
				str(unix.IFLA_IFNAME, "v0"),
				u32a(unix.IFLA_LINK, 2),
				attr(unix.IFLA_ADDRESS, mac), attr(unix.IFLA_BROADCAST, bcast),
				nested(unix.IFLA_LINKINFO, str(unix.IFLA_INFO_KIND, "veth"))),
			want: Link{Index: 3, Name: "v0", Type: unix.ARPHRD_ETHER, Flags: unix.IFF_UP | unix.IFF_BROADCAST,
				Parent: 2, HasParent: true, Address: mac, Broadcast: bcast, Kind: "veth"},
		},
		{
			name: "veth whose peer is in another namespace",
			msg: ifinfo(unix.ARPHRD_ETHER, 3, 0, str(unix.IFLA_IFNAME, "v0"),
				u32a(unix.IFLA_LINK, 2), u32a(unix.IFLA_LINK_NETNSID, 0)),
			want: Link{Index: 3, Name: "v0", Type: unix.ARPHRD_ETHER, Parent: 2, HasParent: true, HasParentNetNSID: true},
		},
		{
			name: "unassigned netnsid",
			msg:  ifinfo(unix.ARPHRD_ETHER, 3, 0, u32a(unix.IFLA_LINK_NETNSID, 0xFFFFFFFF)),
			want: Link{Index: 3, Type: unix.ARPHRD_ETHER, ParentNetNSID: -1, HasParentNetNSID: true},
		},
		{
			name: "tunnel without a lower device",
			msg:  ifinfo(unix.ARPHRD_TUNNEL, 5, 0, u32a(unix.IFLA_LINK, 0)),
			want: Link{Index: 5, Type: unix.ARPHRD_TUNNEL, HasParent: true},
		},
		{
			name: "bridge port",
			msg: ifinfo(unix.ARPHRD_ETHER, 4, 0, str(unix.IFLA_IFNAME, "v1"),
				u32a(unix.IFLA_MASTER, 9),
				nested(unix.IFLA_LINKINFO,
					str(unix.IFLA_INFO_KIND, "veth"),
					str(unix.IFLA_INFO_SLAVE_KIND, "bridge"),
					nested(unix.IFLA_INFO_SLAVE_DATA, u8(1, 3)))),
			want: Link{Index: 4, Name: "v1", Type: unix.ARPHRD_ETHER, Master: 9, Kind: "veth", SlaveKind: "bridge"},
		},
		{
			name: "tun has no hardware address",
			msg: ifinfo(unix.ARPHRD_NONE, 5, unix.IFF_POINTOPOINT|unix.IFF_NOARP, str(unix.IFLA_IFNAME, "tun0"),
				nested(unix.IFLA_LINKINFO, str(unix.IFLA_INFO_KIND, "tun"))),
			want: Link{Index: 5, Name: "tun0", Type: unix.ARPHRD_NONE, Flags: unix.IFF_POINTOPOINT | unix.IFF_NOARP, Kind: "tun"},
		},
		{
			name: "empty hardware address is none",
			msg:  ifinfo(unix.ARPHRD_NONE, 5, 0, attr(unix.IFLA_ADDRESS, nil)),
			want: Link{Index: 5, Type: unix.ARPHRD_NONE},
		},
		{
			name: "permanent address",
			msg:  ifinfo(unix.ARPHRD_ETHER, 2, 0, attr(unix.IFLA_ADDRESS, mac), attr(unix.IFLA_PERM_ADDRESS, bcast)),
			want: Link{Index: 2, Type: unix.ARPHRD_ETHER, Address: mac, PermAddress: bcast},
		},
		{
			name: "alternative names and alias",
			msg: ifinfo(unix.ARPHRD_ETHER, 2, 0, str(unix.IFLA_IFNAME, "v0"),
				nested(unix.IFLA_PROP_LIST,
					str(unix.IFLA_ALT_IFNAME, "uplink-with-a-very-long-name"),
					str(unix.IFLA_ALT_IFNAME, "up0")),
				str(unix.IFLA_IFALIAS, "to the lab")),
			want: Link{Index: 2, Name: "v0", Type: unix.ARPHRD_ETHER,
				AltNames: []string{"uplink-with-a-very-long-name", "up0"}, Alias: "to the lab"},
		},
		{
			name: "scalars",
			msg: ifinfo(unix.ARPHRD_ETHER, 2, 0,
				u32a(unix.IFLA_MTU, 9000), str(unix.IFLA_QDISC, "fq_codel"),
				u8(unix.IFLA_OPERSTATE, 6), u8(unix.IFLA_LINKMODE, 1),
				u32a(unix.IFLA_GROUP, 7), u32a(unix.IFLA_TXQLEN, 500),
				u8(unix.IFLA_PROTO_DOWN, 1),
				u32a(unix.IFLA_MIN_MTU, 68), u32a(unix.IFLA_MAX_MTU, 65535),
				u32a(unix.IFLA_CARRIER_CHANGES, 5), u32a(unix.IFLA_CARRIER_UP_COUNT, 3),
				u32a(unix.IFLA_CARRIER_DOWN_COUNT, 2)),
			want: Link{Index: 2, Type: unix.ARPHRD_ETHER, MTU: 9000, Qdisc: "fq_codel", OperState: 6, LinkMode: 1,
				Group: 7, TxQueueLen: 500, ProtoDown: true, MinMTU: 68, MaxMTU: 65535,
				CarrierChanges: 5, CarrierUp: 3, CarrierDown: 2, HasCarrierChanges: true},
		},
		{
			name: "uncommon qdisc and kind",
			msg: ifinfo(unix.ARPHRD_ETHER, 2, 0, str(unix.IFLA_QDISC, "cake"),
				nested(unix.IFLA_LINKINFO, str(unix.IFLA_INFO_KIND, "wireguard"))),
			want: Link{Index: 2, Type: unix.ARPHRD_ETHER, Qdisc: "cake", Kind: "wireguard"},
		},
		{
			name: "stats64 of today's size",
			msg:  ifinfo(unix.ARPHRD_ETHER, 2, 0, attr(unix.IFLA_STATS64, counters(25, 8))),
			want: Link{Index: 2, Type: unix.ARPHRD_ETHER, Stats: statsUpTo(25)},
		},
		{
			name: "stats64 of an older kernel",
			msg:  ifinfo(unix.ARPHRD_ETHER, 2, 0, attr(unix.IFLA_STATS64, counters(23, 8))),
			want: Link{Index: 2, Type: unix.ARPHRD_ETHER, Stats: statsUpTo(23)},
		},
		{
			name: "stats64 of a newer kernel",
			msg:  ifinfo(unix.ARPHRD_ETHER, 2, 0, attr(unix.IFLA_STATS64, counters(27, 8))),
			want: Link{Index: 2, Type: unix.ARPHRD_ETHER, Stats: statsUpTo(25)},
		},
		{
			name: "stats64 cut inside a counter",
			msg:  ifinfo(unix.ARPHRD_ETHER, 2, 0, attr(unix.IFLA_STATS64, counters(2, 8)[:13])),
			want: Link{Index: 2, Type: unix.ARPHRD_ETHER, Stats: statsUpTo(1)},
		},
		{
			name: "stats64 preferred to the stats before it",
			msg: ifinfo(unix.ARPHRD_ETHER, 2, 0,
				attr(unix.IFLA_STATS, bytes.Repeat([]byte{0xff}, 96)),
				attr(unix.IFLA_STATS64, counters(25, 8))),
			want: Link{Index: 2, Type: unix.ARPHRD_ETHER, Stats: statsUpTo(25)},
		},
		{
			name: "32-bit stats without stats64",
			msg:  ifinfo(unix.ARPHRD_ETHER, 2, 0, attr(unix.IFLA_STATS, counters(25, 4))),
			want: Link{Index: 2, Type: unix.ARPHRD_ETHER, Stats: statsUpTo(24), Stats32: true},
		},
		{
			name: "odd attributes are ignored, not fatal",
			msg: ifinfo(unix.ARPHRD_ETHER, 2, 0,
				str(unix.IFLA_IFNAME, "v0"),
				attr(unix.IFLA_MTU, []byte{1, 2}),
				attr(unix.IFLA_OPERSTATE, u32(6)),
				attr(unix.IFLA_MASTER, []byte{1}),
				attr(unix.IFLA_LINK, nil),
				attr(unix.IFLA_CARRIER_CHANGES, []byte{1, 2, 3, 4, 5}),
				attr(unix.IFLA_PROTO_DOWN, u32(1)),
				// Nested attributes whose framing is broken.
				attr(unix.IFLA_LINKINFO|unix.NLA_F_NESTED, []byte{0xff, 0, 1, 0, 'x'}),
				attr(unix.IFLA_PROP_LIST|unix.NLA_F_NESTED, []byte{3, 0}),
				attr(999, []byte{1, 2, 3})),
			want: Link{Index: 2, Name: "v0", Type: unix.ARPHRD_ETHER},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Link
			if err := decodeLink(tt.msg, &got, true); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
				if got.Stats != nil && tt.want.Stats != nil {
					t.Errorf("stats got %+v\nwant %+v", *got.Stats, *tt.want.Stats)
				}
			}
		})
	}
}

func TestDecodeLinkRejects(t *testing.T) {
	broken := ifinfo(unix.ARPHRD_ETHER, 2, 0, str(unix.IFLA_IFNAME, "v0"))
	broken = append(broken, 0x40, 0, 3, 0) // an attribute claiming 64 bytes
	for name, b := range map[string][]byte{
		"empty":             nil,
		"short header":      make([]byte, unix.SizeofIfInfomsg-1),
		"index 0":           ifinfo(unix.ARPHRD_ETHER, 0, 0, str(unix.IFLA_IFNAME, "v0")),
		"negative index":    ifinfo(unix.ARPHRD_ETHER, -4, 0),
		"attribute framing": broken,
	} {
		var l Link
		if err := decodeLink(b, &l, true); err == nil {
			t.Errorf("%s: decoded %+v, want an error", name, l)
		}
	}
}

// The hardware addresses share one allocation; appending to one must not
// overwrite the other.
func TestDecodeLinkAddressesDoNotAlias(t *testing.T) {
	var l Link
	msg := ifinfo(unix.ARPHRD_ETHER, 2, 0, attr(unix.IFLA_ADDRESS, mac), attr(unix.IFLA_BROADCAST, bcast))
	if err := decodeLink(msg, &l, true); err != nil {
		t.Fatal(err)
	}
	_ = append(l.Address, 0xaa)
	if !bytes.Equal(l.Broadcast, bcast) {
		t.Errorf("broadcast = % x after appending to the address", l.Broadcast)
	}
	msg[unix.SizeofIfInfomsg+4] ^= 0xff
	if !bytes.Equal(l.Address, mac) {
		t.Errorf("address = % x follows the message buffer", l.Address)
	}
}

// readSeed reads a file of the fuzz corpus, which holds one []byte.
func readSeed(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzDecodeLink", name))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(b), "\n")
	rest = strings.TrimSpace(rest)
	q, ok := strings.CutPrefix(rest, "[]byte(")
	q, ok2 := strings.CutSuffix(q, ")")
	s, err := strconv.Unquote(q)
	if !ok || !ok2 || err != nil {
		t.Fatalf("%s: not a []byte corpus entry: %v", name, err)
	}
	return []byte(s)
}

// The seeds are messages captured from Linux 6.18 in a throwaway namespace
// (little-endian, like the machines netaddr is tested on).
func TestDecodeCapturedLinks(t *testing.T) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("captured on a little-endian machine")
	}
	check := func(name string, f func(l *Link) bool) {
		t.Helper()
		var l Link
		if err := decodeLink(readSeed(t, name), &l, true); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !f(&l) {
			t.Errorf("%s: %+v", name, l)
		}
		if l.Stats == nil || l.Stats32 || !l.HasCarrierChanges {
			t.Errorf("%s: stats %v (32-bit %v), carrier %v", name, l.Stats, l.Stats32, l.HasCarrierChanges)
		}
	}
	check("kernel_lo", func(l *Link) bool {
		return l.Name == "lo" && l.Type == unix.ARPHRD_LOOPBACK && l.MTU == 65536 && len(l.Address) == 6 && l.Kind == ""
	})
	check("kernel_veth_bridge_port", func(l *Link) bool {
		return l.Name == "v1" && l.Index == 2 && l.Parent == 3 && l.HasParent && l.Master == 4 &&
			l.Kind == "veth" && l.SlaveKind == "bridge" && l.Qdisc == "noqueue" && l.OperState == 6 &&
			l.MinMTU == 68 && l.MaxMTU == 65535 && l.Stats.RxPackets == 1 && l.Stats.TxBytes == 144
	})
	check("kernel_veth_altname_alias", func(l *Link) bool {
		return l.Name == "v0" && l.Alias == "uplink to test" &&
			reflect.DeepEqual(l.AltNames, []string{"verylongalternativename0"}) && !l.HasParentNetNSID
	})
	check("kernel_veth_peer_netns", func(l *Link) bool {
		return l.Name == "v0" && l.HasParentNetNSID && l.ParentNetNSID == 0 && l.Parent == 2
	})
	check("kernel_tun", func(l *Link) bool {
		return l.Name == "tun0" && l.Type == unix.ARPHRD_NONE && l.Address == nil && l.Broadcast == nil &&
			l.Kind == "tun" && l.Qdisc == "noop" && l.TxQueueLen == 500
	})
	check("kernel_bridge", func(l *Link) bool {
		return l.Name == "br0" && l.Kind == "bridge" && l.Stats.Multicast == 1
	})
}

// BenchmarkDecodeLink measures one captured link. Its allocations are the
// name, one buffer for the hardware addresses and the stats (47 while
// netlink.AttributeDecoder copied every attribute it stepped over).
func BenchmarkDecodeLink(b *testing.B) {
	msg := readSeed(b, "kernel_veth_bridge_port")
	b.ReportAllocs()
	var l Link
	for b.Loop() {
		if err := decodeLink(msg, &l, true); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzDecodeLink feeds arbitrary bytes to the link decoder: it must never
// panic, and what it accepts must be a coherent link. The corpus in
// testdata holds messages captured from the kernel.
func FuzzDecodeLink(f *testing.F) {
	f.Add(linkPayload(1, "lo", unix.IFF_UP|unix.IFF_LOOPBACK))
	f.Add(ifinfo(unix.ARPHRD_ETHER, 4, 0, str(unix.IFLA_IFNAME, "v1"), u32a(unix.IFLA_MASTER, 9),
		nested(unix.IFLA_LINKINFO, str(unix.IFLA_INFO_KIND, "veth"), str(unix.IFLA_INFO_SLAVE_KIND, "bridge")),
		nested(unix.IFLA_PROP_LIST, str(unix.IFLA_ALT_IFNAME, "up0")),
		attr(unix.IFLA_ADDRESS, mac), attr(unix.IFLA_BROADCAST, bcast),
		attr(unix.IFLA_STATS, counters(24, 4))))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var l Link
		if err := decodeLink(b, &l, true); err != nil {
			return
		}
		if l.Index <= 0 {
			t.Fatalf("accepted index %d", l.Index)
		}
		if l.Stats32 && l.Stats == nil {
			t.Fatal("32-bit stats flagged without stats")
		}
		for _, hw := range [][]byte{l.Address, l.Broadcast, l.PermAddress} {
			if hw != nil && (len(hw) == 0 || cap(hw) != len(hw)) {
				t.Fatalf("hardware address of len %d, cap %d", len(hw), cap(hw))
			}
		}
		// Without counters the same message decodes to the same link,
		// less its counters.
		var bare Link
		if err := decodeLink(b, &bare, false); err != nil {
			t.Fatalf("decodes with counters, not without: %v", err)
		}
		l.Stats, l.Stats32 = nil, false
		if fmt.Sprintf("%+v", bare) != fmt.Sprintf("%+v", l) {
			t.Fatalf("without counters %+v\nwith %+v", bare, l)
		}
	})
}

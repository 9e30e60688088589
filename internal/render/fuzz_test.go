package render

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"testing"
	"unicode/utf8"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// fuzzAddr builds an Addr from raw fields; addresses of the wrong length
// stay invalid, and prefix lengths out of range make an invalid prefix, so
// the fuzzer also reaches the paths a well-formed dump never does.
func fuzzAddr(family uint8, local []byte, plen uint8, peer, brd []byte, scope uint8, flags uint32,
	label string, valid, pref, metric uint32) rtnl.Addr {
	ip := func(b []byte) netip.Addr {
		a, _ := netip.AddrFromSlice(b)
		return a
	}
	return rtnl.Addr{
		Family: rtnl.Family(family), Index: 1,
		Local: netip.PrefixFrom(ip(local), int(plen)),
		Peer:  ip(peer), Broadcast: ip(brd), Anycast: ip(brd),
		Scope: scope, Flags: flags, Label: label,
		Valid: valid, Preferred: pref, Metric: metric,
	}
}

func FuzzAddrsJSON(f *testing.F) {
	f.Add(uint8(2), []byte{192, 0, 2, 1}, uint8(24), []byte{192, 0, 2, 2}, []byte{192, 0, 2, 255},
		uint8(0), uint32(0x80), "v0:x", uint32(100), uint32(50), uint32(7), "v0")
	f.Add(uint8(10), netip.MustParseAddr("::c000:201").AsSlice(), uint8(128), []byte(nil), []byte(nil),
		uint8(253), uint32(0xffffffff), oddLabel, rtnl.Forever, uint32(0x80000000), uint32(0), "v0\xff")
	f.Add(uint8(99), []byte{1}, uint8(200), []byte{}, []byte{}, uint8(7), uint32(0), "", uint32(0), uint32(0), uint32(0), "")
	f.Fuzz(func(t *testing.T, family uint8, local []byte, plen uint8, peer, brd []byte, scope uint8,
		flags uint32, label string, valid, pref, metric uint32, name string) {
		a := fuzzAddr(family, local, plen, peer, brd, scope, flags, label, valid, pref, metric)
		links := []rtnl.Link{{Index: 1, Name: name}}
		addrs := []rtnl.Addr{a}

		var compact, pretty bytes.Buffer
		if err := AddrsJSON(&compact, links, addrs, JSONOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := AddrsJSON(&pretty, links, addrs, JSONOptions{Pretty: true}); err != nil {
			t.Fatal(err)
		}
		for _, out := range [][]byte{compact.Bytes(), pretty.Bytes()} {
			if !utf8.Valid(out) || !json.Valid(out) {
				t.Fatalf("not valid UTF-8 JSON: %q", out)
			}
		}
		var c bytes.Buffer
		if err := json.Compact(&c, pretty.Bytes()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c.Bytes(), bytes.TrimSuffix(compact.Bytes(), []byte("\n"))) {
			t.Fatalf("pretty and compact output differ beyond whitespace:\n%s\n%s", c.Bytes(), compact.Bytes())
		}

		var got []struct {
			Ifname   string `json:"ifname"`
			AddrInfo []struct {
				Label *string `json:"label"`
			} `json:"addr_info"`
		}
		if err := json.Unmarshal(compact.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || len(got[0].AddrInfo) != 1 {
			t.Fatalf("want one link with one address: %s", compact.Bytes())
		}
		if want := string([]rune(name)); got[0].Ifname != want {
			t.Fatalf("ifname %q, want %q", got[0].Ifname, want)
		}
		gotLabel := got[0].AddrInfo[0].Label
		if (gotLabel != nil) != (label != "") || gotLabel != nil && *gotLabel != string([]rune(label)) {
			t.Fatalf("label %v, want %q", gotLabel, label)
		}
	})
}

func FuzzAddrsTable(f *testing.F) {
	f.Add(uint8(2), []byte{192, 0, 2, 1}, uint8(24), []byte{192, 0, 2, 2}, uint32(0x80), "v0:x", "v0")
	f.Add(uint8(10), []byte{}, uint8(0), []byte{}, uint32(0), oddLabel, "\x1b[2J")
	f.Fuzz(func(t *testing.T, family uint8, local []byte, plen uint8, peer []byte, flags uint32, label, name string) {
		a := fuzzAddr(family, local, plen, peer, nil, 0, flags, label, 1, 1, 0)
		var b bytes.Buffer
		if err := AddrsTable(&b, []rtnl.Link{{Index: 1, Name: name}}, []rtnl.Addr{a}, nil, Palette{}); err != nil {
			t.Fatal(err)
		}
		checkTableText(t, b.Bytes(), addrTableHeading)
		if n := bytes.Count(b.Bytes(), []byte("\n")); n != 3 {
			t.Fatalf("%d lines, want the column heading, the device's and one row: %q", n, b.Bytes())
		}
	})
}

// FuzzLinksJSON feeds the link writer odd bytes wherever a link carries
// text (name, alias, altnames, qdisc, the names of its master and peer,
// a driver counter's name) and arbitrary numbers elsewhere: the output must
// always be valid UTF-8 JSON, the same in pretty and compact layout, and
// give each text back with only its invalid bytes replaced.
func FuzzLinksJSON(f *testing.F) {
	f.Add("v0", "my link", "v0-alt", "noqueue", "br0", "v1", "peer_ifindex",
		uint32(0x11043), uint16(1), []byte{0x12, 0x70, 0xea, 0xb9, 0xb7, 0x69}, uint8(6), uint8(0), uint32(0), uint8(2))
	f.Add("v0\x1b]0;x\a\xc3", oddLabel, "\xff\xfe", "q\"d", "m\\", "\x00p", "tx_\"odd\"\tname\xff",
		uint32(0xffffffff), uint16(768), []byte{192, 0, 2, 1}, uint8(200), uint8(9), uint32(0x80000000), uint8(7))
	f.Fuzz(func(t *testing.T, name, alias, altname, qdisc, master, peer, counter string,
		flags uint32, typ uint16, hw []byte, oper, mode uint8, group uint32, bits uint8) {
		l := rtnl.Link{
			Index: 1, Name: name, Type: typ, Flags: flags, MTU: group, Qdisc: qdisc,
			OperState: oper, LinkMode: mode, Group: group, TxQueueLen: group,
			Master: 2, Parent: 3, HasParent: bits&1 != 0, HasParentNetNSID: bits&2 != 0,
			ParentNetNSID: int32(group), Address: hw, Broadcast: hw, PermAddress: []byte(peer),
			Alias: alias, AltNames: []string{altname, name}, ProtoDown: bits&4 != 0,
			Stats:   &rtnl.LinkStats{RxBytes: uint64(group) << 32, RxNoHandler: uint64(bits & 8)},
			Stats32: bits&16 != 0, CarrierChanges: group, HasCarrierChanges: bits&32 != 0,
		}
		others := []rtnl.Link{l, {Index: 2, Name: master}, {Index: 3, Name: peer, Flags: flags >> 1}}
		opts := JSONOptions{Stats: int(bits>>6) % 3, Lookup: LookupIn(others), Inet6LinkDump: bits&64 != 0}

		check := func(what string, write func(pretty bool) []byte) []byte {
			compact, pretty := write(false), write(true)
			for _, out := range [][]byte{compact, pretty} {
				if !utf8.Valid(out) || !json.Valid(out) {
					t.Fatalf("%s: not valid UTF-8 JSON: %q", what, out)
				}
			}
			var c bytes.Buffer
			if err := json.Compact(&c, pretty); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(c.Bytes(), bytes.TrimSuffix(compact, []byte("\n"))) {
				t.Fatalf("%s: pretty and compact output differ beyond whitespace:\n%s\n%s", what, c.Bytes(), compact)
			}
			return compact
		}
		out := check("LinksJSON", func(pretty bool) []byte {
			o := opts
			o.Pretty = pretty
			var b bytes.Buffer
			if err := LinksJSON(&b, []rtnl.Link{l}, o); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		})
		var got []struct {
			Ifname   string   `json:"ifname"`
			Ifalias  *string  `json:"ifalias"`
			Altnames []string `json:"altnames"`
			Master   string   `json:"master"`
			Qdisc    *string  `json:"qdisc"`
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		g := got[0]
		if g.Ifname != string([]rune(name)) || g.Master != string([]rune(master)) {
			t.Fatalf("ifname %q master %q, want %q %q", g.Ifname, g.Master, name, master)
		}
		if (g.Ifalias != nil) != (alias != "") || g.Ifalias != nil && *g.Ifalias != string([]rune(alias)) {
			t.Fatalf("ifalias %v, want %q", g.Ifalias, alias)
		}
		if len(g.Altnames) != 2 || g.Altnames[0] != string([]rune(altname)) {
			t.Fatalf("altnames %q, want %q and the name", g.Altnames, altname)
		}
		if (g.Qdisc != nil) != (qdisc != "") {
			t.Fatalf("qdisc %v, want %q", g.Qdisc, qdisc)
		}

		check("AddrsJSON", func(pretty bool) []byte {
			o := opts
			o.Pretty = pretty
			var b bytes.Buffer
			a := rtnl.Addr{Family: rtnl.FamilyV4, Index: 1, Local: netip.MustParsePrefix("192.0.2.1/24"), Label: alias}
			if err := AddrsJSON(&b, []rtnl.Link{l}, []rtnl.Addr{a}, o); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		})
		out = check("StatsJSON", func(pretty bool) []byte {
			var b bytes.Buffer
			e := []StatsEntry{{Link: l, Driver: []rtnl.DriverStat{{Name: counter, Value: uint64(group)}}}}
			if err := StatsJSON(&b, e, StatsOptions{Driver: true, Pretty: pretty}); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		})
		var stats []struct {
			Driver map[string]uint64 `json:"driver"`
		}
		if err := json.Unmarshal(out, &stats); err != nil {
			t.Fatal(err)
		}
		if v, ok := stats[0].Driver[string([]rune(counter))]; !ok || v != uint64(group) {
			t.Fatalf("driver %v, want %q: %d", stats[0].Driver, counter, group)
		}

		// The tables take the same odd text and must stay printable.
		for _, table := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return LinksTable(b, []rtnl.Link{l}, opts.Lookup, Palette{}) },
			func(b *bytes.Buffer) error { return AddrsTable(b, []rtnl.Link{l}, nil, opts.Lookup, Palette{}) },
			func(b *bytes.Buffer) error {
				return StatsTable(b, []StatsEntry{{Link: l, Driver: []rtnl.DriverStat{{Name: counter}}}},
					StatsOptions{Driver: true, Human: bits&1 != 0})
			},
		} {
			var b bytes.Buffer
			if err := table(&b); err != nil {
				t.Fatal(err)
			}
			checkPrintable(t, b.Bytes())
		}
	})
}

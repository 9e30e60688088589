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
		if err := AddrsJSON(&compact, links, addrs, false); err != nil {
			t.Fatal(err)
		}
		if err := AddrsJSON(&pretty, links, addrs, true); err != nil {
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
		if err := AddrsTable(&b, []rtnl.Link{{Index: 1, Name: name}}, []rtnl.Addr{a}); err != nil {
			t.Fatal(err)
		}
		checkTableText(t, b.Bytes())
		if n := bytes.Count(b.Bytes(), []byte("\n")); n != 2 {
			t.Fatalf("%d lines, want heading and one row: %q", n, b.Bytes())
		}
	})
}

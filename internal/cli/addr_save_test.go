package cli

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func saveFixture() ([]rtnl.Link, []rtnl.Addr) {
	p := netip.MustParsePrefix
	ip := netip.MustParseAddr
	fv := rtnl.Forever
	links := []rtnl.Link{{Index: 1, Name: "lo"}, {Index: 2, Name: "v0"}, {Index: 3, Name: "v'1"}}
	addrs := []rtnl.Addr{
		{Family: rtnl.FamilyV4, Index: 1, Local: p("127.0.0.1/8"), Scope: rtnl.ScopeHost, Label: "lo", Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv, Protocol: 1},
		{Family: rtnl.FamilyV4, Index: 2, Local: p("192.0.2.1/24"), Broadcast: ip("192.0.2.255"), Label: "v0:a b", Valid: 100, Preferred: 50, Metric: 5, Flags: rtnl.FlagNoPrefixRoute},
		{Family: rtnl.FamilyV4, Index: 2, Local: p("192.0.2.2/24"), Label: "v0", Flags: rtnl.FlagSecondary | rtnl.FlagPermanent, Valid: fv, Preferred: fv, Scope: 100},
		{Family: rtnl.FamilyV4, Index: 2, Local: p("198.51.100.1/30"), Peer: ip("198.51.100.2"), Label: "v0", Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV6, Index: 2, Local: p("2001:db8::1/64"), Flags: rtnl.FlagPermanent | rtnl.FlagNoDAD | rtnl.FlagHomeAddress | rtnl.FlagManageTemp, Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV6, Index: 2, Local: p("2001:db8::2/64"), Flags: rtnl.FlagDeprecated, Valid: 600, Preferred: 0},
		{Family: rtnl.FamilyV6, Index: 2, Local: p("2001:db8::3/64"), Flags: 0, Valid: fv, Preferred: 30},
		// A temporary address: the kernel makes it, it is not saved.
		{Family: rtnl.FamilyV6, Index: 2, Local: p("2001:db8::abcd/64"), Flags: rtnl.FlagSecondary, Valid: 600, Preferred: 300},
		{Family: rtnl.FamilyV6, Index: 2, Local: p("fe80::1/64"), Scope: rtnl.ScopeLink, Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv, Protocol: 3},
		{Family: rtnl.FamilyV4, Index: 3, Local: p("203.0.113.1/24"), Label: `v'1:"x"`, Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv},
	}
	return links, addrs
}

func TestSaveText(t *testing.T) {
	links, addrs := saveFixture()
	addrs = addrs[:len(addrs)-1] // the unquotable label is tested below
	text, err := saveText(links, addrs)
	if err != nil {
		t.Fatal(err)
	}
	want := `addr replace 127.0.0.1/8 dev lo scope host label lo
addr add 192.0.2.1/24 dev v0 scope global label 'v0:a b' brd 192.0.2.255 metric 5 valid_lft 100 preferred_lft 50 noprefixroute
addr add 192.0.2.2/24 dev v0 scope 100 label v0
addr add 198.51.100.1 peer 198.51.100.2/30 dev v0 scope global label v0
addr replace fe80::1/64 dev v0
addr add 2001:db8::3/64 dev v0 valid_lft forever preferred_lft 30
addr add 2001:db8::2/64 dev v0 valid_lft 600 preferred_lft 0
addr add 2001:db8::1/64 dev v0 home mngtmpaddr nodad
`
	if string(text) != want {
		t.Errorf("got\n%s\nwant\n%s", text, want)
	}
}

// Every saved line reads back, through the batch lexer and parser, as the
// address it was written from.
func TestSaveLinesParseBack(t *testing.T) {
	links, addrs := saveFixture()
	addrs = addrs[:len(addrs)-1]
	text, err := saveText(links, addrs)
	if err != nil {
		t.Fatal(err)
	}
	cmds, err := lexBatch(strings.NewReader(string(text)))
	if err != nil {
		t.Fatal(err)
	}
	saved := map[netip.Prefix]rtnl.Addr{}
	for _, a := range addrs {
		if a.Family != rtnl.FamilyV6 || a.Flags&rtnl.FlagSecondary == 0 {
			saved[a.Local] = a
		}
	}
	if len(cmds) != len(saved) {
		t.Fatalf("%d lines for %d addresses", len(cmds), len(saved))
	}
	for _, cmd := range cmds {
		if cmd.err != nil {
			t.Fatalf("line %d: %v", cmd.line, cmd.err)
		}
		req, err := parseBatchCommand(cmd.args, rtnl.FamilyAll)
		if err != nil {
			t.Fatalf("line %d %q: %v", cmd.line, cmd.args, err)
		}
		a, ok := saved[req.addr.Local]
		if !ok {
			t.Fatalf("line %d: %s is not one of the addresses", cmd.line, req.addr.Local)
		}
		checkSavedAs(t, &a, req, links)
	}
}

// checkSavedAs compares what a saved line asks for with the address it
// came from, in everything an add request can set.
func checkSavedAs(t *testing.T, a *rtnl.Addr, req *addrRequest, links []rtnl.Link) {
	t.Helper()
	got := req.addr
	var dev string
	for _, l := range links {
		if l.Index == a.Index {
			dev = l.Name
		}
	}
	settable := rtnl.FlagHomeAddress | rtnl.FlagManageTemp | rtnl.FlagNoDAD | rtnl.FlagOptimistic | rtnl.FlagNoPrefixRoute | rtnl.FlagMcAutoJoin
	valid, preferred := a.Valid, a.Preferred
	if valid == rtnl.Forever && (preferred == rtnl.Forever || a.Family == rtnl.FamilyV4) {
		valid, preferred = 0, 0 // not written: forever
	}
	switch {
	case req.dev != dev,
		got.Local != a.Local, got.Peer != a.Peer, got.Scope != a.Scope,
		got.Label != a.Label, got.Broadcast != a.Broadcast, got.Metric != a.Metric,
		got.Flags != a.Flags&settable,
		got.Valid != valid, got.Preferred != preferred:
		t.Errorf("%s dev %s saved as %+v dev %q", a.Local, dev, got, req.dev)
	}
}

func TestSaveRefusesUnwritableNames(t *testing.T) {
	links, addrs := saveFixture()
	for _, label := range []string{`v'1:"x"`, "v0:#1", "v0:\n"} {
		addrs[len(addrs)-1].Label = label
		if text, err := saveText(links, addrs); err == nil || text != nil || !strings.Contains(err.Error(), "nothing saved") {
			t.Errorf("label %q: %q, %v", label, text, err)
		}
	}
	addrs[len(addrs)-1].Label = `v'1`
	text, err := saveText(links, addrs)
	if err != nil || !strings.Contains(string(text), `addr add 203.0.113.1/24 dev "v'1" scope global label "v'1"`) {
		t.Errorf("%s, %v", text, err)
	}
}

func TestAddrSaveCommand(t *testing.T) {
	f := filterFake()
	r := run(t, f, "addr save dev v0 -tentative")
	want := "addr add 192.0.2.1/24 dev v0 scope global label v0\naddr add 192.0.2.2/24 dev v0 scope global label v0 valid_lft 100 preferred_lft 50\n"
	if r.status != ExitOK || r.out != want {
		t.Errorf("status %d, out %q, err %q", r.status, r.out, r.errOut)
	}
	if r := run(t, f, "--json addr save"); r.status != ExitUsage || r.dialed {
		t.Errorf("--json: status %d", r.status)
	}
}

func FuzzSaveLine(f *testing.F) {
	f.Add("v0", "v0:x", uint32(100), uint32(50))
	f.Add("a'b", `a"b c`, uint32(rtnl.Forever), uint32(rtnl.Forever))
	f.Fuzz(func(t *testing.T, dev, label string, valid, preferred uint32) {
		if !validDevName(dev) || len(label) > 15 {
			return
		}
		if valid == 0 || preferred > valid || valid == rtnl.Forever && preferred != rtnl.Forever {
			return
		}
		links := []rtnl.Link{{Index: 7, Name: dev}}
		a := rtnl.Addr{Family: rtnl.FamilyV4, Index: 7, Local: netip.MustParsePrefix("192.0.2.9/24"),
			Label: label, Valid: valid, Preferred: preferred}
		text, err := saveText(links, []rtnl.Addr{a})
		if err != nil {
			return // a name a batch line cannot hold
		}
		cmds, err := lexBatch(strings.NewReader(string(text)))
		if err != nil || len(cmds) != 1 || cmds[0].err != nil {
			t.Fatalf("%q: %v %+v", text, err, cmds)
		}
		req, err := parseBatchCommand(cmds[0].args, rtnl.FamilyAll)
		if err != nil {
			if label == "" {
				return
			}
			t.Fatalf("%q: %v", text, err)
		}
		checkSavedAs(t, &a, req, links)
	})
}

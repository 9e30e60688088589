package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func TestParseAddrSelection(t *testing.T) {
	for _, tc := range []struct {
		args   string
		family rtnl.Family
		check  func(t *testing.T, s addrSelection)
	}{
		{"dev v0 scope link", 0, func(t *testing.T, s addrSelection) {
			if *s.link.dev != "v0" || !s.addr.hasScope || s.addr.scope != rtnl.ScopeLink {
				t.Errorf("%+v", s)
			}
		}},
		{"scope all", 0, func(t *testing.T, s addrSelection) {
			if s.addr.active() {
				t.Errorf("scope all is active: %+v", s.addr)
			}
		}},
		{"scope 200 up type veth", 0, func(t *testing.T, s addrSelection) {
			if s.addr.scope != 200 || !s.link.up || s.link.kind != "veth" {
				t.Errorf("%+v", s)
			}
		}},
		{"to 192.0.2.7/24", 0, func(t *testing.T, s addrSelection) {
			if s.addr.to != netip.MustParsePrefix("192.0.2.0/24") || s.family != rtnl.FamilyV4 {
				t.Errorf("%+v", s)
			}
		}},
		{"to 2001:db8::1", rtnl.FamilyV6, func(t *testing.T, s addrSelection) {
			if s.addr.to != netip.MustParsePrefix("2001:db8::1/128") {
				t.Errorf("%+v", s)
			}
		}},
		{"label v0:* -tentative primary dynamic", 0, func(t *testing.T, s addrSelection) {
			f := s.addr
			mask := rtnl.FlagTentative | rtnl.FlagSecondary | rtnl.FlagPermanent
			if f.label != "v0:*" || f.flagMask != mask || f.flags != 0 || !f.onlyPrimaries() {
				t.Errorf("%+v", f)
			}
		}},
		{"-primary -dynamic deprecated", 0, func(t *testing.T, s addrSelection) {
			want := rtnl.FlagSecondary | rtnl.FlagPermanent | rtnl.FlagDeprecated
			if s.addr.flags != want || s.addr.flagMask != want || s.addr.onlyPrimaries() {
				t.Errorf("%+v", s.addr)
			}
		}},
		// A filter word is a filter; a device of that name needs "dev".
		{"dev secondary", 0, func(t *testing.T, s addrSelection) {
			if *s.link.dev != "secondary" || s.addr.active() {
				t.Errorf("%+v", s)
			}
		}},
	} {
		t.Run(tc.args, func(t *testing.T) {
			s, err := parseAddrSelection(strings.Fields(tc.args), tc.family)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, s)
		})
	}
}

func TestParseAddrSelectionErrors(t *testing.T) {
	for _, tc := range []struct {
		args   string
		family rtnl.Family
		want   string
	}{
		{"scope", 0, `"scope" needs a value`},
		{"scope galaxy", 0, `invalid scope "galaxy"`},
		{"scope host scope link", 0, `"scope" is given twice`},
		{"label [v0", 0, `invalid label pattern "[v0"`},
		{"to 192.0.2.0/33", 0, `invalid prefix length`},
		{"to nowhere", 0, `invalid prefix "nowhere"`},
		{"to 2001:db8::/32", rtnl.FamilyV4, `to "2001:db8::/32" is not IPv4, as -4 asks`},
		{"permanent dynamic", 0, `flag filters "permanent" and "dynamic" exclude each other`},
		{"secondary -primary", 0, `flag filter "-primary" repeats "secondary"`},
		{"tentative -tentative", 0, `exclude each other`},
		{"v0 v1", 0, `device given twice`},
		{"dev v0 label", 0, `"label" needs a value`},
	} {
		t.Run(tc.args, func(t *testing.T) {
			_, err := parseAddrSelection(strings.Fields(tc.args), tc.family)
			var ue *usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want a usage error with %q", err, tc.want)
			}
		})
	}
}

func TestAddrFilterMatch(t *testing.T) {
	p := netip.MustParsePrefix
	v4 := rtnl.Addr{Family: rtnl.FamilyV4, Index: 2, Local: p("192.0.2.1/24"), Label: "v0:main", Flags: rtnl.FlagPermanent}
	sec := rtnl.Addr{Family: rtnl.FamilyV4, Index: 2, Local: p("192.0.2.2/24"), Label: "v0", Flags: rtnl.FlagSecondary}
	v6 := rtnl.Addr{Family: rtnl.FamilyV6, Index: 2, Local: p("2001:db8::1/64"), Flags: rtnl.FlagPermanent | rtnl.FlagTentative}
	ll := rtnl.Addr{Family: rtnl.FamilyV6, Index: 2, Local: p("fe80::1/64"), Scope: rtnl.ScopeLink, Flags: rtnl.FlagPermanent}
	all := []*rtnl.Addr{&v4, &sec, &v6, &ll}
	for _, tc := range []struct {
		args string
		want []*rtnl.Addr
	}{
		{"", all},
		{"scope global", []*rtnl.Addr{&v4, &sec, &v6}},
		{"scope link", []*rtnl.Addr{&ll}},
		{"label v0:*", []*rtnl.Addr{&v4}},
		// Without a label, the device's name is matched.
		{"label v0", []*rtnl.Addr{&sec, &v6, &ll}},
		{"label v?", []*rtnl.Addr{&sec, &v6, &ll}},
		{"to 192.0.2.0/31", []*rtnl.Addr{&v4}},
		{"to 2001:db8::/32", []*rtnl.Addr{&v6}},
		{"to 0.0.0.0/0", []*rtnl.Addr{&v4, &sec}},
		{"secondary", []*rtnl.Addr{&sec}},
		{"primary", []*rtnl.Addr{&v4, &v6, &ll}},
		{"dynamic", []*rtnl.Addr{&sec}},
		{"-dynamic", []*rtnl.Addr{&v4, &v6, &ll}},
		{"tentative", []*rtnl.Addr{&v6}},
		{"-tentative permanent", []*rtnl.Addr{&v4, &ll}},
	} {
		s, err := parseAddrSelection(strings.Fields(tc.args), rtnl.FamilyAll)
		if err != nil {
			t.Fatalf("%s: %v", tc.args, err)
		}
		var got []*rtnl.Addr
		for _, a := range all {
			if s.addr.match(a, "v0") {
				got = append(got, a)
			}
		}
		if !samePtrs(got, tc.want) {
			t.Errorf("%s: matched %v, want %v", tc.args, locals(got), locals(tc.want))
		}
	}
}

func samePtrs(a, b []*rtnl.Addr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func locals(as []*rtnl.Addr) []string {
	var s []string
	for _, a := range as {
		s = append(s, a.Local.String())
	}
	return s
}

// filterFake is the fake kernel with devices in several states.
func filterFake() *fakeClient {
	p := netip.MustParsePrefix
	fv := rtnl.Forever
	f := newFake()
	f.links = []rtnl.Link{
		{Index: 1, Name: "lo", Flags: 1},
		{Index: 2, Name: "v0", Flags: 1, Kind: "veth"},
		{Index: 3, Name: "empty", Flags: 1},
		{Index: 4, Name: "v1", Kind: "veth"}, // down
	}
	f.addrs = []rtnl.Addr{
		{Family: rtnl.FamilyV4, Index: 1, Local: p("127.0.0.1/8"), Scope: rtnl.ScopeHost, Label: "lo", Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV4, Index: 2, Local: p("192.0.2.1/24"), Label: "v0", Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV4, Index: 2, Local: p("192.0.2.2/24"), Label: "v0", Flags: rtnl.FlagSecondary, Valid: 100, Preferred: 50},
		{Family: rtnl.FamilyV6, Index: 2, Local: p("2001:db8::1/64"), Flags: rtnl.FlagPermanent | rtnl.FlagTentative, Valid: fv, Preferred: fv},
		{Family: rtnl.FamilyV4, Index: 4, Local: p("198.51.100.1/24"), Label: "v1", Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv},
	}
	return f
}

// showJSON runs `--json addr show ARGS` and returns ifname -> locals.
func showJSON(t *testing.T, f *fakeClient, args string) (map[string][]string, []string) {
	t.Helper()
	r := run(t, f, "--json addr show "+args)
	if r.status != ExitOK {
		t.Fatalf("%s: status %d: %s", args, r.status, r.errOut)
	}
	var links []struct {
		IfName   string           `json:"ifname"`
		AddrInfo []map[string]any `json:"addr_info"`
	}
	if err := json.Unmarshal([]byte(r.out), &links); err != nil {
		t.Fatalf("%s: %v: %s", args, err, r.out)
	}
	got := map[string][]string{}
	var order []string
	for _, l := range links {
		order = append(order, l.IfName)
		got[l.IfName] = []string{}
		for _, a := range l.AddrInfo {
			if len(a) == 0 {
				t.Errorf("%s: empty {} entry on %s", args, l.IfName)
			}
			got[l.IfName] = append(got[l.IfName], a["local"].(string))
		}
	}
	return got, order
}

func TestAddrShowFilters(t *testing.T) {
	for _, tc := range []struct {
		args string
		want string // ifname=local,local ifname=...
	}{
		// No address filter: every device, empty ones included.
		{"", "lo=127.0.0.1 v0=192.0.2.1,192.0.2.2,2001:db8::1 empty= v1=198.51.100.1"},
		{"up", "lo=127.0.0.1 v0=192.0.2.1,192.0.2.2,2001:db8::1 empty="},
		// An address filter leaves out the devices without a match,
		// empty ones included.
		{"scope global", "v0=192.0.2.1,192.0.2.2,2001:db8::1 v1=198.51.100.1"},
		{"scope global up", "v0=192.0.2.1,192.0.2.2,2001:db8::1"},
		{"-tentative -secondary", "lo=127.0.0.1 v0=192.0.2.1 v1=198.51.100.1"},
		{"-tentative -secondary dev v0", "v0=192.0.2.1"},
		{"dynamic", "v0=192.0.2.2"},
		{"to 192.0.2.0/24", "v0=192.0.2.1,192.0.2.2"},
		{"label v*", "v0=192.0.2.1,192.0.2.2,2001:db8::1 v1=198.51.100.1"},
		{"dev v1 up", ""},
		{"scope link", ""},
	} {
		got, order := showJSON(t, filterFake(), tc.args)
		var parts []string
		for _, name := range order {
			parts = append(parts, name+"="+strings.Join(got[name], ","))
		}
		if s := strings.Join(parts, " "); s != tc.want {
			t.Errorf("addr show %s:\n got %s\nwant %s", tc.args, s, tc.want)
		}
	}
}

// The negated flag filters look like options to cobra; they are words,
// and the options around them still work.
func TestAddrShowDashWords(t *testing.T) {
	f := filterFake()
	r := run(t, f, "addr show -tentative dev v0 -4 --json")
	if r.status != ExitOK {
		t.Fatalf("status %d: %s", r.status, r.errOut)
	}
	if !strings.HasPrefix(r.out, "[{") || strings.Contains(r.out, "2001:db8") || !strings.Contains(r.out, `"192.0.2.2"`) {
		t.Errorf("output %s", r.out)
	}
	r = run(t, f, "addr show label -x")
	if r.status != ExitOK {
		t.Errorf("a label pattern starting with '-': status %d: %s", r.status, r.errOut)
	}
	r = run(t, f, "addr show -bogus")
	if r.status != ExitUsage || !strings.Contains(r.errOut, "bogus") {
		t.Errorf("status %d: %s", r.status, r.errOut)
	}
	r = run(t, f, "addr show --help")
	if r.status != ExitOK || !strings.Contains(r.out, "label GLOB") {
		t.Errorf("help: status %d: %s", r.status, r.out)
	}
	// Nothing is sent for bad input.
	f = filterFake()
	r = run(t, f, "addr show scope galaxy")
	if r.status != ExitUsage || r.dialed {
		t.Errorf("status %d, dialed %v", r.status, r.dialed)
	}
}

func TestAddrShowFilteredTable(t *testing.T) {
	var out bytes.Buffer
	r := run(t, filterFake(), "addr show secondary")
	out.WriteString(r.out)
	if r.status != ExitOK || !strings.Contains(r.out, "192.0.2.2/24") || strings.Contains(r.out, "192.0.2.1/") ||
		strings.Contains(r.out, ": lo ") {
		t.Errorf("status %d:\n%s", r.status, out.String())
	}
}

func FuzzParseAddrSelection(f *testing.F) {
	for _, s := range []string{"dev v0 scope link", "to 192.0.2.0/24 -tentative", "label 'v0:*' primary", "up type veth scope all"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		for _, fam := range []rtnl.Family{rtnl.FamilyAll, rtnl.FamilyV4, rtnl.FamilyV6} {
			s, err := parseAddrSelection(strings.Fields(line), fam)
			if err != nil {
				var ue *usageError
				if !errors.As(err, &ue) {
					t.Fatalf("%q: not a usage error: %v", line, err)
				}
				continue
			}
			if s.addr.flags&^s.addr.flagMask != 0 {
				t.Fatalf("%q: flags outside the mask: %+v", line, s.addr)
			}
			if fam != rtnl.FamilyAll && s.family != fam {
				t.Fatalf("%q: family %d, asked %d", line, s.family, fam)
			}
		}
	})
}

package cli

import (
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func monitorFake() *fakeClient {
	f := filterFake()
	fv := rtnl.Forever
	f.events = []rtnl.Event{
		{Kind: rtnl.EventNewAddr, Addr: rtnl.Addr{Family: rtnl.FamilyV4, Index: 2, Local: netip.MustParsePrefix("192.0.2.9/24"), Label: "v0", Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv}},
		{Kind: rtnl.EventNewLink, Link: rtnl.Link{Index: 9, Name: "new0", Flags: 1 | 0x40 | 0x10000, MTU: 1500, OperState: 6}},
		// An address on the link that just came: named by the link event.
		{Kind: rtnl.EventNewAddr, Addr: rtnl.Addr{Family: rtnl.FamilyV6, Index: 9, Local: netip.MustParsePrefix("2001:db8::9/64"), Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv}},
		{Kind: rtnl.EventDelAddr, Addr: rtnl.Addr{Family: rtnl.FamilyV4, Index: 2, Local: netip.MustParsePrefix("192.0.2.9/24"), Label: "v0", Flags: rtnl.FlagPermanent, Valid: fv, Preferred: fv}},
		{Kind: rtnl.EventDelLink, Link: rtnl.Link{Index: 9, Name: "new0"}},
	}
	return f
}

func TestMonitorText(t *testing.T) {
	r := run(t, monitorFake(), "monitor")
	want := `+ addr 2: v0 inet 192.0.2.9/24 scope global label v0
+ link 9: new0 <UP,LOWER_UP> mtu 1500 state UP
+ addr 9: new0 inet6 2001:db8::9/64 scope global
- addr 2: v0 inet 192.0.2.9/24 scope global label v0
- link 9: new0 <> mtu 0 state UNKNOWN
`
	if r.status != ExitOK || r.out != want {
		t.Errorf("status %d, err %q, out\n%s\nwant\n%s", r.status, r.errOut, r.out, want)
	}
}

func TestMonitorChoosesEvents(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string // the first word pairs of the lines
	}{
		{"monitor addr", []string{"+ addr", "+ addr", "- addr"}},
		{"monitor a", []string{"+ addr", "+ addr", "- addr"}},
		{"monitor link", []string{"+ link", "- link"}},
		{"monitor addr link", []string{"+ addr", "+ link", "+ addr", "- addr", "- link"}},
		{"-4 monitor", []string{"+ addr", "+ link", "- addr", "- link"}},
	} {
		r := run(t, monitorFake(), tc.line)
		var got []string
		for line := range strings.Lines(r.out) {
			got = append(got, line[:6])
		}
		if r.status != ExitOK || strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: status %d, lines %q, want %q", tc.line, r.status, got, tc.want)
		}
	}
}

func TestMonitorJSON(t *testing.T) {
	r := run(t, monitorFake(), "--json monitor")
	if r.status != ExitOK {
		t.Fatalf("status %d: %s", r.status, r.errOut)
	}
	lines := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines:\n%s", len(lines), r.out)
	}
	var first, link map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[4]), &link); err != nil {
		t.Fatal(err)
	}
	if first["event"] != "new" || first["type"] != "addr" || first["ifname"] != "v0" || first["ifindex"] != 2.0 ||
		first["local"] != "192.0.2.9" || first["prefixlen"] != 24.0 || first["family"] != "inet" {
		t.Errorf("first %v", first)
	}
	if link["event"] != "del" || link["type"] != "link" || link["ifname"] != "new0" || link["ifindex"] != 9.0 {
		t.Errorf("last %v", link)
	}
}

func TestMonitorUsage(t *testing.T) {
	for _, line := range []string{"monitor route", "-j -p monitor", "-4 -6 monitor"} {
		r := run(t, monitorFake(), line)
		if r.status != ExitUsage || r.dialed {
			t.Errorf("%s: status %d, dialed %v: %s", line, r.status, r.dialed, r.errOut)
		}
	}
}

func TestParseMonitorArgs(t *testing.T) {
	ok := []struct {
		args         string
		addrs, links bool
	}{
		{"", true, true},
		{"addr", true, false},
		{"a", true, false},
		{"address", true, false},
		{"link", false, true},
		{"l", false, true},
		{"addr link", true, true},
		{"link a", true, true},
		{"all", true, true},
	}
	for _, tc := range ok {
		addrs, links, err := parseMonitorArgs(strings.Fields(tc.args))
		if err != nil || addrs != tc.addrs || links != tc.links {
			t.Errorf("parseMonitorArgs(%q) = %v, %v, %v; want %v, %v", tc.args, addrs, links, err, tc.addrs, tc.links)
		}
	}
	bad := map[string]string{
		"addr addr":  `monitor: "addr" is given twice`,
		"a address":  `monitor: "address" repeats "a"`,
		"link l":     `monitor: "l" repeats "link"`,
		"all all":    `monitor: "all" is given twice`,
		"addr all":   `monitor: "all" repeats "addr"`,
		"all link":   `monitor: "link" repeats "all"`,
		"route":      `monitor watches addr and link: unknown word "route"`,
		"addr route": `monitor watches addr and link: unknown word "route"`,
		"addr -":     `monitor watches addr and link: unknown word "-"`,
	}
	for args, want := range bad {
		_, _, err := parseMonitorArgs(strings.Fields(args))
		var ue *usageError
		if err == nil || err.Error() != want || !errors.As(err, &ue) {
			t.Errorf("parseMonitorArgs(%q) = %v, want usage error %q", args, err, want)
		}
	}
}

package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func renderLinksJSON(t testing.TB, links []rtnl.Link, opts JSONOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := LinksJSON(&b, links, opts); err != nil {
		t.Fatalf("LinksJSON: %v", err)
	}
	return b.Bytes()
}

func allLinks() []rtnl.Link { return append(fixtureLinks(), oddLinks()...) }

func TestLinksJSONGolden(t *testing.T) {
	tests := []struct {
		golden string
		links  []rtnl.Link
		opts   JSONOptions
	}{
		{"links.json.golden", allLinks(), JSONOptions{}},
		{"links_s_pretty.json.golden", allLinks(), JSONOptions{Stats: 1, Pretty: true}},
		{"links_ss.json.golden", allLinks(), JSONOptions{Stats: 2}},
		{"no_links_links.json.golden", nil, JSONOptions{Stats: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			got := renderLinksJSON(t, tt.links, tt.opts)
			if !json.Valid(got) || !utf8.Valid(got) {
				t.Errorf("output is not valid UTF-8 JSON:\n%s", got)
			}
			checkGolden(t, tt.golden, got)
		})
	}
}

// TestLinksJSONPrettyIsCompact checks, at every -s level, that pretty
// output differs from the compact output only in whitespace.
func TestLinksJSONPrettyIsCompact(t *testing.T) {
	for level := range 3 {
		compact := renderLinksJSON(t, allLinks(), JSONOptions{Stats: level})
		pretty := renderLinksJSON(t, allLinks(), JSONOptions{Stats: level, Pretty: true})
		var b bytes.Buffer
		if err := json.Compact(&b, pretty); err != nil {
			t.Fatal(err)
		}
		if want := bytes.TrimSuffix(compact, []byte("\n")); !bytes.Equal(b.Bytes(), want) {
			t.Errorf("-s level %d: compacted pretty output\n%s\ndiffers from compact output\n%s", level, b.Bytes(), want)
		}
	}
}

// linkKeys renders one link (among the fixture's, for lookups) and
// returns its members with their kinds.
func linkKeys(t *testing.T, l rtnl.Link, opts JSONOptions) []member {
	t.Helper()
	if opts.Lookup == nil {
		opts.Lookup = LookupIn(allLinks())
	}
	return objectMembers(t, renderLinksJSON(t, []rtnl.Link{l}, opts))[0]
}

// TestLinksJSONKeys checks each link object's keys, their order and their
// value types against iproute2 6.1's print_linkinfo, written out by hand,
// for the rules the namespace sample in testdata/ip61 cannot show.
func TestLinksJSONKeys(t *testing.T) {
	const s, n, b, a, o = "string", "number", "bool", "array", "object"
	odd := oddLinks()
	tests := []struct {
		name string
		link rtnl.Link
		opts JSONOptions
		want []member
	}{
		{"IFLA_LINK 0 is null, tunnel addresses", odd[0], JSONOptions{},
			[]member{{"ifindex", n}, {"link", "null"}, {"ifname", s}, {"flags", a}, {"mtu", n}, {"qdisc", s},
				{"operstate", s}, {"linkmode", s}, {"group", s}, {"txqlen", n}, {"link_type", s},
				{"address", s}, {"broadcast", s}}},
		{"point-to-point peer", odd[1], JSONOptions{},
			[]member{{"ifindex", n}, {"link", "null"}, {"ifname", s}, {"flags", a}, {"mtu", n}, {"qdisc", s},
				{"operstate", s}, {"linkmode", s}, {"group", s}, {"txqlen", n}, {"link_type", s},
				{"address", s}, {"link_pointtopoint", b}, {"broadcast", s}}},
		{"master, permaddr, proto_down, stats with compressed", odd[3], JSONOptions{Stats: 1},
			[]member{{"ifindex", n}, {"ifname", s}, {"flags", a}, {"mtu", n}, {"qdisc", s}, {"master", s},
				{"operstate", s}, {"linkmode", s}, {"group", s}, {"txqlen", n}, {"link_type", s},
				{"address", s}, {"broadcast", s}, {"permaddr", s}, {"proto_down", b}, {"stats64", o}}},
		{"peer in another namespace", odd[4], JSONOptions{},
			[]member{{"ifindex", n}, {"link_index", n}, {"ifname", s}, {"flags", a}, {"mtu", n}, {"qdisc", s},
				{"operstate", s}, {"linkmode", s}, {"group", s}, {"txqlen", n}, {"link_type", s},
				{"address", s}, {"broadcast", s}, {"link_netnsid", n}}},
		{"unknown state and mode, no qdisc, 32-bit stats", odd[6], JSONOptions{Stats: 2},
			[]member{{"ifindex", n}, {"ifname", s}, {"flags", a}, {"mtu", n},
				{"operstate_index", n}, {"linkmode_index", n}, {"group", s}, {"txqlen", n}, {"link_type", s},
				{"stats", o}}},
		{"alias and altnames around stats", fixtureLinks()[1], JSONOptions{Stats: 1},
			[]member{{"ifindex", n}, {"link", s}, {"ifname", s}, {"flags", a}, {"mtu", n}, {"qdisc", s},
				{"operstate", s}, {"linkmode", s}, {"group", s}, {"txqlen", n}, {"link_type", s},
				{"address", s}, {"broadcast", s}, {"ifalias", s}, {"stats64", o},
				{"altnames", a}}},
		{"no stats without counters", rtnl.Link{Index: 1, Name: "x", Type: 1}, JSONOptions{Stats: 2},
			[]member{{"ifindex", n}, {"ifname", s}, {"flags", a}, {"mtu", n},
				{"operstate", s}, {"linkmode", s}, {"group", s}, {"link_type", s}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := linkKeys(t, tt.link, tt.opts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("keys\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestLinksJSONStatsKeys pins print_stats64's keys at each level.
func TestLinksJSONStatsKeys(t *testing.T) {
	type stats struct {
		Rx, Tx map[string]json.RawMessage
	}
	keysOf := func(m map[string]json.RawMessage) string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return strings.Join(ks, " ")
	}
	tests := []struct {
		name   string
		link   rtnl.Link
		level  int
		rx, tx string
	}{
		{"level 1", fixtureLinks()[1], 1,
			"bytes dropped errors multicast over_errors packets",
			"bytes carrier_errors collisions dropped errors packets"},
		{"level 2", fixtureLinks()[1], 2,
			"bytes crc_errors dropped errors fifo_errors frame_errors length_errors missed_errors multicast over_errors packets",
			"aborted_errors bytes carrier_changes carrier_errors collisions dropped errors fifo_errors heartbeat_errors packets window_errors"},
		{"level 1, nonzero compressed", oddLinks()[3], 1,
			"bytes compressed dropped errors multicast over_errors packets",
			"bytes carrier_errors collisions compressed dropped errors packets"},
		{"level 2, nonzero compressed, nohandler, otherhost, no carrier_changes", oddLinks()[3], 2,
			"bytes compressed crc_errors dropped errors fifo_errors frame_errors length_errors missed_errors multicast nohandler otherhost over_errors packets",
			"aborted_errors bytes carrier_errors collisions compressed dropped errors fifo_errors heartbeat_errors packets window_errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []struct{ Stats64 stats }
			out := renderLinksJSON(t, []rtnl.Link{tt.link}, JSONOptions{Stats: tt.level})
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			if k := keysOf(got[0].Stats64.Rx); k != tt.rx {
				t.Errorf("rx keys %s, want %s", k, tt.rx)
			}
			if k := keysOf(got[0].Stats64.Tx); k != tt.tx {
				t.Errorf("tx keys %s, want %s", k, tt.tx)
			}
		})
	}
}

func TestLinksJSONValues(t *testing.T) {
	out := renderLinksJSON(t, allLinks(), JSONOptions{Stats: 2})
	var got []map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	byName := map[string]map[string]any{}
	for _, l := range got {
		byName[l["ifname"].(string)] = l
	}
	checks := []struct {
		link, key string
		want      any
	}{
		{"v0", "link", "v1"},
		{"v1", "master", "br0"},
		{"br0", "operstate", "DOWN"},
		{"tunl0", "link", nil},
		{"tunl0", "link_type", "ipip"},
		{"tunl0", "address", "0.0.0.0"},
		{"gre1", "broadcast", "192.0.2.2"},
		{"gre1", "link_pointtopoint", true},
		{"ip6gre1", "link_type", "gre6"},
		{"ip6gre1", "address", "2001:db8::1"},
		{"eth0", "master", "if99"},
		{"eth0", "permaddr", "02:00:00:00:00:02"},
		{"eth0", "proto_down", true},
		{"v2", "link_index", 5.0},
		{"v2", "link_netnsid", 0.0},
		{"ib0", "operstate", "DORMANT"},
		{"ib0", "linkmode", "DORMANT"},
		{"ib0", "link_type", "infiniband"},
		{"ib0", "address", "80:81:82:83:84:85:86:87:88:89:8a:8b:8c:8d:8e:8f:90:91:92:93"},
		{"ib0", "broadcast", "00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14:"},
		{"odd", "mtu", -1.0},
		{"odd", "operstate_index", 9.0},
		{"odd", "linkmode_index", 3.0},
		{"odd", "group", "-1"},
		{"odd", "txqlen", -2147483648.0},
		{"odd", "link_type", "[519]"},
	}
	for _, c := range checks {
		if g := byName[c.link][c.key]; !reflect.DeepEqual(g, c.want) {
			t.Errorf("%s %q = %#v, want %#v", c.link, c.key, g, c.want)
		}
	}
	flags := func(name string) string {
		var w []string
		for _, f := range byName[name]["flags"].([]any) {
			w = append(w, f.(string))
		}
		return strings.Join(w, ",")
	}
	for name, want := range map[string]string{
		"lo":   "LOOPBACK,UP,LOWER_UP",
		"br0":  "NO-CARRIER,BROADCAST,MULTICAST,UP,LOWER_UP",
		"eth0": "BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP",
		"gre1": "POINTOPOINT,NOARP,UP,LOWER_UP",
		"ib0":  "NO-CARRIER,BROADCAST,MULTICAST,UP",
		"odd":  "UP,ECHO,40080000",
	} {
		if got := flags(name); got != want {
			t.Errorf("%s flags %s, want %s", name, got, want)
		}
	}
	if got := byName["odd"]["stats"].(map[string]any)["tx"].(map[string]any)["carrier_changes"]; got != 7.0 {
		t.Errorf("odd carrier_changes = %v, want 7", got)
	}
}

// TestLinksJSONMDown checks iproute2's M-DOWN: a link whose IFLA_LINK
// parent is known and down. A parent the lookup cannot find is named
// "if<index>" and does not make M-DOWN; nor does one in another namespace.
func TestLinksJSONMDown(t *testing.T) {
	links := fixtureLinks()
	links[2].Flags = iffBroadcast | iffMulticast // v1 down
	v0 := links[1]
	tests := []struct {
		name      string
		lookup    Lookup
		wantLink  string
		wantFlags []any
	}{
		{"peer down", LookupIn(links), "v1", []any{"NO-CARRIER", "BROADCAST", "MULTICAST", "UP", "LOWER_UP", "M-DOWN"}},
		{"peer unknown", LookupIn(links[:2]), "if2", []any{"NO-CARRIER", "BROADCAST", "MULTICAST", "UP", "LOWER_UP"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := v0
			l.Flags &^= iffRunning
			var got []map[string]any
			if err := json.Unmarshal(renderLinksJSON(t, []rtnl.Link{l}, JSONOptions{Lookup: tt.lookup}), &got); err != nil {
				t.Fatal(err)
			}
			if got[0]["link"] != tt.wantLink || !reflect.DeepEqual(got[0]["flags"], tt.wantFlags) {
				t.Errorf("link %v flags %v, want %v %v", got[0]["link"], got[0]["flags"], tt.wantLink, tt.wantFlags)
			}
		})
	}
	// Without a lookup, the printed links are looked in.
	out := renderLinksJSON(t, links, JSONOptions{})
	if !bytes.Contains(out, []byte(`"ifname":"v0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP","M-DOWN"]`)) {
		t.Errorf("v0 with its peer v1 down in the same dump is not M-DOWN:\n%s", out)
	}
}

// TestAddrsJSONInet6LinkDump checks the keys of `ip -6 addr show`, whose
// links come from the kernel's reduced AF_INET6 link dump.
func TestAddrsJSONInet6LinkDump(t *testing.T) {
	const s, n, a = "string", "number", "array"
	odd := oddLinks()
	links := []rtnl.Link{fixtureLinks()[2], odd[3], odd[4]}
	out := renderJSONOpts(t, links, nil, JSONOptions{Family: rtnl.FamilyV6, Stats: 2, Inet6LinkDump: true, Lookup: LookupIn(allLinks())})
	got := objectMembers(t, out)
	stats := member{"stats64", "object"}
	want := [][]member{
		{{"ifindex", n}, {"link", s}, {"ifname", s}, {"flags", a}, {"mtu", n}, {"operstate", s}, {"txqlen", n}, {"addr_info", a}, stats},
		{{"ifindex", n}, {"ifname", s}, {"flags", a}, {"mtu", n}, {"operstate", s}, {"txqlen", n}, {"addr_info", a}, stats},
		// No IFLA_LINK_NETNSID in that message: the peer's index is
		// looked up here, as iproute2 does.
		{{"ifindex", n}, {"link", s}, {"ifname", s}, {"flags", a}, {"mtu", n}, {"operstate", s}, {"txqlen", n}, {"addr_info", a}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("keys\n got %v\nwant %v", got, want)
	}
	if bytes.Contains(out, []byte("carrier_changes")) {
		t.Errorf("carrier_changes printed for an AF_INET6 link dump:\n%s", out)
	}
	if !bytes.Contains(out, []byte(`"link":"if5","ifname":"v2"`)) {
		t.Errorf("v2's peer index 5 not looked up in this namespace:\n%s", out)
	}
}

func renderJSONOpts(t testing.TB, links []rtnl.Link, addrs []rtnl.Addr, opts JSONOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := AddrsJSON(&b, links, addrs, opts); err != nil {
		t.Fatalf("AddrsJSON: %v", err)
	}
	return b.Bytes()
}

// TestAddrsJSONLinkHeader checks the link keys `ip addr` prints and
// `ip link` does not, and the keys a family leaves out.
func TestAddrsJSONLinkHeader(t *testing.T) {
	v0 := fixtureLinks()[1:2]
	link := objectMembers(t, renderLinksJSON(t, v0, JSONOptions{}))[0]
	addr := objectMembers(t, renderJSONOpts(t, v0, nil, JSONOptions{}))[0]
	has := func(ms []member, k string) bool {
		for _, m := range ms {
			if m.key == k {
				return true
			}
		}
		return false
	}
	for _, k := range []string{"linkmode", "ifalias"} {
		if !has(link, k) || has(addr, k) {
			t.Errorf("%q: in link show %v, in addr show %v; want only in link show", k, has(link, k), has(addr, k))
		}
	}
	v4 := objectMembers(t, renderJSONOpts(t, v0, nil, JSONOptions{Family: rtnl.FamilyV4}))[0]
	for _, k := range []string{"link_type", "address", "broadcast"} {
		if !has(addr, k) || has(v4, k) {
			t.Errorf("%q: without family %v, with -4 %v; want only without", k, has(addr, k), has(v4, k))
		}
	}
	s := objectMembers(t, renderJSONOpts(t, v0, nil, JSONOptions{Stats: 1}))[0]
	if last := s[len(s)-1]; last.key != "stats64" || s[len(s)-2].key != "addr_info" {
		t.Errorf("ip -s addr show puts stats64 after addr_info; got %v", s)
	}
}

func TestLinksJSONWriteError(t *testing.T) {
	links := benchLinksFull(2001)
	for _, after := range []int{0, 1} {
		err := LinksJSON(&failWriter{after: after}, links, JSONOptions{Stats: 2})
		if !errors.Is(err, errDiskFull) || !strings.HasPrefix(err.Error(), "write links as json: ") {
			t.Errorf("after %d writes: err = %v, want the writer's error with context", after, err)
		}
	}
}

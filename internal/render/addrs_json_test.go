package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func renderJSON(t testing.TB, links []rtnl.Link, addrs []rtnl.Addr, pretty bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := AddrsJSON(&b, links, addrs, JSONOptions{Pretty: pretty}); err != nil {
		t.Fatalf("AddrsJSON: %v", err)
	}
	return b.Bytes()
}

func TestAddrsJSONGolden(t *testing.T) {
	oddLinks, oddAddrs := oddAddrs()
	tests := []struct {
		golden string
		links  []rtnl.Link
		addrs  []rtnl.Addr
		pretty bool
	}{
		{"addrs.json.golden", fixtureLinks(), fixtureAddrs(), false},
		{"addrs_pretty.json.golden", fixtureLinks(), fixtureAddrs(), true},
		{"odd_label.json.golden", oddLinks, oddAddrs, false},
		{"no_links.json.golden", nil, fixtureAddrs(), false},
		{"no_links_pretty.json.golden", nil, nil, true},
		{"no_addrs_pretty.json.golden", fixtureLinks()[3:], fixtureAddrs(), true},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			got := renderJSON(t, tt.links, tt.addrs, tt.pretty)
			if !json.Valid(got) || !utf8.Valid(got) {
				t.Errorf("output is not valid UTF-8 JSON:\n%s", got)
			}
			if !bytes.HasSuffix(got, []byte("]\n")) {
				t.Errorf("output does not end in \"]\\n\": %q", got)
			}
			checkGolden(t, tt.golden, got)
		})
	}
}

// TestAddrsJSONPrettyIsCompact checks that pretty output differs from the
// compact output only in whitespace.
func TestAddrsJSONPrettyIsCompact(t *testing.T) {
	compact := renderJSON(t, fixtureLinks(), fixtureAddrs(), false)
	pretty := renderJSON(t, fixtureLinks(), fixtureAddrs(), true)
	var b bytes.Buffer
	if err := json.Compact(&b, pretty); err != nil {
		t.Fatal(err)
	}
	if want := bytes.TrimSuffix(compact, []byte("\n")); !bytes.Equal(b.Bytes(), want) {
		t.Errorf("compacted pretty output\n%s\ndiffers from compact output\n%s", b.Bytes(), want)
	}
	if !bytes.Contains(pretty, []byte("\n        \"ifindex\": 1,")) {
		t.Errorf("pretty output is not indented by four spaces a level:\n%s", pretty)
	}
}

// member is one key of a JSON object with the kind of its value.
type member struct {
	key, kind string
}

// objectMembers reads the keys of every object in an array of objects, in
// order, and the kind of each value; nested arrays and objects are
// reported as "array" and "object" and skipped.
func objectMembers(t *testing.T, raw json.RawMessage) [][]member {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out [][]member
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		t.Fatalf("want an array, got %v %v", tok, err)
	}
	for dec.More() {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("want an object, got %v %v", tok, err)
		}
		var obj []member
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			kind := ""
			switch v.(type) {
			case string:
				kind = "string"
			case json.Number:
				kind = "number"
			case bool:
				kind = "bool"
			case []any:
				kind = "array"
			case map[string]any:
				kind = "object"
			case nil:
				kind = "null"
			default:
				kind = reflect.TypeOf(v).String()
			}
			obj = append(obj, member{k.(string), kind})
		}
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
		out = append(out, obj)
	}
	return out
}

// TestAddrsJSONKeys parses the output with encoding/json and checks each
// addr_info entry's keys, their order and their value types against
// iproute2 6.1's print_addrinfo, written out by hand.
func TestAddrsJSONKeys(t *testing.T) {
	const s, n, b = "string", "number", "bool"
	lifetimes := []member{{"valid_life_time", n}, {"preferred_life_time", n}}
	keys := func(ms ...member) []member { return append(ms, lifetimes...) }
	tests := []struct {
		name string
		addr rtnl.Addr
		want []member
	}{
		{
			"ipv4 with label, broadcast and lifetimes",
			fixtureAddrs()[3],
			keys(member{"family", s}, member{"local", s}, member{"prefixlen", n},
				member{"broadcast", s}, member{"scope", s}, member{"dynamic", b}, member{"label", s}),
		},
		{
			"peer with metric",
			fixtureAddrs()[1],
			keys(member{"family", s}, member{"local", s}, member{"address", s}, member{"prefixlen", n},
				member{"metric", n}, member{"scope", s}, member{"label", s}),
		},
		{
			"ipv6 flags in iproute2 order",
			fixtureAddrs()[12],
			keys(member{"family", s}, member{"local", s}, member{"prefixlen", n}, member{"metric", n},
				member{"scope", s}, member{"optimistic", b}, member{"home", b}, member{"tentative", b},
				member{"mngtmpaddr", b}, member{"noprefixroute", b}),
		},
		{
			"ipv6 secondary is temporary",
			fixtureAddrs()[10],
			keys(member{"family", s}, member{"local", s}, member{"prefixlen", n}, member{"scope", s},
				member{"temporary", b}, member{"tentative", b}, member{"dynamic", b}),
		},
		{
			"anycast and dadfailed",
			fixtureAddrs()[13],
			keys(member{"family", s}, member{"local", s}, member{"prefixlen", n}, member{"anycast", s},
				member{"scope", s}, member{"dadfailed", b}, member{"tentative", b}),
		},
		{
			"unknown flag bits and no protocol",
			fixtureAddrs()[15],
			keys(member{"family", s}, member{"local", s}, member{"prefixlen", n}, member{"scope", s},
				member{"stable-privacy", b}, member{"ifa_flags", s}),
		},
		{
			"unknown family",
			rtnl.Addr{Family: 99, Index: 1, Flags: rtnl.FlagPermanent},
			keys(member{"family_index", n}, member{"scope", s}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.addr
			a.Index = 1
			out := renderJSON(t, []rtnl.Link{{Index: 1, Name: "v0", Type: 1}}, []rtnl.Addr{a}, false)
			var links []map[string]json.RawMessage
			if err := json.Unmarshal(out, &links); err != nil {
				t.Fatalf("%v in %s", err, out)
			}
			linkKeys := objectMembers(t, out)
			wantLink := []member{{"ifindex", n}, {"ifname", s}, {"flags", "array"}, {"mtu", n},
				{"operstate", s}, {"group", s}, {"link_type", s}, {"addr_info", "array"}}
			if !reflect.DeepEqual(linkKeys[0], wantLink) {
				t.Errorf("link keys = %v, want %v", linkKeys[0], wantLink)
			}
			got := objectMembers(t, links[0]["addr_info"])
			if len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("addr_info keys\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestAddrsJSONValues(t *testing.T) {
	var got []struct {
		Ifindex  int              `json:"ifindex"`
		Ifname   string           `json:"ifname"`
		AddrInfo []map[string]any `json:"addr_info"`
	}
	out := renderJSON(t, fixtureLinks(), fixtureAddrs(), false)
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		names = append(names, l.Ifname)
	}
	if want := []string{"lo", "v0", "v1", "br0"}; !reflect.DeepEqual(names, want) {
		t.Errorf("links in order %v, want %v", names, want)
	}
	if n := len(got[3].AddrInfo); got[3].AddrInfo == nil || n != 0 {
		t.Errorf("br0 addr_info = %v, want []", got[3].AddrInfo)
	}
	if bytes.Contains(out, []byte("203.0.113.99")) || bytes.Contains(out, []byte("gone")) {
		t.Errorf("address on an unlisted link was printed: %s", out)
	}
	v0 := got[1].AddrInfo
	checks := []struct {
		i        int
		key      string
		want     any
		describe string
	}{
		{0, "local", "192.0.2.1", "ipv4 local"},
		{0, "valid_life_time", 100.0, "valid lifetime"},
		{0, "preferred_life_time", 50.0, "preferred lifetime"},
		{1, "valid_life_time", 4294967295.0, "forever"},
		{1, "secondary", true, "ipv4 secondary"},
		{2, "deprecated", true, "deprecated"},
		{2, "preferred_life_time", 0.0, "deprecated preferred lifetime"},
		{3, "metric", 4294967295.0, "largest metric"},
		{3, "scope", "link", "scope"},
		{4, "scope", "site", "site scope"},
		{11, "ifa_flags", "1000000", "unknown bits as %02x"},
	}
	for _, c := range checks {
		if g := v0[c.i][c.key]; g != c.want {
			t.Errorf("%s: v0 addr %d %q = %v, want %v", c.describe, c.i, c.key, g, c.want)
		}
	}
	v1 := got[2].AddrInfo
	if g := v1[2]["local"]; g != "::192.0.2.1" {
		t.Errorf("::c000:201 printed as %v, want glibc's ::192.0.2.1", g)
	}
	if g := v1[3]["local"]; g != "::ffff:192.0.2.7" {
		t.Errorf("IPv4-mapped printed as %v, want ::ffff:192.0.2.7", g)
	}
}

func TestAddrsJSONOddLabel(t *testing.T) {
	links, addrs := oddAddrs()
	out := renderJSON(t, links, addrs, false)
	if !utf8.Valid(out) || !json.Valid(out) {
		t.Fatalf("not valid UTF-8 JSON: %q", out)
	}
	var got []struct {
		Ifname   string
		AddrInfo []struct{ Label string } `json:"addr_info"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	// Each byte of invalid UTF-8 becomes one U+FFFD, as a []rune conversion does.
	if want := string([]rune(oddLabel)); got[0].AddrInfo[0].Label != want {
		t.Errorf("label = %q, want %q", got[0].AddrInfo[0].Label, want)
	}
	if want := string([]rune(links[0].Name)); got[0].Ifname != want {
		t.Errorf("ifname = %q, want %q", got[0].Ifname, want)
	}
}

func TestAddrsJSONMissingLocal(t *testing.T) {
	// An Addr without an address cannot come from the kernel; iproute2
	// then prints neither address nor length, and neither does render.
	out := renderJSON(t, []rtnl.Link{{Index: 1, Name: "v0", Type: 1}},
		[]rtnl.Addr{{Family: rtnl.FamilyV4, Index: 1, Peer: netip.MustParseAddr("192.0.2.2"), Metric: 5}}, false)
	want := `[{"ifindex":1,"ifname":"v0","flags":[],"mtu":0,"operstate":"UNKNOWN","group":"default","link_type":"ether","addr_info":[{"family":"inet","scope":"global","dynamic":true,"valid_life_time":0,"preferred_life_time":0}]}]` + "\n"
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

type failWriter struct{ after int }

var errDiskFull = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errDiskFull
	}
	f.after--
	return len(p), nil
}

func TestAddrsJSONWriteError(t *testing.T) {
	addrs := manyAddrs(2000, 10)
	for _, after := range []int{0, 1} {
		err := AddrsJSON(&failWriter{after: after}, benchLinks(10), addrs, JSONOptions{})
		if !errors.Is(err, errDiskFull) || !strings.HasPrefix(err.Error(), "write addresses as json: ") {
			t.Errorf("after %d writes: err = %v, want the writer's error with context", after, err)
		}
	}
	if err := AddrsJSON(io.Discard, benchLinks(10), addrs, JSONOptions{Pretty: true}); err != nil {
		t.Errorf("io.Discard: %v", err)
	}
}

package testscripts

import (
	"math/big"
	"slices"
	"strings"
	"testing"
)

func TestCompareJSON(t *testing.T) {
	slack := func(kv ...string) map[string]*big.Rat {
		m := make(map[string]*big.Rat)
		for _, s := range kv {
			k, n, err := parseSlack(s)
			if err != nil {
				t.Fatal(err)
			}
			m[k] = n
		}
		return m
	}
	const addrA = `[{"ifindex":2,"ifname":"v0","mtu":1500,"addr_info":[
		{"family":"inet","local":"192.0.2.1","prefixlen":24,"valid_life_time":300,"preferred_life_time":200}]}]`
	tests := []struct {
		name    string
		a, b    string
		opts    jsonOptions
		want    []string // paths of the differences, in order
		wantErr string
	}{
		{
			name: "equal with different key order and layout",
			a:    `[{"ifname":"lo","mtu":65536,"addr_info":[{"family":"inet","local":"127.0.0.1"}]}]`,
			b:    "[\n  {\"addr_info\": [{\"local\": \"127.0.0.1\", \"family\": \"inet\"}], \"mtu\": 65536, \"ifname\": \"lo\"}\n]\n",
		},
		{
			name: "numbers compare by value",
			a:    `[{"mtu":1500}]`,
			b:    `[{"mtu":1500.0}]`,
		},
		{
			name: "a changed value",
			a:    addrA,
			b:    strings.Replace(addrA, `"prefixlen":24`, `"prefixlen":16`, 1),
			want: []string{".[0].addr_info[0].prefixlen"},
		},
		{
			name: "a key on one side only",
			a:    `[{"ifname":"v0","master":"br0"}]`,
			b:    `[{"ifname":"v0"}]`,
			want: []string{".[0].master"},
		},
		{
			name: "a key not an identifier is quoted as jq does",
			a:    `[{"ifname":"v0","addr_info":[{"local":"2001:db8::1","stable-privacy":true}]}]`,
			b:    `[{"ifname":"v0","addr_info":[{"local":"2001:db8::1"}]}]`,
			want: []string{`.[0].addr_info[0]["stable-privacy"]`},
		},
		{
			name: "type mismatch",
			a:    `[{"mtu":1500}]`,
			b:    `[{"mtu":"1500"}]`,
			want: []string{".[0].mtu"},
		},
		{
			name: "null is not missing",
			a:    `[{"ifname":"v0","qdisc":null}]`,
			b:    `[{"ifname":"v0"}]`,
			want: []string{".[0].qdisc"},
		},
		{
			name: "large counters are compared exactly, not as float64",
			a:    `[{"stats64":{"rx":{"bytes":18446744073709551615}}}]`,
			b:    `[{"stats64":{"rx":{"bytes":18446744073709551614}}}]`,
			want: []string{".[0].stats64.rx.bytes"},
		},
		{
			name: "-keys ignores the other keys",
			a:    `[{"ifname":"v0","mtu":1500,"qdisc":"noqueue","linkmode":"DEFAULT"}]`,
			b:    `[{"mtu":1500,"ifname":"v0","qdisc":"noop","altnames":["x"]}]`,
			opts: jsonOptions{Keys: []string{"ifname", "mtu"}},
		},
		{
			name: "-keys still compares the named keys",
			a:    `[{"ifname":"v0","mtu":1500,"qdisc":"noqueue"}]`,
			b:    `[{"ifname":"v0","mtu":9000,"qdisc":"noop"}]`,
			opts: jsonOptions{Keys: []string{"ifname", "mtu"}},
			want: []string{".[0].mtu"},
		},
		{
			name: "-keys: a named key missing on one side",
			a:    `[{"ifname":"v0","addr_info":[]}]`,
			b:    `[{"ifname":"v0"}]`,
			opts: jsonOptions{Keys: []string{"ifname", "addr_info"}},
			want: []string{".[0].addr_info"},
		},
		{
			name: "-keys: missing on both sides of one link is equal",
			a:    `[{"ifname":"v0","master":"br0"},{"ifname":"v1"}]`,
			b:    `[{"ifname":"v0","master":"br0"},{"ifname":"v1"}]`,
			opts: jsonOptions{Keys: []string{"ifname", "master"}},
		},
		{
			name:    "-keys: a key in no link at all is an error (a typo)",
			a:       `[{"ifname":"v0"}]`,
			b:       `[{"ifname":"v0"}]`,
			opts:    jsonOptions{Keys: []string{"ifname", "ifnmae"}},
			wantErr: `no link object in either file has the key "ifnmae"`,
		},
		{
			name: "-keys applies to the top-level links only",
			a:    `[{"ifname":"v0","addr_info":[{"local":"192.0.2.1","label":"v0"}]}]`,
			b:    `[{"ifname":"v0","addr_info":[{"local":"192.0.2.1"}]}]`,
			opts: jsonOptions{Keys: []string{"addr_info"}},
			want: []string{".[0].addr_info[0].label"},
		},
		{
			name: "-keys on a top-level object",
			a:    `{"ifname":"v0","mtu":1500,"x":1}`,
			b:    `{"ifname":"v0","mtu":1500,"x":2}`,
			opts: jsonOptions{Keys: []string{"ifname", "mtu"}},
		},
		{
			name: "slack within bounds",
			a:    addrA,
			b:    strings.Replace(strings.Replace(addrA, "300", "298", 1), "200", "199", 1),
			opts: jsonOptions{Slack: slack("valid_life_time=2", "preferred_life_time=2")},
		},
		{
			name: "slack outside bounds",
			a:    addrA,
			b:    strings.Replace(strings.Replace(addrA, "300", "297", 1), "200", "199", 1),
			opts: jsonOptions{Slack: slack("valid_life_time=2", "preferred_life_time=2")},
			want: []string{".[0].addr_info[0].valid_life_time"},
		},
		{
			name: "slack applies only to its key",
			a:    addrA,
			b:    strings.Replace(strings.Replace(addrA, "300", "299", 1), "200", "199", 1),
			opts: jsonOptions{Slack: slack("valid_life_time=2")},
			want: []string{".[0].addr_info[0].preferred_life_time"},
		},
		{
			name: "slack does not apply to strings",
			a:    `[{"valid_life_time":"300"}]`,
			b:    `[{"valid_life_time":"299"}]`,
			opts: jsonOptions{Slack: slack("valid_life_time=2")},
			want: []string{".[0].valid_life_time"},
		},
		{
			name: "nested arrays of different length",
			a:    `[{"ifname":"v0","addr_info":[{"local":"192.0.2.1"},{"local":"198.51.100.1"}]}]`,
			b:    `[{"ifname":"v0","addr_info":[{"local":"192.0.2.1"}]}]`,
			want: []string{".[0].addr_info[1]"},
		},
		{
			name: "arrays of scalars of different length",
			a:    `[{"flags":["BROADCAST","UP"]}]`,
			b:    `[{"flags":["BROADCAST","UP","LOWER_UP"]}]`,
			want: []string{".[0].flags[2]"},
		},
		{
			name: "top-level arrays of different length",
			a:    `[{"ifname":"lo"}]`,
			b:    `[{"ifname":"lo"},{"ifname":"v0"}]`,
			want: []string{".[1]"},
		},
		{
			name: "empty arrays are equal",
			a:    `[]`,
			b:    " [ ]\n",
		},
		{
			name: "an inserted address is one element, not a diff per member",
			a:    `[{"ifname":"v0","addr_info":[{"family":"inet","local":"192.0.2.1"},{"family":"inet6","local":"2001:db8::1"}]}]`,
			b:    `[{"ifname":"v0","addr_info":[{"family":"inet","local":"192.0.2.1"},{"family":"inet","local":"203.0.113.1"},{"family":"inet6","local":"2001:db8::1"}]}]`,
			want: []string{".[0].addr_info[1]", ".[0].addr_info[2]"},
		},
		{
			name: "a different link is one element",
			a:    `[{"ifindex":2,"ifname":"v0","mtu":1500},{"ifindex":3,"ifname":"v1","mtu":1500}]`,
			b:    `[{"ifindex":2,"ifname":"v0","mtu":1500},{"ifindex":4,"ifname":"v2","mtu":1400}]`,
			want: []string{".[1]"},
		},
		{
			name:    "not JSON",
			a:       `[{"ifname":"lo"}]`,
			b:       `RTNETLINK answers: Operation not permitted`,
			wantErr: "second file: not valid JSON",
		},
		{
			name:    "empty file",
			a:       "",
			b:       `[]`,
			wantErr: "first file: not valid JSON: empty",
		},
		{
			name:    "two values",
			a:       `[]`,
			b:       "[]\n[]\n",
			wantErr: "more than one value",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs, err := compareJSON([]byte(tt.a), []byte(tt.b), tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range diffs {
				got = append(got, d.Path)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("differences at %q, want %q\n%s", got, tt.want, formatDiffs("a", "b", diffs, 100))
			}
			// The comparison is symmetric.
			back, err := compareJSON([]byte(tt.b), []byte(tt.a), tt.opts)
			if err != nil || len(back) != len(diffs) {
				t.Errorf("b against a: %d differences (error %v), a against b: %d", len(back), err, len(diffs))
			}
		})
	}
}

func TestFormatDiffs(t *testing.T) {
	a := `[{"ifname":"lo"},{"ifname":"v0","addr_info":[{"local":"192.0.2.1","prefixlen":24}]}]`
	b := `[{"ifname":"lo"},{"ifname":"v0","addr_info":[{"local":"192.0.2.1","prefixlen":16,"noprefixroute":true}]}]`
	diffs, err := compareJSON([]byte(a), []byte(b), jsonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := formatDiffs("ip.json", "netaddr.json", diffs, 1)
	want := `ip.json and netaddr.json differ (2 differences):
  .[1].addr_info[0].noprefixroute  (ifname v0)
    ip.json:      (missing)
    netaddr.json: true
  ... and 1 more`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseOptions(t *testing.T) {
	for _, s := range []string{"valid_life_time", "=2", "x=-1", "x=two"} {
		if _, _, err := parseSlack(s); err == nil {
			t.Errorf("parseSlack(%q) succeeded", s)
		}
	}
	if k, n, err := parseSlack("valid_life_time=2"); err != nil || k != "valid_life_time" || n.Cmp(big.NewRat(2, 1)) != 0 {
		t.Errorf("parseSlack: %q %v %v", k, n, err)
	}
	for _, s := range []string{"", "a,,b", "a,"} {
		if _, err := parseKeys(s); err == nil {
			t.Errorf("parseKeys(%q) succeeded", s)
		}
	}
	if keys, err := parseKeys("ifname,mtu"); err != nil || !slices.Equal(keys, []string{"ifname", "mtu"}) {
		t.Errorf("parseKeys: %q %v", keys, err)
	}
}

package render

import (
	"reflect"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func TestGroupByLink(t *testing.T) {
	// Small indexes go in a table, large or negative ones in a map.
	for _, base := range []int{0, 1 << 30, -100} {
		testGroupByLink(t, base)
	}
}

func testGroupByLink(t *testing.T, base int) {
	links := []rtnl.Link{{Index: base + 3}, {Index: base + 1}, {Index: base + 7}, {Index: base + 3}}
	addrs := []rtnl.Addr{
		{Index: base + 1, Label: "a"}, {Index: base + 3, Label: "b"}, {Index: base + 9, Label: "c"},
		{Index: base + 1, Label: "d"}, {Index: base + 3, Label: "e"}, {Index: base + 3, Label: "f"},
		{Index: -1, Label: "g"}, {Index: 1<<31 - 1, Label: "h"},
	}
	want := [][]string{{"b", "e", "f"}, {"a", "d"}, nil, {"b", "e", "f"}}
	groups := groupByLink(links, addrs)
	var got [][]string
	for _, g := range groups {
		var labels []string
		for _, a := range g {
			labels = append(labels, a.Label)
		}
		got = append(got, labels)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("base %d: got %q, want %q", base, got, want)
	}
	if len(groupByLink(nil, addrs)) != 0 {
		t.Error("no links should give no groups")
	}
	// The groups point into addrs rather than copying.
	if groups[1][0] != &addrs[0] {
		t.Error("group does not point into addrs")
	}
}

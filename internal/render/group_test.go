package render

import (
	"reflect"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func TestGroupByLink(t *testing.T) {
	links := []rtnl.Link{{Index: 3}, {Index: 1}, {Index: 7}, {Index: 3}}
	addrs := []rtnl.Addr{
		{Index: 1, Label: "a"}, {Index: 3, Label: "b"}, {Index: 9, Label: "c"},
		{Index: 1, Label: "d"}, {Index: 3, Label: "e"}, {Index: 3, Label: "f"},
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
		t.Errorf("got %q, want %q", got, want)
	}
	if len(groupByLink(nil, addrs)) != 0 {
		t.Error("no links should give no groups")
	}
	// The groups point into addrs rather than copying.
	if groups[1][0] != &addrs[0] {
		t.Error("group does not point into addrs")
	}
}

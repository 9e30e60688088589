package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

const linkTableHeading = "INDEX NAME STATE MTU MAC FLAGS MASTER KIND"

func TestLinksTableGolden(t *testing.T) {
	odd := rtnl.Link{Index: 7, Name: "v0\x1b[31m", Kind: "k\tind", Master: 1, Type: 1}
	tests := []struct {
		golden string
		links  []rtnl.Link
	}{
		{"links.table.golden", allLinks()},
		{"odd_name_links.table.golden", append(fixtureLinks()[:1], odd)},
		{"no_links_links.table.golden", nil},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := LinksTable(&b, tt.links, nil, Palette{}); err != nil {
				t.Fatal(err)
			}
			checkTableText(t, b.Bytes(), linkTableHeading)
			checkGolden(t, tt.golden, b.Bytes())
		})
	}
}

func TestLinksTableRows(t *testing.T) {
	var b bytes.Buffer
	links := fixtureLinks()
	links[1].Flags &^= iffUp // v0 down: v1 is M-DOWN
	if err := LinksTable(&b, links[2:3], LookupIn(links), Palette{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a heading and a row:\n%s", b.String())
	}
	want := "2 v1 UP 1500 12:70:ea:b9:b7:be BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN br0 veth"
	if got := strings.Join(strings.Fields(lines[1]), " "); got != want {
		t.Errorf("row %q, want the cells %q", got, want)
	}
}

func TestLinksTableWriteError(t *testing.T) {
	err := LinksTable(&failWriter{}, allLinks(), nil, Palette{})
	if err == nil || !strings.HasPrefix(err.Error(), "write link table: ") {
		t.Errorf("err = %v, want the writer's error with context", err)
	}
}

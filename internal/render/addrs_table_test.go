package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func renderTableOut(t testing.TB, links []rtnl.Link, addrs []rtnl.Addr) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := AddrsTable(&b, links, addrs, nil, Palette{}); err != nil {
		t.Fatalf("AddrsTable: %v", err)
	}
	return b.Bytes()
}

func TestAddrsTableGolden(t *testing.T) {
	oddLinks, oddAddrs := oddAddrs()
	tests := []struct {
		golden string
		links  []rtnl.Link
		addrs  []rtnl.Addr
	}{
		{"addrs.table.golden", fixtureLinks(), fixtureAddrs()},
		{"odd_label.table.golden", oddLinks, oddAddrs},
		{"no_addrs.table.golden", fixtureLinks()[3:], fixtureAddrs()},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			got := renderTableOut(t, tt.links, tt.addrs)
			checkTableText(t, got, addrTableHeading)
			checkGolden(t, tt.golden, got)
		})
	}
}

const addrTableHeading = "ADDRESS SCOPE FLAGS VALID PREFERRED LABEL"

// checkTableText checks what must hold of any table: valid UTF-8, nothing
// a terminal would act on but newlines, no trailing blanks, and heading
// (its words, however spaced) as the first line.
func checkTableText(t *testing.T, out []byte, heading string) {
	t.Helper()
	checkPrintable(t, out)
	first, _, _ := strings.Cut(string(out), "\n")
	if got := strings.Join(strings.Fields(first), " "); got != heading {
		t.Errorf("heading is %q, want the words %q", first, heading)
	}
}

// checkPrintable checks that out is valid UTF-8 with nothing a terminal
// would act on but newlines, and no trailing blanks.
func checkPrintable(t *testing.T, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Errorf("not valid UTF-8: %q", out)
	}
	for _, r := range string(out) {
		if r != '\n' && !unicode.IsGraphic(r) {
			t.Errorf("control character %U in %q", r, out)
			break
		}
	}
	for line := range strings.Lines(string(out)) {
		if strings.HasSuffix(strings.TrimSuffix(line, "\n"), " ") {
			t.Errorf("trailing blank in %q", line)
		}
	}
}

func TestAddrsTableRows(t *testing.T) {
	out := string(renderTableOut(t, fixtureLinks(), fixtureAddrs()))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// The column heading, a heading per link, a row per address but the
	// one on an unlisted link.
	if want := 1 + len(fixtureLinks()) + len(fixtureAddrs()) - 1; len(lines) != want {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), want, out)
	}
	for _, want := range []string{
		"192.0.2.1/24", "198.51.100.1 peer 198.51.100.2/32", "2001:db8::5 peer 2001:db8::6/128",
		"temporary tentative dynamic", "secondary deprecated dynamic", "stable-privacy flags 1000000",
		"1m40s", "1h0m5s", "30m",
		"\n1: lo <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN\n    127.0.0.1/8 ",
		"\n2: v1 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state UP\n    198.51.100.1 ",
		// A link without addresses keeps its heading, as in ip addr.
		"\n4: br0 <NO-CARRIER,BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state DOWN\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "203.0.113.99") {
		t.Errorf("table has a row for an unlisted link:\n%s", out)
	}
	// Rows sit under their heading, indented, and columns line up across
	// devices: every address row starts its SCOPE column at the same place.
	col := strings.Index(lines[0], "SCOPE")
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "    ") {
			continue // a device heading
		}
		if l[col-2:col] != "  " || l[col] == ' ' {
			t.Errorf("row %q does not put its scope at column %d", l, col)
		}
	}
}

// TestAddrsTableLookup checks that the heading names a master that is not
// among the links shown, and marks a link whose peer is down M-DOWN.
func TestAddrsTableLookup(t *testing.T) {
	all := fixtureLinks()
	all[1].Flags &^= iffUp // v0, the peer of v1, is down
	v1 := all[2:3]
	var b bytes.Buffer
	if err := AddrsTable(&b, v1, fixtureAddrs(), LookupIn(all), Palette{}); err != nil {
		t.Fatal(err)
	}
	want := "2: v1 <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 master br0 state UP\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("got\n%s\nwant a line %q", b.String(), want)
	}
	b.Reset()
	if err := AddrsTable(&b, v1, fixtureAddrs(), nil, Palette{}); err != nil {
		t.Fatal(err)
	}
	want = "2: v1 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master if4 state UP\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("without a lookup got\n%s\nwant a line %q", b.String(), want)
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"v0:x", "v0:x"},
		{"v0 é 中", "v0 é 中"},
		{"v0\tx", `"v0\tx"`},
		{"v0\x1b[31m", `"v0\x1b[31m"`},
		{"v0\xff", `"v0\xff"`},
		{"a\u200bb", `"a\u200bb"`},
		{"v0:x ", `"v0:x "`},
		{" v0", `" v0"`},
		{"v0 x", "v0 x"},
	}
	for _, tt := range tests {
		if got := printable(tt.in); got != tt.want {
			t.Errorf("printable(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

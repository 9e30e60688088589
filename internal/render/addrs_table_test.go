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
	if err := AddrsTable(&b, links, addrs); err != nil {
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
			checkTableText(t, got)
			checkGolden(t, tt.golden, got)
		})
	}
}

// checkTableText checks what must hold of any table: valid UTF-8, nothing
// a terminal would act on but newlines, no trailing blanks, a heading.
func checkTableText(t *testing.T, out []byte) {
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
	heading, _, _ := strings.Cut(string(out), "\n")
	if got := strings.Join(strings.Fields(heading), " "); got != "DEVICE ADDRESS SCOPE FLAGS VALID PREFERRED LABEL" {
		t.Errorf("heading is %q", heading)
	}
}

func TestAddrsTableRows(t *testing.T) {
	out := string(renderTableOut(t, fixtureLinks(), fixtureAddrs()))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if want := 1 + len(fixtureAddrs()) - 1; len(lines) != want {
		t.Fatalf("%d lines, want %d (heading and all addresses but the unlisted one):\n%s", len(lines), want, out)
	}
	for _, want := range []string{
		"192.0.2.1/24", "198.51.100.1 peer 198.51.100.2/32", "2001:db8::5 peer 2001:db8::6/128",
		"temporary tentative dynamic", "secondary deprecated dynamic", "stable-privacy flags 1000000",
		"1m40s", "1h0m5s", "30m",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "br0") || strings.Contains(out, "203.0.113.99") {
		t.Errorf("table has a row for a link without addresses or an unlisted link:\n%s", out)
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

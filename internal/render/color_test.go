package render

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// checkColored checks that colored holds every one of want and that,
// without its escapes, it is plain: the columns line up as without
// colour, and nothing else changed.
func checkColored(t *testing.T, what, colored, plain string, want ...string) {
	t.Helper()
	if strings.Contains(plain, "\x1b") {
		t.Errorf("%s: escapes without colour:\n%q", what, plain)
	}
	for _, w := range want {
		if !strings.Contains(colored, w) {
			t.Errorf("%s: no %q in\n%q", what, w, colored)
		}
	}
	if got := ansiEscape.ReplaceAllString(colored, ""); got != plain {
		t.Errorf("%s: without its escapes\n%s\nis not the plain output\n%s", what, got, plain)
	}
	// Every colour is closed on its line, and no reset closes nothing.
	for _, line := range strings.Split(colored, "\n") {
		open := false
		for _, seq := range ansiEscape.FindAllString(line, -1) {
			if (seq == ansiReset) != open {
				t.Errorf("%s: unbalanced %q in %q", what, seq, line)
			}
			open = seq != ansiReset
		}
		if open {
			t.Errorf("%s: colour left open in %q", what, line)
		}
	}
}

func TestAddrsTableColor(t *testing.T) {
	links, addrs := fixtureLinks(), fixtureAddrs()
	var plain, colored bytes.Buffer
	if err := AddrsTable(&plain, links, addrs, nil, Palette{}); err != nil {
		t.Fatal(err)
	}
	if err := AddrsTable(&colored, links, addrs, nil, NewPalette(false)); err != nil {
		t.Fatal(err)
	}
	checkColored(t, "addrs table", colored.String(), plain.String(),
		"\x1b[36mv0\x1b[0m <",           // device names cyan
		"state \x1b[32mUP\x1b[0m",       // UP green
		"\x1b[35m192.0.2.1\x1b[0m/24",   // IPv4 magenta, without the length
		"\x1b[34m2001:db8::1\x1b[0m/64", // IPv6 blue
		"master \x1b[36m",               // master names too
	)
}

func TestLinksTableColor(t *testing.T) {
	links := fixtureLinks()
	var plain, colored bytes.Buffer
	if err := LinksTable(&plain, links, nil, Palette{}); err != nil {
		t.Fatal(err)
	}
	if err := LinksTable(&colored, links, nil, NewPalette(true)); err != nil {
		t.Fatal(err)
	}
	checkColored(t, "links table", colored.String(), plain.String(),
		"\x1b[1;36mv0\x1b[0m", "\x1b[1;32mUP\x1b[0m", "\x1b[1;33m", // dark: bold
	)
}

func TestLinksTableColorDown(t *testing.T) {
	links := []rtnl.Link{
		{Index: 1, Name: "a", OperState: ifOperDown, Address: []byte{2, 0, 0, 0, 0, 1}, Type: 1},
		{Index: 22, Name: "longer-name", OperState: 0},
	}
	var plain, colored bytes.Buffer
	if err := LinksTable(&plain, links, nil, Palette{}); err != nil {
		t.Fatal(err)
	}
	if err := LinksTable(&colored, links, nil, NewPalette(false)); err != nil {
		t.Fatal(err)
	}
	checkColored(t, "links table", colored.String(), plain.String(),
		"\x1b[31mDOWN\x1b[0m", "\x1b[33m02:00:00:00:00:01\x1b[0m")
	if strings.Contains(colored.String(), "m"+"UNKNOWN") {
		t.Errorf("UNKNOWN coloured: %q", colored.String())
	}
}

func TestStatsTableColor(t *testing.T) {
	var plain, colored bytes.Buffer
	if err := StatsTable(&plain, statsEntries(), StatsOptions{Driver: true}); err != nil {
		t.Fatal(err)
	}
	if err := StatsTable(&colored, statsEntries(), StatsOptions{Driver: true, Color: NewPalette(false)}); err != nil {
		t.Fatal(err)
	}
	checkColored(t, "stats table", colored.String(), plain.String(), ": \x1b[36m")
}

func TestMonitorColor(t *testing.T) {
	var plain, colored, json bytes.Buffer
	mp := NewMonitorWriter(&plain, false, LookupIn(fixtureLinks()), Palette{})
	mc := NewMonitorWriter(&colored, false, LookupIn(fixtureLinks()), NewPalette(false))
	mj := NewMonitorWriter(&json, true, LookupIn(fixtureLinks()), NewPalette(false))
	for _, ev := range monitorEvents() {
		for _, m := range []*MonitorWriter{mp, mc, mj} {
			if err := m.Write(ev); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkColored(t, "monitor", colored.String(), plain.String(),
		"addr 3: \x1b[36mv0\x1b[0m inet \x1b[35m192.0.2.1\x1b[0m/24 brd \x1b[35m192.0.2.255\x1b[0m",
		"state \x1b[32mUP\x1b[0m")
	if strings.Contains(json.String(), "\x1b") {
		t.Errorf("JSON events coloured: %q", json.String())
	}
}

func TestDropStrayResets(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                              "plain",
		"\x1b[0ma\x1b[31mb\x1b[0m\x1b[0m  c": "a\x1b[31mb\x1b[0m  c",
		"\x1b[36mx\x1b[0m  \x1b[0m\x1b[0mUNKNOWN": "\x1b[36mx\x1b[0m  UNKNOWN",
	} {
		if got := string(dropStrayResets([]byte(in))); got != want {
			t.Errorf("dropStrayResets(%q) = %q, want %q", in, got, want)
		}
	}
}

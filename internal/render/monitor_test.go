package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// countingWriter records each Write separately.
type countingWriter struct{ writes []string }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

func monitorEvents() []MonitorEvent {
	links := fixtureLinks()
	addrs := fixtureAddrs()
	return []MonitorEvent{
		{Addr: &addrs[3]},
		{Deleted: true, Addr: &addrs[5]},
		{Link: &links[1]},
		{Deleted: true, Addr: &addrs[2]}, // on a device nobody knows
	}
}

func TestMonitorText(t *testing.T) {
	var w countingWriter
	m := NewMonitorWriter(&w, false, LookupIn(fixtureLinks()), Palette{})
	for _, ev := range monitorEvents() {
		if err := m.Write(ev); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"+ addr 3: v0 inet 192.0.2.1/24 brd 192.0.2.255 scope global dynamic label v0:x valid 1m40s preferred 50s\n",
		"- addr 3: v0 inet 192.0.2.3/24 scope global secondary deprecated dynamic label v0 valid 1h0m5s preferred 0s\n",
		"+ link 3: v0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 state UP\n",
		"- addr 99: if99 inet 203.0.113.99/24 scope global label gone\n",
	}
	if strings.Join(w.writes, "") != strings.Join(want, "") || len(w.writes) != len(want) {
		t.Errorf("got %q\nwant %q", w.writes, want)
	}
}

func TestMonitorJSON(t *testing.T) {
	var w countingWriter
	m := NewMonitorWriter(&w, true, LookupIn(fixtureLinks()), Palette{})
	for _, ev := range monitorEvents() {
		if err := m.Write(ev); err != nil {
			t.Fatal(err)
		}
	}
	if len(w.writes) != 4 {
		t.Fatalf("%d writes, want one per event", len(w.writes))
	}
	// An address event is its addr_info entry, as AddrsJSON writes it,
	// with the event, the type, the index and the name in front.
	var info bytes.Buffer
	links, addrs := fixtureLinks(), fixtureAddrs()
	if err := AddrsJSON(&info, links[1:2], addrs[3:4], JSONOptions{}); err != nil {
		t.Fatal(err)
	}
	var shown []struct {
		AddrInfo []map[string]any `json:"addr_info"`
	}
	if err := json.Unmarshal(info.Bytes(), &shown); err != nil {
		t.Fatal(err)
	}
	want := shown[0].AddrInfo[0]
	want["event"], want["type"], want["ifindex"], want["ifname"] = "new", "addr", 3.0, "v0"
	if !strings.HasPrefix(w.writes[0], `{"event":"new","type":"addr","ifindex":3,"ifname":"v0","family":"inet",`) {
		t.Errorf("key order: %s", w.writes[0])
	}
	checkJSONLine(t, w.writes[0], want)

	// A link event is what ip -j link show prints for it.
	var ls bytes.Buffer
	if err := LinksJSON(&ls, links[1:2], JSONOptions{Lookup: LookupIn(links)}); err != nil {
		t.Fatal(err)
	}
	var linkObjs []map[string]any
	if err := json.Unmarshal(ls.Bytes(), &linkObjs); err != nil {
		t.Fatal(err)
	}
	wantLink := linkObjs[0]
	wantLink["event"], wantLink["type"] = "new", "link"
	checkJSONLine(t, w.writes[2], wantLink)

	var gone map[string]any
	if err := json.Unmarshal([]byte(w.writes[3]), &gone); err != nil || gone["event"] != "del" || gone["ifname"] != "if99" {
		t.Errorf("%s: %v", w.writes[3], err)
	}
}

func checkJSONLine(t *testing.T, line string, want map[string]any) {
	t.Helper()
	if !strings.HasSuffix(line, "}\n") || strings.Count(line, "\n") != 1 {
		t.Errorf("not one line: %q", line)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(line), &got); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if !bytes.Equal(g, w) {
		t.Errorf("got  %s\nwant %s", g, w)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("gone") }

func TestMonitorWriteError(t *testing.T) {
	a := rtnl.Addr{Family: rtnl.FamilyV4, Local: netip.MustParsePrefix("192.0.2.1/24")}
	for _, json := range []bool{false, true} {
		m := NewMonitorWriter(failingWriter{}, json, nil, Palette{})
		if err := m.Write(MonitorEvent{Addr: &a}); err == nil || !strings.Contains(err.Error(), "gone") {
			t.Errorf("json %v: %v", json, err)
		}
	}
}

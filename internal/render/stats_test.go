package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// statsEntries are the fixture's links with driver counters as veth and
// a bridge have them (the bridge has none), and a link without counters.
func statsEntries() []StatsEntry {
	links := append(fixtureLinks(), oddLinks()[3], rtnl.Link{Index: 20, Name: "nostats"})
	entries := make([]StatsEntry, len(links))
	for i, l := range links {
		entries[i] = StatsEntry{Link: l}
	}
	entries[1].Driver = []rtnl.DriverStat{{Name: "peer_ifindex", Value: 2}, {Name: "rx_queue_0_xdp_packets", Value: 0},
		{Name: "rx_queue_0_xdp_bytes", Value: 123456789}}
	entries[2].Driver = []rtnl.DriverStat{{Name: "peer_ifindex", Value: 3}}
	entries[4].Driver = []rtnl.DriverStat{{Name: "tx_\"odd\"\tname\xff", Value: 1}}
	return entries
}

func renderStats(t testing.TB, entries []StatsEntry, opts StatsOptions, json bool) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	if json {
		err = StatsJSON(&b, entries, opts)
	} else {
		err = StatsTable(&b, entries, opts)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestStatsGolden(t *testing.T) {
	tests := []struct {
		golden string
		opts   StatsOptions
		json   bool
	}{
		{"stats.table.golden", StatsOptions{}, false},
		{"stats_human_driver.table.golden", StatsOptions{Human: true, Driver: true}, false},
		{"stats.json.golden", StatsOptions{}, true},
		{"stats_driver_pretty.json.golden", StatsOptions{Driver: true, Pretty: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			got := renderStats(t, statsEntries(), tt.opts, tt.json)
			if tt.json {
				if !json.Valid(got) || !utf8.Valid(got) {
					t.Errorf("not valid UTF-8 JSON:\n%s", got)
				}
			} else {
				checkTableText(t, got, "COUNTER RX TX")
			}
			checkGolden(t, tt.golden, got)
		})
	}
}

// TestStatsJSONShape checks each entry's keys and that "stats64" is the
// object `ip -j -s -s link show` prints for the same link.
func TestStatsJSONShape(t *testing.T) {
	entries := statsEntries()
	for _, driver := range []bool{false, true} {
		out := renderStats(t, entries, StatsOptions{Driver: driver}, true)
		var got []map[string]json.RawMessage
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		for i, e := range entries {
			var keys []string
			for _, m := range objectMembers(t, out)[i] {
				keys = append(keys, m.key)
			}
			want := []string{"ifindex", "ifname"}
			if e.Link.Stats != nil {
				want = append(want, "stats64")
			}
			if driver {
				want = append(want, "driver")
			}
			if !reflect.DeepEqual(keys, want) {
				t.Errorf("driver %v, %s: keys %v, want %v", driver, e.Link.Name, keys, want)
			}
			if e.Link.Stats == nil {
				continue
			}
			var ip []map[string]json.RawMessage
			if err := json.Unmarshal(renderLinksJSON(t, []rtnl.Link{e.Link}, JSONOptions{Stats: 2}), &ip); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got[i]["stats64"], ip[0]["stats64"]) {
				t.Errorf("%s: stats64 %s, ip -s -s has %s", e.Link.Name, got[i]["stats64"], ip[0]["stats64"])
			}
		}
	}
	out := renderStats(t, entries, StatsOptions{Driver: true}, true)
	var got []struct {
		Driver map[string]uint64
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if d := got[1].Driver; len(d) != 3 || d["rx_queue_0_xdp_bytes"] != 123456789 {
		t.Errorf("v0 driver = %v", d)
	}
	if d := got[3].Driver; d == nil || len(d) != 0 {
		t.Errorf("br0 driver = %v, want {}", d)
	}
	if d := got[4].Driver; d["tx_\"odd\"\tname\uFFFD"] != 1 {
		t.Errorf("eth0 driver = %v, want the odd name escaped", d)
	}
}

func TestStatsTableBlocks(t *testing.T) {
	out := string(renderStats(t, statsEntries(), StatsOptions{Driver: true}, false))
	for _, want := range []string{
		"\n3: v0\n    bytes ",
		"\n4: br0\n",
		"\n    driver counters (ethtool -S): none\n13: eth0\n",
		"\n20: nostats\n    no kernel counters\n    driver counters (ethtool -S): none\n",
		"\n    driver counters (ethtool -S):\n        peer_ifindex ",
		`"tx_\"odd\"\tname\xff"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	// iproute2 prints compressed, otherhost only when not zero.
	if n := strings.Count(out, "compressed"); n != 1 {
		t.Errorf("compressed in %d blocks, want only eth0's", n)
	}
	lines := strings.Split(out, "\n")
	var v0 []string
	for i, l := range lines {
		if l == "3: v0" {
			for _, r := range lines[i+1:] {
				if !strings.HasPrefix(r, "    ") {
					break
				}
				v0 = append(v0, strings.Join(strings.Fields(r), " "))
			}
		}
	}
	want := []string{
		"bytes 144 90", "packets 2 1", "errors 0 0", "dropped 0 0", "multicast 0", "collisions 0",
		"length errors 0", "over errors 0", "crc errors 0", "frame errors 0", "fifo errors 0 0",
		"missed errors 0", "nohandler 0", "aborted errors 0", "carrier errors 0", "heartbeat errors 0",
		"window errors 0", "carrier changes 2",
		"driver counters (ethtool -S):", "peer_ifindex 2", "rx_queue_0_xdp_packets 0", "rx_queue_0_xdp_bytes 123456789",
	}
	if !reflect.DeepEqual(v0, want) {
		t.Errorf("v0 block\n got %q\nwant %q", v0, want)
	}
}

func TestAppendHuman(t *testing.T) {
	// Checked against iproute2 6.1's print_num, both run on the same
	// 200,000 values, and against `ip -s -h` (4699380 and 4690).
	tests := []struct {
		v    uint64
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1.00k"}, {1005, "1.00k"}, {1015, "1.01k"}, {2500, "2.50k"},
		{4690, "4.69k"}, {9999, "10.00k"}, {10050, "10.1k"}, {99999, "100.0k"}, {100500, "100k"},
		{999499, "999k"}, {999999, "1000k"}, {1000000, "1.00M"}, {4699380, "4.70M"},
		{1 << 40, "1.10T"}, {1e15, "1.00P"}, {1e18, "1.00E"}, {1<<64 - 1, "18.4E"},
	}
	for _, tt := range tests {
		if got := string(appendHuman(nil, tt.v)); got != tt.want {
			t.Errorf("appendHuman(%d) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

func TestStatsWriteError(t *testing.T) {
	for _, json := range []bool{false, true} {
		var err error
		if json {
			err = StatsJSON(&failWriter{}, statsEntries(), StatsOptions{})
		} else {
			err = StatsTable(&failWriter{}, statsEntries(), StatsOptions{})
		}
		if !errors.Is(err, errDiskFull) || !strings.Contains(err.Error(), "statistics") {
			t.Errorf("json %v: err = %v, want the writer's error with context", json, err)
		}
	}
}

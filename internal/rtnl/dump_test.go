package rtnl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Both ways of decoding a dump give the same entries and the same
// warnings, whatever is left out and whatever cannot be decoded.
func TestDumpDecoderWaysAgree(t *testing.T) {
	broken := append(linkPayload(3, "bad", 0), 0x40, 0, 3, 0) // an attribute claiming 64 bytes
	var datagram []byte
	for _, p := range [][]byte{
		linkPayload(1, "lo", 0), broken, {1, 2, 3}, linkPayload(0, "zero", 0),
		linkPayload(4, "skipped", 0), linkPayload(5, "v0", 0),
	} {
		datagram = append(datagram, message(unix.RTM_NEWLINK, netlink.Multi, 7, p)...)
	}
	// A message of another type is no reply.
	datagram = append(datagram, message(unix.RTM_NEWADDR, netlink.Multi, 7, v4addr(1, "192.0.2.1", 24))...)
	datagram = append(datagram, message(netlink.Done, netlink.Multi, 7, make([]byte, 4))...)
	decode := func(b []byte, l *Link) (bool, error) {
		if err := decodeLink(b, l, true); err != nil {
			return false, err
		}
		return l.Name != "skipped", nil
	}
	var got [2]string
	for i, streaming := range []bool{false, true} {
		d := dumpDecoder[Link]{reply: unix.RTM_NEWLINK, decode: decode, decided: true, streaming: streaming}
		done, err := walkDatagram(datagram, netlink.Header{Sequence: 7}, "", d.message)
		if !done || err != nil {
			t.Fatalf("walk: %v, %v", done, err)
		}
		if keep := d.datagram(datagram); keep == streaming {
			t.Errorf("streaming %v: datagram kept = %v", streaming, keep)
		}
		got[i] = fmt.Sprint(names(d.finish()), d.failed)
	}
	if got[0] != got[1] {
		t.Fatalf("keeping: %s\nstreaming: %s", got[0], got[1])
	}
	if !strings.HasPrefix(got[0], "[1:lo 5:v0] [left out reply 2") || strings.Count(got[0], "left out reply") != 3 {
		t.Errorf("got %s", got[0])
	}
}

// The way is chosen by the size of the first reply against the size of
// a decoded entry.
func TestDumpDecoderChoosesTheSmallerWay(t *testing.T) {
	// The kernel's link messages are about 1 KiB: counters, IPv4 and IPv6
	// settings (IFLA_AF_SPEC), which netaddr does not keep.
	link := ifinfo(1, 2, 0, str(unix.IFLA_IFNAME, "v0"), attr(unix.IFLA_STATS64, counters(25, 8)),
		attr(unix.IFLA_AF_SPEC, make([]byte, 800)))
	dl := dumpDecoder[Link]{reply: unix.RTM_NEWLINK, decode: func(b []byte, l *Link) (bool, error) {
		return true, decodeLink(b, l, false)
	}}
	if err := dl.message(unix.RTM_NEWLINK, netlink.Multi, link); err != nil || !dl.streaming {
		t.Errorf("a %d-byte link message: streaming %v, %v", len(link), dl.streaming, err)
	}
	if len(dl.out) != 1 || dl.out[0].Name != "v0" {
		t.Errorf("streamed %+v", dl.out)
	}
	addr := v4addr(2, "192.0.2.1", 24)
	da := dumpDecoder[Addr]{reply: unix.RTM_NEWADDR, decode: func(b []byte, a *Addr) (bool, error) {
		return true, decodeAddr(b, a)
	}}
	if err := da.message(unix.RTM_NEWADDR, netlink.Multi, addr); err != nil || da.streaming || da.count != 1 {
		t.Errorf("a %d-byte address message: streaming %v, count %d, %v", len(addr), da.streaming, da.count, err)
	}
	// Once interrupted, nothing more is decoded.
	dl.message(unix.RTM_NEWLINK, netlink.Multi|netlink.DumpInterrupted, link)
	dl.message(unix.RTM_NEWLINK, netlink.Multi, link)
	if len(dl.out) != 1 || !dl.interrupted {
		t.Errorf("after NLM_F_DUMP_INTR: %d entries, interrupted %v", len(dl.out), dl.interrupted)
	}
}

// Links come without counters when SkipLinkStats asks, although the
// kernel sends them anyway.
func TestSkipLinkStatsLeavesCountersOut(t *testing.T) {
	payload := ifinfo(1, 2, 0, str(unix.IFLA_IFNAME, "v0"), attr(unix.IFLA_STATS, counters(23, 4)),
		attr(unix.IFLA_STATS64, counters(25, 8)))
	for _, skip := range []bool{false, true} {
		var l Link
		if err := decodeLink(payload, &l, !skip); err != nil {
			t.Fatal(err)
		}
		if (l.Stats == nil) != skip {
			t.Errorf("skip %v: Stats = %+v", skip, l.Stats)
		}
	}
}

// A lookup by raw system calls finds what netlink.Conn.Execute finds,
// grows its buffer when the answer does not fit, reports a missing device
// as such, and leaves the socket in step for the next request.
func TestGetMatchesExecute(t *testing.T) {
	c, err := Dial(DialOptions{})
	if err != nil {
		t.Fatalf("no route netlink socket here: %v", err)
	}
	defer c.Close()
	c.SkipLinkStats(true) // counters move between two looks
	raw, err := c.LinkByName("lo")
	if err != nil {
		t.Fatal(err)
	}
	fast := c.raw
	c.raw = nil
	executed, err := c.LinkByName("lo")
	c.raw = fast
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", raw) != fmt.Sprintf("%+v", executed) {
		t.Fatalf("raw: %+v\nexecuted: %+v", raw, executed)
	}

	c.raw = &rawReader{rc: fast.rc, max: 64}
	small, err := c.LinkByIndex(raw.Index)
	if err != nil || small.Name != "lo" {
		t.Fatalf("with a 64-byte buffer: %+v, %v", small, err)
	}
	if c.raw.max <= 64 {
		t.Errorf("buffer not grown: max = %d", c.raw.max)
	}
	if _, err := c.LinkByName("netaddr-none0"); !IsNotExist(err) {
		t.Errorf("missing device: %v", err)
	}
	if links, err := c.Links(); err != nil || len(links) == 0 {
		t.Fatalf("next dump: %d links, %v", len(links), err)
	}
}

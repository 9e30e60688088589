package rtnl

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// attrTrace is what a walk over attributes saw, for comparing walkers: the
// attributes, or "error" alone. (mdlayher/netlink checks the framing of
// the whole buffer first; attrIter finds a fault when it gets there. Every
// caller drops what it read when the walk ends in an error, so the two
// agree where it matters.)
func attrTrace(b []byte) string {
	var out bytes.Buffer
	a := newAttrIter(b)
	for a.next() {
		fmt.Fprintf(&out, "%d=%x;", a.typ, a.val)
	}
	if a.err != nil {
		return "error"
	}
	return out.String()
}

// mdlayherTrace is attrTrace through mdlayher/netlink's decoder, which
// attrIter replaces and must agree with.
func mdlayherTrace(b []byte) string {
	var out bytes.Buffer
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return "error"
	}
	for ad.Next() {
		fmt.Fprintf(&out, "%d=%x;", ad.Type(), ad.Bytes())
	}
	if ad.Err() != nil {
		return "error"
	}
	return out.String()
}

func TestAttrIterAgreesWithMdlayher(t *testing.T) {
	good, _ := netlink.MarshalAttributes([]netlink.Attribute{
		{Type: 1, Data: []byte{1, 2, 3}},
		{Type: 2 | unix.NLA_F_NESTED, Data: []byte{9, 9, 9, 9}},
		{Type: 3, Data: nil},
	})
	for _, b := range [][]byte{
		nil,
		good,
		good[:len(good)-1],          // last attribute cut
		{0, 0, 5, 0},                // zero length: no value, next header
		{3, 0, 1, 0},                // shorter than its header
		{8, 0, 1, 0, 1, 2},          // longer than what is left
		{5, 0, 1, 0, 7, 0, 0},       // padding cut short at the end
		{5, 0, 1, 0, 7, 0, 0, 0, 1}, // stray byte after padding
	} {
		if got, want := attrTrace(b), mdlayherTrace(b); got != want {
			t.Errorf("% x: attrIter %q, mdlayher %q", b, got, want)
		}
	}
}

func FuzzAttrIter(f *testing.F) {
	good, _ := netlink.MarshalAttributes([]netlink.Attribute{
		{Type: unix.IFA_LABEL, Data: []byte("v0\x00")},
		{Type: unix.IFA_FLAGS, Data: []byte{0x80, 0, 0, 0}},
	})
	f.Add(good)
	f.Add([]byte{0, 0, 5, 0, 4, 0, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := attrTrace(b), mdlayherTrace(b); got != want {
			t.Fatalf("% x: attrIter %q, mdlayher %q", b, got, want)
		}
	})
}

// message builds one netlink message in the kernel's layout.
func message(typ netlink.HeaderType, flags netlink.HeaderFlags, seq uint32, data []byte) []byte {
	return appendMessage(nil, netlink.Message{
		Header: netlink.Header{Type: typ, Flags: flags, Sequence: seq, PID: 77},
		Data:   data,
	})
}

// errorPayload is an NLMSG_ERROR or NLMSG_DONE payload: errno, the echoed
// request header (NLMSG_ERROR only) and an extended-ack message.
func errorPayload(errno unix.Errno, echo []byte, msg string) []byte {
	b := binary.NativeEndian.AppendUint32(nil, uint32(-int32(errno)))
	b = append(b, echo...)
	if msg != "" {
		ab, _ := netlink.MarshalAttributes([]netlink.Attribute{{Type: unix.NLMSGERR_ATTR_MSG, Data: []byte(msg + "\x00")}})
		b = append(b, ab...)
	}
	return b
}

func TestWalkDatagram(t *testing.T) {
	sent := netlink.Header{Sequence: 5, PID: 77}
	req := message(unix.RTM_GETADDR, netlink.Request|netlink.Dump, 5, make([]byte, 8))
	addr := v4addr(2, "192.0.2.1", 24)
	tests := []struct {
		name      string
		datagram  []byte
		wantTypes string
		wantDone  bool
		wantErr   string
		wantErrno unix.Errno
	}{
		{name: "two replies then done",
			datagram: cat(message(unix.RTM_NEWADDR, netlink.Multi, 5, addr),
				message(unix.RTM_NEWADDR, netlink.Multi, 5, addr),
				message(netlink.Done, netlink.Multi, 5, make([]byte, 4))),
			wantTypes: "20/2 20/2 3/2 ", wantDone: true},
		{name: "no done yet",
			datagram:  message(unix.RTM_NEWADDR, netlink.Multi, 5, addr),
			wantTypes: "20/2 "},
		{name: "interrupted flag on done only",
			datagram:  message(netlink.Done, netlink.Multi|netlink.DumpInterrupted, 5, make([]byte, 4)),
			wantTypes: "3/12 ", wantDone: true},
		{name: "bare done", datagram: message(netlink.Done, netlink.Multi, 5, nil),
			wantTypes: "3/2 ", wantDone: true},
		{name: "error in done with message",
			datagram: message(netlink.Done, netlink.Multi|netlink.AcknowledgeTLVs, 5,
				errorPayload(unix.EINVAL, nil, "Invalid values in header for address dump request")),
			wantTypes: "3/202 ", wantDone: true,
			wantErr: "dump: Invalid values in header for address dump request", wantErrno: unix.EINVAL},
		{name: "error, capped echo, message",
			datagram: message(netlink.Error, netlink.Capped|netlink.AcknowledgeTLVs, 5,
				errorPayload(unix.EPERM, req[:16], "denied")),
			wantErr: "dump: denied", wantErrno: unix.EPERM},
		{name: "error, whole request echoed, message",
			datagram: message(netlink.Error, netlink.AcknowledgeTLVs, 5,
				errorPayload(unix.ENODEV, req, "no such device here")),
			wantErr: "dump: no such device here", wantErrno: unix.ENODEV},
		{name: "error without message",
			datagram: message(netlink.Error, 0, 5, errorPayload(unix.ENOBUFS, req, "")),
			wantErr:  "dump: no buffer space available", wantErrno: unix.ENOBUFS},
		{name: "ack (errno 0) is not an error",
			datagram: message(netlink.Error, 0, 5, errorPayload(0, req, "")), wantTypes: ""},
		{name: "another request's reply",
			datagram: message(unix.RTM_NEWADDR, netlink.Multi, 4, addr),
			wantErr:  "dump: " + errWrongReply.Error()},
		{name: "header cut", datagram: message(unix.RTM_NEWADDR, 0, 5, addr)[:10],
			wantErr: "dump: " + errBadMessage.Error()},
		{name: "length beyond datagram", datagram: message(unix.RTM_NEWADDR, 0, 5, addr)[:30],
			wantErr: "dump: " + errBadMessage.Error()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var types bytes.Buffer
			done, err := walkDatagram(tc.datagram, sent, "dump", func(typ netlink.HeaderType, flags netlink.HeaderFlags, data []byte) error {
				fmt.Fprintf(&types, "%d/%x ", typ, uint16(flags))
				return nil
			})
			if types.String() != tc.wantTypes {
				t.Errorf("messages %q, want %q", types.String(), tc.wantTypes)
			}
			if done != tc.wantDone {
				t.Errorf("done = %v, want %v", done, tc.wantDone)
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err == nil || err.Error() != tc.wantErr {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			if tc.wantErrno != 0 && !errors.Is(err, tc.wantErrno) {
				t.Errorf("err %v is not errno %v", err, tc.wantErrno)
			}
		})
	}
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// FuzzWalkDatagram feeds arbitrary datagrams to the reader of kernel
// replies: it must never panic, and messages must yield exactly what
// walkDatagram handed over for a datagram it accepted.
func FuzzWalkDatagram(f *testing.F) {
	addr := v4addr(2, "192.0.2.1", 24)
	f.Add(cat(message(unix.RTM_NEWADDR, netlink.Multi, 1, addr), message(netlink.Done, netlink.Multi, 1, make([]byte, 4))))
	f.Add(message(netlink.Error, netlink.AcknowledgeTLVs, 1, errorPayload(unix.EINVAL, make([]byte, 16), "bad")))
	f.Add(message(netlink.Done, netlink.Multi|netlink.AcknowledgeTLVs, 1, errorPayload(unix.EINVAL, nil, "bad")))
	f.Fuzz(func(t *testing.T, b []byte) {
		var walked bytes.Buffer
		done, err := walkDatagram(b, netlink.Header{Sequence: 1}, "dump", func(typ netlink.HeaderType, _ netlink.HeaderFlags, data []byte) error {
			if typ != netlink.Done {
				fmt.Fprintf(&walked, "%d:%x;", typ, data)
			}
			return nil
		})
		if err != nil || done {
			return
		}
		var yielded bytes.Buffer
		for typ, data := range messages(b) {
			if typ == netlink.Error || typ == netlink.Noop || typ == netlink.Overrun {
				continue
			}
			fmt.Fprintf(&yielded, "%d:%x;", typ, data)
		}
		if walked.String() != yielded.String() {
			t.Fatalf("walkDatagram saw %q, messages yields %q", walked.String(), yielded.String())
		}
	})
}

// TestRawDumpMatchesCopiedDump reads the links of the test's own network
// namespace (nothing is changed) once through the raw reader and once
// through mdlayher/netlink's receive, and once more with a receive buffer
// smaller than any link message, which must be noticed, grown and
// retried rather than truncate the dump.
func TestRawDumpMatchesCopiedDump(t *testing.T) {
	c, err := Dial(DialOptions{})
	if err != nil {
		t.Fatalf("no route netlink socket here: %v", err)
	}
	defer c.Close()
	if c.raw == nil {
		t.Fatal("a kernel socket without a raw reader")
	}
	raw, err := c.Links()
	if err != nil {
		t.Fatal(err)
	}

	fast := c.raw
	c.raw = nil
	copied, err := c.Links()
	if err != nil {
		t.Fatal(err)
	}
	c.raw = fast
	if fmt.Sprint(names(raw)) != fmt.Sprint(names(copied)) {
		t.Fatalf("raw reader saw %v, mdlayher/netlink %v", names(raw), names(copied))
	}

	c.raw = &rawReader{rc: fast.rc, max: 64}
	var traced []string
	c.SetTrace(func(msg string) { traced = append(traced, msg) })
	small, err := c.Links()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(names(small)) != fmt.Sprint(names(raw)) {
		t.Fatalf("after a truncated datagram: %v, want %v", names(small), names(raw))
	}
	if c.raw.max <= 64 {
		t.Errorf("buffer not grown: max = %d", c.raw.max)
	}
	// The socket is still in step: another dump works.
	if again, err := c.Links(); err != nil || len(again) != len(raw) {
		t.Fatalf("next dump: %d links, %v", len(again), err)
	}
}

func names(links []Link) []string {
	var out []string
	for _, l := range links {
		out = append(out, fmt.Sprintf("%d:%s", l.Index, l.Name))
	}
	return out
}

func BenchmarkDecodeAddr(b *testing.B) {
	payload := v4addr(2, "192.0.2.1", 24)
	b.ReportAllocs()
	var a Addr
	for b.Loop() {
		if err := decodeAddr(payload, &a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWalkDatagram walks a 32 KiB datagram of address messages, as
// the kernel sends a dump.
func BenchmarkWalkDatagram(b *testing.B) {
	var datagram []byte
	msg := message(unix.RTM_NEWADDR, netlink.Multi, 1, v4addr(2, "192.0.2.1", 24))
	for len(datagram)+len(msg) <= 32<<10 {
		datagram = append(datagram, msg...)
	}
	sent := netlink.Header{Sequence: 1, PID: 77}
	b.SetBytes(int64(len(datagram)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if _, err := walkDatagram(datagram, sent, "dump", func(netlink.HeaderType, netlink.HeaderFlags, []byte) error {
			n++
			return nil
		}); err != nil || n == 0 {
			b.Fatal(err, n)
		}
	}
}

package cli

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"github.com/netaddr/netaddr/internal/rtnl"
	"golang.org/x/sys/unix"
)

// kernelLink and kernelAddr build the payloads the kernel sends.
func kernelLink(index int32, name string) []byte {
	b := make([]byte, unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(b[4:8], uint32(index))
	attrs, _ := netlink.MarshalAttributes([]netlink.Attribute{{Type: unix.IFLA_IFNAME, Data: []byte(name + "\x00")}})
	return append(b, attrs...)
}

func kernelAddr(index uint32, a [4]byte) []byte {
	b := make([]byte, unix.SizeofIfAddrmsg)
	b[0], b[1] = unix.AF_INET, 24
	binary.NativeEndian.PutUint32(b[4:8], index)
	attrs, _ := netlink.MarshalAttributes([]netlink.Attribute{{Type: unix.IFA_LOCAL, Data: a[:]}, {Type: unix.IFA_ADDRESS, Data: a[:]}})
	return append(b, attrs...)
}

func dumpReply(req netlink.Message, typ netlink.HeaderType, payloads ...[]byte) []netlink.Message {
	var out []netlink.Message
	for _, p := range payloads {
		out = append(out, netlink.Message{Header: netlink.Header{Type: typ, Flags: netlink.Multi, Sequence: req.Header.Sequence, PID: req.Header.PID}, Data: p})
	}
	return append(out, netlink.Message{Header: netlink.Header{Type: netlink.Done, Flags: netlink.Multi, Sequence: req.Header.Sequence, PID: req.Header.PID}, Data: make([]byte, 4)})
}

// The all-devices address view (get_interfaces_with_addresses) costs one
// link dump and one address dump, however many devices there are: counted
// at the adapter's connection, driven through the real rtnl.Conn.
func TestAddrShowAllDevicesSendsTwoDumps(t *testing.T) {
	const devices = 50
	var links, addrs [][]byte
	for i := int32(1); i <= devices; i++ {
		links = append(links, kernelLink(i, "d"+strings.Repeat("x", int(i%5))+string(rune('a'+i%26))))
		addrs = append(addrs, kernelAddr(uint32(i), [4]byte{192, 0, 2, byte(i)}))
	}
	var sent []netlink.Header
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		req := reqs[0]
		sent = append(sent, req.Header)
		switch req.Header.Type {
		case unix.RTM_GETLINK:
			return dumpReply(req, unix.RTM_NEWLINK, links...), nil
		case unix.RTM_GETADDR:
			return dumpReply(req, unix.RTM_NEWADDR, addrs...), nil
		}
		t.Fatalf("unexpected request %v", req.Header)
		return nil, nil
	})
	conn := rtnl.NewConn(nl, true)
	for _, line := range []string{"addr show", "--json addr show"} {
		sent = sent[:0]
		before := conn.Requests()
		var out, errOut bytes.Buffer
		status := Run(strings.Fields(line), IO{In: strings.NewReader(""), Out: &out, Err: &errOut},
			func(string) (rtnl.Client, error) { return conn, nil })
		if status != ExitOK {
			t.Fatalf("%s: status %d: %s", line, status, errOut.String())
		}
		if got := conn.Requests() - before; got != 2 {
			t.Errorf("%s: %d requests, want 2", line, got)
		}
		if len(sent) != 2 || sent[0].Flags&netlink.Dump == 0 || sent[1].Flags&netlink.Dump == 0 ||
			sent[0].Type != unix.RTM_GETLINK || sent[1].Type != unix.RTM_GETADDR {
			t.Errorf("%s: sent %+v, want one link dump and one address dump", line, sent)
		}
		if n := strings.Count(out.String(), "192.0.2."); n != devices {
			t.Errorf("%s: %d addresses shown, want %d", line, n, devices)
		}
	}
}

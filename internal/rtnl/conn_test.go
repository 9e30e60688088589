package rtnl

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"golang.org/x/sys/unix"
)

func linkPayload(index int32, name string, flags uint32) []byte {
	b := make([]byte, unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(b[4:8], uint32(index))
	binary.NativeEndian.PutUint32(b[8:12], flags)
	ab, err := netlink.MarshalAttributes([]netlink.Attribute{
		{Type: unix.IFLA_IFNAME, Data: []byte(name + "\x00")},
		{Type: unix.IFLA_MTU, Data: u32(1500)},
		// A stats64 of an unexpected size must not break the decode.
		{Type: unix.IFLA_STATS64, Data: make([]byte, 13)},
	})
	if err != nil {
		panic(err)
	}
	return append(b, ab...)
}

func v4addr(index uint32, a string, plen uint8) []byte {
	ip := netip.MustParseAddr(a).As4()
	return addrPayload(unix.AF_INET, plen, 0, 0, index, []netlink.Attribute{
		{Type: unix.IFA_ADDRESS, Data: ip[:]}, {Type: unix.IFA_LOCAL, Data: ip[:]},
	})
}

// reply answers req with the given payloads as one multi-part dump.
func reply(req netlink.Message, typ netlink.HeaderType, flags netlink.HeaderFlags, payloads ...[]byte) []netlink.Message {
	var out []netlink.Message
	for _, p := range payloads {
		out = append(out, netlink.Message{
			Header: netlink.Header{Type: typ, Flags: netlink.Multi | flags, Sequence: req.Header.Sequence, PID: req.Header.PID},
			Data:   p,
		})
	}
	return append(out, netlink.Message{
		Header: netlink.Header{Type: netlink.Done, Flags: netlink.Multi, Sequence: req.Header.Sequence, PID: req.Header.PID},
		Data:   make([]byte, 4),
	})
}

func TestLinksSkipsNothingOnOddStats(t *testing.T) {
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		return reply(reqs[0], unix.RTM_NEWLINK, 0, linkPayload(1, "lo", 0), linkPayload(2, "v0", 0)), nil
	})
	links, err := NewConn(nl, true).Links()
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 2 || links[1].Name != "v0" || links[1].Index != 2 || links[1].MTU != 1500 {
		t.Fatalf("links = %+v", links)
	}
}

func TestAddrsStrictFiltersInKernelRequest(t *testing.T) {
	var sent []byte
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		sent = reqs[0].Data
		if reqs[0].Header.Flags&netlink.Dump == 0 {
			t.Error("address list is not a dump request")
		}
		return reply(reqs[0], unix.RTM_NEWADDR, 0, v4addr(4, "192.0.2.1", 24)), nil
	})
	addrs, err := NewConn(nl, true).Addrs(AddrFilter{Family: FamilyV4, Index: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(sent) != sizeofIfAddrmsg {
		t.Errorf("strict dump request carries %d bytes, want a bare ifaddrmsg", len(sent))
	}
	if sent[0] != unix.AF_INET || binary.NativeEndian.Uint32(sent[4:8]) != 4 {
		t.Errorf("request header = % x, want family AF_INET and index 4", sent)
	}
	if len(addrs) != 1 || addrs[0].Local != netip.MustParsePrefix("192.0.2.1/24") {
		t.Errorf("addrs = %+v", addrs)
	}
}

// Without strict checking the kernel ignores the index and sends every
// address: the filter must then be applied here.
func TestAddrsFallbackFiltersInUserspace(t *testing.T) {
	var sent []byte
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		sent = reqs[0].Data
		return reply(reqs[0], unix.RTM_NEWADDR, 0,
			v4addr(3, "192.0.2.1", 24), v4addr(4, "192.0.2.2", 24), v4addr(5, "192.0.2.3", 24)), nil
	})
	addrs, err := NewConn(nl, false).Addrs(AddrFilter{Index: 4})
	if err != nil {
		t.Fatal(err)
	}
	if binary.NativeEndian.Uint32(sent[4:8]) != 0 {
		t.Errorf("non-strict request sets an index: % x", sent)
	}
	if len(addrs) != 1 || addrs[0].Index != 4 {
		t.Fatalf("addrs = %+v, want only index 4", addrs)
	}
}

func TestDumpRetriesWhenInterrupted(t *testing.T) {
	calls := 0
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		if reqs[0].Header.Type != unix.RTM_GETADDR {
			return nil, nil
		}
		calls++
		if calls < 3 {
			return reply(reqs[0], unix.RTM_NEWADDR, netlink.DumpInterrupted, v4addr(2, "192.0.2.9", 24)), nil
		}
		return reply(reqs[0], unix.RTM_NEWADDR, 0, v4addr(2, "192.0.2.1", 24), v4addr(2, "192.0.2.2", 24)), nil
	})
	c := NewConn(nl, true)
	var traced []string
	c.SetTrace(func(msg string) { traced = append(traced, msg) })
	addrs, err := c.Addrs(AddrFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 3 {
		t.Errorf("dumped %d times, want 3", calls)
	}
	want := []string{
		"dump addresses: interrupted by concurrent changes (NLM_F_DUMP_INTR), attempt 1 of 8",
		"dump addresses: interrupted by concurrent changes (NLM_F_DUMP_INTR), attempt 2 of 8",
	}
	if fmt.Sprint(traced) != fmt.Sprint(want) {
		t.Errorf("traced %q, want %q", traced, want)
	}
	if len(addrs) != 2 || addrs[0].Local.Addr().String() != "192.0.2.1" {
		t.Errorf("addrs = %+v: partial results of interrupted dumps leaked", addrs)
	}
}

func TestDumpGivesUpWhenAlwaysInterrupted(t *testing.T) {
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		return reply(reqs[0], unix.RTM_NEWADDR, netlink.DumpInterrupted, v4addr(2, "192.0.2.1", 24)), nil
	})
	_, err := NewConn(nl, true).Addrs(AddrFilter{})
	if !errors.Is(err, ErrInconsistent) {
		t.Fatalf("err = %v, want ErrInconsistent", err)
	}
}

// kernelError answers a request with an NLMSG_ERROR carrying errno and,
// like a kernel with extended acks, a message.
func kernelError(req netlink.Message, errno unix.Errno, msg string) []netlink.Message {
	data := binary.NativeEndian.AppendUint32(nil, uint32(-int32(errno)))
	// The request's header only (NLM_F_CAPPED), its length saying so.
	hdr := make([]byte, 16)
	binary.NativeEndian.PutUint32(hdr[0:4], 16)
	binary.NativeEndian.PutUint16(hdr[4:6], uint16(req.Header.Type))
	data = append(data, hdr...)
	if msg != "" {
		ab, _ := netlink.MarshalAttributes([]netlink.Attribute{{Type: unix.NLMSGERR_ATTR_MSG, Data: []byte(msg + "\x00")}})
		data = append(data, ab...)
	}
	flags := netlink.HeaderFlags(0)
	if msg != "" {
		flags = netlink.HeaderFlags(unix.NLM_F_CAPPED | unix.NLM_F_ACK_TLVS)
	}
	return []netlink.Message{{
		Header: netlink.Header{Type: netlink.Error, Flags: flags, Sequence: req.Header.Sequence, PID: req.Header.PID},
		Data:   data,
	}}
}

func TestAddAddrKernelRefusalKeepsMessage(t *testing.T) {
	var flags netlink.HeaderFlags
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		flags = reqs[0].Header.Flags
		return kernelError(reqs[0], unix.EEXIST, "ipv4: Address already assigned"), nil
	})
	err := NewConn(nl, true).AddAddr(Addr{Index: 2, Local: netip.MustParsePrefix("192.0.2.1/24")})
	if !IsExist(err) {
		t.Fatalf("err = %v, want EEXIST", err)
	}
	if !strings.Contains(err.Error(), "ipv4: Address already assigned") {
		t.Errorf("err = %q, want the kernel's message", err)
	}
	want := netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Excl
	if flags != want {
		t.Errorf("add flags = %v, want %v", flags, want)
	}
}

func TestPermissionError(t *testing.T) {
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		return kernelError(reqs[0], unix.EPERM, ""), nil
	})
	err := NewConn(nl, true).DelAddr(Addr{Index: 2, Local: netip.MustParsePrefix("192.0.2.1/24")})
	if !IsPermission(err) || err.Error() != "operation not permitted" {
		t.Fatalf("err = %v, want a permission error", err)
	}
}

func TestReplaceFlags(t *testing.T) {
	var flags netlink.HeaderFlags
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		flags = reqs[0].Header.Flags
		return nltest.Error(0, reqs)
	})
	if err := NewConn(nl, true).ReplaceAddr(Addr{Family: FamilyV6, Index: 2, Local: netip.MustParsePrefix("2001:db8::1/64")}, FieldFlags); err != nil {
		t.Fatal(err)
	}
	if want := netlink.Request | netlink.Acknowledge | netlink.Create | netlink.Replace; flags != want {
		t.Errorf("replace flags = %v, want %v", flags, want)
	}
}

// change must look first and send nothing when the address is missing: the
// kernel would create it.
func TestChangeMissingAddressSendsNoChange(t *testing.T) {
	var types []netlink.HeaderType
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		types = append(types, reqs[0].Header.Type)
		if reqs[0].Header.Type == unix.RTM_GETADDR {
			return reply(reqs[0], unix.RTM_NEWADDR, 0, v4addr(2, "192.0.2.1", 16)), nil
		}
		return nltest.Error(0, reqs)
	})
	c := NewConn(nl, true)
	err := c.ChangeAddr(Addr{Family: FamilyV4, Index: 2, Local: netip.MustParsePrefix("192.0.2.1/24")}, 0)
	if !IsNotExist(err) {
		t.Fatalf("err = %v, want not exist", err)
	}
	for _, typ := range types {
		if typ == unix.RTM_NEWADDR {
			t.Fatal("change sent RTM_NEWADDR for a missing address")
		}
	}
	types = nil
	if err := c.ChangeAddr(Addr{Family: FamilyV4, Index: 2, Local: netip.MustParsePrefix("192.0.2.1/16"), Valid: 9, Preferred: 9}, 0); err != nil {
		t.Fatal(err)
	}
	if len(types) != 2 || types[1] != unix.RTM_NEWADDR {
		t.Errorf("requests = %v, want a dump then RTM_NEWADDR", types)
	}
}

func TestLinkByNameNotExist(t *testing.T) {
	var sent []byte
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		sent = reqs[0].Data
		return kernelError(reqs[0], unix.ENODEV, ""), nil
	})
	_, err := NewConn(nl, true).LinkByName("nosuch")
	if !IsNotExist(err) || !strings.Contains(err.Error(), `device "nosuch" does not exist`) {
		t.Fatalf("err = %v", err)
	}
	as, err := netlink.UnmarshalAttributes(sent[unix.SizeofIfInfomsg:])
	if err != nil || len(as) != 2 || as[0].Type != unix.IFLA_IFNAME || string(as[0].Data) != "nosuch\x00" ||
		as[1].Type != unix.IFLA_EXT_MASK {
		t.Errorf("request attributes = %v, %v", as, err)
	}
}

func TestSameAddr(t *testing.T) {
	mk := func(p, peer string) *Addr {
		a := &Addr{Index: 1, Local: netip.MustParsePrefix(p)}
		if peer != "" {
			a.Peer = netip.MustParseAddr(peer)
		}
		return a
	}
	tests := []struct {
		x, y *Addr
		want bool
	}{
		{mk("192.0.2.1/24", ""), mk("192.0.2.1/24", ""), true},
		{mk("192.0.2.1/24", ""), mk("192.0.2.1/16", ""), false}, // IPv4 identity includes the length
		{mk("2001:db8::1/64", ""), mk("2001:db8::1/48", ""), true},
		{mk("192.0.2.1/32", "192.0.2.2"), mk("192.0.2.1/32", "192.0.2.3"), false},
		{mk("192.0.2.1/24", ""), mk("192.0.2.2/24", ""), false},
	}
	for _, tt := range tests {
		if got := SameAddr(tt.x, tt.y); got != tt.want {
			t.Errorf("SameAddr(%v, %v) = %v", tt.x.Local, tt.y.Local, got)
		}
	}
}

// The kernel keeps an existing IPv4 address's scope, label, broadcast and
// flags whatever a replace asks: asking for other values is refused before
// anything is sent, and what was not asked for is not compared.
func TestChangeIPv4RefusesWhatTheKernelKeeps(t *testing.T) {
	existing := addrPayload(unix.AF_INET, 24, 0, 0, 2, []netlink.Attribute{
		{Type: unix.IFA_ADDRESS, Data: []byte{192, 0, 2, 1}},
		{Type: unix.IFA_LOCAL, Data: []byte{192, 0, 2, 1}},
		{Type: unix.IFA_LABEL, Data: []byte("v0\x00")},
		{Type: unix.IFA_FLAGS, Data: u32(FlagPermanent)},
	})
	var sentNew int
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		if reqs[0].Header.Type == unix.RTM_GETADDR {
			return reply(reqs[0], unix.RTM_NEWADDR, 0, existing), nil
		}
		sentNew++
		return nltest.Error(0, reqs)
	})
	c := NewConn(nl, true)
	base := Addr{Family: FamilyV4, Index: 2, Local: netip.MustParsePrefix("192.0.2.1/24"), Label: "v0", Valid: 50, Preferred: 50}
	refused := []struct {
		name  string
		edit  func(a *Addr)
		given Fields
	}{
		{"scope", func(a *Addr) { a.Scope = ScopeLink }, FieldScope},
		{"label", func(a *Addr) { a.Label = "v0:x" }, FieldLabel},
		{"broadcast", func(a *Addr) { a.Broadcast = netip.MustParseAddr("192.0.2.255") }, FieldBroadcast},
		{"flags", func(a *Addr) { a.Flags = FlagNoPrefixRoute }, FieldFlags},
	}
	for _, r := range refused {
		a := base
		r.edit(&a)
		for name, call := range map[string]func(Addr, Fields) error{"change": c.ChangeAddr, "replace": c.ReplaceAddr} {
			err := call(a, r.given)
			if err == nil || !strings.Contains(err.Error(), "cannot change the "+r.name) {
				t.Errorf("%s of %s: err = %v", name, r.name, err)
			}
			// Not asked for: kept, as the kernel keeps it.
			if err := call(a, 0); err != nil {
				t.Errorf("%s with %s not given: %v", name, r.name, err)
			}
		}
	}
	if sentNew != 2*len(refused) {
		t.Errorf("sent %d RTM_NEWADDR, want %d: refused changes must send nothing", sentNew, 2*len(refused))
	}
}

// The link dump asks for stats (no RTEXT_FILTER_SKIP_STATS) and nothing
// that strict checking refuses in a dump: a clean header and IFLA_EXT_MASK.
func TestLinksRequest(t *testing.T) {
	var req netlink.Message
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		req = reqs[0]
		return reply(reqs[0], unix.RTM_NEWLINK, 0), nil
	})
	if _, err := NewConn(nl, true).Links(); err != nil {
		t.Fatal(err)
	}
	if req.Header.Type != unix.RTM_GETLINK || req.Header.Flags != netlink.Request|netlink.Dump {
		t.Errorf("header = %+v, want an RTM_GETLINK dump", req.Header)
	}
	want := make([]byte, unix.SizeofIfInfomsg)
	want = append(want, 8, 0, unix.IFLA_EXT_MASK, 0) // nlattr: length 8, type
	want = binary.NativeEndian.AppendUint32(want, 0) // RTEXT_FILTER_*: none
	if !bytes.Equal(req.Data, want) {
		t.Errorf("request = % x\nwant      % x", req.Data, want)
	}
}

func TestLinkByLongNameAsksForAltName(t *testing.T) {
	var sent []byte
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		sent = reqs[0].Data
		return []netlink.Message{{
			Header: netlink.Header{Type: unix.RTM_NEWLINK, Sequence: reqs[0].Header.Sequence, PID: reqs[0].Header.PID},
			Data:   linkPayload(3, "v0", 0),
		}}, nil
	})
	l, err := NewConn(nl, true).LinkByName("uplink-with-a-long-name")
	if err != nil || l.Name != "v0" {
		t.Fatalf("link = %+v, %v", l, err)
	}
	as, err := netlink.UnmarshalAttributes(sent[unix.SizeofIfInfomsg:])
	if err != nil || len(as) != 2 || as[0].Type != unix.IFLA_ALT_IFNAME || string(as[0].Data) != "uplink-with-a-long-name\x00" {
		t.Errorf("request attributes = %v, %v", as, err)
	}
}

// One message that cannot be decoded must not hide the others (DESIGN
// fact 12): it is left out and reported.
func TestLinksSkipsUndecodableLink(t *testing.T) {
	broken := linkPayload(3, "bad", 0)
	broken = append(broken, 0x40, 0, 3, 0) // an attribute claiming 64 bytes
	calls := 0
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		calls++
		flags := netlink.HeaderFlags(0)
		if calls == 1 {
			flags = netlink.DumpInterrupted
		}
		return reply(reqs[0], unix.RTM_NEWLINK, flags,
			linkPayload(1, "lo", 0), broken, []byte{1, 2, 3}, linkPayload(0, "zero", 0), linkPayload(4, "v0", 0)), nil
	})
	c := NewConn(nl, true)
	var warnings []string
	c.SetWarn(func(err error) { warnings = append(warnings, err.Error()) })
	links, err := c.Links()
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 2 || links[0].Name != "lo" || links[1].Name != "v0" {
		t.Errorf("links = %+v, want lo and v0", links)
	}
	// Once each, although the first, interrupted dump saw them too.
	if len(warnings) != 3 {
		t.Fatalf("warnings = %q, want one per bad message", warnings)
	}
	for _, w := range warnings {
		if !strings.HasPrefix(w, "dump links: left out reply ") {
			t.Errorf("warning %q", w)
		}
	}
	if !strings.Contains(warnings[0], "reply 2") || !strings.Contains(warnings[0], "link 3") {
		t.Errorf("warning %q does not say which message", warnings[0])
	}
}

// An AF_UNSPEC address dump also brings families netaddr does not model.
func TestAddrsLeavesOutOtherFamilies(t *testing.T) {
	mctp := addrPayload(unix.AF_MCTP, 0, 0, 0, 2, []netlink.Attribute{{Type: unix.IFA_LOCAL, Data: []byte{8}}})
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		return reply(reqs[0], unix.RTM_NEWADDR, 0, mctp, v4addr(2, "192.0.2.1", 24)), nil
	})
	c := NewConn(nl, true)
	c.SetWarn(func(err error) { t.Errorf("warned: %v", err) })
	addrs, err := c.Addrs(AddrFilter{})
	if err != nil || len(addrs) != 1 {
		t.Fatalf("addrs = %+v, %v", addrs, err)
	}
}

func TestRequestsCountsWhatIsSent(t *testing.T) {
	interrupt := 1
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		switch reqs[0].Header.Type {
		case unix.RTM_GETLINK:
			return reply(reqs[0], unix.RTM_NEWLINK, 0, linkPayload(1, "lo", 0)), nil
		case unix.RTM_GETADDR:
			flags := netlink.HeaderFlags(0)
			if interrupt > 0 {
				interrupt--
				flags = netlink.DumpInterrupted
			}
			return reply(reqs[0], unix.RTM_NEWADDR, flags, v4addr(2, "192.0.2.1", 24)), nil
		}
		return nltest.Error(0, reqs)
	})
	c := NewConn(nl, true)
	steps := []struct {
		what string
		do   func() error
		want int
	}{
		{"nothing yet", func() error { return nil }, 0},
		{"a link dump", func() error { _, err := c.Links(); return err }, 1},
		{"an address dump retried once", func() error { _, err := c.Addrs(AddrFilter{}); return err }, 3},
		{"an add", func() error {
			return c.AddAddr(Addr{Family: FamilyV4, Index: 2, Local: netip.MustParsePrefix("192.0.2.7/24")})
		}, 4},
		{"a change: look, then send", func() error {
			return c.ChangeAddr(Addr{Family: FamilyV4, Index: 2, Local: netip.MustParsePrefix("192.0.2.1/24"), Valid: 9, Preferred: 9}, 0)
		}, 6},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.what, err)
		}
		if got := c.Requests(); got != s.want {
			t.Errorf("after %s: Requests() = %d, want %d", s.what, got, s.want)
		}
	}
}

// A missing capability is EPERM without a reason; an EPERM with the
// kernel's reason (IPv6 disabled on the device) is a refusal, not a
// permission error, so that it is not answered with a CAP_NET_ADMIN hint.
func TestIsPermissionNeedsNoReason(t *testing.T) {
	if !IsPermission(&Error{Err: unix.EPERM}) || !IsPermission(&Error{Err: unix.EACCES}) {
		t.Error("a bare EPERM/EACCES is not a permission error")
	}
	if IsPermission(&Error{Err: unix.EPERM, Message: "ipv6: IPv6 is disabled on this device"}) {
		t.Error("an EPERM with a reason counted as a permission error")
	}
	if IsPermission(&Error{Err: unix.EEXIST}) {
		t.Error("EEXIST counted as a permission error")
	}
}

func TestSkipLinkStatsAsksTheKernel(t *testing.T) {
	for _, skip := range []bool{false, true} {
		var mask uint32 = 99
		nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
			ad := newAttrIter(reqs[0].Data[unix.SizeofIfInfomsg:])
			for ad.next() {
				if ad.typ == unix.IFLA_EXT_MASK {
					mask = binary.NativeEndian.Uint32(ad.val)
				}
			}
			return reply(reqs[0], unix.RTM_NEWLINK, 0, linkPayload(1, "lo", 0)), nil
		})
		c := NewConn(nl, true)
		c.SkipLinkStats(skip)
		if _, err := c.Links(); err != nil {
			t.Fatal(err)
		}
		want := uint32(0)
		if skip {
			want = 1 << 3
		}
		if mask != want {
			t.Errorf("SkipLinkStats(%v): IFLA_EXT_MASK %d, want %d", skip, mask, want)
		}
	}
}

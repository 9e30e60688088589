package rtnl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"golang.org/x/sys/unix"
)

// fakeEthtool answers SIOCETHTOOL requests like the kernel: it writes as
// many names and counters as the device has now, whatever the request's
// count, and fails with EFAULT where that runs past the buffer.
type fakeEthtool struct {
	t       *testing.T
	devices map[string][]DriverStat
	errno   map[string]unix.Errno // returned for any request on the device
	noSet   map[string]bool       // driver without the ETH_SS_STATS set
	// grow, when set, is called before each request and may change the
	// devices, as a driver adding queues between two ioctls would.
	grow func(cmd uint32)
	cmds []uint32
}

func (f *fakeEthtool) ioctl(req []byte) error {
	name := cString(req[:unix.IFNAMSIZ])
	if p := *(*uintptr)(unsafe.Pointer(&req[unix.IFNAMSIZ])); p != uintptr(unsafe.Pointer(&req[cmdOffset])) {
		f.t.Fatalf("ifr_data = %#x, want the command at offset %d", p, cmdOffset)
	}
	cmd := req[cmdOffset:]
	op := binary.NativeEndian.Uint32(cmd)
	f.cmds = append(f.cmds, op)
	if f.grow != nil {
		f.grow(op)
	}
	if e := f.errno[name]; e != 0 {
		return e
	}
	stats, ok := f.devices[name]
	if !ok {
		return unix.ENODEV
	}
	n := uint32(len(stats))
	switch op {
	case unix.ETHTOOL_GSSET_INFO:
		mask := binary.NativeEndian.Uint64(cmd[8:16])
		if f.noSet[name] {
			binary.NativeEndian.PutUint64(cmd[8:16], 0)
			return nil
		}
		if mask != 1<<ethSSStats {
			f.t.Fatalf("sset mask %#x", mask)
		}
		binary.NativeEndian.PutUint32(cmd[16:20], n)
	case unix.ETHTOOL_GSTRINGS:
		if f.noSet[name] {
			return unix.EOPNOTSUPP
		}
		binary.NativeEndian.PutUint32(cmd[8:12], n)
		for i, s := range stats {
			off := 12 + ethGStringLen*i
			if off+ethGStringLen > len(cmd) {
				return unix.EFAULT
			}
			clear(cmd[off : off+ethGStringLen])
			copy(cmd[off:off+ethGStringLen], s.Name)
		}
	case unix.ETHTOOL_GSTATS:
		if f.noSet[name] {
			return unix.EOPNOTSUPP
		}
		binary.NativeEndian.PutUint32(cmd[4:8], n)
		for i, s := range stats {
			off := 8 + 8*i
			if off+8 > len(cmd) {
				return unix.EFAULT
			}
			binary.NativeEndian.PutUint64(cmd[off:], s.Value)
		}
	default:
		f.t.Fatalf("unexpected ethtool command %#x", op)
	}
	return nil
}

func vethStats(queues int) []DriverStat {
	s := []DriverStat{{"peer_ifindex", 2}}
	for q := range queues {
		s = append(s,
			DriverStat{fmt.Sprintf("rx_queue_%d_xdp_packets", q), uint64(10 + q)},
			DriverStat{fmt.Sprintf("rx_queue_%d_drops", q), uint64(20 + q)})
	}
	return s
}

func fakeConn(t *testing.T, f *fakeEthtool) *Conn {
	f.t = t
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		t.Errorf("unexpected netlink request %v", reqs[0].Header.Type)
		return nltest.Error(int(unix.EINVAL), reqs)
	})
	c := NewConn(nl, true)
	c.ethtool = f.ioctl
	return c
}

func TestDriverStats(t *testing.T) {
	many := make([]DriverStat, 300) // more names than fit in one page
	for i := range many {
		many[i] = DriverStat{fmt.Sprintf("counter_%03d", i), uint64(i)}
	}
	odd := []DriverStat{
		{"tx_packets", 1},
		{"tx_packets", 2}, // drivers do repeat names; ethtool shows both
		{"", 3},
		{strings.Repeat("n", ethGStringLen), 4}, // no room for the NUL
		{"zzz_first_in_order", 5},
	}
	f := &fakeEthtool{
		devices: map[string][]DriverStat{"v0": vethStats(2), "big": many, "odd": odd, "br0": {}, "lo": {}},
		noSet:   map[string]bool{"lo": true},
	}
	c := fakeConn(t, f)
	for _, name := range []string{"v0", "big", "odd", "br0", "lo"} {
		got, err := c.DriverStats(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := f.devices[name]
		if got == nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v\nwant %v", name, got, want)
		}
	}
}

func TestDriverStatsErrors(t *testing.T) {
	f := &fakeEthtool{
		devices: map[string][]DriverStat{"v0": vethStats(1), "x0": vethStats(1)},
		errno:   map[string]unix.Errno{"v0": unix.EPERM, "x0": unix.EOPNOTSUPP},
	}
	c := fakeConn(t, f)
	_, err := c.DriverStats("v0")
	if !IsPermission(err) || err.Error() != "read driver counters of v0: operation not permitted" {
		t.Errorf("v0: err = %v, want a permission error", err)
	}
	if got, err := c.DriverStats("x0"); err != nil || got == nil || len(got) != 0 {
		t.Errorf("x0: got %v, %v; want an empty slice for a driver without counters", got, err)
	}
	for _, name := range []string{"nosuch", ""} {
		if _, err := c.DriverStats(name); !IsNotExist(err) {
			t.Errorf("%q: err = %v, want not exist", name, err)
		}
	}
}

// When the driver's number of counters changes between the ioctls, the
// names and values would not line up (and the kernel would write past a
// buffer sized for the old count): the read is repeated.
func TestDriverStatsRetriesWhenCountChanges(t *testing.T) {
	f := &fakeEthtool{devices: map[string][]DriverStat{"v0": vethStats(1)}}
	changes := 1
	f.grow = func(cmd uint32) {
		if cmd == unix.ETHTOOL_GSTATS && changes > 0 {
			changes--
			f.devices["v0"] = vethStats(300) // past the page: EFAULT
		}
	}
	c := fakeConn(t, f)
	got, err := c.DriverStats("v0")
	if err != nil || !reflect.DeepEqual(got, vethStats(300)) {
		t.Fatalf("got %d counters, %v", len(got), err)
	}

	queues := 1
	f.grow = func(cmd uint32) {
		if cmd == unix.ETHTOOL_GSTRINGS {
			queues = 3 - queues
			f.devices["v0"] = vethStats(queues)
		}
	}
	_, err = c.DriverStats("v0")
	if !errors.Is(err, errCountersChanged) || !strings.HasPrefix(err.Error(), "read driver counters of v0: ") {
		t.Fatalf("err = %v, want the counters to keep changing", err)
	}
	if len(f.cmds) > 100 {
		t.Errorf("%d ioctls: the retries are not bounded", len(f.cmds))
	}
}

// A name too long for ifr_name can only be an alternative name: it is
// resolved over netlink first.
func TestDriverStatsLongAltName(t *testing.T) {
	f := &fakeEthtool{devices: map[string][]DriverStat{"v0": vethStats(1)}, t: t}
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{{
			Header: netlink.Header{Type: unix.RTM_NEWLINK, Sequence: reqs[0].Header.Sequence, PID: reqs[0].Header.PID},
			Data:   linkPayload(3, "v0", 0),
		}}, nil
	})
	c := NewConn(nl, true)
	c.ethtool = f.ioctl
	got, err := c.DriverStats("uplink-with-a-long-name")
	if err != nil || !reflect.DeepEqual(got, vethStats(1)) {
		t.Fatalf("got %v, %v", got, err)
	}
}

// A connection that is not a kernel socket has no ioctls: an error, not a
// crash.
func TestDriverStatsWithoutSocket(t *testing.T) {
	nl := nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) { return nil, nil })
	if _, err := NewConn(nl, true).DriverStats("v0"); err == nil {
		t.Fatal("no error")
	}
}

// The page after a request buffer must be closed to the kernel, so that a
// driver that grew makes the ioctl fail instead of overwriting memory.
func TestEthtoolRequestGuardPage(t *testing.T) {
	r, err := newEthtoolRequest("v0", 100)
	if err != nil {
		t.Fatal(err)
	}
	defer r.free()
	if len(r.cmd()) < 100 || len(r.buf)%unix.Getpagesize() != 0 {
		t.Fatalf("buffer of %d bytes", len(r.buf))
	}
	fd, err := unix.Open("/dev/zero", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	// The kernel writes into the buffer's last bytes, then faults.
	if _, err := unix.Read(fd, r.mem[len(r.buf):len(r.buf)+8]); !errors.Is(err, unix.EFAULT) {
		t.Errorf("read into the guard page: %v, want EFAULT", err)
	}
	if n, err := unix.Read(fd, r.buf[len(r.buf)-8:]); n != 8 || err != nil {
		t.Errorf("read into the buffer: %d, %v", n, err)
	}
}

package rtnl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Driver counters are what `ethtool -S` shows: the names from
// ETHTOOL_GSTRINGS and the values from ETHTOOL_GSTATS, read with the
// SIOCETHTOOL ioctl, as ethtool 6.1 does (its netlink interface has no
// driver counters).
//
// The ioctls are made on the netlink socket itself. SIOCETHTOOL works on
// any socket and acts in that socket's network namespace, so a Conn dialed
// into a namespace (DialOptions.NetNS) reads that namespace's devices with
// no setns and no second socket (DESIGN fact 10).
//
// github.com/safchain/ethtool v0.7.0 is not used: it returns the counters
// in a map (losing ethtool's order and any repeated name), it opens its own
// AF_INET socket in the calling thread's namespace with no way to hand it
// another, and it reads into fixed 1.25 MiB buffers.

const (
	ethSSStats    = 1  // ETH_SS_STATS: the string set of the driver's counters
	ethGStringLen = 32 // ETH_GSTRING_LEN
	// cmdOffset is where the ethtool command starts in a request buffer,
	// after the struct ifreq (40 bytes on 64-bit machines) that points to
	// it.
	cmdOffset = 64
	// maxStatsAttempts bounds the retries when the driver's number of
	// counters changes between the ioctls (e.g. queues added meanwhile).
	maxStatsAttempts = 3
)

var errCountersChanged = errors.New("the driver's list of counters kept changing")

// DriverStats returns the driver's own counters of the device called name
// (or by a short alternative name), in the order `ethtool -S` prints
// them. A device whose driver keeps none (a bridge, lo) gives an empty
// slice.
func (c *Conn) DriverStats(name string) ([]DriverStat, error) {
	if name == "" {
		return nil, notExist("", `device ""`)
	}
	if len(name) >= unix.IFNAMSIZ {
		// ifr_name holds IFNAMSIZ-1 bytes: a longer name can only be an
		// alternative name, which netlink can resolve.
		l, err := c.LinkByName(name)
		if err != nil {
			return nil, err
		}
		name = l.Name
	}
	op := "read driver counters of " + name
	for attempt := 0; attempt < maxStatsAttempts; attempt++ {
		stats, err := c.driverStats(name)
		switch {
		case err == nil:
			return stats, nil
		case errors.Is(err, errCountersChanged):
			continue
		case errors.Is(err, unix.EOPNOTSUPP):
			return []DriverStat{}, nil
		case errors.Is(err, unix.ENODEV):
			return nil, notExist("", fmt.Sprintf("device %q", name))
		}
		return nil, wrap(op, err)
	}
	return nil, &Error{Op: op, Err: errCountersChanged}
}

// driverStats makes one attempt: count, names, values. It returns
// errCountersChanged when the driver's count moved in between.
func (c *Conn) driverStats(name string) ([]DriverStat, error) {
	req, err := newEthtoolRequest(name, 0)
	if err != nil {
		return nil, err
	}
	defer req.free()

	// ETHTOOL_GSSET_INFO: struct ethtool_sset_info asking for one set.
	cmd := req.cmd()
	binary.NativeEndian.PutUint32(cmd[0:4], unix.ETHTOOL_GSSET_INFO)
	binary.NativeEndian.PutUint64(cmd[8:16], 1<<ethSSStats)
	if err := c.ethtool(req.buf); err != nil {
		return nil, err
	}
	// The kernel clears the bit of a set the driver does not have.
	if binary.NativeEndian.Uint64(cmd[8:16])&(1<<ethSSStats) == 0 {
		return []DriverStat{}, nil
	}
	n := binary.NativeEndian.Uint32(cmd[16:20])
	if n == 0 {
		return []DriverStat{}, nil
	}
	if n > (1<<31-1)/ethGStringLen {
		return nil, fmt.Errorf("driver reports %d counters", n)
	}

	// ETHTOOL_GSTRINGS: struct ethtool_gstrings, then n names.
	if err := req.grow(12 + ethGStringLen*int(n)); err != nil {
		return nil, err
	}
	cmd = req.cmd()
	binary.NativeEndian.PutUint32(cmd[0:4], unix.ETHTOOL_GSTRINGS)
	binary.NativeEndian.PutUint32(cmd[4:8], ethSSStats)
	binary.NativeEndian.PutUint32(cmd[8:12], n)
	if err := req.run(c.ethtool); err != nil {
		return nil, err
	}
	if binary.NativeEndian.Uint32(cmd[8:12]) != n {
		return nil, errCountersChanged
	}
	stats := make([]DriverStat, n)
	for i := range stats {
		off := 12 + ethGStringLen*i
		stats[i].Name = cString(cmd[off : off+ethGStringLen])
	}

	// ETHTOOL_GSTATS: struct ethtool_stats, then n values.
	binary.NativeEndian.PutUint32(cmd[0:4], unix.ETHTOOL_GSTATS)
	binary.NativeEndian.PutUint32(cmd[4:8], n)
	if err := req.run(c.ethtool); err != nil {
		return nil, err
	}
	if binary.NativeEndian.Uint32(cmd[4:8]) != n {
		return nil, errCountersChanged
	}
	for i := range stats {
		stats[i].Value = binary.NativeEndian.Uint64(cmd[8+8*i:])
	}
	return stats, nil
}

// socketEthtool makes one SIOCETHTOOL request on the netlink socket. req
// starts with the struct ifreq; it must not be in Go's heap (see
// ethtoolRequest).
func (c *Conn) socketEthtool(req []byte) error {
	rc, err := c.nl.SyscallConn()
	if err != nil {
		return err
	}
	var errno unix.Errno
	err = rc.Control(func(fd uintptr) {
		_, _, errno = unix.Syscall(unix.SYS_IOCTL, fd, unix.SIOCETHTOOL, uintptr(unsafe.Pointer(&req[0])))
	})
	if err != nil {
		return err
	}
	if errno != 0 {
		return errno
	}
	return nil
}

// ethtoolRequest is a struct ifreq and the ethtool command it points to,
// in memory mapped outside Go's heap and followed by a page nobody may
// write. The kernel writes as many names and counters as the driver has
// at that moment, whatever count the request gives; should the driver
// have grown since it was counted, the kernel runs into the guard page and
// fails with EFAULT instead of overwriting Go's memory. Outside the heap,
// the addresses in the ifreq also cannot move.
type ethtoolRequest struct {
	name string
	mem  []byte // the whole mapping
	buf  []byte // mem without the guard page
}

func newEthtoolRequest(name string, size int) (*ethtoolRequest, error) {
	r := &ethtoolRequest{name: name}
	if err := r.grow(size); err != nil {
		return nil, err
	}
	return r, nil
}

// cmd is the ethtool command's part of the buffer.
func (r *ethtoolRequest) cmd() []byte { return r.buf[cmdOffset:] }

// grow makes room for a command of size bytes, keeping nothing of the old
// buffer.
func (r *ethtoolRequest) grow(size int) error {
	if r.buf != nil && len(r.cmd()) >= size {
		return nil
	}
	r.free()
	page := unix.Getpagesize()
	n := (cmdOffset + size + page - 1) / page * page
	mem, err := unix.Mmap(-1, 0, n+page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return fmt.Errorf("map ethtool buffer: %w", err)
	}
	if err := unix.Mprotect(mem[n:], unix.PROT_NONE); err != nil {
		_ = unix.Munmap(mem)
		return fmt.Errorf("protect ethtool buffer: %w", err)
	}
	r.mem, r.buf = mem, mem[:n]
	copy(r.buf[:unix.IFNAMSIZ-1], r.name)
	// ifr_data, right after the name: a plain address, which is safe
	// only because the mapping is not Go's to move or free.
	*(*uintptr)(unsafe.Pointer(&r.buf[unix.IFNAMSIZ])) = uintptr(unsafe.Pointer(&r.buf[cmdOffset]))
	return nil
}

// run makes the request, turning a fault on the guard page into
// errCountersChanged.
func (r *ethtoolRequest) run(ioctl func([]byte) error) error {
	err := ioctl(r.buf)
	if errors.Is(err, unix.EFAULT) {
		return errCountersChanged
	}
	return err
}

func (r *ethtoolRequest) free() {
	if r.mem != nil {
		_ = unix.Munmap(r.mem)
		r.mem, r.buf = nil, nil
	}
}

package rtnl

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"sync/atomic"
	"syscall"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Client is what the commands need from the kernel. *Conn implements it
// over rtnetlink; tests of the commands substitute a fake.
type Client interface {
	Links() ([]Link, error)
	LinkByName(name string) (Link, error)
	LinkByIndex(index int) (Link, error)
	Addrs(f AddrFilter) ([]Addr, error)
	AddAddr(a Addr) error
	ReplaceAddr(a Addr, given Fields) error
	ChangeAddr(a Addr, given Fields) error
	DelAddr(a Addr) error
	// DriverStats returns the driver's own counters of the device, in the
	// order `ethtool -S` prints them; empty if the driver keeps none.
	DriverStats(name string) ([]DriverStat, error)
	// Apply sends a batch of address requests pipelined, one result
	// per request (see Conn.Apply).
	Apply(ctx context.Context, reqs []Request, opts ApplyOptions) []error
	// Monitor reports address and/or link changes until ctx ends (see
	// Conn.Monitor).
	Monitor(ctx context.Context, addrs, links bool, fn func(Event) error) error
	Close() error
}

// receiveBufferSize is the userspace buffer for each recvmsg. The kernel
// fills dump datagrams up to what the reader offers (at most 32 KiB), so a
// large fixed buffer means eight times fewer system calls than the 4 KiB
// chunks a peeked, exactly sized read gets.
const receiveBufferSize = 64 << 10

// maxDumpAttempts bounds the retries of a dump that the kernel marked as
// interrupted by concurrent changes.
const maxDumpAttempts = 8

// Conn is a route netlink connection.
type Conn struct {
	nl *netlink.Conn
	// strict is whether the kernel filters dumps by the header's ifindex
	// (NETLINK_GET_STRICT_CHK); without it every dump is filtered here.
	strict bool
	// requests counts the netlink requests sent, dump retries included.
	requests atomic.Int64
	// warn is told about dump messages that were left out; nil: nobody.
	warn func(error)
	// trace is told about recovered trouble, such as a dump repeated
	// after NLM_F_DUMP_INTR; nil: nobody.
	trace func(msg string)
	// ethtool runs one SIOCETHTOOL request (see ethtool.go); tests
	// replace it with a fake kernel.
	ethtool func(req []byte) error
	// dialMonitor opens a socket subscribed to the multicast groups, in
	// c's namespace, for Monitor; nil for a Conn made by NewConn (tests
	// set it).
	dialMonitor func(groups uint32) (*netlink.Conn, error)
	// bufferSet records that Apply asked for a large receive buffer.
	bufferSet bool
	// netns is the namespace file Dial opened, kept open for dialMonitor.
	netns *os.File
	// skipStats leaves link counters out (see SkipLinkStats).
	skipStats bool
	// raw reads dump replies without copies (see recv.go); nil when the
	// connection has no file descriptor, as nltest's has not.
	raw *rawReader
	// rawSeq numbers the requests sent without mdlayher/netlink (see
	// rawSend); scratch holds the last one.
	rawSeq  uint32
	scratch []byte
}

var _ Client = (*Conn)(nil)

// DialOptions configure Dial.
type DialOptions struct {
	// NetNS is an open file descriptor of a network namespace to work in
	// (e.g. of /run/netns/NAME); 0 means the caller's own namespace. It
	// holds for DriverStats too, whose ioctls use the netlink socket.
	NetNS int
	// NetNSPath names a network namespace file to open and work in
	// (/run/netns/NAME, /proc/PID/ns/net); it takes precedence over NetNS.
	// The namespace stays open until the Conn is closed.
	NetNSPath string
}

// Dial opens a route netlink socket. It asks for strict checking and
// extended acks, and falls back to a plain socket on kernels that refuse
// strict checking, filtering dumps in userspace instead.
func Dial(opts DialOptions) (*Conn, error) {
	var ns *os.File
	if opts.NetNSPath != "" {
		var err error
		if ns, err = openNetNS(opts.NetNSPath); err != nil {
			return nil, err
		}
		opts.NetNS = int(ns.Fd())
	}
	c, err := dial(opts)
	if err != nil {
		if ns != nil {
			ns.Close()
		}
		return nil, err
	}
	c.netns = ns
	c.dialMonitor = func(groups uint32) (*netlink.Conn, error) {
		return netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{
			Groups: groups, NetNS: opts.NetNS, MessageBufferSize: receiveBufferSize})
	}
	return c, nil
}

func dial(opts DialOptions) (*Conn, error) {
	cfg := &netlink.Config{Strict: true, NetNS: opts.NetNS, MessageBufferSize: receiveBufferSize}
	nl, err := netlink.Dial(unix.NETLINK_ROUTE, cfg)
	if err == nil {
		return NewConn(nl, true), nil
	}
	if !errors.Is(err, unix.ENOPROTOOPT) {
		return nil, wrap("open netlink socket", err)
	}
	cfg.Strict = false
	nl, err = netlink.Dial(unix.NETLINK_ROUTE, cfg)
	if err != nil {
		return nil, wrap("open netlink socket", err)
	}
	// Extended acks are older than strict checking; a kernel without them
	// still gives the errno.
	_ = nl.SetOption(netlink.ExtendedAcknowledge, true)
	return NewConn(nl, false), nil
}

// NewConn wraps an existing netlink connection, such as nltest.Dial's.
// strict says whether the kernel side filters dumps by ifindex.
func NewConn(nl *netlink.Conn, strict bool) *Conn {
	c := &Conn{nl: nl, strict: strict}
	c.ethtool = c.socketEthtool
	if rc, err := nl.SyscallConn(); err == nil {
		c.raw = &rawReader{rc: rc, max: receiveBufferSize}
	}
	return c
}

// Close closes the socket (and the namespace it was opened in).
func (c *Conn) Close() error {
	err := c.nl.Close()
	if c.netns != nil {
		c.netns.Close()
	}
	return err
}

// openNetNS opens a network namespace file. Anything else (a regular file,
// another kind of namespace) is refused here, with a clear message, rather
// than by the socket call later.
func openNetNS(path string) (*os.File, error) {
	op := "open network namespace " + path
	f, err := os.OpenFile(path, os.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		if errors.Is(err, unix.ENOENT) {
			return nil, notExist("", fmt.Sprintf("network namespace %s", path))
		}
		return nil, wrap(op, err)
	}
	typ, err := unix.IoctlRetInt(int(f.Fd()), unix.NS_GET_NSTYPE)
	if err != nil || typ != unix.CLONE_NEWNET {
		f.Close()
		return nil, &Error{Op: op, Err: errors.New("not a network namespace")}
	}
	return f, nil
}

// Requests returns how many netlink requests c has sent: one per dump
// (and one more per retry of an interrupted dump) and one per other
// request. The ioctls of DriverStats are not netlink requests and do not
// count.
func (c *Conn) Requests() int { return int(c.requests.Load()) }

// SetWarn sets the function told about each message of a dump that could
// not be decoded. Such a message is left out and the dump goes on, so that
// one odd link or address never hides the others; without a warn function
// it is left out silently.
func (c *Conn) SetWarn(warn func(error)) { c.warn = warn }

// SkipLinkStats says whether links come without their counters, so that
// Link.Stats stays nil. Views that print no counters ask for this: the
// kernel then leaves out its IPv6 statistics, and the link counters it
// still sends are not decoded.
func (c *Conn) SkipLinkStats(skip bool) { c.skipStats = skip }

// SetTrace sets the function told, in one line each, about trouble c
// recovered from on its own, such as a dump that the kernel marked as
// interrupted and that was repeated. It is for people debugging a host
// (and for the tests that prove the retry happens), not for warnings.
func (c *Conn) SetTrace(trace func(msg string)) { c.trace = trace }

// execute sends one request and waits for the kernel's acknowledgement.
func (c *Conn) execute(typ netlink.HeaderType, flags netlink.HeaderFlags, body []byte) ([]netlink.Message, error) {
	c.requests.Add(1)
	msgs, err := c.nl.Execute(netlink.Message{
		Header: netlink.Header{Type: typ, Flags: netlink.Request | flags},
		Data:   body,
	})
	return msgs, wrap("", err)
}

// Links dumps every link. A link whose message cannot be decoded is left
// out and reported to the warn function (see SetWarn); the others still
// come back.
func (c *Conn) Links() ([]Link, error) {
	body, err := encodeLinkRequest(0, "", c.skipStats)
	if err != nil {
		return nil, err
	}
	return dump(c, "dump links", unix.RTM_GETLINK, body, func(b []byte, l *Link) (bool, error) {
		return true, decodeLink(b, l, !c.skipStats)
	})
}

// LinkByName looks a link up by name or alternative name in the socket's
// namespace.
func (c *Conn) LinkByName(name string) (Link, error) {
	return c.getLink(0, name, fmt.Sprintf("device %q", name))
}

// LinkByIndex looks a link up by ifindex in the socket's namespace.
func (c *Conn) LinkByIndex(index int) (Link, error) {
	if index <= 0 {
		return Link{}, notExist("", fmt.Sprintf("device with index %d", index))
	}
	return c.getLink(index, "", fmt.Sprintf("device with index %d", index))
}

func (c *Conn) getLink(index int, name, what string) (Link, error) {
	body, err := encodeLinkRequest(index, name, c.skipStats)
	if err != nil {
		return Link{}, err
	}
	typ, data, err := c.get(unix.RTM_GETLINK, body)
	if err != nil {
		if errors.Is(err, unix.ENODEV) {
			return Link{}, notExist("", what)
		}
		return Link{}, err
	}
	if typ != unix.RTM_NEWLINK {
		return Link{}, notExist("", what)
	}
	var l Link
	if err := decodeLink(data, &l, !c.skipStats); err != nil {
		return Link{}, &Error{Op: "get " + what, Err: err}
	}
	return l, nil
}

// get sends a request that rtnetlink answers at once with one message (a
// get, without NLM_F_DUMP) and returns that message's type and payload,
// valid until the next request. An NLMSG_ERROR answer is returned as its
// error. It goes by raw system calls, as batch.sendOne does: a lookup
// costs two of them and no allocation, where netlink.Conn.Execute peeks,
// allocates and validates (a third of `addr show dev DEV`'s own time).
func (c *Conn) get(typ netlink.HeaderType, body []byte) (netlink.HeaderType, []byte, error) {
	if c.raw == nil {
		msgs, err := c.execute(typ, 0, body)
		if err != nil || len(msgs) == 0 {
			return 0, nil, err
		}
		return msgs[0].Header.Type, msgs[0].Data, nil
	}
	fd, err := c.raw.descriptor()
	if err != nil {
		return 0, nil, wrap("", err)
	}
	// At most two attempts: a reply too large for the buffer is cut, and
	// asked for again once the buffer is grown.
attempts:
	for attempt := 0; ; attempt++ {
		c.requests.Add(1)
		sent, errno := c.rawSend(fd, netlink.Message{
			Header: netlink.Header{Type: typ, Flags: netlink.Request}, Data: body})
		if errno != 0 {
			return 0, nil, wrap("", errno)
		}
		for {
			b, size, err := c.raw.read()
			if errors.Is(err, errTruncated) && attempt == 0 {
				c.raw.grow(size)
				continue attempts
			}
			if err != nil {
				return 0, nil, wrap("", err)
			}
			c.raw.release(b) // the reply is used before the next read
			var (
				replyType netlink.HeaderType
				reply     []byte
			)
			_, err = walkDatagram(b, sent, "", func(t netlink.HeaderType, _ netlink.HeaderFlags, data []byte) error {
				if reply == nil {
					replyType, reply = t, data
				}
				return nil
			})
			switch {
			case errors.Is(err, errWrongReply):
				continue // a stale answer to an earlier request
			case err != nil:
				return 0, nil, err
			case reply == nil:
				return 0, nil, &Error{Err: errBadMessage}
			}
			return replyType, reply, nil
		}
	}
}

// rawSend sends m as a raw system call, numbered with c's own sequence,
// and returns the header sent.
func (c *Conn) rawSend(fd uintptr, m netlink.Message) (netlink.Header, syscall.Errno) {
	c.rawSeq++
	m.Header.Sequence = c.rawSeq
	c.scratch = appendMessage(c.scratch[:0], m)
	return netlink.Header{Sequence: m.Header.Sequence}, rawSendto(fd, c.scratch)
}

// Addrs dumps the addresses that pass f. With strict checking the kernel
// filters by device; the filter is applied here too, since without strict
// checking the kernel ignores the ifindex and sends everything. Addresses
// of families other than inet and inet6 (an AF_UNSPEC dump also brings
// e.g. MCTP addresses) are not netaddr's and are left out; one that cannot
// be decoded is left out and reported as in Links.
func (c *Conn) Addrs(f AddrFilter) ([]Addr, error) {
	body := make([]byte, sizeofIfAddrmsg)
	body[0] = byte(f.Family)
	if c.strict {
		binary.NativeEndian.PutUint32(body[4:8], uint32(f.Index))
	}
	return dump(c, "dump addresses", unix.RTM_GETADDR, body, func(b []byte, a *Addr) (bool, error) {
		if len(b) > 0 && Family(b[0]) != FamilyV4 && Family(b[0]) != FamilyV6 {
			return false, nil
		}
		if err := decodeAddr(b, a); err != nil {
			return false, err
		}
		return f.Match(a), nil
	})
}

// AddAddr adds a; it fails if the address is already there.
func (c *Conn) AddAddr(a Addr) error {
	return c.newAddr(a, netlink.Create|netlink.Excl)
}

// ReplaceAddr adds a or, if it is there, updates it in place. given names
// the attributes the caller asked for (see ChangeAddr).
func (c *Conn) ReplaceAddr(a Addr, given Fields) error {
	if a.Family == FamilyV4 {
		// Only IPv4 keeps attributes it cannot change; look for them.
		have, err := c.findAddr(&a)
		if err != nil {
			return err
		}
		if have != nil {
			if err := checkChangeable(have, &a, given); err != nil {
				return err
			}
		}
	}
	return c.newAddr(a, netlink.Create|netlink.Replace)
}

// ChangeAddr updates an existing address and fails if there is none. The
// kernel would create a missing address even without NLM_F_CREATE, so
// netaddr looks first. (Between the look and the change another program
// could delete the address; the kernel would then re-create it.)
//
// For IPv4 the kernel changes only the lifetimes and the metric of an
// existing address and silently keeps its scope, label, broadcast and
// flags; when given asks for one of those to differ, ChangeAddr refuses
// and sends nothing. For IPv6 the kernel sets the flags as asked.
func (c *Conn) ChangeAddr(a Addr, given Fields) error {
	have, err := c.findAddr(&a)
	if err != nil {
		return err
	}
	if have == nil {
		return notExist("", "address")
	}
	if err := checkChangeable(have, &a, given); err != nil {
		return err
	}
	return c.newAddr(a, netlink.Replace)
}

// findAddr returns the assigned address the kernel takes for a, or nil.
func (c *Conn) findAddr(a *Addr) (*Addr, error) {
	have, err := c.Addrs(AddrFilter{Family: familyOf(a.Local.Addr()), Index: a.Index})
	if err != nil {
		return nil, err
	}
	for i := range have {
		if SameAddr(&have[i], a) {
			return &have[i], nil
		}
	}
	return nil, nil
}

// Fields names attributes of an address request that the caller asked for
// explicitly, as opposed to defaults.
type Fields uint8

// The attributes an existing IPv4 address keeps whatever a replace asks.
const (
	FieldScope Fields = 1 << iota
	FieldLabel
	FieldBroadcast
	FieldFlags
)

// requestFlags are the flags a request can set; the others are the
// kernel's to report (permanent, secondary, tentative, ...).
const requestFlags = FlagHomeAddress | FlagManageTemp | FlagNoDAD | FlagOptimistic | FlagNoPrefixRoute | FlagMcAutoJoin

// checkChangeable refuses to update an existing IPv4 address in ways the
// kernel would silently ignore.
func checkChangeable(have, want *Addr, given Fields) error {
	if have.Family != FamilyV4 {
		return nil
	}
	refuse := func(what string) error {
		return &Error{Err: fmt.Errorf("the kernel cannot change the %s of an existing IPv4 address "+
			"(it would keep the old one): delete the address and add it again", what)}
	}
	switch {
	case given&FieldScope != 0 && want.Scope != have.Scope:
		return refuse("scope")
	case given&FieldLabel != 0 && want.Label != have.Label:
		return refuse("label")
	case given&FieldBroadcast != 0 && want.Broadcast != have.Broadcast:
		return refuse("broadcast address")
	case given&FieldFlags != 0 && want.Flags&requestFlags != have.Flags&requestFlags:
		return refuse("flags")
	}
	return nil
}

// DelAddr deletes a, matched by local address, prefix length and peer.
func (c *Conn) DelAddr(a Addr) error {
	body, err := encodeAddr(&a)
	if err != nil {
		return err
	}
	_, err = c.execute(unix.RTM_DELADDR, netlink.Acknowledge, body)
	return err
}

func (c *Conn) newAddr(a Addr, flags netlink.HeaderFlags) error {
	body, err := encodeAddr(&a)
	if err != nil {
		return err
	}
	_, err = c.execute(unix.RTM_NEWADDR, netlink.Acknowledge|flags, body)
	return err
}

// SameAddr reports whether the kernel would take x and y for the same
// address on one device: for IPv4 the local address, the prefix length and
// the peer's network; for IPv6 the local address alone.
func SameAddr(x, y *Addr) bool {
	if x.Index != y.Index || x.Local.Addr() != y.Local.Addr() {
		return false
	}
	if !x.Local.Addr().Is4() {
		return true
	}
	if x.Local.Bits() != y.Local.Bits() {
		return false
	}
	return peerNet(x) == peerNet(y)
}

func peerNet(a *Addr) netip.Prefix {
	p := a.Local.Addr()
	if a.Peer.IsValid() {
		p = a.Peer
	}
	return netip.PrefixFrom(p, a.Local.Bits()).Masked()
}

func familyOf(a netip.Addr) Family {
	if a.Is4() {
		return FamilyV4
	}
	return FamilyV6
}

package rtnl

import (
	"context"
	"errors"
	"fmt"
	"net/netip"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Op is what one request of a batch does.
type Op uint8

// The operations of a batch.
const (
	OpAdd     Op = iota + 1 // as AddAddr
	OpReplace               // as ReplaceAddr (given as in ReplaceAddr)
	OpChange                // as ChangeAddr: must exist, IPv4 refusals as checkChangeable
	OpDel                   // as DelAddr
)

// Request is one address request of a batch.
type Request struct {
	Op    Op
	Addr  Addr
	Given Fields
}

// ErrNotSent is the result of a request that was never sent because the batch
// stopped before it (StopOnError after a failure, or the context ended).
var ErrNotSent = errors.New("not sent")

// ErrUnknown wraps the result of a request whose acknowledgement was lost
// (ENOBUFS) and whose effect could not be confirmed by reading the state back.
var ErrUnknown = errors.New("result unknown")

// ApplyOptions configure Apply.
type ApplyOptions struct {
	StopOnError bool // stop sending at the first failure; later requests get ErrNotSent
	Window      int  // requests in flight at most; 0 means 256
}

const (
	// defaultWindow bounds the requests in flight (DESIGN fact 9).
	defaultWindow = 256
	// maxSendBytes bounds one sendmsg of a batch, well below the socket's
	// send buffer (the kernel refuses a datagram larger than it).
	maxSendBytes = 32 << 10
	// batchReadBuffer is the receive buffer asked for before a batch, as
	// iproute2 does; the kernel caps it at net.core.rmem_max.
	batchReadBuffer = 1 << 20
)

// Apply sends reqs pipelined (at most Window unacknowledged at once, DESIGN
// fact 9) and returns one result per request, in order: nil for success, the
// kernel's refusal as *Error (IsExist/IsNotExist/... work on it), ErrNotSent,
// or an error wrapping ErrUnknown. If ctx ends, it stops sending, collects the
// acks of what is in flight, and marks the rest ErrNotSent.
//
// Requests go out in groups of at most Window, one sendmsg each (smaller
// groups when they would exceed 32 KiB). rtnetlink handles every request of a
// sendmsg before the call returns and queues one acknowledgement datagram per
// request, so Apply reads all acknowledgements of a group before it sends the
// next. With StopOnError the requests of the failing request's group that come
// after it have been sent already: they get their own results (which may be
// success), and only the later groups get ErrNotSent. Window 1 makes the stop
// exact at the cost of one round trip per request.
//
// Before sending, Apply reads the addresses of every (family, device) the
// batch touches, one dump each, and keeps that view current with the results
// as they come in. The view answers whether a change has an address to change
// (the kernel would create a missing one) and holds the attributes
// checkChangeable compares for change and IPv4 replace; an entry the batch
// itself wrote is read again from the kernel before a change or replace that
// names attributes relies on it. A request is never sent in the same group as
// an earlier request for the same address, so the view always holds the
// result of that earlier request when the later one is decided. Other
// programs changing the same addresses meanwhile are not seen, exactly as with
// ChangeAddr's single look.
//
// Lost acknowledgements (ENOBUFS, or a gap in the sequence numbers) are never
// guessed: the family's addresses are read back and a request counts as done
// only if the state shows it (an add of an address that was not there before
// the add and now is there with the asked attributes, a delete of an address
// that was there and is now gone, and so on); otherwise its result wraps
// ErrUnknown.
//
// Apply must not run concurrently with other calls on c.
func (c *Conn) Apply(ctx context.Context, reqs []Request, opts ApplyOptions) []error {
	b := &batch{
		c:       c,
		reqs:    reqs,
		res:     make([]error, len(reqs)),
		existed: make([]bool, len(reqs)),
		view:    make(map[famKey]map[addrKey]viewEntry),
		window:  opts.Window,
	}
	if b.window <= 0 {
		b.window = defaultWindow
	}
	if len(reqs) == 0 {
		return b.res
	}
	if !c.bufferSet {
		// Best effort: a test socket has no buffer, and a refusal only
		// makes ENOBUFS, which is handled, likelier.
		_ = c.nl.SetReadBuffer(batchReadBuffer)
		c.bufferSet = true
	}
	if err := b.loadViews(); err != nil {
		for i := range b.res {
			b.res[i] = fmt.Errorf("%w: %w", ErrNotSent, err)
		}
		return b.res
	}
	b.run(ctx, opts.StopOnError)
	return b.res
}

// famKey names the addresses of one family on one device.
type famKey struct {
	fam   Family
	index int
}

// addrKey is an address's identity as the kernel sees it (see SameAddr).
type addrKey struct {
	index int
	local netip.Addr
	bits  int          // IPv4 only
	peer  netip.Prefix // IPv4 only: the peer's network, or the local one
}

func keyOf(a *Addr) addrKey {
	k := addrKey{index: a.Index, local: a.Local.Addr()}
	if k.local.Is4() {
		k.bits = a.Local.Bits()
		k.peer = peerNet(a)
	}
	return k
}

func famKeyOf(a *Addr) famKey { return famKey{familyOf(a.Local.Addr()), a.Index} }

// viewEntry is an address of the view. dumped says its attributes came from
// the kernel; otherwise the batch wrote it and only its existence is known
// for sure (the kernel fills in e.g. the label of an IPv4 address).
type viewEntry struct {
	addr   Addr
	dumped bool
}

// inflight is a request sent and not yet acknowledged.
type inflight struct {
	seq uint32
	i   int
}

type batch struct {
	c      *Conn
	reqs   []Request
	res    []error
	window int
	// existed records whether the request's address was in the view when
	// the request was sent; reconciliation needs the state before.
	existed []bool
	view    map[famKey]map[addrKey]viewEntry
}

// loadViews dumps every (family, device) the batch touches.
func (b *batch) loadViews() error {
	for i := range b.reqs {
		fk := famKeyOf(&b.reqs[i].Addr)
		if _, ok := b.view[fk]; ok || !b.reqs[i].Addr.Local.IsValid() {
			continue
		}
		if err := b.refresh(fk); err != nil {
			return err
		}
	}
	return nil
}

// refresh reads the addresses of fk from the kernel into the view. Nothing
// may be in flight.
func (b *batch) refresh(fk famKey) error {
	have, err := b.c.Addrs(AddrFilter{Family: fk.fam, Index: fk.index})
	if err != nil {
		return err
	}
	b.setView(fk, have)
	return nil
}

func (b *batch) setView(fk famKey, have []Addr) {
	m := make(map[addrKey]viewEntry, len(have))
	for _, a := range have {
		if a.Index == fk.index && familyOf(a.Local.Addr()) == fk.fam {
			m[keyOf(&a)] = viewEntry{addr: a, dumped: true}
		}
	}
	b.view[fk] = m
}

// run sends the requests group by group.
func (b *batch) run(ctx context.Context, stopOnError bool) {
	next := 0
	failed := false
	for next < len(b.reqs) && !(failed && stopOnError) && ctx.Err() == nil {
		var (
			msgs  []netlink.Message
			idx   []int
			size  int
			group = make(map[addrKey]bool)
		)
		for next < len(b.reqs) && len(msgs) < b.window {
			r := &b.reqs[next]
			k := keyOf(&r.Addr)
			if group[k] {
				break // decide it once the earlier request's result is in
			}
			m, stale, err := b.prepare(next, len(msgs) == 0)
			if stale {
				break // needs a fresh view: send what we have first
			}
			if err != nil {
				b.res[next] = err
				failed = true
				next++
				if stopOnError {
					break
				}
				continue
			}
			l := nlmsgLen(m)
			if len(msgs) > 0 && size+l > maxSendBytes {
				break
			}
			group[k] = true
			msgs = append(msgs, m)
			idx = append(idx, next)
			size += l
			next++
		}
		if len(msgs) > 0 && b.send(msgs, idx) {
			failed = true
		}
	}
	for ; next < len(b.reqs); next++ {
		b.res[next] = ErrNotSent
	}
}

// nlmsgLen is the size of m on the wire.
func nlmsgLen(m netlink.Message) int { return 16 + (len(m.Data)+3)&^3 }

// prepare decides request i: the message to send, or its result without
// sending (a change of a missing address, an IPv4 change the kernel would
// ignore, a request that cannot be encoded). needView is returned when the
// view must be read again first and empty says nothing is in flight, so
// prepare may do that itself.
func (b *batch) prepare(i int, empty bool) (m netlink.Message, needView bool, err error) {
	r := &b.reqs[i]
	a := r.Addr
	if !a.Local.IsValid() {
		return m, false, &Error{Err: errors.New("request without a local address")}
	}
	a.Family = familyOf(a.Local.Addr())
	fk, k := famKeyOf(&a), keyOf(&a)
	have, exists := b.view[fk][k]

	var typ netlink.HeaderType = unix.RTM_NEWADDR
	var flags netlink.HeaderFlags
	switch r.Op {
	case OpAdd:
		flags = netlink.Create | netlink.Excl
	case OpReplace:
		flags = netlink.Create | netlink.Replace
	case OpChange:
		flags = netlink.Replace
	case OpDel:
		typ = unix.RTM_DELADDR
	default:
		return m, false, &Error{Err: fmt.Errorf("unknown batch operation %d", r.Op)}
	}
	if r.Op == OpChange || (r.Op == OpReplace && a.Family == FamilyV4) {
		if exists && !have.dumped && r.Given != 0 {
			if !empty {
				return m, true, nil
			}
			if err := b.refresh(fk); err != nil {
				return m, false, err
			}
			have, exists = b.view[fk][k]
		}
		if r.Op == OpChange && !exists {
			return m, false, notExist("", "address")
		}
		if exists {
			if err := checkChangeable(&have.addr, &a, r.Given); err != nil {
				return m, false, err
			}
		}
	}
	body, err := encodeAddr(&a)
	if err != nil {
		return m, false, &Error{Err: err}
	}
	b.existed[i] = exists
	return netlink.Message{
		Header: netlink.Header{Type: typ, Flags: netlink.Request | netlink.Acknowledge | flags},
		Data:   body,
	}, false, nil
}

// send sends one group, reads its acknowledgements and settles every result,
// reconciling lost ones. It reports whether any request of the group failed.
func (b *batch) send(msgs []netlink.Message, idx []int) (failed bool) {
	if len(msgs) == 1 && b.c.raw != nil {
		return b.sendOne(msgs[0], idx[0])
	}
	b.c.requests.Add(int64(len(msgs)))
	sent, err := b.c.nl.SendMessages(msgs)
	if err != nil {
		// The kernel takes a sendmsg whole or not at all; an error here
		// (ENOBUFS for memory, EMSGSIZE, ...) means none was processed.
		// Still, do not claim that: read the state back like a lost ack.
		b.reconcile(idx, wrap("send", err))
		return true
	}
	flight := make([]inflight, len(sent))
	for j, m := range sent {
		flight[j] = inflight{seq: m.Header.Sequence, i: idx[j]}
	}
	lost, recvErr := b.collect(flight)
	if len(lost) > 0 {
		b.reconcile(lost, recvErr)
	}
	for _, i := range idx {
		if b.res[i] != nil {
			failed = true
		}
	}
	return failed
}

// collect reads the acknowledgements of flight, in order, and returns the
// requests whose acknowledgement was lost. rtnetlink has handled the whole
// group when SendMessages returns and sends each acknowledgement in a
// datagram of its own, so every ack is either queued on the socket or was
// dropped for lack of room, which the kernel reports as ENOBUFS (once, until
// the queue is drained). Reading blocks until then; after an ENOBUFS each read
// is preceded by a non-blocking peek, and an empty queue means the rest are
// lost. An ack whose sequence number skips over others also marks those as
// lost: acks come in order.
//
// netlink.Conn.Receive reports an NLMSG_ERROR as an error and drops what
// follows it in the same datagram; that is harmless here since the kernel
// never puts two acks in one datagram, and if a peer did, the skipped acks
// would show as a gap and be reconciled, not guessed.
func (b *batch) collect(flight []inflight) (lost []int, err error) {
	pos := 0
	// settle records the ack of flight[j], and every earlier one not seen
	// as lost.
	settle := func(seq uint32, res error) {
		for j := pos; j < len(flight); j++ {
			if flight[j].seq != seq {
				continue
			}
			for _, f := range flight[pos:j] {
				lost = append(lost, f.i)
			}
			b.settle(flight[j].i, res)
			pos = j + 1
			return
		}
		// Not one of ours (a stale ack): ignore it.
	}
	overflowed := false
read:
	for pos < len(flight) {
		if overflowed {
			ok, perr := b.c.readable()
			if perr != nil {
				err = perr
				break
			}
			if !ok {
				break
			}
		}
		msgs, rerr := b.c.nl.Receive()
		if rerr != nil {
			var oe *netlink.OpError
			switch {
			case errors.As(rerr, &oe) && oe.Sequence != 0:
				settle(oe.Sequence, wrap("", rerr))
			case errors.Is(rerr, unix.ENOBUFS):
				overflowed = true
				err = wrap("", rerr)
			default:
				// The socket failed: what is left cannot be read.
				err = wrap("receive acknowledgements", rerr)
				break read
			}
			continue
		}
		if len(msgs) == 0 {
			// Only a test socket reads nothing instead of blocking: the
			// queue is empty.
			break
		}
		for _, m := range msgs {
			if m.Header.Type == netlink.Error {
				settle(m.Header.Sequence, nil)
			}
		}
	}
	for _, f := range flight[pos:] {
		lost = append(lost, f.i)
	}
	return lost, err
}

// settle records the kernel's answer to request i and, on success, brings
// the view up to date.
func (b *batch) settle(i int, res error) {
	b.res[i] = res
	if res != nil {
		return
	}
	r := &b.reqs[i]
	a := r.Addr
	a.Family = familyOf(a.Local.Addr())
	m := b.view[famKeyOf(&a)]
	if m == nil {
		return
	}
	if r.Op == OpDel {
		delete(m, keyOf(&a))
		return
	}
	m[keyOf(&a)] = viewEntry{addr: a}
}

// readable reports whether a datagram (or a pending socket error) is queued,
// without blocking. A socket that cannot be asked (a test socket) says yes;
// a read then returns nothing when the queue is empty.
func (c *Conn) readable() (bool, error) {
	rc, err := c.nl.SyscallConn()
	if err != nil {
		return true, nil
	}
	var (
		buf  [1]byte
		rerr error
	)
	for {
		cerr := rc.Control(func(fd uintptr) {
			_, _, _, _, rerr = unix.Recvmsg(int(fd), buf[:], nil, unix.MSG_PEEK|unix.MSG_DONTWAIT)
		})
		if cerr != nil {
			return false, wrap("receive acknowledgements", cerr)
		}
		switch {
		case rerr == nil:
			return true, nil
		case errors.Is(rerr, unix.EAGAIN):
			return false, nil
		case errors.Is(rerr, unix.EINTR), errors.Is(rerr, unix.ENOBUFS):
			// The peek consumed a new overflow report; look again.
			continue
		}
		return false, wrap("receive acknowledgements", rerr)
	}
}

// reconcile settles requests whose acknowledgement was lost by reading the
// addresses of their families back. cause is why the acks were lost.
func (b *batch) reconcile(lost []int, cause error) {
	if cause == nil {
		cause = errors.New("acknowledgement missing")
	}
	byFam := make(map[Family][]Addr)
	dumpErr := make(map[Family]error)
	for _, i := range lost {
		fam := familyOf(b.reqs[i].Addr.Local.Addr())
		if _, ok := byFam[fam]; ok || dumpErr[fam] != nil {
			continue
		}
		have, err := b.c.Addrs(AddrFilter{Family: fam})
		if err != nil {
			dumpErr[fam] = err
			continue
		}
		byFam[fam] = have
	}
	for _, i := range lost {
		r := &b.reqs[i]
		fam := familyOf(r.Addr.Local.Addr())
		if err := dumpErr[fam]; err != nil {
			b.res[i] = &Error{Err: fmt.Errorf("%w: acknowledgement lost (%v) and the addresses could not be read back: %v",
				ErrUnknown, errText(cause), err)}
			continue
		}
		var now *Addr
		for j := range byFam[fam] {
			if SameAddr(&byFam[fam][j], &r.Addr) {
				now = &byFam[fam][j]
				break
			}
		}
		done := false
		switch r.Op {
		case OpAdd:
			done = !b.existed[i] && now != nil && shows(now, &r.Addr, allFields)
		case OpReplace:
			done = now != nil && shows(now, &r.Addr, allFields)
		case OpChange:
			done = b.existed[i] && now != nil && shows(now, &r.Addr, r.Given)
		case OpDel:
			done = b.existed[i] && now == nil
		}
		if done {
			b.res[i] = nil
		} else {
			b.res[i] = &Error{Err: fmt.Errorf("%w: acknowledgement lost (%v) and the addresses read back do not show the request done",
				ErrUnknown, errText(cause))}
		}
	}
	// The view of every device of these families is now what was read.
	for fk := range b.view {
		if have, ok := byFam[fk.fam]; ok {
			b.setView(fk, have)
		}
	}
}

const allFields = FieldScope | FieldLabel | FieldBroadcast | FieldFlags

// shows reports whether have, an address read back, carries what want asked
// for: the metric, the lifetimes (which count down) and the attributes named
// by given. It errs towards false, which only makes a result unknown.
func shows(have, want *Addr, given Fields) bool {
	if have.Metric != want.Metric || (want.Peer.IsValid() && have.Peer != want.Peer) {
		return false
	}
	if want.Valid != 0 && (!lifetimeLeft(have.Valid, want.Valid) || !lifetimeLeft(have.Preferred, want.Preferred)) {
		return false
	}
	switch {
	case given&FieldScope != 0 && have.Scope != want.Scope,
		given&FieldLabel != 0 && want.Label != "" && have.Label != want.Label,
		given&FieldBroadcast != 0 && want.Broadcast.IsValid() && have.Broadcast != want.Broadcast,
		given&FieldFlags != 0 && have.Flags&requestFlags != want.Flags&requestFlags:
		return false
	}
	return true
}

// lifetimeLeft reports whether have can be what is left of a lifetime set
// to want.
func lifetimeLeft(have, want uint32) bool {
	if want == Forever {
		return have == Forever
	}
	return have != Forever && have <= want
}

// sendOne sends a group of one request and waits for its
// acknowledgement, as a batch that must stop exactly at a failure does for
// every line. It does so without mdlayher/netlink and without the Go
// scheduler's system call hand-off: rtnetlink does the work inside
// sendto(2), tens of microseconds for an address, long enough for the
// runtime to hand the thread's P to another thread and wake it (futex
// calls, a thread switch) on every request, which made a batch slower than
// ip -batch. The acknowledgement is queued by the time sendto returns, so
// reading it does not wait either; when it is not (a peer's datagram in
// between, an overflow), the ordinary path takes over.
func (b *batch) sendOne(m netlink.Message, i int) (failed bool) {
	b.c.requests.Add(1)
	fd, err := b.c.raw.descriptor()
	if err != nil {
		b.reconcile([]int{i}, wrap("send", err))
		return true
	}
	sent, errno := b.c.rawSend(fd, m)
	if errno != 0 {
		// The kernel takes a message whole or not at all; still, read the
		// state back rather than claim either.
		b.reconcile([]int{i}, wrap("send", errno))
		return true
	}
	for {
		room := b.c.raw.room()
		n, errno := rawRecvfrom(fd, room)
		var data []byte
		switch {
		case errno == unix.EAGAIN:
			// Not queued yet: wait for it through the poller.
			if data, _, err = b.c.raw.read(); err != nil {
				b.reconcile([]int{i}, wrap("receive acknowledgements", err))
				return true
			}
		case errno != 0:
			b.reconcile([]int{i}, wrap("receive acknowledgements", errno))
			return true
		case n > len(room):
			b.reconcile([]int{i}, wrap("receive acknowledgements", errTruncated))
			return true
		default:
			data = room[:n]
		}
		acked := false
		_, res := walkDatagram(data, sent, "", func(netlink.HeaderType, netlink.HeaderFlags, []byte) error { return nil })
		for typ := range messages(data) {
			if typ == netlink.Error {
				acked = true
			}
		}
		if errors.Is(res, errWrongReply) {
			continue // a stale answer to an earlier request
		}
		if errors.Is(res, errBadMessage) {
			b.reconcile([]int{i}, wrap("receive acknowledgements", res))
			return true
		}
		if acked || res != nil {
			b.settle(i, res)
			return res != nil
		}
	}
}

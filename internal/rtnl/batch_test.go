package rtnl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"golang.org/x/sys/unix"
)

// fakeKernel answers address requests like rtnetlink: it handles every
// request of a sendmsg at once and queues one acknowledgement per request,
// handed out one per read (a datagram each, as the kernel does). Dumps are
// answered directly.
type fakeKernel struct {
	t     *testing.T
	addrs []Addr
	acks  []netlink.Message
	// refuse makes requests for these local prefixes fail with the errno.
	refuse map[string]unix.Errno
	// drop loses the ack of the n-th request (1-based), which makes the
	// next read fail with ENOBUFS, as the kernel's overflow report does.
	drop    map[int]bool
	enobufs bool
	// onSend is called after each sendmsg of address requests.
	onSend func()

	sent       []netlink.Message // address requests, in order
	unacked    int
	maxUnacked int
	dumps      int
}

func (k *fakeKernel) dial() *Conn {
	return NewConn(nltest.Dial(k.fn), true)
}

func (k *fakeKernel) find(a *Addr) int {
	for i := range k.addrs {
		if SameAddr(&k.addrs[i], a) {
			return i
		}
	}
	return -1
}

func (k *fakeKernel) fn(reqs []netlink.Message) ([]netlink.Message, error) {
	if reqs == nil { // a read with nothing queued by a request
		if k.enobufs {
			k.enobufs = false
			return nil, unix.ENOBUFS
		}
		if len(k.acks) == 0 {
			return nil, io.EOF
		}
		m := k.acks[0]
		k.acks = k.acks[1:]
		k.unacked--
		return []netlink.Message{m}, nil
	}
	if reqs[0].Header.Type == unix.RTM_GETADDR {
		if len(k.acks) != 0 || k.unacked != 0 {
			k.t.Errorf("dump sent with %d acknowledgements unread", k.unacked)
		}
		k.dumps++
		fam, index := Family(reqs[0].Data[0]), int(reqs[0].Data[4])
		var payloads [][]byte
		for _, a := range k.addrs {
			if (fam == 0 || a.Family == fam) && (index == 0 || a.Index == index) {
				b, err := encodeAddr(&a)
				if err != nil {
					k.t.Fatal(err)
				}
				payloads = append(payloads, b)
			}
		}
		return reply(reqs[0], unix.RTM_NEWADDR, 0, payloads...), nil
	}
	for _, r := range reqs {
		k.sent = append(k.sent, r)
		k.unacked++
		k.maxUnacked = max(k.maxUnacked, k.unacked)
		errno := k.apply(r)
		if k.drop[len(k.sent)] {
			k.unacked--
			k.enobufs = true
			continue
		}
		k.acks = append(k.acks, kernelError(r, errno, "")[0])
	}
	if k.onSend != nil {
		k.onSend()
	}
	return nil, nil
}

// apply changes the state as the kernel would and returns the errno.
func (k *fakeKernel) apply(r netlink.Message) unix.Errno {
	var a Addr
	if err := decodeAddr(r.Data, &a); err != nil {
		k.t.Fatalf("request does not decode: %v", err)
	}
	if e, ok := k.refuse[a.Local.String()]; ok {
		return e
	}
	i := k.find(&a)
	switch {
	case r.Header.Type == unix.RTM_DELADDR:
		if i < 0 {
			return unix.EADDRNOTAVAIL
		}
		k.addrs = append(k.addrs[:i], k.addrs[i+1:]...)
	case r.Header.Flags&netlink.Excl != 0 && i >= 0:
		return unix.EEXIST
	case i >= 0:
		k.addrs[i] = a
	default: // created, even by a change without NLM_F_CREATE
		k.addrs = append(k.addrs, a)
	}
	return 0
}

func v4(s string) Addr {
	return Addr{Family: FamilyV4, Index: 2, Local: netip.MustParsePrefix(s)}
}

func adds(n int) []Request {
	reqs := make([]Request, n)
	for i := range reqs {
		reqs[i] = Request{Op: OpAdd, Addr: v4(fmt.Sprintf("198.51.%d.%d/32", 100+i/250, 1+i%250))}
	}
	return reqs
}

func TestApplyResultsInOrderWithinWindow(t *testing.T) {
	k := &fakeKernel{t: t, refuse: map[string]unix.Errno{"198.51.101.51/32": unix.EINVAL}}
	reqs := adds(700)
	k.addrs = []Addr{reqs[400].Addr} // add of an existing address: EEXIST
	c := k.dial()
	res := c.Apply(context.Background(), reqs, ApplyOptions{})
	for i, err := range res {
		switch i {
		case 300:
			if !errors.Is(err, unix.EINVAL) {
				t.Errorf("result %d = %v, want EINVAL", i, err)
			}
		case 400:
			if !IsExist(err) {
				t.Errorf("result %d = %v, want EEXIST", i, err)
			}
		default:
			if err != nil {
				t.Errorf("result %d = %v", i, err)
			}
		}
	}
	if len(k.sent) != 700 {
		t.Errorf("sent %d requests, want 700", len(k.sent))
	}
	if k.maxUnacked > defaultWindow || k.maxUnacked < 2 {
		t.Errorf("at most %d unacknowledged, want 2..%d", k.maxUnacked, defaultWindow)
	}
	// One dump for the view, then every request.
	if got := c.Requests(); got != 701 {
		t.Errorf("Requests() = %d, want 701", got)
	}

	k = &fakeKernel{t: t}
	c = k.dial()
	for _, err := range c.Apply(context.Background(), adds(50), ApplyOptions{Window: 7}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if k.maxUnacked != 7 {
		t.Errorf("window 7: at most %d unacknowledged", k.maxUnacked)
	}
}

func TestApplyStopOnError(t *testing.T) {
	reqs := adds(20)
	k := &fakeKernel{t: t, refuse: map[string]unix.Errno{reqs[5].Addr.Local.String(): unix.EINVAL}}
	res := k.dial().Apply(context.Background(), reqs, ApplyOptions{StopOnError: true, Window: 4})
	// Groups of 4: the group of the failure (4..7) is sent whole.
	for i, err := range res {
		switch {
		case i == 5:
			if !errors.Is(err, unix.EINVAL) {
				t.Errorf("result %d = %v, want EINVAL", i, err)
			}
		case i < 8:
			if err != nil {
				t.Errorf("result %d = %v, want success", i, err)
			}
		default:
			if !errors.Is(err, ErrNotSent) {
				t.Errorf("result %d = %v, want ErrNotSent", i, err)
			}
		}
	}
	if len(k.sent) != 8 {
		t.Errorf("sent %d, want 8", len(k.sent))
	}

	// Without StopOnError everything is sent.
	k = &fakeKernel{t: t, refuse: map[string]unix.Errno{reqs[5].Addr.Local.String(): unix.EINVAL}}
	res = k.dial().Apply(context.Background(), reqs, ApplyOptions{Window: 4})
	if len(k.sent) != 20 || !errors.Is(res[5], unix.EINVAL) || res[19] != nil {
		t.Errorf("sent %d, results %v", len(k.sent), res)
	}

	// A refusal decided here stops the batch too, after sending what came
	// before it.
	k = &fakeKernel{t: t}
	reqs[3] = Request{Op: OpChange, Addr: v4("203.0.113.1/24")}
	res = k.dial().Apply(context.Background(), reqs, ApplyOptions{StopOnError: true})
	if len(k.sent) != 3 || !IsNotExist(res[3]) || res[2] != nil || !errors.Is(res[4], ErrNotSent) {
		t.Errorf("sent %d, results %v", len(k.sent), res[:5])
	}
}

func TestApplyContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k := &fakeKernel{t: t}
	k.onSend = cancel // ends after the first group went out
	res := k.dial().Apply(ctx, adds(30), ApplyOptions{Window: 10})
	for i, err := range res {
		if i < 10 && err != nil {
			t.Errorf("result %d = %v, want the acknowledged success", i, err)
		}
		if i >= 10 && !errors.Is(err, ErrNotSent) {
			t.Errorf("result %d = %v, want ErrNotSent", i, err)
		}
	}
}

func TestApplyChangeAfterAdd(t *testing.T) {
	k := &fakeKernel{t: t}
	x := v4("192.0.2.1/24")
	x.Label = "v0:x"
	changed := x
	changed.Valid, changed.Preferred = 60, 60
	relabel := changed
	relabel.Label = "v0:y"
	reqs := []Request{
		{Op: OpAdd, Addr: x},
		{Op: OpChange, Addr: changed},
		{Op: OpChange, Addr: v4("192.0.2.2/24")}, // missing: not sent
		{Op: OpChange, Addr: relabel, Given: FieldLabel},
		{Op: OpDel, Addr: x},
		{Op: OpChange, Addr: changed}, // deleted just before
	}
	c := k.dial()
	res := c.Apply(context.Background(), reqs, ApplyOptions{})
	if res[0] != nil || res[1] != nil {
		t.Fatalf("add, change = %v, %v", res[0], res[1])
	}
	if !IsNotExist(res[2]) || !IsNotExist(res[5]) {
		t.Errorf("changes of missing addresses = %v, %v, want not exist", res[2], res[5])
	}
	var ce *Error
	if !errors.As(res[3], &ce) || IsNotExist(res[3]) {
		t.Errorf("IPv4 relabel = %v, want a refusal", res[3])
	}
	if res[4] != nil {
		t.Errorf("del = %v", res[4])
	}
	var ops []string
	for _, m := range k.sent {
		var a Addr
		_ = decodeAddr(m.Data, &a)
		ops = append(ops, fmt.Sprintf("%d %s", m.Header.Type, a.Local))
	}
	want := []string{"20 192.0.2.1/24", "20 192.0.2.1/24", "21 192.0.2.1/24"}
	if fmt.Sprint(ops) != fmt.Sprint(want) {
		t.Errorf("sent %v, want %v", ops, want)
	}
	// The view dump, a re-read before the relabel (which relies on an
	// entry the batch wrote), and nothing else.
	if k.dumps != 2 {
		t.Errorf("%d dumps, want 2", k.dumps)
	}
}

// Lost acknowledgements are settled by reading the state back: what the
// state shows done is success, the rest unknown, never guessed.
func TestApplyReconcilesLostAcks(t *testing.T) {
	pre := v4("203.0.113.9/24")
	gone := v4("203.0.113.10/24")
	reqs := []Request{
		{Op: OpAdd, Addr: v4("192.0.2.1/24")},     // 1: ack lost, applied
		{Op: OpAdd, Addr: v4("192.0.2.2/24")},     // 2
		{Op: OpAdd, Addr: pre},                    // 3: EEXIST, ack lost: unknown
		{Op: OpDel, Addr: gone},                   // 4: ack lost, applied
		{Op: OpDel, Addr: v4("203.0.113.11/24")},  // 5: EADDRNOTAVAIL, ack lost: unknown
		{Op: OpAdd, Addr: v4("192.0.2.3/24")},     // 6
		{Op: OpReplace, Addr: v4("192.0.2.4/24")}, // 7: ack lost, applied
		{Op: OpAdd, Addr: v4("192.0.2.5/24")},     // 8: refused, ack seen
	}
	k := &fakeKernel{
		t:      t,
		addrs:  []Addr{pre, gone},
		drop:   map[int]bool{1: true, 3: true, 4: true, 5: true, 7: true},
		refuse: map[string]unix.Errno{"192.0.2.5/24": unix.EINVAL},
	}
	c := k.dial()
	res := c.Apply(context.Background(), reqs, ApplyOptions{Window: 4})
	for i, want := range []string{"ok", "ok", "unknown", "ok", "unknown", "ok", "ok", "einval"} {
		got := "ok"
		switch {
		case errors.Is(res[i], ErrUnknown):
			got = "unknown"
		case errors.Is(res[i], unix.EINVAL):
			got = "einval"
		case res[i] != nil:
			got = res[i].Error()
		}
		if got != want {
			t.Errorf("request %d: %s (%v), want %s", i+1, got, res[i], want)
		}
	}
	if len(k.sent) != 8 {
		t.Errorf("sent %d, want 8", len(k.sent))
	}
	// The view dump, one read-back per group that lost acks, 8 requests.
	if got := c.Requests(); got != 1+2+8 {
		t.Errorf("Requests() = %d, want 11", got)
	}
}

// A gap in the acknowledgements' sequence numbers, without ENOBUFS, is
// also reconciled (a peer packing acks in one datagram after an error).
func TestApplyReconcilesSequenceGap(t *testing.T) {
	k := &fakeKernel{t: t}
	reqs := adds(3)
	k.onSend = func() {
		// Lose the middle ack silently.
		k.acks = append(k.acks[:1], k.acks[2:]...)
		k.unacked--
	}
	res := k.dial().Apply(context.Background(), reqs, ApplyOptions{})
	for i, err := range res {
		if err != nil {
			t.Errorf("result %d = %v", i, err)
		}
	}
	if k.dumps != 2 {
		t.Errorf("%d dumps, want the view and one read-back", k.dumps)
	}
}

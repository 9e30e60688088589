package cli

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// An atomic batch reads, before sending anything, the addresses of every
// (family, device) its lines touch. If a line fails, it reads them again
// and puts back what the batch changed: addresses its lines created are
// deleted, addresses of the first read that are gone are added again and
// addresses its lines changed are replaced, each with the flags, scope,
// label, broadcast, peer, metric and lifetimes it had at the first read
// (lifetimes as they were left then: the seconds the batch took are given
// back). Going by the state rather than by inverting each line also undoes
// the lines whose result was lost, and restores the IPv4 secondaries the
// kernel deletes with their primary. Addresses nobody in the batch touched
// that appeared meanwhile are left alone. The kernel appends an address
// that is added again, so the order of a device's addresses may differ.

// devFamily is one device's addresses of one family.
type devFamily struct {
	family rtnl.Family
	index  int
}

// snapshot is the first read of an atomic batch.
type snapshot struct {
	order []devFamily // in the order the lines first touch them
	addrs map[devFamily][]rtnl.Addr
	dev   map[int]string // a DEV token naming each index, for messages
}

// takeSnapshot reads the addresses of every (family, device) the lines
// touch, one dump each.
func takeSnapshot(c rtnl.Client, lines []batchLine) (*snapshot, error) {
	s := &snapshot{addrs: map[devFamily][]rtnl.Addr{}, dev: map[int]string{}}
	for i := range lines {
		r := lines[i].req
		if r == nil {
			continue
		}
		df := devFamily{r.addr.Family, r.addr.Index}
		if _, ok := s.addrs[df]; ok {
			continue
		}
		addrs, err := c.Addrs(rtnl.AddrFilter{Family: df.family, Index: df.index})
		if err != nil {
			return nil, fmt.Errorf("read the addresses of %s before the atomic batch: %w", r.dev, err)
		}
		if addrs == nil {
			addrs = []rtnl.Addr{}
		}
		s.order = append(s.order, df)
		s.addrs[df] = addrs
		s.dev[df.index] = r.dev
	}
	return s, nil
}

// addrKey is an address's identity as the kernel sees it on a device (as
// rtnl.SameAddr): for IPv4 the local address, the prefix length and the
// peer's network; for IPv6 the local address alone.
type addrKey struct {
	index int
	local netip.Addr
	bits  int
	peer  netip.Prefix
}

func keyOf(a *rtnl.Addr) addrKey {
	k := addrKey{index: a.Index, local: a.Local.Addr(), bits: -1}
	if k.local.Is4() {
		k.bits = a.Local.Bits()
		p := k.local
		if a.Peer.IsValid() {
			p = a.Peer
		}
		k.peer = netip.PrefixFrom(p, k.bits).Masked()
	}
	return k
}

// restorableFlags are the flags a request can set; the others (permanent,
// secondary, tentative, ...) are the kernel's to decide.
const restorableFlags = rtnl.FlagHomeAddress | rtnl.FlagManageTemp | rtnl.FlagNoDAD |
	rtnl.FlagOptimistic | rtnl.FlagNoPrefixRoute | rtnl.FlagMcAutoJoin

// asBefore is the request that puts back a as it was read.
func asBefore(a rtnl.Addr) rtnl.Addr {
	a.Flags &= restorableFlags
	a.Anycast = netip.Addr{}
	a.Created, a.Updated, a.Protocol = 0, 0, 0
	if a.Valid == 0 {
		a.Valid = 1 // expiring as it was read; 0 would mean "forever"
	}
	return a
}

// finishAtomic reports an atomic batch: nothing if every line was
// applied; otherwise the batch is undone, then the failure reported.
func (b *batchRun) finishAtomic(c rtnl.Client, snap *snapshot, interrupted bool) error {
	t := b.tally()
	if len(t.failed) == 0 && t.notSent == 0 {
		return nil
	}
	reason := "interrupted"
	var cause error = context.Canceled
	if len(t.failed) > 0 {
		reason, cause = b.describe(t.failed[0]), t.failed[0].err
	} else if !interrupted {
		reason, cause = fmt.Sprintf("%d lines were not sent", t.notSent), rtnl.ErrNotSent
	}
	// The lines that may have changed something: applied, or unknown.
	touched := map[addrKey]bool{}
	for i := range b.lines {
		l := &b.lines[i]
		if l.sent && (l.err == nil || errors.Is(l.err, rtnl.ErrUnknown)) {
			touched[keyOf(&l.req.addr)] = true
		}
	}
	left, err := b.rollback(c, snap, touched)
	if err != nil {
		return &batchError{
			msg:   fmt.Sprintf("%s; rollback failed: %v; the %s applied are still in place", reason, err, lines(t.applied)),
			cause: cause,
		}
	}
	if len(left) > 0 {
		for _, s := range left {
			fmt.Fprintf(b.g.IO.Err, "netaddr: rollback: %s\n", s)
		}
		return &batchError{
			msg: fmt.Sprintf("%s; rollback incomplete: of the %d lines applied, %d addresses could not be put back as they were (listed above)",
				reason, t.applied, len(left)),
			cause: cause,
		}
	}
	return &batchError{msg: fmt.Sprintf("%s; rolled back %s", reason, lines(t.applied)), cause: cause}
}

// rollback puts the touched addresses back as snap has them and returns
// what it could not put back.
func (b *batchRun) rollback(c rtnl.Client, snap *snapshot, touched map[addrKey]bool) ([]string, error) {
	var dels, restores []rtnl.Request
	for _, df := range snap.order {
		now, err := c.Addrs(rtnl.AddrFilter{Family: df.family, Index: df.index})
		if err != nil {
			return nil, fmt.Errorf("cannot read the addresses of %s back: %w", snap.dev[df.index], err)
		}
		before := snap.addrs[df]
		had := map[addrKey]bool{}
		for i := range before {
			had[keyOf(&before[i])] = true
		}
		has := map[addrKey]bool{}
		for i := range slices.Backward(now) {
			k := keyOf(&now[i])
			has[k] = true
			if touched[k] && !had[k] {
				dels = append(dels, rtnl.Request{Op: rtnl.OpDel, Addr: asBefore(now[i])})
			}
		}
		for i := range before {
			k := keyOf(&before[i])
			switch {
			case !has[k]:
				restores = append(restores, rtnl.Request{Op: rtnl.OpAdd, Addr: asBefore(before[i])})
			case touched[k]:
				restores = append(restores, rtnl.Request{Op: rtnl.OpReplace, Addr: asBefore(before[i])})
			}
		}
	}
	undo := append(dels, restores...)
	if len(undo) == 0 {
		return nil, nil
	}
	results := c.Apply(context.Background(), undo, rtnl.ApplyOptions{})
	var left []string
	for i, r := range undo {
		var err error
		if i < len(results) {
			err = results[i]
		} else {
			err = fmt.Errorf("no result (%w)", rtnl.ErrUnknown)
		}
		if err == nil {
			continue
		}
		what := "could not restore"
		if r.Op == rtnl.OpDel {
			what = "could not delete"
		}
		left = append(left, fmt.Sprintf("%s %s: %v", what, undoTarget(&r.Addr, snap.dev[r.Addr.Index]), err))
	}
	return left, nil
}

// undoTarget names an address in messages as a request does.
func undoTarget(a *rtnl.Addr, dev string) string {
	r := addrRequest{dev: dev, addr: *a}
	return r.String()
}

package cli

import (
	"bytes"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
	"golang.org/x/sys/unix"
)

// flushFake deletes as the kernel does: a deleted primary IPv4 address
// takes its secondaries with it, and deleting what is not there is
// EADDRNOTAVAIL. readd, when set, puts an address back after every delete
// of it (a daemon that keeps adding it). failOn makes deleting one
// address fail with that error.
type flushFake struct {
	*fakeClient
	readd  string
	failOn map[string]error
	dels   int
}

func (f *flushFake) DelAddr(a rtnl.Addr) error {
	f.log("DelAddr " + a.Local.String())
	f.dels++
	if err := f.failOn[a.Local.String()]; err != nil {
		return err
	}
	i := slices.IndexFunc(f.addrs, func(x rtnl.Addr) bool { return rtnl.SameAddr(&x, &a) })
	if i < 0 {
		return &rtnl.Error{Err: unix.EADDRNOTAVAIL}
	}
	gone := f.addrs[i]
	f.addrs = slices.Delete(f.addrs, i, i+1)
	if gone.Family == rtnl.FamilyV4 && gone.Flags&rtnl.FlagSecondary == 0 {
		net := gone.Local.Masked()
		f.addrs = slices.DeleteFunc(f.addrs, func(x rtnl.Addr) bool {
			return x.Index == gone.Index && x.Flags&rtnl.FlagSecondary != 0 && x.Local.Masked() == net
		})
	}
	if gone.Local.String() == f.readd {
		f.addrs = append(f.addrs, gone)
	}
	return nil
}

func runClient(t *testing.T, c rtnl.Client, line string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	r := result{}
	dial := func(string) (rtnl.Client, error) { r.dialed = true; return c, nil }
	r.status = Run(strings.Fields(line), IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, dial)
	r.out, r.errOut = out.String(), errOut.String()
	return r
}

func addrLocals(as []rtnl.Addr) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Local.String())
	}
	return strings.Join(s, " ")
}

func TestAddrFlush(t *testing.T) {
	for _, tc := range []struct {
		line string
		left string
		out  string
	}{
		// The secondary goes with its primary: it vanished, which is fine.
		{"addr flush dev v0", "127.0.0.1/8 198.51.100.1/24", ""},
		{"-s addr flush dev v0", "127.0.0.1/8 198.51.100.1/24", "deleted 3 addresses in 1 round\n"},
		{"-4 addr flush dev v0", "127.0.0.1/8 2001:db8::1/64 198.51.100.1/24", ""},
		{"addr flush -6 v0", "127.0.0.1/8 192.0.2.1/24 192.0.2.2/24 198.51.100.1/24", ""},
		{"addr flush to 192.0.2.2/32", "127.0.0.1/8 192.0.2.1/24 2001:db8::1/64 198.51.100.1/24", ""},
		{"addr flush scope host", "192.0.2.1/24 192.0.2.2/24 2001:db8::1/64 198.51.100.1/24", ""},
		{"addr flush label v1", "127.0.0.1/8 192.0.2.1/24 192.0.2.2/24 2001:db8::1/64", ""},
		{"addr flush tentative", "127.0.0.1/8 192.0.2.1/24 192.0.2.2/24 198.51.100.1/24", ""},
		{"-s addr flush to 203.0.113.0/24", "127.0.0.1/8 192.0.2.1/24 192.0.2.2/24 2001:db8::1/64 198.51.100.1/24", "nothing to flush\n"},
		{"addr flush up scope global", "127.0.0.1/8 198.51.100.1/24", ""},
	} {
		f := &flushFake{fakeClient: filterFake()}
		r := runClient(t, f, tc.line)
		if r.status != ExitOK || r.errOut != "" {
			t.Errorf("%s: status %d: %s", tc.line, r.status, r.errOut)
			continue
		}
		if got := addrLocals(f.addrs); got != tc.left {
			t.Errorf("%s: left %s, want %s", tc.line, got, tc.left)
		}
		if r.out != tc.out {
			t.Errorf("%s: printed %q, want %q", tc.line, r.out, tc.out)
		}
	}
}

// "primary" flushes one round only: the secondaries the kernel promotes
// when their primary goes were not primaries when the flush began.
func TestAddrFlushPrimaryOneRound(t *testing.T) {
	f := &flushFake{fakeClient: filterFake(), readd: "192.0.2.1/24"}
	r := runClient(t, f, "-s addr flush dev v0 primary")
	if r.status != ExitOK || r.out != "deleted 2 addresses in 1 round\n" {
		t.Errorf("status %d, out %q, err %q", r.status, r.out, r.errOut)
	}
}

func TestAddrFlushBounded(t *testing.T) {
	f := &flushFake{fakeClient: filterFake(), readd: "192.0.2.2/24"}
	r := runClient(t, f, "addr flush dev v0 secondary")
	if r.status != ExitFailure || !strings.Contains(r.errOut, "still match after 10 rounds") {
		t.Errorf("status %d, err %q", r.status, r.errOut)
	}
	if f.dels != maxFlushRounds {
		t.Errorf("%d deletes, want %d", f.dels, maxFlushRounds)
	}
}

func TestAddrFlushErrors(t *testing.T) {
	f := &flushFake{fakeClient: filterFake()}
	for _, line := range []string{"addr flush", "-4 addr flush", "addr flush scope", "addr flush -bogus"} {
		r := runClient(t, f, line)
		if r.status != ExitUsage || r.dialed {
			t.Errorf("%s: status %d, dialed %v: %s", line, r.status, r.dialed, r.errOut)
		}
	}
	if r := runClient(t, f, "addr flush"); !strings.Contains(r.errOut, "addr flush needs arguments") {
		t.Errorf("no args: %q", r.errOut)
	}
	r := runClient(t, f, "addr flush dev nosuch")
	if r.status != ExitFailure || !strings.Contains(r.errOut, `"nosuch"`) {
		t.Errorf("missing device: status %d: %s", r.status, r.errOut)
	}
	f.failOn = map[string]error{"192.0.2.1/24": &rtnl.Error{Err: unix.EPERM}}
	r = runClient(t, f, "addr flush dev v0")
	if r.status != ExitPermission || !strings.Contains(r.errOut, "del 192.0.2.1/24 dev v0: operation not permitted (0 addresses deleted before)") {
		t.Errorf("refused: status %d: %s", r.status, r.errOut)
	}
}

// deletionOf keeps only what identifies an address: a dumped address's
// lifetimes, label or flags must not travel with the delete request.
func TestDeletionOf(t *testing.T) {
	a := rtnl.Addr{Family: rtnl.FamilyV4, Index: 3, Local: netip.MustParsePrefix("192.0.2.1/30"),
		Peer: netip.MustParseAddr("192.0.2.2"), Label: "x", Flags: rtnl.FlagSecondary, Valid: 5, Preferred: 5, Scope: 200}
	d := deletionOf(&a)
	want := rtnl.Addr{Family: rtnl.FamilyV4, Index: 3, Local: a.Local, Peer: a.Peer}
	if d != want {
		t.Errorf("%+v", d)
	}
}

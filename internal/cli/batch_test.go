package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netaddr/netaddr/internal/rtnl"
	"golang.org/x/sys/unix"
)

// batchFake is a fake kernel for batches: Apply keeps the fake's addresses
// as the kernel would (add fails on an existing address, del and change on
// a missing one) and can be told to refuse given addresses.
type batchFake struct {
	*fakeClient
	refuse  map[string]error // by local address: the error for any request about it
	applies [][]rtnl.Request
	// interrupt, when set, sends the process SIGINT before request
	// number interrupt (from 1) of the first Apply, as Ctrl-C would.
	interrupt int
}

func newBatchFake() *batchFake {
	return &batchFake{fakeClient: newFake(), refuse: map[string]error{}}
}

func (f *batchFake) find(a *rtnl.Addr) int {
	return slices.IndexFunc(f.addrs, func(x rtnl.Addr) bool { return rtnl.SameAddr(&x, a) })
}

func (f *batchFake) apply1(r rtnl.Request) error {
	if err := f.refuse[r.Addr.Local.Addr().String()]; err != nil {
		return err
	}
	i := f.find(&r.Addr)
	switch r.Op {
	case rtnl.OpAdd:
		if i >= 0 {
			return &rtnl.Error{Err: unix.EEXIST, Message: "ipv4: Address already assigned"}
		}
		f.addrs = append(f.addrs, r.Addr)
	case rtnl.OpDel:
		if i < 0 {
			return &rtnl.Error{Err: unix.EADDRNOTAVAIL, Message: "ipv4: Address not found"}
		}
		f.addrs = slices.Delete(f.addrs, i, i+1)
	case rtnl.OpChange, rtnl.OpReplace:
		if i < 0 && r.Op == rtnl.OpChange {
			return &rtnl.Error{Err: fmt.Errorf("address %w", rtnl.ErrNotExist)}
		}
		if i < 0 {
			f.addrs = append(f.addrs, r.Addr)
		} else {
			f.addrs[i] = r.Addr
		}
	}
	return nil
}

func (f *batchFake) Apply(ctx context.Context, reqs []rtnl.Request, opts rtnl.ApplyOptions) []error {
	f.log(fmt.Sprintf("Apply %d", len(reqs)))
	f.applies = append(f.applies, reqs)
	out := make([]error, len(reqs))
	stopped := false
	for i, r := range reqs {
		if f.interrupt == i+1 && len(f.applies) == 1 {
			_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
			select {
			case <-ctx.Done():
			case <-time.After(5 * time.Second):
			}
		}
		if stopped || ctx.Err() != nil {
			out[i] = rtnl.ErrNotSent
			continue
		}
		out[i] = f.apply1(r)
		stopped = out[i] != nil && opts.StopOnError
	}
	return out
}

// runWith runs a netaddr command line against f with stdin as its input.
func runWith(t *testing.T, f rtnl.Client, args []string, stdin string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	r := result{}
	dial := func(string) (rtnl.Client, error) { r.dialed = true; return f, nil }
	r.status = Run(args, IO{In: strings.NewReader(stdin), Out: &out, Err: &errOut}, dial)
	r.out, r.errOut = out.String(), errOut.String()
	return r
}

func (f *batchFake) has(local string) bool {
	return slices.ContainsFunc(f.addrs, func(a rtnl.Addr) bool { return a.Local.String() == local })
}

func (f *batchFake) count(call string) int {
	n := 0
	for _, c := range f.calls {
		if strings.HasPrefix(c, call) {
			n++
		}
	}
	return n
}

func TestBatchAppliesEveryLine(t *testing.T) {
	f := newBatchFake()
	batch := `# comments, continuations and quotes
addr add 192.0.2.1/24 dev v0
address add 192.0.2.2/24 \
    dev v0 label "v0:a b"   # trailing comment
a a 192.0.2.3/24 dev 'v0' valid_lft 60

a r 192.0.2.1/24 dev v0 metric 5
a c 192.0.2.3/24 dev v0 valid_lft 90
a d 192.0.2.2/24 dev v0
addr del 2001:db8::1/64 dev v0
`
	for _, args := range [][]string{{"-b", "-"}, {"--batch", "-"}, {"-batch", "-"}, {"-force", "-batch", "-"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			f = newBatchFake()
			r := runWith(t, f, args, batch)
			if r.status != ExitOK || r.out != "" || r.errOut != "" {
				t.Fatalf("status %d, stdout %q, stderr %q", r.status, r.out, r.errOut)
			}
			if len(f.applies) != 1 || len(f.applies[0]) != 7 {
				t.Fatalf("applies %v, want one of 7 requests", f.applies)
			}
			ops := []rtnl.Op{}
			for _, r := range f.applies[0] {
				ops = append(ops, r.Op)
			}
			if want := []rtnl.Op{rtnl.OpAdd, rtnl.OpAdd, rtnl.OpAdd, rtnl.OpReplace, rtnl.OpChange, rtnl.OpDel, rtnl.OpDel}; !reflect.DeepEqual(ops, want) {
				t.Errorf("ops %v, want %v", ops, want)
			}
			if got := f.applies[0][1].Addr.Label; got != "v0:a b" {
				t.Errorf("label %q", got)
			}
			if n := f.count("LinkByName v0"); n != 1 {
				t.Errorf("v0 resolved %d times, want once", n)
			}
			if !f.has("192.0.2.1/24") || !f.has("192.0.2.3/24") || f.has("192.0.2.2/24") || f.has("2001:db8::1/64") {
				t.Errorf("addresses %v", f.addrs)
			}
		})
	}
}

func TestBatchFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.txt")
	if err := os.WriteFile(path, []byte("addr add 192.0.2.1/24 dev v0\naddr add 192.0.2.1/24 dev v0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := newBatchFake()
	r := runWith(t, f, []string{"--batch", path}, "")
	want := "netaddr: " + path + ":2: add 192.0.2.1/24 dev v0: ipv4: Address already assigned; batch stopped: 1 line applied, 0 not run\n"
	if r.status != ExitFailure || r.errOut != want {
		t.Errorf("status %d, stderr %q, want %q", r.status, r.errOut, want)
	}
	r = runWith(t, f, []string{"-b", filepath.Join(t.TempDir(), "nosuch")}, "")
	if r.status != ExitUsage || !strings.Contains(r.errOut, "cannot read the batch file") {
		t.Errorf("status %d, stderr %q", r.status, r.errOut)
	}
}

// A bad line anywhere is reported before anything is sent.
func TestBatchBadLineSendsNothing(t *testing.T) {
	tests := []struct{ batch, stderr string }{
		{"addr add 192.0.2.1/24 dev v0\n\naddr add 192.0.2.2/24 dev v0 lable x\n", `netaddr: stdin:3: unknown word "lable"` + "\n"},
		{"addr add 192.0.2.1/24 dev v0\naddr show\n", `netaddr: stdin:2: "show": a batch line is an addr add, change, replace or del command` + "\n"},
		{"link add x\n", `netaddr: stdin:1: "link": a batch line is an addr add, change, replace or del command` + "\n"},
		{"addr\n", `netaddr: stdin:1: "addr" needs a command: add, change, replace or del` + "\n"},
		{"a a 192.0.2.1/24 dev v0 label 'x\n", `netaddr: stdin:1: unterminated quoted string: "'x" has no closing '` + "\n"},
		{"a a 192.0.2.1/24 \\\n dev v0\na a 192.0.2.1/33 dev v0\n", `netaddr: stdin:3: invalid prefix length in address "192.0.2.1/33": want 0-32` + "\n"},
	}
	for _, tt := range tests {
		f := newBatchFake()
		r := runWith(t, f, []string{"-b", "-"}, tt.batch)
		if r.status != ExitUsage || r.errOut != tt.stderr || r.dialed {
			t.Errorf("%q: status %d, stderr %q, dialed %v; want 2, %q, not dialed", tt.batch, r.status, r.errOut, r.dialed, tt.stderr)
		}
	}
}

func TestBatchStopsAtFirstFailure(t *testing.T) {
	f := newBatchFake()
	batch := "a a 192.0.2.1/24 dev v0\na a 192.0.2.2/24 dev v0\n# x\na a 2001:db8::1/64 dev v0\na a 192.0.2.3/24 dev v0\n"
	r := runWith(t, f, []string{"-b", "-"}, batch)
	want := "netaddr: stdin:4: add 2001:db8::1/64 dev v0: ipv4: Address already assigned; batch stopped: 2 lines applied, 1 not run\n"
	if r.status != ExitFailure || r.errOut != want {
		t.Errorf("status %d, stderr %q, want %q", r.status, r.errOut, want)
	}
	if !f.has("192.0.2.1/24") || !f.has("192.0.2.2/24") || f.has("192.0.2.3/24") {
		t.Errorf("addresses %v", f.addrs)
	}
	if !f.applies[0][0].Addr.Local.IsValid() || f.applies[0][0].Addr.Index != 2 {
		t.Errorf("sent %+v", f.applies[0][0])
	}

	// A missing device stops the batch there too: the lines before it
	// are sent, it and the lines after it are not.
	f = newBatchFake()
	r = runWith(t, f, []string{"-b", "-"}, "a a 192.0.2.1/24 dev v0\na a 192.0.2.2/24 dev nosuch\na a 192.0.2.3/24 dev v0\n")
	want = `netaddr: stdin:2: add 192.0.2.2/24 dev nosuch: device "nosuch" does not exist; batch stopped: 1 line applied, 1 not run` + "\n"
	if r.status != ExitFailure || r.errOut != want {
		t.Errorf("status %d, stderr %q, want %q", r.status, r.errOut, want)
	}
	if len(f.applies) != 1 || len(f.applies[0]) != 1 {
		t.Errorf("applies %v, want only line 1", f.applies)
	}

	// The kernel's permission refusal keeps its own status.
	f = newBatchFake()
	f.refuse["192.0.2.1"] = &rtnl.Error{Err: unix.EPERM}
	r = runWith(t, f, []string{"-b", "-"}, "a a 192.0.2.1/24 dev v0\n")
	if r.status != ExitPermission || !strings.Contains(r.errOut, "CAP_NET_ADMIN") {
		t.Errorf("status %d, stderr %q", r.status, r.errOut)
	}
}

func TestBatchForce(t *testing.T) {
	f := newBatchFake()
	batch := `a a 192.0.2.1/24 dev v0
a a 192.0.2.2/24 dev v0 lable x
a a 192.0.2.3/24 dev v0
a a 2001:db8::1/64 dev v0
a a 192.0.2.5/24 dev nosuch
a d 192.0.2.6/24 dev v0
a a 192.0.2.7/24 dev v0
`
	r := runWith(t, f, []string{"-b", "-", "--force"}, batch)
	want := `netaddr: stdin:2: unknown word "lable"
netaddr: stdin:4: add 2001:db8::1/64 dev v0: ipv4: Address already assigned
netaddr: stdin:5: add 192.0.2.5/24 dev nosuch: device "nosuch" does not exist
netaddr: stdin:6: del 192.0.2.6/24 dev v0: ipv4: Address not found
netaddr: 4 of 7 lines failed
`
	if r.status != ExitFailure || r.errOut != want {
		t.Errorf("status %d, stderr:\n%s\nwant:\n%s", r.status, r.errOut, want)
	}
	for _, a := range []string{"192.0.2.1/24", "192.0.2.3/24", "192.0.2.7/24"} {
		if !f.has(a) {
			t.Errorf("%s not applied", a)
		}
	}

	// Only bad lines: the status of bad input, though the rest was sent.
	f = newBatchFake()
	r = runWith(t, f, []string{"-force", "-batch", "-"}, "a a 192.0.2.1/24 dev v0\na a 192.0.2.2/33 dev v0\n")
	if r.status != ExitUsage || !strings.HasSuffix(r.errOut, "netaddr: 1 of 2 lines failed\n") || !f.has("192.0.2.1/24") {
		t.Errorf("status %d, stderr %q, addrs %v", r.status, r.errOut, f.addrs)
	}
}

func TestBatchOptionErrors(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"-b", "-", "--atomic", "--force"}, "netaddr: --atomic and --force exclude each other: an atomic batch undoes every line when one fails, --force goes on past failures\n"},
		{[]string{"--force"}, "netaddr: --force and --atomic apply to a batch: give -b FILE or --batch FILE too\n"},
		{[]string{"--atomic", "addr", "add", "192.0.2.1/24", "dev", "v0"}, "netaddr: unknown flag: --atomic\n"},
		{[]string{"-b", "-", "addr", "show"}, "netaddr: unknown shorthand flag: 'b' in -b\n"},
		{[]string{"-b"}, "netaddr: flag needs an argument: 'b' in -b\n"},
		{[]string{"-b", "-", "extra"}, `netaddr: unknown command "extra" for "netaddr"` + "\n"},
	}
	for _, tt := range tests {
		f := newBatchFake()
		r := runWith(t, f, tt.args, "a a 192.0.2.1/24 dev v0\n")
		if r.status != ExitUsage || r.errOut != tt.stderr || r.dialed {
			t.Errorf("%q: status %d, stderr %q, dialed %v; want 2, %q", tt.args, r.status, r.errOut, r.dialed, tt.stderr)
		}
	}
	// netaddr alone still prints its help.
	r := runWith(t, newBatchFake(), nil, "")
	if r.status != ExitOK || !strings.Contains(r.out, "--batch") {
		t.Errorf("status %d, stdout %q", r.status, r.out)
	}
}

func TestIPStyleOptions(t *testing.T) {
	tests := map[string]string{
		"-json addr show":                "--json addr show",
		"-json -stats link":              "--json --stats link",
		"-force -batch -force":           "--force --batch -force",
		"-b -json -json":                 "-b -json --json",
		"addr add 192.0.2.1 label -json": "addr add 192.0.2.1 label -json",
		"-j -- -json":                    "-j -- -json",
		"-netns x addr":                  "--netns x addr",
		"-n -json -json addr":            "-n -json --json addr",
		"-pretty -j addr":                "--pretty -j addr",
	}
	for in, want := range tests {
		if got := strings.Join(ipStyleOptions(strings.Fields(in)), " "); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

// sameAddrs compares address sets as the kernel would show them.
func sameAddrs(t *testing.T, got, want []rtnl.Addr) {
	t.Helper()
	norm := func(as []rtnl.Addr) []string {
		var out []string
		for _, a := range as {
			out = append(out, fmt.Sprintf("%d %s peer=%v brd=%v scope=%d flags=%#x label=%q valid=%d preferred=%d metric=%d",
				a.Index, a.Local, a.Peer, a.Broadcast, a.Scope, a.Flags&restorableFlags, a.Label, a.Valid, a.Preferred, a.Metric))
		}
		slices.Sort(out)
		return out
	}
	g, w := norm(got), norm(want)
	if !slices.Equal(g, w) {
		t.Errorf("addresses:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

func atomicFake() *batchFake {
	f := newBatchFake()
	f.addrs = append(f.addrs,
		rtnl.Addr{Family: rtnl.FamilyV4, Index: 2, Local: netip.MustParsePrefix("198.51.100.1/24"), Scope: rtnl.ScopeLink,
			Label: "v0:a", Broadcast: netip.MustParseAddr("198.51.100.255"), Valid: 500, Preferred: 400, Metric: 7,
			Flags: rtnl.FlagNoPrefixRoute},
		rtnl.Addr{Family: rtnl.FamilyV4, Index: 2, Local: netip.MustParsePrefix("198.51.100.2/32"), Peer: netip.MustParseAddr("198.51.100.9"),
			Label: "v0", Valid: rtnl.Forever, Preferred: rtnl.Forever, Flags: rtnl.FlagPermanent},
		rtnl.Addr{Family: rtnl.FamilyV6, Index: 4, Local: netip.MustParsePrefix("2001:db8:1::1/64"),
			Valid: 300, Preferred: 200, Flags: rtnl.FlagNoDAD | rtnl.FlagHomeAddress},
		rtnl.Addr{Family: rtnl.FamilyV4, Index: 4, Local: netip.MustParsePrefix("203.0.113.1/24"),
			Valid: rtnl.Forever, Preferred: rtnl.Forever, Label: "v1", Flags: rtnl.FlagPermanent},
	)
	return f
}

const atomicBatch = `a a 192.0.2.1/24 dev v0
a d 198.51.100.1/24 dev v0
a d 198.51.100.2 peer 198.51.100.9/32 dev v0
a c 2001:db8:1::1/64 dev v1 valid_lft 50 nodad
a r 203.0.113.1/24 dev v1 metric 9 valid_lft 60
a r 2001:db8:2::1/64 dev v1 nodad
a d 2001:db8::1/64 dev v0
a a 192.0.2.77/24 dev v0
`

func TestBatchAtomicRollsBack(t *testing.T) {
	f := atomicFake()
	before := slices.Clone(f.addrs)
	f.refuse["192.0.2.77"] = &rtnl.Error{Err: unix.EINVAL, Message: "refused for the test"}
	r := runWith(t, f, []string{"-b", "-", "--atomic"}, atomicBatch)
	want := "netaddr: stdin:8: add 192.0.2.77/24 dev v0: refused for the test; rolled back 7 lines\n"
	if r.status != ExitFailure || r.errOut != want {
		t.Errorf("status %d, stderr %q, want %q", r.status, r.errOut, want)
	}
	sameAddrs(t, f.addrs, before)
	// One read per (family, device) before, one after.
	if n := f.count("Addrs"); n != 8 {
		t.Errorf("%d address dumps, want 8", n)
	}

	// All applied: nothing undone, nothing printed.
	f = atomicFake()
	r = runWith(t, f, []string{"-b", "-", "--atomic"}, atomicBatch)
	if r.status != ExitOK || r.errOut != "" || len(f.applies) != 1 {
		t.Errorf("status %d, stderr %q, %d applies", r.status, r.errOut, len(f.applies))
	}

	// A missing device: nothing is sent.
	f = atomicFake()
	r = runWith(t, f, []string{"-b", "-", "--atomic"}, atomicBatch+"a a 192.0.2.9/24 dev nosuch\n")
	if r.status != ExitFailure || !strings.HasSuffix(r.errOut, "; nothing was sent\n") || len(f.applies) != 0 {
		t.Errorf("status %d, stderr %q, %d applies", r.status, r.errOut, len(f.applies))
	}
}

func TestBatchAtomicUndoFails(t *testing.T) {
	f := atomicFake()
	f.refuse["192.0.2.77"] = &rtnl.Error{Err: unix.EINVAL, Message: "refused for the test"}
	inner := f.Apply
	calls := 0
	wrapped := &applyHook{batchFake: f, apply: func(ctx context.Context, reqs []rtnl.Request, opts rtnl.ApplyOptions) []error {
		calls++
		if calls == 2 {
			// The undo: the kernel now refuses the restore of one address.
			f.refuse["198.51.100.1"] = &rtnl.Error{Err: unix.ENOMEM, Message: "no memory for the test"}
		}
		return inner(ctx, reqs, opts)
	}}
	r := runWith(t, wrapped, []string{"-b", "-", "--atomic"}, atomicBatch)
	want := "netaddr: rollback: could not restore 198.51.100.1/24 dev v0: no memory for the test\n" +
		"netaddr: stdin:8: add 192.0.2.77/24 dev v0: refused for the test; rollback incomplete: of the 7 lines applied, 1 addresses could not be put back as they were (listed above)\n"
	if r.status != ExitFailure || r.errOut != want {
		t.Errorf("status %d, stderr:\n%s\nwant:\n%s", r.status, r.errOut, want)
	}
}

type applyHook struct {
	*batchFake
	apply func(context.Context, []rtnl.Request, rtnl.ApplyOptions) []error
}

func (h *applyHook) Apply(ctx context.Context, reqs []rtnl.Request, opts rtnl.ApplyOptions) []error {
	return h.apply(ctx, reqs, opts)
}

// Ctrl-C while a batch is sent stops it; what was applied is reported
// (and with --atomic, undone).
func TestBatchInterrupted(t *testing.T) {
	batch := "a a 192.0.2.1/24 dev v0\na a 192.0.2.2/24 dev v0\na a 192.0.2.3/24 dev v0\n"
	f := newBatchFake()
	f.interrupt = 3
	r := runWith(t, f, []string{"-b", "-"}, batch)
	if want := "netaddr: interrupted: 2 of 3 lines applied, 1 not sent\n"; r.status != ExitFailure || r.errOut != want {
		t.Errorf("status %d, stderr %q, want %q", r.status, r.errOut, want)
	}
	f = newBatchFake()
	before := slices.Clone(f.addrs)
	f.interrupt = 3
	r = runWith(t, f, []string{"-b", "-", "--atomic"}, batch)
	if want := "netaddr: interrupted; rolled back 2 lines\n"; r.status != ExitFailure || r.errOut != want {
		t.Errorf("status %d, stderr %q, want %q", r.status, r.errOut, want)
	}
	sameAddrs(t, f.addrs, before)
}

// Results the kernel's answers were lost for are never reported as
// success.
func TestBatchUnknownResult(t *testing.T) {
	f := newBatchFake()
	f.refuse["192.0.2.2"] = fmt.Errorf("lost: %w", rtnl.ErrUnknown)
	r := runWith(t, f, []string{"-b", "-", "--force"}, "a a 192.0.2.1/24 dev v0\na a 192.0.2.2/24 dev v0\n")
	if r.status != ExitFailure || !strings.Contains(r.errOut, "stdin:2: add 192.0.2.2/24 dev v0: lost") {
		t.Errorf("status %d, stderr %q", r.status, r.errOut)
	}
	if !errors.Is(f.refuse["192.0.2.2"], rtnl.ErrUnknown) {
		t.Fatal("test setup")
	}
}

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/netip"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
	"golang.org/x/sys/unix"
)

// fakeClient is an in-memory kernel: links, addresses, and a log of what
// was asked of it.
type fakeClient struct {
	links []rtnl.Link
	addrs []rtnl.Addr
	calls []string
	err   error       // returned by every modifying call when set
	given rtnl.Fields // of the last change or replace
	// driver holds the driver counters by device name; a device of links
	// missing from it has none.
	driver map[string][]rtnl.DriverStat
	// events are what Monitor reports before it returns as if ctx ended.
	events []rtnl.Event
}

func (f *fakeClient) log(s string) { f.calls = append(f.calls, s) }

func (f *fakeClient) Links() ([]rtnl.Link, error) { f.log("Links"); return f.links, nil }

func (f *fakeClient) LinkByName(name string) (rtnl.Link, error) {
	f.log("LinkByName " + name)
	for _, l := range f.links {
		if l.Name == name {
			return l, nil
		}
	}
	return rtnl.Link{}, &rtnl.Error{Err: unix.ENODEV}
}

func (f *fakeClient) LinkByIndex(i int) (rtnl.Link, error) {
	f.log("LinkByIndex")
	for _, l := range f.links {
		if l.Index == i {
			return l, nil
		}
	}
	return rtnl.Link{}, &rtnl.Error{Err: unix.ENODEV}
}

func (f *fakeClient) Addrs(flt rtnl.AddrFilter) ([]rtnl.Addr, error) {
	f.log("Addrs")
	var out []rtnl.Addr
	for _, a := range f.addrs {
		if flt.Match(&a) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f *fakeClient) modify(op string, a rtnl.Addr) error {
	f.log(op + " " + a.Local.String())
	if f.err != nil {
		return f.err
	}
	f.addrs = append(f.addrs, a)
	return nil
}

func (f *fakeClient) AddAddr(a rtnl.Addr) error { return f.modify("AddAddr", a) }
func (f *fakeClient) ReplaceAddr(a rtnl.Addr, given rtnl.Fields) error {
	f.given = given
	return f.modify("ReplaceAddr", a)
}

func (f *fakeClient) ChangeAddr(a rtnl.Addr, given rtnl.Fields) error {
	f.given = given
	return f.modify("ChangeAddr", a)
}
func (f *fakeClient) DelAddr(a rtnl.Addr) error { return f.modify("DelAddr", a) }
func (f *fakeClient) Close() error              { return nil }

// Apply runs the requests one by one through the single-request methods.
func (f *fakeClient) Apply(ctx context.Context, reqs []rtnl.Request, opts rtnl.ApplyOptions) []error {
	f.log("Apply")
	res := make([]error, len(reqs))
	stopped := false
	for i, r := range reqs {
		if stopped || ctx.Err() != nil {
			res[i] = rtnl.ErrNotSent
			continue
		}
		switch r.Op {
		case rtnl.OpAdd:
			res[i] = f.AddAddr(r.Addr)
		case rtnl.OpReplace:
			res[i] = f.ReplaceAddr(r.Addr, r.Given)
		case rtnl.OpChange:
			res[i] = f.ChangeAddr(r.Addr, r.Given)
		case rtnl.OpDel:
			res[i] = f.DelAddr(r.Addr)
		}
		stopped = res[i] != nil && opts.StopOnError
	}
	return res
}

// Monitor reports f.events, then returns as if ctx had ended.
func (f *fakeClient) Monitor(ctx context.Context, addrs, links bool, fn func(rtnl.Event) error) error {
	f.log("Monitor")
	for _, ev := range f.events {
		if ctx.Err() != nil {
			return nil
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeClient) DriverStats(name string) ([]rtnl.DriverStat, error) {
	f.log("DriverStats " + name)
	for _, l := range f.links {
		if l.Name == name {
			if s := f.driver[name]; s != nil {
				return s, nil
			}
			return []rtnl.DriverStat{}, nil
		}
	}
	return nil, &rtnl.Error{Err: unix.ENODEV}
}

func newFake() *fakeClient {
	return &fakeClient{
		links: []rtnl.Link{{Index: 1, Name: "lo"}, {Index: 2, Name: "v0"}, {Index: 3, Name: "2"}, {Index: 4, Name: "v1"}},
		addrs: []rtnl.Addr{
			{Family: rtnl.FamilyV4, Index: 1, Local: netip.MustParsePrefix("127.0.0.1/8"), Scope: rtnl.ScopeHost,
				Flags: rtnl.FlagPermanent, Label: "lo", Valid: rtnl.Forever, Preferred: rtnl.Forever},
			{Family: rtnl.FamilyV6, Index: 2, Local: netip.MustParsePrefix("2001:db8::1/64"),
				Flags: rtnl.FlagPermanent, Valid: rtnl.Forever, Preferred: rtnl.Forever},
		},
	}
}

type result struct {
	status      int
	out, errOut string
	dialed      bool
}

func run(t *testing.T, f *fakeClient, line string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	r := result{}
	dial := func(string) (rtnl.Client, error) { r.dialed = true; return f, nil }
	r.status = Run(strings.Fields(line), IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, dial)
	r.out, r.errOut = out.String(), errOut.String()
	return r
}

func TestAddResolvesDeviceAndSends(t *testing.T) {
	f := newFake()
	r := run(t, f, "addr add 192.0.2.1/24 dev v0 valid_lft 60")
	if r.status != ExitOK || r.errOut != "" {
		t.Fatalf("status %d, stderr %q", r.status, r.errOut)
	}
	last := f.addrs[len(f.addrs)-1]
	if last.Index != 2 || last.Valid != 60 || last.Preferred != 60 {
		t.Errorf("sent %+v", last)
	}
}

// A number names a device with that name if there is one, else an index.
func TestNumericDevice(t *testing.T) {
	f := newFake()
	if r := run(t, f, "addr add 192.0.2.1/24 dev 2"); r.status != ExitOK {
		t.Fatalf("status %d: %s", r.status, r.errOut)
	}
	if got := f.addrs[len(f.addrs)-1].Index; got != 3 {
		t.Errorf("dev 2 went to index %d, want the device named \"2\" (index 3)", got)
	}
	if r := run(t, f, "addr add 192.0.2.2/24 dev 4"); r.status != ExitOK {
		t.Fatalf("status %d: %s", r.status, r.errOut)
	}
	if got := f.addrs[len(f.addrs)-1].Index; got != 4 {
		t.Errorf("dev 4 went to index %d, want index 4", got)
	}
	r := run(t, f, "addr add 192.0.2.3/24 dev 99")
	if r.status != ExitFailure || !strings.Contains(r.errOut, `device "99" does not exist, neither as a name nor as an index`) {
		t.Errorf("status %d, stderr %q", r.status, r.errOut)
	}
}

func TestExitStatuses(t *testing.T) {
	tests := []struct {
		line      string
		kernelErr error
		status    int
		stderr    string
		dials     bool
	}{
		{"addr add 192.0.2.1/33 dev v0", nil, ExitUsage, `netaddr: invalid prefix length in address "192.0.2.1/33": want 0-32` + "\n", false},
		{"addr add 192.0.2.1/24 dev v0 --bogus", nil, ExitUsage, "netaddr: unknown flag: --bogus\n", false},
		{"addr frobnicate", nil, ExitUsage, "", false},
		{"addr show -4 -6", nil, ExitUsage, "netaddr: -4 and -6 exclude each other: give neither to see both families\n", false},
		{"addr add 192.0.2.1/24 dev nosuch", nil, ExitFailure, `netaddr: add 192.0.2.1/24 dev nosuch: device "nosuch" does not exist` + "\n", true},
		{"addr add 192.0.2.1/24 dev v0", &rtnl.Error{Err: unix.EEXIST, Message: "ipv4: Address already assigned"}, ExitFailure,
			"netaddr: add 192.0.2.1/24 dev v0: ipv4: Address already assigned\n", true},
		{"addr del 192.0.2.1/24 dev v0", &rtnl.Error{Err: unix.EPERM}, ExitPermission,
			"netaddr: del 192.0.2.1/24 dev v0: operation not permitted: this command needs CAP_NET_ADMIN", true},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			f := newFake()
			f.err = tt.kernelErr
			r := run(t, f, tt.line)
			if r.status != tt.status {
				t.Errorf("status %d, want %d (stderr %q)", r.status, tt.status, r.errOut)
			}
			if !strings.HasPrefix(r.errOut, tt.stderr) || strings.Count(r.errOut, "\n") != 1 {
				t.Errorf("stderr %q, want one line starting %q", r.errOut, tt.stderr)
			}
			if r.dialed != tt.dials {
				t.Errorf("dialed = %v, want %v: bad input must reach nothing", r.dialed, tt.dials)
			}
		})
	}
}

func TestShowJSONFamilyDropsEmptyLinks(t *testing.T) {
	f := newFake()
	r := run(t, f, "-j -4 addr show")
	if r.status != ExitOK {
		t.Fatalf("status %d: %s", r.status, r.errOut)
	}
	var got []struct {
		Ifname   string           `json:"ifname"`
		AddrInfo []map[string]any `json:"addr_info"`
	}
	if err := json.Unmarshal([]byte(r.out), &got); err != nil {
		t.Fatalf("%v in %s", err, r.out)
	}
	if len(got) != 1 || got[0].Ifname != "lo" || len(got[0].AddrInfo) != 1 {
		t.Errorf("-4 addr show = %s, want only lo with its IPv4 address", r.out)
	}
	r = run(t, f, "--json addr show")
	if err := json.Unmarshal([]byte(r.out), &got); err != nil || len(got) != 4 {
		t.Errorf("addr show = %s (%v), want all 4 links", r.out, err)
	}
}

func TestShowDevUsesOneDeviceDump(t *testing.T) {
	f := newFake()
	r := run(t, f, "addr show dev v0")
	if r.status != ExitOK || !strings.Contains(r.out, "2001:db8::1/64") || strings.Contains(r.out, "127.0.0.1") {
		t.Fatalf("status %d, out %q", r.status, r.out)
	}
	for _, c := range f.calls {
		if c == "Links" {
			t.Error("show dev dumped every link")
		}
	}
}

// change and replace pass on which attributes were given, so that the
// adapter can tell "keep" from "set to the default".
func TestChangePassesGivenFields(t *testing.T) {
	tests := map[string]rtnl.Fields{
		"addr change 192.0.2.1/24 dev v0 valid_lft 60":                            0,
		"addr change 192.0.2.1/24 dev v0 scope link":                              rtnl.FieldScope,
		"addr replace 192.0.2.1/24 dev v0 label v0:x brd + noprefixroute":         rtnl.FieldLabel | rtnl.FieldBroadcast | rtnl.FieldFlags,
		"addr replace 2001:db8::1/64 dev v0 nodad scope global valid_lft forever": rtnl.FieldScope | rtnl.FieldFlags,
	}
	for line, want := range tests {
		f := newFake()
		if r := run(t, f, line); r.status != ExitOK {
			t.Fatalf("%s: status %d: %s", line, r.status, r.errOut)
		}
		if f.given != want {
			t.Errorf("%s: given = %b, want %b", line, f.given, want)
		}
	}
}

// A dump that stays interrupted is not shown as if complete: one line on
// stderr, the failure status.
func TestInconsistentDumpFails(t *testing.T) {
	f := &inconsistentFake{fakeClient: newFake()}
	var out, errOut bytes.Buffer
	status := Run([]string{"addr", "show"}, IO{In: strings.NewReader(""), Out: &out, Err: &errOut},
		func(string) (rtnl.Client, error) { return f, nil })
	if status != ExitFailure || out.Len() != 0 ||
		errOut.String() != "netaddr: dump addresses: dump interrupted by concurrent changes on every retry\n" {
		t.Errorf("status %d, stdout %q, stderr %q", status, out.String(), errOut.String())
	}
}

type inconsistentFake struct{ *fakeClient }

func (f *inconsistentFake) Addrs(rtnl.AddrFilter) ([]rtnl.Addr, error) {
	return nil, &rtnl.Error{Op: "dump addresses", Err: rtnl.ErrInconsistent}
}

package cli

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func TestParseAddrRequest(t *testing.T) {
	pfx := netip.MustParsePrefix
	ip := netip.MustParseAddr
	tests := []struct {
		name   string
		verb   string
		args   string
		family rtnl.Family
		want   rtnl.Addr
		dev    string
	}{
		{
			name: "plain ipv4 gets global scope and no lifetimes",
			args: "192.0.2.1/24 dev v0",
			want: rtnl.Addr{Family: rtnl.FamilyV4, Local: pfx("192.0.2.1/24")},
			dev:  "v0",
		},
		{
			name: "no length means /32, loopback means host scope",
			args: "dev lo 127.0.0.2",
			want: rtnl.Addr{Family: rtnl.FamilyV4, Local: pfx("127.0.0.2/32"), Scope: rtnl.ScopeHost},
			dev:  "lo",
		},
		{
			name: "library walkthrough: ipv6 with lifetimes",
			args: "2002:4BC:1::1/64 dev 2 valid_lft 60 preferred_lft 30",
			want: rtnl.Addr{Family: rtnl.FamilyV6, Local: pfx("2002:4bc:1::1/64"), Valid: 60, Preferred: 30},
			dev:  "2",
		},
		{
			name: "library walkthrough: link scope by the library's name",
			args: "fe90::223:14ff:feb9:384/64 dev v0 scope Link valid_lft 30 preferred_lft 30",
			want: rtnl.Addr{Family: rtnl.FamilyV6, Local: pfx("fe90::223:14ff:feb9:384/64"), Scope: rtnl.ScopeLink, Valid: 30, Preferred: 30},
			dev:  "v0",
		},
		{
			name: "every attribute",
			args: "local 192.0.2.1/24 dev v0 scope 7 brd + label v0:x valid_lft 1h30m preferred_lft 90s metric 20 NoPrefixRoute",
			want: rtnl.Addr{Family: rtnl.FamilyV4, Local: pfx("192.0.2.1/24"), Scope: 7,
				Broadcast: ip("192.0.2.255"), Label: "v0:x",
				Valid: 5400, Preferred: 90, Metric: 20, Flags: rtnl.FlagNoPrefixRoute},
			dev: "v0",
		},
		{
			name: "broadcast minus clears host bits",
			args: "192.0.2.77/26 broadcast - dev v0",
			want: rtnl.Addr{Family: rtnl.FamilyV4, Local: pfx("192.0.2.77/26"), Broadcast: ip("192.0.2.64")},
			dev:  "v0",
		},
		{
			name: "broadcast plus on /31 computes nothing, as iproute2",
			args: "192.0.2.1/31 brd + dev v0",
			want: rtnl.Addr{Family: rtnl.FamilyV4, Local: pfx("192.0.2.1/31")},
			dev:  "v0",
		},
		{
			name: "peer carries the prefix length",
			args: "192.0.2.1 peer 192.0.2.2/30 dev v0",
			want: rtnl.Addr{Family: rtnl.FamilyV4, Local: pfx("192.0.2.1/30"), Peer: ip("192.0.2.2")},
			dev:  "v0",
		},
		{
			name: "ipv6 flags in both vocabularies",
			args: "2001:db8::1/64 dev v0 home ManageTempAddr NODAD noprefixroute",
			want: rtnl.Addr{Family: rtnl.FamilyV6, Local: pfx("2001:db8::1/64"),
				Flags: rtnl.FlagHomeAddress | rtnl.FlagManageTemp | rtnl.FlagNoDAD | rtnl.FlagNoPrefixRoute},
			dev: "v0",
		},
		{
			name: "only valid_lft: preferred equals it",
			args: "2001:db8::1/64 dev v0 valid_lft 100sec",
			want: rtnl.Addr{Family: rtnl.FamilyV6, Local: pfx("2001:db8::1/64"), Valid: 100, Preferred: 100},
			dev:  "v0",
		},
		{
			name: "only preferred_lft: valid is forever",
			args: "2001:db8::1/64 dev v0 preferred_lft 100",
			want: rtnl.Addr{Family: rtnl.FamilyV6, Local: pfx("2001:db8::1/64"), Valid: rtnl.Forever, Preferred: 100},
			dev:  "v0",
		},
		{
			name: "del with peer",
			verb: "del",
			args: "192.0.2.1 peer 192.0.2.2 dev v0",
			want: rtnl.Addr{Family: rtnl.FamilyV4, Local: pfx("192.0.2.1/32"), Peer: ip("192.0.2.2")},
			dev:  "v0",
		},
		{
			name:   "family option agrees",
			args:   "2001:db8::1/64 dev v0",
			family: rtnl.FamilyV6,
			want:   rtnl.Addr{Family: rtnl.FamilyV6, Local: pfx("2001:db8::1/64")},
			dev:    "v0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			verb := tt.verb
			if verb == "" {
				verb = "add"
			}
			req, err := parseAddrRequest(verb, strings.Fields(tt.args), tt.family)
			if err != nil {
				t.Fatal(err)
			}
			if req.addr != tt.want || req.dev != tt.dev {
				t.Errorf("got  %+v dev %q\nwant %+v dev %q", req.addr, req.dev, tt.want, tt.dev)
			}
		})
	}
}

func TestParseAddrRequestRejects(t *testing.T) {
	tests := []struct {
		verb, args string
		family     rtnl.Family
		token      string // the message must name it
	}{
		{"add", "dev v0", 0, "needs an address"},
		{"add", "192.0.2.1/24", 0, "dev DEV"},
		{"add", "192.0.2.300/24 dev v0", 0, "192.0.2.300/24"},
		{"add", "192.0.2.1/33 dev v0", 0, "192.0.2.1/33"},
		{"add", "2001:db8::1/129 dev v0", 0, "2001:db8::1/129"},
		{"add", "192.0.2.1/-1 dev v0", 0, "192.0.2.1/-1"},
		{"add", "192.0.2.1/x dev v0", 0, "192.0.2.1/x"},
		{"add", "192.0.2.1/+8 dev v0", 0, "192.0.2.1/+8"},
		{"add", "fe80::1%v0/64 dev v0", 0, "fe80::1%v0/64"},
		{"add", "192.0.2.1/24 dev v0 dev v1", 0, `"dev" is given twice`},
		{"add", "192.0.2.1/24 dev v0 brd + broadcast -", 0, `"broadcast" is given twice`},
		{"add", "192.0.2.1/24 192.0.2.2/24 dev v0", 0, "192.0.2.2/24"},
		{"add", "192.0.2.1/24 dev v0 lable x", 0, `"lable"`},
		{"add", "192.0.2.1/24 dev v0 scope 256", 0, `"256"`},
		{"add", "192.0.2.1/24 dev v0 scope galactic", 0, `"galactic"`},
		{"add", "2001:db8::1/64 dev v0 scope host", 0, `scope "host"`},
		{"add", "192.0.2.1/24 dev v0 valid_lft 0", 0, `valid_lft "0"`},
		{"add", "192.0.2.1/24 dev v0 valid_lft -5", 0, `"-5"`},
		{"add", "192.0.2.1/24 dev v0 valid_lft 4294967296", 0, `"4294967296"`},
		{"add", "192.0.2.1/24 dev v0 valid_lft 1.5s", 0, `"1.5s"`},
		{"add", "192.0.2.1/24 dev v0 valid_lft 10 preferred_lft 20", 0, `preferred_lft "20"`},
		{"add", "192.0.2.1/24 dev v0 label abcdefghijklmnop", 0, "abcdefghijklmnop"},
		{"add", "192.0.2.1/24 dev v0 preferred_lft 60", 0, `preferred_lft "60" needs a finite valid_lft`},
		{"add", "192.0.2.1/24 dev v0 valid_lft forever preferred_lft 0", 0, `preferred_lft "0" needs a finite valid_lft`},
		{"add", "2001:db8::1/64 dev v0 label v0", 0, `label "v0"`},
		{"add", "192.0.2.1/24 dev v0 peer 2001:db8::2", 0, "2001:db8::2"},
		{"add", "192.0.2.1/24 dev v0 broadcast 2001:db8::ff", 0, "2001:db8::ff"},
		{"add", "2001:db8::1/64 dev v0 broadcast +", 0, `broadcast "+"`},
		{"add", "2001:db8::1/64 dev v0 nodad optimistic", 0, "nodad and optimistic"},
		{"add", "192.0.2.1/24 dev v0 nodad", 0, "nodad"},
		{"add", "192.0.2.1/24 dev v0 autojoin", 0, "autojoin"},
		{"add", "2001:db8::1/64 dev v0 nodad NoDAD", 0, `"NoDAD"`},
		{"add", "192.0.2.1/24 dev v0 metric x", 0, `"x"`},
		{"add", "2001:db8::1/64 dev v0 anycast 2001:db8::9", 0, `anycast "2001:db8::9": the kernel ignores`},
		{"add", "192.0.2.1/24 dev a/b", 0, `"a/b"`},
		{"add", "192.0.2.1/24 dev abcdefghijklmnop", 0, `"abcdefghijklmnop"`},
		{"add", "192.0.2.1/24 dev", 0, `"dev" needs a value`},
		{"add", "192.0.2.1/24 dev v0", rtnl.FamilyV6, "192.0.2.1/24"},
		{"add", "192.0.2.1/24 peer 192.0.2.2 dev v0", 0, "192.0.2.1/24"},
		{"del", "192.0.2.1/24 dev v0 label v0", 0, `"label"`},
		{"del", "192.0.2.1/24 dev v0 nodad", 0, `"nodad"`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			req, err := parseAddrRequest(tt.verb, strings.Fields(tt.args), tt.family)
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("parsed %+v, err %v: want a usage error", req, err)
			}
			if !strings.Contains(err.Error(), tt.token) {
				t.Errorf("error %q does not name %q", err, tt.token)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not one line", err)
			}
		})
	}
}

func TestParseLifetime(t *testing.T) {
	good := map[string]uint32{
		"forever": rtnl.Forever, "FOREVER": rtnl.Forever, "0": 0, "59": 59, "59sec": 59,
		"90s": 90, "1h30m": 5400, "4294967295": rtnl.Forever, "4294967294": 4294967294,
	}
	for in, want := range good {
		got, err := parseLifetime("valid_lft", in)
		if err != nil || got != want {
			t.Errorf("parseLifetime(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1.5s", "-3s", "1x", "4294967296", "2000000h", "sec"} {
		if got, err := parseLifetime("valid_lft", in); err == nil {
			t.Errorf("parseLifetime(%q) = %d, want an error", in, got)
		}
	}
}

func TestParseScope(t *testing.T) {
	good := map[string]uint8{"global": 0, "Universe": 0, "SITE": 200, "link": 253, "Host": 254, "nowhere": 255, "0": 0, "42": 42, "255": 255}
	for in, want := range good {
		if got, err := parseScope(in); err != nil || got != want {
			t.Errorf("parseScope(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "256", "-1", "lnk", "0x10"} {
		if _, err := parseScope(in); err == nil {
			t.Errorf("parseScope(%q) accepted", in)
		}
	}
}

func FuzzParseAddrRequest(f *testing.F) {
	for _, s := range []string{
		"192.0.2.1/24 dev v0 brd + label v0:1 valid_lft 60 preferred_lft 30",
		"2001:db8::1/64 dev 2 nodad home scope link",
		"192.0.2.1 peer 192.0.2.2/30 dev v0 metric 5",
		"dev v0 fe80::1/64 valid_lft 1h",
	} {
		f.Add("add", s)
	}
	f.Add("del", "192.0.2.1/24 dev v0")
	f.Fuzz(func(t *testing.T, verb, line string) {
		if verb != "add" && verb != "del" && verb != "change" && verb != "replace" {
			return
		}
		req, err := parseAddrRequest(verb, strings.Fields(line), rtnl.FamilyAll)
		if err != nil {
			var ue *usageError
			if !errors.As(err, &ue) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not a one-line usage error", err)
			}
			return
		}
		a := req.addr
		if !a.Local.IsValid() || !validDevName(req.dev) {
			t.Fatalf("accepted an incoherent request: %+v", req)
		}
		if a.Valid != 0 && (a.Preferred > a.Valid) {
			t.Fatalf("accepted preferred %d > valid %d", a.Preferred, a.Valid)
		}
		if a.Label != "" && (len(a.Label) > 15 || !a.Local.Addr().Is4()) {
			t.Fatalf("accepted label %q", a.Label)
		}
	})
}

package render

import (
	"reflect"
	"strings"
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func TestScopeName(t *testing.T) {
	tests := []struct {
		scope uint8
		want  string
	}{
		{0, "global"},
		{200, "site"},
		{253, "link"},
		{254, "host"},
		{255, "nowhere"},
		{1, "1"},
		{100, "100"},
		{252, "252"},
	}
	for _, tt := range tests {
		if got := ScopeName(tt.scope); got != tt.want {
			t.Errorf("ScopeName(%d) = %q, want %q", tt.scope, got, tt.want)
		}
	}
}

func TestAddrFlagNames(t *testing.T) {
	var names []string
	var all uint32
	for _, f := range AddrFlagNames() {
		names = append(names, f.Name)
		if f.Flag == 0 || f.Flag&(f.Flag-1) != 0 || all&f.Flag != 0 {
			t.Errorf("%s: flag %#x is not a single new bit", f.Name, f.Flag)
		}
		all |= f.Flag
	}
	// iproute2 6.1 ifa_flag_data, without its second IFA_F_SECONDARY entry.
	want := "secondary nodad optimistic dadfailed home deprecated tentative permanent mngtmpaddr noprefixroute autojoin stable-privacy"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("names in order:\n got %s\nwant %s", got, want)
	}
	s := AddrFlagNames()
	s[0].Name = "changed"
	if AddrFlagNames()[0].Name != "secondary" {
		t.Error("AddrFlagNames hands out its table, not a copy")
	}
}

func TestFlagWords(t *testing.T) {
	tests := []struct {
		name        string
		fam         rtnl.Family
		flags       uint32
		want        []string
		wantUnknown uint32
	}{
		{"permanent prints nothing", rtnl.FamilyV4, rtnl.FlagPermanent, nil, 0},
		{"no flags is dynamic", rtnl.FamilyV4, 0, []string{"dynamic"}, 0},
		{"ipv4 secondary", rtnl.FamilyV4, rtnl.FlagSecondary | rtnl.FlagPermanent, []string{"secondary"}, 0},
		{"ipv6 secondary is temporary", rtnl.FamilyV6, rtnl.FlagSecondary, []string{"temporary", "dynamic"}, 0},
		{"dynamic sits where permanent would", rtnl.FamilyV6,
			rtnl.FlagTentative | rtnl.FlagManageTemp | rtnl.FlagNoDAD,
			[]string{"nodad", "tentative", "dynamic", "mngtmpaddr"}, 0},
		{"unknown bits are left", rtnl.FamilyV6, rtnl.FlagPermanent | 0x80000000 | rtnl.FlagStablePrivacy,
			[]string{"stable-privacy"}, 0x80000000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			unknown := flagWords(tt.fam, tt.flags, func(w string) { got = append(got, w) })
			if !reflect.DeepEqual(got, tt.want) || unknown != tt.wantUnknown {
				t.Errorf("got %q, unknown %#x; want %q, unknown %#x", got, unknown, tt.want, tt.wantUnknown)
			}
		})
	}
}

func TestAddrProtoName(t *testing.T) {
	tests := []struct {
		p    uint8
		want string
	}{
		{0, "unspec"}, {1, "kernel_lo"}, {2, "kernel_ra"}, {3, "kernel_ll"}, {4, "0x4"}, {255, "0xff"},
	}
	for _, tt := range tests {
		if got := AddrProtoName(tt.p); got != tt.want {
			t.Errorf("AddrProtoName(%d) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

// TestFlagWordsNeedNoEscaping guards jsonWriter.key, which writes member
// names without escaping them.
func TestFlagWordsNeedNoEscaping(t *testing.T) {
	words := []string{"dynamic", "temporary", "ifa_flags"}
	for _, f := range AddrFlagNames() {
		words = append(words, f.Name)
	}
	for _, w := range words {
		if got := string(appendJSONString(nil, w)); got != `"`+w+`"` {
			t.Errorf("%q needs escaping: %s", w, got)
		}
	}
}

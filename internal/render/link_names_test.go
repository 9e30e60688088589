package render

import (
	"net/netip"
	"strings"
	"testing"
)

func TestOperStateName(t *testing.T) {
	want := []string{"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP", "0x7", "0xff"}
	for i, s := range []uint8{0, 1, 2, 3, 4, 5, 6, 7, 255} {
		if got := OperStateName(s); got != want[i] {
			t.Errorf("OperStateName(%d) = %q, want %q", s, got, want[i])
		}
	}
}

func TestLinkModeName(t *testing.T) {
	for m, want := range map[uint8]string{0: "DEFAULT", 1: "DORMANT", 2: "2", 255: "255"} {
		if got := LinkModeName(m); got != want {
			t.Errorf("LinkModeName(%d) = %q, want %q", m, got, want)
		}
	}
}

func TestGroupName(t *testing.T) {
	for g, want := range map[uint32]string{0: "default", 7: "7", 0x7fffffff: "2147483647", 0x80000000: "-2147483648", 0xffffffff: "-1"} {
		if got := GroupName(g); got != want {
			t.Errorf("GroupName(%d) = %q, want %q", g, got, want)
		}
	}
}

func TestLinkTypeName(t *testing.T) {
	tests := map[uint16]string{
		0: "netrom", 1: "ether", 32: "infiniband", 512: "ppp", 768: "ipip", 769: "tunnel6", 772: "loopback",
		776: "sit", 777: "ip/ddp", 778: "gre", 787: "fcfb0", 799: "fcfb12", 801: "ieee802.11",
		804: "ieee802.15.4", 823: "gre6", 825: "6lowpan", 65534: "none", 65535: "void",
		// Types iproute2 6.1 has no word for.
		9: "[9]", 290: "[290]", 519: "[519]", 826: "[826]", 65533: "[65533]",
	}
	for typ, want := range tests {
		if got := LinkTypeName(typ); got != want {
			t.Errorf("LinkTypeName(%d) = %q, want %q", typ, got, want)
		}
	}
	if n := len(arphrdNames); n != 75 {
		t.Errorf("%d ARPHRD names, iproute2 6.1 has 75", n)
	}
}

func TestHWAddr(t *testing.T) {
	v6 := netip.MustParseAddr("2001:db8::1").AsSlice()
	compat := netip.MustParseAddr("::c000:201").AsSlice()
	long := make([]byte, 32)
	tests := []struct {
		b    []byte
		typ  uint16
		want string
	}{
		{nil, 1, ""},
		{[]byte{0x12, 0x70, 0xea, 0xb9, 0xb7, 0x69}, 1, "12:70:ea:b9:b7:69"},
		{[]byte{0xab}, 1, "ab"},
		{[]byte{192, 0, 2, 1}, 768, "192.0.2.1"},
		{[]byte{192, 0, 2, 1}, 776, "192.0.2.1"},
		{[]byte{192, 0, 2, 1}, 778, "192.0.2.1"},
		{[]byte{192, 0, 2, 1}, 1, "c0:00:02:01"}, // not a tunnel
		{[]byte{192, 0, 2, 1, 0}, 768, "c0:00:02:01:00"},
		{v6, 769, "2001:db8::1"},
		{v6, 823, "2001:db8::1"},
		{compat, 823, "::192.0.2.1"}, // glibc's inet_ntop
		{v6, 778, "20:01:0d:b8:00:00:00:00:00:00:00:00:00:00:00:01"},
		{long, 32, strings.Repeat("00:", 21)},
	}
	for _, tt := range tests {
		if got := HWAddr(tt.b, tt.typ); got != tt.want {
			t.Errorf("HWAddr(% x, %d) = %q, want %q", tt.b, tt.typ, got, tt.want)
		}
	}
	if got := HWAddr(long, 32); len(got) != hwAddrMax {
		t.Errorf("a 32-byte address prints %d characters, want iproute2's %d", len(got), hwAddrMax)
	}
}

func TestLinkFlagWords(t *testing.T) {
	tests := []struct {
		flags uint32
		mdown bool
		want  string
	}{
		{0, false, ""},
		{0, true, "M-DOWN"},
		{iffUp, false, "NO-CARRIER,UP"},
		{iffUp | iffRunning, false, "UP"},
		{iffRunning, false, ""},
		{iffLoopback | iffUp | iffRunning | iffLowerUp, false, "LOOPBACK,UP,LOWER_UP"},
		// Every named flag, in print_link_flags' order.
		{0x7ffff, true, "LOOPBACK,BROADCAST,POINTOPOINT,MULTICAST,NOARP,ALLMULTI,PROMISC,MASTER,SLAVE," +
			"DEBUG,DYNAMIC,AUTOMEDIA,PORTSEL,NOTRAILERS,UP,LOWER_UP,DORMANT,ECHO,M-DOWN"},
		{iffUp | 0x80000, false, "NO-CARRIER,UP,80000"},
		{0xfff80000, true, "fff80000,M-DOWN"},
	}
	for _, tt := range tests {
		var words []string
		linkFlagWords(tt.flags, tt.mdown, nil, func(w string) { words = append(words, w) })
		if got := strings.Join(words, ","); got != tt.want {
			t.Errorf("flags %#x mdown %v: %s, want %s", tt.flags, tt.mdown, got, tt.want)
		}
	}
}

// TestLinkWordsNeedNoEscaping guards jsonWriter.key, lit and rawStr, which
// write names, words and hardware addresses without escaping them.
func TestLinkWordsNeedNoEscaping(t *testing.T) {
	var words []string
	for _, f := range linkFlagTable() {
		words = append(words, f.name)
	}
	for _, n := range arphrdNames {
		words = append(words, n)
	}
	words = append(words, operStates[:]...)
	words = append(words, "inet", "inet6", "DEFAULT", "DORMANT", "default", "NO-CARRIER", "M-DOWN", "[65533]")
	for s := range 256 {
		words = append(words, ScopeName(uint8(s)))
	}
	for _, w := range words {
		if got := string(appendJSONString(nil, w)); got != `"`+w+`"` {
			t.Errorf("%q needs escaping: %s", w, got)
		}
	}
}

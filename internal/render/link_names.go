package render

import (
	"net/netip"
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// Device flags (IFF_*), spelled out here because render does not import
// x/sys/unix; the values are the kernel's ABI and never change.
const (
	iffUp         = 0x1
	iffBroadcast  = 0x2
	iffDebug      = 0x4
	iffLoopback   = 0x8
	iffPointToPt  = 0x10
	iffNoTrailers = 0x20
	iffRunning    = 0x40
	iffNoARP      = 0x80
	iffPromisc    = 0x100
	iffAllMulti   = 0x200
	iffMaster     = 0x400
	iffSlave      = 0x800
	iffMulticast  = 0x1000
	iffPortSel    = 0x2000
	iffAutoMedia  = 0x4000
	iffDynamic    = 0x8000
	iffLowerUp    = 0x10000
	iffDormant    = 0x20000
	iffEcho       = 0x40000
)

// linkFlagTable is the order in which iproute2's print_link_flags prints
// the device flags. IFF_RUNNING is not in it: iproute2 never prints it, but
// prints "NO-CARRIER" first when a device is UP without it.
func linkFlagTable() [18]struct {
	flag uint32
	name string
} {
	return [18]struct {
		flag uint32
		name string
	}{
		{iffLoopback, "LOOPBACK"},
		{iffBroadcast, "BROADCAST"},
		{iffPointToPt, "POINTOPOINT"},
		{iffMulticast, "MULTICAST"},
		{iffNoARP, "NOARP"},
		{iffAllMulti, "ALLMULTI"},
		{iffPromisc, "PROMISC"},
		{iffMaster, "MASTER"},
		{iffSlave, "SLAVE"},
		{iffDebug, "DEBUG"},
		{iffDynamic, "DYNAMIC"},
		{iffAutoMedia, "AUTOMEDIA"},
		{iffPortSel, "PORTSEL"},
		{iffNoTrailers, "NOTRAILERS"},
		{iffUp, "UP"},
		{iffLowerUp, "LOWER_UP"},
		{iffDormant, "DORMANT"},
		{iffEcho, "ECHO"},
	}
}

// linkFlagWords calls fn with each word iproute2 6.1 prints for a device's
// flags, in its order (print_link_flags): "NO-CARRIER" when the device is
// UP but not RUNNING, then the named flags, then the bits it has no name
// for as one lower-case hex number, then "M-DOWN" when mdown is set (the
// device's IFLA_LINK peer is known and down). scratch is reused for the
// hex number and returned.
func linkFlagWords(flags uint32, mdown bool, scratch []byte, fn func(word string)) []byte {
	if flags&iffUp != 0 && flags&iffRunning == 0 {
		fn("NO-CARRIER")
	}
	flags &^= iffRunning
	for _, f := range linkFlagTable() {
		if flags&f.flag != 0 {
			fn(f.name)
			flags &^= f.flag
		}
	}
	if flags != 0 {
		scratch = strconv.AppendUint(scratch[:0], uint64(flags), 16)
		fn(string(scratch))
	}
	if mdown {
		fn("M-DOWN")
	}
	return scratch
}

// operStates is iproute2's oper_states: the words for IF_OPER_*.
var operStates = [...]string{
	"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP",
}

// OperStateName is the word iproute2 prints after "state" for an
// operational state (IF_OPER_*): UNKNOWN, NOTPRESENT, DOWN,
// LOWERLAYERDOWN, TESTING, DORMANT or UP. Other values print as
// iproute2's text output does, in hex with "%#x" ("0x7"); its JSON has
// "operstate_index" with the number instead.
func OperStateName(s uint8) string {
	if int(s) < len(operStates) {
		return operStates[s]
	}
	return "0x" + strconv.FormatUint(uint64(s), 16)
}

// LinkModeName is the word iproute2 prints after "mode" for a link mode
// (IF_LINK_MODE_*): DEFAULT or DORMANT; other values print as their number
// (and as "linkmode_index" in JSON).
func LinkModeName(m uint8) string {
	switch m {
	case 0:
		return "DEFAULT"
	case 1:
		return "DORMANT"
	}
	return strconv.Itoa(int(m))
}

// GroupName is what iproute2 prints for a device group: "default" for
// group 0 and otherwise the number, read as a signed 32-bit value as
// iproute2's "%d" does. iproute2 would also consult /etc/iproute2/group;
// render is pure and does not, so a locally named group prints as its
// number here (the stock file names only group 0).
func GroupName(g uint32) string {
	if g == 0 {
		return "default"
	}
	return strconv.Itoa(int(int32(g)))
}

// arphrdNames is iproute2 6.1's arphrd_names (lib/ll_types.c): the
// ARPHRD_* device types with the words "ip link" prints after "link/".
var arphrdNames = map[uint16]string{
	0:   "netrom",
	1:   "ether",
	2:   "eether",
	3:   "ax25",
	4:   "pronet",
	5:   "chaos",
	6:   "ieee802",
	7:   "arcnet",
	8:   "atalk",
	15:  "dlci",
	19:  "atm",
	23:  "metricom",
	24:  "ieee1394",
	32:  "infiniband",
	256: "slip",
	257: "cslip",
	258: "slip6",
	259: "cslip6",
	260: "rsrvd",
	264: "adapt",
	270: "rose",
	271: "x25",
	272: "hwx25",
	280: "can",
	512: "ppp",
	513: "hdlc",
	516: "lapb",
	517: "ddcmp",
	518: "rawhdlc",
	768: "ipip",
	769: "tunnel6",
	770: "frad",
	771: "skip",
	772: "loopback",
	773: "ltalk",
	774: "fddi",
	775: "bif",
	776: "sit",
	777: "ip/ddp",
	778: "gre",
	779: "pimreg",
	780: "hippi",
	781: "ash",
	782: "econet",
	783: "irda",
	784: "fcpp",
	785: "fcal",
	786: "fcpl",
	787: "fcfb0",
	788: "fcfb1",
	789: "fcfb2",
	790: "fcfb3",
	791: "fcfb4",
	792: "fcfb5",
	793: "fcfb6",
	794: "fcfb7",
	795: "fcfb8",
	796: "fcfb9",
	797: "fcfb10",
	798: "fcfb11",
	799: "fcfb12",
	800: "tr",
	801: "ieee802.11",
	802: "ieee802.11/prism",
	803: "ieee802.11/radiotap",
	804: "ieee802.15.4",
	805: "ieee802.15.4/monitor",
	820: "phonet",
	821: "phonet_pipe",
	822: "caif",
	823: "gre6",
	824: "netlink",
	825: "6lowpan",

	65534: "none",
	65535: "void",
}

// LinkTypeName is the word iproute2 6.1 prints for a device type
// (ifi_type, ARPHRD_*) as "link_type" and after "link/": "ether",
// "loopback", "none", "ipip", "sit", "gre", ... Types iproute2 6.1 has no
// word for (rawip 519, mctp 290, vsockmon 826, ...) print as it prints
// them, the number in brackets: "[519]".
func LinkTypeName(t uint16) string {
	if name, ok := arphrdNames[t]; ok {
		return name
	}
	return "[" + strconv.Itoa(int(t)) + "]"
}

// ARPHRD_* types whose hardware addresses iproute2 prints as IP addresses.
const (
	arphrdTunnel  = 768
	arphrdTunnel6 = 769
	arphrdSIT     = 776
	arphrdIPGRE   = 778
	arphrdIP6GRE  = 823
)

// hwAddrMax is the longest text iproute2 prints for a hardware address:
// it formats into a 64-byte buffer, so longer addresses are cut off.
const hwAddrMax = 63

// appendHWAddr appends a hardware address the way iproute2's ll_addr_n2a
// prints it for a device of type typ: the IPv4 or IPv6 text for the
// tunnel types that carry one, otherwise lower-case hex bytes joined by
// colons, cut to iproute2's 63 characters. (iproute2 also spells AX.25,
// NET/ROM and ROSE addresses in their own callsign forms; those radio
// devices get hex here.) b must not be empty.
func appendHWAddr(dst []byte, b []byte, typ uint16) []byte {
	switch {
	case len(b) == 4 && (typ == arphrdTunnel || typ == arphrdSIT || typ == arphrdIPGRE):
		return appendIP(dst, rtnl.FamilyV4, netip.AddrFrom4([4]byte(b)))
	case len(b) == 16 && (typ == arphrdTunnel6 || typ == arphrdIP6GRE):
		return appendIP(dst, rtnl.FamilyV6, netip.AddrFrom16([16]byte(b)))
	}
	const hex = "0123456789abcdef"
	start := len(dst)
	for i, c := range b {
		if i > 0 {
			dst = append(dst, ':')
		}
		dst = append(dst, hex[c>>4], hex[c&0xf])
		if len(dst)-start >= hwAddrMax {
			return dst[:start+hwAddrMax]
		}
	}
	return dst
}

// HWAddr is a hardware address as iproute2 prints it for a device of type
// typ (see LinkTypeName): "12:70:ea:b9:b7:69", or "192.0.2.1" for an IPv4
// tunnel; "" for an empty address.
func HWAddr(b []byte, typ uint16) string {
	if len(b) == 0 {
		return ""
	}
	var buf [hwAddrMax + 1]byte
	return string(appendHWAddr(buf[:0], b, typ))
}

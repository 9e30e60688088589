package render

import (
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// ScopeName is the word iproute2 prints for an address scope
// (rtnl_rtscope_n2a); scopes without a name print as their number.
// iproute2 would also consult /etc/iproute2/rt_scopes; render is pure and
// does not, so a locally named scope prints as its number here.
func ScopeName(s uint8) string {
	switch s {
	case rtnl.ScopeUniverse:
		return "global"
	case rtnl.ScopeSite:
		return "site"
	case rtnl.ScopeLink:
		return "link"
	case rtnl.ScopeHost:
		return "host"
	case rtnl.ScopeNowhere:
		return "nowhere"
	}
	return strconv.Itoa(int(s))
}

// AddrFlag names one IFA_F_* address flag as iproute2 prints it.
type AddrFlag struct {
	Flag uint32
	Name string
}

// addrFlagTable is iproute2's ifa_flag_data in its order, which is also the
// order of the keys in `ip -j` output. iproute2 lists IFA_F_SECONDARY a
// second time as "temporary"; that entry can never print (the first one
// clears the bit), so it is left out and the IPv6 spelling is handled where
// flags are printed. It is a function returning an array so that the table
// cannot be changed by anyone and costs no allocation to walk.
func addrFlagTable() [12]AddrFlag {
	return [12]AddrFlag{
		{rtnl.FlagSecondary, "secondary"},
		{rtnl.FlagNoDAD, "nodad"},
		{rtnl.FlagOptimistic, "optimistic"},
		{rtnl.FlagDADFailed, "dadfailed"},
		{rtnl.FlagHomeAddress, "home"},
		{rtnl.FlagDeprecated, "deprecated"},
		{rtnl.FlagTentative, "tentative"},
		{rtnl.FlagPermanent, "permanent"},
		{rtnl.FlagManageTemp, "mngtmpaddr"},
		{rtnl.FlagNoPrefixRoute, "noprefixroute"},
		{rtnl.FlagMcAutoJoin, "autojoin"},
		{rtnl.FlagStablePrivacy, "stable-privacy"},
	}
}

// AddrFlagNames returns the address flags with their iproute2 names, in
// iproute2's order. The slice is a fresh copy; callers may keep or change it.
//
// Printing differs from this table in two places, both iproute2's rules:
// PERMANENT is never printed, its absence is ("dynamic"), and SECONDARY on
// an IPv6 address prints as "temporary".
func AddrFlagNames() []AddrFlag {
	t := addrFlagTable()
	return t[:]
}

// flagWords calls fn with each word iproute2 prints for the flags of an
// address of family fam, in iproute2's order, and returns the bits it has
// no word for. The JSON and the table share it so they cannot disagree.
func flagWords(fam rtnl.Family, flags uint32, fn func(word string)) (unknown uint32) {
	for _, f := range addrFlagTable() {
		switch {
		case f.Flag == rtnl.FlagPermanent:
			if flags&f.Flag == 0 {
				fn("dynamic")
			}
		case flags&f.Flag == 0:
		case f.Flag == rtnl.FlagSecondary && fam == rtnl.FamilyV6:
			fn("temporary")
		default:
			fn(f.Name)
		}
		flags &^= f.Flag
	}
	return flags
}

// AddrProtoName is the word iproute2 (6.4 and later, rtnl_addrprot_n2a)
// prints for IFA_PROTO, the originator of an address; other values print in
// hex as "%#x" does. iproute2 6.1 does not print the protocol at all, so
// AddrsJSON does not either; this is here for views and parsers that do.
func AddrProtoName(p uint8) string {
	switch p {
	case 0:
		return "unspec"
	case 1:
		return "kernel_lo"
	case 2:
		return "kernel_ra"
	case 3:
		return "kernel_ll"
	}
	return "0x" + strconv.FormatUint(uint64(p), 16)
}

// familyName is iproute2's family_name for the families an address dump
// can hold; ok is false where iproute2 would print the number instead
// ("family_index"). iproute2 also names link, mpls and bridge, which never
// carry interface addresses.
func familyName(f rtnl.Family) (name string, ok bool) {
	switch f {
	case rtnl.FamilyV4:
		return "inet", true
	case rtnl.FamilyV6:
		return "inet6", true
	}
	return "", false
}

package render

import (
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// Lookup finds a link by ifindex. Render uses it for the links a printed
// link refers to: its master (a bridge or bond) and its IFLA_LINK parent
// (a veth's peer, a vlan's lower device), whose names iproute2 prints and
// whose UP flag decides "M-DOWN". These need not be among the links being
// printed: `addr show dev v0` prints one link, yet names v0's peer and
// master. iproute2 resolves them from its cache of all links, asking the
// kernel for any it lacks; a Lookup should do the same, typically with
// LookupIn over a full link dump. A link it cannot find prints as
// "if<index>", as iproute2's fallback does, and never as "M-DOWN".
type Lookup func(ifindex int) (*rtnl.Link, bool)

// LookupIn returns a Lookup that finds links among links, by index. It
// keeps pointers into links, which must not change while it is in use.
func LookupIn(links []rtnl.Link) Lookup {
	byIndex := make(map[int]*rtnl.Link, len(links))
	for i := range links {
		if _, ok := byIndex[links[i].Index]; !ok {
			byIndex[links[i].Index] = &links[i]
		}
	}
	return func(ifindex int) (*rtnl.Link, bool) {
		l, ok := byIndex[ifindex]
		return l, ok
	}
}

// JSONOptions are what `ip -j` takes from its command line and
// environment for link and address output.
type JSONOptions struct {
	// Pretty is -p: iproute2's indented layout.
	Pretty bool
	// Stats is how many times -s was given: 0 prints no counters, 1 adds
	// "stats64" with the basic counters, 2 (or more) adds the detailed
	// error counters and carrier_changes. A link without counters
	// (Link.Stats nil) gets no "stats64", as in iproute2.
	Stats int
	// Family is the address family the address view is limited to (-4,
	// -6). iproute2 then leaves the link layer keys out of each link:
	// "link_type", "address", "broadcast". LinksJSON ignores it: `ip link`
	// always prints them.
	Family rtnl.Family
	// Lookup resolves the master and IFLA_LINK parent of printed links;
	// nil looks among the printed links only.
	Lookup Lookup
	// Inet6LinkDump reproduces `ip -6 addr show` without "dev" (AddrsJSON
	// only). iproute2 then dumps links with family AF_INET6, and the
	// kernel answers with its reduced IPv6 link message
	// (inet6_fill_ifinfo), so iproute2 prints no "qdisc", "master",
	// "group", "link_netnsid", "proto_down", "altnames" or
	// "carrier_changes", names an IFLA_LINK parent in another namespace as
	// if it were in this one, and with -s prints the interface's IPv6
	// counters (IFLA_INET6_STATS) as "stats64". With this set, render
	// leaves out the same keys; the counters printed are Link.Stats, so a
	// caller after iproute2's numbers must put the IPv6 counters there.
	// `ip -6 addr show dev DEV` asks for one link, gets the full message
	// and prints everything: leave this unset for it.
	Inet6LinkDump bool
}

// lookupFor returns lookup, or one over links when it is nil.
func lookupFor(lookup Lookup, links []rtnl.Link) Lookup {
	if lookup != nil {
		return lookup
	}
	return LookupIn(links)
}

// linkName is the name iproute2 prints for the link with index i that
// another link refers to (ll_index_to_name): its name if lookup finds it,
// otherwise "if" and the index read as unsigned, iproute2's fallback.
func linkName(lookup Lookup, i int) string {
	if l, ok := lookup(i); ok {
		return l.Name
	}
	return "if" + strconv.FormatUint(uint64(uint32(i)), 10)
}

// parentOf returns what iproute2's print_name_and_link derives from a
// link's IFLA_LINK: whether there is a parent to name (the kernel sent
// IFLA_LINK, it is not 0, and the parent is in this namespace), its name,
// and whether the parent is known and down, which adds "M-DOWN" to the
// link's flags.
//
// inet6 is set for the kernel's AF_INET6 link messages, which carry no
// IFLA_LINK_NETNSID: iproute2 then takes a parent in another namespace for
// one in this namespace.
func parentOf(lookup Lookup, l *rtnl.Link, inet6 bool) (name string, named, mdown bool) {
	if !l.HasParent || l.Parent == 0 || l.HasParentNetNSID && !inet6 {
		return "", false, false
	}
	p, ok := lookup(l.Parent)
	if !ok {
		return "if" + strconv.FormatUint(uint64(uint32(l.Parent)), 10), true, false
	}
	return p.Name, true, p.Flags&iffUp == 0
}

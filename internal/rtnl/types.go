package rtnl

import (
	"net/netip"

	"golang.org/x/sys/unix"
)

// Family is an address family as the kernel numbers it.
type Family uint8

// The address families netaddr deals with. FamilyAll matches either.
const (
	FamilyAll Family = unix.AF_UNSPEC
	FamilyV4  Family = unix.AF_INET
	FamilyV6  Family = unix.AF_INET6
)

// Forever is the lifetime the kernel uses for addresses that never expire.
const Forever uint32 = 0xFFFFFFFF

// Address flags (IFA_F_*), as carried in IFA_FLAGS.
const (
	FlagSecondary     uint32 = unix.IFA_F_SECONDARY // IPv6: "temporary"
	FlagNoDAD         uint32 = unix.IFA_F_NODAD
	FlagOptimistic    uint32 = unix.IFA_F_OPTIMISTIC
	FlagDADFailed     uint32 = unix.IFA_F_DADFAILED
	FlagHomeAddress   uint32 = unix.IFA_F_HOMEADDRESS
	FlagDeprecated    uint32 = unix.IFA_F_DEPRECATED
	FlagTentative     uint32 = unix.IFA_F_TENTATIVE
	FlagPermanent     uint32 = unix.IFA_F_PERMANENT
	FlagManageTemp    uint32 = unix.IFA_F_MANAGETEMPADDR
	FlagNoPrefixRoute uint32 = unix.IFA_F_NOPREFIXROUTE
	FlagMcAutoJoin    uint32 = unix.IFA_F_MCAUTOJOIN
	FlagStablePrivacy uint32 = unix.IFA_F_STABLE_PRIVACY
)

// Address scopes (RT_SCOPE_*).
const (
	ScopeUniverse uint8 = unix.RT_SCOPE_UNIVERSE
	ScopeSite     uint8 = unix.RT_SCOPE_SITE
	ScopeLink     uint8 = unix.RT_SCOPE_LINK
	ScopeHost     uint8 = unix.RT_SCOPE_HOST
	ScopeNowhere  uint8 = unix.RT_SCOPE_NOWHERE
)

// Link is a network device as RTM_NEWLINK describes it. Optional
// attributes the kernel did not send are left at their zero value, with a
// Has* field where zero is a meaningful value.
type Link struct {
	Index int
	Name  string
	Type  uint16 // ARPHRD_* (ifi_type): 1 ether, 772 loopback, 65534 none, ...
	Flags uint32 // IFF_* device flags

	MTU        uint32
	Qdisc      string
	OperState  uint8 // IF_OPER_*: 0 unknown, 2 down, 6 up, ...
	LinkMode   uint8 // IF_LINK_MODE_*: 0 default, 1 dormant
	Group      uint32
	TxQueueLen uint32

	// Master is the ifindex of the bridge or bond this link is a port of; 0
	// if none.
	Master int
	// Parent is IFLA_LINK: the peer of a veth, the lower device of a vlan.
	// HasParent is false when the kernel did not send it (it then equals
	// Index for most devices and is left out); Parent 0 with HasParent is a
	// tunnel without a lower device (iproute2's "@NONE"). ParentNetNSID is
	// set when the parent lives in another namespace (IFLA_LINK_NETNSID),
	// and Parent is then an index in that namespace.
	Parent           int
	HasParent        bool
	ParentNetNSID    int32
	HasParentNetNSID bool

	Address   []byte // hardware address; nil if none
	Broadcast []byte // hardware broadcast (or peer) address; nil if none
	// PermAddress is the factory hardware address (IFLA_PERM_ADDRESS), nil
	// if the driver has none; iproute2 shows it as "permaddr" when it
	// differs from Address.
	PermAddress []byte
	Alias       string // IFLA_IFALIAS
	AltNames    []string
	Kind        string // IFLA_INFO_KIND: "veth", "bridge", "vxlan", "tun", ...; "" if none
	SlaveKind   string // IFLA_INFO_SLAVE_KIND: "bridge" for a bridge port
	ProtoDown   bool

	MinMTU, MaxMTU uint32

	// Stats holds the kernel's counters (IFLA_STATS64), nil if not sent.
	// Stats32 says they came from the 32-bit IFLA_STATS instead, for lack
	// of IFLA_STATS64 (ip -j then prints them as "stats", not "stats64").
	Stats   *LinkStats
	Stats32 bool
	// CarrierChanges, CarrierUp, CarrierDown count carrier transitions.
	CarrierChanges, CarrierUp, CarrierDown uint32
	HasCarrierChanges                      bool
}

// LinkStats is struct rtnl_link_stats64, the kernel's link counters. Fields
// the running kernel does not have (older kernels send a shorter struct)
// stay zero.
type LinkStats struct {
	RxPackets, TxPackets                        uint64
	RxBytes, TxBytes                            uint64
	RxErrors, TxErrors                          uint64
	RxDropped, TxDropped                        uint64
	Multicast, Collisions                       uint64
	RxLengthErrors, RxOverErrors, RxCRCErrors   uint64
	RxFrameErrors, RxFIFOErrors, RxMissedErrors uint64
	TxAbortedErrors, TxCarrierErrors            uint64
	TxFIFOErrors, TxHeartbeatErrors             uint64
	TxWindowErrors                              uint64
	RxCompressed, TxCompressed                  uint64
	RxNoHandler                                 uint64
	RxOtherhostDropped                          uint64
}

// DriverStat is one of a driver's own counters, as `ethtool -S` shows it.
type DriverStat struct {
	Name  string
	Value uint64
}

// Addr is an interface address, as the kernel reports it in a dump and as
// netaddr asks for one in add, change, replace and del requests.
type Addr struct {
	Family Family
	Index  int // ifindex of the device holding the address

	// Local is the local address with the prefix length of the address.
	// For a point-to-point address the length belongs to Peer's network,
	// exactly as the kernel stores it.
	Local netip.Prefix
	// Peer is the remote end of a point-to-point address; zero if none.
	Peer      netip.Addr
	Broadcast netip.Addr // zero if none
	Anycast   netip.Addr // zero if none

	Scope uint8
	Flags uint32 // IFA_F_* flags
	Label string // IPv4 only

	// Valid and Preferred are the lifetimes left, in seconds, or Forever.
	// In a request, Valid == 0 means "not given": no IFA_CACHEINFO is sent
	// and the kernel keeps (or defaults to) permanent lifetimes.
	Valid     uint32
	Preferred uint32
	// Created and Updated are the kernel's cstamp and tstamp, in
	// hundredths of a second since boot; zero in requests.
	Created uint32
	Updated uint32

	Metric   uint32 // IFA_RT_PRIORITY of the prefix route; 0 if none
	Protocol uint8  // IFA_PROTO, who added the address; 0 if unknown
}

// AddrFilter narrows an address dump. Zero fields match everything.
type AddrFilter struct {
	Family Family
	Index  int
}

// Match reports whether a passes the filter.
func (f AddrFilter) Match(a *Addr) bool {
	if f.Family != FamilyAll && a.Family != f.Family {
		return false
	}
	return f.Index == 0 || a.Index == f.Index
}

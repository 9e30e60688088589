// Package render turns netaddr's plain rtnl types into output: the JSON that
// `ip -j addr show` and `ip -j [-s [-s]] link show` print (iproute2 6.1, key
// for key and, compact or pretty, byte for byte), netaddr's own statistics
// JSON, and tables for people.
//
//	AddrsJSON    ip -j [-p] [-s] [-4|-6] addr show
//	LinksJSON    ip -j [-p] [-s [-s]] link show
//	StatsJSON    netaddr --json stats [--driver]
//	AddrsTable   addresses grouped under their devices
//	LinksTable   one row per device
//	StatsTable   kernel counters per device, RX and TX side by side, and
//	             the driver's own counters (ethtool -S)
//
// Links refer to other links, by index: a port to its master, a veth to its
// peer. iproute2 prints their names, and "M-DOWN" for a link whose peer is
// down, from its cache of all links; render takes a Lookup for them, so a
// view of one device can still name the links it refers to.
//
// Everything here is a pure function of its arguments: render never talks
// to the kernel and imports internal/rtnl only for its types. The JSON is
// written by a small streaming writer rather than encoding/json, because a
// dump of tens of thousands of addresses must print quickly and because
// iproute2's key order, presence rules and pretty layout have to be
// reproduced exactly for existing jq filters and diffs to keep working.
// testdata/ip61 holds what iproute2 itself printed in a throwaway namespace;
// the tests rebuild the kernel's view from it and compare byte for byte.
//
// The name tables (ScopeName, AddrFlagNames, AddrProtoName, OperStateName,
// LinkModeName, LinkTypeName, GroupName, HWAddr) are exported so that the
// command line can accept and print the same words.
package render

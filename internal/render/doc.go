// Package render turns netaddr's plain rtnl types into output: the JSON that
// `ip -j addr show` prints (iproute2 6.1, key for key and, compact or
// pretty, byte for byte) and tables for people.
//
// Everything here is a pure function of its arguments: render never talks
// to the kernel and imports internal/rtnl only for its types. The JSON is
// written by a small streaming writer rather than encoding/json, because a
// dump of tens of thousands of addresses must print quickly and because
// iproute2's key order, presence rules and pretty layout have to be
// reproduced exactly for existing jq filters and diffs to keep working.
//
// The name tables (ScopeName, AddrFlagNames, AddrProtoName) are exported so
// that the command line can accept the same words it prints.
package render

// Package rtnl is netaddr's adapter to Linux rtnetlink. It is the only
// package that talks to the kernel: it dials the route netlink socket, encodes
// requests, decodes dumps into plain types (Link, Addr), reads drivers'
// counters with the ethtool ioctl (DriverStats) and maps kernel
// refusals to an *Error that callers inspect with IsNotExist, IsExist and
// IsPermission instead of comparing errnos. Apply sends batches of address
// requests pipelined with one result each (batch.go); Monitor reports
// address and link changes from a second, subscribed socket (monitor.go).
//
// The quirks of rtnetlink that shape this package (lifetimes in
// IFA_CACHEINFO, flags in IFA_FLAGS, change versus replace, strict dump
// filtering, interrupted dumps) are described in the project's DESIGN notes.
package rtnl

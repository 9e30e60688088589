package cli

import (
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// scopeNames are the words accepted for a scope: iproute2's and the Python
// library's (Universe, Site, Link, Host, Nowhere), compared case-insensitively.
var scopeNames = map[string]uint8{
	"global":   rtnl.ScopeUniverse,
	"universe": rtnl.ScopeUniverse,
	"site":     rtnl.ScopeSite,
	"link":     rtnl.ScopeLink,
	"host":     rtnl.ScopeHost,
	"nowhere":  rtnl.ScopeNowhere,
}

// flagNames are the words accepted for address flags: iproute2's and the
// Python library's names, compared case-insensitively.
var flagNames = map[string]uint32{
	"home":           rtnl.FlagHomeAddress,
	"homeaddress":    rtnl.FlagHomeAddress,
	"mngtmpaddr":     rtnl.FlagManageTemp,
	"managetempaddr": rtnl.FlagManageTemp,
	"nodad":          rtnl.FlagNoDAD,
	"optimistic":     rtnl.FlagOptimistic,
	"noprefixroute":  rtnl.FlagNoPrefixRoute,
	"autojoin":       rtnl.FlagMcAutoJoin,
}

// ipv6OnlyFlags mean nothing to IPv4: the kernel would store and ignore them.
const ipv6OnlyFlags = rtnl.FlagHomeAddress | rtnl.FlagManageTemp | rtnl.FlagNoDAD | rtnl.FlagOptimistic

// parseScope reads a scope name or a number from 0 to 255.
func parseScope(s string) (uint8, error) {
	if v, ok := scopeNames[strings.ToLower(s)]; ok {
		return v, nil
	}
	n, err := strconv.ParseUint(s, 10, 8)
	if err != nil {
		return 0, usagef("invalid scope %q: want global, site, link, host, nowhere or 0-255", s)
	}
	return uint8(n), nil
}

// parsePrefix reads ADDRESS[/LEN]; without /LEN the prefix is /32 or /128.
// explicit reports whether a length was given.
func parsePrefix(what, s string) (p netip.Prefix, explicit bool, err error) {
	addrPart, lenPart, hasLen := strings.Cut(s, "/")
	a, err := netip.ParseAddr(addrPart)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false, usagef("invalid %s %q: not an IPv4 or IPv6 address", what, s)
	}
	a = a.Unmap()
	if !hasLen {
		return netip.PrefixFrom(a, a.BitLen()), false, nil
	}
	// Digits only: ParseUint alone would accept "+24" or "024"-style forms
	// that iproute2 rejects, and a sign has no meaning here.
	n, err := strconv.ParseUint(lenPart, 10, 8)
	if err != nil || lenPart == "" || lenPart[0] == '+' || int(n) > a.BitLen() {
		return netip.Prefix{}, false, usagef("invalid prefix length in %s %q: want 0-%d", what, s, a.BitLen())
	}
	return netip.PrefixFrom(a, int(n)), true, nil
}

// parseAddr reads a single address (no prefix length).
func parseAddr(what, s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, usagef("invalid %s %q: not an IPv4 or IPv6 address", what, s)
	}
	return a.Unmap(), nil
}

// parseLifetime reads a lifetime: "forever", whole seconds (optionally with
// iproute2's "sec" suffix, as `ip addr show` prints them), or a Go duration
// such as 90s or 1h30m. It returns seconds, rtnl.Forever for forever.
func parseLifetime(key, s string) (uint32, error) {
	bad := func(why string) error {
		return usagef("invalid %s %q: %s", key, s, why)
	}
	if strings.EqualFold(s, "forever") {
		return rtnl.Forever, nil
	}
	digits := strings.TrimSuffix(s, "sec")
	if n, err := strconv.ParseUint(digits, 10, 64); err == nil {
		if n > math.MaxUint32 {
			return 0, bad("more than 4294967295 seconds")
		}
		return uint32(n), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, bad("want seconds, a duration such as 90s or 1h30m, or forever")
	}
	switch {
	case d < 0:
		return 0, bad("negative")
	case d%time.Second != 0:
		return 0, bad("not a whole number of seconds")
	case d/time.Second > math.MaxUint32:
		return 0, bad("more than 4294967295 seconds")
	}
	return uint32(d / time.Second), nil
}

// validDevName reports whether s can be a Linux interface name: 1 to 15
// bytes, not "." or "..", without '/', ':' or white space (dev_valid_name).
func validDevName(s string) bool {
	if s == "" || len(s) > 15 || s == "." || s == ".." {
		return false
	}
	for _, c := range []byte(s) {
		if c == '/' || c == ':' || c <= ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// netnsPath turns -n's value into the file to open: a NAME as ip -n takes
// it (/run/netns/NAME), or a PATH, which starts with "/" or ".". A name is
// checked before anything is opened: not empty, not "." or "..", no "/",
// at most 255 bytes (NAME_MAX).
func netnsPath(v string) (string, error) {
	switch {
	case v == "":
		return "", usagef("invalid network namespace name: empty")
	case strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../"):
		return v, nil
	case v == "." || v == "..":
		return "", usagef("invalid network namespace name %q", v)
	case strings.Contains(v, "/"):
		return "", usagef("invalid network namespace name %q: a name has no \"/\" (give a path as /... or ./...)", v)
	case len(v) > 255:
		return "", usagef("invalid network namespace name: longer than 255 bytes")
	case strings.ContainsAny(v, "\x00"):
		return "", usagef("invalid network namespace name %q", v)
	}
	return "/run/netns/" + v, nil
}

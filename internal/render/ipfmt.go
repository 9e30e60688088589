package render

import (
	"net/netip"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// appendIP appends a's text the way iproute2 prints it, which is glibc's
// inet_ntop. That matches netip.Addr.String except for one case: glibc
// still writes IPv6 addresses whose first 96 bits are zero (and are not ::
// or ::1) in the old IPv4-compatible form, "::192.0.2.1" where Go writes
// "::c000:201". Zones never come from the kernel and are dropped.
func appendIP(dst []byte, fam rtnl.Family, a netip.Addr) []byte {
	if fam == rtnl.FamilyV4 {
		// A decoder may hand IPv4 over as IPv4-mapped IPv6; print it as
		// the kernel stores it.
		a = a.Unmap()
	}
	if a.Is6() && !a.Is4In6() {
		b := a.As16()
		if isV4Compatible(b) {
			dst = append(dst, "::"...)
			return netip.AddrFrom4([4]byte(b[12:])).AppendTo(dst)
		}
		a = a.WithZone("")
	}
	return a.AppendTo(dst)
}

// isV4Compatible is glibc's test: the first six 16-bit groups are zero and
// the seventh is not (otherwise "::" or "::1"-like text wins).
func isV4Compatible(b [16]byte) bool {
	for _, c := range b[:12] {
		if c != 0 {
			return false
		}
	}
	return b[12] != 0 || b[13] != 0
}

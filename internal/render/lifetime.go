package render

import (
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// Lifetime formats an address lifetime in seconds for people: "forever"
// for rtnl.Forever, otherwise the time left in days, hours, minutes and
// seconds from the largest unit present, with zero units dropped from the
// end only ("59s", "33m20s", "1h30m", "1h0m5s", "30d"). Days rather than
// hours are the top unit because router advertisements hand out lifetimes
// of days and weeks, and "720h" is harder to read than "30d".
func Lifetime(sec uint32) string {
	if sec == rtnl.Forever {
		return "forever"
	}
	var b [16]byte
	return string(appendLifetime(b[:0], sec))
}

func appendLifetime(dst []byte, sec uint32) []byte {
	if sec == 0 {
		return append(dst, "0s"...)
	}
	parts := [4]struct {
		n    uint32
		unit byte
	}{
		{sec / 86400, 'd'},
		{sec / 3600 % 24, 'h'},
		{sec / 60 % 60, 'm'},
		{sec % 60, 's'},
	}
	first, last := -1, -1
	for i, p := range parts {
		if p.n != 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for _, p := range parts[first : last+1] {
		dst = strconv.AppendUint(dst, uint64(p.n), 10)
		dst = append(dst, p.unit)
	}
	return dst
}

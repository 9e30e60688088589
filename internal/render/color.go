package render

import (
	"bytes"
	"net/netip"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// Palette is how the tables and monitor lines for people are coloured, as
// `ip -c` colours its output (iproute2's lib/color.c): device names, MAC
// addresses, IPv4 and IPv6 addresses, and the operational states UP and
// DOWN. The zero Palette colours nothing. Render never decides whether to
// colour: the caller does (a terminal, --color, NO_COLOR) and passes a
// palette. JSON is never coloured.
type Palette struct {
	ifname, mac, inet, inet6, up, down string
}

// The ANSI escapes iproute2 uses.
const (
	ansiReset = "\x1b[0m"

	ansiRed, ansiGreen, ansiYellow  = "\x1b[31m", "\x1b[32m", "\x1b[33m"
	ansiBlue, ansiMagenta, ansiCyan = "\x1b[34m", "\x1b[35m", "\x1b[36m"

	ansiBoldRed, ansiBoldGreen, ansiBoldYellow  = "\x1b[1;31m", "\x1b[1;32m", "\x1b[1;33m"
	ansiBoldBlue, ansiBoldMagenta, ansiBoldCyan = "\x1b[1;34m", "\x1b[1;35m", "\x1b[1;36m"
)

// NewPalette returns iproute2's colours: for a light background cyan
// names, yellow MAC addresses, magenta IPv4 and blue IPv6 addresses, a
// green UP and a red DOWN; for a dark background (dark) the bold variants
// of the same colours.
func NewPalette(dark bool) Palette {
	if dark {
		return Palette{ansiBoldCyan, ansiBoldYellow, ansiBoldMagenta, ansiBoldBlue, ansiBoldGreen, ansiBoldRed}
	}
	return Palette{ansiCyan, ansiYellow, ansiMagenta, ansiBlue, ansiGreen, ansiRed}
}

// Enabled reports whether p colours anything.
func (p Palette) Enabled() bool { return p != Palette{} }

// paint appends s to dst in colour code, and s alone when code is empty
// (no colour) or s is empty (an empty cell stays empty).
func paint(dst []byte, code, s string) []byte {
	if code == "" || s == "" {
		return append(dst, s...)
	}
	dst = append(dst, code...)
	dst = append(dst, s...)
	return append(dst, ansiReset...)
}

// paintString is paint for a whole string.
func paintString(code, s string) string {
	if code == "" || s == "" {
		return s
	}
	return code + s + ansiReset
}

// familyColor is the colour of an address of family fam.
func (p Palette) familyColor(fam rtnl.Family) string {
	switch fam {
	case rtnl.FamilyV4:
		return p.inet
	case rtnl.FamilyV6:
		return p.inet6
	}
	return ""
}

// operStateColor is the colour of an operational state: UP and DOWN only.
func (p Palette) operStateColor(s uint8) string {
	switch s {
	case ifOperUp:
		return p.up
	case ifOperDown:
		return p.down
	}
	return ""
}

// IF_OPER_DOWN and IF_OPER_UP (RFC 2863).
const (
	ifOperDown = 2
	ifOperUp   = 6
)

// appendColorIP appends an address of family fam in its colour.
func (p Palette) appendColorIP(dst []byte, fam rtnl.Family, a netip.Addr) []byte {
	code := p.familyColor(fam)
	if code == "" {
		return appendIP(dst, fam, a)
	}
	dst = append(dst, code...)
	dst = appendIP(dst, fam, a)
	return append(dst, ansiReset...)
}

// dropStrayResets removes from a laid-out table line the colour resets
// that close no colour: a left-aligned cell holding escapes gets a reset
// of its own after its padding (see columns.appendLine), as tablewriter
// added one. Only escapes of a Palette can be in a cell (printable quotes
// any in names and labels), so a line without ESC is returned as it is.
// The line is rewritten in place, and the result is a prefix of it.
func dropStrayResets(line []byte) []byte {
	if bytes.IndexByte(line, 0x1b) < 0 {
		return line
	}
	out := line[:0] // never ahead of line: bytes are only dropped
	open := false
	for len(line) > 0 {
		i := bytes.IndexByte(line, 0x1b)
		if i < 0 {
			out = append(out, line...)
			break
		}
		out = append(out, line[:i]...)
		line = line[i:]
		end := bytes.IndexByte(line, 'm')
		if end < 0 {
			out = append(out, line...)
			break
		}
		seq := line[:end+1]
		line = line[end+1:]
		if string(seq) == ansiReset {
			if !open {
				continue
			}
			open = false
		} else {
			open = true
		}
		out = append(out, seq...)
	}
	return out
}

package render

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// Saved reports whether `addr save` writes a line for a. It writes one for
// every address but IPv6 temporary (privacy) addresses: the kernel makes
// those itself from their "mngtmpaddr" address, which is saved, and an
// address added by hand would be an ordinary one, not a temporary one.
func Saved(a *rtnl.Addr) bool {
	return !(a.Family == rtnl.FamilyV6 && a.Flags&rtnl.FlagSecondary != 0)
}

// KernelMade reports whether a is an address the kernel may add again by
// itself: it says so (IFA_PROTO kernel_lo, kernel_ra or kernel_ll), or,
// for kernels that do not say, it is a loopback or an IPv6 link-local
// address. SaveLine writes "addr replace" for those, so that restoring
// succeeds whether or not the kernel has already put them back (a link
// that went down and up gets its link-local address again).
func KernelMade(a *rtnl.Addr) bool {
	switch a.Protocol {
	case 1, 2, 3: // kernel_lo, kernel_ra, kernel_ll
		return true
	}
	local := a.Local.Addr()
	return local.IsLoopback() || local.Is6() && local.IsLinkLocalUnicast()
}

// saveFlags are the flags an add request can set, in iproute2's order, and
// whether they are IPv6 only. The others (secondary, tentative,
// deprecated, dadfailed, permanent, stable-privacy) are the kernel's
// state: secondary follows from the order of the lines, permanent and
// deprecated from the lifetimes.
var saveFlags = [...]struct {
	flag uint32
	word string
	v6   bool
}{
	{rtnl.FlagHomeAddress, "home", true},
	{rtnl.FlagManageTemp, "mngtmpaddr", true},
	{rtnl.FlagNoDAD, "nodad", true},
	{rtnl.FlagOptimistic, "optimistic", true},
	{rtnl.FlagNoPrefixRoute, "noprefixroute", false},
	{rtnl.FlagMcAutoJoin, "autojoin", false},
}

// AppendSaveLine appends the line of a batch file that recreates a on the
// device named dev, newline included, in netaddr's command grammar as
// `netaddr --batch` reads it:
//
//	addr add 192.0.2.1/24 dev v0 scope global label v0 brd 192.0.2.255 metric 5 valid_lft 100 preferred_lft 50 noprefixroute
//
// "addr replace" instead of "addr add" for addresses the kernel may have
// added again by then (see KernelMade). A peer address is written as
// `LOCAL peer PEER/LEN`. IPv4 addresses get their scope and label; IPv6
// ones neither (the kernel derives the scope from the address and IPv6 has
// no labels). Lifetimes are the ones left, written only when not both
// forever (a finite valid lifetime that ran down to 0 is written as 1, the
// least the kernel takes); an IPv4 address whose valid lifetime is forever
// is preferred forever by the kernel, so its preferred lifetime is left
// out. The flags an add request can set follow (nodad wins over
// optimistic, as in the kernel).
//
// The device name and the label are quoted for the batch lexer (ip -batch
// rules) when they need it: in single quotes, or double quotes if they
// hold a single quote. A name that cannot be written at all (it holds '#',
// which starts a comment even inside quotes, a newline, or both kinds of
// quote) is an error, and dst is returned unchanged.
func AppendSaveLine(dst []byte, a *rtnl.Addr, dev string) ([]byte, error) {
	start := len(dst)
	fail := func(err error) ([]byte, error) {
		return dst[:start], fmt.Errorf("cannot save %s: %w", a.Local, err)
	}
	local := a.Local.Addr()
	if !local.IsValid() {
		return fail(errors.New("no local address"))
	}
	is4 := local.Is4()
	if KernelMade(a) {
		dst = append(dst, "addr replace "...)
	} else {
		dst = append(dst, "addr add "...)
	}
	dst = appendIP(dst, a.Family, local)
	if a.Peer.IsValid() {
		dst = append(dst, " peer "...)
		dst = appendIP(dst, a.Family, a.Peer)
	}
	dst = append(dst, '/')
	dst = strconv.AppendInt(dst, int64(a.Local.Bits()), 10)

	var err error
	dst = append(dst, " dev "...)
	if dst, err = appendBatchWord(dst, dev); err != nil {
		return fail(fmt.Errorf("device name: %w", err))
	}
	if is4 {
		dst = append(dst, " scope "...)
		dst = append(dst, ScopeName(a.Scope)...)
		if a.Label != "" {
			dst = append(dst, " label "...)
			if dst, err = appendBatchWord(dst, a.Label); err != nil {
				return fail(fmt.Errorf("label: %w", err))
			}
		}
		if a.Broadcast.IsValid() {
			dst = append(dst, " brd "...)
			dst = appendIP(dst, a.Family, a.Broadcast)
		}
	}
	if a.Metric != 0 {
		dst = append(dst, " metric "...)
		dst = strconv.AppendUint(dst, uint64(a.Metric), 10)
	}
	dst = appendSaveLifetimes(dst, a, is4)
	flags := a.Flags
	if flags&rtnl.FlagNoDAD != 0 {
		flags &^= rtnl.FlagOptimistic
	}
	if flags&rtnl.FlagMcAutoJoin != 0 && !local.IsMulticast() {
		flags &^= rtnl.FlagMcAutoJoin
	}
	for _, f := range saveFlags {
		if flags&f.flag != 0 && (!f.v6 || !is4) {
			dst = append(dst, ' ')
			dst = append(dst, f.word...)
		}
	}
	return append(dst, '\n'), nil
}

// appendSaveLifetimes appends " valid_lft V preferred_lft P" when a's
// lifetimes are not both forever; see AppendSaveLine.
func appendSaveLifetimes(dst []byte, a *rtnl.Addr, is4 bool) []byte {
	valid, preferred := a.Valid, a.Preferred
	if valid == rtnl.Forever && (preferred == rtnl.Forever || is4) {
		return dst
	}
	if valid == 0 {
		valid = 1
	}
	if preferred > valid {
		preferred = valid
	}
	dst = append(dst, " valid_lft "...)
	dst = appendSaveLifetime(dst, valid)
	dst = append(dst, " preferred_lft "...)
	return appendSaveLifetime(dst, preferred)
}

func appendSaveLifetime(dst []byte, sec uint32) []byte {
	if sec == rtnl.Forever {
		return append(dst, "forever"...)
	}
	return strconv.AppendUint(dst, uint64(sec), 10)
}

// appendBatchWord appends w as one word of an ip -batch line: as it is if
// the lexer reads it back unchanged, else quoted.
func appendBatchWord(dst []byte, w string) ([]byte, error) {
	switch {
	case w == "":
		return dst, errors.New("empty")
	case strings.ContainsAny(w, "#\n"):
		return dst, fmt.Errorf("%q holds a '#' or a newline, which a batch line cannot", w)
	case !strings.ContainsAny(w, " \t\r'\"\\"):
		return append(dst, w...), nil
	case !strings.Contains(w, "'"):
		dst = append(dst, '\'')
		dst = append(dst, w...)
		return append(dst, '\''), nil
	case !strings.Contains(w, `"`):
		dst = append(dst, '"')
		dst = append(dst, w...)
		return append(dst, '"'), nil
	}
	return dst, fmt.Errorf("%q holds both kinds of quote, which a batch line cannot", w)
}

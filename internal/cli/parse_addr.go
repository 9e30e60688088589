package cli

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/netaddr/netaddr/internal/rtnl"
)

// addrRequest is a parsed add, change, replace or del command line: the
// address as it will be sent, less the device index, which needs the kernel.
type addrRequest struct {
	verb  string
	dev   string
	addr  rtnl.Addr
	given rtnl.Fields // attributes given explicitly, for change and replace
}

// String is the request as it appears in messages: "192.0.2.1/24 dev v0".
func (r *addrRequest) String() string {
	a := &r.addr
	if a.Peer.IsValid() {
		return fmt.Sprintf("%s peer %s/%d dev %s", a.Local.Addr(), a.Peer, a.Local.Bits(), r.dev)
	}
	return fmt.Sprintf("%s dev %s", a.Local, r.dev)
}

// modifyKeywords are the keywords that take a value in add, change and
// replace; del takes only dev and peer (and local).
var modifyKeywords = map[string]bool{
	"local": true, "dev": true, "scope": true, "peer": true, "remote": true,
	"broadcast": true, "brd": true, "anycast": true, "label": true,
	"valid_lft": true, "preferred_lft": true, "metric": true, "priority": true,
}

var delKeywords = map[string]bool{"local": true, "dev": true, "peer": true, "remote": true}

// canonicalKeyword folds iproute2's synonyms so that "brd" given after
// "broadcast" counts as a repeat.
func canonicalKeyword(k string) string {
	switch k {
	case "brd":
		return "broadcast"
	case "remote":
		return "peer"
	case "priority":
		return "metric"
	}
	return k
}

// parseAddrRequest parses the arguments of `addr VERB` in iproute2's
// keyword grammar. Everything is checked here, before the kernel is asked
// anything; only the device name is left to resolve.
func parseAddrRequest(verb string, args []string, family rtnl.Family) (*addrRequest, error) {
	keywords := modifyKeywords
	if verb == "del" {
		keywords = delKeywords
	}
	values := map[string]string{}
	var localToken string
	var flags uint32
	seenFlags := map[uint32]string{}
	for i := 0; i < len(args); i++ {
		tok := args[i]
		key := strings.ToLower(tok)
		if keywords[key] {
			if i+1 == len(args) {
				return nil, usagef("%q needs a value", tok)
			}
			canon := canonicalKeyword(key)
			if canon == "local" {
				if localToken != "" {
					return nil, usagef("the address is given twice (%q and %q)", localToken, args[i+1])
				}
				localToken = args[i+1]
			} else {
				if _, dup := values[canon]; dup {
					return nil, usagef("%q is given twice", tok)
				}
				values[canon] = args[i+1]
			}
			i++
			continue
		}
		if f, ok := flagNames[key]; ok && verb != "del" {
			if prev, dup := seenFlags[f]; dup {
				return nil, usagef("flag %q is given twice (also as %q)", tok, prev)
			}
			seenFlags[f] = tok
			flags |= f
			continue
		}
		if modifyKeywords[key] || flagNames[key] != 0 {
			return nil, usagef("%q does not apply to addr %s", tok, verb)
		}
		if looksLikeWord(tok) {
			return nil, usagef("unknown word %q", tok)
		}
		if localToken != "" {
			return nil, usagef("unexpected %q: the address is already given as %q", tok, localToken)
		}
		localToken = tok
	}
	if localToken == "" {
		return nil, usagef("addr %s needs an address (PREFIX)", verb)
	}
	dev, ok := values["dev"]
	if !ok {
		return nil, usagef("addr %s needs a device: dev DEV", verb)
	}
	if err := checkDevToken(dev); err != nil {
		return nil, err
	}
	req := &addrRequest{verb: verb, dev: dev}
	if err := buildAddr(req, localToken, values, flags, seenFlags, family); err != nil {
		return nil, err
	}
	return req, nil
}

// looksLikeWord tells a misspelt keyword ("lable") from an address, so the
// message can say which it is.
func looksLikeWord(tok string) bool {
	for _, c := range tok {
		if c == '.' || c == ':' || c == '/' || (c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// checkDevToken refuses a DEV that can be neither a name nor an index.
func checkDevToken(dev string) error {
	if validDevName(dev) {
		return nil
	}
	return usagef("invalid device name %q", dev)
}

// flagWords maps each flag given to the word it was given as, so that
// errors name it as typed.
func buildAddr(req *addrRequest, localToken string, values map[string]string, flags uint32, flagWords map[uint32]string, family rtnl.Family) error {
	a := &req.addr
	local, explicitLen, err := parsePrefix("address", localToken)
	if err != nil {
		return err
	}
	is4 := local.Addr().Is4()
	fam := rtnl.FamilyV6
	if is4 {
		fam = rtnl.FamilyV4
	}
	if family != rtnl.FamilyAll && family != fam {
		return usagef("address %q is not %s, as -%s asks", localToken, familyWord(family), familyDigit(family))
	}
	a.Family = fam
	a.Local = local
	a.Flags = flags
	if flags != 0 {
		req.given |= rtnl.FieldFlags
	}
	sameFamily := func(key string, x netip.Addr) error {
		if x.Is4() != is4 {
			return usagef("%s %q is not of the same family as %q", key, x, localToken)
		}
		return nil
	}

	if v, ok := values["peer"]; ok {
		// As in iproute2, a point-to-point address takes its prefix
		// length from the peer: `192.0.2.1 peer 192.0.2.2/24`.
		if explicitLen {
			return usagef("with peer, give the prefix length on the peer (peer %s/%d), not on %q", v, local.Bits(), localToken)
		}
		peer, _, err := parsePrefix("peer", v)
		if err != nil {
			return err
		}
		if err := sameFamily("peer", peer.Addr()); err != nil {
			return err
		}
		a.Peer = peer.Addr()
		a.Local = netip.PrefixFrom(local.Addr(), peer.Bits())
	}
	if req.verb == "del" {
		return nil
	}

	if v, ok := values["broadcast"]; ok {
		req.given |= rtnl.FieldBroadcast
		if !is4 {
			return usagef("broadcast %q: IPv6 has no broadcast addresses", v)
		}
		switch v {
		case "+", "-":
			// iproute2 computes a broadcast only for /30 and shorter: a
			// /31 or /32 has no host part to spare for one.
			if a.Local.Bits() <= 30 {
				a.Broadcast = hostBits(a.Local, v == "+")
			}
		default:
			b, err := parseAddr("broadcast", v)
			if err != nil {
				return err
			}
			if err := sameFamily("broadcast", b); err != nil {
				return err
			}
			a.Broadcast = b
		}
	}
	if v, ok := values["anycast"]; ok {
		// Neither IPv4 nor IPv6 reads IFA_ANYCAST in an address request
		// (iproute2 sends it and the kernel drops it); IPv6 anycast is
		// joined per socket (IPV6_JOIN_ANYCAST). Say so rather than pretend.
		return usagef("anycast %q: the kernel ignores anycast addresses in address requests", v)
	}
	if v, ok := values["label"]; ok {
		req.given |= rtnl.FieldLabel
		switch {
		case !is4:
			return usagef("label %q: labels apply to IPv4 addresses only", v)
		case v == "":
			return usagef("label is empty")
		case len(v) > 15:
			return usagef("label %q is longer than 15 bytes", v)
		}
		a.Label = v
	}
	if v, ok := values["metric"]; ok {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return usagef("invalid metric %q: want 0-4294967295", v)
		}
		a.Metric = uint32(n)
	}
	if err := buildScope(req, values, localToken); err != nil {
		return err
	}
	if err := buildLifetimes(a, values, is4); err != nil {
		return err
	}
	return checkFlags(a, flagWords)
}

func buildScope(req *addrRequest, values map[string]string, localToken string) error {
	a := &req.addr
	implied := impliedScope(a.Local.Addr())
	v, ok := values["scope"]
	if !ok {
		a.Scope = implied
		return nil
	}
	s, err := parseScope(v)
	if err != nil {
		return err
	}
	req.given |= rtnl.FieldScope
	// The kernel derives an IPv6 address's scope from the address itself
	// and ignores the one asked for; say so rather than pretend.
	if a.Family == rtnl.FamilyV6 && s != implied {
		return usagef("scope %q does not apply to %q: the kernel gives it the scope of its address type (%s)",
			v, localToken, render.ScopeName(implied))
	}
	a.Scope = s
	return nil
}

// impliedScope is the scope iproute2 sends for IPv4 when none is given, and
// the one the kernel gives an IPv6 address whatever is sent.
func impliedScope(a netip.Addr) uint8 {
	switch {
	case a.Is4() && a.IsLoopback():
		return rtnl.ScopeHost
	case a.Is4():
		return rtnl.ScopeUniverse
	case a.IsLoopback():
		return rtnl.ScopeHost
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast():
		return rtnl.ScopeLink
	case isSiteLocal6(a):
		return rtnl.ScopeSite
	}
	return rtnl.ScopeUniverse
}

// isSiteLocal6 is fec0::/10, deprecated but still given site scope.
func isSiteLocal6(a netip.Addr) bool {
	b := a.As16()
	return b[0] == 0xfe && b[1]&0xc0 == 0xc0
}

func buildLifetimes(a *rtnl.Addr, values map[string]string, is4 bool) error {
	vs, hasValid := values["valid_lft"]
	ps, hasPreferred := values["preferred_lft"]
	if !hasValid && !hasPreferred {
		return nil
	}
	valid, preferred := rtnl.Forever, rtnl.Forever
	var err error
	if hasValid {
		if valid, err = parseLifetime("valid_lft", vs); err != nil {
			return err
		}
		if valid == 0 {
			return usagef("valid_lft %q: an address must stay valid for at least one second", vs)
		}
		// Only valid_lft given: the address stays preferred all its life,
		// rather than iproute2's error that forever exceeds valid_lft.
		preferred = valid
	}
	if hasPreferred {
		if preferred, err = parseLifetime("preferred_lft", ps); err != nil {
			return err
		}
	}
	if preferred > valid {
		return usagef("preferred_lft %q is longer than valid_lft %q", ps, vs)
	}
	if is4 && valid == rtnl.Forever && preferred != rtnl.Forever {
		// The kernel keeps an IPv4 address whose valid lifetime is forever
		// permanent, and reports (and applies) forever for both.
		return usagef("preferred_lft %q needs a finite valid_lft for IPv4: the kernel would keep the address preferred forever", ps)
	}
	a.Valid, a.Preferred = valid, preferred
	return nil
}

func checkFlags(a *rtnl.Addr, words map[uint32]string) error {
	if a.Family == rtnl.FamilyV4 {
		if bad := a.Flags & ipv6OnlyFlags; bad != 0 {
			return usagef("%s applies to IPv6 addresses only", words[lowestBit(bad)])
		}
	}
	if a.Flags&rtnl.FlagNoDAD != 0 && a.Flags&rtnl.FlagOptimistic != 0 {
		// Optimistic DAD is a kind of DAD: with nodad the kernel silently
		// drops optimistic.
		return usagef("nodad and optimistic exclude each other")
	}
	if a.Flags&rtnl.FlagMcAutoJoin != 0 && !a.Local.Addr().IsMulticast() {
		return usagef("autojoin needs a multicast address, not %s", a.Local.Addr())
	}
	return nil
}

func lowestBit(x uint32) uint32 { return x & -x }

// hostBits sets (ones) or clears the host part of p's address.
func hostBits(p netip.Prefix, ones bool) netip.Addr {
	b := p.Addr().As4()
	for i := p.Bits(); i < 32; i++ {
		mask := byte(0x80 >> (i % 8))
		if ones {
			b[i/8] |= mask
		} else {
			b[i/8] &^= mask
		}
	}
	return netip.AddrFrom4(b)
}

func familyWord(f rtnl.Family) string {
	if f == rtnl.FamilyV4 {
		return "IPv4"
	}
	return "IPv6"
}

func familyDigit(f rtnl.Family) string {
	if f == rtnl.FamilyV4 {
		return "4"
	}
	return "6"
}

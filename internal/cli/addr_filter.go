package cli

import (
	"net/netip"
	"path"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// addrFilter is the address part of what addr show, flush and save select,
// iproute2's words: scope S, label GLOB, to PREFIX and the flag filters.
// Zero fields select everything.
type addrFilter struct {
	scope    uint8
	hasScope bool // "scope all" leaves it unset: every scope matches

	label    string // a shell pattern (path.Match, as fnmatch(3) without flags)
	hasLabel bool

	to netip.Prefix // masked; the zero Prefix: not given

	// flags holds the values that the bits of flagMask must have.
	flags, flagMask uint32
	// flagWord is the word that set each bit of flagMask, for messages.
	flagWord map[uint32]string
}

// flagFilter is what a flag filter word asks of one IFA_F_* bit.
type flagFilter struct {
	bit uint32
	set bool
}

// flagFilterWords are iproute2's flag filters (get_filter and
// ifa_flag_names in ip/ipaddress.c). Each also works with a '-' in front,
// which asks for the opposite: "-tentative" is an address that is not
// tentative, "-primary" a secondary one. "dynamic" is an address without
// IFA_F_PERMANENT (one with a finite valid lifetime), "primary" one
// without IFA_F_SECONDARY, "temporary" is IPv6's name for that bit.
var flagFilterWords = map[string]flagFilter{
	"permanent":      {rtnl.FlagPermanent, true},
	"dynamic":        {rtnl.FlagPermanent, false},
	"secondary":      {rtnl.FlagSecondary, true},
	"temporary":      {rtnl.FlagSecondary, true},
	"primary":        {rtnl.FlagSecondary, false},
	"tentative":      {rtnl.FlagTentative, true},
	"deprecated":     {rtnl.FlagDeprecated, true},
	"dadfailed":      {rtnl.FlagDADFailed, true},
	"nodad":          {rtnl.FlagNoDAD, true},
	"optimistic":     {rtnl.FlagOptimistic, true},
	"home":           {rtnl.FlagHomeAddress, true},
	"mngtmpaddr":     {rtnl.FlagManageTemp, true},
	"noprefixroute":  {rtnl.FlagNoPrefixRoute, true},
	"autojoin":       {rtnl.FlagMcAutoJoin, true},
	"stable-privacy": {rtnl.FlagStablePrivacy, true},
}

// lookupFlagFilter finds a flag filter word, with or without its '-'.
func lookupFlagFilter(word string) (flagFilter, bool) {
	if ff, ok := flagFilterWords[word]; ok {
		return ff, true
	}
	if len(word) > 1 && word[0] == '-' {
		if ff, ok := flagFilterWords[word[1:]]; ok {
			ff.set = !ff.set
			return ff, true
		}
	}
	return flagFilter{}, false
}

// active reports whether the filter can leave addresses out. With an
// active filter, devices without a matching address are not shown.
func (f *addrFilter) active() bool {
	return f.hasScope || f.hasLabel || f.to.IsValid() || f.flagMask != 0
}

// onlyPrimaries reports whether the filter asks for primary addresses
// only. Flushing then stops after one round, as iproute2 does: deleting a
// primary IPv4 address may promote a secondary, which a second round would
// delete too, although it was not a primary when the flush began.
func (f *addrFilter) onlyPrimaries() bool {
	return f.flagMask&rtnl.FlagSecondary != 0 && f.flags&rtnl.FlagSecondary == 0
}

// match reports whether a passes the filter. dev is the name of a's device:
// as in iproute2, an address without a label (every IPv6 address) is
// matched against "label" by its device's name.
func (f *addrFilter) match(a *rtnl.Addr, dev string) bool {
	if f.hasScope && a.Scope != f.scope {
		return false
	}
	if (a.Flags^f.flags)&f.flagMask != 0 {
		return false
	}
	if f.to.IsValid() {
		local := a.Local.Addr()
		if local.Is4() != f.to.Addr().Is4() || !f.to.Contains(local) {
			return false
		}
	}
	if f.hasLabel {
		label := a.Label
		if label == "" {
			label = dev
		}
		// The pattern was checked when it was parsed.
		if ok, _ := path.Match(f.label, label); !ok {
			return false
		}
	}
	return true
}

// addrSelection is what addr show, flush and save select: devices (dev,
// up, type), addresses (addrFilter) and the family (-4, -6, or that of
// "to").
type addrSelection struct {
	link   linkFilter
	addr   addrFilter
	family rtnl.Family
}

// parseAddrSelection reads the words of addr show, flush and save in any
// order: `[dev] DEV`, `up`, `type KIND`, `scope S`, `label GLOB`,
// `to PREFIX` and the flag filters. family is the one -4 or -6 asked for.
// Everything is checked here; nothing needs the kernel.
func parseAddrSelection(args []string, family rtnl.Family) (addrSelection, error) {
	sel := addrSelection{family: family}
	f := &sel.addr
	value := func(args []string, i int) (string, error) {
		if i+1 == len(args) {
			return "", usagef("%q needs a value", args[i])
		}
		return args[i+1], nil
	}
	seen := map[string]bool{}
	once := func(tok string) error {
		if seen[tok] {
			return usagef("%q is given twice", tok)
		}
		seen[tok] = true
		return nil
	}
	extra := func(args []string, i int) (int, error) {
		tok := args[i]
		switch tok {
		case "scope", "label", "to":
			v, err := value(args, i)
			if err != nil {
				return 0, err
			}
			if err := once(tok); err != nil {
				return 0, err
			}
			return 2, sel.setValue(tok, v)
		}
		ff, ok := lookupFlagFilter(tok)
		if !ok {
			return 0, nil
		}
		if prev, dup := f.flagWord[ff.bit]; dup {
			if (f.flags&ff.bit != 0) == ff.set {
				return 0, usagef("flag filter %q repeats %q", tok, prev)
			}
			return 0, usagef("flag filters %q and %q exclude each other", prev, tok)
		}
		if f.flagWord == nil {
			f.flagWord = map[uint32]string{}
		}
		f.flagWord[ff.bit] = tok
		f.flagMask |= ff.bit
		if ff.set {
			f.flags |= ff.bit
		}
		return 1, nil
	}
	lf, err := parseLinkFilterWith(args, extra)
	if err != nil {
		return sel, err
	}
	sel.link = lf
	return sel, nil
}

// setValue reads the value of scope, label or to.
func (sel *addrSelection) setValue(key, v string) error {
	f := &sel.addr
	switch key {
	case "scope":
		if v == "all" {
			return nil // iproute2's word for every scope
		}
		s, err := parseScope(v)
		if err != nil {
			return err
		}
		f.scope, f.hasScope = s, true
	case "label":
		if _, err := path.Match(v, ""); err != nil {
			return usagef("invalid label pattern %q: %v", v, err)
		}
		f.label, f.hasLabel = v, true
	case "to":
		p, _, err := parsePrefix("prefix", v)
		if err != nil {
			return err
		}
		fam := rtnl.FamilyV6
		if p.Addr().Is4() {
			fam = rtnl.FamilyV4
		}
		if sel.family != rtnl.FamilyAll && sel.family != fam {
			return usagef("to %q is not %s, as -%s asks", v, familyWord(sel.family), familyDigit(sel.family))
		}
		// As in iproute2, "to" limits the view to its family.
		sel.family = fam
		f.to = p.Masked()
	}
	return nil
}

// load returns the devices and the addresses sel selects: the devices as
// loadLinks finds them, their addresses that match, and, when an address
// filter or a family is given, only the devices left with an address.
// Addresses are in the kernel's order.
func (sel *addrSelection) load(c rtnl.Client) (linkSet, []rtnl.Addr, error) {
	set, err := loadLinks(c, sel.link)
	if err != nil {
		return set, nil, err
	}
	if len(set.shown) == 0 {
		// The one device asked for is not up, or not of the kind.
		return set, nil, nil
	}
	filter := rtnl.AddrFilter{Family: sel.family}
	if sel.link.dev != nil {
		filter.Index = set.shown[0].Index
	}
	all, err := c.Addrs(filter)
	if err != nil {
		return set, nil, err
	}
	names := make(map[int]string, len(set.shown))
	for _, l := range set.shown {
		names[l.Index] = l.Name
	}
	// Filtered in place: the dump is ours alone, and a copy of tens of
	// thousands of addresses is what would cost.
	addrs := all[:0]
	for i := range all {
		a := &all[i]
		dev, ok := names[a.Index]
		if ok && filter.Match(a) && sel.addr.match(a, dev) {
			addrs = append(addrs, *a)
		}
	}
	if sel.addr.active() || sel.family != rtnl.FamilyAll {
		set.shown = linksWithAddrs(set.shown, addrs)
	}
	return set, addrs, nil
}

package cli

import (
	"slices"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/netaddr/netaddr/internal/rtnl"
)

// linkSet is the links a view shows, and the links they refer to (a
// veth's peer, a port's master), whose names and state the views print.
type linkSet struct {
	shown []rtnl.Link
	known []rtnl.Link
}

// lookup finds the links the shown ones refer to.
func (s *linkSet) lookup() render.Lookup { return render.LookupIn(s.known) }

// loadLinks selects the links f asks for. For every device it costs one
// link dump; for one device one request for it and one for each other link
// it names, since a single device's view must not dump them all.
func loadLinks(c rtnl.Client, f linkFilter) (linkSet, error) {
	var set linkSet
	if f.dev != nil {
		l, err := resolveDev(c, *f.dev)
		if err != nil {
			return set, err
		}
		if set, err = withReferences(c, l); err != nil {
			return set, err
		}
	} else {
		links, err := c.Links()
		if err != nil {
			return set, err
		}
		set = linkSet{shown: links, known: links}
	}
	// shown and known share their array; the filtered copy is made only
	// when something is left out, and at its exact size (on a host with
	// thousands of links the copies are what costs).
	n := 0
	for i := range set.shown {
		if f.match(&set.shown[i]) {
			n++
		}
	}
	if n == len(set.shown) {
		return set, nil
	}
	kept := make([]rtnl.Link, 0, n)
	for i := range set.shown {
		if f.match(&set.shown[i]) {
			kept = append(kept, set.shown[i])
		}
	}
	set.shown = kept
	return set, nil
}

// withReferences is the set of the one link l, knowing the links it refers
// to, asked for one by one.
func withReferences(c rtnl.Client, l rtnl.Link) (linkSet, error) {
	set := linkSet{shown: []rtnl.Link{l}, known: []rtnl.Link{l}}
	for _, ref := range referencedLinks(&l) {
		if slices.ContainsFunc(set.known, func(k rtnl.Link) bool { return k.Index == ref }) {
			continue
		}
		other, err := c.LinkByIndex(ref)
		if err != nil {
			if rtnl.IsNotExist(err) {
				// Gone since; iproute2 prints such a link as if%d.
				continue
			}
			return set, err
		}
		set.known = append(set.known, other)
	}
	return set, nil
}

// referencedLinks are the other links in this namespace that l names.
func referencedLinks(l *rtnl.Link) []int {
	var refs []int
	if l.HasParent && !l.HasParentNetNSID && l.Parent > 0 && l.Parent != l.Index {
		refs = append(refs, l.Parent)
	}
	if l.Master > 0 {
		refs = append(refs, l.Master)
	}
	return refs
}

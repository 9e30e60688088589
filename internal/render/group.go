package render

import "github.com/netaddr/netaddr/internal/rtnl"

// groupByLink returns, for each link in links, the addresses on it in their
// given order. Addresses on devices not in links are dropped; a link listed
// twice gets its addresses twice. It is a counting sort over one backing
// array, so the cost stays linear and small however many links and
// addresses there are, where scanning addrs once per link would not.
func groupByLink(links []rtnl.Link, addrs []rtnl.Addr) [][]*rtnl.Addr {
	bucket := newGroupIndex(links)
	// end[g] counts, then marks the end of, group g in the backing array.
	end := make([]int, bucket.n)
	n := 0
	for i := range addrs {
		if g, ok := bucket.get(addrs[i].Index); ok {
			end[g]++
			n++
		}
	}
	for g := 1; g < len(end); g++ {
		end[g] += end[g-1]
	}
	backing := make([]*rtnl.Addr, n)
	// Filling from the back keeps each group in its given order.
	for i := len(addrs) - 1; i >= 0; i-- {
		if g, ok := bucket.get(addrs[i].Index); ok {
			end[g]--
			backing[end[g]] = &addrs[i]
		}
	}
	// end[g] is now where group g starts.
	out := make([][]*rtnl.Addr, len(links))
	for i, l := range links {
		g, _ := bucket.get(l.Index)
		stop := n
		if g+1 < len(end) {
			stop = end[g+1]
		}
		out[i] = backing[end[g]:stop:stop]
	}
	return out
}

// groupIndex maps an ifindex to the group number of its link. Ifindexes
// are mostly small and dense, so a table indexed by ifindex serves when it
// is not much larger than the links (twice as fast as a map over tens of
// thousands of addresses); a host that has created and destroyed many
// devices may have sparse, large ifindexes, which go in a map.
type groupIndex struct {
	n     int           // number of groups
	table []int32       // group+1 by ifindex; 0 for none
	m     map[int]int32 // used when table is nil
}

func newGroupIndex(links []rtnl.Link) groupIndex {
	var gi groupIndex
	lo, hi := 0, 0
	for _, l := range links {
		lo, hi = min(lo, l.Index), max(hi, l.Index)
	}
	dense := lo >= 0 && hi < 16*len(links)+1024
	if dense {
		gi.table = make([]int32, hi+1)
	} else {
		gi.m = make(map[int]int32, len(links))
	}
	for _, l := range links {
		if _, ok := gi.get(l.Index); ok {
			continue
		}
		if dense {
			gi.table[l.Index] = int32(gi.n) + 1
		} else {
			gi.m[l.Index] = int32(gi.n)
		}
		gi.n++
	}
	return gi
}

func (gi *groupIndex) get(ifindex int) (int, bool) {
	if gi.m == nil {
		if ifindex < 0 || ifindex >= len(gi.table) || gi.table[ifindex] == 0 {
			return 0, false
		}
		return int(gi.table[ifindex]) - 1, true
	}
	g, ok := gi.m[ifindex]
	return int(g), ok
}

package render

import "github.com/netaddr/netaddr/internal/rtnl"

// groupByLink returns, for each link in links, the addresses on it in their
// given order. Addresses on devices not in links are dropped; a link listed
// twice gets its addresses twice. It is a counting sort over one backing
// array, so the cost stays linear and small however many links and
// addresses there are, where scanning addrs once per link would not.
func groupByLink(links []rtnl.Link, addrs []rtnl.Addr) [][]*rtnl.Addr {
	bucket := make(map[int]int, len(links)) // ifindex -> group number
	for _, l := range links {
		if _, ok := bucket[l.Index]; !ok {
			bucket[l.Index] = len(bucket)
		}
	}
	// end[g] counts, then marks the end of, group g in the backing array.
	end := make([]int, len(bucket))
	n := 0
	for i := range addrs {
		if g, ok := bucket[addrs[i].Index]; ok {
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
		if g, ok := bucket[addrs[i].Index]; ok {
			end[g]--
			backing[end[g]] = &addrs[i]
		}
	}
	// end[g] is now where group g starts.
	out := make([][]*rtnl.Addr, len(links))
	for i, l := range links {
		g := bucket[l.Index]
		stop := n
		if g+1 < len(end) {
			stop = end[g+1]
		}
		out[i] = backing[end[g]:stop:stop]
	}
	return out
}

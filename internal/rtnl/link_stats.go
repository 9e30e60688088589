package rtnl

import "encoding/binary"

// counters lists the fields of s in the order of struct
// rtnl_link_stats64, which is also the order of struct rtnl_link_stats up
// to rx_nohandler.
func (s *LinkStats) counters() [25]*uint64 {
	return [...]*uint64{
		&s.RxPackets, &s.TxPackets, &s.RxBytes, &s.TxBytes,
		&s.RxErrors, &s.TxErrors, &s.RxDropped, &s.TxDropped,
		&s.Multicast, &s.Collisions,
		&s.RxLengthErrors, &s.RxOverErrors, &s.RxCRCErrors,
		&s.RxFrameErrors, &s.RxFIFOErrors, &s.RxMissedErrors,
		&s.TxAbortedErrors, &s.TxCarrierErrors, &s.TxFIFOErrors,
		&s.TxHeartbeatErrors, &s.TxWindowErrors,
		&s.RxCompressed, &s.TxCompressed, &s.RxNoHandler,
		&s.RxOtherhostDropped,
	}
}

// decodeStats64 reads IFLA_STATS64. The struct grows with kernel versions
// (rx_nohandler in 4.6, rx_otherhost_dropped in 5.19): as many whole
// counters as the attribute holds are read, the rest stay zero, and what a
// newer kernel appends is ignored.
func decodeStats64(v []byte) *LinkStats {
	s := new(LinkStats)
	for i, f := range s.counters() {
		if len(v) < 8*(i+1) {
			break
		}
		*f = binary.NativeEndian.Uint64(v[8*i:])
	}
	return s
}

// stats32Counters is how many counters struct rtnl_link_stats has: it
// never got rx_otherhost_dropped.
const stats32Counters = 24

// decodeStats32 reads the 32-bit IFLA_STATS (struct rtnl_link_stats), for
// a sender that has no IFLA_STATS64; its counters wrap at 2^32.
func decodeStats32(v []byte) *LinkStats {
	s := new(LinkStats)
	counters := s.counters()
	for i, f := range counters[:stats32Counters] {
		if len(v) < 4*(i+1) {
			break
		}
		*f = uint64(binary.NativeEndian.Uint32(v[4*i:]))
	}
	return s
}

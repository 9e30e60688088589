package rtnl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

const sizeofIfAddrmsg = unix.SizeofIfAddrmsg

// sizeofCacheinfo is struct ifa_cacheinfo: preferred, valid, cstamp, tstamp.
const sizeofCacheinfo = 16

// ifaProto is IFA_PROTO (Linux 5.18), which x/sys/unix does not name yet.
const ifaProto = 11

var errShortAddr = errors.New("address message too short")

// decodeAddr decodes the payload of an RTM_NEWADDR message into a. It is
// written against the raw bytes rather than rtnetlink.AddressMessage
// because that type drops IFA_PROTO and allocates a net.IP per attribute,
// which dominates the cost of dumping tens of thousands of addresses.
func decodeAddr(b []byte, a *Addr) error {
	if len(b) < sizeofIfAddrmsg {
		return errShortAddr
	}
	*a = Addr{
		Family: Family(b[0]),
		Scope:  b[3],
		Flags:  uint32(b[2]),
		Index:  int(binary.NativeEndian.Uint32(b[4:8])),
	}
	plen := int(b[1])
	var local, address netip.Addr
	ad := newAttrIter(b[sizeofIfAddrmsg:])
	for ad.next() {
		var err error
		v := ad.val
		switch ad.typ {
		case unix.IFA_ADDRESS:
			address, err = decodeIP(v, a.Family)
		case unix.IFA_LOCAL:
			local, err = decodeIP(v, a.Family)
		case unix.IFA_BROADCAST:
			a.Broadcast, err = decodeIP(v, a.Family)
		case unix.IFA_ANYCAST:
			a.Anycast, err = decodeIP(v, a.Family)
		case unix.IFA_LABEL:
			a.Label = cString(v)
		case unix.IFA_CACHEINFO:
			if len(v) < sizeofCacheinfo {
				err = fmt.Errorf("IFA_CACHEINFO of %d bytes", len(v))
				break
			}
			a.Preferred = binary.NativeEndian.Uint32(v[0:4])
			a.Valid = binary.NativeEndian.Uint32(v[4:8])
			a.Created = binary.NativeEndian.Uint32(v[8:12])
			a.Updated = binary.NativeEndian.Uint32(v[12:16])
		case unix.IFA_FLAGS:
			// IFA_FLAGS carries the flags that do not fit in the 8-bit
			// header field (NOPREFIXROUTE, MNGTMPADDR, ...); prefer it.
			err = exactU32(&a.Flags, v)
		case unix.IFA_RT_PRIORITY:
			err = exactU32(&a.Metric, v)
		case ifaProto:
			if len(v) != 1 {
				err = fmt.Errorf("%d bytes for a u8", len(v))
				break
			}
			a.Protocol = v[0]
		}
		if err != nil {
			return fmt.Errorf("address attribute %d: %w", ad.typ, err)
		}
	}
	if ad.err != nil {
		return ad.err
	}
	// The kernel sends IFA_LOCAL only where it differs in meaning from
	// IFA_ADDRESS (IPv4 always, IPv6 with a peer); IFA_ADDRESS then is the
	// peer, as iproute2 reads it.
	switch {
	case local.IsValid():
		if address.IsValid() && address != local {
			a.Peer = address
		}
	case address.IsValid():
		local = address
	default:
		return errors.New("address message without IFA_LOCAL or IFA_ADDRESS")
	}
	if plen > local.BitLen() {
		return fmt.Errorf("prefix length %d for %s", plen, local)
	}
	a.Local = netip.PrefixFrom(local, plen)
	return nil
}

// exactU32 reads a u32 attribute value that must be exactly that size.
func exactU32(dst *uint32, v []byte) error {
	if len(v) != 4 {
		return fmt.Errorf("%d bytes for a u32", len(v))
	}
	*dst = binary.NativeEndian.Uint32(v)
	return nil
}

// decodeIP checks that b is an address of family f and returns it.
func decodeIP(b []byte, f Family) (netip.Addr, error) {
	switch {
	case f == FamilyV4 && len(b) == 4:
		return netip.AddrFrom4([4]byte(b)), nil
	case f == FamilyV6 && len(b) == 16:
		return netip.AddrFrom16([16]byte(b)), nil
	}
	return netip.Addr{}, fmt.Errorf("%d-byte address in family %d", len(b), f)
}

// cString returns b up to its first NUL, as the kernel terminates strings.
func cString(b []byte) string { return string(trimNUL(b)) }

// addrMessage is an address request. It embeds rtnetlink's message for the
// header and attributes and adds IFA_CACHEINFO, which rtnetlink v2.3.0
// never encodes, so that lifetimes reach the kernel.
type addrMessage struct {
	rtnetlink.AddressMessage
	valid, preferred uint32 // valid == 0: no IFA_CACHEINFO
}

func (m *addrMessage) MarshalBinary() ([]byte, error) {
	b, err := m.AddressMessage.MarshalBinary()
	if err != nil || m.valid == 0 {
		return b, err
	}
	ae := netlink.NewAttributeEncoder()
	ci := make([]byte, sizeofCacheinfo)
	binary.NativeEndian.PutUint32(ci[0:4], m.preferred)
	binary.NativeEndian.PutUint32(ci[4:8], m.valid)
	ae.Bytes(unix.IFA_CACHEINFO, ci)
	attrs, err := ae.Encode()
	if err != nil {
		return nil, err
	}
	return append(b, attrs...), nil
}

// encodeAddr builds the payload of an RTM_NEWADDR or RTM_DELADDR request
// for a. All flags travel in IFA_FLAGS: rtnetlink always sends that
// attribute and the kernel then ignores the 8-bit header field.
func encodeAddr(a *Addr) ([]byte, error) {
	local := a.Local.Addr()
	if !local.IsValid() {
		return nil, errors.New("request without a local address")
	}
	attrs := &rtnetlink.AddressAttributes{
		Local:    ipOf(local),
		Address:  ipOf(local),
		Label:    a.Label,
		Flags:    a.Flags,
		Priority: a.Metric,
	}
	if a.Peer.IsValid() {
		attrs.Address = ipOf(a.Peer)
	}
	if a.Broadcast.IsValid() {
		attrs.Broadcast = ipOf(a.Broadcast)
	}
	if a.Anycast.IsValid() {
		attrs.Anycast = ipOf(a.Anycast)
	}
	fam := FamilyV6
	if local.Is4() {
		fam = FamilyV4
	}
	m := &addrMessage{
		AddressMessage: rtnetlink.AddressMessage{
			Family:       uint8(fam),
			PrefixLength: uint8(a.Local.Bits()),
			Scope:        a.Scope,
			Index:        uint32(a.Index),
			Attributes:   attrs,
		},
		valid:     a.Valid,
		preferred: a.Preferred,
	}
	return m.MarshalBinary()
}

func ipOf(a netip.Addr) net.IP { return net.IP(a.AsSlice()) }

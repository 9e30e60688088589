package rtnl

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

var errShortLink = errors.New("link message too short")

// rtextFilterSkipStats is RTEXT_FILTER_SKIP_STATS (linux/rtnetlink.h,
// Linux 4.20), which x/sys/unix does not name.
const rtextFilterSkipStats = 1 << 3

// linkFilterMask is the IFLA_EXT_MASK of a link request. iproute2 asks for
// RTEXT_FILTER_VF; netaddr does not: it decodes no virtual-function
// information, which on an SR-IOV device with many VFs can make one link's
// message larger than the receive buffer. The attribute is sent anyway so
// that the choice shows in every request. Without counters wanted it is
// RTEXT_FILTER_SKIP_STATS, as iproute2 asks without -s: the kernel then
// leaves out the IPv6 statistics of IFLA_AF_SPEC (Linux 6.18 still sends
// IFLA_STATS and IFLA_STATS64, which decodeLink then skips).
func linkFilterMask(skipStats bool) uint32 {
	if skipStats {
		return rtextFilterSkipStats
	}
	return 0
}

// decodeLink decodes the payload of an RTM_NEWLINK message into l, with
// the counters only if withStats (the kernel sends them whatever the
// request asks, see linkFilterMask; leaving them makes a link dump
// allocate a third as much). It
// works on the raw bytes: rtnetlink v2.3.0's LinkMessage fails a whole
// decode on one unexpected stats64 size and puts IFLA_LINK into a field
// named Type. An attribute of an unexpected size is ignored, as if the
// kernel had not sent it; only a message whose header or attribute framing
// is broken is an error.
func decodeLink(b []byte, l *Link, withStats bool) error {
	if len(b) < unix.SizeofIfInfomsg {
		return errShortLink
	}
	*l = Link{
		Type:  binary.NativeEndian.Uint16(b[2:4]),
		Index: int(int32(binary.NativeEndian.Uint32(b[4:8]))),
		Flags: binary.NativeEndian.Uint32(b[8:12]),
	}
	if l.Index <= 0 {
		return fmt.Errorf("link message with index %d", l.Index)
	}
	d := linkDecoder{l: l, skipStats: !withStats}
	// The values alias the message; everything kept is copied once by
	// the decoder.
	ad := newAttrIter(b[unix.SizeofIfInfomsg:])
	for ad.next() {
		d.attr(ad.typ, ad.val)
	}
	if ad.err != nil {
		return fmt.Errorf("link %d: %w", l.Index, ad.err)
	}
	d.finish()
	return nil
}

// linkDecoder holds what decoding one link needs beyond the Link itself.
type linkDecoder struct {
	l         *Link
	skipStats bool
	// hw backs the hardware addresses, so that a link costs one
	// allocation for all of them.
	hw []byte
	// stats32 is IFLA_STATS, used only when no IFLA_STATS64 comes (the
	// kernel sends IFLA_STATS first).
	stats32 []byte
}

func (d *linkDecoder) attr(typ uint16, v []byte) {
	l := d.l
	switch typ {
	case unix.IFLA_IFNAME:
		l.Name = cString(v)
	case unix.IFLA_MTU:
		setU32(&l.MTU, v)
	case unix.IFLA_QDISC:
		l.Qdisc = knownString(v)
	case unix.IFLA_OPERSTATE:
		setU8(&l.OperState, v)
	case unix.IFLA_LINKMODE:
		setU8(&l.LinkMode, v)
	case unix.IFLA_GROUP:
		setU32(&l.Group, v)
	case unix.IFLA_TXQLEN:
		setU32(&l.TxQueueLen, v)
	case unix.IFLA_MASTER:
		setIndex(&l.Master, v)
	case unix.IFLA_LINK:
		l.HasParent = setIndex(&l.Parent, v)
	case unix.IFLA_LINK_NETNSID:
		var id uint32
		if setU32(&id, v) {
			l.ParentNetNSID, l.HasParentNetNSID = int32(id), true
		}
	case unix.IFLA_ADDRESS:
		l.Address = d.hwaddr(v)
	case unix.IFLA_BROADCAST:
		l.Broadcast = d.hwaddr(v)
	case unix.IFLA_PERM_ADDRESS:
		l.PermAddress = d.hwaddr(v)
	case unix.IFLA_IFALIAS:
		l.Alias = cString(v)
	case unix.IFLA_PROP_LIST:
		l.AltNames = decodeAltNames(v)
	case unix.IFLA_LINKINFO:
		l.Kind, l.SlaveKind = decodeLinkInfo(v)
	case unix.IFLA_PROTO_DOWN:
		var down uint8
		if setU8(&down, v) {
			l.ProtoDown = down != 0
		}
	case unix.IFLA_MIN_MTU:
		setU32(&l.MinMTU, v)
	case unix.IFLA_MAX_MTU:
		setU32(&l.MaxMTU, v)
	case unix.IFLA_CARRIER_CHANGES:
		l.HasCarrierChanges = setU32(&l.CarrierChanges, v)
	case unix.IFLA_CARRIER_UP_COUNT:
		setU32(&l.CarrierUp, v)
	case unix.IFLA_CARRIER_DOWN_COUNT:
		setU32(&l.CarrierDown, v)
	case unix.IFLA_STATS64:
		if !d.skipStats {
			l.Stats = decodeStats64(v)
			l.Stats32 = false
		}
	case unix.IFLA_STATS:
		if !d.skipStats {
			d.stats32 = v
		}
	}
}

func (d *linkDecoder) finish() {
	if d.l.Stats == nil && d.stats32 != nil {
		d.l.Stats = decodeStats32(d.stats32)
		d.l.Stats32 = true
	}
}

// hwaddr copies a hardware address out of the message. An empty one is
// none at all. Room is made for three addresses of this size at once,
// since address and broadcast (and a permanent address) come together.
func (d *linkDecoder) hwaddr(v []byte) []byte {
	if len(v) == 0 {
		return nil
	}
	if cap(d.hw)-len(d.hw) < len(v) {
		d.hw = make([]byte, 0, 3*len(v))
	}
	start := len(d.hw)
	d.hw = append(d.hw, v...)
	// A full slice expression, so that appending to one address can never
	// overwrite the next.
	return d.hw[start:len(d.hw):len(d.hw)]
}

// decodeAltNames reads the IFLA_ALT_IFNAME entries of IFLA_PROP_LIST. A
// list with broken framing is ignored as a whole, like any odd attribute.
func decodeAltNames(v []byte) []string {
	var names []string
	ad := newAttrIter(v)
	for ad.next() {
		if ad.typ == unix.IFLA_ALT_IFNAME {
			names = append(names, cString(ad.val))
		}
	}
	if ad.err != nil {
		return nil
	}
	return names
}

// decodeLinkInfo reads the kinds from IFLA_LINKINFO; the kind-specific
// data (IFLA_INFO_DATA) is not netaddr's business.
func decodeLinkInfo(v []byte) (kind, slaveKind string) {
	ad := newAttrIter(v)
	for ad.next() {
		switch ad.typ {
		case unix.IFLA_INFO_KIND:
			kind = knownString(ad.val)
		case unix.IFLA_INFO_SLAVE_KIND:
			slaveKind = knownString(ad.val)
		}
	}
	if ad.err != nil {
		return "", ""
	}
	return kind, slaveKind
}

func setU32(dst *uint32, v []byte) bool {
	if len(v) != 4 {
		return false
	}
	*dst = binary.NativeEndian.Uint32(v)
	return true
}

func setU8(dst *uint8, v []byte) bool {
	if len(v) != 1 {
		return false
	}
	*dst = v[0]
	return true
}

// setIndex reads an ifindex, which the kernel sends as a u32 but means as
// an int.
func setIndex(dst *int, v []byte) bool {
	var x uint32
	if !setU32(&x, v) {
		return false
	}
	*dst = int(int32(x))
	return true
}

// knownString is cString for values that repeat on every link (qdiscs,
// kinds): the common ones come back as constants, without an allocation
// per link.
func knownString(b []byte) string {
	b = trimNUL(b)
	switch string(b) {
	case "noqueue":
		return "noqueue"
	case "noop":
		return "noop"
	case "fq_codel":
		return "fq_codel"
	case "pfifo_fast":
		return "pfifo_fast"
	case "mq":
		return "mq"
	case "veth":
		return "veth"
	case "bridge":
		return "bridge"
	case "bond":
		return "bond"
	case "vlan":
		return "vlan"
	case "vxlan":
		return "vxlan"
	case "tun":
		return "tun"
	case "macvlan":
		return "macvlan"
	case "dummy":
		return "dummy"
	}
	return string(b)
}

func trimNUL(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}

// encodeLinkRequest builds an RTM_GETLINK payload: a dump when index and
// name are zero, else a request for one link by index or by name. Names
// too long for IFLA_IFNAME can only be alternative names, which the kernel
// looks up under IFLA_ALT_IFNAME (as iproute2 does). Only attributes that
// strict checking accepts in a dump request are sent (IFLA_EXT_MASK).
func encodeLinkRequest(index int, name string, skipStats bool) ([]byte, error) {
	b := make([]byte, unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(b[4:8], uint32(int32(index)))
	ae := netlink.NewAttributeEncoder()
	if name != "" {
		typ := uint16(unix.IFLA_IFNAME)
		if len(name) >= unix.IFNAMSIZ {
			typ = unix.IFLA_ALT_IFNAME
		}
		ae.String(typ, name)
	}
	ae.Uint32(unix.IFLA_EXT_MASK, linkFilterMask(skipStats))
	attrs, err := ae.Encode()
	if err != nil {
		return nil, fmt.Errorf("encode link request: %w", err)
	}
	return append(b, attrs...), nil
}

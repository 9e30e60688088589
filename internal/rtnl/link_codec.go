package rtnl

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

var errShortLink = errors.New("link message too short")

// decodeLink decodes the payload of an RTM_NEWLINK message into l. It reads
// only the attributes netaddr uses and tolerates any size of the others:
// rtnetlink v2.3.0's LinkMessage fails a whole decode on one unexpected
// stats64 size, and one odd link must never hide the rest.
func decodeLink(b []byte, l *Link) error {
	if len(b) < unix.SizeofIfInfomsg {
		return errShortLink
	}
	*l = Link{
		Index: int(int32(binary.NativeEndian.Uint32(b[4:8]))),
		Flags: binary.NativeEndian.Uint32(b[8:12]),
	}
	ad, err := netlink.NewAttributeDecoder(b[unix.SizeofIfInfomsg:])
	if err != nil {
		return err
	}
	for ad.Next() {
		switch ad.Type() {
		case unix.IFLA_IFNAME:
			l.Name = cString(ad.Bytes())
		case unix.IFLA_MTU:
			if v := ad.Bytes(); len(v) == 4 {
				l.MTU = binary.NativeEndian.Uint32(v)
			}
		}
	}
	if err := ad.Err(); err != nil {
		return err
	}
	if l.Index <= 0 {
		return fmt.Errorf("link message with index %d", l.Index)
	}
	return nil
}

// encodeLinkRequest builds an RTM_GETLINK payload that asks for one link by
// index or, when name is not empty, by name.
func encodeLinkRequest(index int, name string) ([]byte, error) {
	b := make([]byte, unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(b[4:8], uint32(int32(index)))
	if name == "" {
		return b, nil
	}
	ae := netlink.NewAttributeEncoder()
	ae.String(unix.IFLA_IFNAME, name)
	attrs, err := ae.Encode()
	if err != nil {
		return nil, err
	}
	return append(b, attrs...), nil
}

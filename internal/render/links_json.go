package render

import (
	"bytes"
	"fmt"
	"io"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// LinksJSON writes what `ip -j link show` (iproute2 6.1) prints for links:
// an array with one object per link, in the order given. opts.Stats 1 and
// 2 give `ip -j -s link show` and `ip -j -s -s link show`, opts.Pretty the
// -p layout; opts.Lookup names masters and peers (see Lookup).
func LinksJSON(w io.Writer, links []rtnl.Link, opts JSONOptions) error {
	v := linkView{
		lookup:    lookupFor(opts.Lookup, links),
		doLink:    true,
		linkLayer: true,
		stats:     opts.Stats,
	}
	j := newJSONWriter(w, opts.Pretty)
	var scratch []byte
	j.beginArray()
	for i := range links {
		j.beginObject()
		scratch = writeLinkHeader(j, &links[i], &v, scratch)
		j.endObject()
		j.maybeFlush()
	}
	j.endArray()
	if err := j.finish(); err != nil {
		return fmt.Errorf("write links as json: %w", err)
	}
	return nil
}

// linkView is what decides which keys of a link object iproute2 prints.
type linkView struct {
	lookup Lookup
	// doLink is set for `ip link show`, which prints "linkmode" and
	// "ifalias" and puts "stats64" before "altnames"; `ip addr show`
	// prints neither and puts "stats64" after "addr_info".
	doLink bool
	// linkLayer is false when the address view is limited to one family,
	// which leaves out "link_type", "address" and "broadcast".
	linkLayer bool
	// inet6 says the link messages are the kernel's reduced AF_INET6 ones
	// (see JSONOptions.Inet6LinkDump).
	inet6 bool
	stats int
}

// writeLinkHeader writes the members of a link object that iproute2's
// print_linkinfo prints, in its order and with its presence rules:
//
//	ifindex, link | link_index, ifname, flags, mtu, qdisc, master,
//	operstate | operstate_index, linkmode | linkmode_index (ip link),
//	group, txqlen (when not 0), link_type, address, link_pointtopoint,
//	broadcast, permaddr (when it differs from address), link_netnsid,
//	proto_down (when on), ifalias (ip link), stats64 (ip link -s),
//	altnames
//
// Attributes the kernel always sends (mtu, operstate, linkmode, group)
// are always printed; optional ones are printed when present in l.
// scratch is reused for text and returned.
func writeLinkHeader(j *jsonWriter, l *rtnl.Link, v *linkView, scratch []byte) []byte {
	j.key("ifindex")
	j.int(int64(l.Index))

	parent, named, mdown := parentOf(v.lookup, l, v.inet6)
	if l.HasParent {
		switch {
		case l.Parent == 0:
			// A tunnel bound to no device: "tunl0@NONE" in text.
			j.key("link")
			j.null()
		case l.HasParentNetNSID && !v.inet6:
			j.key("link_index")
			j.int(int64(int32(l.Parent)))
		case named:
			j.key("link")
			j.str(parent)
		}
	}
	j.key("ifname")
	j.str(l.Name)

	j.key("flags")
	j.beginArray()
	scratch = linkFlagWords(l.Flags, mdown, scratch, j.lit)
	j.endArray()

	// iproute2 prints the u32 attributes below with "%d".
	j.key("mtu")
	j.int(int64(int32(l.MTU)))
	if l.Qdisc != "" && !v.inet6 {
		j.key("qdisc")
		j.str(l.Qdisc)
	}
	if l.Master != 0 && !v.inet6 {
		j.key("master")
		j.str(linkName(v.lookup, l.Master))
	}
	if int(l.OperState) < len(operStates) {
		j.key("operstate")
		j.lit(operStates[l.OperState])
	} else {
		j.key("operstate_index")
		j.uint(uint64(l.OperState))
	}
	if v.doLink {
		if l.LinkMode <= 1 {
			j.key("linkmode")
			j.lit(LinkModeName(l.LinkMode))
		} else {
			j.key("linkmode_index")
			j.int(int64(l.LinkMode))
		}
	}
	if !v.inet6 {
		j.key("group")
		j.lit(GroupName(l.Group))
	}
	if l.TxQueueLen != 0 {
		j.key("txqlen")
		j.int(int64(int32(l.TxQueueLen)))
	}

	if v.linkLayer {
		j.key("link_type")
		j.lit(LinkTypeName(l.Type))
		if len(l.Address) > 0 {
			j.key("address")
			scratch = appendHWAddr(scratch[:0], l.Address, l.Type)
			j.rawStr(scratch)
		}
		if len(l.Broadcast) > 0 {
			if l.Flags&iffPointToPt != 0 {
				j.key("link_pointtopoint")
				j.bool(true)
			}
			j.key("broadcast")
			scratch = appendHWAddr(scratch[:0], l.Broadcast, l.Type)
			j.rawStr(scratch)
		}
		if len(l.PermAddress) > 0 && !bytes.Equal(l.PermAddress, l.Address) {
			j.key("permaddr")
			scratch = appendHWAddr(scratch[:0], l.PermAddress, l.Type)
			j.rawStr(scratch)
		}
	}
	if v.inet6 {
		// The AF_INET6 message has nothing more that iproute2 prints.
		return scratch
	}
	if l.HasParentNetNSID {
		j.key("link_netnsid")
		j.int(int64(l.ParentNetNSID))
	}
	if l.ProtoDown {
		j.key("proto_down")
		j.bool(true)
	}
	if v.doLink {
		if l.Alias != "" {
			j.key("ifalias")
			j.str(l.Alias)
		}
		if v.stats > 0 && l.Stats != nil {
			writeStats64(j, l, v.stats, true)
		}
	}
	if len(l.AltNames) > 0 {
		j.key("altnames")
		j.beginArray()
		for _, n := range l.AltNames {
			j.str(n)
		}
		j.endArray()
	}
	return scratch
}

// writeStats64 writes "stats64" as iproute2's print_stats64 does at the
// given -s level: the basic counters always, "compressed" only when not
// zero, and at level 2 the detailed errors, with "nohandler" and
// "otherhost" only when not zero and "carrier_changes" only when the
// kernel sent it and the view has it (withCarrier). Counters that came
// from the 32-bit IFLA_STATS are printed under "stats", as iproute2 does.
// l.Stats must not be nil.
func writeStats64(j *jsonWriter, l *rtnl.Link, level int, withCarrier bool) {
	s := l.Stats
	if l.Stats32 {
		j.key("stats")
	} else {
		j.key("stats64")
	}
	j.beginObject()

	j.key("rx")
	j.beginObject()
	j.key("bytes")
	j.uint(s.RxBytes)
	j.key("packets")
	j.uint(s.RxPackets)
	j.key("errors")
	j.uint(s.RxErrors)
	j.key("dropped")
	j.uint(s.RxDropped)
	j.key("over_errors")
	j.uint(s.RxOverErrors)
	j.key("multicast")
	j.uint(s.Multicast)
	if s.RxCompressed != 0 {
		j.key("compressed")
		j.uint(s.RxCompressed)
	}
	if level > 1 {
		j.key("length_errors")
		j.uint(s.RxLengthErrors)
		j.key("crc_errors")
		j.uint(s.RxCRCErrors)
		j.key("frame_errors")
		j.uint(s.RxFrameErrors)
		j.key("fifo_errors")
		j.uint(s.RxFIFOErrors)
		j.key("missed_errors")
		j.uint(s.RxMissedErrors)
		if s.RxNoHandler != 0 {
			j.key("nohandler")
			j.uint(s.RxNoHandler)
		}
		if s.RxOtherhostDropped != 0 {
			j.key("otherhost")
			j.uint(s.RxOtherhostDropped)
		}
	}
	j.endObject()

	j.key("tx")
	j.beginObject()
	j.key("bytes")
	j.uint(s.TxBytes)
	j.key("packets")
	j.uint(s.TxPackets)
	j.key("errors")
	j.uint(s.TxErrors)
	j.key("dropped")
	j.uint(s.TxDropped)
	j.key("carrier_errors")
	j.uint(s.TxCarrierErrors)
	j.key("collisions")
	j.uint(s.Collisions)
	if s.TxCompressed != 0 {
		j.key("compressed")
		j.uint(s.TxCompressed)
	}
	if level > 1 {
		j.key("aborted_errors")
		j.uint(s.TxAbortedErrors)
		j.key("fifo_errors")
		j.uint(s.TxFIFOErrors)
		j.key("window_errors")
		j.uint(s.TxWindowErrors)
		j.key("heartbeat_errors")
		j.uint(s.TxHeartbeatErrors)
		if l.HasCarrierChanges && withCarrier {
			j.key("carrier_changes")
			j.uint(uint64(l.CarrierChanges))
		}
	}
	j.endObject()

	j.endObject()
}

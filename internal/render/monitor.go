package render

import (
	"fmt"
	"io"
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// MonitorEvent is one change `netaddr monitor` prints: an address or a
// link that was added (or, for a link, changed) or deleted.
type MonitorEvent struct {
	Deleted bool
	Addr    *rtnl.Addr // an address event; nil for a link event
	Link    *rtnl.Link // a link event; nil for an address event
}

// MonitorWriter writes events as they happen, one line each, handing every
// line to the underlying writer in a single Write, so that a reader of a
// pipe or file sees whole events at once.
type MonitorWriter struct {
	w      io.Writer
	json   bool
	lookup Lookup
	color  Palette
	j      *jsonWriter
	line   []byte
}

// NewMonitorWriter returns a writer of events to w: as text, or with json
// one JSON object per line. lookup names the device of an address and the
// master and peer of a link (see Lookup); the caller keeps what it knows
// current as links come and go; nil names every device "if<index>".
// color colours text lines as `ip -c monitor` does; JSON lines are never
// coloured.
func NewMonitorWriter(w io.Writer, json bool, lookup Lookup, color Palette) *MonitorWriter {
	m := &MonitorWriter{w: w, json: json, lookup: lookupFor(lookup, nil), color: color}
	if json {
		m.j = newJSONWriter(w, false)
	}
	return m
}

// Write writes one event. Text lines are
//
//   - addr 3: v0 inet 192.0.2.1/24 brd 192.0.2.255 scope global secondary label v0:1
//   - addr 3: v0 inet6 2001:db8::1/64 scope global nodad valid 1m40s preferred 50s
//   - link 3: v0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP
//
// with "+" for an address added or a link added or changed (the kernel
// tells these apart for links only by what changed), "-" for one deleted;
// lifetimes are printed when not both forever. A JSON line is an object
// with "event" ("new" or "del") and "type" ("addr" or "link"), then for an
// address "ifindex", "ifname" and the members of its `ip -j addr show`
// "addr_info" entry, for a link the members `ip -j link show` prints for
// it.
func (m *MonitorWriter) Write(ev MonitorEvent) error {
	if m.json {
		return m.writeJSON(&ev)
	}
	m.line = appendMonitorText(m.line[:0], &ev, m.lookup, m.color)
	if _, err := m.w.Write(m.line); err != nil {
		return fmt.Errorf("write event: %w", err)
	}
	return nil
}

func (m *MonitorWriter) writeJSON(ev *MonitorEvent) error {
	j := m.j
	j.depth, j.sep = 0, false
	j.beginObject()
	j.key("event")
	if ev.Deleted {
		j.lit("del")
	} else {
		j.lit("new")
	}
	var scratch []byte
	switch {
	case ev.Addr != nil:
		j.key("type")
		j.lit("addr")
		j.key("ifindex")
		j.int(int64(ev.Addr.Index))
		j.key("ifname")
		j.str(linkName(m.lookup, ev.Addr.Index))
		writeAddrInfo(j, ev.Addr, scratch)
	case ev.Link != nil:
		j.key("type")
		j.lit("link")
		v := linkView{lookup: m.lookup, doLink: true, linkLayer: true}
		writeLinkHeader(j, ev.Link, &v, scratch)
	}
	j.endObject()
	if err := j.finish(); err != nil {
		return fmt.Errorf("write event as json: %w", err)
	}
	return nil
}

// appendMonitorText appends the text line of ev; see Write.
func appendMonitorText(dst []byte, ev *MonitorEvent, lookup Lookup, color Palette) []byte {
	if ev.Deleted {
		dst = append(dst, "- "...)
	} else {
		dst = append(dst, "+ "...)
	}
	switch {
	case ev.Addr != nil:
		a := ev.Addr
		dst = append(dst, "addr "...)
		dst = strconv.AppendInt(dst, int64(a.Index), 10)
		dst = append(dst, ": "...)
		dst = paint(dst, color.ifname, headingName(linkName(lookup, a.Index)))
		if name, ok := familyName(a.Family); ok {
			dst = append(dst, ' ')
			dst = append(dst, name...)
		} else {
			dst = append(dst, " family "...)
			dst = strconv.AppendUint(dst, uint64(a.Family), 10)
		}
		row, _ := addrRow(a, nil, color)
		dst = append(dst, ' ')
		dst = append(dst, row[0]...)
		if a.Broadcast.IsValid() {
			dst = append(dst, " brd "...)
			dst = color.appendColorIP(dst, a.Family, a.Broadcast)
		}
		dst = append(dst, " scope "...)
		dst = append(dst, row[1]...)
		if row[2] != "" {
			dst = append(dst, ' ')
			dst = append(dst, row[2]...)
		}
		if a.Label != "" {
			dst = append(dst, " label "...)
			dst = append(dst, row[5]...)
		}
		if a.Valid != rtnl.Forever || a.Preferred != rtnl.Forever {
			dst = append(dst, " valid "...)
			dst = append(dst, row[3]...)
			dst = append(dst, " preferred "...)
			dst = append(dst, row[4]...)
		}
	case ev.Link != nil:
		dst = append(dst, "link "...)
		dst = appendLinkHeading(dst, ev.Link, lookup, color)
	}
	return append(dst, '\n')
}

package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// StatsEntry is one device in a statistics view: the link with its kernel
// counters (Link.Stats, IFLA_STATS64) and the driver's own counters.
type StatsEntry struct {
	Link rtnl.Link
	// Driver holds the driver's counters as `ethtool -S` lists them, in
	// the driver's order; only read when StatsOptions.Driver is set.
	Driver []rtnl.DriverStat
}

// StatsOptions shape StatsTable and StatsJSON.
type StatsOptions struct {
	// Driver says the driver counters were asked for: every device then
	// gets a driver section (table) or "driver" member (JSON), empty for a
	// device without any.
	Driver bool
	// Human prints the kernel counters in the table as `ip -s -h` does
	// (print_num: "1.50k", "15.0M", "150G"). Driver counters stay exact:
	// some are not counts at all (an ifindex, a queue number).
	Human bool
	// Pretty is the JSON layout of `ip -j -p`.
	Pretty bool
	// Color colours the device names in the table as `ip -c` colours
	// names; StatsJSON ignores it.
	Color Palette
}

// StatsJSON writes the statistics of `netaddr --json stats [--driver]`:
// an array with one object per entry, in the given order:
//
//	{"ifindex": 3, "ifname": "v0", "stats64": {...}, "driver": {...}}
//
// "stats64" is exactly what `ip -j -s -s link show` prints under that name
// (see LinksJSON; "stats" for counters that came from the 32-bit
// IFLA_STATS, and left out for a link without counters). "driver", present
// only with opts.Driver, maps each driver counter name to its value in the
// driver's order; a device without driver counters gets {}. Names are
// written as the driver gives them, escaped; should a driver repeat a
// name, the object repeats the key.
func StatsJSON(w io.Writer, entries []StatsEntry, opts StatsOptions) error {
	j := newJSONWriter(w, opts.Pretty)
	j.beginArray()
	for i := range entries {
		e := &entries[i]
		j.beginObject()
		j.key("ifindex")
		j.int(int64(e.Link.Index))
		j.key("ifname")
		j.str(e.Link.Name)
		if e.Link.Stats != nil {
			writeStats64(j, &e.Link, 2, true)
		}
		if opts.Driver {
			j.key("driver")
			j.beginObject()
			for _, d := range e.Driver {
				j.keyString(d.Name)
				j.uint(d.Value)
			}
			j.endObject()
		}
		j.endObject()
		j.maybeFlush()
	}
	j.endArray()
	if err := j.finish(); err != nil {
		return fmt.Errorf("write statistics as json: %w", err)
	}
	return nil
}

var statsHeading = []string{"COUNTER", "RX", "TX"}

// statsRow is one counter of a device: a name and its receive and
// transmit values; a side without such a counter is left empty.
type statsRow struct {
	name         string
	rx, tx       uint64
	hasRx, hasTx bool
}

// statsRows lists a device's kernel counters in the order `ip -s -s` shows
// them: the totals first, then the detailed errors. Counters iproute2 shows
// only when they are not zero (compressed, otherhost) follow the same rule;
// carrier changes come when the kernel sent them.
func statsRows(l *rtnl.Link, rows []statsRow) []statsRow {
	s := l.Stats
	both := func(name string, rx, tx uint64) statsRow { return statsRow{name, rx, tx, true, true} }
	rxOnly := func(name string, rx uint64) statsRow { return statsRow{name: name, rx: rx, hasRx: true} }
	txOnly := func(name string, tx uint64) statsRow { return statsRow{name: name, tx: tx, hasTx: true} }
	rows = append(rows,
		both("bytes", s.RxBytes, s.TxBytes),
		both("packets", s.RxPackets, s.TxPackets),
		both("errors", s.RxErrors, s.TxErrors),
		both("dropped", s.RxDropped, s.TxDropped),
		rxOnly("multicast", s.Multicast),
		txOnly("collisions", s.Collisions),
	)
	if s.RxCompressed != 0 || s.TxCompressed != 0 {
		rows = append(rows, both("compressed", s.RxCompressed, s.TxCompressed))
	}
	rows = append(rows,
		rxOnly("length errors", s.RxLengthErrors),
		rxOnly("over errors", s.RxOverErrors),
		rxOnly("crc errors", s.RxCRCErrors),
		rxOnly("frame errors", s.RxFrameErrors),
		both("fifo errors", s.RxFIFOErrors, s.TxFIFOErrors),
		rxOnly("missed errors", s.RxMissedErrors),
		rxOnly("nohandler", s.RxNoHandler),
	)
	if s.RxOtherhostDropped != 0 {
		rows = append(rows, rxOnly("otherhost dropped", s.RxOtherhostDropped))
	}
	rows = append(rows,
		txOnly("aborted errors", s.TxAbortedErrors),
		txOnly("carrier errors", s.TxCarrierErrors),
		txOnly("heartbeat errors", s.TxHeartbeatErrors),
		txOnly("window errors", s.TxWindowErrors),
	)
	if l.HasCarrierChanges {
		rows = append(rows, txOnly("carrier changes", uint64(l.CarrierChanges)))
	}
	return rows
}

// The lines StatsTable writes in place of counters that are not there.
const (
	noCounters       = indent + "no kernel counters"
	driverHeading    = indent + "driver counters (ethtool -S):"
	noDriverCounters = indent + "driver counters (ethtool -S): none"
)

// StatsTable writes each device's counters for people: a heading line per
// entry ("3: v0"), then one indented row per kernel counter with its
// receive and transmit values side by side (bytes, packets, errors,
// dropped, multicast, collisions, then the detailed errors: length, over,
// crc, frame, fifo, missed, nohandler, aborted, carrier, heartbeat,
// window, and carrier changes); a side a counter does not exist on is
// empty. The column heading comes once, first; columns line up across all
// devices. With opts.Human the kernel counters print as `ip -s -h` prints
// them. With opts.Driver each device then gets a section with its driver
// counters (`ethtool -S`), one name and value a row, or a line saying
// there are none.
func StatsTable(w io.Writer, entries []StatsEntry, opts StatsOptions) error {
	var counters []statsRow
	var rows [][]string
	var driverRows [][]string
	var num []byte
	cell := func(v uint64, has bool) string {
		if !has {
			return ""
		}
		if opts.Human {
			num = appendHuman(num[:0], v)
		} else {
			num = strconv.AppendUint(num[:0], v, 10)
		}
		return string(num)
	}
	for i := range entries {
		e := &entries[i]
		if e.Link.Stats != nil {
			counters = statsRows(&e.Link, counters[:0])
			for _, c := range counters {
				rows = append(rows, []string{c.name, cell(c.rx, c.hasRx), cell(c.tx, c.hasTx)})
			}
		}
		if opts.Driver {
			for _, d := range e.Driver {
				driverRows = append(driverRows, []string{printable(d.Name), strconv.FormatUint(d.Value, 10)})
			}
		}
	}
	right := []align{alignLeft, alignRight, alignRight}
	cols := newColumns(statsHeading, rows, right...)
	var driverCols columns
	if opts.Driver {
		// The section heading says what they are: the column heading
		// is measured but not written.
		driverCols = newColumns([]string{"NAME", "VALUE"}, driverRows, right[:2]...)
	}

	out := bufio.NewWriterSize(w, 32<<10)
	var line []byte
	line = cols.appendLine(append(line, indent...), statsHeading)
	line = append(line, '\n')
	out.Write(line)
	for i := range entries {
		e := &entries[i]
		line = strconv.AppendInt(line[:0], int64(e.Link.Index), 10)
		line = append(line, ": "...)
		line = paint(line, opts.Color.ifname, headingName(e.Link.Name))
		line = append(line, '\n')
		out.Write(line)
		if e.Link.Stats != nil {
			counters = statsRows(&e.Link, counters[:0])
			for range counters {
				line = cols.appendLine(append(line[:0], indent...), rows[0])
				line = append(line, '\n')
				out.Write(line)
				rows = rows[1:]
			}
		} else {
			out.WriteString(noCounters + "\n")
		}
		if !opts.Driver {
			continue
		}
		if len(e.Driver) == 0 {
			out.WriteString(noDriverCounters + "\n")
			continue
		}
		out.WriteString(driverHeading + "\n")
		for range e.Driver {
			line = driverCols.appendLine(append(line[:0], indent+indent...), driverRows[0])
			line = append(line, '\n')
			out.Write(line)
			driverRows = driverRows[1:]
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write statistics table: %w", err)
	}
	return nil
}

// appendHuman appends v as iproute2's print_num does with -h: below 1000
// the number itself; otherwise scaled by the largest power of 1000 that
// keeps it at 1 or more (k, M, G, T, P, E; the prefix is lower-case "k"
// as in iproute2), with two decimals below 10, one below 100 and none
// from there: "1.50k", "15.0M", "150G", "999k", "1000k" (999,999 rounds
// up, as printf's "%.0f" does).
func appendHuman(dst []byte, v uint64) []byte {
	const base = 1000
	if v < base {
		return strconv.AppendUint(dst, v, 10)
	}
	const prefixes = "kMGTPE"
	p := 0
	pow := uint64(1)
	for {
		pow *= base
		if v/base < pow || p+1 == len(prefixes) {
			break
		}
		p++
	}
	precision := 2
	for pw := uint64(10); precision > 0; precision-- {
		if v/pow < pw {
			break
		}
		pw *= 10
	}
	dst = strconv.AppendFloat(dst, float64(v)/float64(pow), 'f', precision, 64)
	return append(dst, prefixes[p])
}

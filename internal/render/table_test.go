package render

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// checkLayout lays out heading and rows with columns and with the
// tablewriter oracle and fails t unless the lines are the same bytes.
func checkLayout(t *testing.T, heading []string, rows [][]string, align []align) {
	t.Helper()
	want, err := oracleLayout(heading, rows, align)
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	c := newColumns(heading, rows, align...)
	got := [][]byte{c.appendLine([]byte("prefix"), heading)[len("prefix"):]}
	for _, row := range rows {
		got = append(got, c.appendLine(nil, row))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("heading %q, rows %q, align %v:\nline %d\n got %q\nwant %q", heading, rows, align, i, got[i], want[i])
		}
	}
	var buf bytes.Buffer
	if err := writeTable(&buf, heading, rows, align, "table"); err != nil {
		t.Fatal(err)
	}
	if joined := append(bytes.Join(want, []byte("\n")), '\n'); !bytes.Equal(buf.Bytes(), joined) {
		t.Fatalf("writeTable:\n got %q\nwant %q", buf.Bytes(), joined)
	}
}

// tableCells are cells of every kind a table for people may hold, and a
// few no caller makes (invalid UTF-8, control characters), which must
// still lay out as tablewriter laid them out.
var tableCells = []string{
	"", "x", "lo", "v0", "198.51.100.1/24", "2001:db8::1/64", "forever", "1500", "0",
	"UP", "LOWERLAYERDOWN", "NO-CARRIER,BROADCAST,MULTICAST,UP", `"v0\x1b[31m"`,
	"日本語", "ラベル", "한국", "v0:日", "Ａ", // wide
	"e\u0301", "a\u0308\u0308", "\u0301", "n\u0303o", // combining marks
	"😀", "👩\u200d💻", "❤\ufe0f", "🇩🇪", "#\ufe0f\u20e3", // emoji, ZWJ, VS16, flags, keycaps
	"±½§", "αβγ", "…", "\ufffd", // East Asian ambiguous
	"\u200b", "\u00ad", "\u2028", "x\u200dy", // zero width, format
	"\xff", "v0\xfe\xff", "\xe6\x97", "a\xc0\x80b", "\xed\xa0\x80", // invalid UTF-8
	"a\x00b", "\x7f", "\r", "x\x01", "\u0085", "\u009b31m", // control characters
	"  ", " x", "x ", // blanks
}

// paintCell paints s, or part of it, as the colour code does.
func paintCell(r *rand.Rand, s string) string {
	p := NewPalette(r.IntN(2) == 0)
	codes := []string{p.ifname, p.mac, p.inet, p.inet6, p.up, p.down}
	code := codes[r.IntN(len(codes))]
	switch r.IntN(4) {
	case 0:
		return paintString(code, s)
	case 1: // coloured in the middle, as "ADDR peer ADDR/24"
		return "a" + paintString(code, s) + " b " + paintString(code, s) + "/24"
	case 2: // a colour left open
		return code + s
	}
	return s + ansiReset // a reset closing nothing
}

func randomTable(r *rand.Rand) (heading []string, rows [][]string, aligns []align) {
	ncol := 1 + r.IntN(6)
	cell := func() string {
		s := tableCells[r.IntN(len(tableCells))]
		if r.IntN(3) == 0 {
			s += tableCells[r.IntN(len(tableCells))]
		}
		if r.IntN(4) == 0 {
			s = paintCell(r, s)
		}
		return s
	}
	for range ncol {
		if r.IntN(4) == 0 {
			heading = append(heading, cell())
		} else {
			heading = append(heading, []string{"ADDRESS", "SCOPE", "FLAGS", "VALID", "LABEL", "MTU", "RX", "TX"}[r.IntN(8)])
		}
		aligns = append(aligns, []align{alignLeft, alignRight}[r.IntN(2)])
	}
	aligns = aligns[:r.IntN(ncol+1)]
	for range r.IntN(8) {
		row := make([]string, ncol)
		for i := range row {
			row[i] = cell()
		}
		rows = append(rows, row)
	}
	return heading, rows, aligns
}

func TestLayoutTableOracle(t *testing.T) {
	// The tables netaddr writes.
	checkLayout(t, addrHeading, [][]string{
		{"198.51.100.1/24", "global", "permanent", "forever", "forever", "v0"},
		{paintString(ansiMagenta, "198.51.100.2") + " peer " + paintString(ansiMagenta, "198.51.100.3") + "/32", "host", "", "86399sec", "0sec", "v0:日本"},
		{"2001:db8::1/64", "link", "nodad tentative", "forever", "forever", ""},
	}, nil)
	checkLayout(t, linkHeading, [][]string{
		{"1", paintString(ansiCyan, "lo"), "UNKNOWN", "65536", paintString(ansiYellow, "00:00:00:00:00:00"), "LOOPBACK,UP,LOWER_UP", "", ""},
		{"1000", paintString(ansiCyan, "veth😀"), paintString(ansiGreen, "UP"), "1500", "", "BROADCAST", paintString(ansiCyan, "br0"), "veth"},
	}, []align{alignRight, alignLeft, alignLeft, alignRight})
	checkLayout(t, statsHeading, [][]string{{"bytes", "1.50k", "0"}, {"packets", "", "12345678901234567890"}},
		[]align{alignLeft, alignRight, alignRight})
	checkLayout(t, []string{"NAME", "VALUE"}, nil, []align{alignLeft, alignRight})

	// Every kind of cell, alone in a column either way aligned.
	for _, s := range tableCells {
		for _, a := range []align{alignLeft, alignRight} {
			checkLayout(t, []string{"A", "B"}, [][]string{{s, s}, {"x", "y"}}, []align{a})
			checkLayout(t, []string{s, "B"}, [][]string{{"x", s}}, []align{a, a})
		}
	}
	// Wider than the run of blanks appendBlanks pads from.
	long := strings.Repeat("日", 100)
	checkLayout(t, []string{"A", "B"}, [][]string{{long, long}, {"", ""}}, []align{alignLeft, alignRight})

	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		heading, rows, aligns := randomTable(r)
		checkLayout(t, heading, rows, aligns)
	}
}

// FuzzTableLayout lays out a heading and rows from the fuzzer's strings,
// with columns and with the tablewriter oracle, and requires the same
// bytes. Cells are separated by tabs and rows by newlines, which no cell
// can hold (printable quotes them); each ESC becomes a colour of the
// palette or a reset, the only escapes a cell can hold. The bits of
// right, from the lowest, right-align the first eight columns.
func FuzzTableLayout(f *testing.F) {
	f.Add("ADDRESS\tSCOPE\tLABEL", "198.51.100.1/24\tglobal\tv0\n\x1b2001:db8::1/64\x1b\tlink\t日本", uint8(0), false)
	f.Add("INDEX\tNAME\tMTU", "1\t\x1blo\x1b\t65536\n1000\tv\xff\t1500", uint8(5), true)
	f.Add("A", "e\u0301\n😀\n\x1b\n\x1b\x1b", uint8(1), false)
	f.Fuzz(func(t *testing.T, heading, body string, right uint8, dark bool) {
		p := NewPalette(dark)
		codes := []string{p.ifname, ansiReset, p.mac, ansiReset, p.inet, p.inet6, ansiReset, p.up, p.down}
		k := 0
		escapes := func(s string) string {
			if strings.IndexByte(s, 0x1b) < 0 {
				return s
			}
			// A coloured cell is paint(code, printable(text)): printable
			// quotes invalid UTF-8, so a cell with a colour code never
			// holds any (and there tablewriter's layout of invalid bytes
			// next to a code in a right-aligned column, not matched,
			// would never show).
			s = strings.ToValidUTF8(s, "\uFFFD")
			var b strings.Builder
			for _, part := range strings.SplitAfter(s, "\x1b") {
				if strings.HasSuffix(part, "\x1b") {
					b.WriteString(part[:len(part)-1])
					b.WriteString(codes[k%len(codes)])
					k++
				} else {
					b.WriteString(part)
				}
			}
			return b.String()
		}
		heading = strings.ReplaceAll(heading, "\n", "")
		head := strings.Split(escapes(heading), "\t")
		if len(head) > 12 {
			return
		}
		var rows [][]string
		if body != "" {
			for line := range strings.SplitSeq(body, "\n") {
				row := strings.Split(escapes(line), "\t")
				if len(row) > len(head) {
					row = row[:len(head)]
				}
				for len(row) < len(head) {
					row = append(row, "")
				}
				rows = append(rows, row)
			}
		}
		if len(rows) > 100 {
			return
		}
		var aligns []align
		for i := range min(len(head), 8) {
			if right&(1<<i) != 0 {
				aligns = append(aligns, alignRight)
			} else {
				aligns = append(aligns, alignLeft)
			}
		}
		checkLayout(t, head, rows, aligns)
	})
}

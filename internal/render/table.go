package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"
)

// align is how a column's cells line up: numbers read best right-aligned.
type align uint8

const (
	alignLeft align = iota
	alignRight
)

// columns lays out a table in netaddr's style for people: a heading row
// and columns two spaces apart, with no borders or rules, in the manner
// of ps and kubectl, so output stays compact and greppable. Cells are
// never wrapped, trimmed or reformatted: a label must show as the kernel
// holds it, and an address must not be broken across lines.
//
// The layout is the one tablewriter (v1.1.5, configured as newTable was)
// produced, byte for byte, checked against it by TestLayoutTableOracle
// and FuzzTableLayout; tablewriter cost a quarter of a second on 20,000
// addresses and several milliseconds of start-up on every run.
type columns struct {
	width []int   // display width of each column's widest cell
	align []align // alignment of each column; left if not given
}

// newColumns measures a heading and rows, in one pass over the cells.
// align, if given, sets the alignment of the first columns; columns
// without one are left-aligned. Rows may have fewer cells than others:
// the missing ones are empty.
func newColumns(heading []string, rows [][]string, align ...align) columns {
	n := len(heading)
	for _, row := range rows {
		n = max(n, len(row))
	}
	c := columns{width: make([]int, n), align: align}
	c.measure(heading)
	for _, row := range rows {
		c.measure(row)
	}
	return c
}

func (c *columns) measure(cells []string) {
	for i, s := range cells {
		if w := cellWidth(s); w > c.width[i] {
			c.width[i] = w
		}
	}
}

// colGap is what follows every cell: two spaces, trimmed at line end.
const colGap = 2

// appendLine appends the line of a row's cells to dst, without a newline
// and without trailing blanks. A left-aligned cell holding colour escapes
// is followed by a reset after its padding, as tablewriter wrote one; the
// resets that close no colour are then dropped (dropStrayResets), so that
// only those closing a colour a cell left open stay.
func (c *columns) appendLine(dst []byte, cells []string) []byte {
	start := len(dst)
	for i, w := range c.width {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		sw, plain := cellWidth(s), isPlain(s)
		if i < len(c.align) && c.align[i] == alignRight {
			dst = appendBlanks(dst, w-sw)
			dst = append(dst, s...)
			dst = appendBlanks(dst, colGap)
			continue
		}
		if plain || utf8.ValidString(s) {
			dst = append(dst, s...)
		} else {
			// tablewriter rewrote each byte of invalid UTF-8 in a
			// left-aligned cell as U+FFFD.
			for _, r := range s {
				dst = utf8.AppendRune(dst, r)
			}
		}
		dst = appendBlanks(dst, w-sw+colGap)
		if !plain && strings.IndexByte(s, 0x1b) >= 0 {
			dst = append(dst, ansiReset...)
		}
	}
	line := dropStrayResets(dst[start:])
	for len(line) > 0 && line[len(line)-1] == ' ' {
		line = line[:len(line)-1]
	}
	return dst[:start+len(line)]
}

// blanks is a run of spaces to pad with.
const blanks = "                                                                "

func appendBlanks(dst []byte, n int) []byte {
	for n > len(blanks) {
		dst = append(dst, blanks...)
		n -= len(blanks)
	}
	return append(dst, blanks[:n]...)
}

// isPlain reports whether s is printable ASCII only, one column a byte.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// cellWidth is the number of terminal columns s takes, as tablewriter
// measured it: ANSI control sequences (CSI "\x1b[...m", OSC "\x1b]...\a")
// take none, and every other rune what displaywidth gives it alone, not
// joined into grapheme clusters, without East Asian widths: a combining
// mark takes none, a CJK ideograph or an emoji two, and each byte of
// invalid UTF-8 one (as U+FFFD).
func cellWidth(s string) int {
	if isPlain(s) {
		return len(s)
	}
	w := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			if n := escapeLen(s[i:]); n > 0 {
				i += n
				continue
			}
		}
		if s[i] < utf8.RuneSelf {
			if s[i] >= 0x20 && s[i] != 0x7f {
				w++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		w += displaywidth.Rune(r)
		i += size
	}
	return w
}

// escapeLen is the length of the ANSI control sequence s starts with, or
// 0 if it starts with none, as tablewriter's pattern matched them: CSI,
// "\x1b[" then parameter bytes 0x30-0x3f, intermediate bytes 0x20-0x2f
// and a final byte 0x40-0x7e; or OSC, "\x1b]" then anything but a
// newline up to the first BEL or "\x1b\\".
func escapeLen(s string) int {
	if len(s) < 2 {
		return 0
	}
	i := 2
	switch s[1] {
	case '[':
		for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
			i++
		}
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
	case ']':
		for ; i < len(s) && s[i] != '\n'; i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
	}
	return 0
}

// writeTable lays out a heading and rows with columns and writes them,
// each line with its newline.
func writeTable(w io.Writer, heading []string, rows [][]string, align []align, what string) error {
	c := newColumns(heading, rows, align...)
	out := bufio.NewWriterSize(w, 32<<10)
	line := c.appendLine(nil, heading)
	for _, row := range rows {
		line = append(line, '\n')
		out.Write(line)
		line = c.appendLine(line[:0], row)
	}
	line = append(line, '\n')
	out.Write(line)
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}

// printable returns s unchanged if a terminal shows it as it is, and
// otherwise Go-quoted with escapes ("v0:\x1b[31m"). Device names may hold
// any byte but NUL, '/', ':' and white space, and labels almost any byte;
// left raw, control characters would drive the terminal, and tabs,
// newlines and colour escapes would break the columns. Leading or trailing
// spaces are quoted too, because padding would hide them.
func printable(s string) string {
	if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return strconv.QuoteToGraphic(s)
	}
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsGraphic(r) {
			return strconv.QuoteToGraphic(s)
		}
	}
	return s
}

// headingName is a device name for a heading line: printable, and `""`
// for an empty one (the kernel never sends one) so that the line cannot
// end in a blank.
func headingName(s string) string {
	if s == "" {
		return `""`
	}
	return printable(s)
}

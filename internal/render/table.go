package render

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// newTable returns a table in netaddr's style for people: a heading row
// and left-aligned columns two spaces apart, with no borders or rules, in
// the manner of ps and kubectl, so output stays compact and greppable.
// Cells are never wrapped, trimmed or reformatted: a label must show as
// the kernel holds it, and an address must not be broken across lines.
//
// align, if given, sets each column's alignment (numbers read best
// right-aligned); columns without one are left-aligned.
func newTable(w io.Writer, align ...tw.Align) *tablewriter.Table {
	pad := tw.CellPadding{Global: tw.Padding{Right: "  ", Overwrite: true}}
	cell := tw.CellConfig{
		Padding:    pad,
		Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
		Alignment:  tw.CellAlignment{Global: tw.AlignLeft, PerColumn: align},
	}
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{
				Separators: tw.SeparatorsNone,
				Lines:      tw.LinesNone,
			},
		})),
		tablewriter.WithConfig(tablewriter.Config{
			Header:   cell,
			Row:      cell,
			Behavior: tw.Behavior{TrimSpace: tw.Off},
		}),
	)
}

// writeLines writes lines from layoutTable, each with its newline.
func writeLines(w io.Writer, lines [][]byte, what string) error {
	out := bufio.NewWriterSize(w, 32<<10)
	for _, line := range lines {
		out.Write(line)
		out.WriteByte('\n')
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}

// layoutTable lays out a heading and rows with newTable and returns the
// lines, heading first, each without its newline and trailing blanks, so
// that a caller can indent them and put lines of its own between them.
func layoutTable(heading []string, rows [][]string, align []tw.Align, what string) ([][]byte, error) {
	var buf bytes.Buffer
	t := newTable(&buf, align...)
	t.Header(heading)
	for _, row := range rows {
		if err := t.Append(row); err != nil {
			return nil, fmt.Errorf("lay out %s: %w", what, err)
		}
	}
	if err := t.Render(); err != nil {
		return nil, fmt.Errorf("lay out %s: %w", what, err)
	}
	lines := make([][]byte, 0, len(rows)+1)
	for line := range bytes.Lines(buf.Bytes()) {
		lines = append(lines, bytes.TrimRight(dropStrayResets(line), " \n"))
	}
	if len(lines) != len(rows)+1 {
		return nil, fmt.Errorf("lay out %s: %d lines for %d rows", what, len(lines), len(rows))
	}
	return lines, nil
}

// printable returns s unchanged if a terminal shows it as it is, and
// otherwise Go-quoted with escapes ("v0:\x1b[31m"). Device names may hold
// any byte but NUL, '/', ':' and white space, and labels almost any byte;
// left raw, control characters would drive the terminal, and tablewriter
// would act on tabs, newlines and colour escapes. Leading or trailing
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

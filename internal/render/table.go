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
func newTable(w io.Writer) *tablewriter.Table {
	pad := tw.CellPadding{Global: tw.Padding{Right: "  ", Overwrite: true}}
	cell := tw.CellConfig{
		Padding:    pad,
		Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
		Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
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

// renderTable renders t, which must write to buf, and copies the result
// to w without the spaces that pad the last column of every line, which
// tablewriter cannot leave out.
func renderTable(w io.Writer, t *tablewriter.Table, buf *bytes.Buffer, what string) error {
	if err := t.Render(); err != nil {
		return fmt.Errorf("lay out %s: %w", what, err)
	}
	out := bufio.NewWriterSize(w, 32<<10)
	for line := range bytes.Lines(buf.Bytes()) {
		out.Write(bytes.TrimRight(line, " \n"))
		out.WriteByte('\n')
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
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

package render

import (
	"bytes"
	"fmt"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// The tablewriter configuration the tables for people were laid out with
// until layoutTable replaced it, kept as the oracle layoutTable must
// match byte for byte (TestLayoutTableOracle, FuzzTableLayout).

func init() {
	// tablewriter guesses East Asian widths from the locale and terminal
	// (LANG=zh_CN.UTF-8 with a plain TERM makes "±" two wide); layoutTable
	// never does, so the oracle must not either, whatever runs the tests.
	twwidth.SetOptions(twwidth.Options{})
}

// oracleTable returns the table newTable used to return: a heading row
// and left-aligned columns two spaces apart, with no borders or rules,
// cells never wrapped, trimmed or reformatted; align sets the alignment
// of the first columns.
func oracleTable(buf *bytes.Buffer, align []align) *tablewriter.Table {
	perColumn := make([]tw.Align, len(align))
	for i, a := range align {
		perColumn[i] = tw.AlignLeft
		if a == alignRight {
			perColumn[i] = tw.AlignRight
		}
	}
	pad := tw.CellPadding{Global: tw.Padding{Right: "  ", Overwrite: true}}
	cell := tw.CellConfig{
		Padding:    pad,
		Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
		Alignment:  tw.CellAlignment{Global: tw.AlignLeft, PerColumn: perColumn},
	}
	return tablewriter.NewTable(buf,
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

// oracleLayout is the old layoutTable: the lines tablewriter lays out,
// each without its newline, trailing blanks and stray colour resets.
func oracleLayout(heading []string, rows [][]string, align []align) ([][]byte, error) {
	var buf bytes.Buffer
	t := oracleTable(&buf, align)
	t.Header(heading)
	for _, row := range rows {
		if err := t.Append(row); err != nil {
			return nil, err
		}
	}
	if err := t.Render(); err != nil {
		return nil, err
	}
	lines := make([][]byte, 0, len(rows)+1)
	for line := range bytes.Lines(buf.Bytes()) {
		lines = append(lines, bytes.TrimRight(dropStrayResets(line), " \n"))
	}
	if len(lines) != len(rows)+1 {
		return nil, fmt.Errorf("%d lines for %d rows", len(lines), len(rows))
	}
	return lines, nil
}

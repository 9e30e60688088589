package cli

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/netaddr/netaddr/internal/render"
	"golang.org/x/sys/unix"
)

// colorMode is --color's value, as iproute2's -color: auto colours when
// standard output is a terminal, always and never regardless.
type colorMode int

const (
	colorAuto colorMode = iota
	colorAlways
	colorNever
)

var colorModeNames = [...]string{colorAuto: "auto", colorAlways: "always", colorNever: "never"}

// colorFlag is the value of --color (-c). Without a value it is "always",
// as iproute2's plain -c (-color) is.
type colorFlag struct{ mode colorMode }

func (f *colorFlag) String() string { return colorModeNames[f.mode] }
func (f *colorFlag) Type() string   { return "WHEN" }
func (f *colorFlag) Set(v string) error {
	for m, name := range colorModeNames {
		if v == name {
			f.mode = colorMode(m)
			return nil
		}
	}
	return errors.New("give auto, always or never")
}

// useColor decides whether output for people is coloured: never for JSON
// or with never; always with always; with auto only when standard output
// is a terminal and NO_COLOR is unset or empty (https://no-color.org: an
// explicit --color=always still colours).
func useColor(mode colorMode, json bool, noColor string, terminal bool) bool {
	switch {
	case json || mode == colorNever:
		return false
	case mode == colorAlways:
		return true
	}
	return terminal && noColor == ""
}

// darkBackground reads COLORFGBG ("fg;bg" or "fg;x;bg") as iproute2 does:
// a background colour of 0-6 or 8 is dark, and gets the bold palette.
func darkBackground(colorfgbg string) bool {
	i := strings.LastIndexByte(colorfgbg, ';')
	if i < 0 {
		return false
	}
	bg := colorfgbg[i+1:]
	return len(bg) == 1 && (bg[0] >= '0' && bg[0] <= '6' || bg[0] == '8')
}

// isTerminal reports whether w is a terminal: a file whose descriptor
// answers the terminal ioctl. Buffers (tests) and pipes are not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// palette is the colouring of output for people that --color, NO_COLOR,
// COLORFGBG and standard output ask for; the zero Palette when none.
func (g *globalOptions) palette() render.Palette {
	if !useColor(g.Color.mode, g.JSON, os.Getenv("NO_COLOR"), isTerminal(g.IO.Out)) {
		return render.Palette{}
	}
	return render.NewPalette(darkBackground(os.Getenv("COLORFGBG")))
}

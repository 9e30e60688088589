package cli

import (
	"os"
	"strings"
	"testing"
)

func TestUseColor(t *testing.T) {
	tests := []struct {
		mode     colorMode
		json     bool
		noColor  string
		terminal bool
		want     bool
	}{
		{colorAuto, false, "", true, true},
		{colorAuto, false, "", false, false},
		{colorAuto, false, "1", true, false},  // NO_COLOR turns auto off
		{colorAuto, false, "0", true, false},  // any non-empty value
		{colorAuto, true, "", true, false},    // never in JSON
		{colorAlways, false, "", false, true}, // not a terminal
		{colorAlways, false, "1", false, true},
		{colorAlways, true, "", true, false},
		{colorNever, false, "", true, false},
		{colorNever, true, "", true, false},
	}
	for _, tt := range tests {
		if got := useColor(tt.mode, tt.json, tt.noColor, tt.terminal); got != tt.want {
			t.Errorf("useColor(%s, json=%v, NO_COLOR=%q, terminal=%v) = %v, want %v",
				colorModeNames[tt.mode], tt.json, tt.noColor, tt.terminal, got, tt.want)
		}
	}
}

func TestDarkBackground(t *testing.T) {
	for in, want := range map[string]bool{
		"": false, "15;0": true, "0;15": false, "15;default;0": true,
		"7;8": true, "0;7": false, "15;6": true, "15;10": false, "15": false,
	} {
		if got := darkBackground(in); got != want {
			t.Errorf("darkBackground(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestIsTerminal(t *testing.T) {
	if isTerminal(&strings.Builder{}) {
		t.Error("a buffer is a terminal")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(w) {
		t.Error("a pipe is a terminal")
	}
}

func TestColorFlag(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	for _, tt := range []struct {
		line string
		esc  bool
	}{
		{"addr show", false}, // auto: the buffer is not a terminal
		{"--color=auto addr show", false},
		{"--color=never addr show", false},
		{"-color=never addr show", false},
		{"--color=always addr show", true},
		{"--color addr show", true}, // alone: always, as ip -c
		{"-c addr show", true},
		{"-c=always link show", true},
		{"-color addr show", true},
		{"-color=always stats", true},
		{"--color=always --json addr show", false},
		{"--color=always -j -p link show", false},
		{"--color=always -j stats", false},
	} {
		r := run(t, newFake(), tt.line)
		if r.status != ExitOK {
			t.Errorf("%s: status %d, stderr %q", tt.line, r.status, r.errOut)
			continue
		}
		if got := strings.Contains(r.out, "\x1b["); got != tt.esc {
			t.Errorf("%s: escapes %v, want %v:\n%s", tt.line, got, tt.esc, r.out)
		}
	}
}

func TestColorAlwaysBeatsNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	if r := run(t, newFake(), "--color=always addr show"); !strings.Contains(r.out, "\x1b[36mv0\x1b[0m") {
		t.Errorf("--color=always with NO_COLOR: %q", r.out)
	}
}

func TestColorBadMode(t *testing.T) {
	r := run(t, newFake(), "--color=bogus addr show")
	if r.status != ExitUsage || !strings.Contains(r.errOut, `"bogus"`) || r.dialed {
		t.Errorf("status %d, dialed %v, stderr %q", r.status, r.dialed, r.errOut)
	}
}

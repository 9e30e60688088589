package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCompletionsCurrent checks that the scripts checked in under
// completions/ are what the generators produce now.
func TestCompletionsCurrent(t *testing.T) {
	files, err := completionFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range completionShells {
		path := filepath.Join("..", "..", "completions", sh.file)
		have, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v: run `make generate` to write the completion scripts", err)
			continue
		}
		if string(have) != files[sh.file] {
			t.Errorf("%s is out of date: run `make generate`", path)
		}
	}
}

// TestCompletionCommand checks that `netaddr completion SHELL` prints what
// is checked in, and refuses other shells.
func TestCompletionCommand(t *testing.T) {
	files, err := completionFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range completionShells {
		var out, errOut bytes.Buffer
		status := Run([]string{"completion", sh.name}, IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, nil)
		if status != ExitOK || out.String() != files[sh.file] {
			t.Errorf("completion %s: status %d, stderr %q, output differs: %v", sh.name, status, errOut.String(), out.String() != files[sh.file])
		}
	}
	var out, errOut bytes.Buffer
	if status := Run([]string{"completion", "powershell"}, IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, nil); status != ExitUsage {
		t.Errorf("completion powershell: status %d, want %d", status, ExitUsage)
	}
}

func TestWriteCompletions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "completions")
	if err := WriteCompletions(dir); err != nil {
		t.Fatal(err)
	}
	for _, sh := range completionShells {
		b, err := os.ReadFile(filepath.Join(dir, sh.file))
		if err != nil || !bytes.Contains(b, []byte("__complete")) {
			t.Errorf("%s: %v, or no __complete in it", sh.file, err)
		}
	}
}

// TestAddrModifyCandidates checks the grammar without a kernel: a dialer
// that fails gives no devices or addresses, but keywords still.
func TestAddrModifyCandidates(t *testing.T) {
	g := &globalOptions{Dial: nil}
	g.NetNS = netnsFlag{value: "", set: true} // refused before dialing
	tests := []struct {
		verb string
		args []string
		tc   string
		want []string
	}{
		{"add", []string{"192.0.2.1/24", "dev", "v0", "label", "x", "nodad"}, "", []string{"scope", "peer", "broadcast", "valid_lft", "preferred_lft", "metric", "noprefixroute", "autojoin"}},
		{"add", []string{"2001:db8::1/64", "dev", "v0", "NoDAD", "metric", "5"}, "", []string{"scope", "peer", "valid_lft", "preferred_lft", "home", "mngtmpaddr", "optimistic", "noprefixroute", "autojoin"}},
		{"add", []string{"192.0.2.1/24", "brd"}, "", []string{"+", "-"}},
		{"add", []string{"192.0.2.1/24", "valid_lft"}, "", []string{"forever"}},
		{"add", []string{"192.0.2.1/24", "label"}, "", nil},
		{"add", []string{"192.0.2.1/24", "scope"}, "l", []string{"link"}},
		{"add", []string{"192.0.2.1/24", "dev"}, "", nil},
		{"add", nil, "", nil},
		{"add", nil, "d", []string{"dev"}},
		{"del", []string{"192.0.2.1/24"}, "", []string{"dev", "peer"}},
		{"del", []string{"192.0.2.1/24", "dev", "v0"}, "", []string{"peer"}},
	}
	for _, tt := range tests {
		got := matching(addrModifyCandidates(g, tt.verb, tt.args, tt.tc), tt.tc)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s %q %q: got %q, want %q", tt.verb, tt.args, tt.tc, got, tt.want)
		}
	}
}

func TestFilterCandidates(t *testing.T) {
	g := &globalOptions{}
	g.NetNS = netnsFlag{value: "", set: true}
	if got := filterCandidates(g, []string{"v0", "up"}, nil); !slices.Equal(got, []string{"type"}) {
		t.Errorf("link show v0 up: got %q", got)
	}
	if got := filterCandidates(g, []string{"scope"}, addrFilterKeywords); !slices.Equal(got, []string{"global", "site", "link", "host", "nowhere", "all"}) {
		t.Errorf("addr show scope: got %q", got)
	}
	got := filterCandidates(g, []string{"dev", "v0", "-tentative", "scope", "link"}, addrFilterKeywords)
	if slices.Contains(got, "dev") || slices.Contains(got, "tentative") || slices.Contains(got, "scope") || !slices.Contains(got, "label") {
		t.Errorf("addr show dev v0 -tentative scope link: got %q", got)
	}
}

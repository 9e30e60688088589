package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestGeneratedFilesCurrent fails when the checked-in man/ (and
// completions/) differ from what the generator produces now.
func TestGeneratedFilesCurrent(t *testing.T) {
	tmp := t.TempDir()
	if err := Write(tmp); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join("..", "..")
	for _, sub := range []string{"man", "completions"} {
		want := files(t, filepath.Join(tmp, sub))
		got := files(t, filepath.Join(repo, sub))
		for name, content := range want {
			have, ok := got[name]
			switch {
			case !ok:
				t.Errorf("%s/%s is missing: run `make generate`", sub, name)
			case !bytes.Equal(have, content):
				t.Errorf("%s/%s is out of date: run `make generate`", sub, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s/%s is not generated any more: run `make generate`", sub, name)
			}
		}
	}
}

// TestGenerateDeterministic: two runs give the same bytes (no dates of the
// day, no map order).
func TestGenerateDeterministic(t *testing.T) {
	a, b := ManPages(), ManPages()
	if len(a) != len(b) {
		t.Fatalf("%d pages, then %d", len(a), len(b))
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// TestPagesPerGroup: netaddr.8 and a page for every command group.
func TestPagesPerGroup(t *testing.T) {
	var names []string
	for name := range ManPages() {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, want := range []string{"netaddr.8", "netaddr-addr.8", "netaddr-link.8", "netaddr-stats.8", "netaddr-monitor.8"} {
		if i := sort.SearchStrings(names, want); i == len(names) || names[i] != want {
			t.Errorf("no %s among %v", want, names)
		}
	}
	root := string(ManPages()["netaddr.8"])
	for _, section := range []string{`.SH "DESCRIPTION"`, `.SH "KEYWORDS"`, `.SH "EXAMPLES"`, `.SH "EXIT STATUS"`, `.SH "SEE ALSO"`, `.BR ip (8)`, "wlan0"} {
		if !bytes.Contains([]byte(root), []byte(section)) {
			t.Errorf("netaddr.8 has no %s", section)
		}
	}
}

// files reads the regular files under dir, by path relative to it; a
// missing dir has none.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if os.IsNotExist(err) && path == dir {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || d.Name() == ".gitkeep" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

package testscripts

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestHarnessFailures shows that ns, status and cmpjson can fail: each
// script below must fail, with the message given, when run by the same
// harness as the real scripts. A control script must pass, so a recorder
// that always reports failure would be caught.
func TestHarnessFailures(t *testing.T) {
	requireNamespaces(t)
	tests := []struct {
		name   string
		script string
		want   string // in the log; empty: the script must pass
	}{
		{
			name:   "control",
			script: "ns ip link show dev lo\nstatus 0\n! ns ip link show dev nosuch\nstatus 1\ncmpjson a.json a.json\n! cmpjson a.json b.json\n",
		},
		{
			name:   "ns failure without !",
			script: "ns ip link show dev nosuch\n",
			want:   "unexpected command failure (exit status 1)",
		},
		{
			name:   "ns success with !",
			script: "! ns ip link show dev lo\n",
			want:   "unexpected command success",
		},
		{
			name:   "status mismatch",
			script: "! ns ip link show dev nosuch\nstatus 2\n",
			want:   "exit status 1, want 2",
		},
		{
			name:   "negated status match",
			script: "ns ip link show dev lo\n! status 0\n",
			want:   "exit status 0, want another",
		},
		{
			name:   "status before any ns",
			script: "status 0\n",
			want:   "no ns command has run",
		},
		{
			name:   "nsenter error even with !",
			script: "! ns netaddr-no-such-program\n",
			want:   "nsenter failed, netaddr-no-such-program did not run in the namespace",
		},
		{
			name:   "Go crash even with !",
			script: "! ns sh -c 'echo panic: boom >&2; echo >&2; echo goroutine 1 [running]: >&2; exit 2'\n",
			want:   "sh crashed (Go panic or fatal error, exit status 2)",
		},
		{
			name:   "signal even with !",
			script: "! ns sh -c 'kill -9 $$'\n",
			want:   "sh was killed by signal 9 (killed)",
		},
		{
			name:   "cmpjson difference",
			script: "cmpjson a.json b.json\n",
			want:   ".[0].mtu  (ifname lo)\n    a.json: 65536\n    b.json: 1500",
		},
		{
			name:   "negated cmpjson on equal files",
			script: "! cmpjson -keys ifname a.json b.json\n",
			want:   "a.json and b.json are equal, want a difference",
		},
		{
			name:   "cmpjson on a file that is not JSON, even with !",
			script: "! ns ip link show dev nosuch\n! cmpjson stderr a.json\n",
			want:   "cmpjson stderr a.json: first file: not valid JSON",
		},
		{
			name:   "cmpjson with a -keys typo, even with !",
			script: "! cmpjson -keys ifname,mut a.json b.json\n",
			want:   `no link object in either file has the key "mut"`,
		},
		{
			name:   "cmpjson usage",
			script: "cmpjson -slack valid_life_time a.json b.json\n",
			want:   "usage: cmpjson",
		},
	}
	const files = "-- a.json --\n[{\"ifname\":\"lo\",\"mtu\":65536}]\n-- b.json --\n[{\"ifname\":\"lo\",\"mtu\":1500}]\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(t.TempDir(), "case.txtar")
			if err := os.WriteFile(file, []byte(tt.script+files), 0o644); err != nil {
				t.Fatal(err)
			}
			rec := &recordingT{}
			rec.Run("case", func(st testscript.T) { testscript.RunT(st, params("", []string{file})) })
			switch {
			case rec.skipped:
				t.Fatalf("skipped:\n%s", rec.log.String())
			case tt.want == "" && rec.failed:
				t.Fatalf("failed, want it to pass:\n%s", rec.log.String())
			case tt.want != "" && !rec.failed:
				t.Fatalf("passed, want a failure with %q:\n%s", tt.want, rec.log.String())
			case !strings.Contains(rec.log.String(), tt.want):
				t.Fatalf("log does not contain %q:\n%s", tt.want, rec.log.String())
			}
		})
	}
}

// recordingT is a testscript.T that records instead of failing the test.
// RunT calls its methods from one goroutine: Run runs f synchronously, and
// Parallel does nothing.
type recordingT struct {
	failed, skipped bool
	log             strings.Builder
}

// stop unwinds a script run on FailNow, Fatal and Skip; Run recovers it.
type stop struct{}

func (r *recordingT) Skip(args ...any)  { r.skipped = true; r.Log(args...); panic(stop{}) }
func (r *recordingT) Fatal(args ...any) { r.failed = true; r.Log(args...); panic(stop{}) }
func (r *recordingT) FailNow()          { r.failed = true; panic(stop{}) }
func (r *recordingT) Parallel()         {}
func (r *recordingT) Log(args ...any)   { fmt.Fprintln(&r.log, args...) }
func (r *recordingT) Verbose() bool     { return true }

func (r *recordingT) Run(_ string, f func(testscript.T)) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(stop); !ok {
				panic(v)
			}
		}
	}()
	f(r)
}

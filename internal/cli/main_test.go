package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestTraceFunc: NETADDR_TRACE set and not empty turns each trace message
// into one "netaddr: trace: ..." line; unset or empty, there is no trace
// function at all.
func TestTraceFunc(t *testing.T) {
	env := func(m map[string]string) Getenv { return func(k string) string { return m[k] } }
	var buf bytes.Buffer
	if f := traceFunc(env(nil), &buf); f != nil {
		t.Errorf("NETADDR_TRACE unset: got a trace function")
	}
	if f := traceFunc(env(map[string]string{"NETADDR_TRACE": ""}), &buf); f != nil {
		t.Errorf("NETADDR_TRACE empty: got a trace function")
	}
	f := traceFunc(env(map[string]string{"NETADDR_TRACE": "1"}), &buf)
	if f == nil {
		t.Fatal("NETADDR_TRACE=1: no trace function")
	}
	f("dump addresses: interrupted by concurrent changes (NLM_F_DUMP_INTR), attempt 1 of 8")
	f("dump links: interrupted by concurrent changes (NLM_F_DUMP_INTR), attempt 2 of 8")
	want := "netaddr: trace: dump addresses: interrupted by concurrent changes (NLM_F_DUMP_INTR), attempt 1 of 8\n" +
		"netaddr: trace: dump links: interrupted by concurrent changes (NLM_F_DUMP_INTR), attempt 2 of 8\n"
	if buf.String() != want {
		t.Errorf("trace output\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestHelpNamesTraceEnv: the root help, and so the man page, documents
// NETADDR_TRACE.
func TestHelpNamesTraceEnv(t *testing.T) {
	var out bytes.Buffer
	if st := Run([]string{"--help"}, IO{In: strings.NewReader(""), Out: &out, Err: &out}, nil); st != ExitOK {
		t.Fatalf("--help: exit %d: %s", st, out.String())
	}
	if !strings.Contains(out.String(), "NETADDR_TRACE") {
		t.Errorf("--help does not mention NETADDR_TRACE:\n%s", out.String())
	}
}

// TestNegativeKeywordValues: a keyword's value that starts with '-' is the
// keyword's (and refused by its parser, naming both), not an unknown
// option; nothing is dialled. Options given after the words still work.
func TestNegativeKeywordValues(t *testing.T) {
	bad := map[string]string{
		"addr add 192.0.2.1/24 dev v0 valid_lft -5":                  `netaddr: invalid valid_lft "-5": want seconds, a duration such as 90s or 1h30m, or forever` + "\n",
		"addr add 192.0.2.1/24 dev v0 valid_lft 10 preferred_lft -5": `netaddr: invalid preferred_lft "-5": want seconds, a duration such as 90s or 1h30m, or forever` + "\n",
		"addr change 192.0.2.1/24 dev v0 valid_lft -4 -j":            `netaddr: invalid valid_lft "-4": want seconds, a duration such as 90s or 1h30m, or forever` + "\n",
		"addr replace 192.0.2.1/24 dev v0 VALID_LFT -6":              `netaddr: invalid valid_lft "-6": want seconds, a duration such as 90s or 1h30m, or forever` + "\n",
		"addr add 192.0.2.1/24 dev v0 metric -1":                     `netaddr: invalid metric "-1": want 0-4294967295` + "\n",
		"-j addr add 192.0.2.1/24 dev v0 priority -1":                `netaddr: invalid metric "-1": want 0-4294967295` + "\n",
		"addr add 192.0.2.1/24 dev v0 scope -1":                      `netaddr: invalid scope "-1": want global, site, link, host, nowhere or 0-255` + "\n",
		"link name -5":                                               `netaddr: invalid index "-5": want a positive number` + "\n",
		"link name -4":                                               `netaddr: invalid index "-4": want a positive number` + "\n",
		"-j link name -5":                                            `netaddr: invalid index "-5": want a positive number` + "\n",
		"link name -- -3":                                            `netaddr: invalid index "-3": want a positive number` + "\n",
		"link index -a/b":                                            `netaddr: invalid device name "-a/b"` + "\n",
		"addr add 192.0.2.1/24 dev v0 --frobnicate":                  "netaddr: unknown flag: --frobnicate\n",
	}
	for line, want := range bad {
		r := run(t, newFake(), line)
		if r.status != ExitUsage || r.errOut != want || r.dialed {
			t.Errorf("%s: status %d, dialled %v, stderr %q; want 2, not dialled, %q", line, r.status, r.dialed, r.errOut, want)
		}
	}
	// Options after the words, and a '-' that is a value, still work.
	for _, line := range []string{
		"addr add 192.0.2.1/24 dev v0 valid_lft 60 -4",
		"addr add 192.0.2.1/24 dev v0 broadcast - -j",
		"addr add 192.0.2.1/24 dev v0 label v0:-5",
		"link name 2 -j",
		"link show dev v0 -j -p",
	} {
		if r := run(t, newFake(), line); r.status != ExitOK {
			t.Errorf("%s: status %d, stderr %q", line, r.status, r.errOut)
		}
	}
}

func TestKeywordValuesAsWords(t *testing.T) {
	root := newRootCommand(&globalOptions{})
	tests := map[string]string{
		"addr add 192.0.2.1/24 dev v0 valid_lft -5 -j": "addr add -j -- 192.0.2.1/24 dev v0 valid_lft -5",
		"-n x addr add 192.0.2.1/24 dev -v metric 1":   "-n x addr add -- 192.0.2.1/24 dev -v metric 1",
		"link name -5":          "link name -- -5",
		"stats dev -1 --driver": "stats --driver -- dev -1",
		"addr add 192.0.2.1/24 dev v0 valid_lft 5 -j":  "addr add 192.0.2.1/24 dev v0 valid_lft 5 -j", // nothing to protect
		"addr show dev v0 -tentative":                  "addr show dev v0 -tentative",                 // parses its own options
		"addr add -- 192.0.2.1/24 dev v0 valid_lft -5": "addr add -- 192.0.2.1/24 dev v0 valid_lft -5",
		"addr add 192.0.2.1/24 dev v0 -- valid_lft -5": "addr add -- 192.0.2.1/24 dev v0 valid_lft -5",
		"-b cmds --force":                              "-b cmds --force",
	}
	for in, want := range tests {
		if got := strings.Join(keywordValuesAsWords(root, strings.Fields(in)), " "); got != want {
			t.Errorf("%s:\n got %s\nwant %s", in, got, want)
		}
	}
}

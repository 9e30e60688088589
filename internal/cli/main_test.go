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

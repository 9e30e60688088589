package testscripts

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/netaddr/netaddr/internal/cli"
)

// TestMain makes the test binary double as the netaddr command: testscript
// puts a copy named netaddr first in the scripts' PATH.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"netaddr": func() { os.Exit(cli.Main()) },
	})
}

// TestScripts runs every *.txtar script in $NETADDR_SCRIPTS, or in the
// current directory if that is unset (go test runs a package's tests in its
// source directory; a compiled test binary run elsewhere, e.g. as another
// user, needs the variable or a copy of the scripts beside it).
func TestScripts(t *testing.T) {
	requireNamespaces(t)
	testscript.Run(t, params(scriptsDir(), nil))
}

func scriptsDir() string {
	if dir := os.Getenv("NETADDR_SCRIPTS"); dir != "" {
		return dir
	}
	return "."
}

func params(dir string, files []string) testscript.Params {
	return testscript.Params{
		Dir:                 dir,
		Files:               files,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Condition:           condition,
		Setup:               setup,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"ns":      cmdNS,
			"status":  cmdStatus,
			"cmpjson": cmdCmpJSON,
			"envfile": cmdEnvFile,
		},
	}
}

// namespacesOK checks once per test binary whether namespaces can be made.
var namespacesOK = sync.OnceValue(checkNamespaces)

// requireNamespaces skips t if this machine cannot give each script its own
// user+network namespace, and fails it instead when CI is true: CI must
// never silently skip the namespace suite.
func requireNamespaces(t *testing.T) {
	t.Helper()
	err := namespacesOK()
	if err == nil {
		return
	}
	msg := "cannot give each script its own user+network namespace: " + err.Error()
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatal(msg + "; failing rather than skipping because CI=" + os.Getenv("CI"))
	}
	t.Skip(msg)
}

// scriptState is one script's namespace holder and last ns exit status.
type scriptState struct {
	holder *holder
	ran    bool // an ns command has run
	status int  // its exit status
}

type stateKey struct{}

func setup(env *testscript.Env) error {
	h, err := startHolder(10 * time.Second)
	if err != nil {
		return err
	}
	env.Defer(h.stop)
	env.Setenv("NSPID", strconv.Itoa(h.pid))
	env.Values[stateKey{}] = &scriptState{holder: h}
	return nil
}

func state(ts *testscript.TestScript) *scriptState {
	st, _ := ts.Value(stateKey{}).(*scriptState)
	if st == nil {
		ts.Fatalf("no namespace for this script (Setup did not run)")
	}
	return st
}

// goCrash matches the traceback a Go program prints when it panics or hits
// a fatal runtime error (GOTRACEBACK=system is set in scripts).
var goCrash = regexp.MustCompile(`(?m)^(panic: |fatal error: )[\s\S]*^goroutine \d+ \[`)

// cmdNS runs a program inside the script's namespaces; see the package doc.
func cmdNS(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: ns program [args...]")
	}
	if strings.HasPrefix(args[len(args)-1], "&") {
		ts.Fatalf("ns does not run commands in the background")
	}
	st := state(ts)
	if err := st.holder.alive(); err != nil {
		ts.Fatalf("%v", err)
	}
	st.ran = false
	err := ts.Exec("nsenter", st.holder.nsenterArgs(ts.MkAbs("."), args[0], args[1:]...)...)
	stderr := ts.ReadFile("stderr")
	status := 0
	if err != nil {
		ts.Logf("[%v]", err)
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("cannot run nsenter: %v", err)
		}
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			ts.Fatalf("%s was killed by signal %d (%v)", args[0], int(ws.Signal()), ws.Signal())
		}
		status = ee.ExitCode()
	}
	for line := range strings.Lines(stderr) {
		if strings.HasPrefix(line, "nsenter: ") {
			ts.Fatalf("nsenter failed, %s did not run in the namespace (exit status %d): %s", args[0], status, strings.TrimSpace(line))
		}
	}
	if goCrash.MatchString(stderr) {
		ts.Fatalf("%s crashed (Go panic or fatal error, exit status %d)", args[0], status)
	}
	st.ran, st.status = true, status
	switch {
	case neg && status == 0:
		ts.Fatalf("unexpected command success")
	case !neg && status != 0:
		ts.Fatalf("unexpected command failure (exit status %d)", status)
	}
}

// condition answers the scripts' own conditions:
//
//	[tun]  this user can open /dev/net/tun, which `ip tuntap add` needs.
//
// Some machines make the device 0600 (root only), so the unprivileged run
// of the suite cannot create a tun there; the root run always does.
func condition(cond string) (bool, error) {
	switch cond {
	case "tun":
		f, err := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
		if err != nil {
			return false, nil
		}
		return true, f.Close()
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// cmdEnvFile sets an environment variable to a file's contents, less
// surrounding white space: `exec jq -r .[0].ifindex v1.json`, `cp stdout
// idx`, `envfile IDX idx`, then `ns netaddr addr show dev $IDX`.
func cmdEnvFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: envfile VAR FILE")
	}
	ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile(args[1])))
}

// cmdStatus checks the exit status of the last ns command.
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: status N")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("usage: status N: %v", err)
	}
	st := state(ts)
	if !st.ran {
		ts.Fatalf("status: no ns command has run")
	}
	switch {
	case !neg && st.status != want:
		ts.Fatalf("exit status %d, want %d", st.status, want)
	case neg && st.status == want:
		ts.Fatalf("exit status %d, want another", st.status)
	}
}

// cmdCmpJSON compares two JSON files structurally; see the package doc.
func cmdCmpJSON(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: cmpjson [-keys k1,k2,...] [-slack key=N]... file1 file2"
	var opts jsonOptions
	fs := flag.NewFlagSet("cmpjson", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Func("keys", "compare only these top-level keys of each link object", func(s string) error {
		keys, err := parseKeys(s)
		opts.Keys = append(opts.Keys, keys...)
		return err
	})
	fs.Func("slack", "let numbers under key differ by up to N", func(s string) error {
		k, n, err := parseSlack(s)
		if err != nil {
			return err
		}
		if opts.Slack == nil {
			opts.Slack = make(map[string]*big.Rat)
		}
		opts.Slack[k] = n
		return nil
	})
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("%s: %v", usage, err)
	}
	if fs.NArg() != 2 {
		ts.Fatalf("%s", usage)
	}
	nameA, nameB := fs.Arg(0), fs.Arg(1)
	diffs, err := compareJSON([]byte(ts.ReadFile(nameA)), []byte(ts.ReadFile(nameB)), opts)
	if err != nil {
		ts.Fatalf("cmpjson %s %s: %v", nameA, nameB, err)
	}
	switch {
	case !neg && len(diffs) > 0:
		ts.Fatalf("%s", formatDiffs(nameA, nameB, diffs, 20))
	case neg && len(diffs) == 0:
		ts.Fatalf("%s and %s are equal, want a difference", nameA, nameB)
	case neg:
		ts.Logf("%s", formatDiffs(nameA, nameB, diffs, 5))
	}
}

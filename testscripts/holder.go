package testscripts

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// holder is a process that owns a fresh user+network namespace for as long
// as it lives: `unshare --user --map-root-user --net --mount -- sleep infinity`.
// The mount namespace is the script's own too, so that it can mount a
// tmpfs on /run and make named network namespaces (ip netns add) there.
// unshare runs without --fork, so the process started is the one inside the
// namespaces (unshare execs sleep once the uid/gid maps are written).
type holder struct {
	pid  int
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd.Wait has returned
	err  error         // cmd.Wait's result, once done is closed
	out  bytes.Buffer  // unshare's stderr, once done is closed
}

// nsenterArgs returns the nsenter command line that runs prog with args in
// h's namespaces. --preserve-credentials: without it nsenter calls
// setgroups(2), which fails for an ordinary user because --map-root-user
// sets the namespace's setgroups to "deny"; the command still runs as the
// namespace's uid 0, with its full capabilities there. Entering the mount
// namespace would move the command to the holder's working directory: wd
// keeps it in the script's.
func (h *holder) nsenterArgs(wd, prog string, args ...string) []string {
	return append([]string{"--target", strconv.Itoa(h.pid), "--user", "--net", "--mount",
		"--preserve-credentials", "--wd=" + wd, "--", prog}, args...)
}

// startHolder starts a holder and waits, at most timeout, until it has
// entered its namespaces and exec'd sleep.
func startHolder(timeout time.Duration) (*holder, error) {
	for _, prog := range []string{"unshare", "nsenter"} {
		if _, err := exec.LookPath(prog); err != nil {
			return nil, fmt.Errorf("%s (util-linux) not found: %v", prog, err)
		}
	}
	selfNet, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		return nil, err
	}
	selfUser, err := os.Readlink("/proc/self/ns/user")
	if err != nil {
		return nil, err
	}
	h := &holder{done: make(chan struct{})}
	h.cmd = exec.Command("unshare", "--user", "--map-root-user", "--net", "--mount", "--", "sleep", "infinity")
	h.cmd.Stderr = &h.out
	// If the test binary dies without running its deferred kills, the
	// holder (and with it the namespace) goes too.
	h.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := h.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start unshare: %v", err)
	}
	h.pid = h.cmd.Process.Pid
	go func() {
		h.err = h.cmd.Wait()
		close(h.done)
	}()

	proc := "/proc/" + strconv.Itoa(h.pid)
	entered := func() bool {
		net, err1 := os.Readlink(proc + "/ns/net")
		user, err2 := os.Readlink(proc + "/ns/user")
		comm, err3 := os.ReadFile(proc + "/comm")
		return err1 == nil && err2 == nil && err3 == nil &&
			net != selfNet && user != selfUser && strings.TrimSpace(string(comm)) == "sleep"
	}
	deadline := time.Now().Add(timeout)
	for !entered() {
		select {
		case <-h.done:
			return nil, fmt.Errorf("unshare --user --map-root-user --net --mount failed (%v): %s "+
				"(are unprivileged user namespaces allowed? sysctls user.max_user_namespaces > 0, "+
				"kernel.unprivileged_userns_clone = 1 and kernel.apparmor_restrict_unprivileged_userns = 0 where they exist)",
				h.err, strings.TrimSpace(h.out.String()))
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			h.stop()
			return nil, fmt.Errorf("the holder (pid %d) did not enter new user and network namespaces within %v", h.pid, timeout)
		}
	}
	return h, nil
}

// alive returns an error if the holder has exited.
func (h *holder) alive() error {
	select {
	case <-h.done:
		return fmt.Errorf("the namespace holder (pid %d) has exited (%v): %s", h.pid, h.err, strings.TrimSpace(h.out.String()))
	default:
		return nil
	}
}

// stop kills the holder and waits for it; the namespace goes with it.
func (h *holder) stop() {
	_ = h.cmd.Process.Kill()
	<-h.done
}

// checkNamespaces starts a holder and runs `true` in it through nsenter, to
// tell before any script runs whether this machine can run the suite.
func checkNamespaces() error {
	h, err := startHolder(10 * time.Second)
	if err != nil {
		return err
	}
	defer h.stop()
	out, err := exec.Command("nsenter", h.nsenterArgs("/", "true")...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("nsenter into the holder's namespaces failed (%v): %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Command netaddr-bench measures netaddr side by side with iproute2 on the
// same work, in throwaway user+network namespaces, and prints one table:
// each workload's medians, the ratio netaddr/ip against its target, and
// netaddr's peak RSS, with the floor (bare dumps in-process, and process
// start) beneath. `make bench` runs it. It never touches the host's
// network: each workload runs in a child process started in new user and
// network namespaces, which vanish with it.
//
// Usage: netaddr-bench [-netaddr PATH] [-ip PATH] [-runs N] [-batch-runs N] [-only NAME,...]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
)

// result is one measured line of the table, as a workload's child process
// reports it on stdout.
type result struct {
	Workload string  `json:"workload"`
	What     string  `json:"what"`
	Netaddr  float64 `json:"netaddr_ms"`
	IP       float64 `json:"ip_ms,omitempty"`
	RSSKiB   int64   `json:"rss_kib,omitempty"`
	// Target is the highest ratio netaddr/ip allowed (0: none); for kind
	// "growth" the highest ratio of two netaddr medians, for "rss" the
	// highest peak RSS in KiB.
	Target float64 `json:"target,omitempty"`
	Kind   string  `json:"kind"` // "pair", "floor", "growth", "rss"
	Runs   int     `json:"runs"`
}

func main() {
	opts := options{}
	flag.StringVar(&opts.netaddr, "netaddr", "bin/netaddr", "the netaddr binary to measure")
	flag.StringVar(&opts.ip, "ip", "ip", "the iproute2 ip binary to measure against")
	flag.IntVar(&opts.runs, "runs", 15, "measured runs of each read command (after 2 warm-up runs)")
	flag.IntVar(&opts.batchRuns, "batch-runs", 5, "measured runs of each batch")
	only := flag.String("only", "", "comma-separated workloads to run: "+strings.Join(workloadNames(), ","))
	child := flag.String("child", "", "internal: run this workload inside the current namespaces")
	measure := flag.Bool("measure", false, "internal: run the commands a JSON spec on stdin names")
	flag.Parse()
	if *measure {
		if err := runMeasure(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "netaddr-bench: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if flag.NArg() != 0 {
		fmt.Fprintf(os.Stderr, "netaddr-bench: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	if *child != "" {
		if err := runChild(*child, opts, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "netaddr-bench: %s: %v\n", *child, err)
			os.Exit(1)
		}
		return
	}
	os.Exit(runParent(opts, *only))
}

// options are the parent's flags, passed on to each child.
type options struct {
	netaddr, ip     string
	runs, batchRuns int
}

func runParent(opts options, only string) int {
	names := workloadNames()
	if only != "" {
		names = strings.Split(only, ",")
		for _, n := range names {
			if findWorkload(n) == nil {
				fmt.Fprintf(os.Stderr, "netaddr-bench: unknown workload %q (have %s)\n", n, strings.Join(workloadNames(), ", "))
				return 2
			}
		}
	}
	for _, p := range []*string{&opts.netaddr, &opts.ip} {
		path, err := exec.LookPath(*p)
		if err != nil {
			fmt.Fprintf(os.Stderr, "netaddr-bench: %v\n", err)
			return 2
		}
		// Absolute, since the child works in a directory of its own.
		if !strings.HasPrefix(path, "/") {
			wd, _ := os.Getwd()
			path = wd + "/" + path
		}
		*p = path
	}
	fmt.Print(machine(opts.ip))
	var all []result
	for _, name := range names {
		fmt.Fprintf(os.Stderr, "netaddr-bench: %s: %s\n", name, findWorkload(name).about)
		rs, err := runInNamespace(name, opts)
		if err != nil {
			fmt.Fprintf(os.Stderr, "netaddr-bench: %s: %v\n", name, err)
			return 1
		}
		all = append(all, rs...)
	}
	missed := printTable(os.Stdout, all)
	if missed > 0 {
		fmt.Printf("\n%d target(s) missed\n", missed)
		return 1
	}
	fmt.Println("\nevery target holds")
	return 0
}

// runInNamespace runs the workload in a child process of this program,
// started in new user and network namespaces (uid 0 inside, mapped to the
// caller), and collects its results.
func runInNamespace(name string, opts options) ([]result, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "netaddr-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command(self, "-child", name, "-netaddr", opts.netaddr, "-ip", opts.ip,
		"-runs", fmt.Sprint(opts.runs), "-batch-runs", fmt.Sprint(opts.batchRuns))
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
		// With a single mapped gid an unprivileged caller may not call
		// setgroups; nothing here needs it.
		GidMappingsEnableSetgroups: false,
		Pdeathsig:                  syscall.SIGKILL,
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start a child in new user+network namespaces: %w", err)
	}
	rs, readErr := readResults(out)
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("child: %w", err)
	}
	return rs, readErr
}

func readResults(r io.Reader) ([]result, error) {
	var rs []result
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var res result
		if err := json.Unmarshal(sc.Bytes(), &res); err != nil {
			return nil, fmt.Errorf("child printed %q: %w", sc.Text(), err)
		}
		rs = append(rs, res)
	}
	return rs, sc.Err()
}

// machine describes where the numbers come from.
func machine(ip string) string {
	var b strings.Builder
	model := "unknown CPU"
	if f, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(f)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	var uts syscall.Utsname
	kernel := "unknown"
	if syscall.Uname(&uts) == nil {
		kernel = utsString(uts.Release[:])
	}
	ipVersion := "unknown"
	if out, err := exec.Command(ip, "-V").Output(); err == nil {
		ipVersion = strings.TrimSpace(string(out))
	}
	fmt.Fprintf(&b, "machine: %d CPUs (%s), kernel %s\n", runtime.NumCPU(), model, kernel)
	fmt.Fprintf(&b, "ip: %s\n\n", ipVersion)
	return b.String()
}

func utsString(f []int8) string {
	var b strings.Builder
	for _, c := range f {
		if c == 0 {
			break
		}
		b.WriteByte(byte(c))
	}
	return b.String()
}

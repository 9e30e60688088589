package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// A workload builds a namespace's state and measures commands on it. It
// runs in the child process, inside the namespaces made for it.
type workload struct {
	name, about string
	run         func(b *bench) error
}

var workloads = []workload{
	{"bridge", "one bridge with 10,000 IPv4 addresses", runBridge},
	{"veths", "1000 veth pairs with 20,000 IPv4 addresses, then 100,000", runVeths},
}

func workloadNames() []string {
	var names []string
	for _, w := range workloads {
		names = append(names, w.name)
	}
	return names
}

func findWorkload(name string) *workload {
	for i := range workloads {
		if workloads[i].name == name {
			return &workloads[i]
		}
	}
	return nil
}

// bench measures commands for one workload and reports each result as a
// JSON line to the parent.
type bench struct {
	opts     options
	workload string
	out      *json.Encoder
	devnull  *os.File
}

func runChild(name string, opts options, stdout io.Writer) error {
	w := findWorkload(name)
	if w == nil {
		return fmt.Errorf("unknown workload")
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer devnull.Close()
	b := &bench{opts: opts, workload: name, out: json.NewEncoder(stdout), devnull: devnull}
	return w.run(b)
}

// runBridge: one bridge holding 10,000 IPv4 addresses. The documentation
// ranges have 762 host addresses, and an IPv4 address is identified by its
// prefix length too, so the 10,000 are those hosts at /32, /31, ... /17.
func runBridge(b *bench) error {
	if err := b.ip("link", "add", "br0", "type", "bridge"); err != nil {
		return err
	}
	// No IPv6 on it (no link-local address): the 10,000 are all there is.
	if err := os.WriteFile("/proc/sys/net/ipv6/conf/br0/disable_ipv6", []byte("1\n"), 0); err != nil {
		return err
	}
	if err := b.ip("link", "set", "br0", "up"); err != nil {
		return err
	}
	var lines []string
	nets := [][3]int{{192, 0, 2}, {198, 51, 100}, {203, 0, 113}}
	for plen := 32; len(lines) < 10000; plen-- {
		for _, n := range nets {
			for host := 1; host <= 254 && len(lines) < 10000; host++ {
				lines = append(lines, fmt.Sprintf("addr add %d.%d.%d.%d/%d dev br0", n[0], n[1], n[2], host, plen))
			}
		}
	}
	if err := b.ipBatch("bridge-addrs.txt", lines); err != nil {
		return err
	}
	if err := b.expectAddrs(10000); err != nil {
		return err
	}
	return b.pair("--json addr show (10,000 IPv4 on one bridge)", 0.9, b.opts.runs, true,
		[]string{"--json", "addr", "show"}, []string{"-j", "addr", "show"})
}

// runVeths: 1000 veth pairs (2001 links with lo), 20 addresses on one
// side of each pair; then the same views at 100,000 addresses.
func runVeths(b *bench) error {
	var lines []string
	for i := 1; i <= 1000; i++ {
		lines = append(lines, fmt.Sprintf("link add p%d type veth peer name q%d", i, i))
	}
	if err := b.ipBatch("links.txt", lines); err != nil {
		return err
	}
	if err := b.ipBatch("addrs-20k.txt", vethAddrs(1, 20)); err != nil {
		return err
	}
	if err := b.expectAddrs(20000); err != nil {
		return err
	}
	runs := b.opts.runs
	if err := b.pair("--json addr show (2001 links, 20,000 addresses)", 0.35, runs, true,
		[]string{"--json", "addr", "show"}, []string{"-j", "addr", "show"}); err != nil {
		return err
	}
	if err := b.pair("addr show, table (2001 links, 20,000 addresses)", 0.35, runs, false,
		[]string{"addr", "show"}, []string{"addr", "show"}); err != nil {
		return err
	}
	if err := b.pair("addr show dev p500", 2.5, runs, false,
		[]string{"addr", "show", "dev", "p500"}, []string{"addr", "show", "dev", "p500"}); err != nil {
		return err
	}
	if err := b.pair("--json link show (2001 links)", 0.9, runs, true,
		[]string{"--json", "link", "show"}, []string{"-j", "link", "show"}); err != nil {
		return err
	}
	if err := b.batch(); err != nil {
		return err
	}
	if err := b.floor("20,000"); err != nil {
		return err
	}
	at20k, err := b.median("--json", "addr", "show")
	if err != nil {
		return err
	}

	if err := b.ipBatch("addrs-100k.txt", vethAddrs(21, 100)); err != nil {
		return err
	}
	if err := b.expectAddrs(100000); err != nil {
		return err
	}
	if err := b.pair("--json addr show (2001 links, 100,000 addresses)", 0, runs, true,
		[]string{"--json", "addr", "show"}, []string{"-j", "addr", "show"}); err != nil {
		return err
	}
	at100k, err := b.median("--json", "addr", "show")
	if err != nil {
		return err
	}
	if err := b.floor("100,000"); err != nil {
		return err
	}
	return b.report(result{What: "growth: --json addr show, 100,000 vs 20,000 addresses",
		Kind: "growth", Netaddr: at100k / at20k, Target: 5.5, Runs: runs})
}

// vethAddrs adds addresses from, ..., to (counted per device) to
// p1..p1000: IPv4 /32s, the same on every device, which IPv4 allows. (With
// IPv6 the kernel walks every address of the namespace on each add, so
// building 100,000 takes it most of an hour; the views measured do not
// care about the family.)
func vethAddrs(from, to int) []string {
	var lines []string
	for i := 1; i <= 1000; i++ {
		for j := from; j <= to; j++ {
			lines = append(lines, fmt.Sprintf("addr add 192.0.2.%d/32 dev p%d", j, i))
		}
	}
	return lines
}

// batch times one file of 10,000 adds followed by the 10,000 deletes of
// the same addresses, spread over the q side of the pairs (10 each), so
// that every run starts from the same state. The addresses are IPv4 /32s
// as in vethAddrs: each is a primary of its own, so a delete removes
// nothing but itself. (IPv6 in this namespace made each run take the
// kernel about 100 s, for both tools.)
func (b *bench) batch() error {
	var adds, dels []string
	for i := 1; i <= 1000; i++ {
		for j := 1; j <= 10; j++ {
			a := fmt.Sprintf("192.0.2.%d/32 dev q%d", j, i)
			adds = append(adds, "addr add "+a)
			dels = append(dels, "addr del "+a)
		}
	}
	file := "batch.txt"
	if err := os.WriteFile(file, []byte(strings.Join(append(adds, dels...), "\n")+"\n"), 0o644); err != nil {
		return err
	}
	if err := b.pair("batch: 10,000 adds then 10,000 deletes over 1000 devices", 0.8, b.opts.batchRuns, false,
		[]string{"-b", file}, []string{"-batch", file}); err != nil {
		return err
	}
	return b.pair("the same batch with --force vs ip -batch -force", 0.8, b.opts.batchRuns, false,
		[]string{"-b", file, "--force"}, []string{"-batch", file, "-force"})
}

// pair runs netaddr and ip alternately, runs times each after two warm-up
// runs, and reports both medians and netaddr's peak RSS. With sameJSON it
// first checks that both print the same JSON, so that the two did the
// same work.
func (b *bench) pair(what string, target float64, runs int, sameJSON bool, naArgs, ipArgs []string) error {
	if sameJSON {
		if err := b.compareJSON(naArgs, ipArgs); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	m, err := b.measure(runs, append([]string{b.opts.netaddr}, naArgs...), append([]string{b.opts.ip}, ipArgs...))
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	naTimes, ipTimes, rss := m.Millis[0], m.Millis[1], m.MaxRSS[0]
	return b.report(result{What: what, Kind: "pair", Netaddr: median(naTimes), IP: median(ipTimes),
		RSSKiB: rss, Target: target, Runs: runs})
}

// median runs netaddr alone and returns its median time.
func (b *bench) median(args ...string) (float64, error) {
	m, err := b.measure(b.opts.runs, append([]string{b.opts.netaddr}, args...))
	if err != nil {
		return 0, err
	}
	return median(m.Millis[0]), nil
}

// measure has a runner process (this program with -measure) run the
// commands. Peak RSS is why: a child started by a Go program inherits its
// parent's high-water RSS at exec (the kernel counts the old memory of a
// vfork), so the commands must be started by a process that stays small,
// not by this one, which holds the workload's files and JSON.
func (b *bench) measure(runs int, cmds ...[]string) (*measurement, error) {
	spec, err := json.Marshal(measureSpec{Runs: runs, Warmup: 2, Cmds: cmds})
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	runner := exec.Command(self, "-measure")
	runner.Stdin = bytes.NewReader(spec)
	var stderr bytes.Buffer
	runner.Stderr = &stderr
	out, err := runner.Output()
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var m measurement
	if err := json.Unmarshal(out, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// floor reports what the kernel part costs: one link dump and one address
// dump in this process, nothing decoded beyond what netaddr decodes and
// nothing printed; and the start of a netaddr process doing nothing.
func (b *bench) floor(addrs string) error {
	c, err := rtnl.Dial(rtnl.DialOptions{})
	if err != nil {
		return err
	}
	defer c.Close()
	var times []float64
	for i := -2; i < b.opts.runs; i++ {
		start := time.Now()
		if _, err := c.Links(); err != nil {
			return err
		}
		if _, err := c.Addrs(rtnl.AddrFilter{}); err != nil {
			return err
		}
		if i >= 0 {
			times = append(times, float64(time.Since(start).Microseconds())/1000)
		}
	}
	if err := b.report(result{What: "floor: link + address dumps in-process, " + addrs + " addresses",
		Kind: "floor", Netaddr: median(times), Runs: b.opts.runs}); err != nil {
		return err
	}
	start, err := b.median("--version")
	if err != nil {
		return err
	}
	return b.report(result{What: "floor: process start (netaddr --version)", Kind: "floor",
		Netaddr: start, Runs: b.opts.runs})
}

// compareJSON checks that netaddr and ip print the same JSON value.
func (b *bench) compareJSON(naArgs, ipArgs []string) error {
	decode := func(path string, args []string) (any, error) {
		out, err := exec.Command(path, args...).Output()
		if err != nil {
			return nil, fmt.Errorf("%s %s: %v", path, strings.Join(args, " "), err)
		}
		var v any
		if err := json.Unmarshal(out, &v); err != nil {
			return nil, fmt.Errorf("%s %s: %v", path, strings.Join(args, " "), err)
		}
		return v, nil
	}
	na, err := decode(b.opts.netaddr, naArgs)
	if err != nil {
		return err
	}
	ip, err := decode(b.opts.ip, ipArgs)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(na, ip) {
		return fmt.Errorf("netaddr and ip print different JSON: not the same work")
	}
	return nil
}

func (b *bench) report(r result) error {
	r.Workload = b.workload
	return b.out.Encode(r)
}

func (b *bench) ip(args ...string) error {
	out, err := exec.Command(b.opts.ip, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// ipBatch sets state up with ip -batch from lines written to file.
func (b *bench) ipBatch(file string, lines []string) error {
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	return b.ip("-batch", file)
}

// expectAddrs checks the namespace holds n addresses besides any on lo,
// as ip counts them, so that a setup that went wrong is not measured.
func (b *bench) expectAddrs(n int) error {
	out, err := exec.Command(b.opts.ip, "-j", "addr", "show").Output()
	if err != nil {
		return err
	}
	var links []struct {
		Ifname   string `json:"ifname"`
		AddrInfo []any  `json:"addr_info"`
	}
	if err := json.Unmarshal(out, &links); err != nil {
		return err
	}
	got := 0
	for _, l := range links {
		if l.Ifname != "lo" {
			got += len(l.AddrInfo)
		}
	}
	if got != n {
		return fmt.Errorf("set up %d addresses, want %d", got, n)
	}
	return nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

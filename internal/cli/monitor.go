package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/netaddr/netaddr/internal/render"
	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

func newMonitorCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "monitor [addr] [link]",
		Aliases: []string{"mon"},
		Short:   "Print address and link changes as they happen",
		Long: `Print address and link changes as they happen, one line each, until Ctrl-C
(SIGINT) or SIGTERM ends it (exit 0). "addr" watches addresses, "link"
links; without either, both. With -4 or -6 only that family's addresses.

  + addr 3: v0 inet 192.0.2.1/24 scope global
  - addr 3: v0 inet 192.0.2.1/24 scope global
  + link 3: v0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP

"+" is an address added, or a link added or changed; "-" one deleted.
With --json every event is one JSON object on a line of its own:
{"event":"new"|"del","type":"addr"|"link",...}, an address with
"ifindex", "ifname" and the members of its "ip -j addr show" addr_info
entry, a link with the members "ip -j link show" prints. Output is written
event by event, so it can be piped and read as it comes.

Events the kernel drops because they came faster than they were read are
reported on standard error, and monitoring goes on.`,
		ValidArgsFunction: completeMonitor,
		RunE: func(cmd *cobra.Command, args []string) error {
			addrs, links, err := parseMonitorArgs(args)
			if err != nil {
				return err
			}
			family, err := g.family()
			if err != nil {
				return err
			}
			if g.Pretty {
				return usagef("--pretty does not apply to monitor: it prints one JSON object per line")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runMonitor(ctx, g, monitorOptions{addrs: addrs, links: links, family: family})
		},
	}
}

// parseMonitorArgs reads what to watch: "addr" (or "address", "a", ...),
// "link" (or "l", ...), "all"; nothing is all. A word that asks again for
// what an earlier one asked for ("addr addr", "addr all") is refused, as
// is any other word.
func parseMonitorArgs(args []string) (addrs, links bool, err error) {
	seen := map[string]string{} // "addr", "link" -> the word that asked
	for _, w := range args {
		var what []string
		switch {
		case isAbbrev(w, "address", 1):
			what = []string{"addr"}
		case isAbbrev(w, "link", 1):
			what = []string{"link"}
		case w == "all":
			what = []string{"addr", "link"}
		default:
			return false, false, usagef("monitor watches addr and link: unknown word %q", w)
		}
		for _, k := range what {
			if prev, dup := seen[k]; dup {
				if prev == w {
					return false, false, usagef("monitor: %q is given twice", w)
				}
				return false, false, usagef("monitor: %q repeats %q", w, prev)
			}
			seen[k] = w
		}
	}
	_, addrs = seen["addr"]
	_, links = seen["link"]
	if !addrs && !links {
		addrs, links = true, true
	}
	return addrs, links, nil
}

// monitorOptions are the inputs of a monitor run.
type monitorOptions struct {
	addrs, links bool
	family       rtnl.Family // of the addresses to report
}

// runMonitor prints events until ctx ends.
func runMonitor(ctx context.Context, g *globalOptions, opts monitorOptions) error {
	c, err := g.dial()
	if err != nil {
		return err
	}
	defer c.Close()

	// The names of devices, for address events and for masters and peers:
	// one dump now, kept current by link events, and asked for when an
	// address names an unknown index (a link added before the monitor
	// socket was subscribed).
	known := map[int]*rtnl.Link{}
	all, err := c.Links()
	if err != nil {
		return err
	}
	for i := range all {
		known[all[i].Index] = &all[i]
	}
	lookup := func(index int) (*rtnl.Link, bool) {
		l, ok := known[index]
		return l, ok
	}
	w := render.NewMonitorWriter(g.IO.Out, g.JSON, lookup, g.palette())

	err = c.Monitor(ctx, opts.addrs, opts.links, func(ev rtnl.Event) error {
		var out render.MonitorEvent
		switch ev.Kind {
		case rtnl.EventNewAddr, rtnl.EventDelAddr:
			a := ev.Addr
			if !opts.addrs || opts.family != rtnl.FamilyAll && a.Family != opts.family {
				return nil
			}
			if _, ok := known[a.Index]; !ok {
				if l, err := c.LinkByIndex(a.Index); err == nil {
					known[l.Index] = &l
				}
			}
			out = render.MonitorEvent{Deleted: ev.Kind == rtnl.EventDelAddr, Addr: &a}
		case rtnl.EventNewLink, rtnl.EventDelLink:
			l := ev.Link
			if ev.Kind == rtnl.EventNewLink {
				known[l.Index] = &l
			}
			if !opts.links {
				return nil
			}
			out = render.MonitorEvent{Deleted: ev.Kind == rtnl.EventDelLink, Link: &l}
		default:
			return nil
		}
		if err := w.Write(out); err != nil {
			return err
		}
		if ev.Kind == rtnl.EventDelLink {
			delete(known, ev.Link.Index)
		}
		return nil
	})
	// An error is the kernel's, already named "monitor: ...", or a
	// failed write.
	return err
}

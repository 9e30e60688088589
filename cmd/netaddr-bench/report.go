package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// printTable prints the results as one table and returns how many targets
// were missed.
func printTable(w io.Writer, rs []result) int {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tnetaddr ms\tip ms\tnetaddr/ip\ttarget\tpeak RSS\tverdict\t")
	missed := 0
	for _, r := range rs {
		ip, ratio, target, rss, verdict := "", "", "", "", ""
		switch r.Kind {
		case "pair":
			ip = fmt.Sprintf("%.1f", r.IP)
			q := r.Netaddr / r.IP
			ratio = fmt.Sprintf("%.2f", q)
			rss = fmt.Sprintf("%.1f MiB", float64(r.RSSKiB)/1024)
			if r.Target > 0 {
				target = fmt.Sprintf("<= %.2f", r.Target)
				verdict = judge(q <= r.Target, &missed)
			}
		case "growth":
			ratio = fmt.Sprintf("%.2fx", r.Netaddr)
			target = fmt.Sprintf("<= %.1fx", r.Target)
			verdict = judge(r.Netaddr <= r.Target, &missed)
		}
		netaddr := fmt.Sprintf("%.1f", r.Netaddr)
		if r.Kind == "growth" {
			netaddr = ""
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.What, netaddr, ip, ratio, target, rss, verdict)
		if r.Kind == "pair" && r.What == rssWorkload {
			limit := 24.0
			fmt.Fprintf(tw, "%s\t\t\t\t%s\t%.1f MiB\t%s\t\n", "peak RSS of the line above",
				fmt.Sprintf("< %.0f MiB", limit), float64(r.RSSKiB)/1024,
				judge(float64(r.RSSKiB)/1024 < limit, &missed))
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "\nmedians of %s runs each, netaddr and ip alternating; peak RSS is the largest of netaddr's runs\n",
		runsSummary(rs))
	return missed
}

// rssWorkload is the view whose peak RSS has a target of its own.
const rssWorkload = "--json addr show (2001 links, 20,000 addresses)"

func judge(ok bool, missed *int) string {
	if ok {
		return "ok"
	}
	*missed++
	return "MISSED"
}

func runsSummary(rs []result) string {
	var counts []string
	seen := map[int]bool{}
	for _, r := range rs {
		if r.Runs > 0 && !seen[r.Runs] {
			seen[r.Runs] = true
			counts = append(counts, fmt.Sprint(r.Runs))
		}
	}
	return strings.Join(counts, " or ")
}

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

// Live completion, through cobra's hidden __complete command: every
// command's ValidArgsFunction knows its keyword grammar and asks the kernel
// (in the namespace -n names) for device names and addresses. Whatever
// goes wrong while completing (no permission, no such namespace, a line
// that does not parse) gives no candidates, never an error.

// noFiles is the directive of every completion: netaddr takes no files as
// words.
const noFiles = cobra.ShellCompDirectiveNoFileComp

// completionShells are the shells `netaddr completion SHELL` writes for,
// with the file each one's script is checked in as under completions/.
var completionShells = []struct{ name, file string }{
	{"bash", "netaddr.bash"},
	{"zsh", "_netaddr"},
	{"fish", "netaddr.fish"},
}

// genCompletion writes shell's completion script for root's tree.
func genCompletion(root *cobra.Command, shell string, w *strings.Builder) error {
	switch shell {
	case "bash":
		return root.GenBashCompletionV2(w, true)
	case "zsh":
		return root.GenZshCompletion(w)
	case "fish":
		return root.GenFishCompletion(w, true)
	}
	return usagef("completion: unknown shell %q: want bash, zsh or fish", shell)
}

// addCompletion adds `netaddr completion SHELL` to root and the completion
// of -n's value.
func addCompletion(root *cobra.Command, g *globalOptions) {
	root.AddCommand(&cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print a shell completion script",
		Long: `Print the completion script for bash, zsh or fish. Completion knows the
keyword grammar and asks the kernel for device names and addresses (in the
namespace -n names). To load it for the current shell:

  bash:  source <(netaddr completion bash)
  zsh:   source <(netaddr completion zsh)
  fish:  netaddr completion fish | source

Installed packages put it in the shells' completion directories.`,
		Args:      exactArgs(1, "SHELL"),
		ValidArgs: []string{"bash", "zsh", "fish"},
		RunE: func(cmd *cobra.Command, args []string) error {
			var b strings.Builder
			if err := genCompletion(cmd.Root(), args[0], &b); err != nil {
				return err
			}
			_, err := fmt.Fprint(g.IO.Out, b.String())
			return err
		},
	})
	_ = root.RegisterFlagCompletionFunc("netns", completeNetNS)
}

// WriteCompletions writes the bash, zsh and fish completion scripts of
// netaddr's command tree into dir, as netaddr.bash, _netaddr and
// netaddr.fish: what `netaddr completion SHELL` prints.
func WriteCompletions(dir string) error {
	files, err := completionFiles()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, sh := range completionShells {
		if err := os.WriteFile(filepath.Join(dir, sh.file), []byte(files[sh.file]), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// completionFiles are the scripts WriteCompletions writes, by file name.
func completionFiles() (map[string]string, error) {
	root := NewRootForDocs()
	files := map[string]string{}
	for _, sh := range completionShells {
		var b strings.Builder
		if err := genCompletion(root, sh.name, &b); err != nil {
			return nil, err
		}
		files[sh.file] = b.String()
	}
	return files, nil
}

// completeNetNS offers the names in /run/netns.
func completeNetNS(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	entries, err := os.ReadDir("/run/netns")
	if err != nil {
		return nil, noFiles
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return matching(names, toComplete), noFiles
}

// matching keeps the candidates that start with toComplete, each once, in
// order.
func matching(cands []string, toComplete string) []cobra.Completion {
	var out []cobra.Completion
	for _, c := range cands {
		if strings.HasPrefix(c, toComplete) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// withClient runs fn with a connection in -n's namespace; an error gives
// nothing.
func withClient(g *globalOptions, fn func(rtnl.Client) []string) []string {
	c, err := g.dial()
	if err != nil {
		return nil
	}
	defer c.Close()
	return fn(c)
}

// deviceNames are the names of the devices in -n's namespace.
func deviceNames(g *globalOptions) []string {
	return withClient(g, func(c rtnl.Client) []string {
		links, err := c.Links()
		if err != nil {
			return nil
		}
		names := make([]string, len(links))
		for i, l := range links {
			names[i] = l.Name
		}
		return names
	})
}

// deviceKinds are the kinds of the devices there are (veth, bridge, ...).
func deviceKinds(g *globalOptions) []string {
	return withClient(g, func(c rtnl.Client) []string {
		links, err := c.Links()
		if err != nil {
			return nil
		}
		var kinds []string
		for _, l := range links {
			if l.Kind != "" && !slices.Contains(kinds, l.Kind) {
				kinds = append(kinds, l.Kind)
			}
		}
		slices.Sort(kinds)
		return kinds
	})
}

// deviceIndexes are the ifindexes there are, each described by its name.
func deviceIndexes(g *globalOptions) []string {
	return withClient(g, func(c rtnl.Client) []string {
		links, err := c.Links()
		if err != nil {
			return nil
		}
		out := make([]string, len(links))
		for i, l := range links {
			out[i] = strconv.Itoa(l.Index) + "\t" + l.Name
		}
		return out
	})
}

// existingAddrs are the addresses assigned, on dev only if dev is not
// empty, of -4/-6's family, as PREFIX words: 192.0.2.1/24, or the bare
// address of a point-to-point address (whose length goes on its peer).
func existingAddrs(g *globalOptions, dev string) []string {
	family, err := g.family()
	if err != nil {
		return nil
	}
	return withClient(g, func(c rtnl.Client) []string {
		f := rtnl.AddrFilter{Family: family}
		if dev != "" {
			l, err := resolveDev(c, dev)
			if err != nil {
				return nil
			}
			f.Index = l.Index
		}
		addrs, err := c.Addrs(f)
		if err != nil {
			return nil
		}
		var out []string
		for i := range addrs {
			a := &addrs[i]
			if !f.Match(a) {
				continue
			}
			if a.Peer.IsValid() {
				out = append(out, a.Local.Addr().String())
			} else {
				out = append(out, a.Local.String())
			}
		}
		return out
	})
}

// scopeWords are the scope names offered, iproute2's spelling.
var scopeWords = []string{"global", "site", "link", "host", "nowhere"}

// lifetimeWords are offered for valid_lft and preferred_lft.
var lifetimeWords = []string{"forever"}

// addrFlagWords are the flags add, change and replace take, iproute2's
// spelling, and the IPv6-only ones among them.
var (
	addrFlagWords      = []string{"home", "mngtmpaddr", "nodad", "optimistic", "noprefixroute", "autojoin"}
	addrFlagWordsOnly6 = []string{"home", "mngtmpaddr", "nodad", "optimistic"}
)

// addrModifyWords are the keywords of add, change and replace in the order
// offered (canonical spellings: brd is broadcast, remote peer, priority
// metric), and those of del.
var (
	addrModifyWords = []string{"dev", "scope", "peer", "broadcast", "label", "valid_lft", "preferred_lft", "metric"}
	addrDelWords    = []string{"dev", "peer"}
)

// completeAddrModify completes `addr VERB ...` for add, change, replace
// and del.
func completeAddrModify(g *globalOptions, verb string) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return matching(addrModifyCandidates(g, verb, args, toComplete), toComplete), noFiles
	}
}

func addrModifyCandidates(g *globalOptions, verb string, args []string, toComplete string) []string {
	keywords, words := modifyKeywords, addrModifyWords
	if verb == "del" {
		keywords, words = delKeywords, addrDelWords
	}
	given := map[string]bool{}
	var local, dev string
	for i := 0; i < len(args); i++ {
		key := strings.ToLower(args[i])
		if keywords[key] {
			if i+1 == len(args) {
				return keywordValues(g, verb, canonicalKeyword(key), dev)
			}
			switch canon := canonicalKeyword(key); canon {
			case "local":
				local = args[i+1]
			case "dev":
				dev = args[i+1]
				given[canon] = true
			default:
				given[canon] = true
			}
			i++
			continue
		}
		if f, ok := flagNames[key]; ok {
			for name, v := range flagNames {
				if v == f {
					given[name] = true
				}
			}
			continue
		}
		if local == "" {
			local = args[i]
		}
	}
	var cands []string
	if local == "" {
		if verb == "change" || verb == "del" {
			cands = existingAddrs(g, dev)
		}
		if toComplete == "" || !looksLikeWord(toComplete) {
			// The address comes first: keywords only when a word is begun.
			return cands
		}
	}
	var is4, is6 bool
	if p, _, err := parsePrefix("address", local); err == nil {
		is4, is6 = p.Addr().Is4(), p.Addr().Is6()
	}
	for _, w := range words {
		if given[w] || is6 && (w == "broadcast" || w == "label") {
			continue
		}
		cands = append(cands, w)
	}
	if verb != "del" {
		for _, w := range addrFlagWords {
			if given[w] || is4 && slices.Contains(addrFlagWordsOnly6, w) {
				continue
			}
			cands = append(cands, w)
		}
	}
	return cands
}

// keywordValues are the values offered after keyword (canonical) in
// `addr VERB`.
func keywordValues(g *globalOptions, verb, keyword, dev string) []string {
	switch keyword {
	case "dev":
		return deviceNames(g)
	case "scope":
		return scopeWords
	case "broadcast":
		return []string{"+", "-"}
	case "valid_lft", "preferred_lft":
		return lifetimeWords
	case "local":
		if verb == "change" || verb == "del" {
			return existingAddrs(g, dev)
		}
	}
	// peer, label, metric, anycast: a value of the user's own.
	return nil
}

// completeLinkFilter completes the words of link show and stats: [dev] DEV,
// up, type KIND.
func completeLinkFilter(g *globalOptions) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return matching(filterCandidates(g, args, nil), toComplete), noFiles
	}
}

// completeAddrFilter completes the words of addr show, flush and save,
// whose flags cobra leaves to the command (DisableFlagParsing): they are
// parsed here first, so that -n reaches the dial.
func completeAddrFilter(g *globalOptions) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if n := len(args); n > 0 && (args[n-1] == "-n" || args[n-1] == "--netns") {
			// cobra completes no option values here.
			return completeNetNS(cmd, args, toComplete)
		}
		if strings.HasPrefix(toComplete, "-") && toComplete != "-" {
			// -FLAG filters; cobra does not offer options here.
			var cands []string
			for _, w := range filterFlagWords() {
				cands = append(cands, "-"+w)
			}
			return matching(cands, toComplete), noFiles
		}
		words, _, err := splitFilterArgs(cmd, args)
		if err != nil {
			return nil, noFiles
		}
		return matching(filterCandidates(g, words, addrFilterKeywords), toComplete), noFiles
	}
}

// addrFilterKeywords are the words addr show, flush and save take beyond
// the link filter's; true for those that take a value.
var addrFilterKeywords = map[string]bool{"scope": true, "label": true, "to": true}

// filterFlagWords are the flag filters, sorted.
func filterFlagWords() []string {
	var ws []string
	for w := range flagFilterWords {
		ws = append(ws, w)
	}
	slices.Sort(ws)
	return ws
}

// filterCandidates are the candidates after words in the grammar of the
// link filter, extended by extra (the address filters) when it is not nil.
func filterCandidates(g *globalOptions, words []string, extra map[string]bool) []string {
	given := map[string]bool{}
	for i := 0; i < len(words); i++ {
		w := words[i]
		takesValue := w == "dev" || w == "type" || extra[w]
		if takesValue && i+1 == len(words) {
			switch w {
			case "dev":
				return deviceNames(g)
			case "type":
				return deviceKinds(g)
			case "scope":
				return append(slices.Clone(scopeWords), "all")
			}
			return nil // label GLOB, to PREFIX
		}
		if takesValue {
			given[w] = true
			if w == "dev" {
				given["DEV"] = true
			}
			i++
			continue
		}
		switch _, isFlag := lookupFlagFilter(w); {
		case w == "up":
			given[w] = true
		case isFlag && extra != nil:
			given[strings.TrimPrefix(w, "-")] = true
		default:
			given["DEV"] = true // a bare device
		}
	}
	var cands []string
	if !given["DEV"] {
		cands = append(cands, deviceNames(g)...)
		cands = append(cands, "dev")
	}
	for _, w := range []string{"up", "type"} {
		if !given[w] {
			cands = append(cands, w)
		}
	}
	if extra != nil {
		for _, w := range []string{"scope", "label", "to"} {
			if !given[w] {
				cands = append(cands, w)
			}
		}
		for _, w := range filterFlagWords() {
			if !given[w] {
				cands = append(cands, w)
			}
		}
	}
	return cands
}

// completeFirst completes only a command's first argument with cands.
func completeFirst(cands func() []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, noFiles
		}
		return matching(cands(), toComplete), noFiles
	}
}

// completeMonitor offers addr and link, each until given.
func completeMonitor(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var cands []string
	for _, w := range []string{"addr", "link"} {
		full := map[string]string{"addr": "address", "link": "link"}[w]
		if !slices.ContainsFunc(args, func(a string) bool { return isAbbrev(a, full, 1) || a == "all" }) {
			cands = append(cands, w)
		}
	}
	return matching(cands, toComplete), noFiles
}

package cli

import (
	"strconv"

	"github.com/netaddr/netaddr/internal/rtnl"
	"golang.org/x/sys/unix"
)

// linkFilter is what `addr show`, `link show` and `stats` select: one
// device, links that are up, links of one kind.
type linkFilter struct {
	dev  *string
	up   bool
	kind string
}

// parseLinkFilter reads `[dev] DEV`, `up` and `type KIND`, in any order.
func parseLinkFilter(args []string) (linkFilter, error) {
	return parseLinkFilterWith(args, nil)
}

// extraWords reads a word of a larger grammar than the link filter's (the
// address filters of addr show, flush and save) at args[i]. It returns how
// many words it took, 0 when args[i] is not one of its words.
type extraWords func(args []string, i int) (int, error)

// parseLinkFilterWith is parseLinkFilter with the words extra knows, which
// are tried before a word is taken for a device name: as in iproute2, a
// device whose name is one of them must be given as `dev NAME`.
func parseLinkFilterWith(args []string, extra extraWords) (linkFilter, error) {
	var f linkFilter
	for i := 0; i < len(args); i++ {
		tok := args[i]
		switch {
		case tok == "dev":
			if i+1 == len(args) {
				return f, usagef("%q needs a value", tok)
			}
			i++
			if err := f.setDev(args[i]); err != nil {
				return f, err
			}
		case tok == "up":
			if f.up {
				return f, usagef("%q is given twice", tok)
			}
			f.up = true
		case tok == "type":
			if i+1 == len(args) {
				return f, usagef("%q needs a value", tok)
			}
			if f.kind != "" {
				return f, usagef("%q is given twice", tok)
			}
			i++
			if args[i] == "" {
				return f, usagef("type needs a kind, such as veth or bridge")
			}
			f.kind = args[i]
		default:
			if extra != nil {
				n, err := extra(args, i)
				if err != nil {
					return f, err
				}
				if n > 0 {
					i += n - 1
					continue
				}
			}
			if err := f.setDev(tok); err != nil {
				return f, err
			}
		}
	}
	return f, nil
}

func (f *linkFilter) setDev(tok string) error {
	if f.dev != nil {
		return usagef("device given twice (%q and %q)", *f.dev, tok)
	}
	if err := checkDevToken(tok); err != nil {
		if looksLikeWord(tok) {
			return usagef("unknown word %q", tok)
		}
		return err
	}
	f.dev = &tok
	return nil
}

// parseIndex reads a positive ifindex.
func parseIndex(s string) (int, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n <= 0 {
		return 0, usagef("invalid index %q: want a positive number", s)
	}
	return int(n), nil
}

// match reports whether l passes the up and type parts of the filter (the
// device part is applied by asking the kernel for that device only).
func (f *linkFilter) match(l *rtnl.Link) bool {
	if f.up && l.Flags&unix.IFF_UP == 0 {
		return false
	}
	return f.kind == "" || l.Kind == f.kind
}

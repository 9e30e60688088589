package cli

import (
	"errors"
	"io"
	"strings"

	"github.com/netaddr/netaddr/internal/rtnl"
	"github.com/spf13/cobra"
)

// NewRootForDocs returns netaddr's command tree for generators of
// documentation (man pages, completions): the same commands, flags and help
// texts as Run builds, with streams that discard and a Dialer that refuses,
// so nothing built from it can reach the kernel.
func NewRootForDocs() *cobra.Command {
	g := &globalOptions{
		IO: IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard},
		Dial: func(string) (rtnl.Client, error) {
			return nil, errors.New("netaddr: documentation tree: no kernel")
		},
	}
	return newRootCommand(g)
}

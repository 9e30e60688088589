// Command netaddr inspects and changes Linux network addresses over
// rtnetlink. See README.md and netaddr(8).
package main

import (
	"os"

	"github.com/netaddr/netaddr/internal/cli"
)

func main() { os.Exit(cli.Main()) }

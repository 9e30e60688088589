// Command netaddr-gen writes netaddr's generated, checked-in files — the
// man pages in man/ and the shell completions in completions/ — under the
// directory given (default "."). `make generate` runs it.
package main

import (
	"fmt"
	"os"

	"github.com/netaddr/netaddr/internal/gen"
)

func main() {
	dir := "."
	if len(os.Args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: netaddr-gen [DIR]")
		os.Exit(2)
	}
	if len(os.Args) == 2 {
		dir = os.Args[1]
	}
	if err := gen.Write(dir); err != nil {
		fmt.Fprintf(os.Stderr, "netaddr-gen: %v\n", err)
		os.Exit(1)
	}
}

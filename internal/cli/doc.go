// Package cli is netaddr's command line: the cobra command tree, the
// iproute2 keyword grammar, and the one place that turns errors into exit
// statuses. It talks to the kernel only through internal/rtnl and prints only
// through internal/render.
package cli

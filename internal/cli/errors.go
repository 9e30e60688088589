package cli

import (
	"errors"
	"fmt"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// Exit statuses, documented in README.md and in the help text.
const (
	ExitOK         = 0
	ExitFailure    = 1 // the kernel refused, or a device or address was not found
	ExitUsage      = 2 // bad input or usage; nothing was sent to the kernel
	ExitPermission = 4 // the kernel refused for lack of CAP_NET_ADMIN
)

// exitStatusHelp is appended to the root command's help.
const exitStatusHelp = `Exit status:
  0  success
  1  the operation failed: the kernel refused it (its message is shown),
     or a device or address was not found
  2  bad input or usage; nothing was sent to the kernel
  4  permission denied: changing addresses needs CAP_NET_ADMIN`

// usageError is bad input: a message naming the bad token. Nothing has been
// sent to the kernel when one is returned.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitStatus decides the exit status for err, in this one place.
func exitStatus(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	case rtnl.IsPermission(err):
		return ExitPermission
	default:
		return ExitFailure
	}
}

// permissionHint completes a permission error with what to do about it.
const permissionHint = "this command needs CAP_NET_ADMIN in the network namespace (run it as root, or in a namespace you own)"

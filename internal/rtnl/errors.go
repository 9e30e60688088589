package rtnl

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// ErrNotExist is wrapped by errors about a device or address that is not
// there, whether the kernel said so or netaddr found out before asking.
var ErrNotExist = errors.New("does not exist")

// ErrInconsistent is returned when a dump stayed interrupted (NLM_F_DUMP_INTR)
// on every retry, so its result cannot be trusted.
var ErrInconsistent = errors.New("dump interrupted by concurrent changes on every retry")

// Error is a failed rtnetlink operation: what was asked (Op, e.g. "dump
// links"; empty when the caller adds its own context), the errno or cause
// (Err), and the kernel's extended-ack text (Message) when it sent one.
type Error struct {
	Op      string
	Err     error
	Message string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Message != "" {
		// The kernel's own words, e.g. "ipv4: Address already assigned".
		b.WriteString(e.Message)
	} else {
		b.WriteString(errText(e.Err))
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// errText renders an errno the way people know it from strerror, lowercased
// to fit netaddr's messages; other errors are printed as they are.
func errText(err error) string {
	var errno unix.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		return strings.ToLower(s[:1]) + s[1:]
	}
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}

// wrap turns an error from the netlink layer into an *Error for op, keeping
// the kernel's extended-ack message and the bare errno.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	out := &Error{Op: op, Err: err}
	var oe *netlink.OpError
	if errors.As(err, &oe) {
		out.Message = oe.Message
		if oe.Err != nil {
			out.Err = oe.Err
		}
	}
	var errno unix.Errno
	if errors.As(out.Err, &errno) {
		out.Err = errno
	}
	return out
}

// notExist builds the error for something netaddr looked for and did not
// find, in the same shape as a kernel refusal.
func notExist(op, what string) error {
	return &Error{Op: op, Err: fmt.Errorf("%s %w", what, ErrNotExist)}
}

// IsNotExist reports whether err says a device or address does not exist.
func IsNotExist(err error) bool {
	return errors.Is(err, ErrNotExist) || errors.Is(err, unix.ENODEV) ||
		errors.Is(err, unix.EADDRNOTAVAIL) || errors.Is(err, unix.ENOENT)
}

// IsExist reports whether err says the address is already there.
func IsExist(err error) bool {
	return errors.Is(err, unix.EEXIST)
}

// IsPermission reports whether err is the kernel refusing for lack of
// CAP_NET_ADMIN. The capability check answers EPERM without an
// extended-ack message; an EPERM that comes with one is a refusal with a
// reason (e.g. "IPv6 is disabled on this device"), not a permission error.
func IsPermission(err error) bool {
	if !errors.Is(err, unix.EPERM) && !errors.Is(err, unix.EACCES) {
		return false
	}
	var e *Error
	return !errors.As(err, &e) || e.Message == ""
}

package rtnl

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/mdlayher/netlink"
)

// dump sends one dump request and decodes every reply with decode into a
// slice. Replies of other types are skipped, and so are replies decode
// fails on (each reported to c.warn). When the kernel marks the dump as
// interrupted (NLM_F_DUMP_INTR), the partial result is thrown away and the
// dump is repeated, up to maxDumpAttempts times.
func dump[T any](c *Conn, op string, typ netlink.HeaderType, body []byte,
	decode func(b []byte, v *T) (keep bool, err error)) ([]T, error) {
	for attempt := 0; attempt < maxDumpAttempts; attempt++ {
		c.requests.Add(1)
		sent, err := c.nl.Send(netlink.Message{
			Header: netlink.Header{Type: typ, Flags: netlink.Request | netlink.Dump},
			Data:   body,
		})
		if err != nil {
			return nil, wrap(op, err)
		}
		// RTM_GETX answers with RTM_NEWX.
		d := dumpDecoder[T]{reply: typ - 2, decode: decode}
		retry, err := receiveDump(c, sent.Header, op, &d)
		if err != nil {
			return nil, err
		}
		if retry {
			if c.trace != nil {
				c.trace(fmt.Sprintf("%s: interrupted by concurrent changes (NLM_F_DUMP_INTR), attempt %d of %d",
					op, attempt+1, maxDumpAttempts))
			}
			continue
		}
		out := d.finish()
		// Reported only for the dump that is kept: a retry would report
		// the same messages again.
		if c.warn != nil {
			for _, err := range d.failed {
				c.warn(&Error{Op: op, Err: err})
			}
		}
		return out, nil
	}
	return nil, &Error{Op: op, Err: ErrInconsistent}
}

// dumpDecoder turns the replies of one dump attempt into a []T, in one of
// two ways, whichever touches less memory (on the machines measured a fresh
// page costs as much as decoding a few dozen messages):
//
//   - keeping: the datagrams are kept as received and decoded at the end,
//     into a slice of the exact size. Right when a decoded entry is larger
//     than its message, as for addresses (an IPv4 address message is about
//     80 bytes, an Addr 168).
//   - streaming: each reply is decoded as it arrives, and the datagram's
//     room is used again for the next one. Right when the message is the
//     larger, as for links (about 1 KiB each, a Link under 300 bytes): a
//     dump of 2000 links then touches about 0.8 MB instead of 2.8.
//
// The choice is made at the first reply, by its size.
type dumpDecoder[T any] struct {
	reply  netlink.HeaderType
	decode func(b []byte, v *T) (keep bool, err error)
	// decided says the way is chosen; streaming says which.
	decided, streaming bool
	// interrupted says a message carried NLM_F_DUMP_INTR: nothing more is
	// decoded, since the attempt will be thrown away.
	interrupted bool
	// out holds the decoded entries (streaming only).
	out []T
	// datagrams holds the datagrams kept, and count the replies in them
	// (keeping only).
	datagrams [][]byte
	count     int
	// seen numbers the replies, for the warnings in failed.
	seen   int
	failed []error
}

// message sees one message of the datagram being walked.
func (d *dumpDecoder[T]) message(t netlink.HeaderType, flags netlink.HeaderFlags, data []byte) error {
	if flags&netlink.DumpInterrupted != 0 {
		d.interrupted = true
	}
	if t != d.reply || d.interrupted {
		return nil
	}
	if !d.decided {
		var zero T
		d.decided, d.streaming = true, nlmsgHeaderLen+len(data) > int(unsafe.Sizeof(zero))
	}
	if !d.streaming {
		d.count++
		return nil
	}
	if len(d.out) == cap(d.out) {
		// Each growth copies the whole slice into fresh pages, which cost
		// more than the copying: grow eightfold up to a few thousand
		// entries, then double (append grows a large slice by a quarter).
		// The pages of a slice made from fresh memory, as a command's few
		// dumps are, are touched only as entries are added: the room not
		// used costs address space, not memory.
		grow := 8
		if cap(d.out) >= 4096 {
			grow = 2
		}
		grown := make([]T, len(d.out), max(64, grow*cap(d.out)))
		copy(grown, d.out)
		d.out = grown
	}
	var zero T
	d.out = append(d.out, zero)
	if !d.decodeInto(data, &d.out[len(d.out)-1]) {
		d.out = d.out[:len(d.out)-1]
	}
	return nil
}

// datagram is told that the datagram b was walked, and says whether its
// bytes must stay valid: only if its replies are still to be decoded.
func (d *dumpDecoder[T]) datagram(b []byte) (keep bool) {
	if d.streaming || d.interrupted {
		return false
	}
	d.datagrams = append(d.datagrams, b)
	return true
}

// decodeInto decodes one reply into v and says whether it is kept.
func (d *dumpDecoder[T]) decodeInto(data []byte, v *T) bool {
	d.seen++
	keep, err := d.decode(data, v)
	if err != nil {
		d.failed = append(d.failed,
			fmt.Errorf("left out reply %d, which cannot be decoded: %w", d.seen, err))
		return false
	}
	return keep
}

// finish returns the entries of a dump that was not interrupted.
func (d *dumpDecoder[T]) finish() []T {
	if d.streaming {
		return d.out
	}
	out := make([]T, d.count)
	n := 0
	for _, b := range d.datagrams {
		for t, data := range messages(b) {
			if t != d.reply {
				continue
			}
			if d.decodeInto(data, &out[n]) {
				n++
			} else {
				var zero T
				out[n] = zero
			}
		}
	}
	return out[:n]
}

// receiveDump reads the replies to the dump request sent until
// NLMSG_DONE, and hands each message and then each datagram, checked by
// walkDatagram, to d. Once a message carries NLM_F_DUMP_INTR the rest is
// still read, since it must be drained before the socket can be used
// again, and retry says the dump has to be repeated. So does a reply too
// large for the receive buffer: the buffer has then been grown for the
// next attempt.
func receiveDump[T any](c *Conn, sent netlink.Header, op string, d *dumpDecoder[T]) (retry bool, err error) {
	if c.raw == nil {
		b, err := c.receiveDumpCopied(sent, op, d.message)
		if err != nil {
			return false, err
		}
		d.datagram(b)
		return d.interrupted, nil
	}
	for {
		b, size, err := c.raw.read()
		if errors.Is(err, errTruncated) {
			c.raw.grow(size)
			if err := c.raw.drain(sent); err != nil {
				return false, wrap(op, err)
			}
			return true, nil
		}
		if err != nil {
			return false, wrap(op, err)
		}
		done, err := walkDatagram(b, sent, op, d.message)
		if err != nil {
			return false, err
		}
		if !d.datagram(b) {
			c.raw.release(b)
		}
		if done {
			return d.interrupted, nil
		}
	}
}

// receiveDumpCopied is receiveDump's reading through mdlayher/netlink's
// own receive, for connections without a file descriptor (nltest's). The
// messages are put back into one datagram, for the same decoding.
func (c *Conn) receiveDumpCopied(sent netlink.Header, op string,
	fn func(t netlink.HeaderType, flags netlink.HeaderFlags, data []byte) error) ([]byte, error) {
	var datagram []byte
	for m, err := range c.nl.ReceiveIter() {
		if err != nil {
			return nil, wrap(op, err)
		}
		if err := netlink.Validate(netlink.Message{Header: sent}, []netlink.Message{m}); err != nil {
			return nil, wrap(op, err)
		}
		if err := fn(m.Header.Type, m.Header.Flags, m.Data); err != nil {
			return nil, err
		}
		datagram = appendMessage(datagram, m)
	}
	return datagram, nil
}

package rtnl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"syscall"
	"unsafe"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// This file reads dump replies straight from the socket into one buffer
// that lives as long as the Conn. mdlayher/netlink copies every datagram
// into a fresh buffer and every attribute into a fresh slice; on a host
// with tens of thousands of addresses those copies, and the page faults of
// the memory behind them, cost more than the kernel's own work.

const nlmsgHeaderLen = unix.SizeofNlMsghdr

var (
	errBadMessage   = errors.New("malformed netlink message")
	errBadAttribute = errors.New("malformed netlink attribute")
	errWrongReply   = errors.New("reply to another request (sequence or port mismatch)")
)

// attrIter walks netlink attributes in place: val aliases the message, and
// nothing is allocated. It accepts what mdlayher/netlink's
// AttributeDecoder accepts: a zero-length attribute has no value, and an
// attribute shorter than its header or longer than what is left is an
// error.
type attrIter struct {
	b   []byte
	typ uint16 // without NLA_F_NESTED and NLA_F_NET_BYTEORDER
	val []byte
	err error
}

func newAttrIter(b []byte) attrIter { return attrIter{b: b} }

func (a *attrIter) next() bool {
	if a.err != nil || len(a.b) == 0 {
		return false
	}
	if len(a.b) < unix.SizeofNlAttr {
		a.err = errBadAttribute
		return false
	}
	n := int(binary.NativeEndian.Uint16(a.b[0:2]))
	a.typ = binary.NativeEndian.Uint16(a.b[2:4]) &^ (unix.NLA_F_NESTED | unix.NLA_F_NET_BYTEORDER)
	switch {
	case n == 0:
		a.val = a.b[unix.SizeofNlAttr:unix.SizeofNlAttr]
		n = unix.SizeofNlAttr
	case n < unix.SizeofNlAttr || n > len(a.b):
		a.err = errBadAttribute
		return false
	default:
		a.val = a.b[unix.SizeofNlAttr:n:n]
	}
	n = align4(n)
	if n > len(a.b) {
		n = len(a.b)
	}
	a.b = a.b[n:]
	return true
}

func align4(n int) int { return (n + 3) &^ 3 }

// walkDatagram hands each message of one received datagram of sent's dump
// reply to fn, with its type, flags and payload (aliasing b). done says
// NLMSG_DONE came, whose flags fn also sees (the kernel may mark only it
// NLM_F_DUMP_INTR). An error in NLMSG_DONE or NLMSG_ERROR becomes an
// *Error for op, with the kernel's extended-ack message. A message that
// answers another request, or that is cut short, is an error: the
// socket's state is then unknown and the dump cannot be trusted.
func walkDatagram(b []byte, sent netlink.Header, op string,
	fn func(typ netlink.HeaderType, flags netlink.HeaderFlags, data []byte) error) (done bool, err error) {
	for len(b) > 0 {
		if len(b) < nlmsgHeaderLen {
			return false, &Error{Op: op, Err: errBadMessage}
		}
		n := int(binary.NativeEndian.Uint32(b[0:4]))
		if n < nlmsgHeaderLen || n > len(b) {
			return false, &Error{Op: op, Err: errBadMessage}
		}
		typ := netlink.HeaderType(binary.NativeEndian.Uint16(b[4:6]))
		flags := netlink.HeaderFlags(binary.NativeEndian.Uint16(b[6:8]))
		seq := binary.NativeEndian.Uint32(b[8:12])
		pid := binary.NativeEndian.Uint32(b[12:16])
		data := b[nlmsgHeaderLen:n:n]
		if next := align4(n); next < len(b) {
			b = b[next:]
		} else {
			b = nil
		}
		if seq != sent.Sequence || (pid != 0 && sent.PID != 0 && pid != sent.PID) {
			return false, &Error{Op: op, Err: errWrongReply}
		}
		switch typ {
		case netlink.Done:
			if err := fn(typ, flags, nil); err != nil {
				return true, err
			}
			return true, replyError(op, flags, data, false)
		case netlink.Error:
			if err := replyError(op, flags, data, true); err != nil {
				return false, err
			}
		case netlink.Noop, netlink.Overrun:
		default:
			if err := fn(typ, flags, data); err != nil {
				return false, err
			}
		}
	}
	return false, nil
}

// messages yields the type and payload of each message of a datagram that
// walkDatagram has accepted.
func messages(b []byte) iter.Seq2[netlink.HeaderType, []byte] {
	return func(yield func(netlink.HeaderType, []byte) bool) {
		for len(b) >= nlmsgHeaderLen {
			n := int(binary.NativeEndian.Uint32(b[0:4]))
			if n < nlmsgHeaderLen || n > len(b) {
				return
			}
			if !yield(netlink.HeaderType(binary.NativeEndian.Uint16(b[4:6])), b[nlmsgHeaderLen:n:n]) {
				return
			}
			b = b[min(align4(n), len(b)):]
		}
	}
}

// appendMessage appends m to b in the kernel's layout, padded to four
// bytes.
func appendMessage(b []byte, m netlink.Message) []byte {
	h := m.Header
	b = binary.NativeEndian.AppendUint32(b, uint32(nlmsgHeaderLen+len(m.Data)))
	b = binary.NativeEndian.AppendUint16(b, uint16(h.Type))
	b = binary.NativeEndian.AppendUint16(b, uint16(h.Flags))
	b = binary.NativeEndian.AppendUint32(b, h.Sequence)
	b = binary.NativeEndian.AppendUint32(b, h.PID)
	b = append(b, m.Data...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// replyError reads the errno of an NLMSG_ERROR or NLMSG_DONE payload and,
// if it is not zero, returns it with the extended-ack message. An
// NLMSG_ERROR echoes the request (only its header when NLM_F_CAPPED)
// between the errno and the attributes; NLMSG_DONE does not.
func replyError(op string, flags netlink.HeaderFlags, data []byte, echoes bool) error {
	if len(data) < 4 {
		if echoes {
			return &Error{Op: op, Err: errBadMessage}
		}
		return nil // a bare NLMSG_DONE
	}
	code := int32(binary.NativeEndian.Uint32(data[0:4]))
	if code == 0 {
		return nil
	}
	e := &Error{Op: op, Err: unix.Errno(-code)}
	if code > 0 {
		e.Err = fmt.Errorf("kernel error code %d", code)
	}
	rest := data[4:]
	if echoes {
		skip := nlmsgHeaderLen
		if flags&netlink.Capped == 0 && len(rest) >= 4 {
			skip = int(binary.NativeEndian.Uint32(rest[0:4]))
		}
		if align4(skip) > len(rest) {
			return e
		}
		rest = rest[align4(skip):]
	}
	if flags&netlink.AcknowledgeTLVs == 0 {
		return e
	}
	for a := newAttrIter(rest); a.next(); {
		if a.typ == unix.NLMSGERR_ATTR_MSG {
			e.Message = cString(a.val)
		}
	}
	return e
}

// rawReader receives datagrams without copies, on a socket whose file
// descriptor it can reach. Datagrams are received one after the other
// into large chunks, so that the payloads of a whole dump can stay valid
// until they are decoded, at the cost of one allocation per megabyte; a
// datagram that is done with is released, and its room used again.
type rawReader struct {
	rc syscall.RawConn
	// chunk is where the next datagram goes, at chunk[len(chunk):]; a new
	// chunk is started when less than max bytes are left.
	chunk []byte
	// max is the largest datagram expected: the receive buffer size, or
	// more once a larger one came (see grow).
	max int
}

// chunkSize is the size of the chunks datagrams are received into. The
// pages a chunk does not fill are never touched, so a short dump costs
// only what it uses.
const chunkSize = 1 << 20

// room returns space for one datagram of up to r.max bytes.
func (r *rawReader) room() []byte {
	if cap(r.chunk)-len(r.chunk) < r.max {
		r.chunk = make([]byte, 0, max(chunkSize, r.max))
	}
	return r.chunk[len(r.chunk) : len(r.chunk)+r.max]
}

// read receives one datagram and returns it; it stays valid until the
// reader is dropped. A datagram larger than r.max is reported as
// errTruncated with its size so that the caller can grow the reader and
// start over.
func (r *rawReader) read() ([]byte, int, error) {
	buf := r.room()
	var n int
	var errno syscall.Errno
	err := r.rc.Read(func(fd uintptr) bool {
		n, errno = recvfrom(fd, buf)
		return errno != unix.EAGAIN
	})
	if err != nil {
		return nil, 0, err
	}
	if errno != 0 {
		return nil, 0, errno
	}
	if n > len(buf) {
		return nil, n, errTruncated
	}
	r.chunk = r.chunk[:len(r.chunk)+align8(n)]
	return buf[:n:n], n, nil
}

// release gives back the room of b, the datagram read last, once nothing
// refers to it any more: the next datagram is received into the same
// bytes, which are still in the processor's caches.
func (r *rawReader) release(b []byte) {
	r.chunk = r.chunk[:len(r.chunk)-align8(len(b))]
}

// recvfrom receives one datagram without waiting and without asking for
// the sender's address (unix.Recvfrom would allocate one per call). n is
// the datagram's full size (MSG_TRUNC), which may exceed len(buf).
func recvfrom(fd uintptr, buf []byte) (n int, errno syscall.Errno) {
	for {
		r1, _, e := unix.Syscall6(unix.SYS_RECVFROM, fd,
			uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)),
			unix.MSG_TRUNC|unix.MSG_DONTWAIT, 0, 0)
		if e != unix.EINTR {
			return int(r1), e
		}
	}
}

func align8(n int) int { return (n + 7) &^ 7 }

var errTruncated = errors.New("datagram larger than the receive buffer")

// maxReceiveBuffer bounds how far grow raises the largest datagram
// expected.
const maxReceiveBuffer = 16 << 20

// grow makes room for datagrams of size bytes, doubling at least.
func (r *rawReader) grow(size int) {
	r.max = min(max(align8(size), 2*r.max), maxReceiveBuffer)
}

// drain reads and throws away what is left of sent's dump reply after a
// datagram that did not fit. The kernel queues the next part of a dump
// while the previous one is read, so nothing queued means the dump has
// ended, with NLMSG_DONE inside the datagram that was cut.
func (r *rawReader) drain(sent netlink.Header) error {
	fd, err := r.descriptor()
	if err != nil {
		return err
	}
	for {
		buf := r.room()
		n, errno := recvfrom(fd, buf)
		switch errno {
		case unix.EAGAIN:
			return nil
		case 0:
		default:
			return errno
		}
		done, _ := walkDatagram(buf[:min(n, len(buf))], sent, "",
			func(netlink.HeaderType, netlink.HeaderFlags, []byte) error { return nil })
		if done {
			return nil
		}
	}
}

// descriptor returns the socket's file descriptor.
func (r *rawReader) descriptor() (uintptr, error) {
	var fd uintptr
	err := r.rc.Control(func(f uintptr) { fd = f })
	return fd, err
}

// rawSendto sends b to the kernel (the socket's default destination) as a
// raw system call, which the Go scheduler does not see: see
// batch.sendOne for why. Only for requests rtnetlink handles at once.
func rawSendto(fd uintptr, b []byte) syscall.Errno {
	for {
		_, _, e := unix.RawSyscall6(unix.SYS_SENDTO, fd,
			uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), 0, 0, 0)
		if e != unix.EINTR {
			return e
		}
	}
}

// rawRecvfrom is recvfrom as a raw system call that never waits.
func rawRecvfrom(fd uintptr, buf []byte) (int, syscall.Errno) {
	for {
		r1, _, e := unix.RawSyscall6(unix.SYS_RECVFROM, fd,
			uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)),
			unix.MSG_TRUNC|unix.MSG_DONTWAIT, 0, 0)
		if e != unix.EINTR {
			return int(r1), e
		}
	}
}

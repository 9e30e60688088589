package rtnl

import (
	"context"
	"errors"
	"fmt"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// EventKind is what happened, as Monitor reports it.
type EventKind uint8

// The kinds of events.
const (
	EventNewAddr EventKind = iota + 1
	EventDelAddr
	EventNewLink
	EventDelLink
)

// Event is one change Monitor reports.
type Event struct {
	Kind EventKind
	Addr Addr // for address events
	Link Link // for link events
}

// ErrEventsLost is reported to the warn function (see SetWarn) when the
// monitor socket overflowed and the kernel dropped events.
var ErrEventsLost = errors.New("events were lost: the monitor socket overflowed")

// Monitor reports address and/or link changes as they happen, calling fn for
// each, until ctx ends (then it returns nil) or fn returns an error (returned).
// It subscribes a separate netlink socket (in the same network namespace as c)
// to RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR and/or RTNLGRP_LINK.
//
// A message that cannot be decoded is left out and reported to the warn
// function, as in dumps; so is an overflow of the socket (ErrEventsLost),
// after which monitoring goes on.
func (c *Conn) Monitor(ctx context.Context, addrs, links bool, fn func(Event) error) error {
	const op = "monitor"
	var groups uint32
	if addrs {
		groups |= unix.RTMGRP_IPV4_IFADDR | unix.RTMGRP_IPV6_IFADDR
	}
	if links {
		groups |= unix.RTMGRP_LINK
	}
	if groups == 0 {
		return &Error{Op: op, Err: errors.New("nothing to monitor")}
	}
	if c.dialMonitor == nil {
		return &Error{Op: op, Err: errors.New("this connection cannot open a monitor socket")}
	}
	nl, err := c.dialMonitor(groups)
	if err != nil {
		return wrap("open monitor socket", err)
	}
	// Events come in bursts (a flush deletes thousands of addresses).
	_ = nl.SetReadBuffer(batchReadBuffer)

	// Closing the socket is what ends a blocked read when ctx ends.
	stop := make(chan struct{})
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		select {
		case <-ctx.Done():
		case <-stop:
		}
		_ = nl.Close()
	}()
	defer func() { close(stop); <-closed }()

	for ctx.Err() == nil {
		msgs, err := nl.Receive()
		if err != nil {
			switch {
			case ctx.Err() != nil:
				return nil
			case errors.Is(err, unix.ENOBUFS):
				c.warnf(&Error{Op: op, Err: ErrEventsLost})
				continue
			}
			return wrap(op, err)
		}
		for _, m := range msgs {
			ev, ok := c.decodeEvent(m)
			if !ok {
				continue
			}
			if err := fn(ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// decodeEvent turns a notification into an Event; ok is false for a
// message of another kind or family, or one that cannot be decoded (which is
// reported to the warn function).
func (c *Conn) decodeEvent(m netlink.Message) (ev Event, ok bool) {
	var err error
	switch m.Header.Type {
	case unix.RTM_NEWADDR, unix.RTM_DELADDR:
		ev.Kind = EventNewAddr
		if m.Header.Type == unix.RTM_DELADDR {
			ev.Kind = EventDelAddr
		}
		if len(m.Data) > 0 && Family(m.Data[0]) != FamilyV4 && Family(m.Data[0]) != FamilyV6 {
			return ev, false
		}
		err = decodeAddr(m.Data, &ev.Addr)
	case unix.RTM_NEWLINK, unix.RTM_DELLINK:
		ev.Kind = EventNewLink
		if m.Header.Type == unix.RTM_DELLINK {
			ev.Kind = EventDelLink
		}
		err = decodeLink(m.Data, &ev.Link, true)
	default:
		return ev, false
	}
	if err != nil {
		c.warnf(&Error{Op: "monitor", Err: fmt.Errorf("left out a message that cannot be decoded: %w", err)})
		return ev, false
	}
	return ev, true
}

func (c *Conn) warnf(err error) {
	if c.warn != nil {
		c.warn(err)
	}
}

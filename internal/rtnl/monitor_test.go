package rtnl

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"golang.org/x/sys/unix"
)

func TestMonitorDecodesUntilContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	notes := []netlink.Message{
		{Header: netlink.Header{Type: unix.RTM_NEWADDR}, Data: v4addr(2, "192.0.2.1", 24)},
		{Header: netlink.Header{Type: unix.RTM_NEWADDR}, Data: []byte{unix.AF_INET}}, // undecodable
		{Header: netlink.Header{Type: unix.RTM_DELLINK}, Data: linkPayload(3, "v1", 0)},
		{Header: netlink.Header{Type: unix.RTM_DELADDR}, Data: v4addr(2, "192.0.2.1", 24)},
	}
	var groups uint32
	c := NewConn(nltest.Dial(func([]netlink.Message) ([]netlink.Message, error) { return nil, nil }), true)
	c.dialMonitor = func(g uint32) (*netlink.Conn, error) {
		groups = g
		return nltest.Dial(func(reqs []netlink.Message) ([]netlink.Message, error) {
			if len(notes) == 0 {
				cancel()
				return nil, io.EOF
			}
			m := notes[0]
			notes = notes[1:]
			return []netlink.Message{m}, nil
		}), nil
	}
	var warned []error
	c.SetWarn(func(err error) { warned = append(warned, err) })
	var got []Event
	err := c.Monitor(ctx, true, true, func(ev Event) error { got = append(got, ev); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if want := uint32(unix.RTMGRP_IPV4_IFADDR | unix.RTMGRP_IPV6_IFADDR | unix.RTMGRP_LINK); groups != want {
		t.Errorf("groups = %#x, want %#x", groups, want)
	}
	if len(got) != 3 || got[0].Kind != EventNewAddr || got[0].Addr.Local.String() != "192.0.2.1/24" ||
		got[1].Kind != EventDelLink || got[1].Link.Name != "v1" || got[2].Kind != EventDelAddr {
		t.Errorf("events = %+v", got)
	}
	if len(warned) != 1 {
		t.Errorf("warnings = %v, want one for the undecodable message", warned)
	}
}

func TestMonitorReturnsCallbackError(t *testing.T) {
	stop := errors.New("enough")
	c := NewConn(nltest.Dial(func([]netlink.Message) ([]netlink.Message, error) { return nil, nil }), true)
	c.dialMonitor = func(g uint32) (*netlink.Conn, error) {
		if g != unix.RTMGRP_LINK {
			t.Errorf("groups = %#x, want links only", g)
		}
		return nltest.Dial(func([]netlink.Message) ([]netlink.Message, error) {
			return []netlink.Message{{Header: netlink.Header{Type: unix.RTM_NEWLINK}, Data: linkPayload(1, "lo", 0)}}, nil
		}), nil
	}
	err := c.Monitor(context.Background(), false, true, func(Event) error { return stop })
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want the callback's", err)
	}
}

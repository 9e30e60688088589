#!/bin/sh
# The Python library's walkthrough, done with netaddr in a throwaway user+network
# namespace: nothing on the host is touched and no root is needed. Run it as
# `make demo`. The library's example addresses (2002:4bc:1::1, fe90::...) lie
# outside the documentation ranges, so the same steps use 2001:db8::/32 and
# 192.0.2.0/24.
set -eu
netaddr=${1:?usage: demo.sh PATH-TO-NETADDR}
if [ "${NETADDR_DEMO_INSIDE:-}" != 1 ]; then
	NETADDR_DEMO_INSIDE=1 exec unshare --user --map-root-user --net -- "$0" "$@"
fi

step() { printf '\n$ %s\n' "$*"; "$@"; }

# A stand-in for the walkthrough's wlan0: one end of a veth pair, up.
# No automatic fe80:: addresses: the demo shows only what it adds.
ip link add wlan0 type veth peer name wlan0-peer
echo 1 >/proc/sys/net/ipv6/conf/wlan0/addr_gen_mode
echo 1 >/proc/sys/net/ipv6/conf/wlan0-peer/addr_gen_mode
ip link set wlan0 up
ip link set wlan0-peer up

step "$netaddr" addr add 2001:db8:4bc:1::1/64 dev wlan0 valid_lft 60 preferred_lft 30 nodad
step "$netaddr" addr show dev wlan0
sleep 2
echo '# two seconds later the kernel has counted the lifetimes down:'
step "$netaddr" addr show dev wlan0
step "$netaddr" addr change 2001:db8:4bc:1::1/64 dev wlan0 valid_lft 2000 preferred_lft 300 nodad
step "$netaddr" addr show dev wlan0
step "$netaddr" addr add 192.0.2.84/24 dev wlan0 scope Link valid_lft 30 preferred_lft 30
step "$netaddr" addr del 2001:db8:4bc:1::1/64 dev wlan0
step "$netaddr" addr show dev wlan0
step "$netaddr" --json -p addr show dev wlan0
echo
echo '# and as iproute2 sees it:'
step ip addr show dev wlan0

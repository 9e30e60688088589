#!/bin/sh
# capture.sh records what iproute2 6.1 prints for a set of links and
# addresses, as the oracle for render's ip_oracle_test.go. Run it from this
# directory, as any user allowed to create user namespaces:
#
#	unshare -Urn sh capture.sh
#
# It must run in a throwaway network namespace: it creates devices.
# links.json is the input the test rebuilds rtnl.Link values from
# (`ip -d -j -s -s link show`, cut down with jq to the keys render knows);
# every other .json file is an expected output. (addr_6_ss.json holds the
# IPv6 counters of the kernel's AF_INET6 link dump; the test takes those
# numbers from it.) Counters settle within a
# few seconds; the capture is repeated until two rounds agree.
set -e
ip link set lo up
ip link add v0 type veth peer name v1
ip link add br0 type bridge
ip link set v1 master br0
ip link add vx0 type vxlan id 42 dstport 4789
ip tuntap add tun0 mode tun
ip link set v0 up mtu 1400 alias "my link"
ip link property add dev v0 altname v0-alt
ip link property add dev v0 altname v0-second
ip link set v1 up
ip link set br0 up
ip link add mv0 link v0 type macvlan
ip link add v4 type veth peer name v5
ip link set v4 up promisc on group 7
ip link set v5 allmulticast on
ip link set mv0 txqueuelen 0
ip link set vx0 mode dormant
# A veth whose peer lives in another namespace: link_index, link_netnsid.
unshare -n sleep 60 &
holder=$!
sleep 0.2
ip link add v2 type veth peer name v3
ip link set v3 netns "$holder"
ip addr add 192.0.2.1/24 brd + dev v0
ip addr add 192.0.2.2/24 dev v0 label v0:x
ip addr add 2001:db8::1/64 dev v0 nodad
ip addr add 198.51.100.1 peer 198.51.100.2/32 dev v4
ip addr add 203.0.113.5/24 dev br0 metric 7 noprefixroute

detail() {
	ip -d -j -s -s link show | jq '
	  map(with_entries(select(.key | IN("ifindex", "link", "link_index",
	    "ifname", "flags", "mtu", "qdisc", "master", "operstate",
	    "operstate_index", "linkmode", "linkmode_index", "group", "txqlen",
	    "link_type", "address", "link_pointtopoint", "broadcast",
	    "permaddr", "link_netnsid", "proto_down", "min_mtu", "max_mtu",
	    "linkinfo", "ifalias", "stats64", "stats", "altnames")))
	  | if .linkinfo then .linkinfo |= {info_kind, info_slave_kind}
	      | .linkinfo |= with_entries(select(.value != null))
	    else . end)'
}

sleep 4
for round in 1 2 3 4 5; do
	detail >links.json
	ip -j link show >link.json
	ip -j -p link show >link_pretty.json
	ip -j -s link show >link_s.json
	ip -j -s -s link show >link_ss.json
	ip -j -p -s -s link show >link_ss_pretty.json
	ip -j link show dev v4 >link_dev_v4.json
	ip -j addr show >addr.json
	ip -j -p addr show >addr_pretty.json
	ip -j -s addr show >addr_s.json
	ip -j -4 addr show >addr_4.json
	ip -j -6 -s -s addr show >addr_6_ss.json
	ip -j addr show dev v0 >addr_dev_v0.json
	ip -j -6 addr show dev v0 >addr_6_dev_v0.json
	if [ "$(detail)" = "$(cat links.json)" ] &&
	   [ "$(ip -j -s addr show)" = "$(cat addr_s.json)" ]; then
		kill "$holder"
		exit 0
	fi
	sleep 2
done
kill "$holder"
echo "counters did not settle" >&2
exit 1

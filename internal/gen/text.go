package gen

// Text we write for the man pages, in the style of the commands' Long
// help: paragraphs separated by blank lines, indented lines kept as they
// are. The rest of each page comes from the cobra tree.

const keywordsText = `DEV is a device name or an ifindex. A number names an index unless a device
with that name exists. Names are looked up over the netlink socket, never
through the C library, so they hold inside any network namespace.

PREFIX is ADDRESS[/LEN]; without /LEN it is /32 or /128, also for addr del,
which must match the assigned prefix length.

The words of addr add, change and replace:
  scope S          global, site, link, host, nowhere, the Python library's
                   Universe, Site, Link, Host, Nowhere (any case), or 0-255.
                   Without one, IPv4 gets global (host for 127.0.0.0/8). The
                   kernel gives an IPv6 address the scope of its type, so for
                   IPv6 only that scope is accepted.
  peer P           the remote end of a point-to-point address; the prefix
                   length goes on the peer (192.0.2.1 peer 192.0.2.2/30)
  broadcast B|+|-  an IPv4 broadcast address, or + / - to set / clear the
                   host bits of PREFIX (for /30 and shorter); also brd
  label L          IPv4 only, at most 15 bytes
  valid_lft T      the valid lifetime: seconds (60, or 60sec as ip prints
                   them), a duration (90s, 1h30m) or forever; above 0
  preferred_lft T  the preferred lifetime, the same way; at most the valid
                   one. With only valid_lft the preferred lifetime equals
                   it; with only preferred_lft the valid one is forever
                   (IPv6 only)
  metric N         the metric of the prefix route (also priority)
  FLAG             home (HomeAddress), mngtmpaddr (ManageTempAddr), nodad
                   (NoDAD), optimistic - these four IPv6 only -,
                   noprefixroute (NoPrefixRoute), autojoin (multicast
                   addresses only); any case. nodad and optimistic exclude
                   each other.

anycast is refused: the kernel ignores it in address requests.

change and an in-place replace follow the kernel: lifetimes not given become
forever, and an IPv6 address's flags become those given. For IPv4 the kernel
changes only lifetimes and metric and keeps scope, label, broadcast and
flags; asking for other values of those fails (exit 1) and sends nothing.

The selection words of addr show, flush and save:
  dev DEV          one device (the word dev may be left out)
  up               devices that are up
  type KIND        devices of one kind (veth, bridge, vxlan, ...)
  scope S|all      addresses of scope S
  label GLOB       addresses whose label matches the shell pattern GLOB (an
                   address without a label is matched by its device's name)
  to PREFIX        addresses inside PREFIX, and only of its family
  FLAG, -FLAG      addresses with, or without, a flag: permanent, dynamic,
                   primary, secondary, temporary, tentative, deprecated,
                   dadfailed, nodad, optimistic, home, mngtmpaddr,
                   noprefixroute, autojoin, stable-privacy

Contradictions (permanent dynamic) and repeated words are refused (exit 2).
A word that is also a device's name means the filter: name such a device as
dev NAME. iproute2's abbreviations work: netaddr a, addr s, addr d, addr ls,
link ls.`

const netnsText = `-n NAME (also --netns, and iproute2's -netns) works in the network namespace
/run/netns/NAME, as "ip -n NAME" does; -n PATH in the one of any namespace
file, such as /proc/PID/ns/net (a PATH starts with / or .). The netlink
socket is opened in that namespace (netaddr never switches its own), names
are resolved through it, and driver counters are read through it too.

A name that cannot be one (empty, ".", "..", with a "/", over 255 bytes) is
refused before anything is opened (exit 2); a namespace that does not
exist, or a file that is not a network namespace, is exit 1. Entering
another namespace needs CAP_SYS_ADMIN over it.`

const walkthroughText = `The Python library's walkthrough, as netaddr commands (make demo runs it on
a veth named wlan0 in a throwaway namespace):

  netaddr addr add 2001:db8:4bc:1::1/64 dev wlan0 \
          valid_lft 60 preferred_lft 30
  netaddr addr show dev wlan0       # the lifetimes count down
  netaddr addr change 2001:db8:4bc:1::1/64 dev wlan0 \
          valid_lft 2000 preferred_lft 300
  netaddr addr add 192.0.2.84/24 dev wlan0 scope Link \
          valid_lft 30 preferred_lft 30
  netaddr addr del 2001:db8:4bc:1::1/64 dev wlan0`

const exitStatusText = `  0  success
  1  the operation failed: the kernel refused it (its own message is shown,
     e.g. "ipv4: Address already assigned"), or a device or address was not
     found
  2  bad input or usage: a one-line message names the bad token; nothing
     was sent to the kernel (with --batch --force: only bad lines failed,
     they were skipped and every other line was applied)
  4  permission denied: changing addresses needs CAP_NET_ADMIN

Errors are printed once, on standard error, as "netaddr: WHAT: WHY".`

// pageText is what a page gets beyond what the cobra tree gives: more
// sections after DESCRIPTION and COMMANDS, and its EXAMPLES.
type pageText struct {
	sections [][2]string // title, text
	examples string
}

var pages = map[string]pageText{
	"netaddr": {
		sections: [][2]string{
			{"KEYWORDS", keywordsText},
			{"NETWORK NAMESPACES", netnsText},
		},
		examples: walkthroughText + `

Every IPv4 address of v0 as JSON, as "ip -j -4 addr show dev v0" prints it:

  netaddr -j -4 addr show dev v0

The same in the network namespace /run/netns/blue:

  netaddr -n blue -j -4 addr show dev v0

Save the global addresses of v0, flush them, and put them back, all or
nothing:

  netaddr addr save dev v0 scope global >v0.batch
  netaddr addr flush dev v0 scope global
  netaddr --batch v0.batch --atomic`,
	},
	"addr": {
		sections: [][2]string{{"KEYWORDS", keywordsText}},
		examples: walkthroughText + `

Add a point-to-point address with a label, then replace its lifetimes:

  netaddr addr add 192.0.2.1 peer 192.0.2.2/30 dev v0 label v0:p2p
  netaddr addr replace 192.0.2.1 peer 192.0.2.2/30 dev v0 valid_lft 1h

Show the IPv6 addresses still tentative, and delete all but the permanent
ones of v0:

  netaddr -6 addr show tentative
  netaddr addr flush dev v0 -permanent`,
	},
	"completion": {
		sections: [][2]string{{"FILES", `Where make install and the Debian package put the scripts (PREFIX is
/usr/local for make install, /usr for the package):
  PREFIX/share/bash-completion/completions/netaddr
  PREFIX/share/zsh/vendor-completions/_netaddr
  PREFIX/share/fish/vendor_completions.d/netaddr.fish`}},
	},
	"link": {
		examples: `The devices that are up, with their counters and detailed errors:

  netaddr -s -s link show up

The ifindex of wlan0, and back:

  netaddr link index wlan0
  netaddr link name 3`,
	},
	"stats": {
		examples: `The counters of v0, with the driver's own (what "ethtool -S v0" shows):

  netaddr stats dev v0 --driver

All veth devices' counters as JSON, for jq:

  netaddr -j stats type veth | jq '.[] | {ifname, rx: .stats64.rx.bytes}'`,
	},
	"monitor": {
		examples: `Watch address changes, one JSON object per line:

  netaddr -j monitor addr

Watch the IPv6 addresses in the network namespace /run/netns/blue:

  netaddr -n blue -6 monitor addr`,
	},
}

var seeAlsoExternal = []string{"ip(8)", "ip-address(8)", "ip-link(8)", "ip-monitor(8)", "ip-netns(8)", "ethtool(8)"}

// flagPlaceholders names the value of a flag whose usage text does not.
var flagPlaceholders = map[string]string{"color": "WHEN"}

// Package testscripts holds netaddr's end-to-end scripts: the *.txtar files
// in this directory, run by [testscript] with the test binary serving as the
// netaddr command (so `exec netaddr ...` and `ns netaddr ...` run the code
// under test, with coverage when asked for).
//
// Every script runs in its own fresh, unprivileged user+network namespace.
// Before the script starts, the harness starts a holder process,
//
//	unshare --user --map-root-user --net --mount -- sleep infinity
//
// waits until it has entered its namespaces, exports its PID as $NSPID and
// kills it when the script ends, which destroys the namespace and every link
// the script created in it. Nothing a script does through `ns` can reach the
// host's network. Scripts use only the documentation ranges 192.0.2.0/24,
// 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32.
//
// Besides testscript's own commands (exec, stdout, cmp, cp, ...), scripts
// have three more:
//
//	ns PROG [ARGS...]
//
// runs PROG inside the script's namespaces, as
// `nsenter --target $NSPID --user --net --mount --preserve-credentials -- PROG ARGS...`
// (--preserve-credentials because nsenter's default setgroups(2) is refused
// in a namespace whose setgroups is "deny", as --map-root-user sets it; the
// command still runs as uid 0 of the namespace with all its capabilities
// there). It behaves like exec: stdout and stderr are kept for the
// stdout/stderr/cmp commands, `ns` fails the script if PROG fails, and
// `! ns` fails it if PROG succeeds. It also records PROG's exit status for
// `status`. Regardless of `!`, ns fails the script if nsenter itself
// reports an error (a line starting with "nsenter: " on stderr: the program
// did not run, its status means nothing), if PROG is killed by a signal, or
// if PROG is a Go program that crashed (a panic also exits with status 2,
// netaddr's usage status). Background execution (&) is not supported. To run
// a command without capabilities (netaddr's permission status 4), drop them
// inside: `ns setpriv --inh-caps=-all --bounding-set=-all netaddr ...`.
//
//	status N
//
// asserts that the last `ns` command exited with status N exactly (netaddr
// documents 0, 1, 2 and 4); `! status N` asserts it exited with another.
//
//	cmpjson [-keys K1,K2,...] [-slack KEY=N]... FILE1 FILE2
//
// compares two JSON documents structurally: object key order does not
// matter, array order does, numbers compare by value. FILE may be "stdout"
// or "stderr" (the last command's output) or a path relative to the current
// directory; `cp stdout name.json` keeps an output for later. The files
// normally hold what `ip -j addr show` or `netaddr --json addr show` prints:
// an array of link objects. With -keys only the named keys of each link
// object (each element of the top-level array, or the top-level object
// itself) are compared; a named key missing on one side is a difference,
// and a named key that no link object in either file has is an error (a
// typo would otherwise compare nothing and pass).
// -slack KEY=N (repeatable) lets numbers directly under KEY, at any depth,
// differ by up to N, for lifetimes that tick between two commands
// (-slack valid_life_time=2 -slack preferred_life_time=2). On a difference
// cmpjson fails and prints each differing path in jq syntax with both
// values (array elements that are different links or addresses, by ifname
// or local, are shown whole rather than member by member); `! cmpjson`
// fails if the documents are equal. A file that is not JSON, or bad
// options, fail the script with or without `!`.
//
// The condition [tun] is true when the user running the suite can open
// /dev/net/tun (`ip tuntap add` needs it; some machines make it root's
// only, so the unprivileged run cannot make a tun there).
//
//	envfile VAR FILE
//
// sets VAR to FILE's contents without surrounding white space, so that a
// value read from one command's output (an ifindex, say) can be given to
// the next.
//
// Running: `go test ./testscripts` as root or as any user allowed to create
// user namespaces. Without unshare/nsenter or unprivileged user namespaces
// the suite skips with the reason, or fails when CI=true. The scripts are
// read from the directory named by $NETADDR_SCRIPTS, or from the current
// directory when it is unset (go test runs in this directory); to run a
// compiled suite as an ordinary user:
//
//	go test -c -o /tmp/testscripts.test ./testscripts
//	cd /tmp && setpriv --reuid=65534 --regid=65534 --clear-groups \
//		env NETADDR_SCRIPTS=/work/main/testscripts /tmp/testscripts.test -test.v
//
// (the directory must be readable by that user; `make scripts-unprivileged`
// copies the scripts next to the binary instead).
package testscripts

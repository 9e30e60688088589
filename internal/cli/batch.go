package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/netaddr/netaddr/internal/rtnl"
)

// batchOptions are the inputs of `netaddr --batch FILE`.
type batchOptions struct {
	File   string // "-" is standard input
	Force  bool   // go on past failed lines
	Atomic bool   // all or nothing: undo the applied lines if one fails
}

const batchHelp = `Batch files (-b/--batch FILE, "-" for standard input) hold one command per
line in the grammar of "ip -batch" files: addr add, change, replace and del
commands with the same words as on the command line ("address add ...",
"a d ..."); # starts a comment, a \ at the end of a line continues the
command on the next line, and '...' or "..." quote a word. Every line is
checked and every device looked up before anything is sent; a bad line is
reported as FILE:LINE and, without --force, nothing is sent (exit 2). A
line naming a device that does not exist fails in its turn, like a kernel
refusal (with --atomic, before anything is sent).
  (default)  the first line that fails stops the batch; the lines before it
             stay applied and none after it is sent (exit 1), as with
             ip -batch: each line waits for the kernel's answer
  --force    go on past failed lines, bad ones included (lines are sent
             pipelined, many in flight); each failure is reported, then how
             many lines failed (exit 1 if the kernel refused a line or a
             device was missing, 2 if only lines were bad)
  --atomic   all or nothing: if a line fails, the lines already applied are
             undone (added addresses deleted, deleted or changed ones restored
             with their flags, scope, label, broadcast, peer, metric and
             remaining lifetimes) before the failure is reported (exit 1)
Nothing is printed on success.`

// batchLine is one command of a batch, parsed, and what became of it.
type batchLine struct {
	line int
	req  *addrRequest // nil if the line could not be parsed
	// err is why the line was not sent (parse error, missing device) or
	// the result of sending it.
	err error
	// bad says err is a parse error (the line itself is wrong).
	bad  bool
	sent bool // the line was passed to Apply; err is its result
}

// where prefixes a message with the line it is about: "FILE:LINE: ...".
func (b *batchRun) where(l *batchLine) string {
	return fmt.Sprintf("%s:%d", b.name, l.line)
}

// describe is a failed line's message, "FILE:LINE: add 192.0.2.1/24 dev
// v0: reason", or "FILE:LINE: reason" for a line that could not be parsed.
func (b *batchRun) describe(l *batchLine) string {
	if l.req == nil {
		return fmt.Sprintf("%s: %v", b.where(l), l.err)
	}
	return fmt.Sprintf("%s: %s %s: %v", b.where(l), l.req.verb, l.req, l.err)
}

// batchError is how a batch fails: msg is what Main prints, cause decides
// the exit status (a *usageError, a kernel error, ...).
type batchError struct {
	msg   string
	cause error
}

func (e *batchError) Error() string { return e.msg }
func (e *batchError) Unwrap() error { return e.cause }

// batchRun is one run of a batch file.
type batchRun struct {
	g     *globalOptions
	opts  batchOptions
	name  string // the file as messages name it
	lines []batchLine
}

// runBatch runs a batch file. A Ctrl-C (SIGINT or SIGTERM) while it runs
// stops sending; what was applied and what was not is then reported (and
// with --atomic, undone).
func runBatch(ctx context.Context, g *globalOptions, opts batchOptions) error {
	if opts.Atomic && opts.Force {
		return usagef("--atomic and --force exclude each other: an atomic batch undoes every line when one fails, --force goes on past failures")
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	b := &batchRun{g: g, opts: opts, name: opts.File}
	var in io.Reader = g.IO.In
	if opts.File == "-" {
		b.name = "stdin"
	} else {
		f, err := os.Open(opts.File)
		if err != nil {
			return usagef("cannot read the batch file: %v", err)
		}
		defer f.Close()
		in = f
	}
	if err := b.parse(in); err != nil {
		return err
	}
	if len(b.lines) == 0 {
		return nil
	}
	c, err := g.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	return b.run(ctx, c)
}

// parse reads and parses every line. Without --force the first bad line
// is the batch's error; with it, bad lines are kept to be reported.
func (b *batchRun) parse(in io.Reader) error {
	cmds, err := lexBatch(in)
	if err != nil {
		return usagef("cannot read the batch file %s: %v", b.name, err)
	}
	family, err := b.g.family()
	if err != nil {
		return err
	}
	b.lines = make([]batchLine, len(cmds))
	for i, cmd := range cmds {
		l := &b.lines[i]
		l.line = cmd.line
		if l.err = cmd.err; l.err == nil {
			l.req, l.err = parseBatchCommand(cmd.args, family)
		}
		if l.err != nil {
			l.bad = true
			if !b.opts.Force {
				return &batchError{msg: b.describe(l), cause: &usageError{msg: l.err.Error()}}
			}
		}
	}
	return nil
}

// parseBatchCommand parses the words of one batch line: "addr VERB ARGS",
// with the object and the verb abbreviated as iproute2 allows ("a",
// "addr", "address"; "a" for add, "c" or "chg" for change, "r" for
// replace, "d" or "del" for delete).
func parseBatchCommand(args []string, family rtnl.Family) (*addrRequest, error) {
	if !isAbbrev(args[0], "address", 1) {
		return nil, usagef("%q: a batch line is an addr add, change, replace or del command", args[0])
	}
	if len(args) == 1 {
		return nil, usagef("%q needs a command: add, change, replace or del", args[0])
	}
	var verb string
	switch w := args[1]; {
	case isAbbrev(w, "add", 1):
		verb = "add"
	case isAbbrev(w, "change", 1) || w == "chg":
		verb = "change"
	case isAbbrev(w, "replace", 1):
		verb = "replace"
	case isAbbrev(w, "delete", 1):
		verb = "del"
	default:
		return nil, usagef("%q: a batch line is an addr add, change, replace or del command", w)
	}
	return parseAddrRequest(verb, args[2:], family)
}

// isAbbrev reports whether w is word or an abbreviation of it at least
// min bytes long, as iproute2's matches() takes them.
func isAbbrev(w, word string, min int) bool {
	return len(w) >= min && strings.HasPrefix(word, w)
}

// run resolves the devices and sends the lines.
func (b *batchRun) run(ctx context.Context, c rtnl.Client) error {
	// Resolve each DEV once. A device that is missing fails its lines
	// (without --force: it stops the batch before them).
	links := map[string]rtnl.Link{}
	missing := map[string]error{}
	var send []int // indexes into b.lines of the lines to send
	for i := range b.lines {
		l := &b.lines[i]
		if l.bad {
			continue
		}
		dev := l.req.dev
		if err, ok := missing[dev]; ok {
			l.err = err
		} else if link, ok := links[dev]; ok {
			l.req.addr.Index = link.Index
		} else {
			link, err := resolveDev(c, dev)
			switch {
			case err == nil:
				links[dev] = link
				l.req.addr.Index = link.Index
			case rtnl.IsNotExist(err):
				missing[dev] = err
				l.err = err
			default:
				return err
			}
		}
		if l.err != nil {
			if b.opts.Atomic {
				return &batchError{msg: b.describe(l) + "; nothing was sent", cause: l.err}
			}
			if !b.opts.Force {
				break // the lines before it are sent, then it stops the batch
			}
			continue
		}
		send = append(send, i)
	}

	var snap *snapshot
	if b.opts.Atomic {
		var err error
		if snap, err = takeSnapshot(c, b.lines); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return &batchError{msg: "interrupted before anything was sent", cause: ctx.Err()}
	}
	reqs := make([]rtnl.Request, len(send))
	for k, i := range send {
		reqs[k] = b.lines[i].req.request()
	}
	opts := rtnl.ApplyOptions{StopOnError: !b.opts.Force}
	if !b.opts.Force && !b.opts.Atomic {
		// A pipelined batch cannot stop exactly: lines sent after a
		// failing one would be applied. One line in flight stops where
		// it fails, as ip -batch does; --force and --atomic pipeline,
		// since they try every line or undo every line anyway.
		opts.Window = 1
	}
	results := c.Apply(ctx, reqs, opts)
	for k, i := range send {
		l := &b.lines[i]
		l.sent = true
		if k < len(results) {
			l.err = results[k]
		} else {
			l.err = fmt.Errorf("no result (%w)", rtnl.ErrUnknown)
		}
	}
	switch {
	case b.opts.Atomic:
		return b.finishAtomic(c, snap, ctx.Err() != nil)
	case b.opts.Force:
		return b.finishForce(ctx.Err() != nil)
	}
	return b.finishStop(ctx.Err() != nil)
}

// request is the rtnl request for a parsed add, change, replace or del.
func (r *addrRequest) request() rtnl.Request {
	op := rtnl.OpAdd
	switch r.verb {
	case "change":
		op = rtnl.OpChange
	case "replace":
		op = rtnl.OpReplace
	case "del":
		op = rtnl.OpDel
	}
	return rtnl.Request{Op: op, Addr: r.addr, Given: r.given}
}

// tally counts what became of the lines.
type tally struct {
	applied, notSent int
	failed           []*batchLine // in line order
}

func (b *batchRun) tally() tally {
	var t tally
	for i := range b.lines {
		l := &b.lines[i]
		switch {
		case l.sent && l.err == nil:
			t.applied++
		case l.sent && l.err == rtnl.ErrNotSent: // a wrapped one says why: a failure
			t.notSent++
		case l.err != nil:
			t.failed = append(t.failed, l)
		default:
			t.notSent++ // never passed to Apply: after a stop
		}
	}
	return t
}

// finishStop reports a batch without --force or --atomic: the first
// failed line, and how many were applied and not run.
func (b *batchRun) finishStop(interrupted bool) error {
	t := b.tally()
	if len(t.failed) == 0 && t.notSent == 0 {
		return nil
	}
	if len(t.failed) == 0 {
		msg := fmt.Sprintf("%d of %d lines applied, %d not sent", t.applied, len(b.lines), t.notSent)
		if interrupted {
			return &batchError{msg: "interrupted: " + msg, cause: context.Canceled}
		}
		return &batchError{msg: msg, cause: rtnl.ErrNotSent}
	}
	// With one line in flight the first failure is the only one.
	first := t.failed[0]
	msg := fmt.Sprintf("%s; batch stopped: %s applied, %d not run", b.describe(first), lines(t.applied), t.notSent)
	if interrupted {
		msg += " (interrupted)"
	}
	return &batchError{msg: msg, cause: first.err}
}

// finishForce reports a batch run with --force: every failed line, then
// the count. The exit status is that of the first line the kernel refused
// (or whose device was missing), else that of bad input.
func (b *batchRun) finishForce(interrupted bool) error {
	t := b.tally()
	if len(t.failed) == 0 && t.notSent == 0 {
		return nil
	}
	var cause error
	for _, l := range t.failed {
		fmt.Fprintf(b.g.IO.Err, "netaddr: %s\n", b.describe(l))
		if cause == nil && !l.bad {
			cause = l.err
		}
	}
	msg := fmt.Sprintf("%d of %d lines failed", len(t.failed), len(b.lines))
	if t.notSent > 0 {
		msg += fmt.Sprintf(", %d applied, %d not sent", t.applied, t.notSent)
		if interrupted {
			msg = "interrupted: " + msg
		}
		if cause == nil {
			// Something was sent: not the status of bad input.
			cause = rtnl.ErrNotSent
		}
	}
	if cause == nil {
		cause = &usageError{msg: msg}
	}
	return &batchError{msg: msg, cause: cause}
}

// lines is "1 line", "2 lines".
func lines(n int) string {
	if n == 1 {
		return "1 line"
	}
	return fmt.Sprintf("%d lines", n)
}

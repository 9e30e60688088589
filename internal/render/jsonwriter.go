package render

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// flushAt is how much output jsonWriter collects before handing it to the
// underlying writer: large enough that a big dump costs few writes, small
// enough that memory stays flat however many addresses there are.
const flushAt = 32 << 10

// jsonWriter streams JSON into a byte buffer with iproute2's json_writer
// layout, so that compact output matches `ip -j` and pretty output matches
// `ip -j -p` byte for byte: in pretty mode every object member goes on its
// own line indented by four spaces per level, arrays open with "[ " and
// close with " ]", and array elements are separated by a bare comma.
//
// sep records whether the next element needs a comma before it, exactly
// like json_writer's sep field. The first write error is kept in err and
// turns every later call into a no-op.
type jsonWriter struct {
	w      io.Writer
	buf    []byte
	depth  int
	sep    bool
	pretty bool
	err    error
}

func newJSONWriter(w io.Writer, pretty bool) *jsonWriter {
	// Room for flushAt and the element that crosses it, so that a large
	// dump never grows the buffer (an element is a link, with its
	// counters, or an address: a few KiB at most).
	return &jsonWriter{w: w, buf: make([]byte, 0, flushAt+8<<10), pretty: pretty}
}

// eor writes the comma that separates this element from the previous one.
func (j *jsonWriter) eor() {
	if j.sep {
		j.buf = append(j.buf, ',')
	}
	j.sep = true
}

// eol starts a new, indented line in pretty mode.
func (j *jsonWriter) eol() {
	if !j.pretty {
		return
	}
	j.buf = append(j.buf, '\n')
	for range j.depth {
		j.buf = append(j.buf, "    "...)
	}
}

func (j *jsonWriter) begin(c byte) {
	j.eor()
	j.buf = append(j.buf, c)
	j.depth++
	j.sep = false
}

func (j *jsonWriter) end(c byte) {
	j.depth--
	if j.sep {
		j.eol()
	}
	j.buf = append(j.buf, c)
	j.sep = true
}

func (j *jsonWriter) beginObject() { j.begin('{') }
func (j *jsonWriter) endObject()   { j.end('}') }

func (j *jsonWriter) beginArray() {
	j.begin('[')
	if j.pretty {
		j.buf = append(j.buf, ' ')
	}
}

func (j *jsonWriter) endArray() {
	if j.pretty && j.sep {
		j.buf = append(j.buf, ' ')
	}
	j.sep = false
	j.end(']')
}

// key writes an object member's name; the value must follow. Names are
// this package's own literals, which need no escaping; skipping the escaper
// for them saves a third of the time of a large dump.
func (j *jsonWriter) key(k string) {
	j.eor()
	j.eol()
	j.sep = false
	j.buf = append(j.buf, '"')
	j.buf = append(j.buf, k...)
	j.buf = append(j.buf, '"')
	j.buf = append(j.buf, ':')
	if j.pretty {
		j.buf = append(j.buf, ' ')
	}
}

// keyString writes an object member's name that comes from outside, such
// as a driver's counter name, escaped like any string.
func (j *jsonWriter) keyString(k string) {
	j.eor()
	j.eol()
	j.sep = false
	j.buf = appendJSONString(j.buf, k)
	j.buf = append(j.buf, ':')
	if j.pretty {
		j.buf = append(j.buf, ' ')
	}
}

func (j *jsonWriter) str(s string) {
	j.eor()
	j.buf = appendJSONString(j.buf, s)
}

// lit writes s, one of this package's own words (a flag, a state, a
// family, a scope, a device type: none needs escaping, as tests check), as
// a JSON string without running the escaper over it.
func (j *jsonWriter) lit(s string) {
	j.eor()
	j.buf = append(j.buf, '"')
	j.buf = append(j.buf, s...)
	j.buf = append(j.buf, '"')
}

// rawStr writes b, which the caller guarantees needs no escaping (an IP
// address or a number in text), as a JSON string.
func (j *jsonWriter) rawStr(b []byte) {
	j.eor()
	j.buf = append(j.buf, '"')
	j.buf = append(j.buf, b...)
	j.buf = append(j.buf, '"')
}

func (j *jsonWriter) uint(v uint64) {
	j.eor()
	j.buf = strconv.AppendUint(j.buf, v, 10)
}

func (j *jsonWriter) int(v int64) {
	j.eor()
	j.buf = strconv.AppendInt(j.buf, v, 10)
}

func (j *jsonWriter) null() {
	j.eor()
	j.buf = append(j.buf, "null"...)
}

func (j *jsonWriter) bool(v bool) {
	j.eor()
	j.buf = strconv.AppendBool(j.buf, v)
}

// maybeFlush hands the buffer over once it is large; call it between
// elements, where nothing is lost if a later write fails.
func (j *jsonWriter) maybeFlush() {
	if len(j.buf) >= flushAt {
		j.flush()
	}
}

func (j *jsonWriter) flush() {
	if j.err != nil {
		j.buf = j.buf[:0]
		return
	}
	if len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
}

// finish ends the document with the newline iproute2 prints after it and
// writes everything still buffered.
func (j *jsonWriter) finish() error {
	j.buf = append(j.buf, '\n')
	j.flush()
	return j.err
}

// appendJSONString appends s as a JSON string (RFC 8259). iproute2 writes
// labels and names byte for byte, which yields invalid JSON for control
// characters and invalid UTF-8; here control characters are escaped (with
// the short forms iproute2 uses where JSON has them) and each byte that is
// not part of valid UTF-8 becomes U+FFFD, as encoding/json does, so the
// output always parses.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0 // s[start:i] is pending and needs no escaping
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, `\b`...)
		case '\f':
			dst = append(dst, `\f`...)
		case '\n':
			dst = append(dst, `\n`...)
		case '\r':
			dst = append(dst, `\r`...)
		case '\t':
			dst = append(dst, `\t`...)
		default:
			if c >= utf8.RuneSelf {
				dst = append(dst, `\ufffd`...)
			} else {
				const hex = "0123456789abcdef"
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

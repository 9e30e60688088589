package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// batchCommand is one command of a batch file: the line it starts on
// (counting from 1), its words, and the error that kept it from being split
// into words, if any.
type batchCommand struct {
	line int
	args []string
	err  error
}

// lexBatch splits a batch file into commands by the rules of iproute2's
// `ip -batch` (getcmdline and makeargs in lib/utils.c), so that a file
// written for ip runs unchanged:
//
//   - a '#' anywhere starts a comment that runs to the end of the line,
//     also inside quotes (ip cuts the line before it splits it into words);
//   - a line that ends with a backslash right before its newline goes on on
//     the next line; backslash and newline are dropped, nothing else is; a
//     backslash on a line cut by a comment, or on the file's last line
//     without a newline, is an ordinary character;
//   - words are separated by spaces, tabs, CRs and newlines;
//   - a word that starts with ' or " runs to the next of the same quote,
//     white space and the other quote included; there is no escaping inside
//     quotes, and the character after the closing quote starts the next
//     word. A quote inside a word is an ordinary character;
//   - commands without words (empty lines, comments) are left out.
//
// An unterminated quote or a missing continuation line is an error of that
// command only; lexBatch fails only when r cannot be read.
func lexBatch(r io.Reader) ([]batchCommand, error) {
	br := bufio.NewReader(r)
	var cmds []batchCommand
	lineno := 0
	// readLine returns the next physical line with its newline, if any,
	// cut at the first '#'; eof is true when there was no line left.
	readLine := func() (text string, eof bool, err error) {
		s, err := br.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, err
		}
		if s == "" {
			return "", true, nil
		}
		lineno++
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		return s, false, nil
	}
	for {
		text, eof, err := readLine()
		if err != nil {
			return nil, err
		}
		if eof {
			return cmds, nil
		}
		cmd := batchCommand{line: lineno}
		for strings.HasSuffix(text, "\\\n") {
			next, eof, err := readLine()
			if err != nil {
				return nil, err
			}
			if eof {
				cmd.err = errors.New(`missing continuation line after the "\" at the end of the last line`)
				break
			}
			text = text[:len(text)-2] + next
		}
		if cmd.err == nil {
			cmd.args, cmd.err = splitBatchWords(text)
		}
		if len(cmd.args) > 0 || cmd.err != nil {
			cmds = append(cmds, cmd)
		}
	}
}

// batchSpace are the characters that separate words (makeargs's set).
const batchSpace = " \t\r\n"

// splitBatchWords splits one command into words; see lexBatch.
func splitBatchWords(s string) ([]string, error) {
	var words []string
	for {
		s = strings.TrimLeft(s, batchSpace)
		if s == "" {
			return words, nil
		}
		if q := s[0]; q == '\'' || q == '"' {
			end := strings.IndexByte(s[1:], q)
			if end < 0 {
				return nil, fmt.Errorf("unterminated quoted string: %s has no closing %c", excerpt(s), q)
			}
			words = append(words, s[1:1+end])
			s = s[2+end:]
			continue
		}
		end := strings.IndexAny(s, batchSpace)
		if end < 0 {
			end = len(s)
		}
		words = append(words, s[:end])
		s = s[end:]
	}
}

// excerpt is the start of s for a message, quoted, at most 24 bytes of it.
func excerpt(s string) string {
	s = strings.TrimRight(s, batchSpace)
	if len(s) > 24 {
		return fmt.Sprintf("%q...", s[:24])
	}
	return fmt.Sprintf("%q", s)
}

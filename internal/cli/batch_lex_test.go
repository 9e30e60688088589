package cli

import (
	"reflect"
	"strings"
	"testing"
)

func TestLexBatch(t *testing.T) {
	type cmd struct {
		line int
		args string // words joined by "|"
		err  string // in the error; "" for none
	}
	tests := []struct {
		name string
		in   string
		want []cmd
	}{
		{"empty", "", nil},
		{"blank lines", "\n  \n\t\r\n", nil},
		{"one line", "addr add 192.0.2.1/24 dev v0\n", []cmd{{1, "addr|add|192.0.2.1/24|dev|v0", ""}}},
		{"no final newline", "addr del 192.0.2.1/24 dev v0", []cmd{{1, "addr|del|192.0.2.1/24|dev|v0", ""}}},
		{"tabs and CRs", "\taddr\tadd  192.0.2.1/24 dev v0\r\n", []cmd{{1, "addr|add|192.0.2.1/24|dev|v0", ""}}},
		{"line numbers", "# head\n\na add 192.0.2.1 dev v0\n\n\na del 192.0.2.1 dev v0\n",
			[]cmd{{3, "a|add|192.0.2.1|dev|v0", ""}, {6, "a|del|192.0.2.1|dev|v0", ""}}},
		{"comment after words", "addr add 192.0.2.1/24 dev v0 # the first\n", []cmd{{1, "addr|add|192.0.2.1/24|dev|v0", ""}}},
		{"comment glued to a word", "addr add 192.0.2.1/24 dev v0#x\n", []cmd{{1, "addr|add|192.0.2.1/24|dev|v0", ""}}},
		{"continuation", "addr add 192.0.2.1/24 \\\n  dev v0 \\\n label v0:a\nx\n",
			[]cmd{{1, "addr|add|192.0.2.1/24|dev|v0|label|v0:a", ""}, {4, "x", ""}}},
		{"continuation joins words", "ad\\\ndr\n", []cmd{{1, "addr", ""}}},
		{"continuation onto a blank line", "a \\\n\nb\n", []cmd{{1, "a", ""}, {3, "b", ""}}},
		{"continuation onto a comment", "a \\\n# c\nb\n", []cmd{{1, "a", ""}, {3, "b", ""}}},
		{"comment stops a continuation", "a # c \\\nb\n", []cmd{{1, "a", ""}, {2, "b", ""}}},
		{"backslash not at the end", "a \\ b\n", []cmd{{1, `a|\|b`, ""}}},
		{"backslash before CRLF", "a \\\r\nb\n", []cmd{{1, `a|\`, ""}, {2, "b", ""}}},
		{"backslash at EOF without newline", "a \\", []cmd{{1, `a|\`, ""}}},
		{"missing continuation line", "a\nb \\\n", []cmd{{1, "a", ""}, {2, "", "missing continuation line"}}},
		{"double quotes", `addr add 192.0.2.1/24 dev v0 label "v0:a b"` + "\n", []cmd{{1, "addr|add|192.0.2.1/24|dev|v0|label|v0:a b", ""}}},
		{"single quotes", `a 'x "y" z' w` + "\n", []cmd{{1, `a|x "y" z|w`, ""}}},
		{"empty quotes", `a "" ''` + "\n", []cmd{{1, "a||", ""}}},
		{"quote ends a word", `a "b"c` + "\n", []cmd{{1, "a|b|c", ""}}},
		{"quote inside a word", `a b"c d"` + "\n", []cmd{{1, `a|b"c|d"`, ""}}},
		{"no escapes in quotes", `a "b\" c` + "\n", []cmd{{1, `a|b\|c`, ""}}},
		{"quoted continuation", "a \"b \\\nc\"\n", []cmd{{1, "a|b c", ""}}},
		{"hash in quotes is a comment", `a "b#c"` + "\n", []cmd{{1, "", `unterminated quoted string: "\"b" has no closing "`}}},
		{"unterminated quote", "a\nb 'c d\ne\n", []cmd{{1, "a", ""}, {2, "", `unterminated quoted string: "'c d" has no closing '`}, {3, "e", ""}}},
		{"unterminated quote at EOF", `"abc`, []cmd{{1, "", "unterminated quoted string"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, err := lexBatch(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var got []cmd
			for _, c := range cmds {
				g := cmd{line: c.line, args: strings.Join(c.args, "|")}
				if c.err != nil {
					g.err = c.err.Error()
				}
				got = append(got, g)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				w, g := tt.want[i], got[i]
				if g.line != w.line || g.args != w.args || (w.err == "") != (g.err == "") || !strings.Contains(g.err, w.err) {
					t.Errorf("command %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// quoteBatchWord quotes w so that the lexer reads it back as one word, if
// it can be: a word with a '#' or a newline, or with both kinds of
// quotes and white space, cannot be written in a batch file.
func quoteBatchWord(w string) (string, bool) {
	if strings.ContainsAny(w, "#\n") {
		return "", false
	}
	if w != "" && !strings.ContainsAny(w, batchSpace) && w[0] != '"' && w[0] != '\'' && !strings.HasSuffix(w, "\\") {
		return w, true
	}
	for _, q := range []string{`"`, `'`} {
		if !strings.Contains(w, q) {
			return q + w + q, true
		}
	}
	return "", false
}

func FuzzBatchLexer(f *testing.F) {
	for _, s := range []string{
		"addr add 192.0.2.1/24 dev v0\n",
		"# c\n\na \\\n b 'c d' \"e\"f\n",
		"a \"b#c\"\n",
		"a \\",
		"x \\\n",
		"'unterminated\n",
		"\r\n\t \\\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		cmds, err := lexBatch(strings.NewReader(in))
		if err != nil {
			t.Fatalf("reading a string failed: %v", err)
		}
		physical := strings.Count(in, "\n")
		if !strings.HasSuffix(in, "\n") && in != "" {
			physical++
		}
		prev := 0
		for _, c := range cmds {
			if c.line <= prev || c.line > physical {
				t.Fatalf("command at line %d after line %d, of %d lines", c.line, prev, physical)
			}
			prev = c.line
			if c.err != nil {
				if c.args != nil {
					t.Fatalf("line %d: words %q and error %v", c.line, c.args, c.err)
				}
				continue
			}
			if len(c.args) == 0 {
				t.Fatalf("line %d: a command without words", c.line)
			}
			// Written back, quoted where needed, the words lex the same.
			var line []string
			ok := true
			for _, w := range c.args {
				if strings.ContainsAny(w, "#\n") {
					t.Fatalf("line %d: word %q holds a comment or a newline", c.line, w)
				}
				q, can := quoteBatchWord(w)
				ok = ok && can
				line = append(line, q)
			}
			if !ok {
				continue
			}
			again, err := lexBatch(strings.NewReader(strings.Join(line, " ") + "\n"))
			if err != nil || len(again) != 1 || again[0].err != nil || !reflect.DeepEqual(again[0].args, c.args) {
				t.Fatalf("line %d: %q written back as %q lexes as %+v", c.line, c.args, line, again)
			}
		}
	})
}

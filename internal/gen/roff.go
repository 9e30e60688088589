package gen

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// roff builds a man page. Text given to it is plain; it escapes it.
type roff struct{ b strings.Builder }

func (r *roff) line(format string, args ...any) { fmt.Fprintf(&r.b, format+"\n", args...) }

// esc escapes plain text for roff: backslashes, hyphens (so that options
// are copied as ASCII minus signs) and a leading control character.
func esc(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// arg escapes text for a quoted macro argument.
func arg(s string) string {
	return `"` + strings.ReplaceAll(esc(s), `"`, `\(dq`) + `"`
}

func (r *roff) section(name string) { r.line(".SH %s", arg(name)) }
func (r *roff) subsection(name string) {
	r.line(".SS %s", arg(name))
}

// text writes help text in the style of the commands' Long help: blank
// lines separate paragraphs; lines of a paragraph that start without a
// space are filled as prose; indented lines (tables, examples) are kept as
// they are, dedented, in a no-fill block.
func (r *roff) text(s string) {
	for _, para := range strings.Split(strings.Trim(s, "\n"), "\n\n") {
		lines := strings.Split(strings.Trim(para, "\n"), "\n")
		for len(lines) > 0 {
			n := 0
			indented := strings.HasPrefix(lines[0], " ")
			for n < len(lines) && strings.HasPrefix(lines[n], " ") == indented {
				n++
			}
			run := lines[:n]
			lines = lines[n:]
			if indented {
				if !r.table(run) && !r.list(run) {
					r.pre(run)
				}
				continue
			}
			r.line(".PP")
			for _, l := range run {
				r.line("%s", esc(strings.TrimRight(l, " ")))
			}
		}
	}
}

// tableRow is "  TERM  DESCRIPTION": a term, two spaces or more, text.
var tableRow = regexp.MustCompile(`^( +)(\S(?:\S| \S)*)( {2,})(\S.*)$`)

// table writes an indented run as tagged paragraphs if it is a two-column
// table: rows "  TERM  DESCRIPTION" at one indent, and continuation lines
// indented to the description's column. It reports whether it was one.
func (r *roff) table(lines []string) bool {
	type row struct{ term, desc string }
	var rows []row
	indent, col := -1, -1
	for _, l := range lines {
		lead := len(l) - len(strings.TrimLeft(l, " "))
		switch {
		case indent < 0:
			m := tableRow.FindStringSubmatch(l)
			if m == nil {
				return false
			}
			indent, col = lead, len(m[1])+len(m[2])+len(m[3])
			rows = append(rows, row{m[2], strings.TrimSpace(m[4])})
		case lead == col:
			rows[len(rows)-1].desc += "\n" + strings.TrimSpace(l)
		case lead == indent && len(l) > col && l[col-1] == ' ' && l[col] != ' ' && l[col-2] != ' ':
			// One space only: a second term that shares the description
			// ("valid_lft T  lifetimes: ... or" / "preferred_lft T forever").
			last := &rows[len(rows)-1]
			last.term += ", " + strings.TrimSpace(l[:col])
			last.desc += "\n" + strings.TrimSpace(l[col:])
		case lead == indent && len(l) > col && l[col-1] == ' ' && l[col] != ' ':
			rows = append(rows, row{strings.TrimSpace(l[:col]), strings.TrimSpace(l[col:])})
		default:
			return false
		}
	}
	width := 0
	for _, rw := range rows {
		width = max(width, len(rw.term)+2)
	}
	width = min(width, 18)
	r.line(".RS 2")
	for _, rw := range rows {
		r.line(".TP %d", width)
		r.line("%s", `\fB`+esc(rw.term)+`\fR`)
		for _, d := range strings.Split(rw.desc, "\n") {
			r.line("%s", esc(d))
		}
	}
	r.line(".RE")
	return true
}

// list writes an indented run of "- item" lines, each continued on lines
// indented two more, as a bulleted list. It reports whether it was one.
func (r *roff) list(lines []string) bool {
	var items []string
	indent := -1
	for _, l := range lines {
		lead := len(l) - len(strings.TrimLeft(l, " "))
		switch {
		case indent < 0 && strings.HasPrefix(l[lead:], "- "):
			indent = lead
			items = append(items, l[lead+2:])
		case indent >= 0 && lead == indent && strings.HasPrefix(l[lead:], "- "):
			items = append(items, l[lead+2:])
		case indent >= 0 && lead == indent+2:
			items[len(items)-1] += "\n" + l[lead:]
		default:
			return false
		}
	}
	r.line(".RS 2")
	for _, it := range items {
		r.line(`.IP \(bu 2`)
		for _, l := range strings.Split(it, "\n") {
			r.line("%s", esc(strings.TrimRight(l, " ")))
		}
	}
	r.line(".RE")
	return true
}

// pre writes lines as a no-fill block, indented by two.
func (r *roff) pre(lines []string) {
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " ")); indent < 0 || n < indent {
			indent = n
		}
	}
	r.line(".PP")
	r.line(".RS 2")
	r.line(".nf")
	for _, l := range lines {
		if len(l) >= indent && indent > 0 {
			l = l[indent:]
		}
		r.line("%s", `\&`+esc(strings.TrimRight(l, " ")))
	}
	r.line(".fi")
	r.line(".RE")
}

// metaWord is a placeholder such as FILE in a flag's usage text.
var metaWord = regexp.MustCompile(`\b[A-Z][A-Z|]+[A-Z]\b`)

// flags writes a tagged paragraph for each visible flag of fs.
func (r *roff) flags(fs *pflag.FlagSet) {
	var all []*pflag.Flag
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			all = append(all, f)
		}
	})
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	for _, f := range all {
		varname, usage := pflag.UnquoteUsage(f)
		tag := ""
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			tag = `\fB\-` + esc(f.Shorthand) + `\fR, `
		}
		tag += `\fB\-\-` + esc(f.Name) + `\fR`
		switch f.Value.Type() {
		case "bool", "count":
			varname = ""
		}
		if v, ok := flagPlaceholders[f.Name]; ok {
			varname = v
		} else if varname == f.Value.Type() && strings.ToLower(varname) == varname {
			varname = metaWord.FindString(usage)
		}
		if varname == "" && f.Value.Type() != "bool" && f.Value.Type() != "count" {
			varname = "VALUE"
		}
		switch {
		case varname != "" && f.NoOptDefVal != "":
			tag += `[=\fI` + esc(varname) + `\fR]`
		case varname != "":
			tag += ` \fI` + esc(varname) + `\fR`
		}
		r.line(".TP")
		r.line("%s", tag)
		r.line("%s", esc(usage))
	}
}

// synopsis writes one synopsis line per runnable command under cmd (cmd
// included), as netaddr [OPTIONS] WORDS ARGS.
func (r *roff) synopsis(cmd *cobra.Command) {
	for _, c := range runnable(cmd) {
		words := strings.TrimSpace(strings.TrimPrefix(c.CommandPath(), c.Root().Name()))
		use := strings.TrimSpace(strings.TrimPrefix(c.Use, c.Name()))
		l := `\fB` + esc(c.Root().Name()) + `\fR [\fIOPTIONS\fR]`
		if words != "" {
			l += ` \fB` + esc(words) + `\fR`
		}
		if use != "" {
			l += " " + esc(use)
		}
		r.line(".PP")
		r.line("%s", l)
	}
}

// runnable lists cmd and the commands below it that run, depth first.
func runnable(cmd *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	if cmd.Runnable() {
		out = append(out, cmd)
	}
	for _, c := range visible(cmd) {
		out = append(out, runnable(c)...)
	}
	return out
}

// visible lists the subcommands that belong in the documentation.
func visible(cmd *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() || (c.Runnable() && !c.Hidden && c.Name() != "help") {
			out = append(out, c)
		}
	}
	return out
}

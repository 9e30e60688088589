package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// filterValueWords take the next word as their value, whatever it looks
// like: a label pattern or a device name may start with '-'.
var filterValueWords = map[string]bool{"dev": true, "type": true, "scope": true, "label": true, "to": true}

// splitFilterArgs separates the options from the words of a command whose
// grammar has words starting with '-' (the negated flag filters,
// "-tentative"), which cobra would take for options. Such commands set
// DisableFlagParsing and call this: the options (-4, -j, ...) are parsed
// here, into the same variables cobra would set, and the words are returned
// in order. help reports -h or --help.
func splitFilterArgs(cmd *cobra.Command, args []string) (words []string, help bool, err error) {
	fs := pflag.NewFlagSet(cmd.Name(), pflag.ContinueOnError)
	fs.SetOutput(discard{})
	fs.AddFlagSet(cmd.InheritedFlags())
	fs.AddFlagSet(cmd.LocalFlags())
	var opts []string
	wantValue := false // the last word is a keyword that takes a value
	for i := 0; i < len(args); i++ {
		tok := args[i]
		switch {
		case wantValue:
			words = append(words, tok)
			wantValue = false
		case tok == "--":
			words = append(words, args[i+1:]...)
			i = len(args)
		case !strings.HasPrefix(tok, "-") || tok == "-":
			words = append(words, tok)
			wantValue = filterValueWords[tok]
		default:
			if _, ok := lookupFlagFilter(tok); ok {
				words = append(words, tok)
				continue
			}
			opts = append(opts, tok)
			if takesValue(fs, tok) && i+1 < len(args) {
				// -n NAME: the value is the option's, not a word.
				i++
				opts = append(opts, args[i])
			}
		}
	}
	if err := fs.Parse(opts); err != nil {
		return nil, false, usagef("%v", err)
	}
	if rest := fs.Args(); len(rest) > 0 {
		return nil, false, usagef("unexpected %q", rest[0])
	}
	help, _ = fs.GetBool("help")
	return words, help, nil
}

// discard swallows pflag's own usage text: errors are reported once, by Run.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// takesValue reports whether tok is an option of fs whose value is the
// next argument: "--netns" or "-n", not "--netns=x", "-nx" or a bool.
func takesValue(fs *pflag.FlagSet, tok string) bool {
	var f *pflag.Flag
	switch {
	case strings.HasPrefix(tok, "--") && !strings.Contains(tok, "="):
		f = fs.Lookup(tok[2:])
	case len(tok) == 2:
		f = fs.ShorthandLookup(tok[1:])
	}
	return f != nil && f.NoOptDefVal == ""
}

// selectionRunE is the RunE of addr show, flush and save: their words are
// parsed here (cobra's flag parsing is off for them, so that -tentative is
// a filter, not options) into a selection for run. needWords, if not
// empty, is the refusal when no word is given.
func selectionRunE(g *globalOptions, run func(*globalOptions, addrSelection) error, needWords string) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		words, help, err := splitFilterArgs(cmd, args)
		if err != nil {
			return err
		}
		if help {
			return cmd.Help()
		}
		if len(words) == 0 && needWords != "" {
			return usagef("%s", needWords)
		}
		family, err := g.family()
		if err != nil {
			return err
		}
		sel, err := parseAddrSelection(words, family)
		if err != nil {
			return err
		}
		return run(g, sel)
	}
}

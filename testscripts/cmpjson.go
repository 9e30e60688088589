package testscripts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonOptions says how compareJSON compares two documents.
type jsonOptions struct {
	// Keys, if not nil, restricts the comparison of each link object
	// (element of the top-level array, or the top-level object) to these
	// keys. A listed key missing on one side is a difference.
	Keys []string
	// Slack maps a key to the largest difference allowed between two
	// numbers found directly under that key, at any depth.
	Slack map[string]*big.Rat
}

// jsonDiff is one difference between two documents.
type jsonDiff struct {
	Path   string // in jq syntax, e.g. .[1].addr_info[0].prefixlen
	Ifname string // ifname of the enclosing link object, if known
	A, B   string // the values as compact JSON, or "(missing)"
}

const missing = "(missing)"

// compareJSON decodes a and b and returns their differences, or an error if
// either is not a single JSON value.
func compareJSON(a, b []byte, opts jsonOptions) ([]jsonDiff, error) {
	va, err := decodeJSON(a)
	if err != nil {
		return nil, fmt.Errorf("first file: %w", err)
	}
	vb, err := decodeJSON(b)
	if err != nil {
		return nil, fmt.Errorf("second file: %w", err)
	}
	if err := checkKeys(opts.Keys, va, vb); err != nil {
		return nil, err
	}
	c := &jsonComparer{opts: opts}
	c.top(va, vb)
	return c.diffs, nil
}

// checkKeys returns an error if a key named by -keys is in no link object of
// either document: most likely a typo, which would otherwise compare
// nothing and pass.
func checkKeys(keys []string, docs ...any) error {
	var links []map[string]any
	for _, d := range docs {
		switch d := d.(type) {
		case map[string]any:
			links = append(links, d)
		case []any:
			for _, e := range d {
				if o, ok := e.(map[string]any); ok {
					links = append(links, o)
				}
			}
		}
	}
	if len(links) == 0 {
		return nil
	}
	for _, k := range keys {
		if !slices.ContainsFunc(links, func(o map[string]any) bool { _, ok := o[k]; return ok }) {
			return fmt.Errorf("-keys: no link object in either file has the key %q", k)
		}
	}
	return nil
}

func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("not valid JSON: empty")
		}
		return nil, fmt.Errorf("not valid JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("not valid JSON: more than one value")
	}
	return v, nil
}

type jsonComparer struct {
	opts  jsonOptions
	diffs []jsonDiff
}

// top compares the documents' top level, where -keys applies.
func (c *jsonComparer) top(a, b any) {
	aa, aok := a.([]any)
	ba, bok := b.([]any)
	if aok && bok {
		for i := range max(len(aa), len(ba)) {
			path := "." + index(i)
			switch {
			case i >= len(aa):
				c.add(path, ifnameOf(ba[i]), nil, ba[i], false, true)
			case i >= len(ba):
				c.add(path, ifnameOf(aa[i]), aa[i], nil, true, false)
			default:
				c.link(path, aa[i], ba[i])
			}
		}
		return
	}
	c.link("", a, b)
}

// link compares two link objects, restricted to opts.Keys if set.
func (c *jsonComparer) link(path string, a, b any) {
	ifname := ifnameOf(a)
	if ifname == "" {
		ifname = ifnameOf(b)
	}
	ao, aok := a.(map[string]any)
	bo, bok := b.(map[string]any)
	if c.opts.Keys == nil || !aok || !bok {
		c.value(path, ifname, "", a, b)
		return
	}
	fa, fb := pick(ao, c.opts.Keys), pick(bo, c.opts.Keys)
	if path != "" && c.otherElement(path, ifname, fa, fb) {
		return
	}
	for _, k := range c.opts.Keys {
		c.member(path, ifname, k, fa, fb)
	}
}

// pick returns o restricted to keys.
func pick(o map[string]any, keys []string) map[string]any {
	p := make(map[string]any, len(keys))
	for _, k := range keys {
		if v, ok := o[k]; ok {
			p[k] = v
		}
	}
	return p
}

// identityKeys name what an array element is about: a link (ifname) or an
// address (local). When they differ, the elements are different things
// (an address inserted, a link missing) and comparing them member by
// member would only be noise.
var identityKeys = []string{"ifname", "local"}

// otherElement reports (and records) whether the array elements a and b at
// path differ in identity.
func (c *jsonComparer) otherElement(path, ifname string, a, b map[string]any) bool {
	for _, k := range identityKeys {
		av, aok := a[k].(string)
		bv, bok := b[k].(string)
		if aok && bok && av != bv {
			if k == "ifname" {
				ifname = ""
			}
			c.add(path, ifname, a, b, true, true)
			return true
		}
	}
	return false
}

func (c *jsonComparer) member(path, ifname, k string, ao, bo map[string]any) {
	av, aok := ao[k]
	bv, bok := bo[k]
	p := path + key(k)
	switch {
	case aok && bok:
		c.value(p, ifname, k, av, bv)
	case aok || bok:
		c.add(p, ifname, av, bv, aok, bok)
	}
}

// value compares a and b found at path; k is the nearest enclosing object
// key (for -slack).
func (c *jsonComparer) value(path, ifname, k string, a, b any) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		if strings.HasSuffix(path, "]") && c.otherElement(path, ifname, av, bv) {
			return
		}
		keys := make([]string, 0, len(av)+len(bv))
		for k := range av {
			keys = append(keys, k)
		}
		for k := range bv {
			if _, dup := av[k]; !dup {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			c.member(path, ifname, k, av, bv)
		}
		return
	case []any:
		bv, ok := b.([]any)
		if !ok {
			break
		}
		for i := range max(len(av), len(bv)) {
			p := path + index(i)
			switch {
			case i >= len(av):
				c.add(p, ifname, nil, bv[i], false, true)
			case i >= len(bv):
				c.add(p, ifname, av[i], nil, true, false)
			default:
				c.value(p, ifname, k, av[i], bv[i])
			}
		}
		return
	case json.Number:
		bv, ok := b.(json.Number)
		if !ok {
			break
		}
		if c.numbersMatch(k, av, bv) {
			return
		}
	default: // string, bool, nil
		if a == b {
			return
		}
	}
	c.add(path, ifname, a, b, true, true)
}

func (c *jsonComparer) numbersMatch(k string, a, b json.Number) bool {
	ra, aok := new(big.Rat).SetString(a.String())
	rb, bok := new(big.Rat).SetString(b.String())
	if !aok || !bok {
		return a == b
	}
	d := new(big.Rat).Sub(ra, rb)
	d.Abs(d)
	limit, ok := c.opts.Slack[k]
	if !ok {
		return d.Sign() == 0
	}
	return d.Cmp(limit) <= 0
}

func (c *jsonComparer) add(path, ifname string, a, b any, aok, bok bool) {
	if path == "" {
		path = "."
	}
	c.diffs = append(c.diffs, jsonDiff{Path: path, Ifname: ifname, A: show(a, aok), B: show(b, bok)})
}

func show(v any, ok bool) string {
	if !ok {
		return missing
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	const maxShown = 300
	if len(data) > maxShown {
		n := maxShown
		for !utf8.RuneStart(data[n]) {
			n--
		}
		return string(data[:n]) + "…"
	}
	return string(data)
}

func ifnameOf(v any) string {
	if o, ok := v.(map[string]any); ok {
		if s, ok := o["ifname"].(string); ok {
			return s
		}
	}
	return ""
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// key renders an object member access in jq syntax.
func key(k string) string {
	if identifier.MatchString(k) {
		return "." + k
	}
	return "[" + strconv.Quote(k) + "]"
}

func index(i int) string { return "[" + strconv.Itoa(i) + "]" }

// formatDiffs renders diffs between the files named a and b, at most limit
// of them.
func formatDiffs(nameA, nameB string, diffs []jsonDiff, limit int) string {
	var sb strings.Builder
	noun := "differences"
	if len(diffs) == 1 {
		noun = "difference"
	}
	fmt.Fprintf(&sb, "%s and %s differ (%d %s):\n", nameA, nameB, len(diffs), noun)
	width := max(len(nameA), len(nameB)) + 1
	for i, d := range diffs {
		if i == limit {
			fmt.Fprintf(&sb, "  ... and %d more\n", len(diffs)-limit)
			break
		}
		sb.WriteString("  " + d.Path)
		if d.Ifname != "" {
			sb.WriteString("  (ifname " + d.Ifname + ")")
		}
		fmt.Fprintf(&sb, "\n    %-*s %s\n    %-*s %s\n", width, nameA+":", d.A, width, nameB+":", d.B)
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

// parseSlack parses KEY=N with N a non-negative number.
func parseSlack(s string) (string, *big.Rat, error) {
	k, n, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return "", nil, fmt.Errorf("-slack %q: want KEY=N", s)
	}
	r, ok := new(big.Rat).SetString(n)
	if !ok || r.Sign() < 0 {
		return "", nil, fmt.Errorf("-slack %q: N must be a non-negative number", s)
	}
	return k, r, nil
}

// parseKeys parses K1,K2,...
func parseKeys(s string) ([]string, error) {
	keys := strings.Split(s, ",")
	if slices.Contains(keys, "") {
		return nil, fmt.Errorf("-keys %q: empty key name", s)
	}
	return keys, nil
}

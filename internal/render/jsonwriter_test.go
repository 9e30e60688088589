package render

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"v0:x", `"v0:x"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x01\x1b\x1f", `"\u0000\u0001\u001b\u001f"`},
		{"\x7f", "\"\x7f\""},
		{"é中😀", `"é中😀"`},
		{"\xff", `"\ufffd"`},
		{"a\xc3", `"a\ufffd"`},         // truncated sequence
		{"\xe4\xb8", `"\ufffd\ufffd"`}, // one U+FFFD per bad byte
		{"\xed\xa0\x80", `"\ufffd\ufffd\ufffd"`},
		{"</script>&", `"</script>&"`}, // no HTML escaping, as iproute2
	}
	for _, tt := range tests {
		got := appendJSONString(nil, tt.in)
		if string(got) != tt.want {
			t.Errorf("appendJSONString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("%s does not parse: %v", got, err)
		}
		if want := string([]rune(tt.in)); back != want {
			t.Errorf("%s parses as %q, want %q", got, back, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("v0:x")
	f.Add(oddLabel)
	f.Fuzz(func(t *testing.T, s string) {
		got := appendJSONString(nil, s)
		if !utf8.Valid(got) {
			t.Fatalf("invalid UTF-8: %q", got)
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q: %v", got, err)
		}
		if want := string([]rune(s)); back != want {
			t.Fatalf("round trip of %q gave %q", s, back)
		}
	})
}

// TestJSONWriterLayout pins iproute2's json_writer layout, including the
// cases `ip -j -p` shows but the address fixture does not reach: empty
// objects and arrays of scalars.
func TestJSONWriterLayout(t *testing.T) {
	write := func(j *jsonWriter) {
		j.beginArray()
		j.beginObject()
		j.key("flags")
		j.beginArray()
		j.str("UP")
		j.str("LOWER_UP")
		j.endArray()
		j.key("empty")
		j.beginArray()
		j.endArray()
		j.key("obj")
		j.beginObject()
		j.endObject()
		j.key("n")
		j.int(-1)
		j.endObject()
		j.beginObject()
		j.endObject()
		j.endArray()
	}
	tests := []struct {
		pretty bool
		want   string
	}{
		{false, `[{"flags":["UP","LOWER_UP"],"empty":[],"obj":{},"n":-1},{}]` + "\n"},
		{true, "[ {\n" +
			"        \"flags\": [ \"UP\",\"LOWER_UP\" ],\n" +
			"        \"empty\": [ ],\n" +
			"        \"obj\": {},\n" +
			"        \"n\": -1\n" +
			"    },{} ]\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		j := newJSONWriter(&b, tt.pretty)
		write(j)
		if err := j.finish(); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("pretty=%v:\n got %q\nwant %q", tt.pretty, b.String(), tt.want)
		}
	}
}

package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionString(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "-buildmode", Value: "exe"},
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "c7f1752437d7"},
		{Key: "vcs.time", Value: "2026-12-04T17:49:38Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	clean := []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}
	tests := []struct {
		info     *debug.BuildInfo
		ok       bool
		override string
		want     string
	}{
		{nil, false, "", "unknown"},
		{nil, false, "1.2.3", "1.2.3"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "", "(devel)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.0.0"}}, true, "", "v1.0.0"},
		{&debug.BuildInfo{}, true, "", "unknown"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, true, "",
			"(devel) (revision c7f1752437d7, 2026-12-04T17:49:38Z, modified)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: clean}, true, "", "(devel) (revision abc)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.0.0"}, Settings: clean}, true, "1.0.0-1", "1.0.0-1 (revision abc)"},
	}
	for _, tt := range tests {
		if got := versionString(tt.info, tt.ok, tt.override); got != tt.want {
			t.Errorf("versionString(%+v, %v, %q) = %q, want %q", tt.info, tt.ok, tt.override, got, tt.want)
		}
	}
}

func TestVersionFlag(t *testing.T) {
	for _, line := range []string{"--version", "-V"} {
		r := run(t, newFake(), line)
		if r.status != ExitOK || !strings.HasPrefix(r.out, "netaddr ") || strings.Count(r.out, "\n") != 1 || r.dialed {
			t.Errorf("%s: status %d, dialed %v, out %q, err %q", line, r.status, r.dialed, r.out, r.errOut)
		}
	}
}

package cli

import (
	"runtime/debug"
	"strings"
)

// version, when set at link time, is the version --version prints in
// place of the module version from the build info, for packages:
//
//	go build -ldflags "-X github.com/netaddr/netaddr/internal/cli.version=1.2.3" ./cmd/netaddr
var version string

// versionString is what --version prints after "netaddr ": the version
// (override if set, else the main module's version, "(devel)" for a build
// from a checkout, "unknown" without build info), then what the build info
// knows of the source: "(revision R, T, modified)", with whichever of
// these it has. It never fails.
func versionString(info *debug.BuildInfo, ok bool, override string) string {
	v := override
	if v == "" && ok && info.Main.Version != "" {
		v = info.Main.Version
	}
	if v == "" {
		v = "unknown"
	}
	if !ok {
		return v
	}
	var vcs []string
	for _, key := range []string{"vcs.revision", "vcs.time", "vcs.modified"} {
		for _, s := range info.Settings {
			if s.Key != key || s.Value == "" {
				continue
			}
			switch {
			case key == "vcs.revision":
				vcs = append(vcs, "revision "+s.Value)
			case key == "vcs.modified" && s.Value == "true":
				vcs = append(vcs, "modified")
			case key == "vcs.time":
				vcs = append(vcs, s.Value)
			}
		}
	}
	if len(vcs) > 0 {
		v += " (" + strings.Join(vcs, ", ") + ")"
	}
	return v
}

// buildVersion is versionString for this binary.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	return versionString(info, ok, version)
}

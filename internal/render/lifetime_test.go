package render

import (
	"testing"

	"github.com/netaddr/netaddr/internal/rtnl"
)

func TestLifetime(t *testing.T) {
	tests := []struct {
		sec  uint32
		want string
	}{
		{rtnl.Forever, "forever"},
		{0, "0s"},
		{1, "1s"},
		{59, "59s"},
		{60, "1m"},
		{2000, "33m20s"},
		{3600, "1h"},
		{3605, "1h0m5s"},
		{5400, "1h30m"},
		{86399, "23h59m59s"},
		{86400, "1d"},
		{90061, "1d1h1m1s"},
		{604800, "7d"},
		{2592000, "30d"},
		{rtnl.Forever - 1, "49710d6h28m14s"},
	}
	for _, tt := range tests {
		if got := Lifetime(tt.sec); got != tt.want {
			t.Errorf("Lifetime(%d) = %q, want %q", tt.sec, got, tt.want)
		}
	}
}

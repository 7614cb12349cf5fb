package e2e

import "testing"

// The real Nacos 3 Maintainer SDK (nacos-maintainer-client 3.1.0) runs
// every call of seed 003 §3-5 against the real binary with auth on, one
// area at a time; each area's scenario checks the answers in Java, and the
// Go side checks that what it wrote is visible through the other dialects.
// The ai area (§6-7) drives MCP servers and A2A agent cards.
func TestMaintainerSDK(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	for _, area := range []string{"config", "config-gray", "naming", "core", "ai"} {
		t.Run(area, func(t *testing.T) {
			if checks := runMaintainer(t, s, area); len(checks) == 0 {
				t.Fatal("the scenario checked nothing")
			}
		})
	}
}

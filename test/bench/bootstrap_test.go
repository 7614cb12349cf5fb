package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The gateway bootstrap, on one xDS server and on a failover cluster of
// three, is one a real Envoy accepts (--mode validate), and the failover
// form prefers the servers in order and checks them.
func TestGatewayBootstrapValidates(t *testing.T) {
	envoy := os.Getenv("CAUSEWAY_ENVOY")
	if envoy == "" {
		t.Skip("CAUSEWAY_ENVOY names no Envoy binary")
	}
	for _, tc := range []struct {
		name   string
		xds    []string
		checks bool
	}{
		{"one server", []string{"127.0.0.1:15010"}, false},
		{"failover", []string{"127.0.0.1:15010", "127.0.0.1:15011", "127.0.0.1:15012"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := gatewayBootstrap("127.0.0.1:8848", tc.xds)
			if got := strings.Contains(b, "tcp_health_check"); got != tc.checks {
				t.Fatalf("health checks: %v, want %v:\n%s", got, tc.checks, b)
			}
			if got := strings.Count(b, "priority: "); got != len(tc.xds) {
				t.Fatalf("%d priorities for %d servers:\n%s", got, len(tc.xds), b)
			}
			path := filepath.Join(t.TempDir(), "bootstrap.yaml")
			if err := os.WriteFile(path, []byte(b), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(envoy, "--mode", "validate", "-c", path, "-l", "error").CombinedOutput(); err != nil {
				t.Fatalf("envoy rejects the bootstrap: %v\n%s\n%s", err, out, b)
			}
		})
	}
}

package translate

import (
	"testing"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
)

// An agent card's url gives the cluster's address and the path messages
// are rewritten to; a card without a usable url gives none (503).
func TestA2ATargetOf(t *testing.T) {
	cases := []struct {
		url  string
		want a2aTarget
		ok   bool
	}{
		{"http://10.0.0.1:9999/rpc", a2aTarget{"10.0.0.1", 9999, "/rpc"}, true},
		{"https://agent.example.com", a2aTarget{"agent.example.com", 443, "/"}, true},
		{"http://agent.example.com/a%20b/", a2aTarget{"agent.example.com", 80, "/a%20b/"}, true},
		{"http://[::1]:8080/", a2aTarget{"::1", 8080, "/"}, true},
		{"", a2aTarget{}, false},
		{"grpc://10.0.0.1:9999", a2aTarget{}, false},
		{"http://10.0.0.1:0/", a2aTarget{}, false},
		{"http://10.0.0.1:70000/", a2aTarget{}, false},
	}
	for _, c := range cases {
		got, ok := a2aTargetOf(&catalog.AgentCard{URL: c.url})
		if ok != c.ok || got != c.want {
			t.Errorf("%q: %+v %v, want %+v %v", c.url, got, ok, c.want, c.ok)
		}
	}
	if _, ok := a2aTargetOf(nil); ok {
		t.Error("no card gave a target")
	}
}

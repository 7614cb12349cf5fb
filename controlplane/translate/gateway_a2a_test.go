package translate

import (
	"encoding/json"
	"testing"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/gateway"
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

// Whatever a registered card holds, the card served is JSON whose url is
// the route's public one, and whose interfaces all point there too.
func FuzzA2ACardBody(f *testing.F) {
	f.Add(`{"name":"p","version":"1","url":"http://h:1/rpc","additionalInterfaces":[{"url":"http://h:1/rpc","transport":"JSONRPC"},{"url":"x"}]}`)
	f.Add(`{"name":"p","version":"1","additionalInterfaces":{"url":1}}`)
	f.Add(`{"name":"p","version":"1","url":"","additionalInterfaces":[{"url":""},null,7]}`)
	r := &gateway.Route{Match: gateway.Match{Path: gateway.PathMatch{Type: gateway.PathPrefix, Value: "/a2a/p"}},
		Destination: gateway.Destination{A2A: &gateway.A2ARef{PublicURL: "http://gw"}}}
	f.Fuzz(func(t *testing.T, s string) {
		card, err := catalog.ParseAgentCard(s)
		if err != nil {
			return
		}
		body, err := a2aCardBody(r, card)
		if err != nil {
			t.Fatal(err)
		}
		var served struct {
			URL        string `json:"url"`
			Interfaces []struct {
				URL string `json:"url"`
			} `json:"additionalInterfaces"`
		}
		if err := json.Unmarshal(body, &served); err != nil || served.URL != "http://gw/a2a/p" {
			t.Fatalf("served %s: %v", body, err)
		}
		for _, i := range served.Interfaces {
			if i.URL != served.URL {
				t.Fatalf("an interface around the gateway: %s", body)
			}
		}
	})
}

//go:build !wasm

// proxytest, the host emulator, exists only off wasm (the SDK swaps its
// mock host in under the same tag), so these tests run on the build host.

package main

import (
	"net/url"
	"strings"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/internal/plugintest"
)

func TestKeyAuth(t *testing.T) {
	const scoped = `{"keys":["k1"],"_rules_":[
		{"_match_route_":["flaky"],"keys":["k3"]},
		{"_match_domain_":["*.partner.test"],"keys":["p1","p2"],"header":"X-Partner-Key","query":"key"}]}`
	cases := []struct {
		desc    string
		config  string
		route   string
		headers [][2]string
		want    int    // 0: the request goes on
		message string // of the 401
		refused string // OnPluginStart fails, logging this
	}{
		{desc: "the key in the default header", config: `{"keys":["k1"]}`,
			headers: [][2]string{{"x-api-key", "k1"}}},
		{desc: "header names ignore case", config: `{"keys":["k1"]}`,
			headers: [][2]string{{"X-API-KEY", "k1"}}},
		{desc: "any of several keys", config: `{"keys":["k1","k2"]}`,
			headers: [][2]string{{"x-api-key", "k2"}}},
		{desc: "no key", config: `{"keys":["k1"]}`, want: 401, message: "missing API key"},
		{desc: "an empty key is no key", config: `{"keys":["k1"]}`,
			headers: [][2]string{{"x-api-key", ""}}, want: 401, message: "missing API key"},
		{desc: "a wrong key", config: `{"keys":["k1"]}`,
			headers: [][2]string{{"x-api-key", "k2"}}, want: 401, message: "invalid API key"},
		{desc: "a key prefix", config: `{"keys":["k1"]}`,
			headers: [][2]string{{"x-api-key", "k"}}, want: 401, message: "invalid API key"},
		{desc: "keys are case-sensitive", config: `{"keys":["k1"]}`,
			headers: [][2]string{{"x-api-key", "K1"}}, want: 401, message: "invalid API key"},
		{desc: "another header", config: `{"keys":["k1"],"header":"Authorization-Key"}`,
			headers: [][2]string{{"authorization-key", "k1"}}},
		{desc: "the default header once another is set", config: `{"keys":["k1"],"header":"x-key"}`,
			headers: [][2]string{{"x-api-key", "k1"}}, want: 401, message: "missing API key"},
		{desc: "the query is not read unless configured", config: `{"keys":["k1"]}`,
			headers: [][2]string{{":path", "/?apikey=k1"}}, want: 401, message: "missing API key"},
		{desc: "the key in the query", config: `{"keys":["k1"],"query":"apikey"}`,
			headers: [][2]string{{":path", "/a?x=1&apikey=k1"}}},
		{desc: "an escaped key in the query", config: `{"keys":["k 1/"],"query":"apikey"}`,
			headers: [][2]string{{":path", "/a?apikey=k+1%2F"}}},
		{desc: "a bad pair does not hide the key", config: `{"keys":["k1"],"query":"apikey"}`,
			headers: [][2]string{{":path", "/a?bad=%zz&apikey=k1"}}},
		{desc: "the fragment is not the key", config: `{"keys":["k1"],"query":"apikey"}`,
			headers: [][2]string{{":path", "/a?apikey=k1#x"}}},
		{desc: "a wrong key in the query", config: `{"keys":["k1"],"query":"apikey"}`,
			headers: [][2]string{{":path", "/a?apikey=k2"}}, want: 401, message: "invalid API key"},
		{desc: "no query", config: `{"keys":["k1"],"query":"apikey"}`,
			headers: [][2]string{{":path", "/a"}}, want: 401, message: "missing API key"},
		{desc: "the header before the query", config: `{"keys":["k1"],"query":"apikey"}`,
			headers: [][2]string{{"x-api-key", "k2"}, {":path", "/?apikey=k1"}}, want: 401, message: "invalid API key"},
		{desc: "a route rule takes its own keys", config: scoped, route: "flaky",
			headers: [][2]string{{"x-api-key", "k3"}}},
		{desc: "a route rule refuses the default key", config: scoped, route: "flaky|v2",
			headers: [][2]string{{"x-api-key", "k1"}}, want: 401, message: "invalid API key"},
		{desc: "other routes take the default", config: scoped, route: "orders",
			headers: [][2]string{{"x-api-key", "k1"}}},
		{desc: "a domain rule with its own header", config: scoped, route: "orders",
			headers: [][2]string{{":authority", "api.partner.test:443"}, {"x-partner-key", "p2"}}},
		{desc: "a domain rule with its own query", config: scoped,
			headers: [][2]string{{":authority", "api.partner.test"}, {":path", "/?key=p1"}}},
		{desc: "a domain rule ignores the default header", config: scoped,
			headers: [][2]string{{":authority", "api.partner.test"}, {"x-api-key", "k1"}}, want: 401, message: "missing API key"},
		{desc: "rules alone leave other routes open", config: `{"_rules_":[{"_match_route_":["private"],"keys":["k"]}]}`,
			route: "public"},
		{desc: "rules alone guard their routes", config: `{"_rules_":[{"_match_route_":["private"],"keys":["k"]}]}`,
			route: "private", want: 401, message: "missing API key"},
		{desc: "no configuration", refused: "keys: at least one key is required"},
		{desc: "no keys", config: `{"keys":[]}`, refused: "keys: at least one key is required"},
		{desc: "an empty key", config: `{"keys":["k",""]}`, refused: "keys[1]: must not be empty"},
		{desc: "keys not strings", config: `{"keys":[1]}`, refused: "keys: must be an array of strings"},
		{desc: "a misspelt field", config: `{"keys":["k"],"heder":"x"}`, refused: `unknown field "heder"`},
		{desc: "a pseudo-header", config: `{"keys":["k"],"header":":path"}`, refused: "pseudo-headers are not allowed"},
		{desc: "a bad header name", config: `{"keys":["k"],"header":"x key"}`, refused: "not a valid header name"},
		{desc: "a bad rule", config: `{"keys":["k"],"_rules_":[{"_match_route_":["r"]}]}`, refused: "_rules_[0]: keys: at least one key"},
		{desc: "not JSON", config: `keys=k`, refused: "must be a JSON object"},
	}
	for _, vm := range plugintest.VMs(t, "key-auth", newVM()) {
		for _, c := range cases {
			t.Run(vm.Name+"/"+c.desc, func(t *testing.T) {
				r := plugintest.Run(t, vm.VM, plugintest.Case{Config: c.config, Route: c.route, Request: c.headers})
				if c.refused != "" {
					if r.Started || len(r.Errors) != 1 || !strings.Contains(r.Errors[0], c.refused) {
						t.Fatalf("started %v, logged %q; want a refusal with %q", r.Started, r.Errors, c.refused)
					}
					return
				}
				if !r.Started {
					t.Fatalf("refused to start: %q", r.Errors)
				}
				if c.want == 0 {
					if r.Action != types.ActionContinue || r.Reply != nil {
						t.Fatalf("action %v, reply %+v; want the request to go on", r.Action, r.Reply)
					}
					return
				}
				if r.Action != types.ActionPause || r.Reply == nil || int(r.Reply.StatusCode) != c.want {
					t.Fatalf("action %v, reply %+v; want %d", r.Action, r.Reply, c.want)
				}
				if body := `{"message":"` + c.message + `"}`; string(r.Reply.Data) != body {
					t.Fatalf("body %s, want %s", r.Reply.Data, body)
				}
				if ct := plugintest.Values(r.Reply.Headers, "content-type"); len(ct) != 1 || ct[0] != "application/json" {
					t.Fatalf("content-type %q", ct)
				}
				if wa := plugintest.Values(r.Reply.Headers, "www-authenticate"); len(wa) != 1 || wa[0] != `Key realm="causeway"` {
					t.Fatalf("www-authenticate %q", wa)
				}
			})
		}
	}
}

// The key stays on the request for the upstream.
func TestKeyAuthKeepsTheKey(t *testing.T) {
	r := plugintest.Run(t, newVM(), plugintest.Case{Config: `{"keys":["k1"]}`,
		Request: [][2]string{{"x-api-key", "k1"}}})
	if got := plugintest.Values(r.Request, "x-api-key"); len(got) != 1 || got[0] != "k1" {
		t.Fatalf("x-api-key after the plugin: %q", got)
	}
}

// queryValue reads a query as net/url's ParseQuery does (the module goes
// without net/url for its size).
func FuzzQueryValue(f *testing.F) {
	for _, s := range []string{"/", "/?", "/?apikey=k1", "/?x=1&apikey=k+1%2F", "/?bad=%zz&apikey=k1", "/?apikey=%zz&apikey=k1",
		"/?apikey=k1#x", "/?apikey=&apikey=k2", "/?a;b=1&apikey=k", "/?apikey;=1", "/?api%6Bey=v", "/?apikey", "/?&&apikey=%41%4", "/?apikey=%"} {
		f.Add(s, "apikey")
	}
	f.Fuzz(func(t *testing.T, path, name string) {
		want, wantOK := "", false
		if _, query, ok := strings.Cut(path, "?"); ok {
			query, _, _ = strings.Cut(query, "#")
			values, _ := url.ParseQuery(query)
			if v := values.Get(name); v != "" {
				want, wantOK = v, true
			}
		}
		if got, ok := queryValue(path, name); got != want || ok != wantOK {
			t.Fatalf("queryValue(%q, %q) = %q, %v; net/url: %q, %v", path, name, got, ok, want, wantOK)
		}
	})
}

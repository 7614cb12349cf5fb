//go:build !wasm

// proxytest, the host emulator, exists only off wasm (the SDK swaps its
// mock host in under the same tag), so these tests run on the build host.

package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/internal/plugintest"
)

type headers = [][2]string

func TestHeaderRewrite(t *testing.T) {
	const scoped = `{"request":{"set":{"x-scope":"default"}},"_rules_":[
		{"_match_route_":["orders"],"request":{"set":{"x-scope":"orders"}}},
		{"_match_domain_":["*.example.com"],"response":{"add":{"x-scope":"domain"}}}]}`
	cases := []struct {
		desc         string
		config       string
		route        string
		request      headers
		response     headers
		wantRequest  headers
		wantResponse headers
		refused      string // OnPluginStart fails, logging this
	}{
		{desc: "set adds a missing header", config: `{"request":{"set":{"x-a":"1"}}}`,
			request: headers{{"x-b", "b"}}, wantRequest: headers{{"x-b", "b"}, {"x-a", "1"}}},
		{desc: "set replaces a value", config: `{"request":{"set":{"X-A":"new"}}}`,
			request: headers{{"x-a", "old"}}, wantRequest: headers{{"x-a", "new"}}},
		// The emulator appends an added value to the existing one in place
		// ("old"+"new"); Envoy adds a second header line. Either way add
		// keeps the old value, which is what composing plugins rely on.
		{desc: "add keeps the existing value", config: `{"request":{"add":{"x-a":"new"}}}`,
			request: headers{{"x-a", "old"}}, wantRequest: headers{{"x-a", "oldnew"}}},
		{desc: "add a missing header", config: `{"request":{"add":{"x-echo-order":"second"}}}`,
			wantRequest: headers{{"x-echo-order", "second"}}},
		{desc: "remove", config: `{"request":{"remove":["x-a","x-missing"]}}`,
			request: headers{{"x-a", "1"}, {"x-b", "2"}}, wantRequest: headers{{"x-b", "2"}}},
		{desc: "remove, then set, then add", config: `{"request":{"remove":["x-a"],"set":{"x-a":"set"},"add":{"x-a":"+add"}}}`,
			request: headers{{"x-a", "old"}}, wantRequest: headers{{"x-a", "set+add"}}},
		{desc: "several headers in name order", config: `{"request":{"set":{"x-c":"3","x-a":"1","x-b":"2"}}}`,
			wantRequest: headers{{"x-a", "1"}, {"x-b", "2"}, {"x-c", "3"}}},
		{desc: "an empty value", config: `{"request":{"set":{"x-a":""}}}`,
			request: headers{{"x-a", "1"}}, wantRequest: headers{{"x-a", ""}}},
		{desc: "the response side", config: `{"response":{"remove":["server"],"set":{"cache-control":"no-store"}}}`,
			request: headers{{"x-a", "1"}}, wantRequest: headers{{"x-a", "1"}},
			response: headers{{"server", "envoy"}, {"cache-control", "max-age=60"}}, wantResponse: headers{{"cache-control", "no-store"}}},
		{desc: "the request side leaves the response alone", config: `{"request":{"set":{"x-a":"1"}}}`,
			response: headers{{"x-a", "0"}}, wantRequest: headers{{"x-a", "1"}}, wantResponse: headers{{"x-a", "0"}}},
		{desc: "an empty configuration changes nothing", config: `{}`,
			request: headers{{"x-a", "1"}}, wantRequest: headers{{"x-a", "1"}}, response: headers{{"x-b", "2"}}, wantResponse: headers{{"x-b", "2"}}},
		{desc: "no configuration changes nothing", config: ``,
			request: headers{{"x-a", "1"}}, wantRequest: headers{{"x-a", "1"}}},
		{desc: "the default", config: scoped, route: "users",
			wantRequest: headers{{"x-scope", "default"}}},
		{desc: "a route rule", config: scoped, route: "orders|canary",
			wantRequest: headers{{"x-scope", "orders"}}},
		{desc: "a domain rule, on the response", config: scoped, route: "users",
			request: headers{{":authority", "www.example.com"}}, wantRequest: headers{{":authority", "www.example.com"}},
			wantResponse: headers{{"x-scope", "domain"}}},
		{desc: "a pseudo-header to set", config: `{"request":{"set":{":path":"/"}}}`, refused: "request.set: \":path\": pseudo-headers are not allowed"},
		{desc: "a pseudo-header to remove", config: `{"response":{"remove":[":status"]}}`, refused: "response.remove[0]: \":status\": pseudo-headers"},
		{desc: "a bad header name", config: `{"request":{"add":{"x a":"1"}}}`, refused: "request.add: \"x a\": not a valid header name"},
		{desc: "an empty header name", config: `{"request":{"set":{"":"1"}}}`, refused: "request.set: a header name must not be empty"},
		{desc: "a value with a newline", config: `{"response":{"set":{"x-a":"1\r\nx-b: 2"}}}`, refused: "response.set.x-a: "},
		{desc: "a value not a string", config: `{"request":{"set":{"x-a":1}}}`, refused: "request.set.x-a: must be a string"},
		{desc: "remove not a list", config: `{"request":{"remove":"x-a"}}`, refused: "request.remove: must be an array of strings"},
		{desc: "a misspelt field", config: `{"requests":{}}`, refused: `unknown field "requests"`},
		{desc: "a misspelt edit", config: `{"request":{"replace":{"x-a":"1"}}}`, refused: `unknown field "replace"`},
		{desc: "a bad rule", config: `{"_rules_":[{"_match_route_":["r"],"request":{"set":{":path":"/"}}}]}`, refused: "_rules_[0]: request.set"},
	}
	for _, vm := range plugintest.VMs(t, "header-rewrite", newVM()) {
		for _, c := range cases {
			t.Run(vm.Name+"/"+c.desc, func(t *testing.T) {
				r := plugintest.Run(t, vm.VM, plugintest.Case{Config: c.config, Route: c.route,
					Request: c.request, Response: c.response})
				if c.refused != "" {
					if r.Started || len(r.Errors) != 1 || !strings.Contains(r.Errors[0], c.refused) {
						t.Fatalf("started %v, logged %q; want a refusal with %q", r.Started, r.Errors, c.refused)
					}
					return
				}
				if !r.Started || r.Action != types.ActionContinue || r.Reply != nil {
					t.Fatalf("started %v (%q), action %v, reply %+v", r.Started, r.Errors, r.Action, r.Reply)
				}
				if got, want := fmt.Sprint(r.Request), fmt.Sprint(c.wantRequest); got != want {
					t.Errorf("request headers %s, want %s", got, want)
				}
				if got, want := fmt.Sprint(r.Response), fmt.Sprint(c.wantResponse); got != want {
					t.Errorf("response headers %s, want %s", got, want)
				}
			})
		}
	}
}

// When an earlier filter answers locally, this filter sees the response
// without having seen the request, and still rewrites it.
func TestHeaderRewriteResponseOnly(t *testing.T) {
	opt := proxytest.NewEmulatorOption().WithVMContext(newVM()).
		WithPluginConfiguration([]byte(`{"response":{"set":{"x-a":"1"}}}`))
	host, reset := proxytest.NewHostEmulator(opt)
	defer reset()
	if host.StartPlugin() != types.OnPluginStartStatusOK {
		t.Fatal("refused to start")
	}
	id := host.InitializeHttpContext()
	host.CallOnResponseHeaders(id, headers{{":status", "401"}}, false)
	if got := plugintest.Values(host.GetCurrentResponseHeaders(id), "x-a"); len(got) != 1 || got[0] != "1" {
		t.Fatalf("x-a %q, want 1", got)
	}
}

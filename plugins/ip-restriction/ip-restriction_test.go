//go:build !wasm

// proxytest, the host emulator, exists only off wasm (the SDK swaps its
// mock host in under the same tag), so these tests run on the build host.

package main

import (
	"strings"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/internal/plugintest"
)

func TestIPRestriction(t *testing.T) {
	const lists = `{"allow":["10.0.0.0/8","2001:db8::/32","192.0.2.7"],"deny":["10.1.0.0/16","2001:db8:bad::1"]}`
	const xff = `{"deny":["203.0.113.0/24"],"ipSource":"header"}`
	const scoped = `{"deny":["10.0.0.0/8"],"_rules_":[
		{"_match_route_":["admin"],"allow":["192.168.0.0/16"]},
		{"_match_domain_":["open.example.com"],"deny":["198.51.100.1"]}]}`
	cases := []struct {
		desc    string
		config  string
		route   string
		source  string // source.address; "" leaves it unset
		headers [][2]string
		denied  bool
		refused string // OnPluginStart fails, logging this
	}{
		{desc: "in allow", config: lists, source: "10.2.3.4:5555"},
		{desc: "outside allow", config: lists, source: "11.0.0.1:5555", denied: true},
		{desc: "deny wins over allow", config: lists, source: "10.1.2.3:5555", denied: true},
		{desc: "a bare allowed address", config: lists, source: "192.0.2.7:1"},
		{desc: "next to a bare allowed address", config: lists, source: "192.0.2.8:1", denied: true},
		{desc: "IPv6 in allow", config: lists, source: "[2001:db8::1]:443"},
		{desc: "IPv6 denied", config: lists, source: "[2001:db8:bad::1]:443", denied: true},
		{desc: "IPv6 outside allow", config: lists, source: "[2001:db9::1]:443", denied: true},
		{desc: "IPv4-mapped IPv6 is IPv4", config: lists, source: "[::ffff:10.2.3.4]:80"},
		{desc: "IPv4-mapped IPv6 denied as IPv4", config: lists, source: "[::ffff:10.1.0.1]:80", denied: true},
		{desc: "a zone is ignored", config: `{"deny":["fe80::1"]}`, source: "[fe80::1%eth0]:80", denied: true},
		{desc: "a mapped CIDR in the config", config: `{"deny":["::ffff:10.0.0.0/104"]}`, source: "10.9.9.9:1", denied: true},
		{desc: "a non-canonical CIDR", config: `{"deny":["10.1.2.3/8"]}`, source: "10.200.0.1:1", denied: true},
		{desc: "deny only lets others through", config: `{"deny":["1.2.3.4"]}`, source: "1.2.3.5:1"},
		{desc: "deny only", config: `{"deny":["1.2.3.4"]}`, source: "1.2.3.4:1", denied: true},
		{desc: "everything denied", config: `{"deny":["0.0.0.0/0","::/0"]}`, source: "[::1]:1", denied: true},
		{desc: "a source without port", config: `{"allow":["127.0.0.1"]}`, source: "127.0.0.1"},
		{desc: "no source address fails closed", config: `{"deny":["1.2.3.4"]}`, denied: true},
		{desc: "a source that is no address fails closed", config: `{"deny":["1.2.3.4"]}`, source: "envoy://internal", denied: true},
		{desc: "the header is not read by default", config: `{"deny":["203.0.113.0/24"]}`, source: "127.0.0.1:1",
			headers: [][2]string{{"x-forwarded-for", "203.0.113.9"}}},
		{desc: "the first forwarded address", config: xff, source: "127.0.0.1:1",
			headers: [][2]string{{"x-forwarded-for", "203.0.113.9, 10.0.0.1"}}, denied: true},
		{desc: "a later forwarded address is not the client", config: xff, source: "127.0.0.1:1",
			headers: [][2]string{{"x-forwarded-for", "10.0.0.1, 203.0.113.9"}}},
		{desc: "a forwarded address with a port", config: xff, source: "127.0.0.1:1",
			headers: [][2]string{{"x-forwarded-for", "203.0.113.9:1234"}}, denied: true},
		{desc: "a forwarded IPv6 address in brackets", config: `{"deny":["2001:db8::1"],"ipSource":"header"}`,
			headers: [][2]string{{"x-forwarded-for", "[2001:db8::1]"}}, denied: true},
		{desc: "without the header, the peer", config: xff, source: "203.0.113.1:1", denied: true},
		{desc: "a forwarded garbage address fails closed", config: xff, source: "127.0.0.1:1",
			headers: [][2]string{{"x-forwarded-for", "unknown"}}, denied: true},
		{desc: "another header", config: `{"deny":["203.0.113.9"],"ipSource":"header","header":"X-Real-IP"}`, source: "127.0.0.1:1",
			headers: [][2]string{{"x-real-ip", "203.0.113.9"}, {"x-forwarded-for", "10.0.0.1"}}, denied: true},
		{desc: "the default", config: scoped, route: "orders", source: "10.0.0.1:1", denied: true},
		{desc: "a route rule replaces the default", config: scoped, route: "admin|v1", source: "10.0.0.1:1", denied: true},
		{desc: "a route rule allows", config: scoped, route: "admin", source: "192.168.1.1:1"},
		{desc: "a domain rule", config: scoped, route: "orders", source: "10.0.0.1:1",
			headers: [][2]string{{":authority", "OPEN.example.com:8080"}}},
		{desc: "a domain rule denies", config: scoped, source: "198.51.100.1:1",
			headers: [][2]string{{":authority", "open.example.com"}}, denied: true},
		{desc: "rules alone leave other routes open", config: `{"_rules_":[{"_match_route_":["admin"],"deny":["0.0.0.0/0"]}]}`,
			route: "orders", source: "10.0.0.1:1"},
		{desc: "no lists", config: `{}`, refused: "at least one of allow and deny is required"},
		{desc: "empty lists", config: `{"allow":[],"deny":[]}`, refused: "at least one of allow and deny"},
		{desc: "a bad CIDR", config: `{"allow":["10.0.0.0/33"]}`, refused: `allow[0]: "10.0.0.0/33": not an IP address or CIDR`},
		{desc: "a bad address", config: `{"deny":["1.2.3.4","1.2.3"]}`, refused: `deny[1]: "1.2.3"`},
		{desc: "a host name", config: `{"deny":["example.com"]}`, refused: `deny[0]: "example.com"`},
		{desc: "an address with a port", config: `{"deny":["1.2.3.4:80"]}`, refused: `deny[0]`},
		{desc: "spaces", config: `{"deny":[" 1.2.3.4"]}`, refused: `deny[0]`},
		{desc: "an unknown ipSource", config: `{"deny":["1.2.3.4"],"ipSource":"xff"}`, refused: `ipSource: "xff": must be "peer" or "header"`},
		{desc: "a header without ipSource header", config: `{"deny":["1.2.3.4"],"header":"x-real-ip"}`, refused: "header: only read with"},
		{desc: "a bad header", config: `{"deny":["1.2.3.4"],"ipSource":"header","header":":authority"}`, refused: "header: \":authority\": pseudo-headers"},
		{desc: "a misspelt field", config: `{"denied":["1.2.3.4"]}`, refused: `unknown field "denied"`},
		{desc: "a bad rule", config: `{"deny":["1.2.3.4"],"_rules_":[{"_match_route_":["r"],"allow":["x"]}]}`, refused: `_rules_[0]: allow[0]`},
	}
	for _, vm := range plugintest.VMs(t, "ip-restriction", newVM()) {
		for _, c := range cases {
			t.Run(vm.Name+"/"+c.desc, func(t *testing.T) {
				r := plugintest.Run(t, vm.VM, plugintest.Case{Config: c.config, Route: c.route, Source: c.source, Request: c.headers})
				if c.refused != "" {
					if r.Started || len(r.Errors) != 1 || !strings.Contains(r.Errors[0], c.refused) {
						t.Fatalf("started %v, logged %q; want a refusal with %q", r.Started, r.Errors, c.refused)
					}
					return
				}
				if !r.Started {
					t.Fatalf("refused to start: %q", r.Errors)
				}
				if !c.denied {
					if r.Action != types.ActionContinue || r.Reply != nil {
						t.Fatalf("action %v, reply %+v; want the request to go on", r.Action, r.Reply)
					}
					return
				}
				if r.Action != types.ActionPause || r.Reply == nil || r.Reply.StatusCode != 403 ||
					string(r.Reply.Data) != `{"message":"forbidden"}` {
					t.Fatalf("action %v, reply %+v; want 403 forbidden", r.Action, r.Reply)
				}
				if ct := plugintest.Values(r.Reply.Headers, "content-type"); len(ct) != 1 || ct[0] != "application/json" {
					t.Fatalf("content-type %q", ct)
				}
			})
		}
	}
}

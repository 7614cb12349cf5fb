//go:build !wasm

// proxytest, the host emulator, exists only off wasm (the SDK swaps its
// mock host in under the same tag), so these tests run on the build host.

package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/plugins/internal/plugintest"
)

// keyIn finds a key with prefix whose bucket is in [lo, hi), so cases
// name keys by where they land rather than by magic strings.
func keyIn(t *testing.T, prefix string, lo, hi int) string {
	t.Helper()
	for i := 0; ; i++ {
		key := fmt.Sprintf("%s%d", prefix, i)
		if b := bucket(key); b >= lo && b < hi {
			return key
		}
	}
}

func TestGrayTag(t *testing.T) {
	const full = `{"rules":[
		{"header":"x-user","values":["alice","bob"],"tag":"gray"},
		{"cookie":"beta","values":["1"],"tag":"beta"},
		{"weight":10,"tag":"canary"}]}`
	low, high := keyIn(t, "req-", 0, 10), keyIn(t, "req-", 10, 100)
	userLow, userHigh := keyIn(t, "user-", 0, 10), keyIn(t, "user-", 10, 100)
	const sticky = `{"rules":[{"header":"x-user","values":["nobody"],"tag":"gray"},{"weight":10,"tag":"canary"}]}`
	cases := []struct {
		desc      string
		config    string
		route     string
		headers   [][2]string
		tagHeader string   // x-causeway-tag unless set
		want      []string // the tag header's values after the plugin
		refused   string   // OnPluginStart fails, logging this
	}{
		{desc: "a header value", config: full, headers: [][2]string{{"x-user", "bob"}}, want: []string{"gray"}},
		{desc: "another header value", config: full, headers: [][2]string{{"x-user", "carol"}, {"x-request-id", high}}},
		{desc: "header values are exact", config: full, headers: [][2]string{{"x-user", "Alice"}, {"x-request-id", high}}},
		{desc: "a cookie", config: full, headers: [][2]string{{"cookie", "a=b; beta=1; c=d"}}, want: []string{"beta"}},
		{desc: "a quoted cookie", config: full, headers: [][2]string{{"cookie", `beta="1"`}}, want: []string{"beta"}},
		{desc: "a cookie in a second Cookie header", config: full,
			headers: [][2]string{{"cookie", "a=b"}, {"cookie", "beta=1"}}, want: []string{"beta"}},
		{desc: "a repeated cookie", config: full, headers: [][2]string{{"cookie", "beta=0;beta=1"}}, want: []string{"beta"}},
		{desc: "another cookie value", config: full, headers: [][2]string{{"cookie", "beta=2"}, {"x-request-id", high}}},
		{desc: "a cookie name is not a prefix", config: full, headers: [][2]string{{"cookie", "betax=1; xbeta=1"}, {"x-request-id", high}}},
		{desc: "the first matching rule wins", config: full,
			headers: [][2]string{{"x-user", "alice"}, {"cookie", "beta=1"}, {"x-request-id", low}}, want: []string{"gray"}},
		{desc: "inside the weight", config: full, headers: [][2]string{{"x-request-id", low}}, want: []string{"canary"}},
		{desc: "outside the weight", config: full, headers: [][2]string{{"x-request-id", high}}},
		{desc: "the user decides, not the request id", config: sticky,
			headers: [][2]string{{"x-user", userLow}, {"x-request-id", high}}, want: []string{"canary"}},
		{desc: "the user decides, outside", config: sticky,
			headers: [][2]string{{"x-user", userHigh}, {"x-request-id", low}}},
		{desc: "weight 100", config: `{"rules":[{"weight":100,"tag":"all"}]}`, want: []string{"all"}},
		{desc: "weight 0", config: `{"rules":[{"weight":0,"tag":"none"}]}`, headers: [][2]string{{"x-request-id", low}}},
		{desc: "an incoming tag is kept", config: full,
			headers: [][2]string{{"x-causeway-tag", "blue"}, {"x-user", "alice"}}, want: []string{"blue"}},
		{desc: "an empty incoming tag is no tag", config: full,
			headers: [][2]string{{"x-causeway-tag", ""}, {"x-user", "alice"}}, want: []string{"gray"}},
		{desc: "another tag header", config: `{"tagHeader":"X-Env","rules":[{"header":"x-user","values":["alice"],"tag":"gray"}]}`,
			headers: [][2]string{{"x-user", "alice"}, {"x-causeway-tag", "blue"}}, tagHeader: "x-env", want: []string{"gray"}},
		{desc: "a route rule", route: "shop|v2",
			config: `{"rules":[{"weight":0,"tag":"x"}],"_rules_":[{"_match_route_":["shop"],"rules":[{"weight":100,"tag":"shop"}]}]}`,
			want:   []string{"shop"}},
		{desc: "rules alone leave other routes alone", route: "other",
			config: `{"_rules_":[{"_match_route_":["shop"],"rules":[{"weight":100,"tag":"shop"}]}]}`},
		{desc: "no rules", config: `{}`, refused: "rules: at least one rule is required"},
		{desc: "no configuration", config: ``, refused: "rules: at least one rule is required"},
		{desc: "a rule of no kind", config: `{"rules":[{"tag":"x"}]}`, refused: "rules[0]: must have exactly one of header, cookie and weight"},
		{desc: "a rule of two kinds", config: `{"rules":[{"header":"a","weight":1,"values":["v"],"tag":"x"}]}`, refused: "rules[0]: must have exactly one of"},
		{desc: "no tag", config: `{"rules":[{"weight":1}]}`, refused: "rules[0]: tag: must not be empty"},
		{desc: "a tag with a newline", config: `{"rules":[{"weight":1,"tag":"a\nb"}]}`, refused: "rules[0]: tag: "},
		{desc: "a weight over 100", config: `{"rules":[{"weight":101,"tag":"x"}]}`, refused: "rules[0]: weight: 101: must be a percentage"},
		{desc: "a negative weight", config: `{"rules":[{"weight":-1,"tag":"x"}]}`, refused: "weight: -1"},
		{desc: "a fractional weight", config: `{"rules":[{"weight":2.5,"tag":"x"}]}`, refused: "rules[0]: weight: must be an integer"},
		{desc: "values on a weight rule", config: `{"rules":[{"weight":5,"values":["a"],"tag":"x"}]}`, refused: "values: a weight rule has none"},
		{desc: "a header rule without values", config: `{"rules":[{"header":"x-user","tag":"x"}]}`, refused: "rules[0]: values: at least one value"},
		{desc: "a cookie rule with empty values", config: `{"rules":[{"cookie":"beta","values":[],"tag":"x"}]}`, refused: "values: at least one value"},
		{desc: "an empty value", config: `{"rules":[{"header":"x-user","values":["a",""],"tag":"x"}]}`, refused: "values[1]: must not be empty"},
		{desc: "an empty header", config: `{"rules":[{"header":"","values":["a"],"tag":"x"}]}`, refused: "header: a header name must not be empty"},
		{desc: "a pseudo-header", config: `{"rules":[{"header":":path","values":["/"],"tag":"x"}]}`, refused: "pseudo-headers"},
		{desc: "a bad cookie name", config: `{"rules":[{"cookie":"a=b","values":["1"],"tag":"x"}]}`, refused: `cookie: "a=b": not a valid cookie name`},
		{desc: "an empty cookie name", config: `{"rules":[{"cookie":"","values":["1"],"tag":"x"}]}`, refused: "cookie: must not be empty"},
		{desc: "a bad tag header", config: `{"tagHeader":"x tag","rules":[{"weight":1,"tag":"x"}]}`, refused: "tagHeader: "},
		{desc: "a misspelt field", config: `{"rules":[{"weight":1,"tag":"x","tags":"y"}]}`, refused: `unknown field "tags"`},
	}
	for _, vm := range plugintest.VMs(t, "gray-tag", newVM()) {
		for _, c := range cases {
			t.Run(vm.Name+"/"+c.desc, func(t *testing.T) {
				r := plugintest.Run(t, vm.VM, plugintest.Case{Config: c.config, Route: c.route, Request: c.headers})
				if c.refused != "" {
					if r.Started || len(r.Errors) != 1 || !strings.Contains(r.Errors[0], c.refused) {
						t.Fatalf("started %v, logged %q; want a refusal with %q", r.Started, r.Errors, c.refused)
					}
					return
				}
				if !r.Started || r.Reply != nil {
					t.Fatalf("started %v (%q), reply %+v", r.Started, r.Errors, r.Reply)
				}
				tagHeader := c.tagHeader
				if tagHeader == "" {
					tagHeader = "x-causeway-tag"
				}
				got := plugintest.Values(r.Request, tagHeader)
				if fmt.Sprint(got) != fmt.Sprint(c.want) {
					t.Fatalf("%s: %q, want %q", tagHeader, got, c.want)
				}
			})
		}
	}
}

// Weights split traffic in proportion, and a key always lands in the same
// bucket.
func TestBucket(t *testing.T) {
	cases := []struct {
		weight   int
		min, max int // tagged out of 10000 distinct keys
	}{
		{0, 0, 0}, {1, 50, 150}, {10, 900, 1100}, {50, 4800, 5200}, {100, 10000, 10000},
	}
	for _, c := range cases {
		n := 0
		for i := 0; i < 10000; i++ {
			key := fmt.Sprintf("%08x-user", i*7919)
			b := bucket(key)
			if b != bucket(key) {
				t.Fatalf("bucket(%q) is not stable", key)
			}
			if b < c.weight {
				n++
			}
		}
		if n < c.min || n > c.max {
			t.Errorf("weight %d tagged %d of 10000, want %d..%d", c.weight, n, c.min, c.max)
		}
	}
	for i := 0; i < 1000; i++ {
		if b := bucket(""); b < 0 || b > 99 {
			t.Fatalf("random bucket %d", b)
		}
	}
}

func TestCookies(t *testing.T) {
	cases := []struct {
		headers []string
		name    string
		want    []string
	}{
		{[]string{"a=1; b=2"}, "b", []string{"2"}},
		{[]string{"a=1;b=2"}, "a", []string{"1"}},
		{[]string{" a = 1 "}, "a", []string{"1"}},
		{[]string{`a="x y"`}, "a", []string{"x y"}},
		{[]string{`a="`}, "a", []string{`"`}},
		{[]string{"a=1", "a=2; a=3"}, "a", []string{"1", "2", "3"}},
		{[]string{"a=b=c"}, "a", []string{"b=c"}},
		{[]string{"a"}, "a", nil},
		{[]string{"A=1"}, "a", nil},
		{[]string{"ab=1; ba=2"}, "a", nil},
		{nil, "a", nil},
		{[]string{""}, "a", nil},
	}
	for _, c := range cases {
		if got := cookies(c.headers, c.name); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("cookies(%q, %q) = %q, want %q", c.headers, c.name, got, c.want)
		}
	}
}

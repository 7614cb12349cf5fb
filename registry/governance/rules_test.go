package governance

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseRules(t *testing.T) {
	raw := `[{"precedence":1,"route":[{"name":"stable","weight":80,"tags":{"version":"1.0.0"}},{"name":"new","weight":10,"tags":{"version":"2.0.0"}}]},
		{"precedence":3,"match":{"headers":{"X-Canary":{"exact":"true"}}},"route":[{"name":"canary","tags":{"version":"2.0.0"}}]},
		{"precedence":1,"match":{"headers":{"x-user":{"regex":"tester-[0-9]+","caseInsensitive":true}}},"route":[{"tags":{"version":"3.0.0"}}]},
		{"route":[{"weight":0,"tags":{"zone":"a"}}]}]`
	got, err := ParseRules(json.RawMessage(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := []Rule{
		{Precedence: 3, Headers: []NamedMatch{{Name: "x-canary", StringMatch: StringMatch{Op: OpExact, Value: "true"}}},
			Routes: []RouteTarget{{Name: "canary", Weight: 100, Tags: map[string]string{"version": "2.0.0"}}}},
		{Precedence: 1, Routes: []RouteTarget{{Name: "stable", Weight: 80, Tags: map[string]string{"version": "1.0.0"}},
			{Name: "new", Weight: 10, Tags: map[string]string{"version": "2.0.0"}}}},
		{Precedence: 1, Headers: []NamedMatch{{Name: "x-user", StringMatch: StringMatch{Op: OpRegex, Value: "tester-[0-9]+", CaseInsensitive: true}}},
			Routes: []RouteTarget{{Weight: 100, Tags: map[string]string{"version": "3.0.0"}}}},
		{Routes: []RouteTarget{{Weight: 0, Tags: map[string]string{"zone": "a"}}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseRulesRefuses(t *testing.T) {
	route := `"route":[{"tags":{"v":"1"}}]`
	many := "[" + strings.Repeat(`{`+route+`},`, MaxRules) + `{` + route + `}]`
	cases := []struct{ raw, field, words string }{
		{``, "rules", "a JSON array"},
		{`{}`, "rules", "must be an array"},
		{`[]`, "rules", "at least one rule"},
		{many, "rules", fmt.Sprintf("at most %d rules", MaxRules)},
		{`[null]`, "rules[0]", "must be an object"},
		{`[{"precedence":"1",` + route + `}]`, "rules[0].precedence", "must be an integer"},
		{`[{"priority":1,` + route + `}]`, "rules[0].priority", "is not a known field"},
		{`[{}]`, "rules[0].route", "at least one route"},
		{`[{"route":[]}]`, "rules[0].route", "at least one route"},
		{`[{"route":[{"weight":20}]}]`, "rules[0].route[0].tags", "at least one tag"},
		{`[{"route":[{"tags":{"v":""}}]}]`, "rules[0].route[0].tags.v", "must be 1-"},
		{`[{"route":[{"tags":{"":"1"}}]}]`, "rules[0].route[0].tags", "a tag name"},
		{`[{"route":[{"tags":{"v":1}}]}]`, "rules[0].route[0].tags", "must be a string"},
		{`[{"route":[{"weight":101,"tags":{"v":"1"}}]}]`, "rules[0].route[0].weight", "must be 0-100"},
		{`[{"route":[{"weight":-1,"tags":{"v":"1"}}]}]`, "rules[0].route[0].weight", "must be 0-100"},
		{`[{"route":[{"weight":"20","tags":{"v":"1"}}]}]`, "rules[0].route[0].weight", "must be an integer"},
		{`[{"route":[{"tags":{"v":"1"}},{"weight":20,"tags":{"v":"2"}}]}]`, "rules[0].route[0].weight", "is required when a rule has several"},
		{`[{` + route + `},{"route":[{"weight":60,"tags":{"v":"1"}},{"weight":60,"tags":{"v":"2"}}]}]`, "rules[1].route", "weights of rule 1 sum to 120, over 100"},
		{`[{"route":[{"tags":{"v":"1"},"host":"x"}]}]`, "rules[0].route[0].host", "is not a known field"},
		{`[{"match":{"path":"/"},` + route + `}]`, "rules[0].match.path", "is not a known field"},
		{`[{"match":{"headers":{"x":{"exact":"a","prefix":"b"}}},` + route + `}]`, "rules[0].match.headers.x", "exactly one of exact, regex and prefix"},
		{`[{"match":{"headers":{"x":{"caseInsensitive":true}}},` + route + `}]`, "rules[0].match.headers.x", "exactly one"},
		{`[{"match":{"headers":{"x":{"suffix":"a"}}},` + route + `}]`, "rules[0].match.headers.x.suffix", "is not an operator of a route rule"},
		{`[{"match":{"headers":{"x":{"regex":"(a"}}},` + route + `}]`, "rules[0].match.headers.x.regex", "is not an RE2 regular expression"},
		{`[{"match":{"headers":{"x":{"regex":"(?=a)"}}},` + route + `}]`, "rules[0].match.headers.x.regex", "is not an RE2 regular expression"},
		{`[{"match":{"headers":{"x":{"regex":"[a-z]{0,200}"}}},` + route + `}]`, "rules[0].match.headers.x.regex", "too complex"},
		{`[{"match":{"headers":{"x":{"prefix":""}}},` + route + `}]`, "rules[0].match.headers.x.prefix", "must not be empty"},
		{`[{"match":{"headers":{":path":{"exact":"/"}}},` + route + `}]`, "rules[0].match.headers.:path", "pseudo-header"},
		{`[{"match":{"headers":{"x":"a"}},` + route + `}]`, "rules[0].match.headers.x", "must be an object"},
	}
	for _, c := range cases {
		_, err := ParseRules(json.RawMessage(c.raw))
		name := c.raw
		if len(name) > 80 {
			name = name[:80]
		}
		t.Run(name, func(t *testing.T) { wantInvalid(t, err, c.field, c.words) })
	}
}

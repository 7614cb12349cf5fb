package rules

import (
	"testing"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
)

// FuzzParse feeds Parse what an operator (or an attacker with API access)
// could put in a pluginConfig: whatever it is, Parse and For must answer,
// never panic.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `null`, `[]`, `{"_rules_":[]}`, `{"_rules_":null}`,
		`{"a":1,"_rules_":[{"_match_route_":["r"],"b":2},{"_match_domain_":["*.x.com","y.com"]}]}`,
		`{"_rules_":[{"_match_route_":["r"],"_match_domain_":["d"]}]}`,
		`{"_rules_":[{"_match_domain_":["*."]},{"_match_domain_":["*"]}]}`,
		`{"_rules_":[{"_match_route_":[""]}]}`,
		`{"_rules_":[{"_match_domain_":["\u0000"]}]}`,
	} {
		f.Add([]byte(seed), "r|x", "www.x.com:80")
	}
	f.Fuzz(func(t *testing.T, raw []byte, route, host string) {
		s, err := Parse(raw, func(o *conf.Object) (any, error) {
			_, err := o.String("a")
			return o.Rest(), err
		})
		if err != nil {
			if s != nil {
				t.Fatalf("Parse answered a set and an error: %v", err)
			}
			return
		}
		s.For(route, host)
	})
}

package translate

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/naming"
)

// benchSnapshot is services services of two instances each (versions 1.0.0
// and 2.0.0), a gray route rule on every tenth, and per service a traffic
// definition with a retry, a rate limit and a bulkhead; withRules false
// leaves the rules out, to tell their cost from the plain translation's.
func benchSnapshot(b *testing.B, services int, withRules bool) *index.Snapshot {
	b.Helper()
	var svcs []*index.Service
	var policies []*governance.Policy
	var routes []*governance.RouteRule
	parse := func(kind governance.Kind, spec string) any {
		p, err := governance.ParseSpec(kind, json.RawMessage(spec))
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	rules, err := governance.ParseRules(json.RawMessage(`[{"precedence":2,"match":{"headers":{"x-canary":{"exact":"true"}}},
		"route":[{"tags":{"version":"2.0.0"}}]},{"precedence":1,"route":[{"weight":80,"tags":{"version":"1.0.0"}},
		{"weight":20,"tags":{"version":"2.0.0"}}]}]`))
	if err != nil {
		b.Fatal(err)
	}
	for i := range services {
		name := fmt.Sprintf("svc-%04d", i)
		k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: name}
		svc := &index.Service{Key: k, Version: 1}
		for v := 1; v <= 2; v++ {
			svc.Instances = append(svc.Instances, &naming.Instance{Service: k, IP: fmt.Sprintf("10.%d.%d.%d", i/250, i%250, v),
				Port: 8080, Cluster: "DEFAULT", Weight: 1, Healthy: true, Enabled: true,
				Metadata: map[string]string{"version": fmt.Sprintf("%d.0.0", v)}})
		}
		svcs = append(svcs, svc)
		if !withRules {
			continue
		}
		sel := governance.Selector{App: "default", Service: name}
		mg := fmt.Sprintf("api-%d", i)
		policies = append(policies,
			&governance.Policy{ID: mg, Kind: governance.KindMatchGroup, Name: mg, Selector: sel, Project: "default", Created: int64(i),
				Parsed: parse(governance.KindMatchGroup, `{"matches":[{"name":"m","apiPath":{"prefix":"/api"},"method":["POST"]}]}`)},
			&governance.Policy{ID: mg + "-r", Kind: governance.KindRetry, Name: mg, Selector: sel, Project: "default",
				Parsed: parse(governance.KindRetry, `{}`)},
			&governance.Policy{ID: mg + "-l", Kind: governance.KindRateLimiting, Name: mg, Selector: sel, Project: "default",
				Parsed: parse(governance.KindRateLimiting, `{"rate":100}`)},
			&governance.Policy{ID: mg + "-b", Kind: governance.KindBulkhead, Name: mg, Selector: sel, Project: "default",
				Parsed: parse(governance.KindBulkhead, `{}`)})
		if i%10 == 0 {
			routes = append(routes, &governance.RouteRule{Rules: rules,
				Key: governance.RouteRuleKey{Project: "default", App: "default", Service: name}})
		}
	}
	snap := index.NewSnapshot(svcs...)
	if withRules {
		snap = snap.WithGovernance(governance.NewSnapshot(policies, routes))
	}
	return snap
}

// BenchmarkSidecarTranslation translates a whole sidecar scope of 1,000
// services, with and without traffic rules.
func BenchmarkSidecarTranslation(b *testing.B) {
	for _, rules := range []bool{false, true} {
		b.Run(fmt.Sprintf("rules=%v", rules), func(b *testing.B) {
			snap := benchSnapshot(b, 1000, rules)
			n := Node{ID: "bench", Role: RoleSidecar, Namespace: "public", App: "DEFAULT_GROUP",
				OutboundPort: DefaultOutboundPort, OutboundAddress: DefaultOutboundAddress}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Sidecar(snap, n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGovernanceFor looks up the rules of one service among 1,000
// services' worth of rules (4,000 policies, 100 route rules).
func BenchmarkGovernanceFor(b *testing.B) {
	snap := benchSnapshot(b, 1000, true)
	svc := snap.Service(naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "svc-0500"})
	b.ReportAllocs()
	for b.Loop() {
		if snap.Applied(svc) == nil {
			b.Fatal("no rules")
		}
	}
}

package governance

import (
	"testing"
)

func group(id, name string, sel Selector, matches ...Match) *Policy {
	return &Policy{ID: id, Kind: KindMatchGroup, Name: name, Selector: sel, Project: "default",
		Parsed: &MatchGroupSpec{Matches: matches}}
}

func policy(id string, kind Kind, name string, sel Selector, spec any) *Policy {
	return &Policy{ID: id, Kind: kind, Name: name, Selector: sel, Project: "default", Parsed: spec}
}

func TestForBindsPoliciesByNameAndSelector(t *testing.T) {
	app := Selector{App: "default"}
	orders := Selector{App: "default", Service: "orders"}
	prod := Selector{Environment: "production", App: "default"}
	all := Match{Name: "all"}
	toUsers := Match{Name: "users", ServiceName: "users"}
	firstRetry, secondRetry := &RetrySpec{MaxAttempts: 1}, &RetrySpec{MaxAttempts: 2}
	snap := NewSnapshot([]*Policy{
		group("g1", "pay", app, all, toUsers),
		group("g2", "prod", prod, all),
		group("g3", "lonely", app, all), // no policy: not listed
		policy("r1", KindRetry, "pay", orders, firstRetry),
		policy("r2", KindRetry, "pay", app, secondRetry), // second retry of pay: the first wins
		policy("f1", KindFaultInjection, "pay", Selector{App: "default", Service: "users"}, &FaultSpec{}),
		policy("f2", KindFaultInjection, "prod", prod, &FaultSpec{}),
		policy("b1", KindBulkhead, "pay", app, &BulkheadSpec{MaxConcurrentCalls: 3}),
		policy("i1", KindInstanceIsolation, "pay", app, &CircuitBreakerSpec{FailureRateThreshold: 10}),
		policy("c1", KindCircuitBreaker, "pay", app, &CircuitBreakerSpec{FailureRateThreshold: 20}),
		{ID: "off", Kind: KindRateLimiting, Name: "pay", Selector: app, Project: "default", Status: StatusDisabled, Parsed: &RateLimitSpec{}},
	}, []*RouteRule{{Key: RouteRuleKey{Project: "default", App: "default", Service: "orders"}}})

	a := snap.For(Target{Namespace: "public", Group: "DEFAULT_GROUP", Service: "orders"})
	if a == nil || a.Route == nil || len(a.Traffic) != 1 {
		t.Fatalf("orders: %+v", a)
	}
	tr := a.Traffic[0]
	if tr.Group.ID != "g1" || len(tr.Matches) != 1 || tr.Matches[0].Name != "all" {
		t.Fatalf("orders traffic %+v: want g1 narrowed to the match without serviceName", tr)
	}
	if tr.Retry != firstRetry || tr.Fault != nil || tr.Rate != nil {
		t.Fatalf("orders policies: retry %+v fault %+v rate %+v", tr.Retry, tr.Fault, tr.Rate)
	}
	if a.Bulkhead == nil || a.Isolation == nil || a.CircuitBreaker == nil || a.CircuitBreaker.FailureRateThreshold != 20 {
		t.Fatalf("orders cluster policies %+v", a)
	}

	u := snap.For(Target{Namespace: "", Group: "", Service: "users"})
	if u == nil || len(u.Traffic) != 1 || len(u.Traffic[0].Matches) != 2 || u.Traffic[0].Fault == nil || u.Traffic[0].Retry != secondRetry {
		t.Fatalf("users: %+v", u)
	}
	p := snap.For(Target{Namespace: "public", Group: "DEFAULT_GROUP", Service: "orders", Environment: "production"})
	if p == nil || len(p.Traffic) != 1 || p.Traffic[0].Group.ID != "g2" || p.Route != nil {
		t.Fatalf("production orders: %+v", p)
	}
	if got := snap.For(Target{Namespace: "dev", Group: "DEFAULT_GROUP", Service: "orders"}); got != nil {
		t.Fatalf("another project: %+v", got)
	}
	var none *Snapshot
	if got := none.For(Target{Service: "orders"}); got != nil {
		t.Fatalf("nil snapshot: %+v", got)
	}
}

// Traffic definitions keep creation order across app-wide and
// service-specific selectors, which For looks up separately.
func TestForKeepsCreationOrder(t *testing.T) {
	app := Selector{App: "default"}
	orders := Selector{App: "default", Service: "orders"}
	var ps []*Policy
	for i, sel := range []Selector{orders, app, orders, app} {
		id := string(rune('a' + i))
		g := group(id, id, sel, Match{Name: "m"})
		g.Created = int64(10 - i) // created in reverse of id order
		r := policy(id+"-r", KindRetry, id, sel, &RetrySpec{})
		ps = append(ps, g, r)
	}
	a := NewSnapshot(ps, nil).For(Target{Namespace: "public", Group: "DEFAULT_GROUP", Service: "orders"})
	var got string
	for _, tr := range a.Traffic {
		got += tr.Group.ID
	}
	if got != "dcba" {
		t.Fatalf("traffic order %q, want creation order dcba", got)
	}
}

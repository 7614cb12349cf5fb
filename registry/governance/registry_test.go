package governance

import (
	"context"
	"encoding/json"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

const mgOrders = `{"alias":"orders","matches":[{"name":"m","apiPath":{"prefix":"/orders"}}]}`

func TestPolicyLifecycle(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r := newRegistry(t, st)
	p := mustCreate(t, r, KindRetry, input("pay", `{"maxAttempts": 2}`))
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(p.ID) || p.Status != StatusEnabled || p.Revision == 0 ||
		p.Created != p.Revision || p.Project != "default" {
		t.Fatalf("created %+v", p)
	}
	if spec := p.Parsed.(*RetrySpec); spec.MaxAttempts != 2 || spec.WaitDuration != 10*time.Millisecond {
		t.Fatalf("parsed %+v", spec)
	}
	got, err := r.GetPolicy("default", KindRetry, p.ID)
	if err != nil || got != p {
		t.Fatalf("read-your-writes: %v %v", got, err)
	}
	_, err = r.CreatePolicy(ctx, "default", KindRetry, input("pay", `{}`))
	wantKind(t, err, registry.KindConflict)
	// The same name is free for another kind or another selector.
	mustCreate(t, r, KindBulkhead, input("pay", `{}`))
	mustCreate(t, r, KindRetry, PolicyInput{Name: "pay", Selector: &Selector{Environment: "production"}, Spec: json.RawMessage(`{}`)})

	off := input("", `{"maxAttempts":5}`)
	off.Status = StatusDisabled
	upd, err := r.UpdatePolicy(ctx, "default", KindRetry, p.ID, off)
	if err != nil {
		t.Fatal(err)
	}
	if upd.Name != "pay" || upd.Status != StatusDisabled || upd.Parsed.(*RetrySpec).MaxAttempts != 5 || upd.Created != p.Created {
		t.Fatalf("updated %+v", upd)
	}
	// Status, name, selector and spec left out stay.
	upd, err = r.UpdatePolicy(ctx, "default", KindRetry, p.ID, PolicyInput{Name: "pay2"})
	if err != nil || upd.Status != StatusDisabled || upd.Selector.App != "default" || string(upd.Spec) != `{"maxAttempts":5}` {
		t.Fatalf("partial update %+v %v", upd, err)
	}
	// The old name is free again, the new one taken.
	mustCreate(t, r, KindRetry, input("pay", `{}`))
	_, err = r.CreatePolicy(ctx, "default", KindRetry, input("pay2", `{}`))
	wantKind(t, err, registry.KindConflict)
	_, err = r.UpdatePolicy(ctx, "default", KindRetry, p.ID, input("pay", `{}`))
	wantKind(t, err, registry.KindConflict)

	if err := r.DeletePolicy(ctx, "default", KindRetry, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = r.GetPolicy("default", KindRetry, p.ID)
	wantKind(t, err, registry.KindNotFound)
	wantKind(t, r.DeletePolicy(ctx, "default", KindRetry, p.ID), registry.KindNotFound)
	_, err = r.UpdatePolicy(ctx, "default", KindRetry, p.ID, input("x", `{}`))
	wantKind(t, err, registry.KindNotFound)
	_, err = r.GetPolicy("default", KindBulkhead, p.ID) // an id of another kind
	wantKind(t, err, registry.KindNotFound)
	mustCreate(t, r, KindRetry, input("pay2", `{}`)) // the deleted rule's name is free
}

func TestWritesRefuseBadInputAndStoreNothing(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r := newRegistry(t, st)
	cases := []struct {
		project string
		kind    Kind
		in      PolicyInput
		field   string
	}{
		{"default", KindRetry, input("", `{}`), "name"},
		{"default", KindRetry, input("a b", `{}`), "name"},
		{"default", KindRetry, input("x123456789x123456789x123456789x123456789x123456789x123456789xxxxx", `{}`), "name"},
		{"default", KindRetry, PolicyInput{Name: "a", Status: "on", Spec: json.RawMessage(`{}`)}, "status"},
		{"default", KindRetry, PolicyInput{Name: "a", Selector: &Selector{Environment: "a b"}, Spec: json.RawMessage(`{}`)}, "selector.environment"},
		{"default", KindRetry, PolicyInput{Name: "a", Selector: &Selector{App: "a/b"}, Spec: json.RawMessage(`{}`)}, "selector.app"},
		{"default", KindRetry, PolicyInput{Name: "a", Selector: &Selector{Service: "a b"}, Spec: json.RawMessage(`{}`)}, "selector.service"},
		{"default", KindRetry, input("a", `{"maxAttempts":-1}`), "spec.maxAttempts"},
		{"default", KindRetry, input("a", ``), "spec"},
		{"default", "quota", input("a", `{}`), "kind"},
		{"a/b", KindRetry, input("a", `{}`), "project_id"},
	}
	for _, c := range cases {
		_, err := r.CreatePolicy(ctx, c.project, c.kind, c.in)
		wantInvalid(t, err, c.field, "")
	}
	if keys := storedKeys(t, st); len(keys) != 0 {
		t.Fatalf("stored %v", keys)
	}
	p := mustCreate(t, r, KindRateLimiting, input("a", `{"rate":5}`))
	_, err := r.UpdatePolicy(ctx, "default", KindRateLimiting, p.ID, input("a", `{"rate":-5}`))
	wantInvalid(t, err, "spec.rate", "must be 1-")
	if got, _ := r.GetPolicy("default", KindRateLimiting, p.ID); got != p {
		t.Fatalf("a refused update changed the rule: %+v", got)
	}
	if _, err := r.PutRouteRule(ctx, RouteRuleKey{Project: "default", Service: "orders"}, json.RawMessage(`[{"route":[]}]`)); err == nil {
		t.Fatal("bad route rules accepted")
	}
	if keys := storedKeys(t, st); len(keys) != 2 { // the rule and its name
		t.Fatalf("stored %v", keys)
	}
}

func TestRouteRuleLifecycle(t *testing.T) {
	ctx := context.Background()
	r := newRegistry(t, openStore(t))
	k := RouteRuleKey{Project: "default", Service: "orders"}
	_, err := r.GetRouteRule(k)
	wantKind(t, err, registry.KindNotFound)
	raw := `[ {"precedence": 1, "route": [ {"name": "a", "tags": {"version": "1.0.0"}} ]} ]`
	rr, err := r.PutRouteRule(ctx, k, json.RawMessage(raw))
	if err != nil {
		t.Fatal(err)
	}
	if rr.Key.App != "default" || string(rr.Raw) != `[{"precedence":1,"route":[{"name":"a","tags":{"version":"1.0.0"}}]}]` ||
		len(rr.Rules) != 1 || rr.Rules[0].Routes[0].Weight != 100 {
		t.Fatalf("stored %+v", rr)
	}
	got, err := r.GetRouteRule(RouteRuleKey{Project: "default", App: "default", Service: "orders"})
	if err != nil || got != rr {
		t.Fatalf("get %v %v", got, err)
	}
	_, err = r.GetRouteRule(RouteRuleKey{Project: "default", Environment: "production", Service: "orders"})
	wantKind(t, err, registry.KindNotFound)
	rr2, err := r.PutRouteRule(ctx, k, json.RawMessage(`[{"route":[{"weight":50,"tags":{"v":"2"}}]}]`))
	if err != nil || rr2.Revision <= rr.Revision || rr2.Rules[0].Routes[0].Weight != 50 {
		t.Fatalf("replace %+v %v", rr2, err)
	}
	if err := r.DeleteRouteRule(ctx, k); err != nil {
		t.Fatal(err)
	}
	wantKind(t, r.DeleteRouteRule(ctx, k), registry.KindNotFound)
	_, err = r.PutRouteRule(ctx, RouteRuleKey{Project: "default"}, json.RawMessage(`[]`))
	wantInvalid(t, err, "service_name", "is required")
}

func TestDisplayBindsByName(t *testing.T) {
	r := newRegistry(t, openStore(t))
	g := mustCreate(t, r, KindMatchGroup, input("pay", mgOrders))
	retry := mustCreate(t, r, KindRetry, input("pay", `{}`))
	fault := mustCreate(t, r, KindFaultInjection, input("pay", `{"percentage":1,"delayTime":10}`))
	mustCreate(t, r, KindRetry, PolicyInput{Name: "pay", Selector: &Selector{Environment: "production"}, Spec: json.RawMessage(`{}`)})
	other := mustCreate(t, r, KindMatchGroup, input("other", mgOrders))
	orphan := mustCreate(t, r, KindRetry, input("ghost", `{}`))

	d := r.Display("default", "", "")
	if len(d) != 2 || d[0].MatchGroup != g || len(d[0].Policies) != 2 || d[0].Policies[0] != retry || d[0].Policies[1] != fault ||
		d[1].MatchGroup != other || len(d[1].Policies) != 0 {
		t.Fatalf("display %+v", d)
	}
	if all := r.Display("default", AllEnvironments, "default"); len(all) != 2 {
		t.Fatalf("display of every environment %+v", all)
	}
	if none := r.Display("default", "production", ""); len(none) != 0 {
		t.Fatalf("display of production %+v", none)
	}
	if none := r.Display("default", "", "shop-not-default"); len(none) != 0 {
		t.Fatalf("display of another app %+v", none)
	}
	byKind := r.DisplayKind("default", KindRetry, "", "")
	if len(byKind) != 2 || byKind[0].MatchGroup != g || len(byKind[0].Policies) != 1 || byKind[0].Policies[0] != retry ||
		byKind[1].MatchGroup != nil || byKind[1].Policies[0] != orphan {
		t.Fatalf("display of retries %+v", byKind)
	}
	if list := r.ListPolicies("default", KindRetry, AllEnvironments, ""); len(list) != 3 || list[0] != retry {
		t.Fatalf("list %+v", list)
	}
	if list := r.ListPolicies("other-project", KindRetry, AllEnvironments, ""); len(list) != 0 {
		t.Fatalf("list of another project %+v", list)
	}
}

func TestSnapshotForTarget(t *testing.T) {
	ctx := context.Background()
	r := newRegistry(t, openStore(t))
	l := r.Listen()
	defer l.Close()
	mustCreate(t, r, KindMatchGroup, PolicyInput{Name: "pay", Selector: &Selector{App: "default", Service: "orders"}, Spec: json.RawMessage(mgOrders)})
	retry := mustCreate(t, r, KindRetry, input("pay", `{"maxAttempts":4}`))
	mustCreate(t, r, KindRateLimiting, input("pay", `{"rate":7}`))
	mustCreate(t, r, KindLoadBalance, input("pay", `{"rule":"Random"}`))
	mustCreate(t, r, KindInstanceIsolation, input("pay", `{}`))
	mustCreate(t, r, KindCircuitBreaker, input("pay", `{"failureRateThreshold":20}`))
	mustCreate(t, r, KindBulkhead, input("pay", `{"maxConcurrentCalls":3}`))
	off := input("pay", `{"type":"abort","percentage":100,"errorCode":503}`)
	off.Status = StatusDisabled
	mustCreate(t, r, KindFaultInjection, off)
	if _, err := r.PutRouteRule(ctx, RouteRuleKey{Project: "default", Service: "orders"},
		json.RawMessage(`[{"route":[{"tags":{"version":"2"}}]}]`)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-l.Wake():
	default:
		t.Fatal("no change published")
	}
	if got := l.Drain(); len(got) != 1 || got[0] != "default" {
		t.Fatalf("changed projects %v", got)
	}

	s := r.Snapshot()
	if r.Snapshot() != s {
		t.Fatal("the snapshot was rebuilt without a change")
	}
	a := s.For(Target{Namespace: "public", Group: "DEFAULT_GROUP", Service: "orders"})
	if a == nil || a.Route == nil || len(a.Traffic) != 1 {
		t.Fatalf("applied %+v", a)
	}
	tr := a.Traffic[0]
	if tr.Retry != retry.Parsed || tr.Retry.MaxAttempts != 4 || tr.Rate.Rate != 7 || tr.Fault != nil ||
		a.LoadBalance.Rule != LBRandom || a.Isolation.FailureRateThreshold != 50 || a.CircuitBreaker.FailureRateThreshold != 20 ||
		a.Bulkhead.MaxConcurrentCalls != 3 || len(tr.Matches) != 1 || tr.Matches[0].APIPath.Value != "/orders" {
		t.Fatalf("applied %+v / %+v", a, tr)
	}
	if s.For(Target{Namespace: "public", Group: "DEFAULT_GROUP", Service: "users"}) != nil {
		t.Fatal("rules of orders govern users")
	}
	if err := r.DeletePolicy(ctx, "default", KindRetry, retry.ID); err != nil {
		t.Fatal(err)
	}
	if r.Snapshot() == s {
		t.Fatal("the snapshot was not rebuilt after a change")
	}
}

func TestRestartShowsTheSameRules(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r := newRegistry(t, st)
	g := mustCreate(t, r, KindMatchGroup, input("pay", mgOrders))
	f := mustCreate(t, r, KindFaultInjection, input("pay", `{"percentage":5,"delayTime":"PT0.2S"}`))
	k := RouteRuleKey{Project: "default", Environment: "production", App: "shop", Service: "orders"}
	if _, err := r.PutRouteRule(ctx, k, json.RawMessage(`[{"route":[{"tags":{"v":"1"}}]}]`)); err != nil {
		t.Fatal(err)
	}
	r.Close()

	again := newRegistry(t, st)
	got, err := again.GetPolicy("default", KindFaultInjection, f.ID)
	if err != nil || got.Name != "pay" || got.Created != f.Created || got.Parsed.(*FaultSpec).DelayTime != 200*time.Millisecond {
		t.Fatalf("after restart %+v %v", got, err)
	}
	if mg, _ := again.GetPolicy("default", KindMatchGroup, g.ID); mg == nil || mg.Parsed.(*MatchGroupSpec).Matches[0].APIPath.Op != OpPrefix {
		t.Fatalf("match group after restart %+v", mg)
	}
	rr, err := again.GetRouteRule(k)
	if err != nil || len(rr.Rules) != 1 || rr.Key != k {
		t.Fatalf("route rules after restart %+v %v", rr, err)
	}
	if d := again.Display("default", "", ""); len(d) != 1 || len(d[0].Policies) != 1 {
		t.Fatalf("display after restart %+v", d)
	}
}

// Concurrent creators of one name: exactly one wins.
func TestConcurrentCreatesOfOneName(t *testing.T) {
	r := newRegistry(t, openStore(t))
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 8 {
		wg.Go(func() {
			if _, err := r.CreatePolicy(context.Background(), "default", KindRetry, input("race", `{}`)); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 || len(r.ListPolicies("default", KindRetry, AllEnvironments, "")) != 1 {
		t.Fatalf("%d creates of one name won", wins)
	}
}

package servicecomb

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// clock is a settable Options.Now.
type clock struct{ unix atomic.Int64 }

func (c *clock) now() time.Time { return time.Unix(c.unix.Load(), 0) }

// Instances answer service-center's timestamps: registration, and the
// last registration, status or properties change; a heartbeat is none.
func TestInstanceTimestamps(t *testing.T) {
	var c clock
	c.unix.Store(1000)
	r, nr := newTestRegistryWith(t, Options{Now: c.now})
	sid := create(t, r, "orders", "1.0.0")
	iid := register(t, r, sid, "rest://10.0.0.1:80")
	steps := []struct {
		name      string
		at        int64
		do        func() error
		ts, modTs string
	}{
		{"registered", 1000, func() error { return nil }, "1000", "1000"},
		{"heartbeat", 2000, func() error { return r.Heartbeat(ctx, "default", sid, iid) }, "1000", "1000"},
		{"status", 3000, func() error { return r.UpdateStatus(ctx, "default", sid, iid, StatusDown) }, "1000", "3000"},
		{"properties", 4000, func() error {
			return r.UpdateInstanceProperties(ctx, "default", sid, iid, map[string]string{"a": "b"})
		}, "1000", "4000"},
		{"registered again", 5000, func() error {
			_, err := r.RegisterInstance(ctx, "default", sid, Instance{InstanceID: iid, HostName: "h", Endpoints: []string{"rest://10.0.0.1:80"}})
			return err
		}, "1000", "5000"},
	}
	for _, s := range steps {
		c.unix.Store(s.at)
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got, err := r.GetInstance("default", sid, iid)
		if err != nil || got.Timestamp != s.ts || got.ModTimestamp != s.modTs {
			t.Fatalf("%s: timestamp %q modTimestamp %q (%v), want %s %s", s.name, got.Timestamp, got.ModTimestamp, err, s.ts, s.modTs)
		}
		if hc := got.HealthCheck; hc == nil || *hc != (HealthCheck{Mode: "push", Interval: DefaultInterval, Times: DefaultTimes}) {
			t.Fatalf("%s: healthCheck %+v, want the default", s.name, hc)
		}
	}
	// A Nacos instance answers the health check its beat amounts to.
	err := nr.Register(ctx, naming.Instance{Service: ordersKey, IP: "10.0.0.9", Port: 80, Cluster: "DEFAULT", Weight: 1,
		Enabled: true, Healthy: true, Ephemeral: true, Metadata: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	res := find(t, r, FindQuery{ServiceName: "orders"})
	var nacos *Instance
	for _, in := range res.Instances {
		if in.HostName == "10.0.0.9" {
			nacos = in
		}
	}
	if nacos == nil || nacos.HealthCheck == nil || *nacos.HealthCheck != (HealthCheck{Mode: "push", Interval: 5, Times: 2}) ||
		nacos.Timestamp == "" || nacos.ModTimestamp == "" {
		t.Fatalf("nacos instance: %+v", nacos)
	}
}

// A consumer's tags can change after creation: finds apply the provider's
// rules to the tags it has now, not to those a cached answer saw.
func TestRulesFollowConsumerTags(t *testing.T) {
	r, _ := newTestRegistry(t)
	provider := create(t, r, "orders", "1.0.0")
	register(t, r, provider, "rest://10.0.0.1:80")
	consumer := create(t, r, "web", "1.0.0", func(in *CreateInput) { in.Tags = map[string]string{"team": "b"} })
	if _, err := r.AddRules(ctx, "default", provider, []Rule{{RuleType: "WHITE", Attribute: "tag_team", Pattern: "^a$"}}); err != nil {
		t.Fatal(err)
	}
	q := FindQuery{ServiceName: "orders", ConsumerID: consumer}
	if n := len(find(t, r, q).Instances); n != 0 {
		t.Fatalf("team b sees %d instances through a white list of team a", n)
	}
	if err := r.PutTags(ctx, "default", consumer, map[string]string{"team": "a"}); err != nil {
		t.Fatal(err)
	}
	if n := len(find(t, r, q).Instances); n != 1 {
		t.Fatalf("team a sees %d instances, want 1", n)
	}
}

func TestRuleManagement(t *testing.T) {
	r, _ := newTestRegistry(t)
	sid := create(t, r, "orders", "1.0.0")
	white := Rule{RuleType: "WHITE", Attribute: "ServiceName", Pattern: "web.*"}
	ids, err := r.AddRules(ctx, "default", sid, []Rule{white, {RuleType: "WHITE", Attribute: "Version", Pattern: "1.*"}})
	if err != nil || len(ids) != 2 {
		t.Fatalf("add: %v %v", ids, err)
	}
	if again, err := r.AddRules(ctx, "default", sid, []Rule{white}); err != nil || len(again) != 0 {
		t.Fatalf("adding an existing attribute and pattern answered %v %v, want nothing added", again, err)
	}
	_, err = r.AddRules(ctx, "default", sid, []Rule{{RuleType: "BLACK", Attribute: "AppId", Pattern: "x"}})
	wantKind(t, err, registry.KindRuleTypeMixed)
	many := make([]Rule, maxRules-1)
	for i := range many {
		many[i] = Rule{RuleType: "WHITE", Attribute: "tag_n", Pattern: string(rune('a' + i%26))}
	}
	_, err = r.AddRules(ctx, "default", sid, many)
	wantKind(t, err, registry.KindQuota)
	wantKind(t, r.UpdateRule(ctx, "default", sid, ids[0], Rule{RuleType: "BLACK", Attribute: "AppId", Pattern: "x"}), registry.KindRuleTypeLocked)
	wantKind(t, r.UpdateRule(ctx, "default", sid, "nope", white), registry.KindRuleNotFound)
	if err := r.UpdateRule(ctx, "default", sid, ids[0], Rule{RuleType: "WHITE", Attribute: "AppId", Pattern: "x", Description: "d"}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, r.DeleteRules(ctx, "default", sid, []string{ids[1], "nope"}), registry.KindRuleNotFound)
	rules, _ := r.ListRules("default", sid)
	if len(rules) != 2 || rules[0].Attribute != "AppId" || rules[0].Description != "d" || rules[0].RuleID != ids[0] {
		t.Fatalf("rules after update and a refused delete: %+v", rules)
	}
	if err := r.DeleteRules(ctx, "default", sid, ids); err != nil {
		t.Fatal(err)
	}
	// With no rules left the type is free again.
	if _, err := r.AddRules(ctx, "default", sid, []Rule{{RuleType: "BLACK", Attribute: "AppId", Pattern: "x"}}); err != nil {
		t.Fatal(err)
	}
	_, err = r.AddRules(ctx, "default", "nope", []Rule{white})
	wantKind(t, err, registry.KindServiceNotFound)
}

func TestTagManagement(t *testing.T) {
	r, _ := newTestRegistry(t)
	sid := create(t, r, "orders", "1.0.0", func(in *CreateInput) { in.Tags = map[string]string{"old": "x"} })
	if err := r.PutTags(ctx, "default", sid, map[string]string{"a": "b", "c": "d"}); err != nil {
		t.Fatal(err)
	}
	if tags, _ := r.ListTags("default", sid); len(tags) != 2 || tags["a"] != "b" {
		t.Fatalf("put replaces the tags: %v", tags)
	}
	wantKind(t, r.UpdateTag(ctx, "default", sid, "old", "y"), registry.KindTagNotFound)
	wantKind(t, r.UpdateTag(ctx, "default", sid, "a", ""), registry.KindInvalid)
	wantKind(t, r.DeleteTags(ctx, "default", sid, []string{"a", "nope"}), registry.KindTagNotFound)
	if tags, _ := r.ListTags("default", sid); len(tags) != 2 {
		t.Fatalf("a refused delete removed tags: %v", tags)
	}
	wantKind(t, r.PutTags(ctx, "default", sid, map[string]string{"a": "has space"}), registry.KindInvalid)
	wantKind(t, r.PutTags(ctx, "default", "nope", nil), registry.KindServiceNotFound)
	register(t, r, sid, "rest://10.0.0.1:80")
	for tag, want := range map[string]int{"c": 1, "old": 0} {
		if n := len(find(t, r, FindQuery{ServiceName: "orders", Tags: []string{tag}}).Instances); n != want {
			t.Fatalf("find by tag %s: %d instances, want %d", tag, n, want)
		}
	}
}

package servicecomb

import (
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

func versionsOf(res *FindResult) map[string]int {
	out := map[string]int{}
	for _, in := range res.Instances {
		out[in.Version]++
	}
	return out
}

func TestFindByVersionRuleAndEnvironment(t *testing.T) {
	r, nr := newTestRegistry(t)
	v1 := create(t, r, "orders", "1.0.0")
	v2 := create(t, r, "orders", "2.0.0")
	test := create(t, r, "orders", "3.0.0", func(in *CreateInput) { in.Service.Environment = "testing" })
	register(t, r, v1, "rest://10.0.0.1:80")
	register(t, r, v2, "rest://10.0.0.2:80")
	register(t, r, test, "rest://10.0.0.3:80")
	// A Nacos instance of the same service, version 1.5.0 by metadata.
	err := nr.Register(ctx, naming.Instance{Service: ordersKey, IP: "10.0.0.4", Port: 80, Cluster: "DEFAULT", Weight: 1,
		Enabled: true, Healthy: true, Ephemeral: true, Metadata: map[string]string{"version": "1.5.0"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		rule, env string
		want      map[string]int
	}{
		{"", "", map[string]int{"1.0.0": 1, "1.5.0": 1, "2.0.0": 1}},
		{"latest", "", map[string]int{"2.0.0": 1}},
		{"1.5.0+", "", map[string]int{"1.5.0": 1, "2.0.0": 1}},
		{"1.0.0-2.0.0", "", map[string]int{"1.0.0": 1, "1.5.0": 1}},
		{"1.0.0", "", map[string]int{"1.0.0": 1}},
		{"", "testing", map[string]int{"3.0.0": 1}},
		{"9.0.0", "", map[string]int{}},
	}
	for _, c := range cases {
		res := find(t, r, FindQuery{ServiceName: "orders", Version: rule(t, c.rule), Env: c.env})
		if got := versionsOf(res); len(got) != len(c.want) || !sameCounts(got, c.want) {
			t.Errorf("rule %q env %q: %v, want %v", c.rule, c.env, got, c.want)
		}
	}
	nacos := find(t, r, FindQuery{ServiceName: "orders", Version: rule(t, "1.5.0")}).Instances[0]
	if nacos.Endpoints[0] != "rest://10.0.0.4:80" || len(nacos.InstanceID) != 32 || nacos.Status != StatusUp {
		t.Fatalf("the Nacos instance as ServiceComb sees it: %+v", nacos)
	}
	_, err = r.Find(ctx, FindQuery{Project: "default", ServiceName: "nope"})
	wantKind(t, err, registry.KindServiceNotFound)
	_, err = r.Find(ctx, FindQuery{Project: "default", ServiceName: "bad name"})
	wantKind(t, err, registry.KindInvalid)
}

func sameCounts(a, b map[string]int) bool {
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

func TestFindRevisionAndCache(t *testing.T) {
	r, _ := newTestRegistry(t)
	sid := create(t, r, "orders", "1.0.0")
	q := FindQuery{ServiceName: "orders"}
	empty := find(t, r, q)
	if len(empty.Instances) != 0 || string(empty.JSON()) != "[]" {
		t.Fatalf("no instances: %+v %s", empty.Instances, empty.JSON())
	}
	register(t, r, sid, "rest://10.0.0.1:80")
	first := find(t, r, q)
	if first.Rev == empty.Rev || len(first.Instances) != 1 {
		t.Fatalf("after a registration: rev %s→%s, %d instances", empty.Rev, first.Rev, len(first.Instances))
	}
	if again := find(t, r, q); again != first {
		t.Fatal("the same find at the same revision was computed again")
	}
	iid := first.Instances[0].InstanceID
	if err := r.Heartbeat(ctx, "default", sid, iid); err != nil {
		t.Fatal(err)
	}
	if find(t, r, q).Rev != first.Rev {
		t.Fatal("a heartbeat changed the revision")
	}
	// The revision is the answer's: another version's change leaves it.
	other := create(t, r, "orders", "2.0.0")
	register(t, r, other, "rest://10.0.0.2:80")
	only1 := FindQuery{ServiceName: "orders", Version: rule(t, "1.0.0")}
	if find(t, r, only1).Rev != first.Rev {
		t.Fatal("a 2.0.0 instance changed the revision of a find of 1.0.0")
	}
	if err := r.UpdateStatus(ctx, "default", sid, iid, StatusDown); err != nil {
		t.Fatal(err)
	}
	if down := find(t, r, only1); down.Rev == first.Rev || down.Instances[0].Status != StatusDown {
		t.Fatalf("after DOWN: %+v", down.Instances[0])
	}
}

func TestFindAppliesTagsAndRules(t *testing.T) {
	r, _ := newTestRegistry(t)
	white := create(t, r, "orders", "1.0.0", func(in *CreateInput) {
		in.Tags = map[string]string{"gold": "1"}
		in.Rules = []Rule{{RuleType: "WHITE", Attribute: "tag_team", Pattern: "^shop$"}}
	})
	register(t, r, white, "rest://10.0.0.1:80")
	black := create(t, r, "pay", "1.0.0", func(in *CreateInput) {
		in.Rules = []Rule{{RuleType: "BLACK", Attribute: "ServiceName", Pattern: "^evil"}}
	})
	register(t, r, black, "rest://10.0.0.2:80")
	shop := create(t, r, "web", "1.0.0", func(in *CreateInput) { in.Tags = map[string]string{"team": "shop"} })
	evil := create(t, r, "evil-web", "1.0.0")
	cases := []struct {
		name    string
		q       FindQuery
		visible int
	}{
		{"white list admits a matching consumer", FindQuery{ServiceName: "orders", ConsumerID: shop}, 1},
		{"white list refuses another", FindQuery{ServiceName: "orders", ConsumerID: evil}, 0},
		{"white list refuses an anonymous consumer", FindQuery{ServiceName: "orders"}, 0},
		{"tags select", FindQuery{ServiceName: "orders", ConsumerID: shop, Tags: []string{"gold"}}, 1},
		{"missing tag", FindQuery{ServiceName: "orders", ConsumerID: shop, Tags: []string{"silver"}}, 0},
		{"black list refuses a matching consumer", FindQuery{ServiceName: "pay", ConsumerID: evil}, 0},
		{"black list admits another", FindQuery{ServiceName: "pay", ConsumerID: shop}, 1},
	}
	for _, c := range cases {
		if got := len(find(t, r, c.q).Instances); got != c.visible {
			t.Errorf("%s: %d instances, want %d", c.name, got, c.visible)
		}
	}
	if ps, _ := r.Providers("default", shop); len(ps) != 2 {
		t.Fatalf("the finds recorded %d providers, want 2", len(ps))
	}
	_, err := r.Providers("default", "nope")
	wantKind(t, err, registry.KindServiceNotFound)
}

func TestBatchFind(t *testing.T) {
	r, _ := newTestRegistry(t)
	sid := create(t, r, "orders", "1.0.0")
	iid := register(t, r, sid, "rest://10.0.0.1:80")
	rev := find(t, r, FindQuery{ServiceName: "orders"}).Rev
	res, err := r.BatchFindServices(ctx, "default", "", []BatchService{
		{ServiceName: "orders", Rev: "0"}, {ServiceName: "orders", Rev: rev}, {ServiceName: "nope"}, {ServiceName: "orders", Version: "x"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Updated) != 1 || res.Updated[0].Index != 0 || len(res.Updated[0].Instances) != 1 ||
		len(res.NotModified) != 1 || res.NotModified[0] != 1 || len(res.Failed) != 2 ||
		registry.KindOf(res.Failed[0].Err) != registry.KindServiceNotFound || registry.KindOf(res.Failed[1].Err) != registry.KindInvalid {
		t.Fatalf("services: %+v", res)
	}
	ins := r.BatchFindInstances("default", []BatchInstance{{ServiceID: sid, InstanceID: iid}, {ServiceID: sid, InstanceID: "nope"}})
	if len(ins.Updated) != 1 || len(ins.Failed) != 1 || registry.KindOf(ins.Failed[0].Err) != registry.KindInstanceNotFound {
		t.Fatalf("instances: %+v", ins)
	}
	again := r.BatchFindInstances("default", []BatchInstance{{ServiceID: sid, InstanceID: iid, Rev: ins.Updated[0].Rev}})
	if len(again.NotModified) != 1 {
		t.Fatalf("an unchanged instance: %+v", again)
	}
}

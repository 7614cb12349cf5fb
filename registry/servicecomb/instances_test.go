package servicecomb

import (
	"fmt"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

var ordersKey = naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}

func TestRegisterInstanceIsANamingInstance(t *testing.T) {
	r, nr := newTestRegistry(t)
	sid := create(t, r, "orders", "1.0.0", func(in *CreateInput) { in.Service.Environment = "testing" })
	iid, err := r.RegisterInstance(ctx, "default", sid, Instance{HostName: "h1",
		Endpoints:   []string{"highway://10.0.0.1:7070", "rest:10.0.0.1:8080"},
		Properties:  map[string]string{"zone": "a"},
		HealthCheck: &HealthCheck{Mode: "push", Interval: 2, Times: 1}})
	if err != nil || len(iid) != 32 {
		t.Fatalf("register: %q %v", iid, err)
	}
	in, err := nr.GetInstance(naming.InstanceRef{Service: ordersKey, IP: "10.0.0.1", Port: 8080, Cluster: "DEFAULT"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"version": "1.0.0", "environment": "testing", "zone": "a", metaInstanceID: iid,
		metaServiceID: sid, naming.MetaBeatInterval: "5000", naming.MetaBeatTimeout: "20000", naming.MetaDeleteTimeout: "20000"}
	for k, v := range want {
		if in.Metadata[k] != v {
			t.Errorf("metadata %s = %q, want %q", k, in.Metadata[k], v)
		}
	}
	if !in.Ephemeral || !in.Enabled {
		t.Fatalf("instance: %+v", in)
	}
	got, err := r.GetInstance("default", sid, iid)
	if err != nil || got.HealthCheck.Interval != 5 || got.HealthCheck.Times != 3 || got.Properties["zone"] != "a" ||
		len(got.Endpoints) != 2 || got.Version != "1.0.0" || got.Status != StatusUp {
		t.Fatalf("get: %+v %v", got, err)
	}
	// The same endpoint again, without an id, is the same instance.
	if again := register(t, r, sid, "rest://10.0.0.1:8080"); again != iid {
		t.Fatalf("re-registration got id %q, want %q", again, iid)
	}
	// A chosen id is kept; registering it at a new address moves it.
	if _, err := r.RegisterInstance(ctx, "default", sid, Instance{InstanceID: "mine", HostName: "h", Endpoints: []string{"rest://10.0.0.2:80"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.RegisterInstance(ctx, "default", sid, Instance{InstanceID: "mine", HostName: "h", Endpoints: []string{"rest://10.0.0.3:80"}}); err != nil {
		t.Fatal(err)
	}
	if list, _ := r.ListInstances("default", sid); len(list) != 2 {
		t.Fatalf("instances after the move: %+v", list)
	}
}

func TestRegisterInstanceRefusesBadInput(t *testing.T) {
	r, _ := newTestRegistry(t)
	sid := create(t, r, "orders", "1.0.0")
	ep := []string{"rest://10.0.0.1:80"}
	cases := map[string]Instance{
		"no host name":     {Endpoints: ep},
		"no endpoint":      {HostName: "h"},
		"bad endpoint":     {HostName: "h", Endpoints: []string{"10.0.0.1"}},
		"bad status":       {HostName: "h", Endpoints: ep, Status: "SLEEPING"},
		"bad mode":         {HostName: "h", Endpoints: ep, HealthCheck: &HealthCheck{Mode: "poll"}},
		"huge interval":    {HostName: "h", Endpoints: ep, HealthCheck: &HealthCheck{Interval: 99999}},
		"bad instance id":  {HostName: "h", Endpoints: ep, InstanceID: "a/b"},
		"reserved prop":    {HostName: "h", Endpoints: ep, Properties: map[string]string{"preserved.x": "1"}},
		"version property": {HostName: "h", Endpoints: ep, Properties: map[string]string{"version": "9"}},
	}
	for name, in := range cases {
		if _, err := r.RegisterInstance(ctx, "default", sid, in); registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := r.RegisterInstance(ctx, "default", "nope", Instance{HostName: "h", Endpoints: ep})
	wantKind(t, err, registry.KindServiceNotFound)
	if list, _ := r.ListInstances("default", sid); len(list) != 0 {
		t.Fatalf("refused registrations stored %d instances", len(list))
	}
}

func TestHeartbeatStatusPropertiesDeregister(t *testing.T) {
	r, nr := newTestRegistry(t)
	sid := create(t, r, "orders", "1.0.0")
	iid := register(t, r, sid, "rest://10.0.0.1:80")
	if err := r.Heartbeat(ctx, "default", sid, iid); err != nil {
		t.Fatal(err)
	}
	r.refs.Clear() // a restarted server finds the instance by a scan
	if err := r.Heartbeat(ctx, "default", sid, iid); err != nil {
		t.Fatalf("heartbeat after losing the cache: %v", err)
	}
	wantKind(t, r.Heartbeat(ctx, "default", sid, "nope"), registry.KindInstanceNotFound)
	wantKind(t, r.Heartbeat(ctx, "default", "nope", iid), registry.KindServiceNotFound)

	if err := r.UpdateStatus(ctx, "default", sid, iid, StatusDown); err != nil {
		t.Fatal(err)
	}
	ref := naming.InstanceRef{Service: ordersKey, IP: "10.0.0.1", Port: 80, Cluster: "DEFAULT"}
	if in, _ := nr.GetInstance(ref); in.Enabled {
		t.Fatal("a DOWN instance is still enabled")
	}
	wantKind(t, r.UpdateStatus(ctx, "default", sid, iid, "ASLEEP"), registry.KindInvalid)
	if err := r.UpdateStatus(ctx, "default", sid, iid, StatusUp); err != nil {
		t.Fatal(err)
	}
	if err := r.UpdateInstanceProperties(ctx, "default", sid, iid, map[string]string{"b": "2"}); err != nil {
		t.Fatal(err)
	}
	got, _ := r.GetInstance("default", sid, iid)
	if got.Status != StatusUp || len(got.Properties) != 1 || got.Properties["b"] != "2" {
		t.Fatalf("after status and properties: %+v", got)
	}
	if err := r.Deregister(ctx, "default", sid, iid); err != nil {
		t.Fatal(err)
	}
	_, err := r.GetInstance("default", sid, iid)
	wantKind(t, err, registry.KindInstanceNotFound)
	wantKind(t, r.Deregister(ctx, "default", sid, iid), registry.KindInstanceNotFound)
}

// After a restart (the id->address cache empty) the first heartbeat scans
// its microservice once, and the scan teaches every instance's address:
// the others' heartbeats find theirs without scanning again.
func TestHeartbeatsAfterRestartScanOnce(t *testing.T) {
	r, _ := newTestRegistry(t)
	sid := create(t, r, "orders", "1.0.0")
	var ids []string
	for i := range 20 {
		ids = append(ids, register(t, r, sid, fmt.Sprintf("rest://10.0.0.%d:80", i+1)))
	}
	r.refs.Clear()
	if err := r.Heartbeat(ctx, "default", sid, ids[0]); err != nil {
		t.Fatal(err)
	}
	learned := 0
	r.refs.Range(func(any, any) bool { learned++; return true })
	if learned != len(ids) {
		t.Fatalf("one scan learned %d addresses, want %d", learned, len(ids))
	}
	for _, id := range ids[1:] {
		if err := r.Heartbeat(ctx, "default", sid, id); err != nil {
			t.Fatalf("heartbeat %s: %v", id, err)
		}
	}
}

package naming

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func TestRegisterCreatesServiceAndLists(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	mustRegister(t, r, inst("orders", "10.0.0.2", 8080, true))
	mustRegister(t, r, inst("orders", "10.0.0.1", 8080, true))

	list, err := r.ListInstances(svcKey("orders"), Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Instances) != 2 || list.Instances[0].IP != "10.0.0.1" {
		t.Fatalf("instances not listed in order: %+v", list.Instances)
	}
	if !list.Service.Ephemeral || list.ReachProtectionThreshold {
		t.Fatalf("service %+v, protection %v", list.Service, list.ReachProtectionThreshold)
	}
	got := list.Instances[0]
	if got.ClientID != "10.0.0.1:8080#true" || got.ID() != "10.0.0.1#8080#DEFAULT#DEFAULT_GROUP@@orders" {
		t.Fatalf("client id %q, id %q", got.ClientID, got.ID())
	}
	total, page := r.ListServices(DefaultNamespace, DefaultGroup, 1, 10)
	if total != 1 || page[0].Name != "orders" {
		t.Fatalf("services: %d %v", total, page)
	}
}

func TestEphemeralAndPersistentDoNotMix(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	mustRegister(t, r, inst("eph", "10.0.0.1", 80, true))
	mustRegister(t, r, inst("per", "10.0.0.1", 80, false))

	err := r.Register(ctx, inst("eph", "10.0.0.2", 80, false))
	if err == nil || err.Error() != "Current service DEFAULT_GROUP@@eph is ephemeral service, can't register persistent instance." {
		t.Fatalf("persistent into ephemeral: %v", err)
	}
	err = r.Register(ctx, inst("per", "10.0.0.2", 80, true))
	if err == nil || err.Error() != "Current service DEFAULT_GROUP@@per is persistent service, can't register ephemeral instance." {
		t.Fatalf("ephemeral into persistent: %v", err)
	}
	if _, n := r.Counts(); n != 2 {
		t.Fatalf("a refused registration wrote something: %d instances", n)
	}
}

func TestProtectThreshold(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	k := svcKey("guarded")
	if err := r.CreateService(ctx, Service{Key: k, ProtectThreshold: 0.5, Ephemeral: false}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 4; i++ {
		mustRegister(t, r, inst("guarded", fmt.Sprintf("10.0.0.%d", i), 80, false))
	}
	setHealth := func(ip string, healthy bool) {
		ref := InstanceRef{Service: k, IP: ip, Port: 80, Cluster: DefaultCluster}
		if err := r.SetHealth(ctx, ref, healthy); err != nil {
			t.Fatal(err)
		}
	}
	setHealth("10.0.0.1", false)
	list, _ := r.ListInstances(k, Query{HealthyOnly: true})
	if list.ReachProtectionThreshold || len(list.Instances) != 3 {
		t.Fatalf("3/4 healthy: protection %v, %d instances", list.ReachProtectionThreshold, len(list.Instances))
	}
	setHealth("10.0.0.2", false) // 2/4 = 0.5 <= 0.5
	list, _ = r.ListInstances(k, Query{HealthyOnly: true})
	if !list.ReachProtectionThreshold || len(list.Instances) != 4 {
		t.Fatalf("2/4 healthy: protection %v, %d instances", list.ReachProtectionThreshold, len(list.Instances))
	}
	for _, in := range list.Instances {
		if !in.Healthy {
			t.Fatalf("protected list shows %s unhealthy", in.IP)
		}
	}
	stored, _ := r.GetInstance(InstanceRef{Service: k, IP: "10.0.0.1", Port: 80, Cluster: DefaultCluster})
	if stored.Healthy {
		t.Fatal("protection changed the stored instance")
	}
}

func TestHealthOfEphemeralInstances(t *testing.T) {
	clock := newFakeClock()
	r := newTestRegistry(t, openMemStore(t), clock)
	mustRegister(t, r, inst("beating", "10.0.0.1", 80, true))
	short := inst("beating", "10.0.0.2", 80, true)
	short.Metadata = map[string]string{MetaBeatInterval: "1000", MetaBeatTimeout: "3000", MetaDeleteTimeout: "6000"}
	mustRegister(t, r, short)
	ref1 := InstanceRef{Service: svcKey("beating"), IP: "10.0.0.1", Port: 80, Cluster: DefaultCluster}
	ref2 := short.Ref()
	healthy := func(ref InstanceRef) (bool, bool) {
		in, err := r.GetInstance(ref)
		if err != nil {
			return false, false
		}
		return in.Healthy, true
	}

	clock.Advance(4 * time.Second)
	r.checkOnce(ctx)
	if h, _ := healthy(ref2); h {
		t.Fatal("instance with a 3 s timeout still healthy after 4 s")
	}
	if h, _ := healthy(ref1); !h {
		t.Fatal("instance with the default 15 s timeout unhealthy after 4 s")
	}
	if res, err := r.Beat(ctx, ref2, nil); err != nil || res.Interval != time.Second {
		t.Fatalf("beat: %v %v", res, err)
	}
	if h, _ := healthy(ref2); !h {
		t.Fatal("a beat did not make the instance healthy again")
	}
	clock.Advance(12 * time.Second) // ref1 silent 16 s, ref2 12 s
	r.checkOnce(ctx)
	if _, ok := healthy(ref2); ok {
		t.Fatal("instance with a 6 s delete timeout not removed after 12 s")
	}
	if h, ok := healthy(ref1); !ok || h {
		t.Fatalf("default instance after 16 s: present %v healthy %v, want present and unhealthy", ok, h)
	}
	clock.Advance(15 * time.Second)
	r.checkOnce(ctx)
	if _, ok := healthy(ref1); ok {
		t.Fatal("default instance not removed after 31 s")
	}
}

func TestBeatOfUnknownInstance(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	full := inst("gone", "10.0.0.1", 80, true)
	_, err := r.Beat(ctx, full.Ref(), nil)
	if registry.KindOf(err) != registry.KindInstanceNotFound {
		t.Fatalf("beat of unknown instance: %v", err)
	}
	if _, err := r.Beat(ctx, full.Ref(), &full); err != nil {
		t.Fatalf("full beat: %v", err)
	}
	if _, err := r.GetInstance(full.Ref()); err != nil {
		t.Fatalf("full beat did not register: %v", err)
	}
}

func TestPersistentInstancesSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	open := func() store.Store {
		st, err := badger.Open(badger.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open()
	r, err := New(ctx, st, Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	mustRegister(t, r, inst("durable", "10.0.0.1", 80, false))
	r.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = open()
	t.Cleanup(func() { _ = st.Close() })
	r2 := newTestRegistry(t, st, newFakeClock())
	list, err := r2.ListInstances(svcKey("durable"), Query{})
	if err != nil || len(list.Instances) != 1 || list.Service.Ephemeral {
		t.Fatalf("after restart: %+v %v", list, err)
	}
}

func TestServiceLifecycle(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	k := svcKey("svc")
	if err := r.CreateService(ctx, Service{Key: k, Metadata: map[string]string{"k": "v"}}); err != nil {
		t.Fatal(err)
	}
	if err := r.CreateService(ctx, Service{Key: k}); registry.KindOf(err) != registry.KindServiceExists {
		t.Fatalf("second create: %v", err)
	}
	th := 0.3
	if err := r.UpdateService(ctx, k, ServicePatch{ProtectThreshold: &th}); err != nil {
		t.Fatal(err)
	}
	mustRegister(t, r, inst("svc", "10.0.0.1", 80, false))
	if err := r.DeleteService(ctx, k); registry.KindOf(err) != registry.KindServiceHasInstances {
		t.Fatalf("delete with instances: %v", err)
	}
	v, err := r.GetService(k)
	if err != nil || v.Service.ProtectThreshold != 0.3 || v.Service.Metadata["k"] != "v" || len(v.Clusters) != 1 {
		t.Fatalf("service view %+v %v", v, err)
	}
	if err := r.Deregister(ctx, InstanceRef{Service: k, IP: "10.0.0.1", Port: 80, Cluster: DefaultCluster}); err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteService(ctx, k); err != nil {
		t.Fatal(err)
	}
	if _, err := r.GetService(k); registry.KindOf(err) != registry.KindServiceNotFound {
		t.Fatalf("get deleted: %v", err)
	}
	if err := r.DeleteService(ctx, k); registry.KindOf(err) != registry.KindServiceNotFound {
		t.Fatalf("delete missing: %v", err)
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	st := openMemStore(t)
	r := newTestRegistry(t, st, newFakeClock())
	mod := func(f func(*Instance)) Instance {
		in := inst("ok", "10.0.0.1", 80, true)
		f(&in)
		return in
	}
	cases := []struct {
		name string
		in   Instance
		kind registry.Kind
	}{
		{"blank service", mod(func(i *Instance) { i.Service.Name = " " }), registry.KindServiceName},
		{"@@ in service", mod(func(i *Instance) { i.Service.Name = "a@@b" }), registry.KindServiceName},
		{"space in service", mod(func(i *Instance) { i.Service.Name = "a b" }), registry.KindServiceName},
		{"long service", mod(func(i *Instance) { i.Service.Name = strings.Repeat("s", 513) }), registry.KindServiceName},
		{"bad group", mod(func(i *Instance) { i.Service.Group = "g/h" }), registry.KindInvalid},
		{"bad namespace", mod(func(i *Instance) { i.Service.Namespace = "n s" }), registry.KindNamespace},
		{"bad cluster", mod(func(i *Instance) { i.Cluster = "c_1" }), registry.KindInvalid},
		{"bad ip", mod(func(i *Instance) { i.IP = "1.2.3.4 5" }), registry.KindInvalid},
		{"port 0", mod(func(i *Instance) { i.Port = 0 }), registry.KindInvalid},
		{"port 65536", mod(func(i *Instance) { i.Port = 65536 }), registry.KindInvalid},
		{"weight -1", mod(func(i *Instance) { i.Weight = -1 }), registry.KindWeight},
		{"weight 10001", mod(func(i *Instance) { i.Weight = 10001 }), registry.KindWeight},
		{"weight NaN", mod(func(i *Instance) { i.Weight = math.NaN() }), registry.KindWeight},
		{"timeout below interval", mod(func(i *Instance) {
			i.Metadata = map[string]string{MetaBeatInterval: "5000", MetaBeatTimeout: "1000"}
		}), registry.KindInstance},
		{"huge metadata", mod(func(i *Instance) {
			i.Metadata = map[string]string{"k": strings.Repeat("v", MaxMetadataBytes+1)}
		}), registry.KindInstanceMetadata},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rev := enginetest.State(t, st)
			err := r.Register(ctx, tc.in)
			if registry.KindOf(err) != tc.kind {
				t.Fatalf("kind %v, want %v (%v)", registry.KindOf(err), tc.kind, err)
			}
			if enginetest.State(t, st) != rev {
				t.Fatal("a refused registration wrote to the store")
			}
		})
	}
	th := 1.5
	if err := r.CreateService(ctx, Service{Key: svcKey("x"), ProtectThreshold: th}); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("threshold 1.5: %v", err)
	}
}

func TestEveryChangeIsWatchable(t *testing.T) {
	st := openMemStore(t)
	r := newTestRegistry(t, st, newFakeClock())
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := st.Watch(wctx, Prefix, 0)
	if err != nil {
		t.Fatal(err)
	}
	mustRegister(t, r, inst("watched", "10.0.0.1", 80, true))
	var keys []string
	timeout := time.After(5 * time.Second)
	for len(keys) < 2 {
		select {
		case batch := <-w.Events():
			for _, ev := range batch {
				keys = append(keys, ev.KV.Key)
			}
		case <-timeout:
			t.Fatalf("watch saw %v", keys)
		}
	}
	if !IsServiceKey(keys[0]) || !IsInstanceKey(keys[1]) {
		t.Fatalf("watch saw %v", keys)
	}
}

func TestConcurrentRegistrations(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if err := r.Register(ctx, inst("busy", fmt.Sprintf("10.0.%d.%d", g, i), 80, true)); err != nil {
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if _, n := r.Counts(); n != 400 {
		t.Fatalf("%d instances, want 400", n)
	}
}

func TestClientBookkeeping(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	mustRegister(t, r, inst("a", "10.0.0.1", 80, true))
	mustRegister(t, r, inst("b", "10.0.0.1", 80, true))
	r.Subscribe(Subscriber{Service: svcKey("a"), IP: "10.0.0.9", Port: 5353, Agent: "Nacos-Go-Client:v1.0.8"})
	ids := r.ClientIDs()
	if strings.Join(ids, ",") != "10.0.0.1:80#true,10.0.0.9:5353#true" {
		t.Fatalf("client ids %v", ids)
	}
	if pub := r.Published("10.0.0.1:80#true"); len(pub) != 2 {
		t.Fatalf("published %v", pub)
	}
	info, err := r.Client("10.0.0.9:5353#true")
	if err != nil || info.IP != "10.0.0.9" || info.Port != 5353 || !info.Ephemeral {
		t.Fatalf("client %+v %v", info, err)
	}
	if subs := r.Subscribers(svcKey("a"), ClientFilter{}); len(subs) != 1 {
		t.Fatalf("subscribers %v", subs)
	}
	if _, err := r.Client("nobody"); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("unknown client: %v", err)
	}
}

func TestParseMetadata(t *testing.T) {
	cases := []struct {
		in      string
		want    map[string]string
		wantErr bool
	}{
		{"", map[string]string{}, false},
		{`{"a":"1","b":2,"c":true}`, map[string]string{"a": "1", "b": "2", "c": "true"}, false},
		{"k1=v1,k2=v2", map[string]string{"k1": "v1", "k2": "v2"}, false},
		{"k1", nil, true},
		{`{"a":{"nested":1}}`, nil, true},
		{"a=b=c", nil, true},
	}
	for _, tc := range cases {
		got, err := ParseMetadata(tc.in, registry.KindInstanceMetadata)
		if (err != nil) != tc.wantErr {
			t.Fatalf("%q: err %v", tc.in, err)
		}
		if !tc.wantErr && fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Fatalf("%q: got %v want %v", tc.in, got, tc.want)
		}
	}
}

func FuzzParseMetadata(f *testing.F) {
	for _, s := range []string{"", "k=v", `{"a":"b"}`, "a=b,c", `{"x":[1]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		md, err := ParseMetadata(s, registry.KindInstanceMetadata)
		if err == nil && md == nil {
			t.Fatal("nil map without error")
		}
	})
}

func TestImplicitServicesAreCleanedWhenEmpty(t *testing.T) {
	clock := newFakeClock()
	r := newTestRegistry(t, openMemStore(t), clock)
	mustRegister(t, r, inst("implicit", "10.0.0.1", 80, true))
	if err := r.CreateService(ctx, Service{Key: svcKey("explicit")}); err != nil {
		t.Fatal(err)
	}
	if err := r.Deregister(ctx, InstanceRef{Service: svcKey("implicit"), IP: "10.0.0.1", Port: 80, Cluster: DefaultCluster}); err != nil {
		t.Fatal(err)
	}
	r.cleanEmptyServices(ctx) // starts the clock on the empty service
	clock.Advance(59 * time.Second)
	r.cleanEmptyServices(ctx)
	if _, err := r.GetService(svcKey("implicit")); err != nil {
		t.Fatalf("empty implicit service removed before its TTL: %v", err)
	}
	clock.Advance(2 * time.Second)
	r.cleanEmptyServices(ctx)
	if _, err := r.GetService(svcKey("implicit")); registry.KindOf(err) != registry.KindServiceNotFound {
		t.Fatalf("empty implicit service kept after its TTL: %v", err)
	}
	if _, err := r.GetService(svcKey("explicit")); err != nil {
		t.Fatalf("a service created through the API was removed: %v", err)
	}
}

func TestListenersHearChangedServices(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	l := r.Listen()
	defer l.Close()
	mustRegister(t, r, inst("a", "10.0.0.1", 80, true))
	mustRegister(t, r, inst("a", "10.0.0.2", 80, true))
	mustRegister(t, r, inst("b", "10.0.0.1", 80, true))
	select {
	case <-l.Wake():
	case <-time.After(5 * time.Second):
		t.Fatal("no wake-up")
	}
	got := map[string]bool{}
	for _, k := range l.Drain() {
		got[k.Name] = true
	}
	if len(got) != 2 || !got["a"] || !got["b"] {
		t.Fatalf("changed services %v, want a and b once each", got)
	}
	if again := l.Drain(); len(again) != 0 {
		t.Fatalf("drained twice: %v", again)
	}
}

// A publish too large for one store transaction is the caller's fault: it
// is refused as invalid (a 400 to the client), not an internal error, and
// writes nothing.
func TestPublishTooLargeForOneTransaction(t *testing.T) {
	st := openMemStore(t)
	r := newTestRegistry(t, st, newFakeClock())
	k := svcKey("big")
	var ins []Instance
	for i := range 1000 { // 1000 × 9 KiB: past the in-memory store's 2.4 MB
		in := inst("big", fmt.Sprintf("10.0.%d.%d", i/256, i%256), 80, true)
		in.Metadata = map[string]string{"k": strings.Repeat("v", 9<<10)}
		ins = append(ins, in)
	}
	rev := enginetest.State(t, st)
	err := r.Publish(ctx, "conn-1", k, ins)
	if registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("kind %v, want invalid (%v)", registry.KindOf(err), err)
	}
	if enginetest.State(t, st) != rev {
		t.Fatal("a refused publish wrote to the store")
	}
	if err := r.Publish(ctx, "conn-1", k, ins[:10]); err != nil {
		t.Fatalf("a small publish after it: %v", err)
	}
}

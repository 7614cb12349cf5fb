package naming

import (
	"fmt"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// limits is a Limiter of fixed namespaces.
type limits map[string]Limits

func (l limits) NamespaceLimits(ns string) (Limits, bool) { v, ok := l[ns]; return v, ok }

func inNS(ns, service, ip string) Instance {
	in := inst(service, ip, 80, true)
	in.Service.Namespace = ns
	return in
}

// Each write path that adds a service or an instance meets the limits;
// a refused write writes nothing, and a write that adds nothing passes.
func TestNamespaceLimits(t *testing.T) {
	st := openMemStore(t)
	r := newTestRegistry(t, st, newFakeClock())
	r.SetLimiter(limits{"t1": {Services: 2, Instances: 3}})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Register(ctx, inNS("t1", "a", "10.0.0.1")))
	must(r.Register(ctx, inNS("t1", "a", "10.0.0.2")))
	must(r.Publish(ctx, "conn-1", ServiceKey{Namespace: "t1", Group: "DEFAULT_GROUP", Name: "b"},
		[]Instance{inNS("t1", "b", "10.0.0.3")}))
	cases := []struct {
		name  string
		write func() error
	}{
		{"register a 4th instance", func() error { return r.Register(ctx, inNS("t1", "a", "10.0.0.9")) }},
		{"register into a 3rd service", func() error { return r.Register(ctx, inNS("t1", "c", "10.0.0.1")) }},
		{"publish a 2nd instance", func() error {
			return r.Publish(ctx, "conn-1", ServiceKey{Namespace: "t1", Group: "DEFAULT_GROUP", Name: "b"},
				[]Instance{inNS("t1", "b", "10.0.0.3"), inNS("t1", "b", "10.0.0.4")})
		}},
		{"create a 3rd service", func() error {
			return r.CreateService(ctx, Service{Key: ServiceKey{Namespace: "t1", Group: "DEFAULT_GROUP", Name: "c"}})
		}},
	}
	before := enginetest.State(t, st)
	for _, c := range cases {
		if err := c.write(); registry.KindOf(err) != registry.KindQuota {
			t.Errorf("%s: %v, want a quota error", c.name, err)
		}
	}
	if enginetest.State(t, st) != before {
		t.Fatal("a refused write wrote")
	}
	// Re-registering, and a publish that swaps an instance, add nothing.
	must(r.Register(ctx, inNS("t1", "a", "10.0.0.1")))
	must(r.Publish(ctx, "conn-1", ServiceKey{Namespace: "t1", Group: "DEFAULT_GROUP", Name: "b"},
		[]Instance{inNS("t1", "b", "10.0.0.5")}))
	// Other namespaces are free, and so is t1 without a limiter.
	must(r.Register(ctx, inNS("public", "a", "10.0.0.9")))
	r.SetLimiter(nil)
	must(r.Register(ctx, inNS("t1", "a", "10.0.0.9")))
	if s, i := r.Usage("t1"); s != 2 || i != 4 {
		t.Fatalf("usage %d services, %d instances", s, i)
	}
	checkIndexMatchesStore(t, r, st)
	must(r.RemoveClient(ctx, "conn-1"))
	gone := inNS("t1", "a", "10.0.0.9")
	must(r.Deregister(ctx, gone.Ref()))
	checkIndexMatchesStore(t, r, st)
}

// BenchmarkRegisterLimited is a registration into a limited namespace
// beside 10,000 services of other namespaces: admit walks them all.
func BenchmarkRegisterLimited(b *testing.B) {
	for _, limited := range []bool{false, true} {
		b.Run(fmt.Sprintf("limited=%v", limited), func(b *testing.B) {
			st := openMemStore(b)
			r := newTestRegistry(b, st, newFakeClock())
			for i := range 10000 {
				if err := r.Register(ctx, inNS("other", fmt.Sprintf("s%d", i), "10.0.0.1")); err != nil {
					b.Fatal(err)
				}
			}
			if limited {
				r.SetLimiter(limits{"t1": {Services: 1 << 30, Instances: 1 << 30}})
			}
			b.ResetTimer()
			for i := range b.N {
				if err := r.Register(ctx, inNS("t1", "a", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package naming

import (
	"sort"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

// where lists the instances of a service as "ip:port@cluster healthy".
func where(t *testing.T, r *Registry, name string) string {
	t.Helper()
	if err := r.catchUp(ctx); err != nil {
		t.Fatal(err)
	}
	_, list, _ := r.idx.snapshot(svcKey(name))
	out := make([]string, 0, len(list))
	for _, in := range list {
		s := in.Address() + "@" + in.Cluster
		if !in.Healthy {
			s += " unhealthy"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func at(in Instance, cluster string) Instance {
	in.Cluster = cluster
	return in
}

// refAt locates in's address in cluster.
func refAt(in Instance, cluster string) InstanceRef {
	return InstanceRef{Service: in.Service, IP: in.IP, Port: in.Port, Cluster: cluster}
}

// TestWritesFindTheClientsInstanceByAddress: Nacos 2 keeps one instance per
// service for each ip:port client and finds it whatever cluster a request
// names. Each case registers, then writes with another cluster (or none,
// which is DEFAULT), in both orders.
func TestWritesFindTheClientsInstanceByAddress(t *testing.T) {
	a := inst("s", "10.0.0.1", 80, true)
	other := inst("s", "10.0.0.2", 80, true) // another client: never touched
	for _, c := range []struct {
		name         string
		registered   string // cluster of the registration
		write        func(r *Registry) error
		want         string
		wantNotFound bool
	}{
		{"deregister without a cluster", "c1", func(r *Registry) error {
			return r.DeregisterByAddress(ctx, refAt(a, DefaultCluster))
		}, "10.0.0.2:80@DEFAULT", false},
		{"deregister with another cluster", "c1", func(r *Registry) error {
			return r.DeregisterByAddress(ctx, refAt(a, "c2"))
		}, "10.0.0.2:80@DEFAULT", false},
		{"deregister with a cluster of an instance without one", DefaultCluster, func(r *Registry) error {
			return r.DeregisterByAddress(ctx, refAt(a, "c1"))
		}, "10.0.0.2:80@DEFAULT", false},
		{"deregister of another address", "c1", func(r *Registry) error {
			return r.DeregisterByAddress(ctx, refAt(inst("s", "10.0.0.3", 80, true), "c1"))
		}, "10.0.0.1:80@c1,10.0.0.2:80@DEFAULT", false},
		{"deregister of another port", "c1", func(r *Registry) error {
			return r.DeregisterByAddress(ctx, refAt(inst("s", "10.0.0.1", 81, true), "c1"))
		}, "10.0.0.1:80@c1,10.0.0.2:80@DEFAULT", false},
		{"register again in another cluster moves", "c1", func(r *Registry) error {
			return r.RegisterByAddress(ctx, at(a, "c2"))
		}, "10.0.0.1:80@c2,10.0.0.2:80@DEFAULT", false},
		{"register again without a cluster moves", "c1", func(r *Registry) error {
			return r.RegisterByAddress(ctx, at(a, DefaultCluster))
		}, "10.0.0.1:80@DEFAULT,10.0.0.2:80@DEFAULT", false},
		{"light beat without a cluster", "c1", func(r *Registry) error {
			_, err := r.Beat(ctx, refAt(a, DefaultCluster), nil)
			return err
		}, "10.0.0.1:80@c1,10.0.0.2:80@DEFAULT", false},
		{"full beat with another cluster refreshes, registers nothing", "c1", func(r *Registry) error {
			full := at(a, "c2")
			_, err := r.Beat(ctx, refAt(a, "c2"), &full)
			return err
		}, "10.0.0.1:80@c1,10.0.0.2:80@DEFAULT", false},
		{"light beat of another address", "c1", func(r *Registry) error {
			_, err := r.Beat(ctx, refAt(inst("s", "10.0.0.3", 80, true), "c1"), nil)
			return err
		}, "10.0.0.1:80@c1,10.0.0.2:80@DEFAULT", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newTestRegistry(t, openMemStore(t), newFakeClock())
			if err := r.RegisterByAddress(ctx, at(a, c.registered)); err != nil {
				t.Fatal(err)
			}
			mustRegister(t, r, other)
			err := c.write(r)
			if c.wantNotFound != (registry.KindOf(err) == registry.KindInstanceNotFound) || (!c.wantNotFound && err != nil) {
				t.Fatalf("write: %v", err)
			}
			if got := where(t, r, "s"); got != c.want {
				t.Errorf("instances %s, want %s", got, c.want)
			}
		})
	}
}

// TestBeatRevivesTheInstanceOfAnotherCluster: the beat that names no
// cluster marks the client's unhealthy instance in c1 healthy again.
func TestBeatRevivesTheInstanceOfAnotherCluster(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	in := at(inst("s", "10.0.0.1", 80, true), "c1")
	in.Healthy = false
	if err := r.RegisterByAddress(ctx, in); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Beat(ctx, refAt(in, DefaultCluster), nil); err != nil {
		t.Fatal(err)
	}
	if got := where(t, r, "s"); got != "10.0.0.1:80@c1" {
		t.Errorf("instances %s", got)
	}
}

// TestSetHealthFindsThePersistentInstanceByAddress follows
// HealthOperatorV2Impl: the persistent client's instance, whatever cluster.
func TestSetHealthFindsThePersistentInstanceByAddress(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	if err := r.RegisterByAddress(ctx, at(inst("p", "10.0.0.1", 80, false), "c1")); err != nil {
		t.Fatal(err)
	}
	if err := r.SetHealth(ctx, refAt(inst("p", "10.0.0.1", 80, false), DefaultCluster), false); err != nil {
		t.Fatal(err)
	}
	if got := where(t, r, "p"); got != "10.0.0.1:80@c1 unhealthy" {
		t.Errorf("instances %s", got)
	}
	err := r.SetHealth(ctx, refAt(inst("p", "10.0.0.9", 80, false), "c1"), true)
	if registry.KindOf(err) != registry.KindInstanceNotFound {
		t.Errorf("unknown address: %v", err)
	}
	// An ephemeral instance is still refused, wherever it is.
	if err := r.RegisterByAddress(ctx, at(inst("e", "10.0.0.1", 80, true), "c1")); err != nil {
		t.Fatal(err)
	}
	err = r.SetHealth(ctx, refAt(inst("e", "10.0.0.1", 80, true), "c1"), false)
	if registry.KindOf(err) != registry.KindHealthCheckRunning {
		t.Errorf("ephemeral: %v", err)
	}
}

// TestUpdateStaysExact: Nacos keys instance metadata by ip:port:cluster, so
// an update names the cluster it means.
func TestUpdateStaysExact(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	in := at(inst("s", "10.0.0.1", 80, true), "c1")
	if err := r.RegisterByAddress(ctx, in); err != nil {
		t.Fatal(err)
	}
	err := r.UpdateInstance(ctx, refAt(in, DefaultCluster), func(*Instance) error { return nil })
	if registry.KindOf(err) != registry.KindInstanceNotFound {
		t.Errorf("update of another cluster: %v", err)
	}
}

package naming

import (
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// twoNodes builds two registries over one store, as two processes on one
// etcd. Their health loops stay idle (beat ownership across nodes is the
// membership work's, not these tests').
func twoNodes(t *testing.T) (a, b *Registry) {
	t.Helper()
	st := twonodes.Store(t)
	for _, n := range []**Registry{&a, &b} {
		r, err := New(context.Background(), st, Options{Logger: twonodes.Quiet(), CheckInterval: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(r.Close)
		// Cache the switches, as the first health tick of a running node does.
		if _, err := r.GetSwitches(context.Background()); err != nil {
			t.Fatal(err)
		}
		*n = r
	}
	return a, b
}

// Every read of node B shows what node A wrote; A reads its own writes
// at once.
func TestTwoNodesReadsFollowTheOtherNodesWrites(t *testing.T) {
	threshold := 0.5
	cases := []struct {
		name  string
		write func(t *testing.T, a *Registry)
		seen  func(b *Registry) bool
	}{
		{"register", func(t *testing.T, a *Registry) { mustRegister(t, a, inst("reg", "10.0.0.1", 80, false)) },
			func(b *Registry) bool {
				l, err := b.ListInstances(svcKey("reg"), Query{})
				return err == nil && len(l.Instances) == 1 && b.HasService(svcKey("reg"))
			}},
		{"deregister", func(t *testing.T, a *Registry) {
			in := inst("dereg", "10.0.0.1", 80, false)
			mustRegister(t, a, in)
			if err := a.Deregister(ctx, in.Ref()); err != nil {
				t.Fatal(err)
			}
		}, func(b *Registry) bool { _, err := b.GetInstance(ref("dereg")); return err != nil }},
		{"instance update", func(t *testing.T, a *Registry) {
			in := inst("upd", "10.0.0.1", 80, false)
			mustRegister(t, a, in)
			if err := a.UpdateInstance(ctx, in.Ref(), func(i *Instance) error { i.Weight = 7; return nil }); err != nil {
				t.Fatal(err)
			}
		}, func(b *Registry) bool {
			got, err := b.GetInstance(ref("upd"))
			return err == nil && got.Weight == 7
		}},
		{"health", func(t *testing.T, a *Registry) {
			in := inst("health", "10.0.0.1", 80, false)
			mustRegister(t, a, in)
			if err := a.SetHealth(ctx, in.Ref(), false); err != nil {
				t.Fatal(err)
			}
		}, func(b *Registry) bool {
			got, err := b.GetInstance(ref("health"))
			return err == nil && !got.Healthy
		}},
		{"service create and update", func(t *testing.T, a *Registry) {
			if err := a.CreateService(ctx, Service{Key: svcKey("svc"), Metadata: map[string]string{}}); err != nil {
				t.Fatal(err)
			}
			if err := a.UpdateService(ctx, svcKey("svc"), ServicePatch{ProtectThreshold: &threshold}); err != nil {
				t.Fatal(err)
			}
		}, func(b *Registry) bool {
			v, err := b.GetService(svcKey("svc"))
			_, page := b.ListServices(DefaultNamespace, DefaultGroup, 1, 100)
			return err == nil && v.Service.ProtectThreshold == threshold && len(page) > 0 &&
				len(b.SearchServices(DefaultNamespace, DefaultGroup, "svc")) == 1
		}},
		{"service delete", func(t *testing.T, a *Registry) {
			if err := a.CreateService(ctx, Service{Key: svcKey("gone"), Metadata: map[string]string{}}); err != nil {
				t.Fatal(err)
			}
			if err := a.DeleteService(ctx, svcKey("gone")); err != nil {
				t.Fatal(err)
			}
		}, func(b *Registry) bool { return !b.HasService(svcKey("gone")) }},
		{"switches", func(t *testing.T, a *Registry) {
			if err := a.UpdateSwitches(ctx, func(s *Switches) error { s.ClientBeatInterval = 1234; return nil }); err != nil {
				t.Fatal(err)
			}
		}, func(b *Registry) bool {
			s, err := b.GetSwitches(ctx)
			return err == nil && s.ClientBeatInterval == 1234
		}},
	}
	a, b := twoNodes(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.write(t, a)
			if !tc.seen(a) {
				t.Fatal("the writer does not read its own write")
			}
			twonodes.Eventually(t, tc.name, func() bool { return tc.seen(b) })
		})
	}
	sa, ia := a.Counts()
	sb, ib := b.Counts()
	if sa != sb || ia != ib {
		t.Errorf("counts differ: A %d/%d, B %d/%d", sa, ia, sb, ib)
	}
	if a.ServiceVersion(svcKey("reg")) != b.ServiceVersion(svcKey("reg")) {
		t.Error("service versions (list cache keys) differ between nodes")
	}
}

// B's change feed (push to UDP subscribers, gRPC subscriptions, xDS)
// hears of a registration on A.
func TestTwoNodesFeedWakesOnTheOtherNodesWrite(t *testing.T) {
	a, b := twoNodes(t)
	l := b.Listen()
	defer l.Close()
	mustRegister(t, a, inst("pushed", "10.0.0.1", 80, false))
	deadline := time.After(twonodes.Settle)
	for {
		select {
		case <-l.Wake():
			for _, k := range l.Drain() {
				if k == svcKey("pushed") {
					return
				}
			}
		case <-deadline:
			t.Fatal("B's feed never heard of A's registration")
		}
	}
}

// A beat answers the beat interval of the switches; a change on A must
// reach B's beats without waiting for B's health loop (idle here).
func TestTwoNodesBeatIntervalFollowsTheOtherNodesSwitches(t *testing.T) {
	a, b := twoNodes(t)
	in := inst("beat", "10.0.0.1", 80, true)
	mustRegister(t, b, in)
	if err := a.UpdateSwitches(ctx, func(s *Switches) error { s.ClientBeatInterval = 4321; return nil }); err != nil {
		t.Fatal(err)
	}
	twonodes.Eventually(t, "B's beat answers A's interval", func() bool {
		res, err := b.Beat(ctx, in.Ref(), nil)
		return err == nil && res.Interval == 4321*time.Millisecond
	})
}

// ref locates the instance the cases register: 10.0.0.1:80 of service.
func ref(service string) InstanceRef {
	return InstanceRef{Service: svcKey(service), IP: "10.0.0.1", Port: 80, Cluster: DefaultCluster}
}

package index

import (
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/naming"
)

func TestSnapshotsShareUnchangedServices(t *testing.T) {
	log := quietLog
	_, reg := openRegistry(t, "")
	register := func(name, ip string) {
		in := naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: name},
			IP: ip, Port: 80, Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: true}
		if err := reg.Register(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
	register("a", "10.0.0.1")
	register("b", "10.0.0.1")
	x := New(reg, log)
	first := x.Current()
	if first.Len() != 2 || len(first.Services("public", "")) != 2 {
		t.Fatalf("first snapshot has %d services", first.Len())
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan Change, 4)
	go x.Run(ctx, changes)
	first = (<-changes).Snapshot // Run starts by reading everything once

	register("a", "10.0.0.2")
	var c Change
	deadline := time.After(5 * time.Second)
	for c.Snapshot == nil || len(c.Snapshot.Service(first.Service(svc("a")).Key).Instances) != 2 {
		select {
		case c = <-changes:
		case <-deadline:
			t.Fatal("no change published")
		}
	}
	if c.Snapshot.Service(svc("b")) != first.Service(svc("b")) {
		t.Fatal("an unchanged service was rebuilt")
	}
	if c.Snapshot.Seq <= first.Seq {
		t.Fatalf("sequence did not advance: %d -> %d", first.Seq, c.Snapshot.Seq)
	}
}

func svc(name string) naming.ServiceKey {
	return naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: name}
}

// A changed service enters the snapshot unread and is read once, when a
// translator first asks for it: a burst of changes into large services
// costs no list copies while no node asks.
func TestChangedServicesAreReadOnFirstUse(t *testing.T) {
	_, reg := openRegistry(t, "")
	x := New(reg, quietLog)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan Change, 16)
	go x.Run(ctx, out)
	k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "lazy"}
	in := naming.Instance{Service: k, IP: "10.0.0.1", Port: 80, Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: true}
	if err := reg.Register(ctx, in); err != nil {
		t.Fatal(err)
	}
	var snap *Snapshot
	for snap == nil || snap.services.get(k) == nil {
		select {
		case c := <-out:
			snap = c.Snapshot
		case <-time.After(5 * time.Second):
			t.Fatal("no snapshot with the service")
		}
	}
	raw := snap.services.get(k)
	if raw.lazy == nil || raw.Instances != nil {
		t.Fatalf("the service was read before anyone asked: %+v", raw)
	}
	svc := snap.Service(k)
	if len(svc.Instances) != 1 || svc.Version == 0 {
		t.Fatalf("read on first use: %d instances, version %d", len(svc.Instances), svc.Version)
	}
	if again := snap.Service(k); again != svc || &again.Instances[0] != &svc.Instances[0] {
		t.Fatal("a second ask read the service again")
	}
}

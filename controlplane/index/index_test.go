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

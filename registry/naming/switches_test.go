package naming

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func TestSwitchesDefaultsAndPersistence(t *testing.T) {
	st := openMemStore(t)
	r := newTestRegistry(t, st, newFakeClock())
	got, err := r.GetSwitches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultSwitches()
	if got.DefaultInstanceEphemeral != want.DefaultInstanceEphemeral || got.ClientBeatInterval != 5000 ||
		!got.HealthCheckEnabled || !got.LightBeatEnabled || got.DefaultCacheMillis != 3000 {
		t.Fatalf("defaults: %+v", got)
	}
	err = r.UpdateSwitches(ctx, func(s *Switches) error {
		s.ClientBeatInterval = 7000
		s.DefaultInstanceEphemeral = false
		s.Other = map[string]json.RawMessage{"pushEnabled": json.RawMessage("false")}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A second registry over the same store (another node) sees the change.
	r2 := newTestRegistry(t, st, newFakeClock())
	got, err = r2.GetSwitches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClientBeatInterval != 7000 || got.DefaultInstanceEphemeral || string(got.Other["pushEnabled"]) != "false" {
		t.Fatalf("stored switches: %+v", got)
	}
	// A copy handed out cannot change the cache.
	got.Other["pushEnabled"] = json.RawMessage("true")
	again, _ := r2.GetSwitches(ctx)
	if string(again.Other["pushEnabled"]) != "false" {
		t.Fatal("GetSwitches handed out the cached map")
	}
}

func TestSwitchesRefuseNonsense(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	rev := enginetest.State(t, r.st)
	err := r.UpdateSwitches(ctx, func(s *Switches) error { s.ClientBeatInterval = 0; return nil })
	if registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("zero beat interval: %v", err)
	}
	if enginetest.State(t, r.st) != rev {
		t.Fatal("a refused switch change was written")
	}
	s := DefaultSwitches()
	s.DefaultCacheMillis = -1
	if err := r.PutSwitches(ctx, s); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("negative cache millis: %v", err)
	}
}

func TestHealthCheckSwitchStopsTheChecker(t *testing.T) {
	clock := newFakeClock()
	st := openMemStore(t)
	r := newTestRegistry(t, st, clock)
	in := inst("quiet", "10.0.0.1", 80, true)
	in.Metadata = map[string]string{MetaBeatInterval: "500", MetaBeatTimeout: "1500", MetaDeleteTimeout: "3000"}
	mustRegister(t, r, in)

	// Switched off through another registry over the same store: the
	// checker must read the store, not only its own cache.
	other := newTestRegistry(t, st, newFakeClock())
	if err := other.UpdateSwitches(ctx, func(s *Switches) error { s.HealthCheckEnabled = false; return nil }); err != nil {
		t.Fatal(err)
	}
	clock.Advance(10 * time.Second)
	r.checkOnce(ctx)
	got, err := r.GetInstance(in.Ref())
	if err != nil || !got.Healthy {
		t.Fatalf("with health checks off a silent instance became %+v, %v", got, err)
	}

	if err := r.UpdateSwitches(ctx, func(s *Switches) error { s.HealthCheckEnabled = true; return nil }); err != nil {
		t.Fatal(err)
	}
	r.checkOnce(ctx)
	if _, err := r.GetInstance(in.Ref()); registry.KindOf(err) != registry.KindInstanceNotFound {
		t.Fatalf("with health checks on again the silent instance was not removed: %v", err)
	}
}

func TestSwitchesKeyIsIgnoredByTheIndex(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	if err := r.PutSwitches(ctx, DefaultSwitches()); err != nil {
		t.Fatal(err)
	}
	if s, i := r.Counts(); s != 0 || i != 0 {
		t.Fatalf("switches counted as %d services, %d instances", s, i)
	}
}

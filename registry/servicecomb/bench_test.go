package servicecomb

import (
	"fmt"
	"testing"
)

// BenchmarkFind measures a find of a 1,000-instance service at an
// unchanged revision (the cached path every polling client takes) and
// after each change (the path that builds the answer).
func BenchmarkFind(b *testing.B) {
	r, _ := newTestRegistry(b)
	sid := create(b, r, "orders", "1.0.0")
	for i := range 1000 {
		register(b, r, sid, fmt.Sprintf("rest://10.0.%d.%d:80", i/250, i%250+1))
	}
	q := FindQuery{Project: "default", ServiceName: "orders", Version: rule(b, "latest")}
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := r.Find(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rebuilt", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.finds.init()
			res, err := r.Find(ctx, q)
			if err != nil || len(res.JSON()) == 0 {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkHeartbeat(b *testing.B) {
	r, _ := newTestRegistry(b)
	sid := create(b, r, "orders", "1.0.0")
	iid := register(b, r, sid, "rest://10.0.0.1:80")
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Heartbeat(ctx, "default", sid, iid); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeartbeatAfterRestart: the heartbeats of a 5,000-instance
// microservice, once each, with the id→address cache empty as after a
// restart (per heartbeat).
func BenchmarkHeartbeatAfterRestart(b *testing.B) {
	r, _ := newTestRegistry(b)
	sid := create(b, r, "orders", "1.0.0")
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = register(b, r, sid, fmt.Sprintf("rest://10.0.%d.%d:80", i/250, i%250+1))
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		r.refs.Clear()
		b.StartTimer()
		for _, id := range ids {
			if err := r.Heartbeat(ctx, "default", sid, id); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ids)), "ns/heartbeat")
}

package naming

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

func benchRegistry(b *testing.B) *Registry {
	r, err := New(ctx, openMemStore(b), Options{Logger: quietLogger(), CheckInterval: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(r.Close)
	return r
}

func benchIP(n int64) string {
	return fmt.Sprintf("10.%d.%d.%d", (n>>16)&0xff, (n>>8)&0xff, n&0xff)
}

// BenchmarkRegister: new ephemeral instances into 100 services from 32
// concurrent callers per core, as many clients register at once; each waits
// for its commit and the index, so fewer callers measure latency instead.
func BenchmarkRegister(b *testing.B) {
	r := benchRegistry(b)
	var seq atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			in := inst(fmt.Sprintf("bench-%d", n%100), benchIP(n), 8080, true)
			if err := r.Register(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkListInstances: a 10-instance service read in parallel.
func BenchmarkListInstances(b *testing.B) {
	r := benchRegistry(b)
	for i := int64(1); i <= 10; i++ {
		mustRegister(b, r, inst("listed", benchIP(i), 8080, true))
	}
	k := svcKey("listed")
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.ListInstances(k, Query{HealthyOnly: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkBeat: beats of 5,000 healthy instances, in parallel.
func BenchmarkBeat(b *testing.B) {
	r := benchRegistry(b)
	const n = 5000
	refs := make([]InstanceRef, n)
	for i := range refs {
		in := inst("beating", benchIP(int64(i+1)), 7070, true)
		mustRegister(b, r, in)
		refs[i] = in.Ref()
	}
	var seq atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.Beat(ctx, refs[seq.Add(1)%n], nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSubscribers: the subscribers of one service among 10,000
// connection subscriptions over 100 services, as every change asks (the
// Nacos 1 UDP pusher), and a connection's leaving, which drops its
// subscriptions.
func BenchmarkSubscribers(b *testing.B) {
	r := benchRegistry(b)
	for i := range 10_000 {
		r.SubscribeConn(Subscriber{Service: svcKey(fmt.Sprintf("svc-%d", i%100)), Conn: fmt.Sprintf("conn-%d", i),
			IP: benchIP(int64(i)), Port: 40000})
	}
	b.Run("of a service", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if n := len(r.Subscribers(svcKey(fmt.Sprintf("svc-%d", i%100)), ClientFilter{})); n != 100 {
				b.Fatalf("%d subscribers", n)
			}
		}
	})
	b.Run("of a client", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if n := len(r.Subscribed(fmt.Sprintf("conn-%d", i%10_000))); n != 1 {
				b.Fatalf("%d subscriptions", n)
			}
		}
	})
	b.Run("client leaves", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			id := fmt.Sprintf("conn-%d", i%10_000)
			r.subs.dropClient(id)
			r.SubscribeConn(Subscriber{Service: svcKey(fmt.Sprintf("svc-%d", i%100)), Conn: id, IP: benchIP(int64(i)), Port: 40000})
		}
	})
}

// BenchmarkPublish: connection clients replacing their instance in one of
// 100 services with a new address each time, 64 clients, 32 callers per
// core, as the gRPC registration run does: each client ends up holding an
// instance in every service, and each publish is a put and a delete.
func BenchmarkPublish(b *testing.B) {
	r := benchRegistry(b)
	var seq atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			in := Instance{IP: benchIP(n), Port: 8080, Cluster: DefaultCluster, Weight: 1, Healthy: true, Enabled: true}
			if err := r.Publish(ctx, fmt.Sprintf("conn-%d", n%64), svcKey(fmt.Sprintf("bench-%d", n%100)), []Instance{in}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkChangeInLargeService: one instance registered into a service
// of n, then the service read whole, as the xDS index reads a changed
// service once per window: the cost of a change must not grow with the
// service's size (issue 16).
func BenchmarkChangeInLargeService(b *testing.B) {
	for _, n := range []int64{100, 1_000, 5_000} {
		b.Run(fmt.Sprintf("%d instances", n), func(b *testing.B) {
			r := benchRegistry(b)
			name := fmt.Sprintf("large-%d", n)
			for i := int64(1); i <= n; i++ {
				mustRegister(b, r, inst(name, benchIP(i), 8080, true))
			}
			k := svcKey(name)
			if _, err := r.GetService(k); err != nil {
				b.Fatal(err)
			}
			seq := n
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				seq++
				mustRegister(b, r, inst(name, benchIP(seq), 8080, true))
				v, err := r.GetService(k)
				if err != nil || int64(len(v.Instances)) != seq {
					b.Fatalf("%d instances, %v; want %d", len(v.Instances), err, seq)
				}
			}
		})
	}
}

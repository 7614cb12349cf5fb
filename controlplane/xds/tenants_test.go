package xds

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// limits is a StreamLimiter over a table that a test changes (a resize);
// namespace ns is tenant engine-of-ns's.
type limits struct {
	mu sync.Mutex
	m  map[string]int
}

func (l *limits) XDSStreamLimit(ns string) (string, int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, ok := l.m[ns]
	return tenantOf[ns], n, ok
}

// tenantOf names the tenants of the test namespaces (a table: the
// benchmark measures the admission, not a string concatenation).
var tenantOf = map[string]string{"eng1": "engine-of-eng1", "eng2": "engine-of-eng2"}

func (l *limits) set(ns string, n int) { l.mu.Lock(); l.m[ns] = n; l.mu.Unlock() }

// held is an open ADS stream that got its first answer.
type held struct {
	stop func()
	sotw discovery.AggregatedDiscoveryService_StreamAggregatedResourcesClient
}

// hold opens a stream of kind as n and waits for its first answer; the
// stream stays open until stop (or the test's end).
func hold(t *testing.T, e *env, kind string, n *corev3.Node) (*held, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ads := dial(t, e.addr)
	h := &held{stop: cancel}
	var err error
	if kind == KindDelta {
		var s discovery.AggregatedDiscoveryService_DeltaAggregatedResourcesClient
		if s, err = ads.DeltaAggregatedResources(ctx); err == nil {
			_ = s.Send(&discovery.DeltaDiscoveryRequest{Node: n, TypeUrl: resourcev3.ClusterType})
			_, err = recvWithin(func() error { _, err := s.Recv(); return err })
		}
	} else if h.sotw, err = ads.StreamAggregatedResources(ctx); err == nil {
		_ = h.sotw.Send(&discovery.DiscoveryRequest{Node: n, TypeUrl: resourcev3.ClusterType})
		_, err = recvWithin(func() error { _, err := h.sotw.Recv(); return err })
	}
	if err != nil {
		cancel()
	}
	return h, err
}

func recvWithin(recv func() error) (bool, error) {
	ch := make(chan error, 1)
	go func() { ch <- recv() }()
	select {
	case err := <-ch:
		return err == nil, err
	case <-time.After(5 * time.Second):
		return false, status.Error(codes.DeadlineExceeded, "no xDS answer in 5 s")
	}
}

func inNamespace(t *testing.T, id, ns string) *corev3.Node {
	return node(t, id, map[string]any{"causeway.role": "sidecar", "causeway.namespace": ns})
}

// An engine's namespace holds at most its limit of streams, state of the
// world and delta alike; the one past it is refused with ResourceExhausted
// naming the engine and the limit, the others keep being served, a closed
// stream frees its slot, and a new limit counts from the next stream.
func TestTenantStreamLimit(t *testing.T) {
	lim := &limits{m: map[string]int{"eng1": 2}}
	e := newEnvWith(t, Options{Limiter: lim})
	first, err := hold(t, e, KindSotW, inNamespace(t, "a", "eng1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold(t, e, KindDelta, inNamespace(t, "b", "eng1")); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		before func()
		kind   string
		ns     string
		want   codes.Code
		count  int // streams of eng1 after the step
	}{
		{"past the limit", nil, KindSotW, "eng1", codes.ResourceExhausted, 2},
		{"delta past the limit", nil, KindDelta, "eng1", codes.ResourceExhausted, 2},
		{"another namespace is not counted", nil, KindSotW, "public", codes.OK, 2},
		{"an unlimited namespace", nil, KindDelta, "eng2", codes.OK, 2},
		{"a closed stream frees its slot", func() {
			first.stop()
			waitFor(t, "the closed stream's slot", func() bool { return e.server.Streams("engine-of-eng1") == 1 })
		}, KindSotW, "eng1", codes.OK, 2},
		{"a larger limit admits the next", func() { lim.set("eng1", 3) }, KindSotW, "eng1", codes.OK, 3},
		{"a smaller limit refuses the next", func() { lim.set("eng1", 1) }, KindDelta, "eng1", codes.ResourceExhausted, 3},
	}
	for i, s := range steps {
		t.Run(s.name, func(st *testing.T) {
			if s.before != nil {
				s.before()
			}
			// Held by the parent: each stream stays open for the steps after.
			_, err := hold(t, e, s.kind, inNamespace(t, "n"+string(rune('c'+i)), s.ns))
			if status.Code(err) != s.want {
				st.Fatalf("got %v, want %v", err, s.want)
			}
			if s.want == codes.ResourceExhausted && !strings.Contains(status.Convert(err).Message(), "engine-of-eng1") {
				st.Fatalf("the refusal does not name the engine: %v", err)
			}
			if got := e.server.Streams("engine-of-eng1"); got != s.count {
				st.Fatalf("eng1 holds %d streams, want %d", got, s.count)
			}
		})
	}
}

// A refused stream leaves the admitted ones served: a held stream asking
// for another type is answered.
func TestTenantStreamRefusalKeepsOthers(t *testing.T) {
	e := newEnvWith(t, Options{Limiter: &limits{m: map[string]int{"eng1": 1}}})
	h, err := hold(t, e, KindSotW, inNamespace(t, "a", "eng1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold(t, e, KindSotW, inNamespace(t, "b", "eng1")); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("second stream: %v", err)
	}
	if err := h.sotw.Send(&discovery.DiscoveryRequest{TypeUrl: resourcev3.ListenerType}); err != nil {
		t.Fatal(err)
	}
	if ok, err := recvWithin(func() error { _, err := h.sotw.Recv(); return err }); !ok {
		t.Fatalf("the admitted stream is no longer served: %v", err)
	}
}

// The admission check of one stream and its release: the limiter's
// lookup, the count and the refusal test, under the counter's lock.
func BenchmarkTenantAdmission(b *testing.B) {
	for _, c := range []struct {
		name string
		lim  StreamLimiter
	}{{"no-limiter", nil}, {"engine", &limits{m: map[string]int{"eng1": 1 << 30}}}} {
		b.Run(c.name, func(b *testing.B) {
			ts := newTenantStreams(c.lim, nil)
			b.ReportAllocs()
			var id int64
			for b.Loop() {
				id++
				key := streamKey{KindSotW, id}
				if err := ts.admit(key, "eng1"); err != nil {
					b.Fatal(err)
				}
				ts.release(key)
			}
		})
	}
}

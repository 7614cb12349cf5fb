package servicecomb

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/naming"
	sc "github.com/causeway-dev/causeway/registry/servicecomb"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// benchServices and benchInstances shape the batch benchmarks' registry:
// services of a few instances, as a consumer of many providers sees.
const (
	benchServices  = 100
	benchInstances = 10
)

// benchMux is the dialect over an in-memory store holding benchServices
// services bench-0.. of benchInstances instances each, without
// authentication.
func benchMux(b *testing.B) http.Handler {
	b.Helper()
	mux, _ := newRig(b)
	for s := range benchServices {
		sid := rigService(b, mux, fmt.Sprintf("bench-%d", s))
		for i := range benchInstances {
			rigInstance(b, mux, sid, fmt.Sprintf(`{"hostName":"h%d","endpoints":["rest://10.0.%d.%d:8080"]}`, i, s, i+1))
		}
	}
	return mux
}

// newRig mounts the dialect, without authentication, over a fresh
// in-memory store, and answers the registry behind it too.
func newRig(tb testing.TB) (http.Handler, *sc.Registry) {
	tb.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	ctx := context.Background()
	nr, err := naming.New(ctx, st, naming.Options{Logger: log, CheckInterval: time.Hour})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(nr.Close)
	r, err := sc.New(ctx, st, nr, sc.Options{Logger: log})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(r.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, Dialect(r, Options{Logger: log}))
	return mux, r
}

// rigService creates a 1.0.0 microservice and answers its id.
func rigService(tb testing.TB, h http.Handler, name string) string {
	tb.Helper()
	rec := serve(h, "POST", reg+"/microservices", fmt.Sprintf(`{"service":{"serviceName":%q,"version":"1.0.0"}}`, name))
	var out struct {
		ServiceID string `json:"serviceId"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != 200 {
		tb.Fatalf("create %s: %d %s", name, rec.Code, rec.Body)
	}
	return out.ServiceID
}

// rigInstance registers the instance object inst and answers its id.
func rigInstance(tb testing.TB, h http.Handler, sid, inst string) string {
	tb.Helper()
	rec := serve(h, "POST", reg+"/microservices/"+sid+"/instances", `{"instance":`+inst+`}`)
	var out struct {
		InstanceID string `json:"instanceId"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != 200 {
		tb.Fatalf("register %s: %d %s", inst, rec.Code, rec.Body)
	}
	return out.InstanceID
}

func serve(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// batchOf answers a batch find body of the first n bench services, each
// with rev when rev is not empty.
func batchOf(n int, rev func(i int) string) string {
	items := make([]string, n)
	for i := range items {
		r := ""
		if rev != nil {
			r = rev(i)
		}
		items[i] = fmt.Sprintf(`{"service":{"appId":"default","serviceName":"bench-%d","version":"latest"},"rev":%q}`, i, r)
	}
	return `{"services":[` + strings.Join(items, ",") + `]}`
}

// BenchmarkBatchFind compares a batch find of n services with the cached
// single find of one (services of 10 instances, unchanged, so every answer
// comes from the per-query cache): a batch of n should cost about n
// single finds. "updated" asks without revs (every item answered with its
// instances), "notModified" with the current revs (the steady state of a
// polling client).
func BenchmarkBatchFind(b *testing.B) {
	mux := benchMux(b)
	find := reg + "/instances?appId=default&serviceName=bench-0&version=latest"
	b.Run("single", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if rec := serve(mux, "GET", find, ""); rec.Code != 200 {
				b.Fatalf("find: %d %s", rec.Code, rec.Body)
			}
		}
	})
	revs := make([]string, benchServices)
	for i := range revs {
		rec := serve(mux, "GET", fmt.Sprintf(reg+"/instances?appId=default&serviceName=bench-%d&version=latest", i), "")
		revs[i] = rec.Header().Get(HeaderRevision)
	}
	for _, n := range []int{1, 10, 100} {
		for _, mode := range []string{"updated", "notModified"} {
			var rev func(int) string
			if mode == "notModified" {
				rev = func(i int) string { return revs[i] }
			}
			body := batchOf(n, rev)
			b.Run(fmt.Sprintf("batch-%d/%s", n, mode), func(b *testing.B) {
				b.ReportAllocs()
				defer reportCPU(b)()
				for b.Loop() {
					if rec := serve(mux, "POST", reg+"/instances/action?type=query", body); rec.Code != 200 {
						b.Fatalf("batch: %d %s", rec.Code, rec.Body)
					}
				}
			})
		}
	}
}

// reportCPU reports the process's CPU time per op (GC included) as
// cpu-ns/op: unlike ns/op it holds when other work shares the cores.
// Call the function it answers when the loop is done.
func reportCPU(b *testing.B) func() {
	start := cpuNow()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuNow()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuNow() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

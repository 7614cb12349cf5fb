// Package health serves the liveness and readiness probes. They stay open
// when authentication is on, so orchestrators and SDKs can probe them.
package health

import (
	"net/http"
	"sync/atomic"

	"github.com/causeway-dev/causeway/api/httpx"
)

// Probe says whether the server is ready; it starts not ready.
type Probe struct {
	ready atomic.Bool
	// Check, when set, must also hold for the server to be ready: the
	// store answers.
	Check func() bool
}

// SetReady flips readiness (true after start-up, false while draining).
func (p *Probe) SetReady(v bool) { p.ready.Store(v) }

// Dialect answers the probe routes, all public.
func (p *Probe) Dialect() httpx.Dialect {
	live := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { ok(w) })
	ready := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if !p.Ready() {
			w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("server is not ready"))
			return
		}
		ok(w)
	})
	return httpx.Dialect{Name: "health", Routes: []httpx.Route{
		{Pattern: "GET /healthz", Handler: live, Public: true},
		{Pattern: "GET /readyz", Handler: ready, Public: true},
		{Pattern: "GET /nacos/v1/console/health/liveness", Handler: live, Public: true},
		{Pattern: "GET /nacos/v1/console/health/readiness", Handler: ready, Public: true},
		{Pattern: "GET /nacos/v2/console/health/liveness", Handler: live, Public: true},
		{Pattern: "GET /nacos/v2/console/health/readiness", Handler: ready, Public: true},
	}}
}

func ok(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	_, _ = w.Write([]byte("OK"))
}

// Ready says whether the server is ready: the truth /readyz answers.
func (p *Probe) Ready() bool { return p.ready.Load() && (p.Check == nil || p.Check()) }

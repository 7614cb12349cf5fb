package xds

import (
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// StreamLimiter answers how many xDS streams may name a namespace at once:
// a tenant (a CSE engine, registry/tenancy) owns its namespace and its
// flavor caps the streams of its proxies. ok is false for a namespace no
// tenant limits. It is asked on every admission, so a resize counts from
// the next stream on.
type StreamLimiter interface {
	XDSStreamLimit(namespace string) (tenant string, limit int, ok bool)
}

// tenantStreams counts this node's admitted streams by the tenant that
// owns the namespace they name (the token's when auth is on: the guard has
// checked the node claims it; the node metadata's otherwise) and refuses
// one past the tenant's limit; a tenant's namespaces share it. Each node counts its own streams: a proxy holds one stream to one
// node, and a store-backed count would put a write on every connect.
type tenantStreams struct {
	lim StreamLimiter
	m   *metrics

	mu       sync.Mutex
	byTenant map[string]int
	streams  map[streamKey]string // admitted streams of limited tenants
}

func newTenantStreams(lim StreamLimiter, m *metrics) *tenantStreams {
	return &tenantStreams{lim: lim, m: m, byTenant: map[string]int{}, streams: map[streamKey]string{}}
}

// admit counts stream against the tenant of the namespace it names, or
// refuses it with codes.ResourceExhausted when the tenant holds its limit.
// A namespace no tenant limits is not counted.
func (t *tenantStreams) admit(stream streamKey, namespace string) error {
	var tenant string
	limit, limited := 0, false
	if t.lim != nil {
		tenant, limit, limited = t.lim.XDSStreamLimit(namespace)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.streams[stream]; ok || !limited {
		return nil
	}
	if t.byTenant[tenant] >= limit {
		t.m.tenantRefused()
		return status.Errorf(codes.ResourceExhausted,
			"engine %s holds %d xDS connections, its flavor's limit (namespace %s)", tenant, limit, namespace)
	}
	t.streams[stream] = tenant
	t.byTenant[tenant]++
	return nil
}

// release frees a closed stream's slot.
func (t *tenantStreams) release(stream streamKey) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tenant, ok := t.streams[stream]
	if !ok {
		return
	}
	delete(t.streams, stream)
	if t.byTenant[tenant]--; t.byTenant[tenant] <= 0 {
		delete(t.byTenant, tenant)
	}
}

// count answers how many admitted streams count against tenant.
func (t *tenantStreams) count(tenant string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byTenant[tenant]
}

// Streams answers how many xDS streams on this node count against a
// tenant (an engine, by id): its xDS connections, for its quotas.
func (s *Server) Streams(tenant string) int { return s.tenants.count(tenant) }

package xds

import (
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc/codes"
)

// metrics of the xDS server; nil-safe so tests can run without a registry.
type metrics struct {
	pushes  prometheus.Counter
	latency prometheus.Histogram
	nacks   *prometheus.CounterVec
	refused prometheus.Counter
	auth    *prometheus.CounterVec
	tenant  prometheus.Counter
}

func newMetrics(reg prometheus.Registerer, nodes *nodes) *metrics {
	if reg == nil {
		return nil
	}
	m := &metrics{
		pushes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "causeway_xds_pushes_total", Help: "Snapshots set for connected nodes.",
		}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "causeway_xds_push_latency_seconds",
			Help:    "From the first registry change of a batch to every node's snapshot being set.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}),
		nacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "causeway_xds_nacks_total", Help: "Configuration rejected by clients, by type.",
		}, []string{"type_url"}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "causeway_xds_translation_failures_total", Help: "Translations refused by validation (never pushed).",
		}),
		auth: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "causeway_xds_auth_refusals_total", Help: "xDS streams refused for their token (Unauthenticated) or for claiming another identity (PermissionDenied).",
		}, []string{"code"}),
		tenant: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "causeway_xds_tenant_refusals_total", Help: "xDS streams refused because their namespace's engine holds its flavor's xDS connections (ResourceExhausted).",
		}),
	}
	connected := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "causeway_xds_connected_nodes", Help: "Nodes with an open xDS stream.",
	}, func() float64 { return float64(len(nodes.statuses())) })
	reg.MustRegister(m.pushes, m.latency, m.nacks, m.refused, m.auth, m.tenant, connected)
	return m
}

func (m *metrics) pushed(n int, seconds float64) {
	if m == nil {
		return
	}
	m.pushes.Add(float64(n))
	m.latency.Observe(seconds)
}

func (m *metrics) nack(typeURL string) {
	if m != nil {
		m.nacks.WithLabelValues(typeURL).Inc()
	}
}

func (m *metrics) refusedTranslation() {
	if m != nil {
		m.refused.Inc()
	}
}

func (m *metrics) authRefused(c codes.Code) {
	if m != nil {
		m.auth.WithLabelValues(c.String()).Inc()
	}
}

func (m *metrics) tenantRefused() {
	if m != nil {
		m.tenant.Inc()
	}
}

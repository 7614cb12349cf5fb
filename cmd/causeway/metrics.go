package main

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	nacosgrpc "github.com/causeway-dev/causeway/api/nacos/grpc"
	configs "github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
)

// newMetrics is the process's Prometheus registry: Go and process metrics,
// the registry's size, and whatever the stages register on it.
func newMetrics(st store.Store, reg *naming.Registry, cfg *configs.Service) *prometheus.Registry {
	m := prometheus.NewRegistry()
	m.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "causeway_naming_services", Help: "Services in the registry.",
		}, func() float64 { s, _ := reg.Counts(); return float64(s) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "causeway_naming_instances", Help: "Instances in the registry.",
		}, func() float64 { _, n := reg.Counts(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "causeway_config_long_polls", Help: "Config long polls held now.",
		}, func() float64 { return float64(cfg.Waiting()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "causeway_naming_instance_changes_total", Help: "Instances registered, changed (health included) or removed.",
		}, func() float64 { return float64(reg.InstanceChanges()) }),
		// Every write (a registration, a health change, an expiry) moves the
		// revision: its rate is the store's write rate.
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "causeway_store_revision", Help: "The store's revision: transactions committed since it was created.",
		}, func() float64 { return float64(st.Revision()) }),
	)
	return m
}

// registerNacosGRPCMetrics adds the Nacos 2 gRPC server's connections and
// pushes to m.
func registerNacosGRPCMetrics(m *prometheus.Registry, s *nacosgrpc.Server) {
	m.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "causeway_nacos_grpc_connections", Help: "Nacos 2 SDK connections set up now.",
		}, func() float64 { return float64(s.Stats().Connections) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "causeway_nacos_grpc_pushes_total", Help: "Pushes to Nacos 2 SDKs acknowledged.",
		}, func() float64 { return float64(s.Stats().Pushed) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "causeway_nacos_grpc_push_failures_total", Help: "Pushes to Nacos 2 SDKs that failed or went unacknowledged (sent again).",
		}, func() float64 { return float64(s.Stats().Missed) }),
	)
}

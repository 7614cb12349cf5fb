package main

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	configs "github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/naming"
)

// newMetrics is the process's Prometheus registry: Go and process metrics,
// the registry's size, and whatever the stages register on it.
func newMetrics(reg *naming.Registry, cfg *configs.Service) *prometheus.Registry {
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
	)
	return m
}

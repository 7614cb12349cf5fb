package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/causeway-dev/causeway/registry/cluster"
)

// clusterCollector reports this node's view of its cluster. Each node's
// /metrics speaks for its own process: the members it sees, whether its
// store answers it, and its id, which is known only once it has joined
// (so it is read at each scrape rather than fixed at registration).
type clusterCollector struct {
	c         *cluster.Cluster
	members   *prometheus.Desc
	reachable *prometheus.Desc
	info      *prometheus.Desc
}

func newClusterCollector(c *cluster.Cluster) *clusterCollector {
	return &clusterCollector{c: c,
		members: prometheus.NewDesc("causeway_cluster_members",
			"Live members of the cluster as this node sees them (its own record included).", nil, nil),
		reachable: prometheus.NewDesc("causeway_store_reachable",
			"1 when the store answered this node's quorum read in the last 3 s, else 0 (then /readyz fails).", nil, nil),
		info: prometheus.NewDesc("causeway_node_info",
			"Always 1: this node's id (its HTTP address) and version, once it has joined.", []string{"node", "version"}, nil),
	}
}

func (cc *clusterCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- cc.members
	ch <- cc.reachable
	ch <- cc.info
}

func (cc *clusterCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(cc.members, prometheus.GaugeValue, float64(len(cc.c.Members())))
	reachable := 0.0
	if cc.c.Reachable() {
		reachable = 1
	}
	ch <- prometheus.MustNewConstMetric(cc.reachable, prometheus.GaugeValue, reachable)
	if self := cc.c.Self(); self.ID != "" {
		ch <- prometheus.MustNewConstMetric(cc.info, prometheus.GaugeValue, 1, self.ID, self.Version)
	}
}
